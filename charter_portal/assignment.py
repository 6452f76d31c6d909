"""Who follows a record at Transitions Pro, and when each user last opened it: the same for
proposals and alerts, written once. Each app gives its table, its permission and its words
(`paths/services.py`, `alerts/services.py`); the records keep their own tables."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from charter_portal import roles
from charter_portal.history import save_with_history
from charter_portal.people import AssignForm, colleagues, label


def assign(
    model: type[models.Model], pk: int, user: Any, assignee: Any, *, perm: str, not_a_colleague: Any
) -> Any:
    """Give the record to a colleague holding `perm` (or to the acting user: « je m'en occupe »);
    `assignee=None` leaves it unassigned. Only staff holding `perm` may; the change is in the
    history with who made it."""
    if not (roles.is_staff_member(user) and user.has_perm(perm)):
        raise PermissionDenied
    if assignee is not None and not colleagues(perm).filter(pk=assignee.pk).exists():
        raise ValidationError({"assigned_to": not_a_colleague})
    with transaction.atomic():
        record: Any = model._default_manager.select_for_update().get(pk=pk)
        record.assigned_to = assignee
        save_with_history(
            record, user, "assign", validate=False, update_fields=["assigned_to", "updated_at"]
        )
    return record


def record_visit(
    visits: type[models.Model], field: str, record: models.Model, user: Any
) -> datetime | None:
    """Remember when this user last opened the record (`visits` holds one row per user and
    record, its foreign key named `field`); returns the previous visit's time (None the first
    time), so the page can mark what changed since. Anonymous visitors leave no mark."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine: dict[str, Any] = {"user": user, field: record}
    now = timezone.now()
    # one read of the mark, locked, gives the previous time and the row to move on
    with transaction.atomic():
        visit, created = visits._default_manager.select_for_update().get_or_create(
            defaults={"seen_at": now}, **mine
        )
        if created:
            return None
        previous: datetime = visit.seen_at  # type: ignore[attr-defined]
        visit.seen_at = now  # type: ignore[attr-defined]
        visit.save(update_fields=["seen_at"])
    return previous


def assign_from_page(
    request: HttpRequest,
    record: models.Model,
    *,
    perm: str,
    assign: Callable[[int, Any, Any], Any],
    done: str,
    nobody: str,
    to: str,
    page: Callable[[AssignForm], HttpResponse],
) -> HttpResponse:
    """The record page's assignment form, posted: « Je m'en occupe » (`take`), or a colleague
    (or nobody). Done: a message (`done` names the assignee as %(name)s) and back to the record's
    page `to`; refused: `page(form)` shows the page again with the error next to the field."""
    form = AssignForm(request.POST, perm=perm)
    if form.is_valid():
        assignee: Any = (
            request.user if request.POST.get("take") else form.cleaned_data["assigned_to"]
        )
        try:
            assign(record.pk, request.user, assignee)
        except ValidationError as exc:
            form.add_error(None, exc)  # the service names `assigned_to`, the form's one field
        else:
            messages.success(request, done % {"name": label(assignee)} if assignee else nobody)
            return redirect(to)
    return page(form)
