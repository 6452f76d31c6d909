"""Every move of a proposal, legal and illegal, through the services, the pages and the API:
a legal one changes the status and is dated; an illegal one is refused in French and changes nothing."""

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from charter_portal.transitions import TransitionNotAllowed
from paths import services
from paths.models import ProposalStatus
from tests.dom import PROPOSAL_STATUS, texts
from tests.factories import complete_draft

# The workflow of the issue, written out by hand: action -> statuses it may start from, target.
LEGAL = {
    "submit": ({"draft"}, "submitted"),
    "start_review": ({"submitted", "revised"}, "in_review"),
    "give_feedback": ({"submitted", "in_review", "revised"}, "feedback_given"),
    "revise": ({"feedback_given"}, "revised"),
    "withdraw": ({"draft", "submitted", "in_review", "feedback_given", "revised"}, "withdrawn"),
}
BY_OF = {"submit", "revise", "withdraw"}
CASES = [(action, status) for action in LEGAL for status in ProposalStatus.values]

SERVICES = {
    "submit": services.submit,
    "revise": services.revise,
    "withdraw": services.withdraw,
    "start_review": services.start_review,
    "give_feedback": lambda pk, user: services.give_feedback(pk, user, "Parcours cohérent."),
}
PAGES = {
    "submit": ("paths:proposal_submit", {}),
    "revise": ("paths:proposal_revise", {}),
    "withdraw": ("paths:proposal_withdraw", {}),
    "start_review": ("paths:proposal_start_review", {}),
    "give_feedback": ("paths:proposal_feedback", {"text": "Parcours cohérent."}),
}
API = {
    "submit": ("submit", {}, 200),
    "revise": ("revise", {}, 200),
    "withdraw": ("withdraw", {}, 200),
    "start_review": ("start-review", {}, 200),
    "give_feedback": ("feedback", {"text": "Parcours cohérent."}, 201),
}


def _actor(action, member_a, path_analyst):
    return member_a if action in BY_OF else path_analyst


def _label(status):
    return ProposalStatus(status).label


@pytest.mark.parametrize(("action", "status"), CASES)
def test_service(action, status, org_a, member_a, path_analyst):
    proposal = complete_draft(org_a, status=status)
    user = _actor(action, member_a, path_analyst)
    sources, target = LEGAL[action]
    if status in sources:
        SERVICES[action](proposal.pk, user)
        proposal.refresh_from_db()
        assert proposal.status == target
        step = proposal.transitions.get()
        assert (step.action, step.from_status, step.to_status, step.by) == (
            action,
            status,
            target,
            user,
        )
        assert proposal.history.first().history_user == user
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            SERVICES[action](proposal.pk, user)
        assert refused.value.messages[0].startswith(
            f"Action impossible : une proposition « {_label(status)} » ne peut pas être"
        )
        proposal.refresh_from_db()
        assert proposal.status == status
        assert not proposal.transitions.exists()


@pytest.mark.parametrize(("action", "status"), CASES)
def test_page(client, action, status, org_a, member_a, path_analyst):
    proposal = complete_draft(org_a, status=status)
    client.force_login(_actor(action, member_a, path_analyst))
    name, data = PAGES[action]
    response = client.post(reverse(name, args=[proposal.pk]), data, follow=True)
    page = html.unescape(response.content.decode())
    sources, target = LEGAL[action]
    proposal.refresh_from_db()
    if status in sources:
        assert proposal.status == target
        assert texts(response, PROPOSAL_STATUS) == [_label(target)]
        assert "Action impossible" not in page
    else:
        assert proposal.status == status
        assert f"Action impossible : une proposition « {_label(status)} » ne peut pas être" in page


@pytest.mark.parametrize(("action", "status"), CASES)
def test_api(action, status, org_a, member_a, path_analyst):
    proposal = complete_draft(org_a, status=status)
    api = APIClient()
    api.force_authenticate(_actor(action, member_a, path_analyst))
    path, data, ok = API[action]
    response = api.post(f"/api/v1/proposals/{proposal.pk}/{path}/", data, format="json")
    sources, target = LEGAL[action]
    proposal.refresh_from_db()
    if status in sources:
        assert response.status_code == ok, response.content
        assert proposal.status == target
    else:
        assert response.status_code == 400
        assert response.json()["non_field_errors"][0].startswith(
            f"Action impossible : une proposition « {_label(status)} » ne peut pas être"
        )
        assert proposal.status == status
