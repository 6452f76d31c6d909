"""After logging in, each role lands on its own worklist (`/mon-travail/`): OF members their drafts
with the file deadline, feedback to answer, alerts in progress and the charter to sign; analysts
the proposals to study (theirs first, then the oldest); quality officers the alerts to acknowledge
(late first); commission members the next session's list."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from paths.models import PathProposal, ProposalStatus
from reports.worklist import SHOWN
from tests.dom import texts
from tests.factories import (
    PASSWORD,
    AlertFactory,
    CommissionSessionFactory,
    PathProposalFactory,
    proposal_at_commission,
    proposal_ready_for_commission,
)

URL = reverse("reports:worklist")


def _waiting(org, days_ago, **kwargs):
    proposal = PathProposalFactory(organisation=org, **kwargs)
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    # the workflow would have stored since when an answer is owed
    PathProposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.SUBMITTED, submitted_at=sent, awaiting_feedback_since=sent
    )
    return proposal


def _page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_login_lands_each_role_on_its_worklist(client, path_analyst):
    response = client.post(
        reverse("accounts:login"),
        {"username": path_analyst.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == URL
    assert texts(response, "//main//h2")[0].startswith("Propositions à étudier")


def test_of_member_sees_drafts_with_their_file_deadline_feedback_and_alerts(
    client, on_day, org_a, org_b, member_a
):
    on_day(datetime.date(2022, 6, 1))
    # the PTP guide's rule set: the complete file is due 3 months before the start
    # start 05/09/2022 → due 05/06/2022 (not passed on 01/06); start 15/07/2022 → due 15/04 (passed)
    on_time = PathProposalFactory(
        organisation=org_a, target_job="Soudeur", start_date=datetime.date(2022, 9, 5)
    )
    late = PathProposalFactory(
        organisation=org_a,
        target_job="Chaudronnier",
        start_date=datetime.date(2022, 7, 15),
        end_date=datetime.date(2022, 12, 15),
    )
    answered = proposal_ready_for_commission(organisation=org_a, target_job="Tuyauteur")
    alert = AlertFactory(organisation=org_a)
    PathProposalFactory(organisation=org_b, target_job="Boulanger")  # the neighbour's draft
    AlertFactory(organisation=org_b, trainee_reference="VOISIN-01")

    page = _page(client, member_a)

    assert f"{late.reference} — Chaudronnier" in page
    assert "Dossier complet attendu le 15/04/2022 : date dépassée." in page
    assert f"{on_time.reference} — Soudeur" in page
    assert "Dossier complet attendu au plus tard le 05/06/2022." in page
    # the late draft comes first (earliest start)
    assert page.index(late.reference) < page.index(on_time.reference)
    assert f"{answered.reference} — Tuyauteur" in page
    assert alert.reference in page
    # no active signature: the charter to sign
    assert "Aucune signature active de la charte" in page
    assert "Boulanger" not in page
    assert "VOISIN-01" not in page


def test_signed_member_is_told_to_renew_three_months_before_the_end(
    client, on_day, signed_a, member_a
):
    # the edition ends 31/12/2022: 30 days left on 01/12 (≤ 90), nothing to do on 01/06 (213 days)
    on_day(datetime.date(2022, 6, 1))
    assert "La charte est signée et en vigueur." in _page(client, member_a)
    on_day(datetime.date(2022, 12, 1))
    assert "La signature prend fin le 31/12/2022 : pensez à la renouveler." in _page(
        client, member_a
    )


def test_analyst_sees_proposals_assigned_to_them_first_then_the_oldest(
    client, org_a, org_b, path_analyst, administrator
):
    oldest = _waiting(org_a, days_ago=30)
    newer = _waiting(org_b, days_ago=3)
    mine = _waiting(org_b, days_ago=1, assigned_to=path_analyst)
    colleague = _waiting(org_a, days_ago=50, assigned_to=administrator)
    draft = PathProposalFactory(organisation=org_a)

    page = _page(client, path_analyst)

    assert page.index(mine.reference) < page.index(oldest.reference) < page.index(newer.reference)
    late = texts(
        client.get(URL),
        "//main//ul[@class='worklist-items']/li[span[@class='badge badge-withdrawn']]/a",
    )
    # 30 days > the 21-day target; 3 and 1 day are not late
    assert [title for title in late if oldest.reference in title]
    assert not [title for title in late if newer.reference in title or mine.reference in title]
    assert colleague.reference not in page  # a colleague studies it
    assert draft.reference not in page


def test_quality_officer_sees_alerts_to_acknowledge_late_first(client, org_a, quality_officer):
    today = timezone.localdate()
    late = AlertFactory(organisation=org_a, ack_due_on=today - datetime.timedelta(days=2))
    fresh = AlertFactory(organisation=org_a)

    page = _page(client, quality_officer)

    assert "Alertes à prendre en compte" in page
    assert page.index(late.reference) < page.index(fresh.reference)


def test_commission_member_sees_the_next_sessions_list(client, on_day, commission_member):
    on_day(datetime.date(2022, 6, 1))
    past = CommissionSessionFactory(held_on=datetime.date(2022, 5, 17))
    nxt = CommissionSessionFactory(held_on=datetime.date(2022, 6, 21))
    listed = proposal_at_commission(nxt, target_job="Menuisier")
    earlier = proposal_at_commission(past, target_job="Peintre")

    page = _page(client, commission_member)

    assert "Prochaine commission : Commission du 21/06/2022" in page
    assert listed.reference in page
    assert earlier.reference not in page


def _queries_for_the_worklist(user):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_worklist_query_count_does_not_grow_with_the_work(org_a, administrator):
    """Nine rows in a list cost the same queries as two (under the rows shown, so no list counts
    what it leaves out): nothing is looked up row by row."""

    def add_work(count):
        for days in range(count):
            _waiting(org_a, days_ago=days + 1)
            AlertFactory(organisation=org_a)

    add_work(2)
    _queries_for_the_worklist(administrator)  # fills the per-process caches
    with_two_rows = _queries_for_the_worklist(administrator)
    add_work(SHOWN - 3)
    assert _queries_for_the_worklist(administrator) == with_two_rows
