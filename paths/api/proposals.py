"""API v1: path proposals (see paths/api/__init__.py).

- /proposals/: OF members list and read their organisations' proposals, create drafts (levers and
  modules nested in the JSON) and update them while they are drafts or being revised after
  feedback; staff read every proposal. Another organisation's proposal is a 404.
- POST …/{id}/submit/, …/revise/, …/withdraw/ (OF members); …/start-review/ and …/feedback/
  (path analysts, administrators). An action the status does not allow is a 400 in French.
- …/{id}/messages/: the thread (GET, POST); staff-only internal notes are hidden from the OF
  and cannot be written by it. …/{id}/attachments/: the proposal's PDFs (GET, POST multipart).
"""

import os
from typing import TYPE_CHECKING

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from charter_portal.api import (
    CachedFieldsMixin,
    PrefetchedListSerializer,
    ScopedModelViewSet,
    reverse_per_row,
)
from charter_portal.files import serve_file
from charter_portal.people import filter_assigned, label
from organisms.models import Organisation
from organisms.validators import validate_pdf
from paths import services, workflow
from paths.models import (
    CommissionDecision,
    Feedback,
    Lever,
    LeverCode,
    Message,
    PathModule,
    PathProposal,
    ProposalAttachment,
    ProposalStatus,
)

NEGATIVE = _("La valeur ne peut pas être négative.")
ERROR = OpenApiResponse(description="Erreur en français, nommant le champ en cause")

if TYPE_CHECKING:
    import accounts.models


def _choice_schema(choices, description=""):
    """An inline enum, so fields named alike in other apps never collide in the schema."""
    return {
        "type": "string",
        "enum": [value for value, _label in choices],
        "description": description,
    }


@extend_schema_field(
    _choice_schema(
        LeverCode.choices,
        "adjustment (durée ajustée après positionnement), modularisation, multimodality, "
        "hybrid, innovation (innovation pédagogique), digital, other",
    )
)
class LeverCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=LeverCode.choices, **kwargs)


@extend_schema_field(_choice_schema(ProposalStatus.choices))
class ProposalStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ProposalStatus.choices, **kwargs)


class ProposalLeverSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    code = LeverCodeField()

    class Meta:
        model = Lever
        list_serializer_class = PrefetchedListSerializer
        fields = ["code", "explanation"]


def _not_negative(*names):
    """The model's own message for negative figures (DRF would word it its own way)."""
    return {name: {"error_messages": {"min_value": NEGATIVE}} for name in names}


class ProposalModuleSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = PathModule
        list_serializer_class = PrefetchedListSerializer
        fields = ["name", "hours", "modality", "cost_ht"]
        extra_kwargs = _not_negative("hours", "cost_ht")


class ProposalAttachmentSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, validators=[validate_pdf])
    filename = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ProposalAttachment
        list_serializer_class = PrefetchedListSerializer
        fields = ["id", "kind", "file", "filename", "uploaded_at", "download_url"]
        read_only_fields = ["uploaded_at"]

    def get_filename(self, attachment) -> str:
        return os.path.basename(attachment.file.name)

    def get_download_url(self, attachment) -> str:
        return reverse_per_row(
            self, "api:proposal-attachment", attachment.proposal_id, attachment.pk
        )


class ProposalFeedbackSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField(
        help_text="« Prénom Nom (rôle) » : jamais l'adresse e-mail."
    )

    def get_author_name(self, item) -> str:
        return label(item.author)

    funding_check = serializers.JSONField(
        read_only=True,
        help_text="La vérification du financement telle que calculée au moment du retour "
        "(même contrat que POST /api/v1/funding-check/).",
    )

    class Meta:
        model = Feedback
        list_serializer_class = PrefetchedListSerializer
        fields = ["id", "author_name", "text", "cofunding_leads", "funding_check", "created_at"]
        read_only_fields = fields


class FeedbackInputSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="Le retour sur le parcours et l'ingénierie financière.")
    cofunding_leads = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalDecisionSummarySerializer(CachedFieldsMixin, serializers.ModelSerializer):
    """The commission's decisions, read-only here (recorded through …/{id}/decision/)."""

    outcome = serializers.CharField(
        read_only=True, help_text="accepted, accepted_with_adjustments, refused ou postponed"
    )
    reason = serializers.CharField(
        read_only=True, help_text="Le motif (code) ; vide si aucun, voir …/{id}/decision/."
    )
    session_held_on = serializers.DateField(source="session.held_on", read_only=True)
    letter_url = serializers.SerializerMethodField(
        help_text="La lettre de décision (PDF) à télécharger."
    )

    class Meta:
        model = CommissionDecision
        list_serializer_class = PrefetchedListSerializer
        fields = ["outcome", "reason", "comment", "session_held_on", "decided_at", "letter_url"]
        read_only_fields = fields

    def get_letter_url(self, decision) -> str:
        return reverse_per_row(self, "paths:decision_letter", decision.proposal_id, decision.pk)


class ProposalMessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField(
        help_text="« Prénom Nom (rôle) » : jamais l'adresse e-mail."
    )

    def get_author_name(self, item) -> str:
        return label(item.author)

    attachment = serializers.FileField(
        write_only=True, required=False, validators=[validate_pdf], help_text="Un PDF (facultatif)."
    )
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "author_name",
            "body",
            "internal",
            "attachment",
            "attachment_url",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {
            "internal": {
                "help_text": "Note interne du personnel de Transitions Pro, jamais visible par "
                "l'organisme. Un membre d'organisme ne peut pas en écrire."
            }
        }

    def get_attachment_url(self, message) -> str | None:
        if not message.attachment:
            return None
        return reverse_per_row(
            self, "api:proposal-message-attachment", message.proposal_id, message.pk
        )


class PathProposalSerializer(CachedFieldsMixin, serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Obligatoire si vous êtes membre de plusieurs organismes.",
    )
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    status = ProposalStatusField(read_only=True)
    levers = ProposalLeverSerializer(many=True, required=False)
    modules = ProposalModuleSerializer(many=True, required=False)
    attachments = ProposalAttachmentSerializer(many=True, read_only=True)
    feedbacks = ProposalFeedbackSerializer(many=True, read_only=True)
    decisions = ProposalDecisionSummarySerializer(many=True, read_only=True)
    is_concerted = serializers.BooleanField(source="concerted", read_only=True)
    hours_difference = serializers.DecimalField(
        max_digits=8, decimal_places=2, read_only=True, allow_null=True
    )
    cost_difference = serializers.DecimalField(
        max_digits=11, decimal_places=2, read_only=True, allow_null=True
    )
    allowed_actions = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    assigned_to: "serializers.PrimaryKeyRelatedField[accounts.models.User]" = (
        serializers.PrimaryKeyRelatedField(
            read_only=True,
            allow_null=True,
            help_text="Le membre du personnel qui suit la proposition (ou null).",
        )
    )
    assigned_to_name = serializers.SerializerMethodField(
        help_text="Son nom et son rôle, p. ex. « Camille Martin (Chargé(e) de projet analyse "
        "des parcours) » ; vide si personne."
    )

    class Meta:
        model = PathProposal
        fields = [
            "id",
            "reference",
            "organisation",
            "organisation_name",
            "status",
            *services.PROPOSAL_FIELDS,
            "is_concerted",
            "hours_difference",
            "cost_difference",
            "levers",
            "modules",
            "attachments",
            "submitted_at",
            "first_feedback_at",
            "decided_at",
            "commission_session",
            "feedbacks",
            "decisions",
            "allowed_actions",
            "missing",
            "assigned_to",
            "assigned_to_name",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = _not_negative(
            "centre_hours_in_person",
            "centre_hours_distance",
            "company_hours",
            "company_hours_required",
            "pedagogic_cost_ht",
            "standard_hours",
            "standard_cost_ht",
            "reference_monthly_salary",
        )
        read_only_fields = [
            "reference",
            "submitted_at",
            "first_feedback_at",
            "decided_at",
            "commission_session",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.of_own_organisations(
                request.user
            )

    def get_assigned_to_name(self, proposal) -> str:
        return label(proposal.assigned_to)

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "string"},
            "description": "Les actions que vous pouvez faire maintenant : submit, revise, "
            "withdraw (organisme) ; start_review, give_feedback, send_to_commission, decide, "
            "postpone (personnel qui en a le droit).",
        }
    )
    def get_allowed_actions(self, proposal):
        request = self.context.get("request")
        return workflow.actions_for(proposal, request.user) if request is not None else []

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Ce qui manque avant de pouvoir transmettre, par champ.",
        }
    )
    def get_missing(self, proposal):
        return services.missing_items(proposal)

    def validate_organisation(self, organisation):
        if self.instance is not None and organisation.pk != self.instance.organisation_id:
            raise serializers.ValidationError("L'organisme d'une proposition ne change pas.")
        return organisation

    def validate(self, attrs):
        if self.instance is None and "organisation" not in attrs:
            own = list(Organisation.objects.of_own_organisations(self.context["request"].user)[:2])
            if len(own) != 1:
                raise serializers.ValidationError(
                    {
                        "organisation": "Précisez l'organisme : vous êtes membre de plusieurs "
                        "organismes."
                    }
                )
            attrs["organisation"] = own[0]
        return attrs

    def create(self, validated_data):
        levers = validated_data.pop("levers", [])
        modules = validated_data.pop("modules", [])
        return services.save_proposal(
            PathProposal(**validated_data),
            self.context["request"].user,
            levers=[dict(item) for item in levers],
            modules=[dict(item) for item in modules],
        )

    def update(self, instance, validated_data):
        levers = validated_data.pop("levers", None)
        modules = validated_data.pop("modules", None)
        validated_data.pop("organisation", None)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.save_proposal(
            instance,
            self.context["request"].user,
            levers=None if levers is None else [dict(item) for item in levers],
            modules=None if modules is None else [dict(item) for item in modules],
        )


User = get_user_model()


class AssignInputSerializer(serializers.Serializer):
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        help_text="Un membre du personnel qui étudie les propositions, ou null pour personne.",
    )


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    organisation = django_filters.NumberFilter()
    lever = django_filters.ChoiceFilter(
        field_name="levers__code", choices=LeverCode.choices, distinct=True
    )
    concerted = django_filters.BooleanFilter(
        method="filter_concerted", label="Concertée avant la transmission"
    )
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    assigned = django_filters.ChoiceFilter(
        choices=[("me", "me"), ("none", "none")],
        method="filter_assigned",
        label="me : suivies par moi ; none : suivies par personne",
    )

    class Meta:
        model = PathProposal
        fields = ["status", "organisation", "lever", "concerted"]

    def filter_concerted(self, queryset, name, value):
        return queryset.concerted(value)

    def filter_assigned(self, queryset, name, value):
        return filter_assigned(queryset, self.request.user, value)


STAFF_ACTION_PERMISSIONS = {
    "start_review": "paths.change_pathproposal",
    "feedback": "paths.add_feedback",
    "messages": "paths.add_message",
    "assign": services.ASSIGN_PERMISSION,
}


class ProposalViewSet(ScopedModelViewSet):
    """Path proposals (C1–C4). OF members: their organisations' proposals only; they create
    drafts and update them while editable. Staff read all and act through the actions below."""

    queryset_base = PathProposal.objects
    serializer_class = PathProposalSerializer
    filterset_class = ProposalFilter
    search_fields = ["reference", "target_job", "certification_code"]
    ordering_fields = ["created_at", "submitted_at", "start_date", "reference"]
    of_member_actions = (
        "create",
        "update",
        "partial_update",
        "submit",
        "revise",
        "withdraw",
        "messages",
        "attachments",
    )

    @property
    def staff_write_permission(self):
        """Staff write only through their actions, each with its own permission."""
        return STAFF_ACTION_PERMISSIONS.get(self.action)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_facts()
            .select_related("organisation", "assigned_to")
            # `to_attr` lists (read by PrefetchedListSerializer and missing_items): plain lists,
            # not a related queryset built for every row and relation
            .prefetch_related(
                Prefetch("assigned_to__groups", to_attr="prefetched_groups"),
                Prefetch("levers", to_attr="prefetched_levers"),
                Prefetch("modules", to_attr="prefetched_modules"),
                Prefetch("attachments", to_attr="prefetched_attachments"),
                Prefetch(
                    "feedbacks",
                    queryset=Feedback.objects.select_related("author").prefetch_related(
                        Prefetch("author__groups", to_attr="prefetched_groups")
                    ),
                    to_attr="prefetched_feedbacks",
                ),
                Prefetch(
                    "decisions",
                    queryset=CommissionDecision.objects.select_related("session"),
                    to_attr="prefetched_decisions",
                ),
            )
            .order_by("-created_at", "-pk")
        )

    def perform_create(self, serializer):
        serializer.save()
        self._read_again(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._read_again(serializer)

    def _read_again(self, serializer):
        """The answer to a write shows the proposal as a GET would: its facts (`is_concerted`)
        computed by the database from what was just saved, its levers and modules read again."""
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _answer(self, pk, status_code=status.HTTP_200_OK):
        proposal = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(proposal).data, status=status_code)

    @extend_schema(request=None, responses={200: PathProposalSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the draft to Transitions Pro once complete (else a 400 listing what is missing,
        by field); the quality officers and the path analysts are told by email."""
        proposal = self.get_object()
        services.submit(proposal.pk, request.user)
        return self._answer(proposal.pk)

    @extend_schema(request=None, responses={200: PathProposalSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Send the proposal revised after feedback (edit it first with PATCH)."""
        proposal = self.get_object()
        services.revise(proposal.pk, request.user)
        return self._answer(proposal.pk)

    @extend_schema(request=None, responses={200: PathProposalSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the proposal (possible until it goes to the commission)."""
        proposal = self.get_object()
        services.withdraw(proposal.pk, request.user)
        return self._answer(proposal.pk)

    @extend_schema(request=None, responses={200: PathProposalSerializer, 400: ERROR})
    @action(detail=True, methods=["post"], url_path="start-review", url_name="start-review")
    def start_review(self, request, pk=None):
        """Staff: start studying a submitted or revised proposal."""
        proposal = self.get_object()
        services.start_review(proposal.pk, request.user)
        return self._answer(proposal.pk)

    @extend_schema(
        request=AssignInputSerializer, responses={200: PathProposalSerializer, 400: ERROR}
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Staff: give the proposal to a colleague who studies proposals (your own id: « je m'en
        occupe »), or to nobody with null."""
        proposal = self.get_object()
        data = AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assign(proposal.pk, request.user, data.validated_data["assigned_to"])
        return self._answer(proposal.pk)

    @extend_schema(
        request=FeedbackInputSerializer,
        responses={201: ProposalFeedbackSerializer, 400: ERROR},
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """Staff: answer the proposal; the funding check is computed now and kept with it."""
        proposal = self.get_object()
        data = FeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = services.give_feedback(proposal.pk, request.user, **data.validated_data)
        return Response(
            ProposalFeedbackSerializer(feedback, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(methods=["GET"], request=None, responses=ProposalMessageSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={
            "application/json": ProposalMessageSerializer,
            "multipart/form-data": ProposalMessageSerializer,
        },
        responses={201: ProposalMessageSerializer, 400: ERROR},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def messages(self, request, pk=None):
        """The thread, oldest first. OF members never see internal notes nor write them."""
        proposal = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            thread = (
                Message.objects.visible_to(request.user)
                .filter(proposal=proposal)
                .select_related("author")
                .prefetch_related("author__groups")
            )
            return Response(ProposalMessageSerializer(thread, many=True, context=context).data)
        data = ProposalMessageSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        message = services.post_message(
            proposal.pk,
            request.user,
            data.validated_data["body"],
            internal=data.validated_data.get("internal", False),
            attachment=data.validated_data.get("attachment"),
        )
        return Response(
            ProposalMessageSerializer(message, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(methods=["GET"], request=None, responses=ProposalAttachmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ProposalAttachmentSerializer},
        responses={201: ProposalAttachmentSerializer, 400: ERROR},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def attachments(self, request, pk=None):
        """The proposal's documents; OF members add a PDF (`kind`: programme, positioning,
        other) while the proposal is a draft or being revised."""
        proposal = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(
                ProposalAttachmentSerializer(
                    proposal.attachments.all(), many=True, context=context
                ).data
            )
        data = ProposalAttachmentSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        attachment = services.add_attachment(
            proposal.pk, request.user, data.validated_data["kind"], data.validated_data["file"]
        )
        return Response(
            ProposalAttachmentSerializer(attachment, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request, pk=None, attachment_id=None):
        """Download one of the proposal's documents (PDF)."""
        proposal = self.get_object()
        return serve_file(get_object_or_404(proposal.attachments, pk=attachment_id).file)

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"messages/(?P<message_id>[0-9]+)/attachment",
        url_name="message-attachment",
    )
    def message_attachment(self, request, pk=None, message_id=None):
        """Download the PDF attached to a message of the thread."""
        proposal = self.get_object()
        message = get_object_or_404(
            Message.objects.visible_to(request.user).filter(proposal=proposal), pk=message_id
        )
        return serve_file(message.attachment)


# (prefix, viewset, basename) under /api/v1/, registered by charter_portal/urls.py
ROUTES = [("proposals", ProposalViewSet, "proposal")]
urlpatterns: list[URLPattern | URLResolver] = []
