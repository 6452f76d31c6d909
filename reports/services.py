"""Generating the charter's reports as dated snapshots, and the annual-report requests (C9–C11)."""

import json
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal.history import save_with_history
from reports import notifications, tasks
from reports import report as reports
from reports.commitments import SIDES, clean_comments
from reports.dataset import Period, Scope
from reports.models import (
    AnnualReport,
    AnnualReportRequest,
    DialogueMeeting,
    InterimReview,
    SnapshotSequence,
)


def check_period(period: Period) -> None:
    if period.end < period.start:
        raise ValidationError({"end": _("La fin de la période doit suivre son début.")})


def allocate_version(snapshot) -> int:
    """The next version of the snapshot's report (same kind, scope and period), given under the
    lock of the report's sequence row: two generations at the same moment wait for each other
    and get n and n + 1. To be called inside the transaction that saves the snapshot."""
    model = type(snapshot)
    same = model.objects.filter(
        organisation_id=snapshot.organisation_id,
        departement=snapshot.departement,
        period_start=snapshot.period_start,
        period_end=snapshot.period_end,
    )
    sequence, _created = SnapshotSequence.objects.select_for_update().get_or_create(
        kind=model._meta.label_lower,
        scope=f"{snapshot.organisation_id or ''}:{snapshot.departement}",
        period_start=snapshot.period_start,
        period_end=snapshot.period_end,
    )
    # versions stored before the sequence row existed count too
    stored = same.aggregate(last=Max("version"))["last"] or 0
    sequence.last_version = max(sequence.last_version, stored) + 1
    sequence.save(update_fields=["last_version"])
    return sequence.last_version


def _freeze(snapshot, computed, user):
    """Store the figures as they are now (the snapshot never changes afterwards); its workbook
    and CSV are written by the worker (reports.tasks), the page says « en préparation » till then."""
    snapshot.version = allocate_version(snapshot)
    snapshot.generated_at = computed.generated_at
    snapshot.generated_by = user
    snapshot.figures = computed.indicators
    return save_with_history(snapshot, user, validate=False)


@transaction.atomic
def generate_interim_review(
    period: Period, scope: Scope, user, declared_ptp_trainees: int | None = None
) -> InterimReview:
    """C9: a new dated version of the interim review for this period and scope; the PTP trainees
    the organisation declares for the period give individualised_share its denominator."""
    check_period(period)
    computed = reports.build(period, scope, declared_ptp_trainees)
    review = InterimReview(
        period_start=period.start,
        period_end=period.end,
        organisation_id=scope.organisation_id,
        departement=scope.departement or "",
        declared_ptp_trainees=declared_ptp_trainees,
    )
    _freeze(review, computed, user)
    tasks.build_files_later(review)
    return review


@transaction.atomic
def comment_interim_review(
    review: InterimReview, comments: dict, user, sides: Iterable[str] = SIDES
) -> InterimReview:
    """Comments per commitment (C9): the user's sides (`sides`) of every commitment take the text
    given in `comments` ({"C1": {"of": "…", "tp": "…"}, …}; a commitment left out is emptied on
    those sides); the other party's side stays as stored, even if it wrote it a moment ago. The
    figures stay as generated."""
    # the other party may be writing its side at the same moment: merge on the locked, fresh row
    locked = InterimReview.objects.select_for_update().get(pk=review.pk)
    written = clean_comments(comments)
    merged = clean_comments(locked.comments)
    for code, entry in merged.items():
        for side in sides:
            entry[side] = written[code][side]
    review.comments = locked.comments = merged
    save_with_history(locked, user, validate=False, update_fields=["comments"])
    return review


@transaction.atomic
def request_annual_report(
    organisation, period: Period, message: str, user, declared_ptp_trainees: int | None = None
) -> AnnualReportRequest:
    """C10: the organisation asks for its annual PTP report (and may declare its PTP trainees for
    the period); both staff roles are told."""
    check_period(period)
    request = AnnualReportRequest(
        organisation=organisation,
        period_start=period.start,
        period_end=period.end,
        message=message,
        requested_by=user,
        declared_ptp_trainees=declared_ptp_trainees,
    )
    save_with_history(request, user, validate=False)
    transaction.on_commit(lambda: notifications.annual_report_requested(request))
    return request


# a second « Produire le rapport » from the same person this soon after, on the same figures, is
# the same click (a double click, a retry): the report just made, not a copy of it
SAME_CLICK_WITHIN = timedelta(minutes=2)


def _same_click(previous: AnnualReport, figures: list, user) -> bool:
    return (
        previous.generated_by_id == user.pk
        and previous.generated_at >= timezone.now() - SAME_CLICK_WITHIN
        and previous.figures == json.loads(json.dumps(figures))  # as stored
    )


@transaction.atomic
def generate_annual_report(request_id: int, user) -> AnnualReport:
    """Produce the requested report (a new version each time the figures have changed, or after
    a while) and tell the organisation. The same click twice makes one version and one email."""
    request = AnnualReportRequest.objects.select_for_update().get(pk=request_id)
    period = Period(request.period_start, request.period_end)
    scope = Scope(organisation_id=request.organisation_id)
    computed = reports.build(period, scope, request.declared_ptp_trainees)
    previous = request.report
    if previous is not None and _same_click(previous, computed.indicators, user):
        return previous
    report = AnnualReport(
        period_start=period.start,
        period_end=period.end,
        organisation_id=request.organisation_id,
        declared_ptp_trainees=request.declared_ptp_trainees,
    )
    _freeze(report, computed, user)
    request.report = report
    request.status = AnnualReportRequest.Status.GENERATED
    save_with_history(request, user, validate=False, update_fields=["report", "status"])
    # the organisation is told by the task, once the files are there
    tasks.build_files_later(report)
    return report


@transaction.atomic
def record_dialogue_meeting(meeting: DialogueMeeting, user) -> DialogueMeeting:
    """C11: a dialogue meeting, with the indicators prepared for it frozen at the time."""
    period = Period(meeting.period_start, meeting.period_end)
    check_period(period)
    # the version is given below, under the report's lock
    meeting.full_clean(
        exclude=["version", "generated_at", "generated_by", "figures", "workbook", "csv_file"]
    )
    computed = reports.build(period, Scope(meeting.organisation_id, meeting.departement or None))
    _freeze(meeting, computed, user)
    tasks.build_files_later(meeting)
    return meeting


@transaction.atomic
def update_dialogue_minutes(meeting: DialogueMeeting, user) -> DialogueMeeting:
    """The minutes (participants, notes, decisions, actions) may be completed; figures stay frozen."""
    save_with_history(
        meeting,
        user,
        validate=False,
        update_fields=[
            "participants",
            "individualisation_notes",
            "levers_notes",
            "decisions",
            "actions",
        ],
    )
    return meeting
