"""Screens: simulator. Each module declares its own urlpatterns, gathered by paths/urls.py.

« Simulateur de financement »: an OF member or a staff member types a path's figures and sees,
line by line, what the PTP rules in force at its start date cover. Nothing is saved."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from charter_portal.dates import validate_plausible_date
from charter_portal.forms import add_service_error
from charter_portal.scoping import of_member_or_staff_required
from charter_portal.widgets import DateInput
from paths import funding, funding_data
from paths.models import Schedule

NEGATIVE = _("La valeur ne peut pas être négative.")


def _decimal(label, help_text="", *, max_digits=7, required=True):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_digits=max_digits,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE},
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )


class SimulatorForm(forms.Form):
    """The same inputs as POST /api/v1/funding-check/."""

    start_date = forms.DateField(
        label=_("Début prévu de la formation"),
        widget=DateInput(),
        validators=[validate_plausible_date],
    )
    end_date = forms.DateField(
        label=_("Fin prévue de la formation"),
        widget=DateInput(),
        validators=[validate_plausible_date],
    )
    schedule = forms.ChoiceField(
        label=_("Rythme"),
        choices=Schedule.choices,
        help_text=_(
            "Le temps partiel et le discontinu sont limités en heures, le temps plein à un an."
        ),
    )
    centre_hours = _decimal(
        _("Heures en centre de formation"),
        _(
            "Présentiel + distanciel, hors PAE : c'est sur ces heures que s'applique le plafond horaire."
        ),
    )
    company_hours = _decimal(
        _("Heures de PAE (période d'application en entreprise)"),
        _("0 s'il n'y a pas de PAE."),
    )
    company_hours_required_by_certification = _decimal(
        _("Heures de PAE exigées par la certification"),
        _(
            "Si le référentiel de la certification impose un volume minimal d'heures en "
            "entreprise ; sinon laissez vide ou 0."
        ),
        required=False,
    )
    pedagogic_cost_ht = _decimal(
        _("Coût pédagogique (€ HT)"), _("Coût total du parcours proposé."), max_digits=10
    )
    reference_monthly_salary = _decimal(
        _("Salaire mensuel brut de référence (€)"),
        _("Primes incluses. Facultatif : sans lui, le taux de prise en charge n'est pas calculé."),
        max_digits=10,
        required=False,
    )
    submitted_on = forms.DateField(
        label=_("Date de dépôt du dossier complet"),
        required=False,
        widget=DateInput(),
        validators=[validate_plausible_date],
        help_text=_("Facultatif : aujourd'hui par défaut."),
    )

    def clean(self):
        data = super().clean()
        for name, message in funding.input_errors(
            data.get("start_date"), data.get("end_date")
        ).items():
            self.add_error(name, message)
        return data


# anonymous people log in first; a signed-in account with no role gets a 404
@of_member_or_staff_required
def simulator(request):
    form = SimulatorForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = funding_data.run_check(
                funding_data.figures_from_payload(form.cleaned_data),
                qualiopi_certified=funding_data.qualiopi_of(request.user),
            )
        except funding_data.NoFundingRules as error:
            add_service_error(form, error)
    return render(request, "paths/simulator.html", {"form": form, "result": result})


urlpatterns = [path("simulateur/", simulator, name="simulator")]
