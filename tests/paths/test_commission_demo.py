"""`make demo` shows the commission at work: a decision of each kind and refusal dialogues (C6)."""

from django.core.management import call_command

from paths import commission
from paths.models import (
    CommissionDecision,
    DecisionOutcome,
    DialogueOutcome,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)


def test_demo_has_every_decision_and_dialogues_in_progress_and_done(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)

    outcomes = set(CommissionDecision.objects.values_list("outcome", flat=True))
    assert outcomes == set(DecisionOutcome.values)
    # a proposal still waits on a session's list
    assert PathProposal.objects.filter(
        status=ProposalStatus.AT_COMMISSION, commission_session__isnull=False
    ).exists()

    overdue, completed = commission.with_overdue(RefusalDialogue.objects.all())
    assert overdue.overdue
    assert commission.next_step(overdue) == "expectations"
    assert completed.is_complete
    assert completed.outcome == DialogueOutcome.NEW_PROPOSAL
    assert completed.new_proposal.previous_proposal == completed.proposal
    assert completed.new_proposal.organisation == completed.proposal.organisation
