"""API v1: the links an OF gives trainees to raise alerts on their own path."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alerts import links, services
from alerts.api.alerts import own_proposals
from alerts.models import TraineeLink
from charter_portal.api import ScopedViewSetMixin
from organisms.models import today
from paths.models import PathProposal


class TraineeLinkSerializer(serializers.ModelSerializer):
    proposal = serializers.PrimaryKeyRelatedField(
        queryset=PathProposal.objects.none(),
        error_messages={"does_not_exist": _("Proposition de parcours introuvable.")},
    )
    usable = serializers.BooleanField(source="is_usable", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = TraineeLink
        fields = ["id", "proposal", "expires_on", "created_at", "revoked_at", "usable", "url"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["proposal"].queryset = own_proposals(request.user)
        return fields

    def get_url(self, link) -> str:
        """The address to give the trainee (it works until the link is revoked or expires)."""
        request = self.context.get("request")
        path = links.path_for(link)
        return request.build_absolute_uri(path) if request else path

    def validate_expires_on(self, value):
        if value and value < today():
            raise serializers.ValidationError(
                _("La date de fin de validité ne peut pas être passée.")
            )
        return value


class TraineeLinkViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Links an OF gives a trainee to raise an alert on their own path, with no account."""

    queryset_base = TraineeLink.objects
    serializer_class = TraineeLinkSerializer
    filterset_fields = ["proposal"]
    ordering_fields = ["created_at"]
    staff_write_permission = None
    of_member_actions = ("create", "revoke")

    def get_queryset(self):
        return super().get_queryset().select_related("proposal").order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        serializer.instance = services.create_trainee_link(
            TraineeLink(**serializer.validated_data), self.request.user
        )

    @extend_schema(request=None, responses=TraineeLinkSerializer, summary=_("Révoquer le lien"))
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        link = self.get_object()
        link = services.revoke_trainee_link(link.pk, request.user)
        return Response(self.get_serializer(link).data)
