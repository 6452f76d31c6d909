"""The charter's indicators, each defined once: a code, a French label, a plain-French definition
and one function over the dataset (reports/dataset.py), reading figures the database aggregates
(a handful of queries per report; row-level facts from paths/facts.py and alerts/facts.py).
Pages, workbooks, CSV files and the API all read `compute_all`.

Counting rules shared by every indicator: a proposal counts in a period by the day it was
submitted, an alert by the day it was raised (Europe/Paris), both ends of the period included.
"""

import math
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from typing import Any, TypeVar

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    TextChoices,
)
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts import facts as alert_facts
from alerts.models import AlertOutcome, Category, Origin
from paths import facts as proposal_facts
from paths.models import (
    CommissionDecision,
    DecisionOutcome,
    DecisionReason,
    DialogueOutcome,
    Lever,
    LeverCode,
    ProposalStatus,
    RefusalDialogue,
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


def breakdown(counts: "Figures", choices: type[TextChoices]) -> dict[str, int]:
    return {code: int(counts.get(code) or 0) for code in choices.values}


Figures = dict[str, Any]  # aggregates by name, as the database gave them


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------- the figures, by the database
# Each function below is one query over one table, run once per dataset (Dataset.figures) however
# many indicators read it. Medians: `percentile_cont` / `percentile_disc` on PostgreSQL; SQLite
# has neither, so it sends the one column of durations, sorted here by `median`/`percentile_90`.


class _Percentile(Aggregate):
    """PostgreSQL's ordered-set aggregate over `expression` (nulls left out)."""

    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


class _Median(_Percentile):
    function = "percentile_cont"

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, 0.5)


class _NearestRank90(_Percentile):
    function = "percentile_disc"

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, 0.9)


def _in_sql(queryset: QuerySet[Any]) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _distributions(
    queryset: QuerySet[Any], expressions: dict[str, Any], p90: tuple[str, ...] = ()
) -> "Figures":
    """The median (and, for the keys in `p90`, the 90th centile by nearest rank) of each
    expression over the rows, nulls left out, where the database has no percentile function
    (SQLite; PostgreSQL computes them in `_proposals` and `_alerts`): one query sends the
    columns of numbers, without a model or a Django value per row, and `median` and
    `percentile_90` read them."""
    keys = list(expressions)
    sql, params = (
        queryset.annotate(**expressions)
        .filter(reduce(operator.or_, (Q(**{f"{key}__isnull": False}) for key in keys)))
        .values_list(*keys)
        .query.sql_with_params()
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        columns = list(zip(*cursor.fetchall(), strict=True)) or [()] * len(keys)
    figures: Figures = {}
    for key, column in zip(keys, columns, strict=True):
        values = [value for value in column if value is not None]
        figures[f"{key}_median"] = median(values)
        if key in p90:
            figures[f"{key}_p90"] = percentile_90(values)
    return figures


def _proposals(data: Dataset) -> "Figures":
    """Counts over the proposals submitted in the period (and, on PostgreSQL, the median and
    90th centile of the first feedback's delay)."""

    def compute() -> Figures:
        queryset = data.proposals
        days = proposal_facts.response_days()
        target = data.feedback_target_days
        answered = Q(first_feedback_at__isnull=False)
        aggregates: dict[str, Aggregate] = {
            "submitted": Count("pk"),
            "concerted": Count("pk", filter=proposal_facts.concerted(span=data.period.bounds())),
            "withdrawn": Count("pk", filter=Q(status=ProposalStatus.WITHDRAWN)),
            "within_target": Count("pk", filter=answered & Q(LessThanOrEqual(days, target))),
            # answered, or waiting longer than the target delay
            "judged": Count(
                "pk", filter=answered | Q(submitted_at__lt=timezone.now() - timedelta(target))
            ),
            **{
                f"month:{key}": Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end))
                for key, start, end in data.period.months()
            },
        }
        if _in_sql(queryset):
            aggregates["feedback_days_median"] = _Median(days)
            aggregates["feedback_days_p90"] = _NearestRank90(days)
            figures: Figures = queryset.aggregate(**aggregates)
            for key in ("feedback_days_median", "feedback_days_p90"):
                figures[key] = _rounded(figures[key])
            return figures
        return {
            **queryset.aggregate(**aggregates),
            **_distributions(queryset, {"feedback_days": days}, p90=("feedback_days",)),
        }

    figures: Figures = data.figures("proposals", compute)
    return figures


def _decisions(data: Dataset) -> "Figures":
    """Counts over the last decision of each proposal submitted in the period."""

    def compute() -> Figures:
        decisions = data.related(
            CommissionDecision.objects.order_by().filter(proposal_facts.is_last_decision())
        )
        accepted, final = Q(outcome__in=ACCEPTED), Q(outcome__in=FINAL)
        concerted = proposal_facts.concerted("proposal__", data.period.bounds())
        aggregates: dict[str, Aggregate] = {
            **{code: Count("pk", filter=Q(outcome=code)) for code in DecisionOutcome.values},
            "final": Count("pk", filter=final),
            "final_concerted": Count("pk", filter=final & concerted),
            "accepted_concerted": Count("pk", filter=accepted & concerted),
            "coherence_refusals": Count(
                "pk",
                filter=Q(outcome=DecisionOutcome.REFUSED, reason=DecisionReason.INCOHERENT_PATH),
            ),
        }
        if data.declared_paths:
            with_lever = Exists(Lever.objects.filter(proposal=OuterRef("proposal")))
            aggregates["accepted_with_lever"] = Count("pk", filter=accepted & Q(with_lever))
        result: Figures = decisions.aggregate(**aggregates)
        return result

    figures: Figures = data.figures("decisions", compute)
    return figures


def _lever_counts(levers: QuerySet[Any]) -> dict[str, int]:
    """Proposals per lever code (a proposal counts once for each of its levers)."""
    return dict(levers.order_by().values_list("code").annotate(n=Count("proposal", distinct=True)))


def _alerts(data: Dataset) -> "Figures":
    """Counts over the alerts raised in the period (and, on PostgreSQL, the median delays of
    acknowledgement and closing)."""

    def compute() -> Figures:
        queryset = data.alerts
        hours, days = alert_facts.acknowledgement_hours(), alert_facts.closing_days()
        aggregates: dict[str, Aggregate] = {
            "total": Count("pk"),
            **{
                f"{field}:{code}": Count("pk", filter=Q(**{field: code}))
                for field, choices in (
                    ("category", Category),
                    ("origin", Origin),
                    ("outcome", AlertOutcome),
                )
                for code in choices.values
            },
            "acknowledged_in_time": Count(
                "pk",
                filter=alert_facts.acknowledged_in_time((data.period.bounds()[0], timezone.now())),
            ),
            "judged_in_time": Count(
                "pk",
                filter=Q(acknowledged_at__isnull=False)
                | alert_facts.waiting_past_due(timezone.localdate()),
            ),
        }
        if _in_sql(queryset):
            aggregates["ack_hours_median"] = _Median(hours)
            aggregates["close_days_median"] = _Median(days)
            figures: Figures = queryset.aggregate(**aggregates)
            for key in ("ack_hours_median", "close_days_median"):
                figures[key] = _rounded(figures[key])
            return figures
        return {
            **queryset.aggregate(**aggregates),
            **_distributions(queryset, {"ack_hours": hours, "close_days": days}),
        }

    figures: Figures = data.figures("alerts", compute)
    return figures


def _prefixed(figures: "Figures", prefix: str) -> "Figures":
    return {
        key.removeprefix(prefix): value for key, value in figures.items() if key.startswith(prefix)
    }


ACCEPTED = (DecisionOutcome.ACCEPTED, DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS)
FINAL = (*ACCEPTED, DecisionOutcome.REFUSED)


def _acceptance_rate(data: Dataset, concerted: bool) -> float | None:
    figures = _decisions(data)
    if concerted:
        return share(figures["accepted_concerted"], figures["final_concerted"])
    accepted = (
        figures[DecisionOutcome.ACCEPTED] + figures[DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS]
    )
    return share(
        accepted - figures["accepted_concerted"], figures["final"] - figures["final_concerted"]
    )


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
    return int(_proposals(data)["submitted"])


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
    return int(_proposals(data)["concerted"])


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
    figures = _decisions(data)
    return sum(figures[code] for code in ACCEPTED)


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
    return int(_proposals(data)["withdrawn"])


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
    counts = data.figures("levers", lambda: _lever_counts(data.related(Lever.objects.all())))
    return breakdown(counts, LeverCode)


@indicator(
    "proposals_by_month",
    _("Propositions transmises par mois"),
    _("Nombre de propositions transmises chaque mois de la période (mois de la transmission)."),
    BREAKDOWN,
    "C3",
)
def proposals_by_month(data: Dataset) -> dict[str, int]:
    return _prefixed(_proposals(data), "month:")


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
    return _rounded(_proposals(data)["feedback_days_median"])


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
    return _rounded(_proposals(data)["feedback_days_p90"])


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
    figures = _proposals(data)
    return share(figures["within_target"], figures["judged"])


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
    return breakdown(_decisions(data), DecisionOutcome)


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
    return int(_decisions(data)["coherence_refusals"])


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
    def done(day: str, text: str) -> Q:
        return Q(**{f"{day}__isnull": False}) & ~Q(**{text: ""})

    complete = (
        done("contacted_on", "contact_channel")
        & done("reason_stated_on", "reason_statement")
        & done("expectations_shared_on", "expectations")
        & ~Q(outcome=DialogueOutcome.OPEN)
    )
    figures = data.related(RefusalDialogue.objects.order_by()).aggregate(
        total=Count("pk"), complete=Count("pk", filter=complete)
    )
    return share(figures["complete"], figures["total"])


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
    return share(_decisions(data)["accepted_with_lever"], data.declared_paths)


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
    return int(_alerts(data)["total"])


@indicator(
    "alerts_by_category",
    _("Alertes par nature"),
    _("Nombre d'alertes émises pendant la période pour chaque nature d'événement."),
    BREAKDOWN,
    "C7",
    alert_data=True,
)
def alerts_by_category(data: Dataset) -> dict[str, int]:
    return breakdown(_prefixed(_alerts(data), "category:"), Category)


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
    return breakdown(_prefixed(_alerts(data), "origin:"), Origin)


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
    return _rounded(_alerts(data)["ack_hours_median"])


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
    figures = _alerts(data)
    return share(figures["acknowledged_in_time"], figures["judged_in_time"])


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
    return _rounded(_alerts(data)["close_days_median"])


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
    return breakdown(_prefixed(_alerts(data), "outcome:"), AlertOutcome)


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
    secured = data.alerts.filter(outcome=AlertOutcome.SECURED, proposal__isnull=False)
    levers = Lever.objects.filter(proposal__in=secured.values("proposal_id"))
    return breakdown(_lever_counts(levers), LeverCode)
