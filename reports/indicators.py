"""The charter's indicators, each defined once: a code, a French label, a plain-French definition
and one function over the loaded dataset (reports/dataset.py). Pages, workbooks, CSV files and the
API all read `compute_all`.

Counting rules shared by every indicator: a proposal counts in a period by the day it was
submitted, an alert by the day it was raised (Europe/Paris), both ends of the period included.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.models import AlertOutcome, Category, Origin
from paths.models import (
    DecisionOutcome,
    DecisionReason,
    DialogueOutcome,
    LeverCode,
    ProposalStatus,
)
from reports.dataset import Dataset

COUNT, PERCENT, DAYS, HOURS, BREAKDOWN = "count", "percent", "days", "hours", "breakdown"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any
    definition: Any
    unit: str
    commitment: str
    compute: Callable[[Dataset], Any]
    alert_data: bool = False  # counts alerts: never shown to those who may not see them (C8)


INDICATORS: list[Indicator] = []
Compute = TypeVar("Compute", bound=Callable[[Dataset], Any])


def indicator(
    code: str, label: Any, definition: Any, unit: str, commitment: str, *, alert_data: bool = False
) -> Callable[[Compute], Compute]:
    def register(function: Compute) -> Compute:
        INDICATORS.append(
            Indicator(code, label, definition, unit, commitment, function, alert_data)
        )
        return function

    return register


def is_alert_data(code: str) -> bool:
    """Whether an indicator (also one frozen in an older snapshot) counts alerts."""
    return code.startswith("alert") or any(
        item.alert_data for item in INDICATORS if item.code == code
    )


def compute_all(dataset: Dataset) -> list[dict[str, Any]]:
    """Every indicator's code, label, definition, unit, commitment and value."""
    return [
        {
            "code": item.code,
            "label": str(item.label),
            "definition": str(item.definition),
            "unit": item.unit,
            "commitment": item.commitment,
            "value": item.compute(dataset),
        }
        for item in INDICATORS
    ]


# ---------------------------------------------------------------- helpers (plain arithmetic)


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide."""
    return None if whole == 0 else round(100 * part / whole, 1)


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 1)


def percentile_90(values: Iterable[float]) -> float | None:
    """Nearest rank: the smallest value that at least 90 % of the values do not exceed."""
    ordered = sorted(values)
    if not ordered:
        return None
    return round(ordered[math.ceil(0.9 * len(ordered)) - 1], 1)


def breakdown(series: pd.Series, choices: type[TextChoices]) -> dict[str, int]:
    counts = series.value_counts() if len(series) else {}
    return {code: int(counts.get(code, 0)) for code in choices.values}


def _paris(moments: pd.Series) -> pd.Series:
    """UTC moments as Paris local time, to tell which day or month they fall in."""
    return moments.dt.tz_convert(timezone.get_default_timezone_name())


def _feedback_days(proposals: pd.DataFrame) -> list[float]:
    answered = proposals.dropna(subset=["first_feedback_at"])
    delays = (answered["first_feedback_at"] - answered["submitted_at"]).dt.total_seconds() / 86400
    return list(delays)


def _concerted(proposals: pd.DataFrame) -> pd.Series:
    """Per proposal: first contact dated on the day it was submitted or before (Paris)."""
    concerted = pd.Series(False, index=proposals.index)
    dated = proposals["concerted_on"].notna()
    if dated.any():
        submitted_days = _paris(proposals.loc[dated, "submitted_at"]).dt.date
        concerted[dated] = proposals.loc[dated, "concerted_on"] <= submitted_days
    return concerted


ACCEPTED = (DecisionOutcome.ACCEPTED, DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS)
FINAL = (*ACCEPTED, DecisionOutcome.REFUSED)


def _acceptance_rate(data: Dataset, concerted: bool) -> float | None:
    proposals = data.proposals
    if proposals.empty:
        return None
    chosen = proposals[_concerted(proposals) == concerted]["id"]
    decided = data.decisions[
        data.decisions["proposal_id"].isin(chosen) & data.decisions["outcome"].isin(FINAL)
    ]
    return share(int(decided["outcome"].isin(ACCEPTED).sum()), len(decided))


# ---------------------------------------------------------------- proposals (C1–C6)


@indicator(
    "proposals_submitted",
    _("Propositions de parcours transmises"),
    _(
        "Nombre de propositions de parcours individualisés transmises par l'organisme à Transitions Pro "
        "pendant la période (date de transmission)."
    ),
    COUNT,
    "C3",
)
def proposals_submitted(data: Dataset) -> int:
    return len(data.proposals)


@indicator(
    "proposals_concerted",
    _("Propositions concertées en amont"),
    _(
        "Parmi les propositions transmises, celles dont le premier contact avec Transitions Pro est daté "
        "du jour de la transmission ou d'avant (concertation préalable)."
    ),
    COUNT,
    "C2",
)
def proposals_concerted(data: Dataset) -> int:
    proposals = data.proposals.dropna(subset=["concerted_on"])
    if proposals.empty:
        return 0
    submitted_days = _paris(proposals["submitted_at"]).dt.date
    return int((proposals["concerted_on"] <= submitted_days).sum())


@indicator(
    "proposals_accepted",
    _("Propositions acceptées"),
    _(
        "Parmi les propositions transmises pendant la période, celles que la commission paritaire a "
        "acceptées, telles quelles ou avec ajustements (dernière décision) : les parcours aménagés "
        "effectivement rendus possibles."
    ),
    COUNT,
    "C3",
)
def proposals_accepted(data: Dataset) -> int:
    return int(data.decisions["outcome"].isin(ACCEPTED).sum())


@indicator(
    "proposals_withdrawn",
    _("Propositions retirées"),
    _(
        "Parmi les propositions transmises pendant la période, celles que l'organisme a retirées "
        "avant la commission."
    ),
    COUNT,
    "C3",
)
def proposals_withdrawn(data: Dataset) -> int:
    return int((data.proposals["status"] == ProposalStatus.WITHDRAWN).sum())


@indicator(
    "acceptance_rate_concerted",
    _("Taux d'acceptation des propositions concertées en amont (%)"),
    _(
        "Parmi les propositions transmises pendant la période, concertées en amont et tranchées par "
        "la commission (acceptées, acceptées avec ajustements ou refusées ; les ajournements ne "
        "comptent pas), la part de celles qui ont été acceptées."
    ),
    PERCENT,
    "C5",
)
def acceptance_rate_concerted(data: Dataset) -> float | None:
    return _acceptance_rate(data, concerted=True)


@indicator(
    "acceptance_rate_not_concerted",
    _("Taux d'acceptation des propositions sans concertation préalable (%)"),
    _(
        "Même calcul pour les propositions transmises sans concertation préalable : à comparer au "
        "taux des propositions concertées en amont."
    ),
    PERCENT,
    "C5",
)
def acceptance_rate_not_concerted(data: Dataset) -> float | None:
    return _acceptance_rate(data, concerted=False)


@indicator(
    "proposals_by_lever",
    _("Propositions par levier d'individualisation"),
    _(
        "Pour chaque levier (aménagement, modularisation, multimodalité…), le nombre de propositions "
        "transmises qui le mobilisent ; une proposition compte pour chacun de ses leviers."
    ),
    BREAKDOWN,
    "C1",
)
def proposals_by_lever(data: Dataset) -> dict[str, int]:
    return breakdown(
        data.levers.drop_duplicates()["code"] if len(data.levers) else pd.Series(dtype=str),
        LeverCode,
    )


@indicator(
    "proposals_by_month",
    _("Propositions transmises par mois"),
    _("Nombre de propositions transmises chaque mois de la période (mois de la transmission)."),
    BREAKDOWN,
    "C3",
)
def proposals_by_month(data: Dataset) -> dict[str, int]:
    months = {}
    year, month = data.period.start.year, data.period.start.month
    while (year, month) <= (data.period.end.year, data.period.end.month):
        months[f"{year:04d}-{month:02d}"] = 0
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(data.proposals):
        counted = _paris(data.proposals["submitted_at"]).dt.strftime("%Y-%m").value_counts()
        for month, count in counted.items():
            months[month] += int(count)
    return months


@indicator(
    "feedback_median_days",
    _("Délai médian de premier retour (jours)"),
    _(
        "Médiane, en jours, du temps entre la transmission d'une proposition et le premier retour de "
        "Transitions Pro, sur les propositions transmises pendant la période qui ont reçu un retour."
    ),
    DAYS,
    "C4",
)
def feedback_median_days(data: Dataset) -> float | None:
    return median(_feedback_days(data.proposals))


@indicator(
    "feedback_p90_days",
    _("Délai de premier retour, 90e centile (jours)"),
    _(
        "Délai en jours que 90 % des premiers retours ne dépassent pas (rang le plus proche : on trie "
        "les délais et on prend celui de rang ⌈0,9 × n⌉)."
    ),
    DAYS,
    "C4",
)
def feedback_p90_days(data: Dataset) -> float | None:
    return percentile_90(_feedback_days(data.proposals))


@indicator(
    "feedback_within_target_share",
    _("Part des retours dans le délai cible (%)"),
    _(
        "Parmi les propositions transmises pendant la période qui ont reçu un retour, ou qui l'attendent "
        "depuis plus longtemps que le délai cible, la part de celles qui ont reçu leur premier retour "
        "dans le délai cible fixé par les administrateurs."
    ),
    PERCENT,
    "C4",
)
def feedback_within_target_share(data: Dataset) -> float | None:
    proposals = data.proposals
    if proposals.empty:
        return None
    target_seconds = data.feedback_target_days * 86400
    now = timezone.now()
    answered = proposals["first_feedback_at"].notna()
    delays = (
        proposals["first_feedback_at"].where(answered, now) - proposals["submitted_at"]
    ).dt.total_seconds()
    within = int((answered & (delays <= target_seconds)).sum())
    judged = int((answered | (delays > target_seconds)).sum())
    return share(within, judged)


@indicator(
    "decisions_by_outcome",
    _("Décisions de la commission"),
    _(
        "Pour les propositions transmises pendant la période, la dernière décision de la commission "
        "paritaire : accepté, accepté avec ajustements, refusé, ajourné."
    ),
    BREAKDOWN,
    "C5",
)
def decisions_by_outcome(data: Dataset) -> dict[str, int]:
    return breakdown(data.decisions["outcome"], DecisionOutcome)


@indicator(
    "coherence_refusals",
    _("Refus pour parcours jugé incohérent"),
    _(
        "Nombre de propositions transmises pendant la période refusées au motif « le parcours de "
        "formation envisagé ne semble pas cohérent au regard du projet professionnel »."
    ),
    COUNT,
    "C6",
)
def coherence_refusals(data: Dataset) -> int:
    decisions = data.decisions
    return int(
        (
            (decisions["outcome"] == DecisionOutcome.REFUSED)
            & (decisions["reason"] == DecisionReason.INCOHERENT_PATH)
        ).sum()
    )


@indicator(
    "refusal_dialogues_completed_share",
    _("Dialogues après refus menés à terme (%)"),
    _(
        "Parmi les dialogues ouverts après un refus pour incohérence, la part de ceux dont les trois "
        "étapes (contact, motif précisé, attendus partagés) sont faites et l'issue commune est "
        "enregistrée."
    ),
    PERCENT,
    "C6",
)
def refusal_dialogues_completed_share(data: Dataset) -> float | None:
    dialogues = data.dialogues
    if dialogues.empty:
        return None

    def done(date_column: str, text_column: str) -> pd.Series:
        return dialogues[date_column].notna() & (dialogues[text_column].fillna("") != "")

    complete = (
        done("contacted_on", "contact_channel")
        & done("reason_stated_on", "reason_statement")
        & done("expectations_shared_on", "expectations")
        & (dialogues["outcome"] != DialogueOutcome.OPEN)
    )
    return share(int(complete.sum()), len(dialogues))


@indicator(
    "individualised_share",
    _("Part des parcours individualisés (%)"),
    _(
        "Parcours individualisés (propositions transmises pendant la période, mobilisant au moins un "
        "levier et acceptées par la commission) rapportés au nombre de stagiaires PTP que "
        "l'organisme déclare pour la période dans le bilan intermédiaire ou la demande de rapport "
        "annuel. Sans cette déclaration, la part n'est pas calculée : toute proposition mobilise un "
        "levier, la rapporter aux seules propositions donnerait toujours 100 %."
    ),
    PERCENT,
    "C11",
)
def individualised_share(data: Dataset) -> float | None:
    if not data.declared_paths:
        return None
    accepted = data.decisions[data.decisions["outcome"].isin(ACCEPTED)]["proposal_id"]
    with_lever = data.levers[data.levers["proposal_id"].isin(accepted)]["proposal_id"].nunique()
    return share(with_lever, data.declared_paths)


# ---------------------------------------------------------------- alerts (C7, C8, C11)


@indicator(
    "alerts_total",
    _("Alertes émises"),
    _("Nombre d'alertes émises pendant la période, par l'organisme ou par un stagiaire."),
    COUNT,
    "C7",
    alert_data=True,
)
def alerts_total(data: Dataset) -> int:
    return len(data.alerts)


@indicator(
    "alerts_by_category",
    _("Alertes par nature"),
    _("Nombre d'alertes émises pendant la période pour chaque nature d'événement."),
    BREAKDOWN,
    "C7",
    alert_data=True,
)
def alerts_by_category(data: Dataset) -> dict[str, int]:
    return breakdown(data.alerts["category"], Category)


@indicator(
    "alerts_by_origin",
    _("Alertes par origine"),
    _(
        "Nombre d'alertes émises pendant la période par l'organisme et par les stagiaires eux-mêmes."
    ),
    BREAKDOWN,
    "C7",
    alert_data=True,
)
def alerts_by_origin(data: Dataset) -> dict[str, int]:
    return breakdown(data.alerts["origin"], Origin)


@indicator(
    "alert_ack_median_hours",
    _("Délai médian de prise en compte d'une alerte (heures)"),
    _(
        "Médiane, en heures, du temps entre l'émission d'une alerte et sa prise en compte par la chargée "
        "de projet qualité, sur les alertes de la période déjà prises en compte."
    ),
    HOURS,
    "C7",
    alert_data=True,
)
def alert_ack_median_hours(data: Dataset) -> float | None:
    acknowledged = data.alerts.dropna(subset=["acknowledged_at"])
    hours = (acknowledged["acknowledged_at"] - acknowledged["created_at"]).dt.total_seconds() / 3600
    return median(list(hours))


@indicator(
    "alerts_acknowledged_in_time_share",
    _("Part des alertes prises en compte dans le délai (%)"),
    _(
        "Parmi les alertes de la période prises en compte, ou qui l'attendent au-delà du jour où "
        "elles devaient l'être, la part de celles prises en compte au plus tard ce jour-là (délai en "
        "jours ouvrés fixé par les administrateurs)."
    ),
    PERCENT,
    "C7",
    alert_data=True,
)
def alerts_acknowledged_in_time_share(data: Dataset) -> float | None:
    alerts = data.alerts
    if alerts.empty:
        return None
    acknowledged = alerts["acknowledged_at"].notna()
    answered = alerts[acknowledged]
    within = int((_paris(answered["acknowledged_at"]).dt.date <= answered["ack_due_on"]).sum())
    late_waiting = ~acknowledged & (alerts["ack_due_on"] < timezone.localdate())
    return share(within, int((acknowledged | late_waiting).sum()))


@indicator(
    "alerts_close_median_days",
    _("Délai médian de clôture d'une alerte (jours)"),
    _(
        "Médiane, en jours, du temps entre l'émission d'une alerte et sa clôture, sur les alertes de "
        "la période déjà clôturées."
    ),
    DAYS,
    "C7",
    alert_data=True,
)
def alerts_close_median_days(data: Dataset) -> float | None:
    closed = data.alerts.dropna(subset=["closed_at"])
    days = (closed["closed_at"] - closed["created_at"]).dt.total_seconds() / 86400
    return median(list(days))


@indicator(
    "alerts_by_outcome",
    _("Issue des alertes clôturées"),
    _(
        "Pour les alertes de la période qui sont clôturées : parcours sécurisé, adapté, interrompu, sans "
        "suite."
    ),
    BREAKDOWN,
    "C7",
    alert_data=True,
)
def alerts_by_outcome(data: Dataset) -> dict[str, int]:
    return breakdown(data.alerts["outcome"].replace("", pd.NA).dropna(), AlertOutcome)


@indicator(
    "secured_paths_levers",
    _("Leviers des parcours sécurisés"),
    _(
        "Pour les alertes de la période clôturées « parcours sécurisé » et liées à une proposition, les "
        "leviers d'individualisation de ces parcours ; un parcours compte pour chacun de ses leviers."
    ),
    BREAKDOWN,
    "C11",
    alert_data=True,
)
def secured_paths_levers(data: Dataset) -> dict[str, int]:
    secured = (
        data.alerts[data.alerts["outcome"] == AlertOutcome.SECURED]["proposal_id"].dropna().unique()
    )
    levers = data.alert_levers[data.alert_levers["proposal_id"].isin(secured)].drop_duplicates()
    return breakdown(levers["code"], LeverCode)
