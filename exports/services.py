"""Asking for an export: checked at once, built by the worker."""

from django.db import transaction
from django.utils import translation

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
