from django import forms

from charter_portal.models import NotificationPreference
from charter_portal.preferences import EVENTS


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["language", *EVENTS]
        widgets = {event: forms.RadioSelect for event in EVENTS}
        labels = dict(EVENTS)
