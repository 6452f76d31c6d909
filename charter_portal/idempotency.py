"""Retried API writes are harmless: a POST carrying an `Idempotency-Key` header is answered once,
and a retry with the same key gets the same answer instead of filing twice (like pretix)."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal.models import IdempotencyRecord

API_PREFIX = "/api/v1/"
KEEP_FOR = timedelta(days=1)


def _scope(request: HttpRequest) -> str | None:
    """Who is asking, without storing their credentials: a hash of the token or the session."""
    credentials = request.headers.get("Authorization") or request.COOKIES.get("sessionid")
    if not credentials:
        return None
    return hashlib.sha256(credentials.encode()).hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        scope = _scope(request)
        if scope is None:
            return self.get_response(request)
        body_hash = hashlib.sha256(request.body).hexdigest()
        IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
        previous = IdempotencyRecord.objects.filter(scope=scope, key=key[:200]).first()
        if previous is not None:
            if previous.body_hash != body_hash or previous.path != request.path:
                return JsonResponse(
                    {"detail": _("Cette clé d'idempotence a déjà servi pour une autre requête.")},
                    status=422,
                )
            replay = HttpResponse(
                bytes(previous.content),
                status=previous.status_code,
                content_type=previous.content_type,
            )
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = self.get_response(request)
        if response.status_code < 500 and isinstance(response, HttpResponse):  # not streamed
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        scope=scope,
                        key=key[:200],
                        method=request.method,
                        path=request.path[:500],
                        body_hash=body_hash,
                        status_code=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        content=response.content,
                    )
            except IntegrityError:
                pass  # a concurrent retry stored its answer first
        return response
