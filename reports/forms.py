"""Forms of the reports screens, and the one that reads a period and a scope for the indicators
(used by the dashboards, the interim review and the API alike, so they agree on every rule)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charter_portal import roles
from charter_portal.dates import validate_plausible_date
from charter_portal.widgets import DateInput
from organisms.models import Departement, Organisation
from reports.commitments import COMMITMENTS, SIDES, clean_comments
from reports.dataset import Period, Scope
from reports.models import AnnualReportRequest, DialogueMeeting
from reports.report import default_period

ISO_DATE = ["%Y-%m-%d"]
BAD_DATE = _("Saisissez une date valide au format AAAA-MM-JJ.")
END_BEFORE_START = _("La fin de la période doit suivre son début.")
BOTH_SCOPES = _("Choisissez un organisme ou un département, pas les deux.")


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=ISO_DATE,
        widget=DateInput(),
        error_messages={"invalid": BAD_DATE},
        validators=[validate_plausible_date],
        **kwargs,
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation by its number, among those the user may see (any other one: invalid_choice,
    whether it exists or not, so that the answer does not reveal it)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str) and not value.strip().isdigit():
            raise ValidationError(_("Indiquez le numéro de l'organisme."), code="invalid")
        return super().to_python(value)

    def label_from_instance(self, obj):
        return obj.display_name


def departement_field(**kwargs):
    return forms.ChoiceField(
        label=_("Département"),
        required=False,
        choices=[("", _("Tous les départements")), *Departement.choices],
        **kwargs,
    )


class ScopeForm(forms.Form):
    """A period and a scope for the indicators, as the user may ask for them.

    Staff choose an organisation, a département or the whole network; an OF member looks at one of
    their own organisations (their first one when they name none). Dates left empty take the
    edition's validity (`reports.report.default_period`). After `is_valid()`, `period`, `scope`
    and `organisation` hold what to compute.
    """

    start = date_field(_("Du"), required=False)
    end = date_field(_("Au"), required=False)
    organisation = OrganisationChoiceField(
        label=_("Organisme"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Tous les organismes"),
    )
    departement = departement_field()

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.staff = roles.is_staff_member(user)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "legal_name", "pk"
        )
        if not self.staff:
            # an OF member's scope is one of their organisations: no network, no département
            del self.fields["departement"]
            self.fields["organisation"].empty_label = None
        self.period = self.scope = self.organisation = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        organisation = data.get("organisation")
        departement = data.get("departement") or None
        if organisation and departement:
            self.add_error("departement", BOTH_SCOPES)
            return data
        if organisation is None and not self.staff:
            organisation = self.fields["organisation"].queryset.first()
            if organisation is None:
                raise ValidationError(_("Aucun organisme n'est rattaché à votre compte."))
        default = default_period(organisation)
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if end < start:
            self.add_error("end", END_BEFORE_START)
            return data
        self.organisation = organisation
        self.period = Period(start, end)
        self.scope = Scope(organisation.pk if organisation else None, departement)
        return data

    def resolved(self) -> dict:
        """The query string values of what was computed (for export links and the inputs)."""
        values = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        if self.scope.organisation_id:
            values["organisation"] = self.scope.organisation_id
        if self.scope.departement:
            values["departement"] = self.scope.departement
        return values


def declared_trainees_field():
    return forms.IntegerField(
        label=_("Stagiaires PTP de l'organisme sur la période (facultatif)"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=_(
            "Le nombre de stagiaires en projet de transition professionnelle que l'organisme déclare "
            "pour la période : la part des parcours individualisés y rapporte les parcours "
            "individualisés acceptés. Sans ce nombre, elle n'est pas calculée."
        ),
    )


class ReviewForm(ScopeForm):
    """The scope and period of an interim review, and the PTP trainees the organisation declares."""

    declared_ptp_trainees = declared_trainees_field()


def last_calendar_year(today: date | None = None) -> Period:
    year = (today or timezone.localdate()).year - 1
    return Period(date(year, 1, 1), date(year, 12, 31))


class AnnualRequestForm(forms.Form):
    """An OF member asks for the annual PTP report of one of their organisations (C10)."""

    organisation = OrganisationChoiceField(
        label=_("Organisme"), queryset=Organisation.objects.none(), empty_label=None
    )
    start = date_field(_("Début de la période"))
    end = date_field(_("Fin de la période"))
    message = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que vous souhaitez voir dans le rapport, l'usage prévu…"),
    )
    declared_ptp_trainees = declared_trainees_field()

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        organisations = Organisation.objects.of_own_organisations(user).order_by("legal_name", "pk")
        self.fields["organisation"].queryset = organisations
        self.only_organisation = None
        if len(roles.organisation_ids(user)) == 1:
            # nothing to choose: the member's organisation
            self.only_organisation = organisations.first()
            field = self.fields["organisation"]
            field.widget, field.required = forms.HiddenInput(), False
            field.initial = self.only_organisation.pk

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and "organisation" not in self.errors:
            data["organisation"] = self.only_organisation
        start, end, organisation = data.get("start"), data.get("end"), data.get("organisation")
        if start and end and end < start:
            self.add_error("end", END_BEFORE_START)
        elif start and end and organisation:
            pending = AnnualReportRequest.objects.filter(
                organisation=organisation,
                period_start=start,
                period_end=end,
                status=AnnualReportRequest.Status.REQUESTED,
            )
            if pending.exists():
                raise ValidationError(
                    _(
                        "Une demande est déjà en cours pour cet organisme et cette période : "
                        "vous recevrez un e-mail dès que le rapport sera prêt."
                    )
                )
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class MeetingForm(forms.ModelForm):
    """C11: a dialogue meeting; the indicators of its period and scope are frozen when it is saved."""

    organisation = OrganisationChoiceField(
        label=_("Organisme"),
        queryset=Organisation.objects.order_by("legal_name", "pk"),
        required=False,
        empty_label=_("Tout le réseau"),
    )
    departement = departement_field()

    class Meta:
        model = DialogueMeeting
        fields = [
            "held_on",
            "organisation",
            "departement",
            "period_start",
            "period_end",
            "participants",
            "individualisation_notes",
            "levers_notes",
            "decisions",
            "actions",
        ]
        widgets = {
            "held_on": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "individualisation_notes": forms.Textarea(attrs={"rows": 4}),
            "levers_notes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "participants": _("Une personne par ligne, avec sa fonction et sa structure."),
            "period_start": _("Période des indicateurs préparés pour la réunion."),
        }

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("departement"):
            self.add_error("departement", BOTH_SCOPES)
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", END_BEFORE_START)
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["period_start"], self.cleaned_data["period_end"])

    @property
    def scope(self) -> Scope:
        organisation = self.cleaned_data.get("organisation")
        return Scope(
            organisation.pk if organisation else None, self.cleaned_data.get("departement") or None
        )


class MinutesForm(forms.ModelForm):
    """What may be completed after the meeting; its figures stay as prepared."""

    class Meta:
        model = DialogueMeeting
        fields = ["participants", "individualisation_notes", "levers_notes", "decisions", "actions"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class CommentsForm(forms.Form):
    """A comment per commitment for each side the user may write (C9): `C1_of`, `C1_tp`, …"""

    def __init__(self, data=None, *, comments, sides, **kwargs):
        super().__init__(data, **kwargs)
        self.sides = list(sides)
        current = clean_comments(comments)
        for commitment in COMMITMENTS:
            for side in self.sides:
                self.fields[f"{commitment.code}_{side}"] = forms.CharField(
                    label=f"{commitment.code} — {SIDES[side]}",
                    required=False,
                    max_length=5000,
                    initial=current[commitment.code][side],
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def written(self) -> dict:
        """What the user wrote, by commitment and side: {"C1": {"of": "…"}, …}."""
        return {
            commitment.code: {
                side: self.cleaned_data[f"{commitment.code}_{side}"] for side in self.sides
            }
            for commitment in COMMITMENTS
        }
