"""A report's versions are 1, 2, 3… with each number once: generating the same report (kind,
scope, period) again takes the next number, under a lock, so two people generating it at the
same moment get two versions; the database refuses a version given twice."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import services
from reports.dataset import Period, Scope
from reports.models import AnnualReport, DialogueMeeting, InterimReview, SnapshotSequence

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
SECOND_HALF = Period(datetime.date(2022, 7, 1), datetime.date(2022, 12, 31))


def _review(user, scope, period=PERIOD):
    return services.generate_interim_review(period, scope, user)


def test_each_report_counts_its_own_versions(quality_officer, org_a, org_b):
    """Scope and period make the report: A's review twice (1, 2), B's, the Moselle's, the
    network's and A's for the second half once each (1); then the network's again (2)."""
    assert [_review(quality_officer, Scope(org_a.pk)).version for _ in range(2)] == [1, 2]
    others = [
        _review(quality_officer, Scope(org_b.pk)),
        _review(quality_officer, Scope(departement="57")),
        _review(quality_officer, Scope()),
        _review(quality_officer, Scope(org_a.pk), SECOND_HALF),
    ]
    assert [review.version for review in others] == [1, 1, 1, 1]
    assert _review(quality_officer, Scope()).version == 2
    # an annual report of A for the same period is another report: its own version 1
    request = services.request_annual_report(org_a, PERIOD, "", quality_officer)
    assert services.generate_annual_report(request.pk, quality_officer).version == 1


def test_versions_stored_before_the_counter_are_followed(quality_officer, org_a):
    """A review stored as version 3 (before versions were counted under a lock) is followed
    by version 4, not by a second version 1."""
    _stored(InterimReview(organisation=org_a, version=3), quality_officer)

    assert _review(quality_officer, Scope(org_a.pk)).version == 4
    sequence = SnapshotSequence.objects.get()
    assert (sequence.kind, sequence.last_version) == ("reports.interimreview", 4)


@pytest.mark.parametrize(
    "scope",
    [{"organisation": "org_a"}, {"departement": "57"}, {}],
    ids=["organisation", "departement", "network"],
)
def test_the_database_refuses_a_version_given_twice(request, quality_officer, scope):
    fields = {
        name: request.getfixturevalue(value) if name == "organisation" else value
        for name, value in scope.items()
    }
    _stored(InterimReview(version=1, **fields), quality_officer)
    # the same version of another kind of report, or of another period, is allowed
    _stored(AnnualReport(version=1, **fields), quality_officer)
    _stored(InterimReview(version=1, **fields), quality_officer, SECOND_HALF)

    with pytest.raises(IntegrityError), transaction.atomic():
        _stored(InterimReview(version=1, **fields), quality_officer)
    assert InterimReview.objects.filter(period_start=PERIOD.start).count() == 1


def test_a_dialogue_meeting_takes_the_next_version(quality_officer, org_a):
    meetings = [
        services.record_dialogue_meeting(
            DialogueMeeting(
                held_on=datetime.date(2022, 7, day),
                organisation=org_a,
                period_start=PERIOD.start,
                period_end=PERIOD.end,
                participants="Direction de l'organisme",
            ),
            quality_officer,
        )
        for day in (5, 12)
    ]
    assert [meeting.version for meeting in meetings] == [1, 2]


def _stored(snapshot, user, period=PERIOD):
    snapshot.period_start, snapshot.period_end = period.start, period.end
    snapshot.generated_at, snapshot.generated_by = timezone.now(), user
    snapshot.save()
    return snapshot
