"""The trainee's own channel: a page reached through the link the OF shared, with no account.

It shows a short form and nothing else: no alert, no thread, no other path.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from alerts import links, services
from alerts.forms import NO_CONTROL_TRAINEE, TraineeAlertForm


def _private(response):
    # the token is in the address: never send it to another site, never index the page
    # ("no-referrer" would make browsers post with `Origin: null`, which CSRF checks refuse)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request, refusal: links.LinkRefused):
    status = 404 if refusal.reason == "invalid" else 410
    return _private(
        render(request, "alerts/trainee/refused.html", {"reason": refusal.reason}, status=status)
    )


@never_cache
def trainee_alert(request, token):
    try:
        link = links.resolve(token)
    except links.LinkRefused as refusal:
        return _refused(request, refusal)
    form = TraineeAlertForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.raise_trainee_alert(
                    token,
                    category=form.cleaned_data["category"],
                    description=form.cleaned_data["description"],
                    contact=form.cleaned_data["contact"],
                    urgent=form.cleaned_data["urgent"],
                )
            except links.LinkRefused as refusal:
                return _refused(request, refusal)
            except services.Throttled:
                form.add_error(
                    None,
                    _(
                        "Plusieurs signalements ont déjà été envoyés avec ce lien dans l'heure. "
                        "Réessayez plus tard, ou contactez directement votre organisme de formation."
                    ),
                )
                status = 429
            else:
                return _private(redirect("alerts:trainee_thanks", token=token))
    return _private(
        render(
            request,
            "alerts/trainee/form.html",
            {
                "form": form,
                "organisation": link.proposal.organisation,
                "no_control": NO_CONTROL_TRAINEE,
            },
            status=status,
        )
    )


@never_cache
def trainee_thanks(request, token):
    try:
        link = links.resolve(token)
    except links.LinkRefused as refusal:
        return _refused(request, refusal)
    return _private(
        render(
            request,
            "alerts/trainee/thanks.html",
            {"organisation": link.proposal.organisation, "token": token},
        )
    )
