"""« Mon organisme »: what an OF member sees and may change of their own organisation."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from charter_portal.scoping import get_own_or_404, of_member_required
from organisms import services
from organisms.forms import PublicProfileForm
from organisms.models import Organisation, Signature
from organisms.views.staff import organisation_standing


@of_member_required
def my_organisation(request):
    organisations = list(
        Organisation.objects.of_own_organisations(request.user).prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.select_related("edition"))
        )
    )
    if len(organisations) == 1:
        return redirect("organisms:my_organisation_detail", pk=organisations[0].pk)
    rows = [(org, *organisation_standing(org)) for org in organisations]
    return render(request, "organisms/member/my_organisations.html", {"rows": rows})


def _own_organisation(request, pk):
    # staff use the back office; « Mon organisme » is the member's own scope only
    return get_own_or_404(Organisation.objects, request.user, pk=pk)


@of_member_required
def my_organisation_detail(request, pk):
    organisation = _own_organisation(request, pk)
    signatures = list(organisation.signatures.select_related("edition"))
    standing, current = organisation_standing(organisation)
    return render(
        request,
        "organisms/member/my_organisation.html",
        {
            "organisation": organisation,
            "signatures": signatures,
            "standing": standing,
            "current": current,
        },
    )


@of_member_required
def my_organisation_edit(request, pk):
    organisation = _own_organisation(request, pk)
    form = PublicProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_public_profile(form.instance, request.user)
        messages.success(request, _("Vos informations ont été mises à jour."))
        return redirect("organisms:my_organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisms/member/my_organisation_form.html",
        {"form": form, "organisation": organisation},
    )
