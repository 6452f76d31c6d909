"""API v1: commission sessions, decisions (C5) and refusal dialogues (C6).

- /commission-sessions/: staff read; path analysts (and administrators) create and update;
  `POST …/{id}/proposals/{proposal_id}/` puts a proposal on the session's list. OF members see no session.
- /proposals/{id}/decision/: GET the proposal's decisions (staff, and the organisation's
  members); POST records the commission's decision (path analysts, administrators).
- /refusal-dialogues/: staff and the organisation's members read; `POST …/{id}/steps/` records
  the next step of the charter (contact, reason, expectations, then the outcome that closes it).
"""

from copy import copy

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from charter_portal import roles
from charter_portal.api import NullWhenBlankChoiceField, ScopedModelViewSet, ScopedViewSetMixin
from charter_portal.dates import validate_plausible_date
from paths import commission
from paths.models import (
    CommissionDecision,
    CommissionSession,
    ContactChannel,
    DecisionReason,
    DialogueOutcome,
    Feedback,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)

# ---------------------------------------------------------------- serializers


class LeverSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    explanation = serializers.CharField()


class AgendaItemSerializer(serializers.ModelSerializer):
    """A proposal on a session's list, with what the commission weighs (C5)."""

    organisation_name = serializers.CharField(source="organisation.display_name")
    is_concerted = serializers.BooleanField(source="concerted")
    levers = LeverSummarySerializer(many=True, source="levers.all")
    latest_feedback = serializers.SerializerMethodField()

    class Meta:
        model = PathProposal
        fields = [
            "id",
            "reference",
            "organisation",
            "organisation_name",
            "target_job",
            "is_concerted",
            "concerted_on",
            "levers",
            "latest_feedback",
        ]

    def get_latest_feedback(self, proposal) -> str | None:
        feedbacks = proposal.feedbacks_latest_first
        return feedbacks[0].text if feedbacks else None


class DecisionSerializer(serializers.ModelSerializer):
    """A decision as recorded; `outcome`, `reason` and `comment` are what a POST sends."""

    proposal_reference = serializers.CharField(source="proposal.reference", read_only=True)
    session_held_on = serializers.DateField(source="session.held_on", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by", read_only=True)
    dialogue = serializers.SerializerMethodField()

    class Meta:
        model = CommissionDecision
        fields = [
            "id",
            "proposal",
            "proposal_reference",
            "session",
            "session_held_on",
            "outcome",
            "reason",
            "comment",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "dialogue",
        ]
        read_only_fields = ["proposal", "session", "decided_by", "decided_at"]
        extra_kwargs = {
            "reason": {
                "help_text": "Obligatoire pour un refus (refused) ; possible pour un ajournement."
            },
            "comment": {"help_text": "Communiqué à l'organisme avec la décision."},
        }

    def get_dialogue(self, decision) -> int | None:
        """The refusal dialogue this decision opened, if any."""
        dialogue = getattr(decision, "dialogue", None)
        return dialogue.pk if dialogue else None


class CommissionSessionSerializer(serializers.ModelSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CommissionSession
        fields = ["id", "held_on", "title", "notes", "agenda", "decisions"]

    def validate(self, attrs):
        instance = copy(self.instance) if self.instance else CommissionSession()
        for key, value in attrs.items():
            setattr(instance, key, value)
        instance.full_clean()  # its errors name the field (a session's date is unique)
        return attrs


class DialogueStepSerializer(serializers.Serializer):
    """One step of the dialogue; send the fields of that step only."""

    step = serializers.ChoiceField(choices=commission.STEPS)
    contacted_on = serializers.DateField(required=False, validators=[validate_plausible_date])
    contact_channel = serializers.ChoiceField(choices=ContactChannel.choices, required=False)
    contacted_by = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        help_text="Par défaut : la personne qui appelle l'API.",
    )
    contact_person = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Par défaut : le contact dossiers de l'organisme.",
    )
    reason_stated_on = serializers.DateField(required=False, validators=[validate_plausible_date])
    reason_statement = serializers.CharField(required=False, allow_blank=True)
    expectations_shared_on = serializers.DateField(
        required=False, validators=[validate_plausible_date]
    )
    expectations = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=[DialogueOutcome.NEW_PROPOSAL, DialogueOutcome.ABANDONED], required=False
    )
    new_proposal = serializers.IntegerField(
        required=False, allow_null=True, help_text="Pour new_proposal : la proposition qui suit."
    )


class RefusalDialogueSerializer(serializers.ModelSerializer):
    proposal_reference = serializers.CharField(source="proposal.reference", read_only=True)
    organisation = serializers.IntegerField(source="proposal.organisation_id", read_only=True)
    reason = NullWhenBlankChoiceField(source="decision.reason", choices=DecisionReason.choices)
    contact_channel = NullWhenBlankChoiceField(
        choices=ContactChannel.choices, help_text="null tant que le contact n'est pas noté."
    )
    overdue = serializers.BooleanField(read_only=True)
    next_step = serializers.SerializerMethodField()
    steps_done = serializers.SerializerMethodField()
    contacted_by_name = serializers.CharField(
        source="contacted_by", read_only=True, allow_null=True
    )

    class Meta:
        model = RefusalDialogue
        fields = [
            "id",
            "proposal",
            "proposal_reference",
            "organisation",
            "decision",
            "reason",
            "opened_at",
            "overdue",
            "next_step",
            "steps_done",
            "contacted_on",
            "contact_channel",
            "contacted_by",
            "contacted_by_name",
            "contact_person",
            "reason_stated_on",
            "reason_statement",
            "expectations_shared_on",
            "expectations",
            "outcome",
            "new_proposal",
            "closed_at",
            "is_complete",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "string",
            "nullable": True,
            "description": "contact, reason, expectations, outcome ; null une fois clos.",
        }
    )
    def get_next_step(self, dialogue):
        return commission.next_step(dialogue)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {name: {"type": "boolean"} for name in commission.STEPS[:-1]},
        }
    )
    def get_steps_done(self, dialogue):
        return dialogue.steps_done


# ---------------------------------------------------------------- views


def _agenda_prefetch():
    return Prefetch(
        "proposals",
        queryset=PathProposal.objects.filter(status=ProposalStatus.AT_COMMISSION)
        .with_facts()
        .select_related("organisation")
        .prefetch_related(
            "levers",
            Prefetch(
                "feedbacks",
                queryset=Feedback.objects.order_by("-created_at", "-pk"),
                to_attr="feedbacks_latest_first",
            ),
        )
        .order_by("reference"),
        to_attr="agenda",
    )


def _decisions():
    return CommissionDecision.objects.select_related(
        "proposal", "session", "decided_by", "dialogue"
    ).order_by("decided_at", "pk")


class CommissionSessionViewSet(ScopedModelViewSet):
    """Commission sessions and their list. Staff read; path analysts create, update and put
    proposals on the list. OF members see no session (the list is empty, a session is a 404)."""

    serializer_class = CommissionSessionSerializer
    staff_write_permission = "paths.change_commissionsession"
    staff_create_permission = "paths.add_commissionsession"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if not roles.is_staff_member(self.request.user):
            return CommissionSession.objects.none()
        return CommissionSession.objects.prefetch_related(
            _agenda_prefetch(), Prefetch("decisions", queryset=_decisions())
        ).order_by("-held_on")

    def perform_create(self, serializer):
        session = commission.save_session(
            CommissionSession(**serializer.validated_data), self.request.user
        )
        serializer.instance = self.get_queryset().get(pk=session.pk)

    def perform_update(self, serializer):
        for key, value in serializer.validated_data.items():
            setattr(serializer.instance, key, value)
        commission.save_session(serializer.instance, self.request.user)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        request=None,
        responses=CommissionSessionSerializer,
        parameters=[
            OpenApiParameter(
                "proposal_pk",
                int,
                OpenApiParameter.PATH,
                description="La proposition à inscrire.",
            )
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"proposals/(?P<proposal_pk>[0-9]+)",
        url_name="schedule",
    )
    def schedule(self, request, pk=None, proposal_pk=None):
        """Put a proposal that received feedback (or that a commission postponed) on the list."""
        session = self.get_object()
        proposal = get_object_or_404(PathProposal.objects.visible_to(request.user), pk=proposal_pk)
        commission.schedule(proposal.pk, session.pk, request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)


class ProposalDecisionView(APIView):
    """The commission's decisions on a proposal.

    GET lists them, oldest first (a postponement, then the final decision). POST records the
    decision on a proposal at commission: `outcome` (accepted, accepted_with_adjustments,
    refused, postponed), `reason` (required for refused), `comment` (sent to the organisation).
    A refusal for `incoherent_path` opens a refusal dialogue (its id is in `dialogue`).
    """

    action = "decision"  # read by PortalPermission, like a viewset's action
    staff_write_permission = "paths.add_commissiondecision"

    def _proposal(self, request, pk):
        return get_object_or_404(PathProposal.objects.visible_to(request.user), pk=pk)

    @extend_schema(responses=DecisionSerializer(many=True), operation_id="proposals_decision_list")
    def get(self, request, pk):
        proposal = self._proposal(request, pk)
        decisions = _decisions().filter(proposal=proposal)
        return Response(DecisionSerializer(decisions, many=True).data)

    @extend_schema(
        request=DecisionSerializer,
        responses={
            201: DecisionSerializer,
            400: OpenApiResponse(description="Erreur nommant le champ"),
        },
        operation_id="proposals_decision_create",
    )
    def post(self, request, pk):
        proposal = self._proposal(request, pk)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = commission.record_decision(proposal.pk, request.user, **data.validated_data)
        return Response(
            DecisionSerializer(_decisions().get(pk=decision.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RefusalDialogueFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=DialogueOutcome.choices)
    overdue = django_filters.BooleanFilter(field_name="overdue")

    class Meta:
        model = RefusalDialogue
        fields = ["outcome", "overdue"]


class RefusalDialogueViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Refusal dialogues (C6), overdue ones first. Staff and the organisation's members read;
    path analysts record the steps with `POST …/{id}/steps/`."""

    queryset_base = RefusalDialogue.objects
    serializer_class = RefusalDialogueSerializer
    filterset_class = RefusalDialogueFilter
    staff_write_permission = "paths.change_refusaldialogue"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RefusalDialogue.objects.none()
        return commission.with_overdue(super().get_queryset()).select_related(
            "proposal", "decision", "contacted_by"
        )

    @extend_schema(request=DialogueStepSerializer, responses=RefusalDialogueSerializer)
    @action(detail=True, methods=["post"], url_name="steps")
    def steps(self, request, pk=None):
        """Record a step, in the charter's order: `contact` (contacted_on, contact_channel,
        contacted_by, contact_person), `reason` (reason_stated_on, reason_statement),
        `expectations` (expectations_shared_on, expectations), then `outcome` (new_proposal with
        `new_proposal`, or abandoned), which closes the dialogue. A step out of order is a 400."""
        dialogue = self.get_object()
        data = DialogueStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        step = fields.pop("step")
        commission.record_step(dialogue.pk, step, request.user, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=dialogue.pk)).data)


# (prefix, viewset, basename) under /api/v1/, registered by charter_portal/urls.py
ROUTES = [
    ("commission-sessions", CommissionSessionViewSet, "commission-session"),
    ("refusal-dialogues", RefusalDialogueViewSet, "refusal-dialogue"),
]
# placed before the router's routes: resolves before the proposals viewset's own URLs
urlpatterns = [
    path("proposals/<int:pk>/decision/", ProposalDecisionView.as_view(), name="proposal-decision"),
]
