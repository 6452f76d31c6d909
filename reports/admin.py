"""The reports in the Django admin: snapshots are read-only (regenerating makes a new version,
from the portal's screens); only the comments and the minutes are completed there, as on the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import AnnualReport, AnnualReportRequest, DialogueMeeting, InterimReview

SNAPSHOT_FIELDS = [
    "organisation",
    "departement",
    "period_start",
    "period_end",
    "version",
    "generated_at",
    "generated_by",
    "figures",
    "workbook",
    "csv_file",
]


class SnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "period_start", "period_end", "version", "generated_at"]
    list_filter = ["departement"]
    search_fields = ["organisation__legal_name", "organisation__siret"]
    readonly_fields = SNAPSHOT_FIELDS
    date_hierarchy = "generated_at"

    def has_add_permission(self, request):
        return False  # generated from the portal's screens, never typed in

    def has_delete_permission(self, request, obj=None):
        return False  # a dated snapshot is kept


@admin.register(InterimReview)
class InterimReviewAdmin(SnapshotAdmin):
    fields = [*SNAPSHOT_FIELDS, "comments"]


@admin.register(AnnualReport)
class AnnualReportAdmin(SnapshotAdmin):
    fields = SNAPSHOT_FIELDS


@admin.register(DialogueMeeting)
class DialogueMeetingAdmin(SnapshotAdmin):
    list_display = ["__str__", "held_on", "period_start", "period_end", "version"]
    fields = [
        "held_on",
        *SNAPSHOT_FIELDS,
        "participants",
        "individualisation_notes",
        "levers_notes",
        "decisions",
        "actions",
    ]
    readonly_fields = ["held_on", *SNAPSHOT_FIELDS]


@admin.register(AnnualReportRequest)
class AnnualReportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "period_start", "period_end", "requested_at", "status"]
    list_filter = ["status"]
    search_fields = ["organisation__legal_name", "organisation__siret"]
    fields = [
        "organisation",
        "period_start",
        "period_end",
        "message",
        "requested_by",
        "requested_at",
        "status",
        "report",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # an organisation asks from its dashboard

    def has_delete_permission(self, request, obj=None):
        return False
