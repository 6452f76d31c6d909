"""« Mes alertes »: what an OF member raises, follows, and the links they give trainees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts import links, services
from alerts.forms import NO_CONTROL, AlertForm, AttachmentForm, MessageForm, TraineeLinkForm
from alerts.models import Alert, TraineeLink
from alerts.views.common import alert_parts
from charter_portal.forms import add_service_error
from charter_portal.models import ServiceLevels
from charter_portal.scoping import get_own_or_404, of_member_required
from organisms.models import Organisation


@of_member_required
def my_alerts(request):
    # « Mes alertes » is the member's own scope, even for someone who is also staff
    queryset = (
        Alert.objects.of_own_organisations(request.user)
        .with_unread(request.user)
        .select_related("organisation", "proposal")
    )
    page = Paginator(queryset.order_by("-created_at", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "alerts/member/alert_list.html", {"page": page})


def _inactive_signatures(user) -> list[Organisation]:
    """C13: the user's organisations without an active signature. Alerts stay possible (a trainee
    at risk is never turned away), but the page says the signature is no longer active."""
    organisations = Organisation.objects.of_own_organisations(user)
    return [o for o in organisations.order_by("legal_name") if o.inactive_signature_reason()]


@of_member_required
def my_alert_create(request):
    form = AlertForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.raise_alert(
                form.instance,
                request.user,
                responses=form.cleaned_data["proposed_responses"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Alerte %(reference)s transmise : le ou la chargé(e) de projet qualité OF "
                    "de Transitions Pro Grand Est est prévenu(e)."
                )
                % {"reference": alert.reference},
            )
            return redirect("alerts:my_alert_detail", pk=alert.pk)
    return render(
        request,
        "alerts/member/alert_form.html",
        {
            "form": form,
            "no_control": NO_CONTROL,
            "ack_days": ServiceLevels.current().alert_ack_working_days,
            "inactive_signatures": _inactive_signatures(request.user),
        },
        status=400 if form.is_bound else 200,
    )


def _member_page(request, alert, *, message_form=None, attachment_form=None, status=200):
    return render(
        request,
        "alerts/member/alert_detail.html",
        {
            **alert_parts(alert, request.user),
            "message_form": message_form or MessageForm(),
            "attachment_form": attachment_form or AttachmentForm(),
        },
        status=status,
    )


def _own_alert(request, pk):
    return get_own_or_404(
        Alert.objects.select_related("organisation", "proposal"), request.user, pk=pk
    )


@of_member_required
def my_alert_detail(request, pk):
    alert = _own_alert(request, pk)
    services.record_visit(alert, request.user)
    return _member_page(request, alert)


@require_POST
@of_member_required
def my_alert_message(request, pk):
    alert = _own_alert(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        services.post_message(alert, request.user, form.cleaned_data["body"])
        messages.success(request, _("Message envoyé."))
        return redirect("alerts:my_alert_detail", pk=alert.pk)
    return _member_page(request, alert, message_form=form, status=400)


@require_POST
@of_member_required
def my_alert_attach(request, pk):
    alert = _own_alert(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachments(alert, form.cleaned_data["attachments"], request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Documents ajoutés."))
            return redirect("alerts:my_alert_detail", pk=alert.pk)
    return _member_page(request, alert, attachment_form=form, status=400)


@of_member_required
def trainee_links(request):
    form = TraineeLinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.create_trainee_link(form.instance, request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Lien créé pour %(proposal)s : copiez-le et transmettez-le au ou à la stagiaire.")
                % {"proposal": link.proposal.reference},
            )
            return redirect("alerts:trainee_links")
    queryset = TraineeLink.objects.of_own_organisations(request.user).select_related("proposal")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    rows = [(link, request.build_absolute_uri(links.path_for(link))) for link in page]
    return render(
        request,
        "alerts/member/trainee_links.html",
        {"form": form, "page": page, "rows": rows},
        status=400 if form.is_bound else 200,
    )


@require_POST
@of_member_required
def trainee_link_revoke(request, pk):
    link = get_own_or_404(TraineeLink.objects, request.user, pk=pk)
    try:
        services.revoke_trainee_link(link.pk, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Lien révoqué : il ne permet plus d'émettre d'alerte."))
    return redirect("alerts:trainee_links")
