"""Asking for an export: checked at once, built by the worker."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import translation
from rest_framework.exceptions import APIException

from exports import builders
from exports.models import Export
from exports.tasks import build_export


def request_export(user, kind: str, params: dict) -> Export:
    """Check that this person may export this data (404/403/400 as the direct download would
    answer), store the export as pending and queue its building."""
    builders.check(kind, params, user)
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=user,
            kind=kind,
            params=params,
            language=translation.get_language() or "fr",
        )
        build_export.enqueue(export.pk)
    export.refresh_from_db()
    return export


def may_download(export: Export, user) -> bool:
    """Its file is ready, within its 48 hours, and its owner may still export what it holds:
    someone who has since left the organisation, or the role, it was asked under gets a 404, as a
    new request would (the same check as `request_export`)."""
    if not export.is_downloadable:
        return False
    try:
        builders.check(export.kind, export.params, user)
    except (Http404, PermissionDenied, APIException):
        return False
    return True
