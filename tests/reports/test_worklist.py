"""Staff see first what is late: alerts not acknowledged in time, proposals waiting for an answer
beyond the target delay, refusal dialogues open past their delay."""

import datetime

from django.urls import reverse
from django.utils import timezone

from paths.models import PathProposal, ProposalStatus
from reports.worklist import staff_worklist
from tests.dom import texts
from tests.factories import AlertFactory, PathProposalFactory


def _waiting_proposal(org, days_ago):
    proposal = PathProposalFactory(organisation=org)
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    PathProposal.objects.filter(pk=proposal.pk).update(  # what the workflow stores on submit
        status=ProposalStatus.SUBMITTED, submitted_at=sent, awaiting_feedback_since=sent
    )
    return proposal


def test_late_alerts_and_proposals_head_the_staff_worklist(org_a, org_b, quality_officer):
    late_alert = AlertFactory(
        organisation=org_a, ack_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    AlertFactory(organisation=org_b)  # due later: not late yet
    late = _waiting_proposal(org_a, days_ago=40)
    _waiting_proposal(org_b, days_ago=2)

    worklist = staff_worklist(quality_officer)

    assert [alert.pk for alert in worklist.alerts] == [late_alert.pk]
    assert [proposal.pk for proposal in worklist.proposals] == [late.pk]
    assert worklist.dialogues_total == 0


def test_the_staff_dashboard_shows_the_late_items_first(client, org_a, quality_officer):
    AlertFactory(organisation=org_a, ack_due_on=timezone.localdate() - datetime.timedelta(days=3))
    late = _waiting_proposal(org_a, days_ago=40)
    client.force_login(quality_officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "À traiter en priorité" in page
    assert late.reference in page
    assert page.index("À traiter en priorité") < page.index(
        "<h2", page.index("À traiter en priorité") + 1
    )


def test_nothing_late_says_so(client, quality_officer):
    client.force_login(quality_officer)
    dashboard = client.get(reverse("reports:dashboard"))
    assert texts(dashboard, "//section[@aria-labelledby='worklist-title']/p") == [
        "Rien n'est en retard : alertes prises en compte, retours et dialogues dans les délais."
    ]
