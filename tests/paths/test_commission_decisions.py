"""C5: staff record the commission's decision on each proposal of a session's list; a refusal for
an incoherent path opens the refusal dialogue (C6); the OF's members are told by email."""

import datetime
import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse

from paths import commission
from paths.models import (
    CommissionDecision,
    DecisionOutcome,
    DecisionReason,
    ProposalStatus,
    ProposalTransition,
    RefusalDialogue,
)
from tests.dom import cells_of_row, texts
from tests.factories import (
    CommissionSessionFactory,
    MembershipFactory,
    proposal_at_commission,
    proposal_ready_for_commission,
)

DAY = datetime.date(2022, 6, 21)


@pytest.fixture
def session(db):
    return CommissionSessionFactory(held_on=DAY)


@pytest.fixture
def proposal(session, org_a, member_a):
    return proposal_at_commission(session, organisation=org_a, target_job="Soudeur")


def _decision_url(session, proposal):
    return reverse("paths:decision_create", args=[session.pk, proposal.pk])


def _post_decision(client, session, proposal, **data):
    return client.post(_decision_url(session, proposal), data)


@pytest.mark.parametrize(
    ("outcome", "reason", "status"),
    [
        (DecisionOutcome.ACCEPTED, "", ProposalStatus.DECIDED),
        (DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS, "", ProposalStatus.DECIDED),
        (DecisionOutcome.REFUSED, DecisionReason.BUDGET, ProposalStatus.DECIDED),
        (DecisionOutcome.POSTPONED, "", ProposalStatus.AT_COMMISSION),
    ],
)
def test_each_outcome_is_recorded_from_the_session_page(
    client, session, proposal, path_analyst, on_day, outcome, reason, status
):
    on_day(DAY)
    client.force_login(path_analyst)
    response = _post_decision(
        client, session, proposal, outcome=outcome, reason=reason, comment="Vu en séance."
    )
    assert response.status_code == 302
    page = html.unescape(client.get(response.url).content.decode())
    assert f"Décision enregistrée pour {proposal.reference}" in page
    assert str(DecisionOutcome(outcome).label) in page

    proposal.refresh_from_db()
    assert proposal.status == status
    decision = CommissionDecision.objects.get(proposal=proposal)
    assert (decision.outcome, decision.reason, decision.session) == (outcome, reason, session)
    assert decision.decided_by == path_analyst
    assert decision.history.first().history_user == path_analyst
    action = "postpone" if outcome == DecisionOutcome.POSTPONED else "decide"
    assert ProposalTransition.objects.filter(proposal=proposal, action=action).count() == 1


def test_a_decision_dates_the_proposal(session, proposal, path_analyst, on_day):
    on_day(DAY)
    commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED)
    proposal.refresh_from_db()
    assert proposal.decided_at.date() == DAY
    assert proposal.commission_session == session  # decided at this session, it stays there


def test_a_postponed_proposal_leaves_the_list_for_a_later_session(
    client, session, proposal, path_analyst, on_day
):
    on_day(DAY)
    commission.record_decision(
        proposal.pk, path_analyst, outcome=DecisionOutcome.POSTPONED, comment="Pièces manquantes."
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_COMMISSION
    assert proposal.commission_session is None
    assert proposal.decided_at is None

    client.force_login(path_analyst)
    response = client.get(reverse("paths:session_detail", args=[session.pk]))
    page = html.unescape(response.content.decode())
    assert "Aucune proposition n'attend de décision à cette commission." in page
    decided = cells_of_row(response, proposal.reference)  # among the decisions taken
    assert decided[4].startswith("Ajourné le ")
    queue_page = client.get(reverse("paths:commission_queue"))
    queue = html.unescape(queue_page.content.decode())
    assert proposal.reference in queue
    assert "Ajournée par la commission du 21/06/2022." in queue
    card = f"//main//article[@aria-labelledby='proposal-{proposal.pk}']"
    assert texts(queue_page, card + "/p[@class='notice']") == [
        "Ajournée par la commission du 21/06/2022. Pièces manquantes."
    ]


def test_a_postponed_proposal_goes_to_a_later_session_only(session, proposal, path_analyst, on_day):
    on_day(DAY)
    commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.POSTPONED)
    earlier = CommissionSessionFactory(held_on=datetime.date(2022, 5, 17))
    with pytest.raises(ValidationError, match="choisissez une commission postérieure"):
        commission.schedule(proposal.pk, earlier.pk, path_analyst)

    later = CommissionSessionFactory(held_on=datetime.date(2022, 7, 19))
    commission.schedule(proposal.pk, later.pk, path_analyst)
    on_day(later.held_on)
    commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    assert list(proposal.decisions.values_list("session__held_on", "outcome")) == [
        (DAY, DecisionOutcome.POSTPONED),
        (later.held_on, DecisionOutcome.ACCEPTED),
    ]


def test_deciding_a_proposal_not_at_commission_is_refused_with_a_french_message(
    client, session, org_a, path_analyst, on_day
):
    on_day(DAY)
    ready = proposal_ready_for_commission(organisation=org_a)
    client.force_login(path_analyst)
    response = _post_decision(client, session, ready, outcome=DecisionOutcome.ACCEPTED)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Action impossible : une proposition « Retour donné » ne peut pas être décidée." in page
    assert not CommissionDecision.objects.exists()

    api = client.post(
        reverse("api:proposal-decision", args=[ready.pk]),
        {"outcome": "accepted"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == {
        "non_field_errors": [
            "Action impossible : une proposition « Retour donné » ne peut pas être décidée."
        ]
    }
    ready.refresh_from_db()
    assert ready.status == ProposalStatus.FEEDBACK_GIVEN


def test_a_decided_proposal_cannot_be_decided_again(session, proposal, path_analyst, on_day):
    on_day(DAY)
    commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED)
    with pytest.raises(ValidationError, match="« Décidée » ne peut pas être ajournée"):
        commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.POSTPONED)
    assert CommissionDecision.objects.count() == 1


def test_a_refusal_needs_a_reason_next_to_the_field(
    client, session, proposal, path_analyst, on_day
):
    on_day(DAY)
    client.force_login(path_analyst)
    response = _post_decision(client, session, proposal, outcome=DecisionOutcome.REFUSED)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f'id="id_p{proposal.pk}_reason_error"' in page
    assert "Un refus doit être motivé : choisissez un motif." in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_COMMISSION
    assert not CommissionDecision.objects.exists()

    api = client.post(
        reverse("api:proposal-decision", args=[proposal.pk]),
        {"outcome": "refused"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == {"reason": ["Un refus doit être motivé : choisissez un motif."]}


def test_an_acceptance_takes_no_reason(session, proposal, path_analyst, on_day):
    on_day(DAY)
    with pytest.raises(ValidationError) as error:
        commission.record_decision(
            proposal.pk,
            path_analyst,
            outcome=DecisionOutcome.ACCEPTED,
            reason=DecisionReason.BUDGET,
        )
    assert error.value.message_dict == {
        "reason": ["Un motif ne s'indique que pour un refus ou un ajournement."]
    }


def test_a_decision_waits_for_the_day_of_the_session(
    client, session, proposal, path_analyst, on_day
):
    on_day(DAY - datetime.timedelta(days=1))
    client.force_login(path_analyst)
    page = html.unescape(
        client.get(reverse("paths:session_detail", args=[session.pk])).content.decode()
    )
    assert "Les décisions s'enregistrent à partir du jour de la commission." in page
    assert "Enregistrer la décision" not in page
    with pytest.raises(ValidationError, match="ne s'est pas encore tenue"):
        commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED)


def test_a_refusal_for_an_incoherent_path_opens_the_dialogue(
    client, session, proposal, org_a, path_analyst, on_day
):
    on_day(DAY)
    org_a.contact_name = "Claire Dupont"
    org_a.save()
    client.force_login(path_analyst)
    response = _post_decision(
        client,
        session,
        proposal,
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
        comment="Le module de soudure TIG ne mène pas au métier visé.",
    )
    page = html.unescape(client.get(response.url).content.decode())
    assert "Un dialogue après refus est ouvert avec l'organisme (charte d'engagement)." in page

    dialogue = RefusalDialogue.objects.get(proposal=proposal)
    assert dialogue.decision == CommissionDecision.objects.get(proposal=proposal)
    assert dialogue.contact_person == "Claire Dupont"  # the OF's file contact, by default
    assert commission.next_step(dialogue) == "contact"
    assert dialogue.history.first().history_user == path_analyst
    assert reverse("paths:dialogue_detail", args=[dialogue.pk]) in page


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (DecisionOutcome.REFUSED, DecisionReason.BUDGET),
        (DecisionOutcome.REFUSED, DecisionReason.PROJECT_NOT_COHERENT),
        (DecisionOutcome.POSTPONED, DecisionReason.INCOHERENT_PATH),
        (DecisionOutcome.ACCEPTED, ""),
    ],
)
def test_no_dialogue_for_other_decisions(session, proposal, path_analyst, on_day, outcome, reason):
    on_day(DAY)
    commission.record_decision(proposal.pk, path_analyst, outcome=outcome, reason=reason)
    assert not RefusalDialogue.objects.exists()


def test_decision_and_dialogue_are_one_transaction(
    session, proposal, path_analyst, on_day, monkeypatch, django_capture_on_commit_callbacks
):
    """If the dialogue cannot be opened, the decision is not recorded either."""
    on_day(DAY)

    def broken_save(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(RefusalDialogue, "save", broken_save)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        commission.record_decision(
            proposal.pk,
            path_analyst,
            outcome=DecisionOutcome.REFUSED,
            reason=DecisionReason.INCOHERENT_PATH,
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_COMMISSION
    assert proposal.decided_at is None
    assert not CommissionDecision.objects.exists()
    assert not ProposalTransition.objects.filter(proposal=proposal).exists()
    assert mail.outbox == []


def test_the_decision_is_emailed_to_the_organisation_members_only(
    session,
    proposal,
    org_a,
    member_a,
    member_b,
    path_analyst,
    quality_officer,
    on_day,
    django_capture_on_commit_callbacks,
):
    on_day(DAY)
    colleague = MembershipFactory(organisation=org_a, user__email="collegue@alpha.example.org").user
    with django_capture_on_commit_callbacks(execute=True):
        commission.record_decision(
            proposal.pk,
            path_analyst,
            outcome=DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS,
            comment="Réduire le module 3 à 35 h.",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([member_a.email, colleague.email])
    assert message.subject == (
        f"Décision de la commission sur votre proposition {proposal.reference} : "
        "Accepté avec ajustements"
    )
    assert "La commission paritaire du 21/06/2022 a examiné" in message.body
    assert "Réduire le module 3 à 35 h." in message.body
    assert f"http://testserver/propositions/{proposal.pk}/" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert f'href="http://testserver/propositions/{proposal.pk}/"' in html


def test_a_refusal_email_announces_the_dialogue(
    session, proposal, member_a, path_analyst, on_day, django_capture_on_commit_callbacks
):
    on_day(DAY)
    with django_capture_on_commit_callbacks(execute=True):
        commission.record_decision(
            proposal.pk,
            path_analyst,
            outcome=DecisionOutcome.REFUSED,
            reason=DecisionReason.INCOHERENT_PATH,
        )
    dialogue = RefusalDialogue.objects.get()
    body = mail.outbox[0].body
    assert (
        "Motif : Le parcours de formation envisagé ne semble pas cohérent au regard du projet "
        "professionnel" in body
    )
    assert "va prendre contact avec l'interlocuteur du dossier" in body
    assert f"http://testserver/dialogues/{dialogue.pk}/" in body


def test_commission_members_read_the_session_but_do_not_record(
    client, session, proposal, commission_member, on_day
):
    on_day(DAY)
    client.force_login(commission_member)
    page = client.get(reverse("paths:session_detail", args=[session.pk]))
    assert page.status_code == 200
    assert proposal.reference in page.content.decode()
    assert "Enregistrer la décision" not in page.content.decode()

    response = _post_decision(client, session, proposal, outcome=DecisionOutcome.ACCEPTED)
    assert response.status_code == 403
    api = client.post(
        reverse("api:proposal-decision", args=[proposal.pk]),
        {"outcome": "accepted"},
        content_type="application/json",
    )
    assert api.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_COMMISSION


def test_the_api_records_a_decision(client, session, proposal, path_analyst, on_day):
    on_day(DAY)
    client.force_login(path_analyst)
    response = client.post(
        reverse("api:proposal-decision", args=[proposal.pk]),
        {"outcome": "refused", "reason": "incoherent_path", "comment": "À revoir."},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    dialogue = RefusalDialogue.objects.get()
    assert body["outcome"] == "refused"
    assert body["reason"] == "incoherent_path"
    assert body["session"] == session.pk
    assert body["session_held_on"] == "2022-06-21"
    assert body["proposal_reference"] == proposal.reference
    assert body["dialogue"] == dialogue.pk
    assert body["decided_by"] == path_analyst.pk


def test_the_organisation_reads_its_decisions_and_its_neighbour_gets_a_404(
    client, session, proposal, member_a, member_b, path_analyst, on_day
):
    on_day(DAY)
    commission.record_decision(
        proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED, comment="Bravo."
    )
    url = reverse("api:proposal-decision", args=[proposal.pk])
    client.force_login(member_a)
    decisions = client.get(url).json()
    assert [(d["outcome"], d["comment"]) for d in decisions] == [("accepted", "Bravo.")]
    assert client.post(url, {"outcome": "refused"}).status_code == 403

    client.force_login(member_b)
    assert client.get(url).status_code == 404
    page = client.get(reverse("paths:session_detail", args=[session.pk]))
    assert page.status_code == 404


def test_the_decision_endpoint_resolves_beside_the_proposals_api(proposal):
    match = resolve(f"/api/v1/proposals/{proposal.pk}/decision/")
    assert match.view_name == "api:proposal-decision"
