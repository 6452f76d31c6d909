"""Lists of proposals cost the same number of queries with 3 rows as with 30."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from paths import services
from paths.models import ProposalStatus
from tests.factories import MessageFactory, complete_draft


def _make(organisation, analyst, count):
    for _index in range(count):
        proposal = complete_draft(organisation, status=ProposalStatus.SUBMITTED)
        services.give_feedback(proposal.pk, analyst, "Retour.")
        MessageFactory(proposal=proposal, author=analyst)


def _count(django_assert_max_num_queries, request_page):
    request_page()  # warm: the session, the user's roles, the service levels row
    with django_assert_max_num_queries(30) as captured:
        assert request_page().status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("member_a", reverse("paths:proposal_list")),
        ("path_analyst", reverse("paths:proposal_queue")),
        ("path_analyst", reverse("paths:proposal_queue_csv")),
        ("member_a", "/api/v1/proposals/"),
        ("commission_member", "/api/v1/proposals/"),
    ],
)
def test_lists_keep_a_constant_number_of_queries(
    request, org_a, path_analyst, django_assert_max_num_queries, role, url
):
    user = request.getfixturevalue(role)
    client = APIClient()
    client.force_authenticate(user)
    if not url.startswith("/api/"):
        client.force_login(user)

    _make(org_a, path_analyst, 3)
    few = _count(django_assert_max_num_queries, lambda: client.get(url))
    _make(org_a, path_analyst, 27)
    many = _count(django_assert_max_num_queries, lambda: client.get(url))
    assert many == few, f"{url}: {few} queries for 3 rows, {many} for 30"
