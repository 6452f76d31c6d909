"""API v1: the funding check (see paths/api/__init__.py). POST /api/v1/funding-check/ computes
what Transitions Pro can cover for a path and saves nothing.

`FundingCheckResultSerializer` is the one JSON of a funding check (`funding_json`): the API's
answer, the live check in the proposal form (which calls the API) and the snapshot kept with a
feedback."""

from decimal import ROUND_HALF_UP
from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from charter_portal import roles
from charter_portal.dates import validate_plausible_date
from paths import funding, funding_data
from paths.models import Schedule

NEGATIVE = _("La valeur ne peut pas être négative.")


def hours_field(help_text, **kwargs):
    return serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": NEGATIVE},
        help_text=help_text,
        **kwargs,
    )


def money_field(help_text, **kwargs):
    return serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": NEGATIVE},
        help_text=help_text,
        **kwargs,
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": r"^\d{0,5}(?:\.\d{0,2})?$"},
            {"type": "number", "minimum": 0},
            {"type": "boolean"},
        ]
    }
)
class HoursOrBooleanField(serializers.Field):
    """A number of hours (≥ 0), or true (every planned PAE hour is required) / false (0 hours)."""

    default_error_messages = {
        "invalid": _("Indiquez un nombre d'heures (0 ou plus), ou true / false."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        hours = serializers.DecimalField(
            max_digits=7, decimal_places=2, min_value=0, error_messages={"min_value": NEGATIVE}
        )
        return hours.run_validation(data)

    def to_representation(self, value):
        return value if isinstance(value, bool) else str(value)


class FundingCheckInputSerializer(serializers.Serializer):
    start_date = serializers.DateField(
        help_text=_("Début prévu de la formation (AAAA-MM-JJ, entre 2000 et 2100)."),
        validators=[validate_plausible_date],
    )
    end_date = serializers.DateField(
        help_text=_("Fin prévue de la formation (AAAA-MM-JJ, entre 2000 et 2100)."),
        validators=[validate_plausible_date],
    )
    schedule = serializers.ChoiceField(
        choices=Schedule.choices,
        help_text=_("Rythme : full_time (temps plein), part_time (temps partiel), discontinuous."),
    )
    centre_hours = hours_field(
        _("Heures en centre de formation : présentiel + distanciel, hors PAE.")
    )
    company_hours = hours_field(_("Heures de période d'application en entreprise (PAE)."))
    company_hours_required_by_certification = HoursOrBooleanField(
        required=False,
        default=False,
        help_text=_(
            "Heures de PAE exigées par le référentiel de la certification (nombre ≥ 0). "
            "true : toutes les heures de PAE prévues sont exigées ; false ou absent : aucune "
            "exigence (0 h)."
        ),
    )
    pedagogic_cost_ht = money_field(_("Coût pédagogique du parcours, en euros HT."))
    reference_monthly_salary = money_field(
        _(
            "Salaire mensuel brut de référence (primes incluses), en euros. Facultatif : sans "
            "lui, le taux de prise en charge du salaire n'est pas calculé."
        ),
        required=False,
        allow_null=True,
    )
    submitted_on = serializers.DateField(
        required=False,
        allow_null=True,
        validators=[validate_plausible_date],
        help_text=_(
            "Date à laquelle le dossier complet parvient à Transitions Pro. Par défaut : "
            "aujourd'hui (heure de Paris)."
        ),
    )

    def validate(self, attrs):
        errors = funding.input_errors(attrs.get("start_date"), attrs.get("end_date"))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# ---------------------------------------------------------------- the result (fixed contract)


def money_out(help_text, **kwargs):
    """Money, hours or a percentage out: a string with two decimals, rounded half up."""
    return serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        rounding=ROUND_HALF_UP,
        help_text=help_text,
        read_only=True,
        **kwargs,
    )


class FundingCheckRuleSetSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("Nom des règles de financement appliquées."))
    valid_from = serializers.DateField(
        help_text=_("Applicables aux parcours commençant à partir de cette date.")
    )
    # the JSON field `source`: DRF's metaclass takes declared fields off the class, which the
    # stubs cannot tell from Field.source
    source = serializers.CharField(  # type: ignore[assignment]
        allow_blank=True, help_text=_("Document d'où viennent ces règles (guide, délibération).")
    )
    source_date = serializers.DateField(allow_null=True, help_text=_("Date de ce document."))


class FundingCheckPedagogicSerializer(serializers.Serializer):
    cost_ht = money_out(_("Coût pédagogique (€ HT)."))
    centre_hours = money_out(_("Heures en centre prises en compte pour le plafond horaire."))
    total_cap_ht = money_out(_("Plafond du coût pédagogique total (€ HT)."))
    total_cap_ttc = money_out(_("Plafond total (€ TTC)."))
    hourly_cap_ht = money_out(_("Plafond du coût horaire (€ HT)."))
    hourly_cap_ttc = money_out(_("Plafond horaire (€ TTC)."))
    hourly_cap_amount_ht = money_out(_("Plafond horaire × heures en centre (€ HT)."))
    covered_ht = money_out(_("Montant pris en charge (€ HT)."))
    covered_ttc = money_out(_("Montant pris en charge (€ TTC)."))
    not_covered_ht = money_out(_("Montant non pris en charge (€ HT)."))
    not_covered_ttc = money_out(_("Montant non pris en charge (€ TTC)."))
    limited_by = serializers.ChoiceField(
        choices=[(funding.TOTAL_CAP, "total_cap"), (funding.HOURLY_CAP, "hourly_cap")],
        allow_null=True,
        help_text=_(
            "Plafond qui limite la prise en charge : total_cap, hourly_cap (le plafond total s'il "
            "y a égalité), ou null si le coût est pris en charge en totalité."
        ),
    )


class FundingCheckSalarySerializer(serializers.Serializer):
    reference_monthly = money_out(_("Salaire mensuel brut de référence (€)."), allow_null=True)
    smic_monthly = money_out(
        _("SMIC mensuel brut en vigueur à la date de début (€)."), allow_null=True
    )
    smic_valid_from = serializers.DateField(
        allow_null=True, help_text=_("Date d'entrée en vigueur de ce SMIC.")
    )
    threshold_monthly = money_out(
        _("Seuil : multiple du SMIC au-delà duquel le taux réduit s'applique (€)."),
        allow_null=True,
    )
    rate_percent = money_out(
        _("Taux de prise en charge du salaire (%), ou null si le salaire n'est pas renseigné."),
        allow_null=True,
    )
    covered_monthly = money_out(_("Salaire mensuel pris en charge (€)."), allow_null=True)
    not_covered_monthly = money_out(_("Salaire mensuel non pris en charge (€)."), allow_null=True)


class FundingCheckCompanyHoursSerializer(serializers.Serializer):
    planned = money_out(_("Heures de PAE prévues."))
    share_percent = money_out(_("Part des heures en centre prise en charge en PAE (%)."))
    share_hours = money_out(_("Cette part, en heures."))
    required_by_certification = money_out(_("Heures de PAE exigées par la certification."))
    covered = money_out(_("Heures de PAE prises en charge."))
    not_covered = money_out(_("Heures de PAE non prises en charge."))


class FundingCheckDurationSerializer(serializers.Serializer):
    schedule = serializers.ChoiceField(choices=Schedule.choices)
    within_limit = serializers.BooleanField(
        help_text=_("La durée respecte la limite de prise en charge de la rémunération.")
    )
    limit_months = serializers.IntegerField(
        allow_null=True, help_text=_("Temps plein : durée maximale en mois.")
    )
    latest_end_date = serializers.DateField(
        allow_null=True,
        help_text=_("Temps plein : dernier jour couvert (début + 12 mois − 1 jour)."),
    )
    end_date = serializers.DateField(help_text=_("Fin prévue."))
    limit_hours = serializers.IntegerField(
        allow_null=True, help_text=_("Temps partiel ou discontinu : heures maximales.")
    )
    training_hours = money_out(_("Heures de formation : centre + PAE."))
    hours_over_limit = money_out(_("Heures au-delà de la limite (temps partiel, discontinu)."))


class FundingCheckDeadlinesSerializer(serializers.Serializer):
    file_due_by = serializers.DateField(
        help_text=_(
            "Date limite du dossier complet (début − 3 mois, dernier jour du mois à défaut)."
        )
    )
    submitted_on = serializers.DateField(help_text=_("Date de dépôt prise en compte."))
    file_on_time = serializers.BooleanField(help_text=_("Dépôt au plus tard à la date limite."))
    long_interruption = serializers.BooleanField(
        help_text=_("Temps plein avec une interruption continue de travail de 6 mois ou plus.")
    )
    leave_notice_days = serializers.IntegerField(
        help_text=_("Délai de la demande d'absence, en jours.")
    )
    leave_request_due_by = serializers.DateField(
        help_text=_("Date limite de la demande d'autorisation d'absence à l'employeur.")
    )
    leave_request_on_time = serializers.BooleanField(
        source="leave_on_time",
        help_text=_("La date limite de la demande d'absence n'est pas encore passée."),
    )
    file_days_left = serializers.IntegerField(
        help_text=_("Jours restants jusqu'à la date limite du dossier (négatif : dépassée).")
    )
    file_due_soon = serializers.BooleanField(
        help_text=_(
            "Dans les délais, mais la date limite du dossier est dans near_days jours ou moins."
        )
    )
    leave_request_days_left = serializers.IntegerField(
        source="leave_days_left",
        help_text=_(
            "Jours restants jusqu'à la date limite de la demande d'absence (négatif : dépassée)."
        ),
    )
    leave_request_due_soon = serializers.BooleanField(
        source="leave_due_soon",
        help_text=_(
            "Dans les délais, mais la demande d'absence est due dans near_days jours ou moins."
        ),
    )
    near_days = serializers.IntegerField(
        help_text=_("Seuil d'alerte : une date limite à ce nombre de jours ou moins est proche.")
    )


class FundingCheckLineSerializer(serializers.Serializer):
    # a plain string (not an enum) so that no other "line" field collides with it in the schema
    line = serializers.CharField(
        help_text=_("Poste : pedagogic, salary, company_hours, duration ou deadlines.")
    )
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    covered = serializers.CharField(help_text=_("Ce qui est pris en charge, en clair."))
    not_covered = serializers.CharField(help_text=_("Ce qui ne l'est pas, en clair."))
    why = serializers.CharField(help_text=_("La règle appliquée."))
    ok = serializers.BooleanField(help_text=_("Rien ne reste hors prise en charge sur ce poste."))


class FundingCheckWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[
            (funding.SMIC_MAY_BE_OUTDATED, "smic_may_be_outdated"),
            (funding.QUALIOPI_MISSING, "qualiopi_missing"),
            (funding.DEADLINE_NEAR, "deadline_near"),
        ],
        help_text=_(
            "smic_may_be_outdated : aucun SMIC pour le mois de début, ou le SMIC en vigueur date "
            "de plus de 13 mois ; qualiopi_missing : l'organisme n'est pas certifié Qualiopi ; "
            "deadline_near : la date limite du dossier ou de la demande d'absence est proche "
            "(15 jours ou moins)."
        ),
    )
    message = serializers.CharField(help_text=_("L'avertissement, en clair."))


class FundingCheckRemainingLineSerializer(serializers.Serializer):
    item = serializers.CharField(
        help_text=_(
            "Poste : pedagogic, salary_monthly, salary_period, company_hours ou beyond_limit."
        )
    )
    # the JSON field `label` (the stubs cannot tell it from Field.label, see `source` above)
    label = serializers.CharField()  # type: ignore[assignment]
    amount = money_out(_("Montant (€), ou null."), allow_null=True)
    hours = money_out(_("Heures, ou null."), allow_null=True)
    detail = serializers.CharField(help_text=_("Le calcul, en clair."))


class FundingCheckRemainingSerializer(serializers.Serializer):
    pedagogic_ht = money_out(_("Coût pédagogique non pris en charge (€ HT)."))
    salary_monthly = money_out(_("Salaire non pris en charge, par mois (€)."), allow_null=True)
    salary_covered_months = money_out(
        _("Temps plein : mois de rémunération couverts."), allow_null=True
    )
    salary_covered_hours = money_out(
        _("Temps partiel ou discontinu : heures de rémunération couvertes."), allow_null=True
    )
    salary_over_period = money_out(
        _(
            "Salaire non pris en charge sur la période couverte (€) : par mois × mois couverts, "
            "ou par heure (mensuel / 151,67 h) × heures couvertes."
        ),
        allow_null=True,
    )
    company_hours = money_out(_("Heures de PAE non prises en charge."))
    beyond_limit_from = serializers.DateField(
        allow_null=True, help_text=_("Temps plein : premier jour au-delà d'un an.")
    )
    beyond_limit_to = serializers.DateField(allow_null=True, help_text=_("Fin prévue."))
    beyond_limit_months = money_out(_("Mois au-delà d'un an."), allow_null=True)
    beyond_limit_hours = money_out(_("Heures au-delà de la limite d'heures."), allow_null=True)
    beyond_limit_salary = money_out(
        _("Salaire de la période au-delà de la limite, non pris en charge (€)."), allow_null=True
    )
    lines = FundingCheckRemainingLineSerializer(many=True)


class FundingCheckResultSerializer(serializers.Serializer):
    # a paths.funding.FundingCheck (a comment, not a docstring: the schema would show it)

    rule_set = FundingCheckRuleSetSerializer(source="rules")
    pedagogic = FundingCheckPedagogicSerializer()
    salary = FundingCheckSalarySerializer()
    company_hours = FundingCheckCompanyHoursSerializer()
    duration = FundingCheckDurationSerializer()
    deadlines = FundingCheckDeadlinesSerializer()
    remaining_cost_ht = money_out(
        _("Reste à financer : coût pédagogique non pris en charge (€ HT).")
    )
    lines = FundingCheckLineSerializer(many=True)
    messages = serializers.ListField(
        child=serializers.CharField(), help_text=_("Explications en français, à suivre.")
    )
    warnings = FundingCheckWarningSerializer(
        many=True, help_text=_("À lire avant de se fier aux montants.")
    )
    remaining_cost = FundingCheckRemainingSerializer(
        source="remaining", help_text=_("Reste à financer complet, poste par poste.")
    )


def funding_json(result: funding.FundingCheck) -> dict[str, Any]:
    """The funding check as JSON-ready data: the API's answer and a feedback's snapshot."""
    return FundingCheckResultSerializer(result).data


class MayRunFundingCheck(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        user = request.user
        return super().has_permission(request, view) and (
            roles.is_staff_member(user) or roles.is_of_member(user)
        )


EXAMPLE = {
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "centre_hours": "600.00",
    "company_hours": "200.00",
    "company_hours_required_by_certification": 0,
    "pedagogic_cost_ht": "17000.00",
    "reference_monthly_salary": "3250.00",
    "submitted_on": "2022-03-15",
}


class FundingCheckView(APIView):
    """What Transitions Pro can cover for a path under the PTP rules in force at its start date."""

    # a computation that saves nothing: PortalPermission would ask staff for a model write
    # permission on POST, so any signed-in OF member or staff may run it
    permission_classes = [MayRunFundingCheck]

    @extend_schema(
        operation_id="funding_check",
        summary=_("Vérifier le financement d'un parcours"),
        description=_(
            "Applique les règles de financement PTP en vigueur à la date de début : plafonds du "
            "coût pédagogique, taux de prise en charge du salaire, durée, PAE et délais. "
            "N'enregistre rien. Montants, heures et pourcentages : chaînes décimales à deux "
            "décimales ; dates : AAAA-MM-JJ. Sans règles pour la date de début : 400 sur "
            "start_date."
        ),
        request=FundingCheckInputSerializer,
        responses={
            200: FundingCheckResultSerializer,
            400: OpenApiResponse(
                description=_("Saisie invalide : chaque erreur nomme le champ concerné.")
            ),
            401: OpenApiResponse(description=_("Authentification requise.")),
            403: OpenApiResponse(
                description=_("Réservé aux membres d'organismes et au personnel.")
            ),
        },
        examples=[OpenApiExample("Temps plein", value=EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = FundingCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # NoFundingRules is a ValidationError on start_date: the exception handler makes it a 400
        result = funding_data.check_payload(
            serializer.validated_data, qualiopi_certified=funding_data.qualiopi_of(request.user)
        )
        return Response(result)


ROUTES: list[tuple[str, type, str]] = []
urlpatterns = [path("funding-check/", FundingCheckView.as_view(), name="funding-check")]
