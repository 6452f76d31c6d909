"""Back-office screens for Transitions Pro staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter_portal.history import entries
from charter_portal.scoping import get_visible_or_404, permission_required, staff_required
from organisms import services
from organisms.forms import (
    CharterEditionForm,
    ConcludeControlForm,
    ControlForm,
    OrganisationFilterForm,
    OrganisationForm,
    SignatureForm,
)
from organisms.models import (
    CharterEdition,
    CommunicationControl,
    Membership,
    Organisation,
    Signature,
    SignatureStatus,
    today,
)


def _filter_organisations(queryset, data):
    q = data.get("q", "").strip()
    for word in q.split():
        queryset = queryset.filter(
            Q(legal_name__icontains=word)
            | Q(trade_name__icontains=word)
            | Q(city__icontains=word)
            | Q(siret__startswith=word)
            | Q(postcode__startswith=word)
        )
    if data.get("departement"):
        queryset = queryset.filter(departement=data["departement"])
    status = data.get("status")
    if status == "none":
        queryset = queryset.filter(signatures__isnull=True)
    elif status in SignatureStatus.values:
        day = today()
        if status == SignatureStatus.ACTIVE:
            queryset = queryset.signatories(day)
        else:
            # the organisation's standing: withdrawn/expired only counts when nothing is active now
            queryset = queryset.filter(
                pk__in=Signature.objects.with_status(status, day).values("organisation_id")
            ).exclude(pk__in=Signature.objects.active(day).values("organisation_id"))
    return queryset


def organisation_standing(organisation, day=None):
    """The organisation's charter standing from its prefetched signatures."""
    day = day or today()
    statuses = [(s.status(day), s) for s in organisation.signatures.all()]
    for wanted in (
        SignatureStatus.ACTIVE,
        SignatureStatus.UPCOMING,
        SignatureStatus.WITHDRAWN,
        SignatureStatus.EXPIRED,
    ):
        for status, signature in statuses:
            if status == wanted:
                return SignatureStatus(status), signature
    return None, None


@staff_required
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = _filter_organisations(Organisation.objects.visible_to(request.user), data)
    queryset = queryset.prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("edition"))
    ).distinct()
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    day = today()
    rows = [(org, *organisation_standing(org, day)) for org in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisms/staff/organisation_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@permission_required("organisms.add_organisation")
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.save_organisation(form.instance, request.user)
        messages.success(request, _("Organisme enregistré."))
        return redirect("organisms:organisation_detail", pk=organisation.pk)
    return render(request, "organisms/staff/organisation_form.html", {"form": form})


@staff_required
def organisation_detail(request, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, pk=pk)
    signatures = list(organisation.signatures.select_related("edition", "withdrawn_by_control"))
    controls = []
    if request.user.has_perm("organisms.view_communicationcontrol"):
        controls = list(
            organisation.controls.visible_to(request.user)
            .select_related("opened_by")
            .prefetch_related("opened_by__groups")
        )
    members = list(
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user")
    )
    history = entries(
        Organisation.history.filter(id=organisation.pk),
        Signature.history.filter(organisation_id=organisation.pk),
        CommunicationControl.history.filter(organisation_id=organisation.pk),
    )
    standing, _signature = organisation_standing(organisation)
    return render(
        request,
        "organisms/staff/organisation_detail.html",
        {
            "organisation": organisation,
            "signatures": signatures,
            "controls": controls,
            "members": members,
            "history": history,
            "standing": standing,
        },
    )


@permission_required("organisms.change_organisation")
def organisation_edit(request, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_organisation(form.instance, request.user)
        messages.success(request, _("Organisme mis à jour."))
        return redirect("organisms:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisms/staff/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@permission_required("organisms.add_signature")
def signature_create(request, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, pk=pk)
    form = SignatureForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_signature(form.instance, request.user)
        messages.success(request, _("Signature enregistrée."))
        return redirect("organisms:organisation_detail", pk=organisation.pk)
    return render(
        request, "organisms/staff/signature_form.html", {"form": form, "organisation": organisation}
    )


@permission_required("organisms.change_signature")
def signature_edit(request, pk):
    signature = get_visible_or_404(
        Signature.objects.select_related("organisation"), request.user, pk=pk
    )
    form = SignatureForm(request.POST or None, request.FILES or None, instance=signature)
    if request.method == "POST" and form.is_valid():
        services.save_signature(form.instance, request.user)
        messages.success(request, _("Signature mise à jour."))
        return redirect("organisms:organisation_detail", pk=signature.organisation_id)
    return render(
        request,
        "organisms/staff/signature_form.html",
        {"form": form, "organisation": signature.organisation, "signature": signature},
    )


@staff_required
def edition_list(request):
    editions = CharterEdition.objects.all()
    return render(request, "organisms/staff/edition_list.html", {"editions": editions})


@permission_required("organisms.add_charteredition")
def edition_create(request):
    form = CharterEditionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.save_edition(form.instance, request.user)
        messages.success(request, _("Édition de la charte enregistrée."))
        return redirect("organisms:edition_list")
    return render(request, "organisms/staff/edition_form.html", {"form": form})


@permission_required("organisms.change_charteredition")
def edition_edit(request, pk):
    edition = get_object_or_404(CharterEdition, pk=pk)
    form = CharterEditionForm(request.POST or None, request.FILES or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        services.save_edition(form.instance, request.user)
        messages.success(request, _("Édition de la charte mise à jour."))
        return redirect("organisms:edition_list")
    return render(request, "organisms/staff/edition_form.html", {"form": form, "edition": edition})


@permission_required("organisms.add_communicationcontrol")
def control_create(request, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, pk=pk)
    form = ControlForm(request.POST or None, request.FILES or None)
    form.instance.organisation = organisation
    if request.method == "POST" and form.is_valid():
        control = services.open_control(form.instance, request.user)
        messages.success(request, _("Contrôle ouvert."))
        return redirect("organisms:control_detail", pk=control.pk)
    return render(
        request, "organisms/staff/control_form.html", {"form": form, "organisation": organisation}
    )


def _control_page(request, control, form, status=200):
    can_conclude = control.is_open and request.user.has_perm(
        "organisms.change_communicationcontrol"
    )
    return render(
        request,
        "organisms/staff/control_detail.html",
        {
            "control": control,
            "form": form,
            "can_conclude": can_conclude,
            "history": entries(CommunicationControl.history.filter(id=control.pk)),
        },
        status=status,
    )


@permission_required("organisms.view_communicationcontrol")
def control_detail(request, pk):
    control = get_visible_or_404(
        CommunicationControl.objects.select_related(
            "organisation", "opened_by", "decided_by"
        ).prefetch_related("opened_by__groups", "decided_by__groups"),
        request.user,
        pk=pk,
    )
    return _control_page(request, control, ConcludeControlForm())


@require_POST
@permission_required("organisms.change_communicationcontrol")
def control_conclude(request, pk):
    control = get_visible_or_404(CommunicationControl.objects, request.user, pk=pk)
    form = ConcludeControlForm(request.POST)
    if form.is_valid():
        try:
            control = services.conclude_control(
                control.pk,
                form.cleaned_data["outcome"],
                form.cleaned_data["findings"],
                request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if control.outcome == CommunicationControl.Outcome.BREACH:
                messages.warning(
                    request,
                    _(
                        "Manquement confirmé : la signature est retirée et l'organisme n'apparaît plus dans l'annuaire."
                    ),
                )
            else:
                messages.success(request, _("Contrôle conclu : communication conforme."))
            return redirect("organisms:control_detail", pk=control.pk)
    return _control_page(request, control, form, status=400)
