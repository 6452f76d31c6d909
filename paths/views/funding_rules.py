"""Screens: the PTP funding rules and the SMIC table, kept by administrators (issue 9 §1).

« Règles de financement »: every staff member reads the rule sets (with their source and date)
and the dated SMIC table with its history; administrators add a SMIC value, add or correct a
rule set, without a release. OF members and the public get a 404 / the login page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal.forms import add_service_error
from charter_portal.scoping import permission_required, staff_required
from paths import funding_data, services
from paths.forms import FundingRuleSetForm, SmicRateForm
from paths.models import FundingRuleSet, SmicRate

HISTORY_SHOWN = 30


@staff_required
def funding_rules(request):
    today = timezone.localdate()
    in_force = FundingRuleSet.objects.in_force(today)
    smic_today = SmicRate.objects.on(today)
    return render(
        request,
        "paths/funding_rules/list.html",
        {
            "rule_sets": list(FundingRuleSet.objects.order_by("-valid_from", "-pk")),
            "rule_set_in_force": in_force,
            "smic_rates": list(SmicRate.objects.order_by("-valid_from")),
            "smic_today": smic_today,
            "smic_to_confirm": funding_data.smic_to_confirm(today),
            "smic_history": list(
                SmicRate.history.select_related("history_user")
                .prefetch_related("history_user__groups")
                .order_by("-history_date")[:HISTORY_SHOWN]
            ),
            "rule_set_history": list(
                FundingRuleSet.history.select_related("history_user")
                .prefetch_related("history_user__groups")
                .order_by("-history_date")[:HISTORY_SHOWN]
            ),
            "may_add_smic": request.user.has_perm("paths.add_smicrate"),
            "may_add_rule_set": request.user.has_perm("paths.add_fundingruleset"),
            "may_change_rule_set": request.user.has_perm("paths.change_fundingruleset"),
        },
    )


def _form_page(request, form, service, success, template, context):
    """The form's page: on a valid POST the service saves it (its errors go next to their
    field) and the list is shown again with `success`; else the form (400 when it has errors)."""
    if request.method == "POST" and form.is_valid():
        try:
            service(form.instance, request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("paths:funding_rules")
    return render(
        request, template, {"form": form, **context}, status=400 if form.is_bound else 200
    )


@permission_required("paths.add_smicrate")
def smic_add(request):
    form = SmicRateForm(request.POST or None)
    return _form_page(
        request,
        form,
        services.add_smic_rate,
        _("Valeur du SMIC enregistrée : la vérification du financement l'utilise désormais."),
        "paths/funding_rules/smic_form.html",
        {},
    )


@permission_required("paths.add_fundingruleset")
def rule_set_add(request):
    # start from the rule set in force: most figures carry over from one guide to the next
    latest = FundingRuleSet.objects.order_by("-valid_from").first()
    initial = {}
    if latest is not None:
        initial = {
            name: getattr(latest, name)
            for name in FundingRuleSetForm.Meta.fields
            if name not in ("name", "source", "source_date", "valid_from", "valid_until")
        }
    form = FundingRuleSetForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        services.save_rule_set,
        _("Règles de financement enregistrées."),
        "paths/funding_rules/rule_set_form.html",
        {"rule_set": None},
    )


@permission_required("paths.change_fundingruleset")
def rule_set_edit(request, pk):
    rule_set = get_object_or_404(FundingRuleSet, pk=pk)
    form = FundingRuleSetForm(request.POST or None, instance=rule_set)
    return _form_page(
        request,
        form,
        services.save_rule_set,
        _("Règles de financement mises à jour."),
        "paths/funding_rules/rule_set_form.html",
        {"rule_set": rule_set},
    )


urlpatterns = [
    path("regles-de-financement/", funding_rules, name="funding_rules"),
    path("regles-de-financement/smic/ajouter/", smic_add, name="smic_add"),
    path("regles-de-financement/ajouter/", rule_set_add, name="rule_set_add"),
    path("regles-de-financement/<int:pk>/modifier/", rule_set_edit, name="rule_set_edit"),
]
