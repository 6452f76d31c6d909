"""The Django admin of the paths app, for administrators: the funding rules and SMIC values they
maintain, and every proposal record with its history.

Proposals are filed by OFs and moved along by the portal's screens (which check the workflow and
send the emails): here their status, reference and dates are read-only, and none is added.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from paths.models import (
    CommissionDecision,
    CommissionSession,
    Feedback,
    FundingRuleSet,
    Lever,
    Message,
    PathModule,
    PathProposal,
    PendingUpload,
    ProposalAttachment,
    ProposalTransition,
    RefusalDialogue,
    SmicRate,
)

# ReferenceSequence is left out on purpose: lowering a counter would give a number twice.


@admin.register(FundingRuleSet)
class FundingRuleSetAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "valid_from",
        "valid_until",
        "pedagogic_total_cap_ht",
        "pedagogic_hourly_cap_ht",
        "company_hours_share_percent",
    ]


@admin.register(SmicRate)
class SmicRateAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "monthly_gross", "source"]


class LeverInline(admin.TabularInline):
    model = Lever
    extra = 0


class PathModuleInline(admin.TabularInline):
    model = PathModule
    extra = 0


class ProposalAttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(PathProposal)
class PathProposalAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "organisation",
        "target_job",
        "status",
        "submitted_at",
        "first_feedback_at",
    ]
    list_filter = ["status", "schedule"]
    search_fields = ["reference", "target_job", "organisation__legal_name"]
    readonly_fields = [
        "reference",
        "status",
        "created_by",
        "submitted_at",
        "first_feedback_at",
        "decided_at",
        "commission_session",
        "previous_proposal",
    ]
    inlines = [LeverInline, PathModuleInline, ProposalAttachmentInline]

    def has_add_permission(self, request):
        return False


@admin.register(Lever)
class LeverAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "code"]
    list_filter = ["code"]


@admin.register(PathModule)
class PathModuleAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "name", "hours", "modality", "cost_ht"]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "kind", "uploaded_at"]


@admin.register(ProposalTransition)
class ProposalTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "action", "from_status", "to_status", "at", "by"]
    list_filter = ["action"]

    # the dated trail response times are computed from: never typed in
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "author", "created_at"]
    readonly_fields = ["funding_check"]


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "author", "internal", "created_at"]
    list_filter = ["internal"]


@admin.register(CommissionSession)
class CommissionSessionAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "title"]


@admin.register(CommissionDecision)
class CommissionDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "session", "outcome", "reason", "decided_at"]
    list_filter = ["outcome", "reason"]


@admin.register(RefusalDialogue)
class RefusalDialogueAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "opened_at", "outcome", "closed_at"]
    list_filter = ["outcome"]


@admin.register(PendingUpload)
class PendingUploadAdmin(SimpleHistoryAdmin):
    """Files kept after a proposal form with errors, until the proposal is saved."""

    list_display = ["user", "proposal", "kind", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["user", "proposal", "kind", "created_at"]
