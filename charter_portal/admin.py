from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from charter_portal.models import OutboxEmail, ServiceLevels

if TYPE_CHECKING:
    _OutboxEmailModelAdmin = admin.ModelAdmin[OutboxEmail]
else:  # ModelAdmin is generic only in the stubs
    _OutboxEmailModelAdmin = admin.ModelAdmin


@admin.register(ServiceLevels)
class ServiceLevelsAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped library
    list_display = [
        "__str__",
        "feedback_target_days",
        "dialogue_overdue_days",
        "alert_ack_working_days",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ServiceLevels.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(_OutboxEmailModelAdmin):
    """Emails not yet sent stay here with their last error until the worker sends them."""

    list_display = ["subject", "recipients", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    actions = ["send_again"]

    @admin.display(description=_("destinataires"))
    def recipients(self, obj: OutboxEmail) -> str:
        return ", ".join(obj.to)

    @admin.action(description=_("Renvoyer maintenant les emails sélectionnés non envoyés"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        from charter_portal.tasks import send_outbox_email

        pending = list(
            queryset.filter(status=OutboxEmail.Status.PENDING).values_list("pk", flat=True)
        )
        # due now: the task leaves an email whose next attempt is still to come to its retry
        OutboxEmail.objects.filter(pk__in=pending).update(next_attempt_at=None)
        for pk in pending:
            send_outbox_email.enqueue(pk)
        self.message_user(
            request,
            ngettext("%d email remis à la file.", "%d emails remis à la file.", len(pending))
            % len(pending),
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxEmail | None = None) -> bool:
        return False
