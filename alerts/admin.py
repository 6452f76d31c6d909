from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alerts.models import (
    Alert,
    AlertAttachment,
    AlertMessage,
    AlertTransition,
    ProposedResponse,
    TraineeLink,
)


class ProposedResponseInline(admin.TabularInline):
    model = ProposedResponse
    extra = 0


class AlertAttachmentInline(admin.TabularInline):
    model = AlertAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # type: ignore[assignment]  # plain names, no groups


@admin.register(Alert)
class AlertAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "organisation",
        "origin",
        "severity",
        "status",
        "created_at",
        "ack_due_on",
        "outcome",
    ]
    list_filter = ["status", "category", "origin", "severity", "outcome"]
    search_fields = ["organisation__legal_name", "trainee_reference", "proposal__reference"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["proposal"]
    # statuses move through the portal's follow-up actions, which date them and tell the OF
    readonly_fields = [
        "origin",
        "status",
        "created_at",
        "created_by",
        "ack_due_on",
        "acknowledged_at",
        "acknowledged_by",
        "follow_up_at",
        "follow_up_by",
        "closed_at",
        "closed_by",
        "outcome",
        "closing_comment",
        "trainee_link",
    ]
    inlines = [ProposedResponseInline, AlertAttachmentInline]


@admin.register(AlertMessage)
class AlertMessageAdmin(SimpleHistoryAdmin):
    list_display = ["alert", "author", "internal", "created_at"]
    list_filter = ["internal"]


@admin.register(AlertTransition)
class AlertTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["alert", "action", "from_status", "to_status", "at", "by"]
    readonly_fields = ["alert", "action", "from_status", "to_status", "at", "by"]


@admin.register(TraineeLink)
class TraineeLinkAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "created_at", "expires_on", "revoked_at"]
    raw_id_fields = ["proposal"]
    readonly_fields = ["created_by", "revoked_at", "revoked_by"]
