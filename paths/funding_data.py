"""Glue between the database and the pure funding check (paths/funding/): loads the rule set in
force at the start date and the SMIC applying then, and returns the check's JSON-ready result
(the API's serializer, the one JSON of a funding check)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal.dates import validate_plausible_date
from paths import funding
from paths.funding.rules import file_due_by
from paths.models import FundingRuleSet, PathProposal, ProposalStatus, SmicRate, in_force_among

ZERO = Decimal("0")


class NoFundingRules(ValidationError):
    """No rule set applies to that start date: an error on `start_date` (a 400 in the API)."""

    def __init__(self, start_date: date):
        super().__init__(
            {
                "start_date": _(
                    "Aucune règle de financement pour cette date de début (%(day)s) : un "
                    "administrateur doit enregistrer les règles applicables."
                )
                % {"day": start_date.strftime("%d/%m/%Y")}
            }
        )


def rules_in_force(start_date: date) -> funding.FundingRules:
    rule_set = FundingRuleSet.objects.in_force(start_date)
    if rule_set is None:
        raise NoFundingRules(start_date)
    return funding.FundingRules(
        name=rule_set.name,
        valid_from=rule_set.valid_from,
        pedagogic_total_cap_ht=rule_set.pedagogic_total_cap_ht,
        pedagogic_hourly_cap_ht=rule_set.pedagogic_hourly_cap_ht,
        vat_rate_percent=rule_set.vat_rate_percent,
        salary_full_rate_percent=rule_set.salary_full_rate_percent,
        salary_reduced_rate_percent=rule_set.salary_reduced_rate_percent,
        salary_threshold_smic_multiple=rule_set.salary_threshold_smic_multiple,
        full_time_max_months=rule_set.full_time_max_months,
        part_time_max_hours=rule_set.part_time_max_hours,
        company_hours_share_percent=rule_set.company_hours_share_percent,
        file_due_months_before=rule_set.file_due_months_before,
        leave_notice_long_days=rule_set.leave_notice_long_days,
        leave_notice_short_days=rule_set.leave_notice_short_days,
        long_interruption_months=rule_set.long_interruption_months,
        source=rule_set.source,
        source_date=rule_set.source_date,
    )


def file_due_dates(proposals) -> dict[int, date]:
    """The day each proposal's complete file is due (`file_due_by`: its start date minus the
    months of the rule set in force at that date), by proposal id, with the rule sets loaded in
    one query however many proposals there are — the worklist and the reminders ask this.

    No rule, no deadline: a proposal without a start date, or whose start date no rule set
    covers, has no entry. The worklist then shows the draft as « Brouillon à compléter. », no
    file-deadline reminder is sent, and the funding check (simulator, API, feedback) answers
    NoFundingRules on `start_date`, asking an administrator to record the rules. Assuming the
    guide's 3 months there would announce a date that no recorded rule stands behind."""
    rule_sets = FundingRuleSet.objects.newest_first()
    due: dict[int, date] = {}
    for proposal in proposals:
        if proposal.start_date is None:
            continue
        rule_set = in_force_among(rule_sets, proposal.start_date)
        if rule_set is not None:
            due[proposal.pk] = file_due_by(proposal.start_date, rule_set.file_due_months_before)
    return due


def smic_on(day: date) -> funding.Smic | None:
    rate = SmicRate.objects.on(day)
    return funding.Smic(rate.monthly_gross, rate.valid_from) if rate else None


def run_check(
    figures: funding.PathFigures, *, qualiopi_certified: bool | None = None
) -> funding.FundingCheck:
    """The check with the rules in force and the SMIC applying at the path's start date.

    Raises NoFundingRules (a ValidationError on `start_date`) when no rule set applies, and a
    ValidationError on the date when one lies outside 2000–2100 (e.g. a proposal saved before
    dates were bounded), so a feedback is still possible."""
    for name in ("start_date", "end_date", "submitted_on"):
        try:
            validate_plausible_date(getattr(figures, name))
        except ValidationError as error:
            raise ValidationError({name: error.messages}) from error
    rules = rules_in_force(figures.start_date)
    return funding.check(
        figures, rules, smic_on(figures.start_date), qualiopi_certified=qualiopi_certified
    )


def qualiopi_of(user) -> bool | None:
    """For an OF member running the simulator or the API: False when one of their organisations
    is not Qualiopi-certified, True when all are; None for staff (no organisation files)."""
    from charter_portal import roles
    from organisms.models import Organisation

    if not roles.is_of_member(user):
        return None
    return (
        not Organisation.objects.of_own_organisations(user)
        .filter(qualiopi_certified=False)
        .exists()
    )


def smic_to_confirm(today: date | None = None) -> bool:
    """The administrators' worklist item « SMIC à confirmer »: a path starting today would get
    the `smic_may_be_outdated` warning."""
    today = today or timezone.localdate()
    return funding.smic_is_outdated(today, smic_on(today))


def proposals_without_rules(user):
    """Proposals still in progress (drafts included), among those `user` may see, whose start
    date no rule set covers: they get no funding check, file deadline or reminder until an
    administrator records the rules (the administrators' worklist item « Règles de financement à
    compléter »)."""
    return (
        PathProposal.objects.visible_to(user)
        .filter(start_date__isnull=False)
        .exclude(status__in=[ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN])
        .exclude(FundingRuleSet.objects.covering("start_date"))
    )


def figures_from_proposal(proposal, *, on: date | None = None) -> funding.PathFigures:
    return funding.PathFigures(
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        schedule=proposal.schedule,
        centre_hours=proposal.centre_hours,
        company_hours=proposal.company_hours or ZERO,
        company_hours_required=proposal.company_hours_required or ZERO,
        pedagogic_cost_ht=proposal.pedagogic_cost_ht or ZERO,
        reference_monthly_salary=proposal.reference_monthly_salary,
        # the proposal is not the funding file: measure the file deadline against the check's day
        submitted_on=on or timezone.localdate(),
    )


def check_proposal(proposal, *, on: date | None = None) -> dict:
    """The funding check of a PathProposal as JSON-ready data (what a feedback snapshots).

    `file_on_time` tells whether a complete file sent on `on` (default: today, Paris time) would
    be on time. Raises NoFundingRules when no rule set applies to the proposal's start date."""
    return _json(
        run_check(
            figures_from_proposal(proposal, on=on),
            qualiopi_certified=proposal.organisation.qualiopi_certified,
        )
    )


def figures_from_payload(data: dict) -> funding.PathFigures:
    company_hours = Decimal(data.get("company_hours") or ZERO)
    required = data.get("company_hours_required_by_certification", ZERO)
    if required is True:  # the certification requires every planned PAE hour
        required = company_hours
    elif required is False or required is None:
        required = ZERO
    return funding.PathFigures(
        start_date=data["start_date"],
        end_date=data["end_date"],
        schedule=data["schedule"],
        centre_hours=Decimal(data["centre_hours"]),
        company_hours=company_hours,
        company_hours_required=Decimal(required),
        pedagogic_cost_ht=Decimal(data["pedagogic_cost_ht"]),
        reference_monthly_salary=data.get("reference_monthly_salary"),
        submitted_on=data.get("submitted_on") or timezone.localdate(),
    )


def check_payload(validated_data: dict, *, qualiopi_certified: bool | None = None) -> dict:
    """The funding check of the simulator's / API's validated input, as JSON-ready data.

    Raises NoFundingRules when no rule set applies to the start date."""
    return _json(
        run_check(figures_from_payload(validated_data), qualiopi_certified=qualiopi_certified)
    )


def _json(result: funding.FundingCheck) -> dict:
    # imported here: the API module imports this one for its view
    from paths.api.funding import funding_json

    return funding_json(result)
