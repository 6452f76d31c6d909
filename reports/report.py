"""A computed report: a period, a scope and the indicators' values — what every page, workbook,
CSV and API answer reads."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal import progress, roles
from charter_portal.models import ServiceLevels
from organisms.models import CharterEdition, Departement, Organisation
from reports import indicators
from reports.dataset import Period, Scope, load


@dataclass
class Report:
    period: Period
    scope: Scope
    scope_label: str
    generated_at: datetime
    indicators: list[dict] = field(default_factory=list)
    with_alerts: bool = True  # False once alert data is taken out for a reader (C8)

    def for_user(self, user) -> "Report":
        """The report as this user may read it: without any alert figure for those who may not
        see alert data (roles.may_see_alerts); the writers then write what they get."""
        if roles.may_see_alerts(user):
            return self
        return replace(
            self, indicators=visible_indicators(self.indicators, user), with_alerts=False
        )

    def value(self, code):
        return next(row["value"] for row in self.indicators if row["code"] == code)

    def as_json(self) -> dict:
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "scope": {
                "organisation": self.scope.organisation_id,
                "departement": self.scope.departement,
                "label": self.scope_label,
            },
            "generated_at": self.generated_at.isoformat(),
            "indicators": self.indicators,
        }


def visible_indicators(rows: list[dict], user) -> list[dict]:
    """Computed or frozen indicator rows, without those counting alerts for whoever may not see
    alert data (C8)."""
    if roles.may_see_alerts(user):
        return rows
    return [row for row in rows if not indicators.is_alert_data(row["code"])]


def scope_label(scope: Scope) -> str:
    if scope.organisation_id:
        organisation = Organisation.objects.filter(pk=scope.organisation_id).first()
        return str(organisation) if organisation else "—"
    if scope.departement:
        return Departement(scope.departement).label
    return _("Réseau Grand Est")


def default_period(organisation: Organisation | None = None, today: date | None = None) -> Period:
    """The edition's validity: from the organisation's signature (or the edition's start) to its end."""
    today = today or timezone.localdate()
    signature = None
    if organisation is not None:
        signature = organisation.signatures.select_related("edition").order_by("-signed_on").first()
    edition = (
        signature.edition
        if signature
        else (
            CharterEdition.objects.in_force(today).first()
            or CharterEdition.objects.order_by("-valid_from").first()
        )
    )
    if edition is None:
        return Period(date(today.year, 1, 1), date(today.year, 12, 31))
    start = signature.signed_on if signature else edition.valid_from
    # up to today: no months still to come
    end = min(edition.valid_until, today) if start <= today else edition.valid_until
    return Period(start, end)


def period_choices(today: date | None = None) -> list[tuple[str, Period]]:
    """The periods offered beside the dates: each charter edition (the one in force up to today)
    and the last full calendar year."""
    today = today or timezone.localdate()
    choices = []
    for edition in CharterEdition.objects.filter(valid_from__lte=today).order_by("-valid_from"):
        if edition.valid_until >= today:
            label = _("Édition %(years)s en vigueur, jusqu'à aujourd'hui") % {
                "years": f"{edition.valid_from.year}–{edition.valid_until.year}"
            }
            choices.append((label, Period(edition.valid_from, today)))
        else:
            label = _("Édition %(years)s (du %(start)s au %(end)s)") % {
                "years": f"{edition.valid_from.year}–{edition.valid_until.year}",
                "start": edition.valid_from.strftime("%d/%m/%Y"),
                "end": edition.valid_until.strftime("%d/%m/%Y"),
            }
            choices.append((label, Period(edition.valid_from, edition.valid_until)))
    year = today.year - 1
    choices.append(
        (_("Année %(year)s") % {"year": year}, Period(date(year, 1, 1), date(year, 12, 31)))
    )
    return choices


def build(period: Period, scope: Scope, declared_paths: int | None = None) -> Report:
    """`declared_paths`: the PTP trainees the organisation declares for the period (entered in an
    interim review or an annual report request), the denominator of individualised_share."""
    dataset = load(period, scope, ServiceLevels.current().feedback_target_days, declared_paths)
    progress.report(0.75)  # loading the records is most of the work; the arithmetic is quick
    return Report(
        period, scope, scope_label(scope), timezone.now(), indicators.compute_all(dataset)
    )


def from_snapshot(snapshot) -> Report:
    scope = Scope(snapshot.organisation_id, snapshot.departement or None)
    return Report(
        Period(snapshot.period_start, snapshot.period_end),
        scope,
        snapshot.scope_label,
        snapshot.generated_at,
        snapshot.figures,
    )
