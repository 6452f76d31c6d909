"""Retried API writes are harmless: a POST carrying an `Idempotency-Key` header is answered once,
and a retry with the same key gets the same answer instead of filing twice (like pretix).

The key is claimed before the work is done: a row unique on (user, key) is inserted first, in its
own transaction. A concurrent duplicate therefore finds the claim; it waits a few seconds for the
first answer and replays it, or gets a 409 `in_progress`. Only answers that a retry should get
again are kept: never a server error (5xx), nor a refusal that may change on retry (401, 403,
409, 429…); those release the claim so that the retry runs.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeGuard

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from charter_portal.models import IdempotencyRecord

API_PREFIX = "/api/v1/"
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
KEEP_FOR = timedelta(days=1)
# a claim still unanswered after this long belongs to a request that died: a retry takes it over
STALE_AFTER = timedelta(minutes=5)
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05
# answers that say "try again later" or depend on credentials: a retry must run, not replay them
NOT_KEPT = {401, 403, 408, 409, 423, 425, 429}


def _user_id(request: HttpRequest) -> int | None:
    """The user the API will authenticate (token or session), or None: then no key applies and
    the view answers the anonymous request itself."""
    words = request.headers.get("Authorization", "").split()
    if words:
        if len(words) != 2 or words[0].lower() != "token":
            return None
        return (
            Token.objects.filter(key=words[1], user__is_active=True)
            .values_list("user_id", flat=True)
            .first()
        )
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _keepable(response: HttpResponseBase) -> TypeGuard[HttpResponse]:
    return (
        response.status_code < 500
        and response.status_code not in NOT_KEPT
        and isinstance(response, HttpResponse)  # not streamed
    )


def _claim(
    user_id: int, key: str, method: str, path: str, body_hash: str
) -> tuple[IdempotencyRecord | None, bool]:
    """(record, True) when this request now owns the key; (existing record or None, False)."""
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user_id=user_id, key=key, method=method, path=path, body_hash=body_hash
            )
        return record, True
    except IntegrityError:
        return IdempotencyRecord.objects.filter(user_id=user_id, key=key).first(), False


def _take_over_if_stale(record: IdempotencyRecord) -> bool:
    """Take a claim unanswered for `STALE_AFTER`: its `created_at` becomes now, which is also
    how the request that held it (if it was only slow, not dead) learns it no longer owns it."""
    if record.created_at >= timezone.now() - STALE_AFTER:
        return False
    now = timezone.now()
    taken = IdempotencyRecord.objects.filter(
        pk=record.pk, status_code__isnull=True, created_at=record.created_at
    ).update(created_at=now)
    record.created_at = now
    return taken == 1


def _replay(record: IdempotencyRecord) -> HttpResponse:
    replay = HttpResponse(
        bytes(record.content), status=record.status_code, content_type=record.content_type
    )
    replay["Idempotent-Replayed"] = "true"
    return replay


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return JsonResponse(
                {
                    HEADER: [
                        _("La clé d'idempotence ne doit pas dépasser %(max)s caractères.")
                        % {"max": MAX_KEY_LENGTH}
                    ]
                },
                status=400,
            )
        user_id = _user_id(request)
        if user_id is None:
            return self.get_response(request)
        path = request.path[:500]
        body_hash = hashlib.sha256(request.body).hexdigest()
        IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()

        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            record, claimed = _claim(user_id, key, request.method, path, body_hash)
            if record is None:
                continue  # the first request gave its claim back between our two queries
            if claimed:
                break
            if record.body_hash != body_hash or record.path != path:
                return JsonResponse(
                    {
                        "code": "key_reused",
                        "detail": _("Cette clé d'idempotence a déjà servi pour une autre requête."),
                    },
                    status=422,
                )
            if not record.in_progress:
                return _replay(record)
            if _take_over_if_stale(record):
                break
            if time.monotonic() >= deadline:
                busy = JsonResponse(
                    {
                        "code": "in_progress",
                        "detail": _(
                            "Une requête avec cette clé d'idempotence est en cours de traitement : "
                            "réessayez dans un instant."
                        ),
                    },
                    status=409,
                )
                busy["Retry-After"] = "1"
                return busy
            time.sleep(POLL_SECONDS)

        # the claim as this request holds it: once taken over, its answer is no longer the key's
        mine = IdempotencyRecord.objects.filter(
            pk=record.pk, status_code__isnull=True, created_at=record.created_at
        )
        try:
            response = self.get_response(request)
        except BaseException:
            mine.delete()
            raise
        if _keepable(response):
            mine.update(
                status_code=response.status_code,
                content_type=response.get("Content-Type", "application/json"),
                content=response.content,
            )
        else:
            mine.delete()
        return response
