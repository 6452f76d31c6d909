"""The email preferences page, where every email's unsubscribe link leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from charter_portal import roles
from charter_portal.preferences import for_user
from reminders import services
from reminders.forms import PreferencesForm


@login_required
def preferences(request):
    preference = for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(form, request.user)
        messages.success(request, _("Vos préférences d'emails sont enregistrées."))
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "quality_officer": roles.is_quality_officer(request.user)},
    )
