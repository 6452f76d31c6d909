from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from charter_portal.models import ServiceLevels


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
