"""Fixtures of the reports tests: a small charter dataset for A and B, and an API client.

proposal  org  submitted (Paris)   first feedback     concerted on  levers                decision
PA1       A    10/01/2022 09:00    15/01/2022 (5 d)   05/01/2022    modularisation, hybrid accepted
PA2       A    01/02/2022 10:00    21/02/2022 (20 d)  —             adjustment            refused (incoherent)
PB1       B    15/02/2022 08:00    —                  —             digital               —

alert  org  raised (Paris)      acknowledged   outcome   proposal
AA1    A    01/03/2022 10:00    +6 h           secured   PA1
AB1    B    02/03/2022 09:00    —              (open)    —
"""

import datetime

import pytest
from rest_framework.test import APIClient

from alerts.models import Alert
from paths.models import CommissionDecision, ProposalStatus
from tests.conftest import PARIS
from tests.factories import CommissionSessionFactory, LeverFactory, PathProposalFactory

PERIOD_2022 = {"start": "2022-01-01", "end": "2022-06-30"}


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def submitted_proposal(organisation, submitted, feedback=None, concerted_on=None, levers=()):
    """A proposal as submitted on a given moment (and answered on another)."""
    proposal = PathProposalFactory(organisation=organisation, concerted_on=concerted_on)
    type(proposal).objects.filter(pk=proposal.pk).update(
        submitted_at=submitted,
        first_feedback_at=feedback,
        status=ProposalStatus.FEEDBACK_GIVEN if feedback else ProposalStatus.SUBMITTED,
    )
    for code in levers:
        LeverFactory(proposal=proposal, code=code)
    proposal.refresh_from_db()
    return proposal


def raised_alert(organisation, raised, acknowledged=None, outcome="", proposal=None):
    return Alert.objects.create(
        organisation=organisation,
        proposal=proposal,
        trainee_reference="" if proposal else "STG-42",
        category="dropout_risk",
        origin="of",
        description="Trajets trop longs depuis le domicile.",
        created_at=raised,
        ack_due_on=raised.date() + datetime.timedelta(days=2),
        acknowledged_at=acknowledged,
        status="closed" if outcome else ("acknowledged" if acknowledged else "open"),
        outcome=outcome,
    )


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run the block and send the emails its transactions queued, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def records(org_a, org_b, signed_a, signed_b, path_analyst):
    pa1 = submitted_proposal(
        org_a,
        at(2022, 1, 10),
        at(2022, 1, 15),
        datetime.date(2022, 1, 5),
        ["modularisation", "hybrid"],
    )
    pa2 = submitted_proposal(org_a, at(2022, 2, 1, 10), at(2022, 2, 21, 10), None, ["adjustment"])
    pb1 = submitted_proposal(org_b, at(2022, 2, 15, 8), None, None, ["digital"])
    session = CommissionSessionFactory(held_on=datetime.date(2022, 3, 15))
    CommissionDecision.objects.create(
        proposal=pa1,
        session=session,
        outcome="accepted",
        decided_by=path_analyst,
        decided_at=at(2022, 3, 15),
    )
    CommissionDecision.objects.create(
        proposal=pa2,
        session=session,
        outcome="refused",
        reason="incoherent_path",
        decided_by=path_analyst,
        decided_at=at(2022, 3, 15),
    )
    aa1 = raised_alert(org_a, at(2022, 3, 1, 10), at(2022, 3, 1, 16), "secured", pa1)
    ab1 = raised_alert(org_b, at(2022, 3, 2))
    return {"pa1": pa1, "pa2": pa2, "pb1": pb1, "aa1": aa1, "ab1": ab1}
