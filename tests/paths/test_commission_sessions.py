"""C5: staff plan commission sessions and put proposals on their list; the list shows for each
proposal whether it was concerted beforehand, its levers and the staff feedback."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from paths import commission
from paths.models import (
    CommissionSession,
    DecisionOutcome,
    DecisionReason,
    LeverCode,
    ProposalStatus,
    ProposalTransition,
)
from tests.dom import messages, texts
from tests.factories import (
    CommissionSessionFactory,
    LeverFactory,
    PathProposalFactory,
    proposal_at_commission,
    proposal_ready_for_commission,
)

DAY = datetime.date(2022, 6, 21)


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def session(db):
    return CommissionSessionFactory(held_on=DAY, title="")


def test_the_path_analyst_plans_a_session(client, path_analyst):
    client.force_login(path_analyst)
    response = client.post(
        reverse("paths:session_create"),
        {"held_on": "2022-06-21", "title": "", "notes": "Salle du conseil, Strasbourg"},
    )
    session = CommissionSession.objects.get()
    assert response.url == reverse("paths:session_detail", args=[session.pk])
    detail = client.get(response.url)
    page = _text(detail)
    assert messages(detail) == ["Commission enregistrée."]
    assert "<h1>Commission du 21/06/2022</h1>" in page
    assert "Salle du conseil, Strasbourg" in page
    assert session.history.first().history_user == path_analyst


def test_two_sessions_cannot_share_a_day(client, session, path_analyst):
    client.force_login(path_analyst)
    response = client.post(reverse("paths:session_create"), {"held_on": "2022-06-21"})
    assert response.status_code == 200
    assert 'id="id_held_on_error"' in response.content.decode()
    assert "Une commission est déjà prévue ce jour-là." in _text(response)
    assert CommissionSession.objects.count() == 1


def test_the_session_is_corrected(client, session, path_analyst):
    client.force_login(path_analyst)
    response = client.post(
        reverse("paths:session_edit", args=[session.pk]),
        {"held_on": "2022-06-23", "title": "Commission de juin"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.held_on == datetime.date(2022, 6, 23)
    assert "Commission de juin" in _text(client.get(reverse("paths:session_list")))


def test_the_quality_officer_reads_but_does_not_plan(client, session, quality_officer):
    client.force_login(quality_officer)
    assert client.get(reverse("paths:session_list")).status_code == 200
    assert client.get(reverse("paths:session_create")).status_code == 403
    assert "Nouvelle commission" not in _text(client.get(reverse("paths:session_list")))


def test_the_session_list_shows_concerted_proposals_first_with_levers_and_feedback(
    client, session, org_a, org_b, commission_member, on_day
):
    on_day(DAY)
    plain = proposal_at_commission(
        session, organisation=org_b, reference="PP-2022-0001", target_job="Comptable"
    )
    concerted = proposal_at_commission(
        session,
        organisation=org_a,
        reference="PP-2022-0002",
        target_job="Soudeur",
        concerted_on=DAY - datetime.timedelta(days=40),
        concerted_with="Nathalie, analyste parcours",
        feedback_text="Modularisation pertinente : deux modules dispensés après positionnement.",
    )
    LeverFactory(
        proposal=concerted,
        code=LeverCode.HYBRID,
        explanation="Théorie à distance, gestes en atelier.",
    )
    LeverFactory(proposal=plain, code=LeverCode.DIGITAL, explanation="Plateforme en ligne.")
    client.force_login(commission_member)
    page = _text(client.get(reverse("paths:session_detail", args=[session.pk])))

    assert page.index("PP-2022-0002") < page.index("PP-2022-0001")  # concerted first, C5
    concerted_card = page[page.index("PP-2022-0002") : page.index("PP-2022-0001")]
    assert "Concertée en amont" in concerted_card
    assert "avec Nathalie, analyste parcours" in concerted_card
    assert "Hybridation</strong> : Théorie à distance, gestes en atelier." in concerted_card
    assert "Modularisation pertinente : deux modules dispensés" in concerted_card
    plain_card = page[page.index("PP-2022-0001") :]
    assert "Sans concertation préalable" in plain_card
    assert "Digitalisation" in plain_card
    assert "Enregistrer la décision" not in page  # commission members read


def test_a_proposal_that_received_feedback_is_put_on_a_session(
    client, session, org_a, path_analyst, on_day
):
    on_day(DAY - datetime.timedelta(days=10))
    ready = proposal_ready_for_commission(organisation=org_a, target_job="Soudeur")
    PathProposalFactory(organisation=org_a, status=ProposalStatus.IN_REVIEW, reference="PP-X-1")
    client.force_login(path_analyst)
    queue = _text(client.get(reverse("paths:commission_queue")))
    assert ready.reference in queue
    assert "PP-X-1" not in queue  # still in review: not ready

    response = client.post(
        reverse("paths:schedule_proposal", args=[ready.pk]), {"session": "2022-06-21"}
    )
    assert response.status_code == 302
    assert f"{ready.reference} est inscrite à la commission du 21/06/2022." in _text(
        client.get(response.url)
    )
    ready.refresh_from_db()
    assert ready.status == ProposalStatus.AT_COMMISSION
    assert ready.commission_session == session
    transition = ProposalTransition.objects.get(proposal=ready, action="send_to_commission")
    assert transition.by == path_analyst
    assert ready.reference in _text(client.get(reverse("paths:session_detail", args=[session.pk])))


def test_only_a_proposal_with_feedback_goes_to_the_commission(session, org_a, path_analyst):
    draft = PathProposalFactory(organisation=org_a)
    with pytest.raises(Exception, match="« Brouillon » ne peut pas être inscrite en commission"):
        commission.schedule(draft.pk, session.pk, path_analyst)
    on_list = proposal_at_commission(session, organisation=org_a)
    with pytest.raises(Exception, match="déjà inscrite à la commission du 21/06/2022"):
        commission.schedule(on_list.pk, session.pk, path_analyst)


def test_scheduling_through_the_page_shows_the_error(client, session, org_a, path_analyst, on_day):
    on_day(DAY - datetime.timedelta(days=1))
    ready = proposal_ready_for_commission(organisation=org_a)
    # someone else put it on the list meanwhile
    commission.schedule(ready.pk, session.pk, path_analyst)
    client.force_login(path_analyst)
    response = client.post(
        reverse("paths:schedule_proposal", args=[ready.pk]), {"session": "2022-06-21"}
    )
    assert response.status_code == 400
    assert "Cette proposition est déjà inscrite à la commission du 21/06/2022." in _text(response)


def test_the_queue_offers_upcoming_sessions_only(client, org_a, path_analyst, on_day):
    on_day(DAY)
    CommissionSessionFactory(held_on=DAY - datetime.timedelta(days=28))
    CommissionSessionFactory(held_on=DAY + datetime.timedelta(days=28))
    proposal_ready_for_commission(organisation=org_a)
    client.force_login(path_analyst)
    queue = client.get(reverse("paths:commission_queue"))
    page = _text(queue)
    offered = texts(queue, "//main//article//form//option")
    assert "Commission du 19/07/2022" in offered
    assert "Commission du 24/05/2022" not in offered
    assert "Commission du 24/05/2022" not in page


def test_the_api_plans_sessions_and_fills_their_list(client, org_a, path_analyst, on_day):
    on_day(DAY - datetime.timedelta(days=5))
    client.force_login(path_analyst)
    created = client.post(
        reverse("api:commission-session-list"),
        {"held_on": "2022-06-21", "title": "Commission de juin"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["agenda"] == []
    session_id = created.json()["id"]
    duplicate = client.post(
        reverse("api:commission-session-list"),
        {"held_on": "2022-06-21"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert list(duplicate.json()) == ["held_on"]

    ready = proposal_ready_for_commission(
        organisation=org_a, concerted_on=DAY - datetime.timedelta(days=60)
    )
    LeverFactory(proposal=ready, code=LeverCode.MODULARISATION)
    response = client.post(reverse("api:commission-session-schedule", args=[session_id, ready.pk]))
    assert response.status_code == 200
    [item] = response.json()["agenda"]
    assert item["reference"] == ready.reference
    assert item["is_concerted"] is True
    assert item["levers"][0]["code"] == "modularisation"
    assert item["latest_feedback"].startswith("Parcours cohérent")

    again = client.post(reverse("api:commission-session-schedule", args=[session_id, ready.pk]))
    assert again.status_code == 400
    assert "déjà inscrite" in again.json()["non_field_errors"][0]


def test_of_members_see_no_session_in_the_api(client, session, member_a):
    client.force_login(member_a)
    assert client.get(reverse("api:commission-session-list")).json()["results"] == []
    assert client.get(reverse("api:commission-session-detail", args=[session.pk])).status_code == (
        404
    )
    response = client.post(
        reverse("api:commission-session-list"),
        {"held_on": "2022-07-19"},
        content_type="application/json",
    )
    assert response.status_code == 403


# ---------------------------------------------------------------- constant queries


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill_session(session, org_a, analyst, start, count):
    for n in range(start, start + count):
        on_list = proposal_at_commission(
            session, organisation=org_a, concerted_on=DAY - datetime.timedelta(days=n % 2 * 30)
        )
        LeverFactory(proposal=on_list)
        decided = proposal_at_commission(session, organisation=org_a)
        LeverFactory(proposal=decided, code=LeverCode.HYBRID)
        refused = n % 2 == 0
        commission.record_decision(
            decided.pk,
            analyst,
            outcome=DecisionOutcome.REFUSED if refused else DecisionOutcome.ACCEPTED,
            reason=DecisionReason.INCOHERENT_PATH if refused else "",
        )


@pytest.mark.parametrize("staff", ["path_analyst", "commission_member"])
def test_the_session_page_keeps_its_queries_as_the_list_grows(
    client, request, session, org_a, path_analyst, on_day, staff
):
    on_day(DAY)
    client.force_login(request.getfixturevalue(staff))
    url = reverse("paths:session_detail", args=[session.pk])
    _fill_session(session, org_a, path_analyst, 0, 3)
    few = _count_queries(client, url)
    _fill_session(session, org_a, path_analyst, 3, 27)
    assert _count_queries(client, url) == few


def test_the_session_list_and_the_queue_keep_their_queries(client, org_a, path_analyst, on_day):
    on_day(DAY)
    client.force_login(path_analyst)
    urls = [
        reverse("paths:session_list"),
        reverse("paths:commission_queue"),
        reverse("api:commission-session-list"),
    ]

    def grow(start, count):
        for n in range(start, start + count):
            session = CommissionSessionFactory(held_on=DAY + datetime.timedelta(days=n))
            proposal_at_commission(session, organisation=org_a)
            ready = proposal_ready_for_commission(organisation=org_a)
            LeverFactory(proposal=ready)

    grow(0, 3)
    few = [_count_queries(client, url) for url in urls]
    grow(3, 27)
    assert [_count_queries(client, url) for url in urls] == few


@pytest.mark.parametrize(
    ("name", "args", "address"),
    [
        ("session_list", [], "/commissions/"),
        ("session_create", [], "/commissions/nouvelle/"),
        ("commission_queue", [], "/commissions/a-inscrire/"),
        ("schedule_proposal", [7], "/commissions/a-inscrire/7/"),
        ("session_detail", [3], "/commissions/3/"),
        ("session_edit", [3], "/commissions/3/modifier/"),
        ("decision_create", [3, 7], "/commissions/3/decisions/7/"),
        ("dialogue_list", [], "/dialogues/"),
        ("dialogue_detail", [5], "/dialogues/5/"),
        ("dialogue_step", [5, "contact"], "/dialogues/5/etapes/contact/"),
    ],
)
def test_the_commission_and_dialogue_addresses_do_not_move(name, args, address):
    """Bookmarks and emailed links keep working: each screen answers at the address it always had."""
    assert reverse(f"paths:{name}", args=args) == address
    assert resolve(address).view_name == f"paths:{name}"
