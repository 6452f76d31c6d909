"""What a user can do with a proposal now is decided once (`paths.workflow.actions_for`): the
proposal page offers exactly those buttons and the API lists exactly those `allowed_actions`,
for each role and status."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from paths.models import ProposalStatus as S
from tests.dom import parse
from tests.factories import complete_draft

# Written out by hand from the workflow and the roles' permissions: role -> status -> actions.
# The OF sends, revises and withdraws; the path analyst studies and answers, schedules and records
# decisions; the quality officer and the commission member read proposals and act on none.
EXPECTED = {
    "member_a": {
        S.DRAFT: ["submit", "withdraw"],
        S.SUBMITTED: ["withdraw"],
        S.FEEDBACK_GIVEN: ["revise", "withdraw"],
        S.AT_COMMISSION: [],
        S.DECIDED: [],
    },
    "path_analyst": {
        S.DRAFT: [],
        S.SUBMITTED: ["start_review", "give_feedback"],
        S.FEEDBACK_GIVEN: ["send_to_commission"],
        S.AT_COMMISSION: ["decide", "postpone"],
        S.DECIDED: [],
    },
    "quality_officer": {status: [] for status in (S.DRAFT, S.SUBMITTED, S.FEEDBACK_GIVEN)},
    "commission_member": {status: [] for status in (S.SUBMITTED, S.AT_COMMISSION)},
}
CASES = [(role, status) for role, by_status in EXPECTED.items() for status in by_status]

# The buttons of the proposal page (scheduling and decisions are on the commission's pages).
BUTTONS = {
    "submit": "//form[@action='{}']",
    "revise": "//form[@action='{}']",
    "withdraw": "//form[@action='{}']",
    "start_review": "//form[@action='{}']",
    "give_feedback": "//a[@href='{}']",
}
URL_NAMES = {
    "submit": "paths:proposal_submit",
    "revise": "paths:proposal_revise",
    "withdraw": "paths:proposal_withdraw",
    "start_review": "paths:proposal_start_review",
    "give_feedback": "paths:proposal_feedback",
}


@pytest.mark.parametrize(("role", "status"), CASES)
def test_the_page_and_the_api_offer_the_same_actions(request, client, role, status, org_a):
    user = request.getfixturevalue(role)
    proposal = complete_draft(org_a, status=status)

    api = APIClient()
    api.force_authenticate(user)
    listed = api.get(f"/api/v1/proposals/{proposal.pk}/").json()["allowed_actions"]
    client.force_login(user)
    page = parse(client.get(reverse("paths:proposal_detail", args=[proposal.pk])))
    buttons = [
        action
        for action, xpath in BUTTONS.items()
        if page.xpath(xpath.format(reverse(URL_NAMES[action], args=[proposal.pk])))
    ]

    assert listed == EXPECTED[role][status]
    assert sorted(buttons) == sorted(a for a in listed if a in BUTTONS)
