"""The detail tables of a report (proposals, decisions, alerts), streamed row by row with
`values_list().iterator()` so a national workbook keeps memory flat. No internal note, no
description of a trainee's situation: only what the indicators count."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alerts.models import Alert, AlertOutcome, AlertStatus, Category, Origin, Severity
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


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


_LABELS: dict[tuple[object, str], dict[str, str]] = {}


def _label(choices, value):
    """A code's French label; each choice list is translated once per export, not once per cell."""
    key = (choices, translation.get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {code: str(label) for code, label in choices.choices}
    return labels.get(value, value or "")


class Table:
    """A sheet: a title, typed columns, and a function giving the rows."""

    def __init__(self, key, title, columns, rows):
        self.key, self.title, self.columns, self._rows = key, title, columns, rows

    def rows(self):
        return self._rows()


def tables(period: Period, scope: Scope) -> list[Table]:
    first, after = period.bounds()
    proposals = scope.filter(
        PathProposal.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
    )
    alerts = scope.filter(Alert.objects.filter(created_at__gte=first, created_at__lt=after))

    def proposal_rows():
        levers = {}
        for proposal_id, code in (
            Lever.objects.filter(proposal__in=proposals.values("pk"))
            .values_list("proposal_id", "code")
            .iterator(chunk_size=5000)
        ):
            levers.setdefault(proposal_id, []).append(_label(LeverCode, code))
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
            "concerted_on",
            "status",
            "pedagogic_cost_ht",
        ]
        for row in (
            proposals.order_by("submitted_at", "pk").values_list(*columns).iterator(chunk_size=5000)
        ):
            pk, ref, name, siret, dep, job, cert, submitted, feedback, concerted, status, cost = row
            delay = round((feedback - submitted).total_seconds() / 86400, 1) if feedback else None
            was_concerted = bool(concerted and concerted <= timezone.localtime(submitted).date())
            yield [
                ref,
                name,
                siret,
                dep,
                job,
                cert,
                _local(submitted),
                _local(feedback),
                delay,
                str(_("oui")) if was_concerted else str(_("non")),
                ", ".join(levers.get(pk, [])),
                _label(ProposalStatus, status),
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
        for ref, name, held_on, outcome, reason, decided_at in decisions.values_list(
            *columns
        ).iterator(chunk_size=5000):
            yield [
                ref,
                name,
                held_on,
                _label(DecisionOutcome, outcome),
                _label(DecisionReason, reason),
                _local(decided_at),
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
            "status",
            "outcome",
        ]
        for row in (
            alerts.order_by("created_at", "pk").values_list(*columns).iterator(chunk_size=5000)
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
                status,
                outcome,
            ) = row
            delay = (
                round((acknowledged - created).total_seconds() / 3600, 1) if acknowledged else None
            )
            yield [
                pk,
                name,
                dep,
                ref or "",
                _label(Category, category),
                _label(Origin, origin),
                _label(Severity, severity),
                _local(created),
                _local(acknowledged),
                delay,
                _label(AlertStatus, status),
                _label(AlertOutcome, outcome) if outcome else "",
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
