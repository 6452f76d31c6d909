"""API v1: alerts, their follow-up actions, threads and documents.

The same services and scoping as the screens: OF members read and raise their organisation's
alerts and write in their threads; staff who follow alerts read them all and acknowledge, follow
up and close them. Internal notes never reach an OF member. Nothing here starts a control (C8).
"""

from typing import TYPE_CHECKING

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from alerts import services
from alerts.models import (
    Alert,
    AlertAttachment,
    AlertMessage,
    AlertOutcome,
    AlertStatus,
    Category,
    Origin,
    ResponseCode,
    Severity,
)
from alerts.validators import validate_pdf_or_image
from charter_portal import roles
from charter_portal.api import NullWhenBlankChoiceField, ScopedViewSetMixin
from charter_portal.files import serve_file
from charter_portal.people import filter_assigned, label
from organisms.models import Organisation
from paths.models import PathProposal

if TYPE_CHECKING:
    from accounts.models import User


def _own_organisations(user):
    return Organisation.objects.of_own_organisations(user)


def own_proposals(user):
    return PathProposal.objects.of_own_organisations(user)


class ResponseCodesField(serializers.ListField):
    """The responses the OF proposes, as a list of codes."""

    child = serializers.ChoiceField(choices=ResponseCode.choices)

    def to_representation(self, value):
        return [response.code for response in value.all()]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AlertAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, attachment) -> str:
        return reverse("api:alert-attachment-file", args=[attachment.alert_id, attachment.pk])


SIGNATURE_NOT_ACTIVE = "signature_not_active"


class AlertWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[(SIGNATURE_NOT_ACTIVE, SIGNATURE_NOT_ACTIVE)],
        help_text=_(
            "signature_not_active : la signature de la charte par l'organisme n'est plus active ; "
            "l'alerte est bien enregistrée."
        ),
    )
    message = serializers.CharField(help_text=_("L'avertissement, en clair."))


class AlertSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Facultatif si vous n'êtes membre que d'un organisme."),
        error_messages={"does_not_exist": _("Organisme introuvable.")},
    )
    proposal = serializers.PrimaryKeyRelatedField(
        queryset=PathProposal.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Proposition de parcours introuvable.")},
    )
    trainee = serializers.CharField(source="trainee_label", read_only=True)
    proposed_responses = ResponseCodesField(source="responses", required=False)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    outcome = NullWhenBlankChoiceField(
        choices=AlertOutcome.choices,
        help_text=_("L'issue, null tant que l'alerte n'est pas close."),
    )
    assigned_to: "serializers.PrimaryKeyRelatedField[User]" = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("Le membre du personnel qui suit l'alerte (ou null)."),
    )
    assigned_to_name = serializers.SerializerMethodField(
        help_text=_("Son nom et son rôle ; vide si personne.")
    )
    # said when the alert is raised (C13: alerts stay possible, the signature's state is told)
    warnings = serializers.SerializerMethodField(
        help_text=_("Avertissements à la création de l'alerte ; vide ailleurs.")
    )

    class Meta:
        model = Alert
        fields = [
            "id",
            "reference",
            "organisation",
            "proposal",
            "trainee_reference",
            "trainee",
            "category",
            "origin",
            "observed_on",
            "description",
            "severity",
            "proposed_responses",
            "responses_details",
            "trainee_contact",
            "status",
            "created_at",
            "ack_due_on",
            "overdue",
            "acknowledged_at",
            "follow_up_at",
            "closed_at",
            "outcome",
            "closing_comment",
            "attachments",
            "assigned_to",
            "assigned_to_name",
            "warnings",
        ]
        read_only_fields = ["trainee_contact"]

    @extend_schema_field(AlertWarningSerializer(many=True))
    def get_warnings(self, alert) -> list[dict[str, str]]:
        return self.context.get("warnings", [])

    def get_assigned_to_name(self, alert) -> str:
        return label(alert.assigned_to)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["organisation"].queryset = _own_organisations(request.user)
            fields["proposal"].queryset = own_proposals(request.user)
        return fields

    def validate(self, attrs):
        user = self.context["request"].user
        if not attrs.get("organisation"):
            own = list(_own_organisations(user)[:2])
            if len(own) != 1:
                raise serializers.ValidationError(
                    {"organisation": _("Précisez l'organisme : vous êtes membre de plusieurs.")}
                )
            attrs["organisation"] = own[0]
        model_attrs = {key: value for key, value in attrs.items() if key != "responses"}
        try:
            Alert(**model_attrs).clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class AlertCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AlertOutcome.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# documented inline (not as a component) so its `outcome` enum does not collide in name with
# other apps' `outcome` fields in the schema
CLOSE_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {
        "outcome": {
            "type": "string",
            "enum": AlertOutcome.values,
            "description": " ; ".join(f"`{v}` : {label}" for v, label in AlertOutcome.choices),
        },
        "comment": {"type": "string", "description": "Message de clôture envoyé à l'organisme."},
    },
    "required": ["outcome"],
}


class AlertMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    from_staff = serializers.SerializerMethodField()

    class Meta:
        model = AlertMessage
        fields = ["id", "author", "from_staff", "body", "internal", "created_at"]

    def get_author(self, message) -> str:
        return label(message.author)  # « Prénom Nom (rôle) », never the email address

    def get_from_staff(self, message) -> bool:
        return roles.is_staff_member(message.author)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.ListField(
        child=serializers.FileField(validators=[validate_pdf_or_image]), allow_empty=False
    )


class AlertAssignSerializer(serializers.Serializer):
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        allow_null=True,
        help_text=_("Un membre du personnel qui suit les alertes, ou null pour personne."),
    )


class AlertFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter()
    proposal = django_filters.NumberFilter()
    status = django_filters.ChoiceFilter(choices=AlertStatus.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    origin = django_filters.ChoiceFilter(choices=Origin.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    assigned = django_filters.ChoiceFilter(
        choices=[("me", "me"), ("none", "none")],
        method="filter_assigned",
        label="me : suivies par moi ; none : suivies par personne",
    )

    class Meta:
        model = Alert
        fields = ["organisation", "proposal", "status", "category", "origin", "severity"]

    def filter_assigned(self, queryset, name, value):
        return filter_assigned(queryset, self.request.user, value)

    def filter_overdue(self, queryset, name, value):
        overdue = Alert.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


# what a staff member needs for each write; None: staff do not do it through the API
STAFF_ACTION_PERMISSIONS = {
    "acknowledge": "alerts.change_alert",
    "follow_up": "alerts.change_alert",
    "close": "alerts.change_alert",
    "messages": "alerts.add_alertmessage",
    "assign": services.ASSIGN_PERMISSION,
}


@extend_schema_view(
    list=extend_schema(summary=_("Alertes visibles (celles de votre organisme, pour un OF)")),
    create=extend_schema(summary=_("Émettre une alerte (membres d'un organisme)")),
)
class AlertViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Alerts on trainees' paths (C7). They never lead to a control of the organisation (C8)."""

    queryset_base = Alert.objects
    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    ordering_fields = ["created_at", "observed_on", "ack_due_on"]
    staff_create_permission = None
    of_member_actions = ("create", "messages", "attachments")

    @property
    def staff_write_permission(self):
        return STAFF_ACTION_PERMISSIONS.get(self.action)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .queue_order()
            .select_related("organisation", "proposal", "assigned_to")
            .prefetch_related("responses", "attachments", "assigned_to__groups")
        )

    def _answer(self, pk, status_code=status.HTTP_200_OK):
        alert = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(alert).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        responses = data.pop("responses", [])
        alert = services.raise_alert(Alert(**data), request.user, responses=responses)
        answer = self.get_serializer(self.get_queryset().get(pk=alert.pk))
        if alert.organisation.inactive_signature_reason():
            message = _(
                "La signature de la charte par %(name)s n'est plus active : l'organisme ne peut plus "
                "transmettre de proposition de parcours. Vous pouvez toujours émettre une alerte pour "
                "un ou une stagiaire dont le parcours est en cours."
            ) % {"name": alert.organisation.display_name}
            answer.context["warnings"] = [{"code": SIGNATURE_NOT_ACTIVE, "message": message}]
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AlertSerializer, summary=_("Prendre en compte"))
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        services.acknowledge(alert.pk, request.user)
        return self._answer(alert.pk)

    @extend_schema(request=None, responses=AlertSerializer, summary=_("Mettre en suivi"))
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request, pk=None):
        alert = self.get_object()
        services.start_follow_up(alert.pk, request.user)
        return self._answer(alert.pk)

    @extend_schema(
        request=AlertAssignSerializer,
        responses=AlertSerializer,
        summary=_("Confier l'alerte à un membre du personnel (null : à personne)"),
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        alert = self.get_object()
        body = AlertAssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assign(alert.pk, request.user, body.validated_data["assigned_to"])
        return self._answer(alert.pk)

    @extend_schema(
        request={"application/json": CLOSE_REQUEST_SCHEMA},
        responses=AlertSerializer,
        summary=_("Clôturer avec une issue"),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        alert = self.get_object()
        body = AlertCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.close(
            alert.pk, body.validated_data["outcome"], request.user, body.validated_data["comment"]
        )
        return self._answer(alert.pk)

    @extend_schema(
        methods=["GET"],
        responses=AlertMessageSerializer(many=True),
        summary=_("Fil de l'alerte"),
    )
    @extend_schema(
        methods=["POST"],
        request=AlertMessageSerializer,
        responses={201: AlertMessageSerializer},
        summary=_("Écrire dans le fil (note interne : personnel seulement)"),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def messages(self, request, pk=None):
        alert = self.get_object()
        if request.method == "POST":
            body = AlertMessageSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            message = services.post_message(
                alert,
                request.user,
                body.validated_data["body"],
                internal=body.validated_data.get("internal", False),
            )
            return Response(AlertMessageSerializer(message).data, status=status.HTTP_201_CREATED)
        thread = AlertMessage.objects.visible_to(request.user).filter(alert=alert)
        return Response(
            AlertMessageSerializer(
                thread.select_related("author").prefetch_related("author__groups"), many=True
            ).data
        )

    @extend_schema(
        methods=["GET"],
        responses=AttachmentSerializer(many=True),
        summary=_("Documents de l'alerte"),
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer(many=True)},
        summary=_("Joindre des documents (PDF, PNG ou JPEG ; membres de l'organisme)"),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def attachments(self, request, pk=None):
        alert = self.get_object()
        if request.method == "POST":
            body = AttachmentUploadSerializer(data={"file": request.FILES.getlist("file")})
            body.is_valid(raise_exception=True)
            saved = services.add_attachments(alert, body.validated_data["file"], request.user)
            return Response(
                AttachmentSerializer(saved, many=True).data, status=status.HTTP_201_CREATED
            )
        files = AlertAttachment.objects.visible_to(request.user).filter(alert=alert)
        return Response(AttachmentSerializer(files, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
        responses={
            (200, media): OpenApiTypes.BINARY
            for media in ("application/pdf", "image/png", "image/jpeg")
        },
        summary=_("Télécharger un document"),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)",
        url_name="attachment-file",
        filter_backends=[],
    )
    def attachment_file(self, request, pk=None, attachment_id=None):
        alert = self.get_object()
        item = (
            AlertAttachment.objects.visible_to(request.user)
            .filter(alert=alert, pk=attachment_id)
            .first()
        )
        if item is None:
            raise Http404
        return serve_file(
            item.file, filename=item.name, content_type=item.content_type, as_attachment=True
        )
