"""The funding check in the user's words: each figure of `rules.py` as a line of the result table
(what is covered, what is not, why), the explanations to read below it, the warnings to read
before trusting it, and the remaining cost item by item.

French through gettext; numbers in the active language's format (`money`, `hours`, `percent`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paths.funding.rules import (
    DISCONTINUOUS,
    FULL_TIME,
    HOURLY_CAP,
    MONTHLY_HOURS,
    PART_TIME,
    SMIC_STALE_AFTER_MONTHS,
    TOTAL_CAP,
    ZERO,
    CompanyHoursCover,
    Cover,
    Deadlines,
    DurationCover,
    FundingRules,
    PathFigures,
    PedagogicCover,
    RemainingCost,
    SalaryCover,
    Smic,
    smic_is_outdated,
)

SMIC_MAY_BE_OUTDATED = "smic_may_be_outdated"
QUALIOPI_MISSING = "qualiopi_missing"
DEADLINE_NEAR = "deadline_near"


@dataclass(frozen=True)
class Line:
    """One row of the result table: what is covered, what is not, and why (in the user's words)."""

    line: str  # pedagogic, salary, company_hours, duration, deadlines
    label: str
    covered: str
    not_covered: str
    why: str
    ok: bool


@dataclass(frozen=True)
class FundingWarning:
    """Something the person must know before trusting the figures (code in English, message in
    the user's words)."""

    code: str
    message: str


@dataclass(frozen=True)
class RemainingLine:
    """One item of the remaining cost: what stays to be funded by someone else."""

    item: str  # pedagogic, salary_monthly, salary_period, company_hours, beyond_limit
    label: str
    amount: Decimal | None  # euros (None when the item is counted in hours only)
    hours: Decimal | None
    detail: str


@dataclass(frozen=True)
class ExplainedRemainingCost(RemainingCost):
    """The remaining cost's figures with its items in the user's words (the table and the JSON's
    `remaining_cost.lines`)."""

    lines: list[RemainingLine] = field(default_factory=list)


def remaining_cost(r: RemainingCost) -> ExplainedRemainingCost:
    """The remaining cost with its items: pedagogic cost, salary (per month and over the covered
    period), PAE hours, and what lies beyond the limit of salary cover."""
    figures = {f.name: getattr(r, f.name) for f in fields(RemainingCost)}
    return ExplainedRemainingCost(**figures, lines=_remaining_lines(r))


def lines(cover: Cover, figures: PathFigures, rules: FundingRules) -> list[Line]:
    """The result table, one line per item: pedagogic cost, salary, PAE, duration, deadlines."""
    return [
        _pedagogic_line(cover.pedagogic),
        _salary_line(cover.salary, figures, rules),
        _company_line(cover.company_hours),
        _duration_line(cover.duration),
        _deadlines_line(cover.deadlines, rules),
    ]


def messages(cover: Cover, figures: PathFigures, rules: FundingRules) -> list[str]:
    """The explanations below the table, item by item, then what remains to be funded."""
    texts = [
        *_pedagogic_messages(cover.pedagogic),
        *_salary_messages(cover.salary, figures, rules),
        *_company_messages(cover.company_hours),
        *_duration_messages(cover.duration),
        *_deadline_messages(cover.deadlines, rules),
    ]
    remaining = cover.pedagogic.not_covered_ht
    if remaining > ZERO:
        texts.append(
            _(
                "Reste à financer : %(amount)s € HT de coût pédagogique, à la charge de "
                "l'organisme ou de cofinanceurs (entreprise, OPCO, Région…)."
            )
            % {"amount": money(remaining)}
        )
    return texts


def warnings(
    cover: Cover, figures: PathFigures, smic: Smic | None, qualiopi_certified: bool | None
) -> list[FundingWarning]:
    """What the person must read before trusting the figures: a near deadline, an outdated SMIC,
    an organisation without Qualiopi."""
    return [
        *_deadline_warnings(cover.deadlines),
        *warnings_for(figures, smic, qualiopi_certified),
    ]


# ---------------------------------------------------------------- figures for people


def money(value: Decimal) -> str:
    """18000 → « 18 000,00 » in French (the active language's format)."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def hours(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def percent(value: Decimal) -> str:
    """100.00 → « 100 », 27.50 → « 27,5 »."""
    if value == value.to_integral_value():
        return number_format(int(value))
    return number_format(value.normalize())


def euros_ht(amount: Decimal) -> str:
    """18000 → « 18 000,00 € HT »."""
    return _("%(amount)s € HT") % {"amount": money(amount)}


def hours_h(value: Decimal) -> str:
    """180 → « 180,00 h »."""
    return _("%(hours)s h") % {"hours": hours(value)}


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def schedule_label(schedule: str) -> str:
    return {
        FULL_TIME: _("temps plein"),
        PART_TIME: _("temps partiel"),
        DISCONTINUOUS: _("discontinu"),
    }.get(schedule, schedule)


def _days(count: int) -> str:
    if count == 0:
        return _("aujourd'hui")
    return ngettext("dans %(count)s jour", "dans %(count)s jours", count) % {"count": count}


# ---------------------------------------------------------------- warnings


def _deadline_warnings(dl: Deadlines) -> list[FundingWarning]:
    """A deadline still ahead but close (issue 11): say it before it passes."""
    warnings = []
    if dl.file_on_time and dl.file_due_soon:
        warnings.append(
            FundingWarning(
                DEADLINE_NEAR,
                _(
                    "La date limite du dossier complet approche : le %(date)s, %(when)s. "
                    "Transmettez la proposition sans attendre."
                )
                % {"date": day(dl.file_due_by), "when": _days(dl.file_days_left)},
            )
        )
    if dl.leave_on_time and dl.leave_due_soon:
        warnings.append(
            FundingWarning(
                DEADLINE_NEAR,
                _(
                    "La date limite de la demande d'absence à l'employeur approche : le "
                    "%(date)s, %(when)s. Le salarié doit la faire sans attendre."
                )
                % {"date": day(dl.leave_request_due_by), "when": _days(dl.leave_days_left)},
            )
        )
    return warnings


def warnings_for(
    figures: PathFigures, smic: Smic | None, qualiopi_certified: bool | None
) -> list[FundingWarning]:
    warnings = []
    if smic_is_outdated(figures.start_date, smic):
        if smic is None:
            message = _(
                "Aucune valeur du SMIC n'est enregistrée pour le mois de début (%(month)s) : la "
                "prise en charge du salaire n'est pas fiable. Un administrateur doit compléter "
                "la table du SMIC."
            ) % {"month": figures.start_date.strftime("%m/%Y")}
        else:
            message = _(
                "La valeur du SMIC utilisée (%(amount)s € depuis le %(since)s) date de plus de "
                "%(months)s mois au début du parcours : elle n'est peut-être plus à jour. Un "
                "administrateur doit confirmer ou compléter la table du SMIC."
            ) % {
                "amount": money(smic.monthly_gross),
                "since": day(smic.valid_from),
                "months": SMIC_STALE_AFTER_MONTHS,
            }
        warnings.append(FundingWarning(SMIC_MAY_BE_OUTDATED, message))
    if qualiopi_certified is False:
        warnings.append(
            FundingWarning(
                QUALIOPI_MISSING,
                _(
                    "L'organisme n'est pas certifié Qualiopi : une formation financée dans le "
                    "cadre d'un PTP doit être dispensée par un organisme certifié Qualiopi."
                ),
            )
        )
    return warnings


# ---------------------------------------------------------------- the remaining cost, item by item


def _remaining_lines(r: RemainingCost) -> list[RemainingLine]:
    lines = [
        RemainingLine(
            "pedagogic",
            _("Coût pédagogique non pris en charge"),
            r.pedagogic_ht,
            None,
            euros_ht(r.pedagogic_ht),
        )
    ]
    # the salary over the covered period is computed whenever the monthly one is
    if r.salary_monthly is not None and r.salary_over_period is not None:
        lines.append(
            RemainingLine(
                "salary_monthly",
                _("Salaire non pris en charge, par mois"),
                r.salary_monthly,
                None,
                _("%(amount)s € par mois") % {"amount": money(r.salary_monthly)},
            )
        )
        if r.salary_covered_months is not None:
            detail = _("%(amount)s € × %(months)s mois couverts = %(total)s €") % {
                "amount": money(r.salary_monthly),
                "months": hours(r.salary_covered_months),
                "total": money(r.salary_over_period),
            }
        elif r.salary_covered_hours is not None:
            detail = _("%(amount)s € / %(monthly)s h × %(hours)s h couvertes = %(total)s €") % {
                "amount": money(r.salary_monthly),
                "monthly": hours(MONTHLY_HOURS),
                "hours": hours(r.salary_covered_hours),
                "total": money(r.salary_over_period),
            }
        else:
            raise ValueError("a salary cover counts months (full time) or hours (part time)")
        lines.append(
            RemainingLine(
                "salary_period",
                _("Salaire non pris en charge, sur la période couverte"),
                r.salary_over_period,
                None,
                detail,
            )
        )
    lines.append(
        RemainingLine(
            "company_hours",
            _("Heures de PAE non prises en charge"),
            None,
            r.company_hours,
            hours_h(r.company_hours),
        )
    )
    if r.beyond_limit_from is not None:
        if r.beyond_limit_to is None or r.beyond_limit_months is None:
            raise ValueError("a period beyond the limit has an end and a length in months")
        detail = _(
            "du %(from)s au %(to)s (%(months)s mois) : aucune rémunération prise en charge"
        ) % {
            "from": day(r.beyond_limit_from),
            "to": day(r.beyond_limit_to),
            "months": hours(r.beyond_limit_months),
        }
        if r.beyond_limit_salary is not None:
            detail += _(", soit %(amount)s € de salaire") % {"amount": money(r.beyond_limit_salary)}
        lines.append(
            RemainingLine(
                "beyond_limit",
                _("Au-delà d'un an à temps plein"),
                r.beyond_limit_salary,
                None,
                detail,
            )
        )
    elif r.beyond_limit_hours:
        detail = _("%(hours)s h au-delà de la limite : aucune rémunération prise en charge") % {
            "hours": hours(r.beyond_limit_hours)
        }
        if r.beyond_limit_salary is not None:
            detail += _(", soit %(amount)s € de salaire") % {"amount": money(r.beyond_limit_salary)}
        lines.append(
            RemainingLine(
                "beyond_limit",
                _("Au-delà de la limite d'heures"),
                r.beyond_limit_salary,
                r.beyond_limit_hours,
                detail,
            )
        )
    return lines


# ---------------------------------------------------------------- lines and messages


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


def _pedagogic_messages(p: PedagogicCover) -> list[str]:
    if p.limited_by == TOTAL_CAP:
        return [
            _(
                "Le coût pédagogique (%(cost)s € HT) dépasse le plafond total de %(cap)s € HT "
                "(%(cap_ttc)s € TTC) : %(covered)s € HT sont pris en charge, %(rest)s € HT ne le "
                "sont pas."
            )
            % {
                "cost": money(p.cost_ht),
                "cap": money(p.total_cap_ht),
                "cap_ttc": money(p.total_cap_ttc),
                "covered": money(p.covered_ht),
                "rest": money(p.not_covered_ht),
            }
        ]
    if p.limited_by == HOURLY_CAP:
        return [
            _(
                "Le coût pédagogique (%(cost)s € HT) dépasse le plafond horaire de %(rate)s € HT "
                "par heure en centre : %(hours)s h × %(rate)s € = %(amount)s € HT pris en charge "
                "au plus, %(rest)s € HT ne le sont pas. Les heures de PAE ne comptent pas dans ce "
                "plafond."
            )
            % {
                "cost": money(p.cost_ht),
                "rate": money(p.hourly_cap_ht),
                "hours": hours(p.centre_hours),
                "amount": money(p.hourly_cap_amount_ht),
                "rest": money(p.not_covered_ht),
            }
        ]
    return [
        _("Le coût pédagogique (%(cost)s € HT) est pris en charge en totalité.")
        % {"cost": money(p.cost_ht)}
    ]


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


def _salary_messages(s: SalaryCover, figures: PathFigures, rules: FundingRules) -> list[str]:
    if s.smic_monthly is None:
        return [
            _(
                "La prise en charge du salaire n'a pas pu être calculée : aucun SMIC n'est "
                "enregistré au %(day)s. Un administrateur doit ajouter la valeur du SMIC en "
                "vigueur à cette date."
            )
            % {"day": day(figures.start_date)}
        ]
    assert s.threshold_monthly is not None  # a known SMIC gives the threshold
    if s.reference_monthly is None:
        return [
            _(
                "La prise en charge du salaire n'a pas pu être calculée : le salaire mensuel brut "
                "de référence n'est pas renseigné. Indiquez-le pour connaître le taux (%(full)s %% "
                "jusqu'à %(threshold)s €, soit %(multiple)s × SMIC, %(reduced)s %% au-delà)."
            )
            % {
                "full": percent(rules.salary_full_rate_percent),
                "reduced": percent(rules.salary_reduced_rate_percent),
                "threshold": money(s.threshold_monthly),
                "multiple": percent(rules.salary_threshold_smic_multiple),
            }
        ]
    assert s.rate_percent is not None  # known SMIC and salary give the rate
    params = {
        "salary": money(s.reference_monthly),
        "threshold": money(s.threshold_monthly),
        "multiple": percent(rules.salary_threshold_smic_multiple),
        "smic": money(s.smic_monthly),
        "day": day(figures.start_date),
        "rate": percent(s.rate_percent),
    }
    if s.rate_percent == rules.salary_full_rate_percent:
        return [
            _(
                "Le salaire de référence (%(salary)s €) ne dépasse pas %(multiple)s × le SMIC en "
                "vigueur au début du parcours (%(multiple)s × %(smic)s € = %(threshold)s € au "
                "%(day)s) : il est pris en charge à %(rate)s %%."
            )
            % params
        ]
    return [
        _(
            "Le salaire de référence (%(salary)s €) dépasse %(multiple)s × le SMIC en vigueur au "
            "début du parcours (%(multiple)s × %(smic)s € = %(threshold)s € au %(day)s) : il est "
            "pris en charge à %(rate)s %% : la rémunération pendant la formation est calculée sur "
            "cette base, informez-en le salarié."
        )
        % params,
        *(
            [
                _(
                    "%(rate)s %% du salaire serait inférieur à %(multiple)s × SMIC : la prise en "
                    "charge est portée à ce plancher, soit %(threshold)s € par mois."
                )
                % params
            ]
            if s.covered_monthly == s.threshold_monthly
            else []
        ),
    ]


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


def _company_messages(c: CompanyHoursCover) -> list[str]:
    messages = []
    if c.not_covered > ZERO:
        if c.required_by_certification > c.share_hours:
            messages.append(
                _(
                    "La PAE prévue (%(planned)s h) dépasse le volume exigé par la certification "
                    "(%(required)s h) : %(rest)s h ne sont pas prises en charge."
                )
                % {
                    "planned": hours(c.planned),
                    "required": hours(c.required_by_certification),
                    "rest": hours(c.not_covered),
                }
            )
        else:
            messages.append(
                _(
                    "La PAE prévue (%(planned)s h) dépasse %(share)s %% des heures en centre "
                    "(%(hours)s h) : %(rest)s h ne sont pas prises en charge. Si le référentiel de "
                    "la certification impose plus d'heures en entreprise, indiquez ce volume : il "
                    "sera pris en charge."
                )
                % {
                    "planned": hours(c.planned),
                    "share": percent(c.share_percent),
                    "hours": hours(c.share_hours),
                    "rest": hours(c.not_covered),
                }
            )
    elif c.planned > ZERO:
        messages.append(
            _("Les %(planned)s h de PAE prévues sont prises en charge.")
            % {"planned": hours(c.planned)}
        )
    if c.planned > ZERO:
        messages.append(
            _(
                "La rémunération n'est pas prise en charge pendant une PAE qui se déroule chez "
                "l'employeur du salarié : prévoyez-la dans une autre entreprise."
            )
        )
    if c.required_by_certification > c.planned:
        messages.append(
            _(
                "La certification exige %(required)s h de PAE mais le parcours n'en prévoit que "
                "%(planned)s h : vérifiez le parcours."
            )
            % {"required": hours(c.required_by_certification), "planned": hours(c.planned)}
        )
    return messages


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


def _duration_messages(d: DurationCover) -> list[str]:
    if d.schedule == FULL_TIME:
        if d.within_limit:
            return []
        assert d.latest_end_date is not None  # full time: a limit in months
        return [
            _(
                "À temps plein, la rémunération est prise en charge %(months)s mois au plus, soit "
                "jusqu'au %(latest)s ; le parcours finit le %(end)s. Raccourcissez le parcours ou "
                "prévoyez un autre financement pour la rémunération au-delà."
            )
            % {
                "months": d.limit_months,
                "latest": day(d.latest_end_date),
                "end": day(d.end_date),
            }
        ]
    if d.within_limit:
        return []
    assert d.limit_hours is not None  # part time or discontinuous: a limit in hours
    return [
        _(
            "À %(schedule)s, la rémunération est prise en charge pour %(limit)s h de formation au "
            "plus ; le parcours en compte %(hours)s (centre + PAE), soit %(over)s h au-delà. "
            "Réduisez le volume d'heures ou prévoyez un autre financement pour ces heures."
        )
        % {
            "schedule": schedule_label(d.schedule),
            "limit": hours(Decimal(d.limit_hours)),
            "hours": hours(d.training_hours),
            "over": hours(d.hours_over_limit),
        }
    ]


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
        soon.append(_("dossier : date limite %(when)s") % {"when": _days(dl.file_days_left)})
    if dl.leave_on_time and dl.leave_due_soon:
        soon.append(
            _("demande d'absence : date limite %(when)s") % {"when": _days(dl.leave_days_left)}
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


def _deadline_messages(dl: Deadlines, rules: FundingRules) -> list[str]:
    params = {
        "file": day(dl.file_due_by),
        "months": rules.file_due_months_before,
        "submitted": day(dl.submitted_on),
        "leave": day(dl.leave_request_due_by),
        "days": dl.leave_notice_days,
        "long": rules.long_interruption_months,
    }
    if dl.file_on_time:
        messages = [
            _(
                "Le dossier complet doit parvenir à Transitions Pro au plus tard le %(file)s "
                "(%(months)s mois avant le début de la formation)."
            )
            % params
        ]
    else:
        messages = [
            _(
                "Le dossier complet devait parvenir à Transitions Pro au plus tard le %(file)s "
                "(%(months)s mois avant le début) : déposé le %(submitted)s, il serait rejeté "
                "comme non recevable. Reportez la date de début de la formation."
            )
            % params
        ]
    if not dl.leave_on_time:
        messages.append(
            _(
                "La date limite de la demande d'absence à l'employeur (%(leave)s, %(days)s jours "
                "avant le début) est dépassée : sans autorisation d'absence déjà obtenue, "
                "reportez la date de début de la formation."
            )
            % params
        )
    elif dl.long_interruption:
        messages.append(
            _(
                "Le salarié doit demander son autorisation d'absence à l'employeur au plus tard "
                "le %(leave)s (%(days)s jours avant le début : interruption continue de travail "
                "de %(long)s mois ou plus)."
            )
            % params
        )
    else:
        messages.append(
            _(
                "Le salarié doit demander son autorisation d'absence à l'employeur au plus tard "
                "le %(leave)s (%(days)s jours avant le début : interruption de moins de %(long)s mois, "
                "ou formation à temps partiel ou discontinue)."
            )
            % params
        )
    return messages
