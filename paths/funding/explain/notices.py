"""The warnings to read before trusting the figures: `FundingWarning`s (a code in English, a
message in the user's words) for a near deadline, an outdated SMIC, an organisation without
Qualiopi."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from paths.funding.explain.words import day, in_days, money
from paths.funding.rules import (
    SMIC_STALE_AFTER_MONTHS,
    Cover,
    Deadlines,
    PathFigures,
    Smic,
    smic_is_outdated,
)

SMIC_MAY_BE_OUTDATED = "smic_may_be_outdated"

QUALIOPI_MISSING = "qualiopi_missing"

DEADLINE_NEAR = "deadline_near"


@dataclass(frozen=True)
class FundingWarning:
    """Something the person must know before trusting the figures (code in English, message in
    the user's words)."""

    code: str
    message: str


def warnings(
    cover: Cover, figures: PathFigures, smic: Smic | None, qualiopi_certified: bool | None
) -> list[FundingWarning]:
    """What the person must read before trusting the figures: a near deadline, an outdated SMIC,
    an organisation without Qualiopi."""
    return [
        *_deadline_warnings(cover.deadlines),
        *warnings_for(figures, smic, qualiopi_certified),
    ]


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
                % {"date": day(dl.file_due_by), "when": in_days(dl.file_days_left)},
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
                % {"date": day(dl.leave_request_due_by), "when": in_days(dl.leave_days_left)},
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
