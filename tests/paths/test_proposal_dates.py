"""Every transition is dated by the portal, so the response time is computed, never typed in:
submission and first feedback are dated once, whatever happens after."""

import datetime

from rest_framework.test import APIClient

from paths import services
from paths.facts import response_days
from paths.models import PathProposal, ProposalStatus
from tests.conftest import PARIS
from tests.factories import complete_draft


def test_submission_and_first_feedback_are_dated_once(member_a, org_a, path_analyst, on_day):
    proposal = complete_draft(org_a)
    on_day(datetime.date(2022, 3, 1))
    services.submit(proposal.pk, member_a)
    on_day(datetime.date(2022, 3, 8))
    services.start_review(proposal.pk, path_analyst)
    on_day(datetime.date(2022, 3, 11))
    services.give_feedback(proposal.pk, path_analyst, "Premier retour.")
    on_day(datetime.date(2022, 3, 20))
    services.revise(proposal.pk, member_a)
    on_day(datetime.date(2022, 3, 25))
    services.give_feedback(proposal.pk, path_analyst, "Second retour.")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FEEDBACK_GIVEN
    assert proposal.submitted_at.astimezone(PARIS).date() == datetime.date(2022, 3, 1)
    assert proposal.first_feedback_at.astimezone(PARIS).date() == datetime.date(2022, 3, 11)
    # noon to noon ten days later (the travelling clock ticks, so a few ms either side)
    days = PathProposal.objects.filter(pk=proposal.pk).values_list(response_days(), flat=True)
    assert round(days.get()) == 10
    assert [
        (step.action, step.at.astimezone(PARIS).date())
        for step in proposal.transitions.order_by("at")
    ] == [
        ("submit", datetime.date(2022, 3, 1)),
        ("start_review", datetime.date(2022, 3, 8)),
        ("give_feedback", datetime.date(2022, 3, 11)),
        ("revise", datetime.date(2022, 3, 20)),
        ("give_feedback", datetime.date(2022, 3, 25)),
    ]


def test_dates_cannot_be_typed_through_the_api(member_a, org_a):
    proposal = complete_draft(org_a)
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {
            "submitted_at": "2020-01-01T10:00:00Z",
            "first_feedback_at": "2020-01-02T10:00:00Z",
            "status": "decided",
            "reference": "PP-1999-0001",
        },
        format="json",
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.submitted_at is None
    assert proposal.first_feedback_at is None
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.reference != "PP-1999-0001"
