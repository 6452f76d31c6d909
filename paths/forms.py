"""Forms of the proposal screens: the proposal with its levers, modules and attachments, staff
feedback, thread messages and the review queue's filters."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from charter_portal.dates import validate_plausible_date
from charter_portal.people import ASSIGN_CHOICES
from charter_portal.widgets import DateInput
from organisms.models import Organisation
from organisms.validators import validate_pdf
from paths.models import (
    Feedback,
    FundingRuleSet,
    LeverCode,
    Message,
    PathModule,
    PathProposal,
    ProposalAttachment,
    ProposalStatus,
    SmicRate,
)
from paths.services import PROPOSAL_FIELDS, REQUIRED_FOR_SENDING

PDF_ACCEPT = {"accept": "application/pdf,.pdf"}


class ProposalForm(forms.ModelForm):
    """The proposal itself; an OF member of several organisations says for which one."""

    class Meta:
        model = PathProposal
        fields = PROPOSAL_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "concerted_on": DateInput(),
            "competence_blocks": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "concerted_on": _(
                "La charte invite à prendre contact avec Transitions Pro dès que le parcours est "
                "imaginé : indiquez la date de ce premier échange, s'il a eu lieu."
            ),
            "concerted_with": _("Par exemple : la chargée de projet analyse des parcours."),
            "standard_hours": _(
                "Le parcours standard de la certification, dont votre proposition s'écarte : "
                "l'individualisation se lit dans l'écart."
            ),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None and len(organisations) > 1:
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    label=_("Organisme"),
                    queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
                ),
                **self.fields,
            }
        # a draft saves whatever is typed: these are marked as needed for sending, checked then
        for name in REQUIRED_FOR_SENDING:
            self.fields[name].required = False
            self.fields[name].required_for_sending = True

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            field = PathProposal._meta.get_field(name) if name in PROPOSAL_FIELDS else None
            if value is None and field is not None and field.has_default():
                data[name] = field.get_default()  # an emptied figure counts as 0 in a draft
        if data.get("organisation") is not None:
            self.instance.organisation = data["organisation"]
        return data


class LeversForm(forms.Form):
    """The levers of individualisation (C1): a box and a short explanation for each."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for code, label in LeverCode.choices:
            self.fields[f"lever_{code}"] = forms.BooleanField(
                label=label, required=False, initial=code in current
            )
            self.fields[f"explanation_{code}"] = forms.CharField(
                label=gettext("Explication : %(lever)s") % {"lever": label},
                required=False,
                max_length=500,
                initial=current.get(code, ""),
            )

    def clean(self):
        data = super().clean()
        for code in LeverCode.values:
            if data.get(f"lever_{code}") and not (data.get(f"explanation_{code}") or "").strip():
                self.add_error(
                    f"explanation_{code}",
                    gettext("Expliquez en quelques mots comment ce levier est mis en œuvre."),
                )
        return data

    def rows(self):
        return [(self[f"lever_{code}"], self[f"explanation_{code}"]) for code in LeverCode.values]

    def levers(self) -> list[dict]:
        """The levers chosen: ticked, or explained (an explanation is a choice)."""
        data = self.cleaned_data
        return [
            {"code": code, "explanation": data[f"explanation_{code}"].strip()}
            for code in LeverCode.values
            if data.get(f"lever_{code}") or data.get(f"explanation_{code}", "").strip()
        ]


class ModuleForm(forms.ModelForm):
    class Meta:
        model = PathModule
        fields = ["name", "hours", "modality", "cost_ht"]

    def __init__(self, *args, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        if number is not None:
            labels = {
                "name": gettext("intitulé"),
                "hours": gettext("heures"),
                "modality": gettext("modalité"),
                "cost_ht": gettext("coût (€ HT)"),
            }
            for name, field in self.fields.items():
                field.label = gettext("Module %(number)s : %(field)s") % {
                    "number": number,
                    "field": labels[name],
                }


class BaseModuleFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": None if index is None else index + 1}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None:
            form.fields["DELETE"].label = gettext("Module %(number)s : supprimer") % {
                "number": index + 1
            }

    def modules(self) -> list[dict]:
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# Three empty rows: more appear each time the proposal is saved.
ModuleFormSet = forms.formset_factory(
    ModuleForm, formset=BaseModuleFormSet, extra=3, can_delete=True
)


class AttachmentsForm(forms.Form):
    programme = forms.FileField(
        label=_("Programme de formation (PDF)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    positioning = forms.FileField(
        label=_("Résultat du positionnement (PDF)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    other = forms.FileField(
        label=_("Autre document (PDF)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Retirer des documents déjà joints"),
        queryset=ProposalAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None and proposal.pk and proposal.attachments.exists():
            self.fields["remove"].queryset = proposal.attachments.all()
        else:
            del self.fields["remove"]

    def uploads(self) -> list[tuple[str, object]]:
        return [
            (kind, self.cleaned_data[kind])
            for kind in ProposalAttachment.Kind.values
            if self.cleaned_data.get(kind)
        ]

    def removed(self) -> list[int]:
        return [attachment.pk for attachment in self.cleaned_data.get("remove") or []]


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["text", "cofunding_leads"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "cofunding_leads": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "cofunding_leads": _(
                "Par exemple : abondement du CPF, employeur, Région, OPCO, France Travail."
            ),
        }


class MessageForm(forms.ModelForm):
    """A message in the thread; only staff see (and may tick) the internal-note box."""

    class Meta:
        model = Message
        fields = ["body", "attachment", "internal"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "attachment": forms.ClearableFileInput(attrs=PDF_ACCEPT),
        }

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]


CONCERTED_CHOICES = [("", _("Toutes")), ("yes", _("Concertées")), ("no", _("Non concertées"))]


# the review queue: what it shows without a status chosen, and the choice that shows them all
ALL_SENT = "all"
CLOSED_FOR_QUEUE = [ProposalStatus.DRAFT, ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN]
# what the queue opens on, named rather than excluded: an index finds these few among many
OPEN_FOR_QUEUE = [status for status in ProposalStatus if status not in CLOSED_FOR_QUEUE]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Référence ou métier"), required=False)
    # a search field, not a <select> of every organisation (a thousand options at national scale)
    organisation = forms.CharField(
        label=_("Organisme (nom ou SIRET)"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("En cours (ni décidées, ni retirées)")),
            (ALL_SENT, _("Toutes les transmises, décidées et retirées comprises")),
        ]
        + list(ProposalStatus.choices),
    )
    assigned = forms.ChoiceField(label=_("Suivi par"), required=False, choices=ASSIGN_CHOICES)
    lever = forms.ChoiceField(
        label=_("Levier"), required=False, choices=[("", _("Tous"))] + list(LeverCode.choices)
    )
    concerted = forms.ChoiceField(
        label=_("Concertation préalable"), required=False, choices=CONCERTED_CHOICES
    )
    submitted_from = forms.DateField(
        label=_("Transmises à partir du"),
        required=False,
        widget=DateInput(),
        validators=[validate_plausible_date],
    )
    submitted_to = forms.DateField(
        label=_("Transmises jusqu'au"),
        required=False,
        widget=DateInput(),
        validators=[validate_plausible_date],
    )
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)


# ---------------------------------------------------------------- funding rules (administrators)


class SmicRateForm(forms.ModelForm):
    class Meta:
        model = SmicRate
        fields = ["valid_from", "monthly_gross", "source"]
        widgets = {"valid_from": DateInput()}
        help_texts = {
            "monthly_gross": _("Montant mensuel brut pour 35 heures (151,67 h), en euros."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True


RULE_SET_FIELDS = [
    "name",
    "source",
    "source_date",
    "valid_from",
    "valid_until",
    "pedagogic_total_cap_ht",
    "pedagogic_hourly_cap_ht",
    "vat_rate_percent",
    "salary_full_rate_percent",
    "salary_reduced_rate_percent",
    "salary_threshold_smic_multiple",
    "full_time_max_months",
    "part_time_max_hours",
    "company_hours_share_percent",
    "file_due_months_before",
    "leave_notice_long_days",
    "leave_notice_short_days",
    "long_interruption_months",
]


class FundingRuleSetForm(forms.ModelForm):
    class Meta:
        model = FundingRuleSet
        fields = RULE_SET_FIELDS
        widgets = {
            "source_date": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["source_date"].required = True

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("La fin de validité doit suivre le début de validité."))
        return data
