"""The detail tables of a report (proposals, decisions, alerts), streamed row by row with
`values_list().iterator()` so a national workbook keeps memory flat. No internal note, no
description of a trainee's situation: only what the indicators count."""

from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts import facts as alert_facts
from alerts.models import Alert, AlertOutcome, AlertStatus, Category, Origin, Severity
from paths import facts as proposal_facts
from paths.models import (
    CommissionDecision,
    DecisionOutcome,
    DecisionReason,
    Lever,
    LeverCode,
    PathProposal,
    ProposalStatus,
)
from reports.dataset import Period, Scope

DATE, DATETIME, NUMBER, TEXT = "date", "datetime", "number", "text"


def _to_local():
    """UTC moments to naive Paris time, the zone resolved once per table (not once per cell)."""
    zone = timezone.get_current_timezone()

    def local(moment):
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    return local


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _labels(choices) -> dict:
    """A code list's labels in the current language, translated once per table."""
    return {code: str(label) for code, label in choices.choices}


class Table:
    """A sheet: a title, typed columns, and a function giving the rows."""

    def __init__(self, key, title, columns, rows):
        self.key, self.title, self.columns, self._rows = key, title, columns, rows

    def rows(self):
        return self._rows()


def tables(period: Period, scope: Scope, *, with_alerts: bool = True) -> list[Table]:
    """The detail sheets; without the alerts' sheet for a report read by someone who may not see
    alert data (`Report.with_alerts`)."""
    every = _tables(period, scope)
    return every if with_alerts else [table for table in every if table.key != "alerts"]


def _tables(period: Period, scope: Scope) -> list[Table]:
    first, after = period.bounds()
    proposals = scope.filter(
        PathProposal.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
    )
    alerts = scope.filter(Alert.objects.filter(created_at__gte=first, created_at__lt=after))

    def proposal_rows():
        local, lever_labels, statuses = _to_local(), _labels(LeverCode), _labels(ProposalStatus)
        yes, no = str(_("oui")), str(_("non"))
        levers = {}
        for proposal_id, code in (
            Lever.objects.filter(proposal__in=proposals.values("pk"))
            .values_list("proposal_id", "code")
            .iterator(chunk_size=5000)
        ):
            levers.setdefault(proposal_id, []).append(lever_labels.get(code, code))
        columns = [
            "pk",
            "reference",
            "organisation__legal_name",
            "organisation__siret",
            "organisation__departement",
            "target_job",
            "certification_code",
            "submitted_at",
            "first_feedback_at",
            "response_days",
            "concerted",
            "status",
            "pedagogic_cost_ht",
        ]
        for row in (
            proposals.annotate(
                response_days=proposal_facts.response_days(),
                concerted=ExpressionWrapper(
                    proposal_facts.concerted(span=period.bounds()), BooleanField()
                ),
            )
            .order_by("submitted_at", "pk")
            .values_list(*columns)
            .iterator(chunk_size=5000)
        ):
            pk, ref, name, siret, dep, job, cert, submitted, feedback, days, concerted, *rest = row
            status, cost = rest
            yield [
                ref,
                name,
                siret,
                dep,
                job,
                cert,
                local(submitted),
                local(feedback),
                _one_decimal(days),
                yes if concerted else no,
                ", ".join(levers.get(pk, ())),
                statuses.get(status, status),
                cost,
            ]

    def decision_rows():
        decisions = CommissionDecision.objects.filter(proposal__in=proposals.values("pk")).order_by(
            "decided_at", "pk"
        )
        columns = [
            "proposal__reference",
            "proposal__organisation__legal_name",
            "session__held_on",
            "outcome",
            "reason",
            "decided_at",
        ]
        local, outcomes, reasons = _to_local(), _labels(DecisionOutcome), _labels(DecisionReason)
        for ref, name, held_on, outcome, reason, decided_at in decisions.values_list(
            *columns
        ).iterator(chunk_size=5000):
            yield [
                ref,
                name,
                held_on,
                outcomes.get(outcome, outcome or ""),
                reasons.get(reason, reason or ""),
                local(decided_at),
            ]

    def alert_rows():
        columns = [
            "pk",
            "organisation__legal_name",
            "organisation__departement",
            "proposal__reference",
            "category",
            "origin",
            "severity",
            "created_at",
            "acknowledged_at",
            "acknowledgement_hours",
            "status",
            "outcome",
        ]
        local = _to_local()
        categories, origins, severities = _labels(Category), _labels(Origin), _labels(Severity)
        statuses, outcomes = _labels(AlertStatus), _labels(AlertOutcome)
        for row in (
            alerts.annotate(acknowledgement_hours=alert_facts.acknowledgement_hours())
            .order_by("created_at", "pk")
            .values_list(*columns)
            .iterator(chunk_size=5000)
        ):
            (
                pk,
                name,
                dep,
                ref,
                category,
                origin,
                severity,
                created,
                acknowledged,
                hours,
                status,
                outcome,
            ) = row
            yield [
                pk,
                name,
                dep,
                ref or "",
                categories.get(category, category or ""),
                origins.get(origin, origin or ""),
                severities.get(severity, severity or ""),
                local(created),
                local(acknowledged),
                _one_decimal(hours),
                statuses.get(status, status or ""),
                outcomes.get(outcome, outcome) if outcome else "",
            ]

    return [
        Table(
            "proposals",
            _("Propositions"),
            [
                (_("Référence"), TEXT),
                (_("Organisme"), TEXT),
                (_("SIRET"), TEXT),
                (_("Département"), TEXT),
                (_("Métier visé"), TEXT),
                (_("Certification"), TEXT),
                (_("Transmise le"), DATETIME),
                (_("Premier retour le"), DATETIME),
                (_("Délai de retour (jours)"), NUMBER),
                (_("Concertée en amont"), TEXT),
                (_("Leviers"), TEXT),
                (_("Statut"), TEXT),
                (_("Coût pédagogique (€ HT)"), NUMBER),
            ],
            proposal_rows,
        ),
        Table(
            "decisions",
            _("Décisions"),
            [
                (_("Référence"), TEXT),
                (_("Organisme"), TEXT),
                (_("Commission du"), DATE),
                (_("Décision"), TEXT),
                (_("Motif"), TEXT),
                (_("Décidée le"), DATETIME),
            ],
            decision_rows,
        ),
        Table(
            "alerts",
            _("Alertes"),
            [
                (_("N°"), NUMBER),
                (_("Organisme"), TEXT),
                (_("Département"), TEXT),
                (_("Proposition"), TEXT),
                (_("Nature"), TEXT),
                (_("Origine"), TEXT),
                (_("Gravité"), TEXT),
                (_("Émise le"), DATETIME),
                (_("Prise en compte le"), DATETIME),
                (_("Délai de prise en compte (heures)"), NUMBER),
                (_("Statut"), TEXT),
                (_("Issue"), TEXT),
            ],
            alert_rows,
        ),
    ]
