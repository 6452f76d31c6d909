"""`make demo` files proposals in every state the OF and the path analyst can reach."""

from django.core import mail
from django.core.management import call_command

from paths.models import Feedback, Message, PathProposal, ProposalStatus

REACHABLE = {
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.FEEDBACK_GIVEN,
    ProposalStatus.REVISED,
    ProposalStatus.AT_COMMISSION,
    ProposalStatus.WITHDRAWN,
}


def test_demo_proposals_cover_every_reachable_state(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)

    proposals = list(PathProposal.objects.with_facts())
    assert {p.status for p in proposals} >= REACHABLE
    years = {p.created_at.year for p in proposals}
    assert {2021, 2022} <= years
    assert len(years) >= 3  # and the current year
    assert any(p.concerted for p in proposals)
    assert any(not p.concerted_on for p in proposals)
    for proposal in proposals:
        assert proposal.reference.startswith(f"PP-{proposal.created_at.year}-")
        assert proposal.levers.exists()
        assert proposal.modules.exists()
    answered = [p for p in proposals if p.first_feedback_at]
    assert answered
    for proposal in answered:
        assert proposal.first_feedback_at > proposal.submitted_at
        feedback = Feedback.objects.filter(proposal=proposal).first()
        assert feedback.funding_check["pedagogic"]["covered_ht"]
    assert Message.objects.filter(internal=True).exists()
    assert mail.outbox  # filed through the services, like real proposals
    at_commission = PathProposal.objects.get(status=ProposalStatus.AT_COMMISSION)
    assert at_commission.commission_session is not None


def test_the_demo_hands_its_proposals_to_the_next_apps(db):
    import organisms.demo
    import paths.demo

    context = {}
    organisms.demo.load(context)
    paths.demo.load(context)
    assert context["proposals"]
    assert all(isinstance(p, PathProposal) for p in context["proposals"])
    assert {p.organisation_id for p in context["proposals"]} >= {
        context["organisations"][101].pk,
        context["organisations"][104].pk,
    }
