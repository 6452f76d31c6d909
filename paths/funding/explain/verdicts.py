"""The explanations below the result table, item by item (each figure's verdict in sentences),
then what remains to be funded."""

from decimal import Decimal

from django.utils.translation import gettext as _

from paths.funding.explain.words import day, hours, money, percent, schedule_label
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
