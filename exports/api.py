"""API v1: exports built in the background (`POST /api/v1/exports/` → 202, then poll)."""

from django.http import FileResponse, Http404
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from exports import services
from exports.models import Export

# what a finished export's file can be: CSV or an Excel workbook
EXPORT_MEDIA_TYPES = (
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


class ExportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("L'adresse de cet export dans l'API."))
    download_url = serializers.SerializerMethodField(
        help_text=_("Le lien du fichier quand l'export est prêt (status done), sinon null.")
    )
    params = serializers.DictField(
        required=False,
        default=dict,
        help_text=_(
            "Les paramètres de l'export, comme pour le téléchargement direct : start, end, "
            "organisation, departement pour les indicateurs ; les filtres des files."
        ),
    )

    class Meta:
        model = Export
        fields = [
            "id",
            "url",
            "kind",
            "params",
            "status",
            "progress",
            "download_url",
            "created_at",
            "finished_at",
            "expires_at",
        ]
        read_only_fields = ["status", "progress", "created_at", "finished_at", "expires_at"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:export-detail", args=[obj.pk])
        )

    def get_download_url(self, obj) -> str | None:
        if not obj.is_downloadable:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:export-download", args=[obj.pk])
        )


class ExportViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Exports of large data sets, built by the worker: each person sees their own."""

    serializer_class = ExportSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return Export.objects.visible_to(self.request.user)

    @extend_schema(
        summary=_("Demander un export en arrière-plan"),
        description=_(
            "Répond 202 avec l'adresse de l'export ; interrogez-la jusqu'à status = done, puis "
            "téléchargez download_url (disponible 48 heures). Mêmes droits que le téléchargement "
            "direct : un autre organisme est une 404."
        ),
        responses={202: ExportSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # another organisation's data is a 404, a bad period a 400 naming the field
        export = services.request_export(
            request.user, serializer.validated_data["kind"], serializer.validated_data["params"]
        )
        data = self.get_serializer(export).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @extend_schema(
        summary=_("Télécharger le fichier d'un export prêt"),
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in EXPORT_MEDIA_TYPES},
            404: OpenApiResponse(description=_("Export inconnu, pas encore prêt ou expiré.")),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = self.get_object()
        if not services.may_download(export, request.user):
            raise Http404
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.filename,
            content_type=export.content_type or "application/octet-stream",
        )


ROUTES = [("exports", ExportViewSet, "export")]
urlpatterns: list[URLPattern | URLResolver] = []
