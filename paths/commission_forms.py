"""Forms of the commission screens: sessions, decisions, the queue's scheduling, and the steps of
a refusal dialogue (C5, C6)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from charter_portal import roles
from charter_portal.dates import validate_plausible_date
from charter_portal.widgets import DateInput
from paths import commission
from paths.models import (
    CommissionSession,
    ContactChannel,
    DecisionOutcome,
    DecisionReason,
    DialogueOutcome,
    PathProposal,
)


class SessionForm(forms.ModelForm):
    class Meta:
        model = CommissionSession
        fields = ["held_on", "title", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "held_on": {"unique": gettext_lazy("Une commission est déjà prévue ce jour-là.")}
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Décision"), choices=[("", "—"), *DecisionOutcome.choices]
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Motif"),
        required=False,
        choices=[("", "—"), *DecisionReason.choices],
        help_text=gettext_lazy("Obligatoire pour un refus ; possible pour un ajournement."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Commentaire de la commission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Communiqué à l'organisme avec la décision."),
    )


class ScheduleForm(forms.Form):
    """The session, by its date (unique): the choices are computed once for the whole page."""

    session = forms.ChoiceField(label=gettext_lazy("Commission"))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.held_on.isoformat(), str(s)) for s in sessions]


# ---------------------------------------------------------------- refusal dialogues (C6)

DIALOGUE_FILTERS = [
    ("", gettext_lazy("Tous")),
    ("open", gettext_lazy("En cours")),
    ("overdue", gettext_lazy("En retard")),
    ("closed", gettext_lazy("Clos")),
]


class DialogueFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("État"), required=False, choices=DIALOGUE_FILTERS)


class ContactForm(forms.Form):
    contacted_on = forms.DateField(
        label=gettext_lazy("Date du contact"),
        widget=DateInput(),
        validators=[validate_plausible_date],
    )
    contact_channel = forms.ChoiceField(
        label=gettext_lazy("Moyen"), choices=[("", "—"), *ContactChannel.choices]
    )
    contacted_by = forms.ModelChoiceField(
        label=gettext_lazy("Contact pris par"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("Vous-même si vous ne choisissez personne."),
    )
    contact_person = forms.CharField(
        label=gettext_lazy("Interlocuteur du dossier dans l'organisme"), max_length=150
    )

    def __init__(self, *args, dialogue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Q(is_superuser=True) | Q(groups__name__in=list(roles.STAFF_ROLES))
        self.fields["contacted_by"].queryset = (
            get_user_model().objects.filter(staff, is_active=True).distinct()
        )
        self.fields["contacted_by"].initial = user
        self.fields["contact_person"].initial = (
            dialogue.contact_person or dialogue.proposal.organisation.contact_name
        )
        self.fields["contacted_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason_stated_on = forms.DateField(
        label=gettext_lazy("Motif précisé le"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
    )
    reason_statement = forms.CharField(
        label=gettext_lazy("Motif du refus, tel que précisé à l'organisme"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExpectationsForm(forms.Form):
    expectations_shared_on = forms.DateField(
        label=gettext_lazy("Attendus partagés le"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
    )
    expectations = forms.CharField(
        label=gettext_lazy("Attendus de la commission"), widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Issue commune"),
        choices=[
            (DialogueOutcome.NEW_PROPOSAL, DialogueOutcome.NEW_PROPOSAL.label),
            (DialogueOutcome.ABANDONED, DialogueOutcome.ABANDONED.label),
        ],
        widget=forms.RadioSelect,
    )
    new_proposal = forms.ModelChoiceField(
        label=gettext_lazy("Nouvelle proposition de l'organisme"),
        queryset=PathProposal.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Pour une nouvelle proposition : celle que l'organisme a déposée à la suite du refus."
        ),
    )

    def __init__(self, *args, dialogue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_proposal"].queryset = commission.new_proposal_candidates(dialogue)


STEP_FORMS = {
    "contact": ContactForm,
    "reason": ReasonForm,
    "expectations": ExpectationsForm,
    "outcome": OutcomeForm,
}
STEP_TITLES = {
    "contact": gettext_lazy("1. Contacter l'interlocuteur du dossier"),
    "reason": gettext_lazy("2. Préciser le motif du refus"),
    "expectations": gettext_lazy("3. Partager les attendus de la commission"),
    "outcome": gettext_lazy("Issue commune"),
}


def step_form(step, dialogue, user, data=None):
    """The form of one step of the dialogue, prefixed by the step."""
    form_class = STEP_FORMS[step]
    kwargs = {"prefix": step}
    if form_class in (ContactForm, OutcomeForm):
        kwargs.update(dialogue=dialogue, user=user)
    return form_class(data, **kwargs)
