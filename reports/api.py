"""API v1: the charter's indicators for a period and a scope, as JSON, as a workbook and as CSV.

The same figures as the dashboards (reports.report.build) and the same rules on who may ask for
what (reports.forms.ScopeForm): staff ask for an organisation, a département or the network; an
OF member for one of their own organisations (another organisation is a 404, like any record of
theirs; a département is a 403).
"""

import tempfile

from django.http import FileResponse, Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from charter_portal import progress, roles
from organisms.models import Departement
from reports import details
from reports import report as reports
from reports.exports import csv as csv_export
from reports.exports import xlsx
from reports.exports.labels import workbook_labels
from reports.forms import ScopeForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- the answer (for the schema)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=gettext_lazy("Premier jour de la période (inclus)."))
    end = serializers.DateField(help_text=gettext_lazy("Dernier jour de la période (inclus)."))


class ScopeSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Numéro de l'organisme, ou null.")
    )
    departement = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Code du département, ou null.")
    )
    label = serializers.CharField(help_text=gettext_lazy("Le périmètre en clair."))  # type: ignore[assignment]


@extend_schema_field(
    {
        # "number" alone: an integer is a number, and oneOf must never match twice
        "oneOf": [
            {"type": "number"},
            {"type": "object", "additionalProperties": {"type": "number"}},
        ],
        "nullable": True,
        "description": "Un nombre, null quand il n'y a rien à calculer, ou un objet {clé: nombre} "
        "pour une répartition.",
    }
)
class IndicatorValueField(serializers.JSONField):
    pass


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text=gettext_lazy("Nom de l'indicateur."))  # type: ignore[assignment]
    definition = serializers.CharField(help_text=gettext_lazy("Définition en clair."))
    unit = serializers.CharField(
        help_text=gettext_lazy("count, percent, days, hours ou breakdown (répartition).")
    )
    commitment = serializers.CharField(help_text=gettext_lazy("Engagement de la charte (C1…C15)."))
    value = IndicatorValueField()


class IndicatorReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    scope = ScopeSerializer()
    generated_at = serializers.DateTimeField()
    indicators = IndicatorSerializer(many=True)


PARAMETERS = [
    OpenApiParameter(
        "organisation",
        OpenApiTypes.INT,
        description=gettext_lazy(
            "Un organisme. Pour un membre d'organisme : l'un des siens (par défaut, le sien)."
        ),
    ),
    OpenApiParameter(
        "departement",
        OpenApiTypes.STR,
        enum=Departement.values,
        description=gettext_lazy("Un département (personnel de Transitions Pro seulement)."),
    ),
    OpenApiParameter(
        "start",
        OpenApiTypes.DATE,
        description=gettext_lazy(
            "Début de la période (AAAA-MM-JJ). Par défaut : début de validité de l'édition "
            "(date de signature pour un organisme)."
        ),
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.DATE,
        description=gettext_lazy(
            "Fin de la période (AAAA-MM-JJ), incluse. Par défaut : fin de l'édition."
        ),
    ),
]
ERRORS = {
    400: OpenApiResponse(description=gettext_lazy("Paramètre invalide : l'erreur nomme le champ.")),
    401: OpenApiResponse(description=gettext_lazy("Authentification requise.")),
    403: OpenApiResponse(
        description=gettext_lazy(
            "Un membre d'organisme ne consulte que ses organismes (pas de département ni de réseau)."
        )
    ),
    404: OpenApiResponse(description=gettext_lazy("Organisme introuvable.")),
}

# ---------------------------------------------------------------- views


class MayReadIndicators(permissions.IsAuthenticated):
    """Transitions Pro staff and OF members; read-only."""

    def has_permission(self, request, view):
        user = request.user
        return super().has_permission(request, view) and (
            roles.is_staff_member(user) or roles.is_of_member(user)
        )


def resolve(request) -> ScopeForm:
    """The period and scope asked for, as this user may have them (or the error to answer)."""
    user = request.user
    if not roles.is_staff_member(user) and request.query_params.get("departement"):
        raise exceptions.PermissionDenied(
            _("Un organisme de formation ne consulte que les indicateurs de ses organismes.")
        )
    form = ScopeForm(request.query_params, user=user)
    if form.is_valid():
        return form
    if form.has_error("organisation", "invalid_choice"):
        raise Http404  # another organisation's figures do not exist for this user
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    raise exceptions.ValidationError(errors)


def file_stem(form: ScopeForm) -> str:
    scope = form.scope
    if scope.organisation_id:
        label = f"organisme-{scope.organisation_id}"
    elif scope.departement:
        label = f"departement-{scope.departement}"
    else:
        label = "reseau"
    return f"indicateurs-{label}-{form.period.start:%Y%m%d}-{form.period.end:%Y%m%d}"


class IndicatorsView(APIView):
    """The charter's indicators for a period and a scope."""

    permission_classes = [MayReadIndicators]

    @extend_schema(
        operation_id="indicators",
        summary=gettext_lazy("Indicateurs de la charte"),
        description=gettext_lazy(
            "Chaque indicateur avec son code, son nom, sa définition en clair et sa valeur, pour "
            "une période et un périmètre (un organisme, un département ou tout le réseau). Une "
            "proposition compte à sa date de transmission, une alerte à sa date d'émission."
        ),
        parameters=PARAMETERS,
        responses={200: IndicatorReportSerializer, **ERRORS},
    )
    def get(self, request):
        form = resolve(request)
        return Response(reports.build(form.period, form.scope).for_user(request.user).as_json())


class IndicatorsWorkbookView(APIView):
    """The same figures as an Excel workbook, with the detail tables."""

    permission_classes = [MayReadIndicators]

    @extend_schema(
        operation_id="indicators_export_xlsx",
        summary=gettext_lazy("Indicateurs de la charte (classeur Excel)"),
        description=gettext_lazy(
            "Les mêmes chiffres que /indicators/, en classeur Excel : une feuille « Synthèse » "
            "puis une feuille par tableau de détail (propositions, décisions, alertes)."
        ),
        parameters=PARAMETERS,
        responses={(200, XLSX): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request):
        form = resolve(request)
        # for a background export: computing the figures is the first 40 %, the sheets the rest
        with progress.stage(0.0, 0.4):
            computed = reports.build(form.period, form.scope).for_user(request.user)
        handle = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
        title = _("Indicateurs de la charte — %(scope)s") % {"scope": computed.scope_label}
        tables = details.tables(form.period, form.scope, with_alerts=computed.with_alerts)
        with progress.stage(0.4, 1.0):
            xlsx.write(computed, tables, handle, workbook_labels(title))
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=f"{file_stem(form)}.xlsx", content_type=XLSX
        )


class IndicatorsCsvView(APIView):
    """The same figures as CSV for French Excel (UTF-8 with BOM, `;`)."""

    permission_classes = [MayReadIndicators]

    @extend_schema(
        operation_id="indicators_export_csv",
        summary=gettext_lazy("Indicateurs de la charte (CSV)"),
        description=gettext_lazy(
            "Les mêmes chiffres que /indicators/, en CSV UTF-8 séparé par des points-virgules ; "
            "une répartition donne une ligne par clé (code.clé)."
        ),
        parameters=PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request):
        form = resolve(request)
        response = HttpResponse(
            csv_export.write(reports.build(form.period, form.scope).for_user(request.user)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{file_stem(form)}.csv"'
        return response


ROUTES: list[tuple[str, type, str]] = []
urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("indicators/export.xlsx", IndicatorsWorkbookView.as_view(), name="indicators-export-xlsx"),
    path("indicators/export.csv", IndicatorsCsvView.as_view(), name="indicators-export-csv"),
]
