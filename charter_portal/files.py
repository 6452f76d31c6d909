"""Serving an uploaded or generated file to someone who may see its record (views check that)."""

import os

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def serve_file(
    field: FieldFile | None,
    *,
    filename: str | None = None,
    content_type: str = "application/pdf",
    as_attachment: bool = False,
) -> FileResponse:
    """The file behind a FileField, or a 404 if it is missing. The type is the one we checked on
    upload (or generated), never guessed again by the browser."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename or os.path.basename(field.name or ""),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
