"""The result table of the funding check: one `Line` per item (pedagogic cost, salary, PAE,
duration, deadlines) saying what is covered, what is not, and why."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from paths.funding.explain.words import (
    day,
    euros_ht,
    hours,
    hours_h,
    in_days,
    money,
    percent,
    schedule_label,
)
from paths.funding.rules import (
    FULL_TIME,
    HOURLY_CAP,
    TOTAL_CAP,
    ZERO,
    CompanyHoursCover,
    Cover,
    Deadlines,
    DurationCover,
    FundingRules,
    PathFigures,
    PedagogicCover,
    SalaryCover,
)


@dataclass(frozen=True)
class Line:
    """One row of the result table: what is covered, what is not, and why (in the user's words)."""

    line: str  # pedagogic, salary, company_hours, duration, deadlines
    label: str
    covered: str
    not_covered: str
    why: str
    ok: bool


def lines(cover: Cover, figures: PathFigures, rules: FundingRules) -> list[Line]:
    """The result table, one line per item: pedagogic cost, salary, PAE, duration, deadlines."""
    return [
        _pedagogic_line(cover.pedagogic),
        _salary_line(cover.salary, figures, rules),
        _company_line(cover.company_hours),
        _duration_line(cover.duration),
        _deadlines_line(cover.deadlines, rules),
    ]


def _cover_line(
    line: str,
    label: str,
    why: str,
    covered: Decimal,
    not_covered: Decimal,
    say: Callable[[Decimal], str],
) -> Line:
    """A line whose covered and not-covered parts are one figure each, said the same way; it is
    « ok » when nothing is left out."""
    return Line(line, label, say(covered), say(not_covered), why, ok=not_covered == ZERO)


def _pedagogic_line(p: PedagogicCover) -> Line:
    if p.limited_by == TOTAL_CAP:
        why = _("Plafond du coût pédagogique total : %(cap)s € HT (%(cap_ttc)s € TTC).") % {
            "cap": money(p.total_cap_ht),
            "cap_ttc": money(p.total_cap_ttc),
        }
    elif p.limited_by == HOURLY_CAP:
        why = _(
            "Plafond horaire : %(rate)s € HT (%(rate_ttc)s € TTC) × %(hours)s h en centre = "
            "%(amount)s € HT."
        ) % {
            "rate": money(p.hourly_cap_ht),
            "rate_ttc": money(p.hourly_cap_ttc),
            "hours": hours(p.centre_hours),
            "amount": money(p.hourly_cap_amount_ht),
        }
    else:
        why = _("Sous les deux plafonds (%(total)s € HT au total, %(rate)s € HT par heure).") % {
            "total": money(p.total_cap_ht),
            "rate": money(p.hourly_cap_ht),
        }
    return _cover_line(
        "pedagogic", _("Coût pédagogique"), why, p.covered_ht, p.not_covered_ht, euros_ht
    )


def _salary_line(s: SalaryCover, figures: PathFigures, rules: FundingRules) -> Line:
    label = _("Rémunération")
    if s.smic_monthly is None:
        why = _("Aucun SMIC enregistré au %(day)s.") % {"day": day(figures.start_date)}
        return Line("salary", label, "—", "—", why, ok=False)
    if s.rate_percent is None:
        return Line("salary", label, "—", "—", _("Salaire de référence non renseigné."), ok=False)
    # known SMIC and salary: the threshold and both amounts are computed
    assert s.threshold_monthly is not None and s.covered_monthly is not None
    assert s.not_covered_monthly is not None
    why = _(
        "%(rate)s %% : salaire %(relation)s %(multiple)s × SMIC (%(threshold)s € au %(day)s)."
    ) % {
        "rate": percent(s.rate_percent),
        "relation": _("inférieur ou égal à")
        if s.rate_percent == rules.salary_full_rate_percent
        else _("supérieur à"),
        "multiple": percent(rules.salary_threshold_smic_multiple),
        "threshold": money(s.threshold_monthly),
        "day": day(figures.start_date),
    }
    if (
        s.rate_percent != rules.salary_full_rate_percent
        and s.covered_monthly == s.threshold_monthly
    ):
        covered = _("%(multiple)s × SMIC (plancher), soit %(amount)s € par mois") % {
            "multiple": percent(rules.salary_threshold_smic_multiple),
            "amount": money(s.covered_monthly),
        }
    else:
        covered = _("%(rate)s %% du salaire, soit %(amount)s € par mois") % {
            "rate": percent(s.rate_percent),
            "amount": money(s.covered_monthly),
        }
    return Line(
        line="salary",
        label=label,
        covered=covered,
        not_covered=_("%(amount)s € par mois") % {"amount": money(s.not_covered_monthly)},
        why=why,
        ok=s.not_covered_monthly == ZERO,
    )


def _company_line(c: CompanyHoursCover) -> Line:
    if c.required_by_certification > c.share_hours:
        why = _("Volume exigé par la certification : %(required)s h.") % {
            "required": hours(c.required_by_certification)
        }
    else:
        why = _("%(share)s %% des heures en centre : %(hours)s h au plus.") % {
            "share": percent(c.share_percent),
            "hours": hours(c.share_hours),
        }
    label = _("Période d'application en entreprise (PAE)")
    return _cover_line("company_hours", label, why, c.covered, c.not_covered, hours_h)


def _duration_line(d: DurationCover) -> Line:
    label = _("Durée de prise en charge de la rémunération")
    if d.schedule == FULL_TIME:
        assert d.latest_end_date is not None  # full time: a limit in months
        covered = _("jusqu'au %(day)s") % {"day": day(d.latest_end_date)}
        not_covered = (
            "—"
            if d.within_limit
            else _("du %(from)s au %(to)s")
            % {"from": day(d.latest_end_date + timedelta(days=1)), "to": day(d.end_date)}
        )
        why = _("À temps plein : %(months)s mois au plus.") % {"months": d.limit_months}
    else:
        assert d.limit_hours is not None  # part time or discontinuous: a limit in hours
        covered = hours_h(min(d.training_hours, Decimal(d.limit_hours)))
        not_covered = hours_h(d.hours_over_limit)
        why = _("À %(schedule)s : %(limit)s h de formation au plus (centre + PAE).") % {
            "schedule": schedule_label(d.schedule),
            "limit": hours(Decimal(d.limit_hours)),
        }
    return Line("duration", label, covered, not_covered, why, ok=d.within_limit)


def _deadlines_line(dl: Deadlines, rules: FundingRules) -> Line:
    why = _(
        "Dossier complet au plus tard le %(file)s (%(months)s mois avant le début) ; demande "
        "d'absence à l'employeur au plus tard le %(leave)s (%(days)s jours avant)."
    ) % {
        "file": day(dl.file_due_by),
        "months": rules.file_due_months_before,
        "leave": day(dl.leave_request_due_by),
        "days": dl.leave_notice_days,
    }
    # never « dans les délais » once a date has passed, the leave request's included
    late = []
    if not dl.file_on_time:
        late.append(_("dossier hors délai : non recevable"))
    if not dl.leave_on_time:
        late.append(_("demande d'absence : date limite dépassée"))
    soon = []
    if dl.file_on_time and dl.file_due_soon:
        soon.append(_("dossier : date limite %(when)s") % {"when": in_days(dl.file_days_left)})
    if dl.leave_on_time and dl.leave_due_soon:
        soon.append(
            _("demande d'absence : date limite %(when)s") % {"when": in_days(dl.leave_days_left)}
        )
    if late:
        covered = "—"
    elif soon:
        covered = _("dans les délais, mais de justesse (%(soon)s)") % {
            "soon": " ; ".join(str(item) for item in soon)
        }
    else:
        covered = _("dossier et demande d'absence dans les délais")
    return Line(
        line="deadlines",
        label=_("Délais de dépôt"),
        covered=covered,
        not_covered=" ; ".join(str(item) for item in late) if late else "—",
        why=why,
        ok=not late,
    )
