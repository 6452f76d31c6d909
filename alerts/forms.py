from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import (
    Alert,
    AlertOutcome,
    AlertStatus,
    Category,
    Origin,
    ResponseCode,
    Severity,
    TraineeLink,
)
from alerts.validators import ACCEPT, validate_pdf_or_image
from charter_portal.people import ASSIGN_CHOICES
from charter_portal.validators import validate_not_social_security_number
from charter_portal.widgets import DateInput
from organisms.models import Organisation
from paths.models import PathProposal

NO_CONTROL = _(
    "Une alerte n'entraîne jamais de contrôle de votre organisme : Transitions Pro Grand Est "
    "s'y engage dans la charte d'engagement. Elle sert à trouver ensemble une solution pour "
    "sécuriser le parcours."
)
NO_CONTROL_TRAINEE = _(
    "Votre signalement n'entraînera jamais de contrôle de votre organisme de formation : "
    "Transitions Pro Grand Est s'y engage dans la charte d'engagement. Il sert "
    "à trouver, avec votre organisme, une solution pour que votre parcours continue."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the field's validators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def attachments_field():
    return MultipleFileField(
        label=_("Documents (PDF ou photos)"),
        required=False,
        validators=[validate_pdf_or_image],
        help_text=_("Facultatif. PDF, PNG ou JPEG, 5 fichiers au plus."),
    )


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, proposal):
        return f"{proposal.reference} – {proposal.trainee_reference} – {proposal.target_job}"


class AlertForm(forms.ModelForm):
    """The OF's alert form: short enough to fill on a phone in under a minute."""

    organisation = forms.ModelChoiceField(
        label=_("Organisme"), queryset=Organisation.objects.none()
    )
    proposal = ProposalChoiceField(
        label=_("Proposition de parcours concernée"),
        queryset=PathProposal.objects.none(),
        required=False,
        empty_label=_("— aucune (j'indique ma référence du stagiaire) —"),
    )
    proposed_responses = forms.MultipleChoiceField(
        label=_("Réponses que vous proposez"),
        choices=ResponseCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = attachments_field()

    class Meta:
        model = Alert
        fields = [
            "organisation",
            "category",
            "severity",
            "proposal",
            "trainee_reference",
            "observed_on",
            "description",
            "proposed_responses",
            "responses_details",
            "attachments",
        ]
        widgets = {
            "observed_on": DateInput(),
            "severity": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "responses_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.of_own_organisations(user)
        self.fields["organisation"].queryset = organisations
        self.fields["proposal"].queryset = PathProposal.objects.of_own_organisations(user).order_by(
            "-created_at", "-pk"
        )
        self.fields["severity"].choices = Severity.choices
        own = list(organisations[:2])
        if len(own) == 1:
            # one organisation: nothing to choose
            self.fields["organisation"].initial = own[0]
            self.fields["organisation"].widget = forms.HiddenInput()


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 3}))


class StaffMessageForm(MessageForm):
    internal = forms.BooleanField(
        label=_("Note interne (jamais visible par l'organisme)"), required=False
    )


class AttachmentForm(forms.Form):
    attachments = attachments_field()

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if not files:
            raise forms.ValidationError(_("Choisissez au moins un fichier."))
        return files


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Issue"), choices=AlertOutcome.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Message de clôture à l'organisme"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé à l'organisme avec l'avis de clôture. Pas de note interne ici."),
    )


class TraineeAlertForm(forms.Form):
    """What a trainee is asked: the least needed to understand and, if they wish, call back."""

    category = forms.ChoiceField(
        label=_("De quoi s'agit-il ?"),
        choices=[("", "—"), *Category.choices],
    )
    description = forms.CharField(
        label=_("Que se passe-t-il ?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_(
            "Décrivez la situation avec vos mots. Inutile de donner des détails médicaux "
            "ou des informations sur d'autres personnes."
        ),
    )
    urgent = forms.BooleanField(
        label=_("C'est urgent : je risque d'arrêter ma formation très bientôt"), required=False
    )
    contact = forms.CharField(
        label=_("Comment vous joindre (facultatif)"),
        required=False,
        max_length=150,
        validators=[validate_not_social_security_number],
        help_text=_(
            "Un téléphone ou une adresse e-mail si vous souhaitez être recontacté(e). "
            "Ne donnez jamais votre numéro de sécurité sociale."
        ),
    )


class TraineeLinkForm(forms.ModelForm):
    proposal = ProposalChoiceField(label=_("Parcours"), queryset=PathProposal.objects.none())

    class Meta:
        model = TraineeLink
        fields = ["proposal", "expires_on"]
        widgets = {"expires_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = PathProposal.objects.of_own_organisations(user).order_by(
            "-created_at", "-pk"
        )


AGE_CHOICES = [
    ("", _("Toutes")),
    ("lt7", _("Moins de 7 jours")),
    ("7to30", _("De 7 à 30 jours")),
    ("gt30", _("Plus de 30 jours")),
]
OVERDUE = "overdue"
STATUS_FILTER_CHOICES = [
    ("", _("Tous")),
    (OVERDUE, _("Non prise en compte dans le délai")),
    *AlertStatus.choices,
]


class AlertFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisme"),
        queryset=Organisation.objects.order_by("legal_name"),
        required=False,
        empty_label=_("Tous"),
    )
    category = forms.ChoiceField(
        label=_("Nature"), choices=[("", _("Toutes")), *Category.choices], required=False
    )
    origin = forms.ChoiceField(
        label=_("Émise par"), choices=[("", _("Tous")), *Origin.choices], required=False
    )
    severity = forms.ChoiceField(
        label=_("Gravité"), choices=[("", _("Toutes")), *Severity.choices], required=False
    )
    status = forms.ChoiceField(label=_("Statut"), choices=STATUS_FILTER_CHOICES, required=False)
    age = forms.ChoiceField(label=_("Ancienneté"), choices=AGE_CHOICES, required=False)
    assigned = forms.ChoiceField(label=_("Suivi par"), choices=ASSIGN_CHOICES, required=False)
