"""What each kind of export calls: the portal's own export views, as black boxes.

The worker replays the request the person would have made (same user, same query) against the
view that serves the file synchronously, so the file has exactly the same content and the same
permissions as a direct download; those views may change their insides freely.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.urls import resolve, reverse
from rest_framework import exceptions

from charter_portal import progress, roles
from exports.models import ExportKind

URL_NAMES: dict[str, str] = {
    ExportKind.INDICATORS_XLSX: "api:indicators-export-xlsx",
    ExportKind.INDICATORS_CSV: "api:indicators-export-csv",
    ExportKind.REVIEW_QUEUE_CSV: "paths:proposal_queue_csv",
    ExportKind.ALERT_QUEUE_CSV: "alerts:alert_export",
}


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        elif value not in (None, ""):
            query[key] = str(value)
    return query


def check(kind: str, params: dict, user) -> None:
    """Refuse at once what the person may not export: the same answers as the direct download
    (another organisation is a 404, a bad period is a 400 naming the field)."""
    if kind in (ExportKind.INDICATORS_XLSX, ExportKind.INDICATORS_CSV):
        from reports.api import MayReadIndicators
        from reports.api import resolve as resolve_scope

        request = SimpleNamespace(query_params=_query(params), user=user)
        if not MayReadIndicators().has_permission(request, None):
            raise Http404
        resolve_scope(request)
    elif kind == ExportKind.REVIEW_QUEUE_CSV:
        if not roles.is_staff_member(user):
            raise Http404
    elif kind == ExportKind.ALERT_QUEUE_CSV:
        if not roles.is_staff_member(user):
            raise Http404
        if not roles.may_see_alerts(user):  # C8: the one rule, as the queue page's rows
            raise PermissionDenied


def build(kind: str, params: dict, user, on_progress=None) -> tuple[bytes, str, str]:
    """Run the export view for this user and query: (content, filename, content type).
    `on_progress(fraction)` is called as the view reports its progress (charter_portal.progress:
    per sheet of a workbook, per 500 rows of a list)."""
    path = reverse(URL_NAMES[kind])
    host = urlsplit(settings.SITE_URL).netloc or "localhost"
    request = RequestFactory().get(path, _query(params), HTTP_HOST=host)
    request.user = user
    request.session = SessionBase()  # empty, stored nowhere
    # Django's own flag (the test client sets it too), absent from the stubs
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    match = resolve(path)
    with progress.reporting(on_progress):
        response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise exceptions.APIException(f"export view answered {response.status_code}")
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        # not response.close(): it would signal request_finished and close the DB connection
        stream = getattr(response, "file_to_stream", None)
        if stream is not None:
            stream.close()
    else:
        content = response.content
    disposition = response.get("Content-Disposition", "")
    filename = disposition.split("filename=")[-1].strip('"') if "filename=" in disposition else ""
    return content, filename or f"{kind}.bin", response.get("Content-Type", "")
