"""Staff give a proposal to a colleague or take it (« je m'en occupe »); the queue filters
« assignés à moi » / « non assignés »; the assignee is shown on the pages and in the API; the
queue opens on what is still open."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paths.models import PathProposal, ProposalStatus
from tests.dom import buttons, parse, texts
from tests.factories import UserFactory, complete_draft

ASSIGNMENT = "//main//section[@aria-labelledby='assignment-title']"
QUEUE = reverse("paths:proposal_queue")


def _sent(org, **kwargs):
    proposal = complete_draft(org, **kwargs)
    PathProposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.SUBMITTED, submitted_at=timezone.now()
    )
    return proposal


@pytest.fixture
def analyst(path_analyst):
    path_analyst.first_name, path_analyst.last_name = "Inès", "Moreau"
    path_analyst.save()
    return path_analyst


def test_analyst_takes_a_proposal_and_is_shown_by_name_and_role(client, org_a, analyst):
    proposal = _sent(org_a)
    client.force_login(analyst)

    response = client.post(
        reverse("paths:proposal_assign", args=[proposal.pk]), {"take": "1"}, follow=True
    )

    proposal.refresh_from_db()
    assert proposal.assigned_to == analyst
    # the change is in the history, with who did it
    last = proposal.history.first()
    assert last.assigned_to_id == analyst.pk and last.history_user == analyst
    page = response.content.decode()
    assert "Inès Moreau (Chargé(e) de projet analyse des parcours)" in page
    assert analyst.email not in page.split("Qui s’occupe de ce dossier")[1][:400]
    queue = client.get(QUEUE).content.decode()
    assert "Inès Moreau (Chargé(e) de projet analyse des parcours)" in queue


def test_the_member_sees_who_follows_their_proposal(client, org_a, member_a, analyst):
    proposal = _sent(org_a, assigned_to=analyst)
    client.force_login(member_a)
    response = client.get(reverse("paths:proposal_detail", args=[proposal.pk]))
    [assignee] = texts(response, ASSIGNMENT + "/p[@class='assignee']")
    assert assignee.startswith("Inès Moreau")
    assert buttons(response, ASSIGNMENT) == []  # no form for the OF
    assert "Je m'en occupe" not in response.content.decode()


def test_a_proposal_cannot_go_to_someone_who_does_not_study_proposals(
    client, org_a, analyst, commission_member
):
    proposal = _sent(org_a)
    client.force_login(analyst)

    response = client.post(
        reverse("paths:proposal_assign", args=[proposal.pk]),
        {"assigned_to": commission_member.pk},
    )

    # the commission member is not among the choices: the form says so next to the field
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.assigned_to is None


def test_giving_to_a_colleague_then_to_nobody(client, org_a, analyst, administrator):
    proposal = _sent(org_a)
    client.force_login(analyst)
    url = reverse("paths:proposal_assign", args=[proposal.pk])

    client.post(url, {"assigned_to": administrator.pk})
    proposal.refresh_from_db()
    assert proposal.assigned_to == administrator

    client.post(url, {"assigned_to": ""})
    proposal.refresh_from_db()
    assert proposal.assigned_to is None


def test_queue_filters_assigned_to_me_and_unassigned(client, org_a, org_b, analyst, administrator):
    mine = _sent(org_a, target_job="Soudeur", assigned_to=analyst)
    theirs = _sent(org_b, target_job="Comptable", assigned_to=administrator)
    free = _sent(org_a, target_job="Cuisinier")
    client.force_login(analyst)

    me = client.get(QUEUE, {"assigned": "me"}).content.decode()
    assert mine.reference in me
    assert theirs.reference not in me and free.reference not in me

    nobody = client.get(QUEUE, {"assigned": "none"}).content.decode()
    assert free.reference in nobody
    assert mine.reference not in nobody and theirs.reference not in nobody


def test_the_queue_opens_on_what_is_open(client, org_a, analyst):
    open_one = _sent(org_a)
    decided = _sent(org_a)
    withdrawn = _sent(org_a)
    PathProposal.objects.filter(pk=decided.pk).update(status=ProposalStatus.DECIDED)
    PathProposal.objects.filter(pk=withdrawn.pk).update(status=ProposalStatus.WITHDRAWN)
    client.force_login(analyst)

    default = client.get(QUEUE).content.decode()
    assert open_one.reference in default
    assert decided.reference not in default and withdrawn.reference not in default
    assert "En cours (ni décidées, ni retirées)" in default

    everything = client.get(QUEUE, {"status": "all"}).content.decode()
    assert all(p.reference in everything for p in (open_one, decided, withdrawn))

    only_decided = client.get(QUEUE, {"status": "decided"}).content.decode()
    assert decided.reference in only_decided and open_one.reference not in only_decided


def test_api_shows_the_assignee_and_assigns(client, org_a, analyst, commission_member):
    proposal = _sent(org_a)
    client.force_login(analyst)
    url = f"/api/v1/proposals/{proposal.pk}/"

    before = client.get(url).json()
    assert before["assigned_to"] is None and before["assigned_to_name"] == ""

    answer = client.post(
        url + "assign/", {"assigned_to": analyst.pk}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["assigned_to"] == analyst.pk
    assert answer.json()["assigned_to_name"] == (
        "Inès Moreau (Chargé(e) de projet analyse des parcours)"
    )
    listed = client.get("/api/v1/proposals/", {"assigned": "me"}).json()
    assert [row["id"] for row in listed["results"]] == [proposal.pk]

    refused = client.post(
        url + "assign/", {"assigned_to": commission_member.pk}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "assigned_to" in refused.json()
    proposal.refresh_from_db()
    assert proposal.assigned_to == analyst


def test_queue_query_count_does_not_grow_with_assignees(
    client, org_a, analyst, django_assert_max_num_queries
):
    client.force_login(analyst)
    _sent(org_a, assigned_to=analyst)
    with django_assert_max_num_queries(40) as few:
        client.get(QUEUE)
    baseline = len(few.captured_queries)
    for _n in range(6):
        _sent(org_a, assigned_to=UserFactory(role="path_analyst"))
    with django_assert_max_num_queries(baseline):
        response = client.get(QUEUE)
    assert response.content.decode().count("(Chargé(e) de projet analyse des parcours)") == 7


def test_the_worklist_shows_who_follows_a_proposal(client, org_a, analyst):
    proposal = _sent(org_a, assigned_to=analyst)
    client.force_login(analyst)
    response = client.get(reverse("reports:worklist"))
    [item] = parse(response).xpath(
        f"//main//ul[@class='worklist-items']/li[a[contains(., '{proposal.reference}')]]"
    )
    assert texts(item, "./span[@class='detail']")[-1].startswith("Suivi par Inès Moreau")
