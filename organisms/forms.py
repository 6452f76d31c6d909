from django import forms
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from charter_portal.widgets import DateInput
from organisms.models import (
    CharterEdition,
    CommunicationControl,
    Departement,
    Organisation,
    Signature,
    SignatureStatus,
)


def https_urls(model_field, **kwargs):
    """Web addresses typed without a scheme are taken as https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class StoredFileInput(forms.ClearableFileInput):
    """The current file links to the permission-checked view that serves it (`url_name` with the
    record's pk), not to MEDIA_URL, which the portal never serves."""

    def __init__(self, url_name, **kwargs):
        self.url_name = url_name
        self.record_pk = None
        super().__init__(**kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        current = context["widget"]["value"]
        if context["widget"]["is_initial"] and self.record_pk is not None:
            context["widget"]["value"] = StoredFile(
                current, reverse(self.url_name, args=[self.record_pk])
            )
        return context


class StoredFile:
    """A stored file as the widget shows it: its name, and where the portal serves it."""

    def __init__(self, file, url):
        self.name = file.name.rsplit("/", 1)[-1]
        self.url = url

    def __str__(self):
        return self.name


class StoredFileFormMixin:
    """Tells each StoredFileInput which record it shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, StoredFileInput):
                field.widget.record_pk = self.instance.pk


class OrganisationForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_urls
        model = Organisation
        fields = [
            "legal_name",
            "trade_name",
            "siret",
            "nda",
            "address",
            "postcode",
            "city",
            "departement",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "qualiopi_certified",
            "qualiopi_date",
            "certifications",
            "public_description",
        ]
        widgets = {
            "qualiopi_date": DateInput(),
            "certifications": forms.Textarea(attrs={"rows": 3}),
            "public_description": forms.Textarea(attrs={"rows": 4}),
        }


class PublicProfileForm(forms.ModelForm):
    """What an OF member may change about their own organisation."""

    class Meta:
        formfield_callback = https_urls
        model = Organisation
        fields = ["public_description", "website", "contact_name", "contact_email", "contact_phone"]
        widgets = {"public_description": forms.Textarea(attrs={"rows": 5})}


class CharterEditionForm(StoredFileFormMixin, forms.ModelForm):
    class Meta:
        model = CharterEdition
        fields = ["title", "version", "valid_from", "valid_until", "document"]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "document": StoredFileInput("organisms:edition_document"),
        }


class SignatureForm(StoredFileFormMixin, forms.ModelForm):
    class Meta:
        model = Signature
        fields = [
            "edition",
            "place",
            "signed_on",
            "of_signatory_name",
            "of_signatory_function",
            "tp_signatory_name",
            "tp_signatory_function",
            "document",
        ]
        widgets = {
            "signed_on": DateInput(),
            "document": StoredFileInput("organisms:signature_document"),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.instance.organisation = organisation


class ControlForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_urls
        model = CommunicationControl
        fields = ["opened_on", "medium", "seen_description", "evidence_url", "evidence_file"]
        widgets = {"opened_on": DateInput(), "seen_description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "seen_description": _(
                "Décrivez la communication observée. Un contrôle ne part jamais d'une alerte "
                "émise par l'organisme ou par un stagiaire : il n'existe et n'existera aucun lien "
                "entre les alertes et les contrôles (charte d'engagement)."
            ),
        }

    def clean(self):
        data = super().clean()
        if not data.get("evidence_url") and not data.get("evidence_file"):
            raise forms.ValidationError(
                _("Joignez une preuve : une adresse web ou un fichier PDF.")
            )
        return data


class ConcludeControlForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Conclusion"),
        choices=[
            (CommunicationControl.Outcome.COMPLIANT, CommunicationControl.Outcome.COMPLIANT.label),
            (CommunicationControl.Outcome.BREACH, CommunicationControl.Outcome.BREACH.label),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Un manquement confirmé retire immédiatement la signature active de l'organisme, "
            "le retire de l'annuaire et lui est notifié par e-mail."
        ),
    )
    findings = forms.CharField(label=_("Constats"), widget=forms.Textarea(attrs={"rows": 4}))


STATUS_FILTER_CHOICES = (
    [("", _("Tous"))] + list(SignatureStatus.choices) + [("none", _("Jamais signé"))]
)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False)
    departement = forms.ChoiceField(
        label=_("Département"),
        required=False,
        choices=[("", _("Tous"))] + list(Departement.choices),
    )
    status = forms.ChoiceField(label=_("Signature"), required=False, choices=STATUS_FILTER_CHOICES)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, ville ou certification"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("ex. Reims, RNCP34567, soudure")}
        ),
    )
    departement = forms.ChoiceField(
        label=_("Département"),
        required=False,
        choices=[("", _("Tous les départements"))] + list(Departement.choices),
    )
