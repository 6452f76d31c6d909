"""C6: after a refusal because the path does not look coherent with the career project, staff
contact the OF's file contact, state the reason, share the commission's expectations, and record
the joint outcome; open dialogues past the delay administrators set come first, marked overdue."""

import datetime
import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charter_portal.models import ServiceLevels
from paths import commission
from paths.models import DecisionOutcome, DecisionReason, DialogueOutcome, RefusalDialogue
from tests.dom import messages, texts
from tests.factories import (
    CommissionSessionFactory,
    OrganisationFactory,
    PathProposalFactory,
    proposal_at_commission,
)

DAY = datetime.date(2022, 6, 21)
NEXT_WEEK = DAY + datetime.timedelta(days=7)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _refuse(organisation, analyst, held_on=DAY, **kwargs) -> RefusalDialogue:
    session = CommissionSessionFactory(held_on=held_on)
    proposal = proposal_at_commission(session, organisation=organisation, **kwargs)
    decision = commission.record_decision(
        proposal.pk,
        analyst,
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
        comment="Le parcours vise l'usinage, le projet est la soudure.",
    )
    return decision.dialogue


@pytest.fixture
def dialogue(org_a, member_a, path_analyst, on_day):
    on_day(DAY)
    org_a.contact_name = "Claire Dupont"
    org_a.save()
    dialogue = _refuse(org_a, path_analyst, target_job="Soudeur")
    on_day(NEXT_WEEK)
    return dialogue


def _step(client, dialogue, step, **data):
    return client.post(
        reverse("paths:dialogue_step", args=[dialogue.pk, step]),
        {f"{step}-{key}": value for key, value in data.items()},
    )


CONTACT = {
    "contacted_on": "2022-06-23",
    "contact_channel": "phone",
    "contact_person": "Claire Dupont",
}
REASON = {
    "reason_stated_on": "2022-06-24",
    "reason_statement": "Les modules d'usinage ne préparent pas au métier de soudeur.",
}
EXPECTATIONS = {
    "expectations_shared_on": "2022-06-27",
    "expectations": "Un parcours centré sur les procédés de soudage, avec une PAE en atelier.",
}


def test_staff_complete_the_three_steps_and_the_outcome_closes_the_dialogue(
    client, dialogue, member_a, member_b, path_analyst, django_capture_on_commit_callbacks
):
    client.force_login(path_analyst)
    url = reverse("paths:dialogue_detail", args=[dialogue.pk])
    page = _text(client.get(url))
    assert "1. Contacter l'interlocuteur du dossier" in page
    assert 'value="Claire Dupont"' in page  # the OF's file contact, by default

    response = _step(client, dialogue, "contact", contacted_by=path_analyst.pk, **CONTACT)
    assert response.status_code == 302
    after = client.get(url)
    page = _text(after)
    assert messages(after) == ["Contact enregistré."]
    assert f"Le 23/06/2022, par téléphone : {path_analyst} a contacté Claire Dupont." in page
    assert "2. Préciser le motif du refus" in page

    _step(client, dialogue, "reason", **REASON)
    page = _text(client.get(url))
    assert "Les modules d'usinage ne préparent pas au métier de soudeur." in page
    assert "3. Partager les attendus de la commission" in page

    _step(client, dialogue, "expectations", **EXPECTATIONS)
    response = client.get(url)
    assert "Un parcours centré sur les procédés de soudage" in _text(response)
    assert texts(response, "//h2[@id='dialogue-next']") == ["Issue commune"]  # the last form

    with django_capture_on_commit_callbacks(execute=True):
        response = _step(client, dialogue, "outcome", outcome="abandoned")
    assert response.status_code == 302
    page = _text(client.get(url))
    assert "Issue commune enregistrée : le dialogue est clos." in page
    assert f"Abandon, le {NEXT_WEEK:%d/%m/%Y}." in page
    assert "Enregistrer cette étape" not in page

    dialogue.refresh_from_db()
    assert dialogue.is_complete
    assert dialogue.closed_at is not None
    assert dialogue.contacted_by == path_analyst
    assert dialogue.history.first().history_user == path_analyst

    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "Un parcours centré sur les procédés de soudage" in message.body
    assert "Issue commune : Abandon" in message.body
    assert f"http://testserver/dialogues/{dialogue.pk}/" in message.body


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            "reason",
            "Étape impossible : enregistrez d'abord le contact avec l'interlocuteur de l'organisme.",
        ),
        ("expectations", "Étape impossible : précisez d'abord le motif du refus à l'organisme."),
        (
            "outcome",
            "Étape impossible : l'issue commune se décide une fois les attendus de la commission "
            "partagés.",
        ),
    ],
)
def test_steps_are_recorded_in_order(client, dialogue, path_analyst, step, message):
    data = {"reason": REASON, "expectations": EXPECTATIONS, "outcome": {"outcome": "abandoned"}}
    client.force_login(path_analyst)
    response = _step(client, dialogue, step, **data[step])
    assert response.status_code == 400
    assert message in _text(response)

    api = client.post(
        reverse("api:refusal-dialogue-steps", args=[dialogue.pk]),
        {"step": step, **data[step]},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == {"non_field_errors": [message]}
    dialogue.refresh_from_db()
    assert commission.next_step(dialogue) == "contact"
    assert dialogue.outcome == DialogueOutcome.OPEN


def _through_expectations(dialogue, analyst):
    commission.record_step(
        dialogue.pk,
        "contact",
        analyst,
        contacted_on=datetime.date(2022, 6, 23),
        contact_channel="video",
    )
    commission.record_step(
        dialogue.pk,
        "reason",
        analyst,
        reason_stated_on=datetime.date(2022, 6, 23),
        reason_statement=REASON["reason_statement"],
    )
    commission.record_step(
        dialogue.pk,
        "expectations",
        analyst,
        expectations_shared_on=datetime.date(2022, 6, 23),
        expectations=EXPECTATIONS["expectations"],
    )


def test_a_new_proposal_follows_the_refused_one(client, dialogue, org_a, path_analyst):
    _through_expectations(dialogue, path_analyst)
    follow_up = PathProposalFactory(organisation=org_a, target_job="Soudeur TIG")
    client.force_login(path_analyst)
    page = _text(client.get(reverse("paths:dialogue_detail", args=[dialogue.pk])))
    assert follow_up.reference in page  # offered as the new proposal

    response = _step(client, dialogue, "outcome", outcome="new_proposal", new_proposal=follow_up.pk)
    assert response.status_code == 302
    dialogue.refresh_from_db()
    follow_up.refresh_from_db()
    assert dialogue.outcome == DialogueOutcome.NEW_PROPOSAL
    assert dialogue.new_proposal == follow_up
    assert follow_up.previous_proposal == dialogue.proposal
    assert follow_up.history.first().history_user == path_analyst
    page = _text(client.get(reverse("paths:dialogue_detail", args=[dialogue.pk])))
    assert (
        f"La nouvelle proposition {follow_up.reference} fait suite à la proposition refusée."
        in (page)
    )


def test_the_new_proposal_belongs_to_the_same_organisation(dialogue, org_b, path_analyst):
    _through_expectations(dialogue, path_analyst)
    neighbour = PathProposalFactory(organisation=org_b)
    for new_proposal in (neighbour.pk, dialogue.proposal_id, None):
        with pytest.raises(ValidationError) as error:
            commission.record_step(
                dialogue.pk,
                "outcome",
                path_analyst,
                outcome="new_proposal",
                new_proposal=new_proposal,
            )
        assert list(error.value.message_dict) == ["new_proposal"]
    neighbour.refresh_from_db()
    assert neighbour.previous_proposal is None
    dialogue.refresh_from_db()
    assert dialogue.outcome == DialogueOutcome.OPEN


def test_a_closed_dialogue_is_not_changed(dialogue, path_analyst):
    _through_expectations(dialogue, path_analyst)
    commission.record_step(dialogue.pk, "outcome", path_analyst, outcome="abandoned")
    with pytest.raises(ValidationError, match="Ce dialogue est clos"):
        commission.record_step(
            dialogue.pk, "reason", path_analyst, reason_stated_on=NEXT_WEEK, reason_statement="x"
        )


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        (
            "contact",
            {"contacted_on": datetime.date(2022, 6, 20), "contact_channel": "phone"},
            "contacted_on",
            "Le contact ne peut pas précéder le refus du 21/06/2022.",
        ),
        (
            "contact",
            {"contacted_on": NEXT_WEEK + datetime.timedelta(days=1), "contact_channel": "phone"},
            "contacted_on",
            "La date ne peut pas être dans le futur.",
        ),
        (
            "contact",
            {"contacted_on": DAY, "contact_channel": "pigeon"},
            "contact_channel",
            "Choisissez le moyen de contact.",
        ),
    ],
)
def test_contact_dates_and_channels_are_checked(dialogue, path_analyst, step, data, field, message):
    with pytest.raises(ValidationError) as error:
        commission.record_step(dialogue.pk, step, path_analyst, **data)
    assert error.value.message_dict == {field: [message]}


def test_the_reason_is_not_stated_before_the_contact(dialogue, path_analyst):
    commission.record_step(
        dialogue.pk, "contact", path_analyst, contacted_on=NEXT_WEEK, contact_channel="email"
    )
    with pytest.raises(ValidationError) as error:
        commission.record_step(
            dialogue.pk, "reason", path_analyst, reason_stated_on=DAY, reason_statement="Motif"
        )
    assert error.value.message_dict == {
        "reason_stated_on": [
            f"Le motif ne peut pas être précisé avant le contact du {NEXT_WEEK:%d/%m/%Y}."
        ]
    }


def test_the_contact_is_taken_by_staff(dialogue, member_a, path_analyst):
    with pytest.raises(ValidationError) as error:
        commission.record_step(
            dialogue.pk,
            "contact",
            path_analyst,
            contacted_on=DAY,
            contact_channel="phone",
            contacted_by=member_a,
        )
    assert list(error.value.message_dict) == ["contacted_by"]


def test_the_api_runs_the_dialogue(client, dialogue, org_a, path_analyst):
    client.force_login(path_analyst)
    url = reverse("api:refusal-dialogue-steps", args=[dialogue.pk])
    contact = client.post(
        url,
        {"step": "contact", "contacted_on": "2022-06-23", "contact_channel": "meeting"},
        content_type="application/json",
    )
    assert contact.status_code == 200
    body = contact.json()
    assert body["contacted_by"] == path_analyst.pk  # the caller, by default
    assert body["contact_person"] == "Claire Dupont"
    assert body["next_step"] == "reason"
    assert body["steps_done"] == {"contact": True, "reason": False, "expectations": False}

    for step, data in (("reason", REASON), ("expectations", EXPECTATIONS)):
        assert client.post(
            url, {"step": step, **data}, content_type="application/json"
        ).status_code == (200)
    follow_up = PathProposalFactory(organisation=org_a)
    closed = client.post(
        url,
        {"step": "outcome", "outcome": "new_proposal", "new_proposal": follow_up.pk},
        content_type="application/json",
    ).json()
    assert closed["outcome"] == "new_proposal"
    assert closed["new_proposal"] == follow_up.pk
    assert closed["is_complete"] is True
    assert closed["next_step"] is None

    missing = client.post(
        url, {"step": "outcome", "outcome": "abandoned"}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert missing.json() == {
        "non_field_errors": ["Ce dialogue est clos : il ne peut plus être modifié."]
    }


# ---------------------------------------------------------------- overdue first


def test_open_dialogues_past_the_delay_come_first_marked_overdue(
    client, org_a, org_b, path_analyst, on_day
):
    ServiceLevels.objects.update_or_create(pk=1, defaults={"dialogue_overdue_days": 30})
    on_day(datetime.date(2022, 3, 15))
    old = _refuse(org_a, path_analyst, held_on=datetime.date(2022, 3, 15), target_job="Ancien")
    on_day(datetime.date(2022, 4, 19))
    closed = _refuse(org_b, path_analyst, held_on=datetime.date(2022, 4, 19), target_job="Clos")
    _through_expectations_on(closed, path_analyst, datetime.date(2022, 4, 19))
    on_day(datetime.date(2022, 5, 17))
    recent = _refuse(org_b, path_analyst, held_on=datetime.date(2022, 5, 17), target_job="Récent")
    on_day(datetime.date(2022, 5, 20))
    commission.record_step(closed.pk, "outcome", path_analyst, outcome="abandoned")

    client.force_login(path_analyst)
    page = _text(client.get(reverse("paths:dialogue_list")))
    order = [page.index(d.proposal.reference) for d in (old, recent, closed)]
    assert order == sorted(order)  # overdue, then open, then closed
    old_row = page[order[0] : order[1]]
    assert "En retard" in old_row
    assert "1. Contacter l'interlocuteur du dossier" in old_row
    assert "En retard" not in page[order[1] :]
    assert "En retard" in _text(client.get(reverse("paths:dialogue_detail", args=[old.pk])))

    api = client.get(reverse("api:refusal-dialogue-list")).json()["results"]
    assert [(row["id"], row["overdue"]) for row in api] == [
        (old.pk, True),
        (recent.pk, False),
        (closed.pk, False),
    ]
    overdue_only = client.get(reverse("api:refusal-dialogue-list"), {"overdue": "true"}).json()
    assert [row["id"] for row in overdue_only["results"]] == [old.pk]
    filtered = _text(client.get(reverse("paths:dialogue_list"), {"state": "overdue"}))
    assert old.proposal.reference in filtered
    assert recent.proposal.reference not in filtered

    # administrators set the delay: with 90 days, nothing is overdue yet
    ServiceLevels.objects.filter(pk=1).update(dialogue_overdue_days=90)
    page = _text(client.get(reverse("paths:dialogue_list")))
    assert '<span class="badge badge-breach">En retard</span>' not in page


def _through_expectations_on(dialogue, analyst, day):
    commission.record_step(
        dialogue.pk,
        "contact",
        analyst,
        contacted_on=day,
        contact_channel="phone",
        contact_person="Sami Haddad",
    )
    commission.record_step(
        dialogue.pk, "reason", analyst, reason_stated_on=day, reason_statement="Motif précisé."
    )
    commission.record_step(
        dialogue.pk, "expectations", analyst, expectations_shared_on=day, expectations="Attendus."
    )


# ---------------------------------------------------------------- who sees what


def test_the_organisation_reads_its_dialogue_without_forms(
    client, dialogue, member_a, path_analyst
):
    client.force_login(member_a)
    url = reverse("paths:dialogue_detail", args=[dialogue.pk])
    page = _text(client.get(url))
    assert (
        "Le parcours de formation envisagé ne semble pas cohérent au regard du projet professionnel"
        in page
    )
    assert "Le parcours vise l'usinage, le projet est la soudure." in page  # commission comment
    assert page.count("À faire.") == 3
    assert "Enregistrer cette étape" not in page
    assert "Historique" not in page

    _through_expectations(dialogue, path_analyst)
    page = _text(client.get(url))
    assert REASON["reason_statement"] in page
    assert EXPECTATIONS["expectations"] in page
    assert "Enregistrer cette étape" not in page
    assert _step(client, dialogue, "outcome", outcome="abandoned").status_code == 404

    api = client.get(reverse("api:refusal-dialogue-detail", args=[dialogue.pk])).json()
    assert api["expectations"] == EXPECTATIONS["expectations"]
    steps = client.post(
        reverse("api:refusal-dialogue-steps", args=[dialogue.pk]),
        {"step": "outcome", "outcome": "abandoned"},
        content_type="application/json",
    )
    assert steps.status_code == 403


def test_another_organisation_never_reaches_the_dialogue(client, dialogue, member_b):
    client.force_login(member_b)
    assert client.get(reverse("paths:dialogue_detail", args=[dialogue.pk])).status_code == 404
    assert client.get(reverse("paths:dialogue_list")).status_code == 404
    api = client.get(reverse("api:refusal-dialogue-detail", args=[dialogue.pk]))
    assert api.status_code == 404
    assert client.get(reverse("api:refusal-dialogue-list")).json()["results"] == []


def test_commission_members_read_dialogues_but_do_not_record_steps(
    client, dialogue, commission_member
):
    client.force_login(commission_member)
    page = _text(client.get(reverse("paths:dialogue_detail", args=[dialogue.pk])))
    assert "Enregistrer cette étape" not in page
    assert _step(client, dialogue, "contact", **CONTACT).status_code == 403
    api = client.post(
        reverse("api:refusal-dialogue-steps", args=[dialogue.pk]),
        {"step": "contact", "contacted_on": "2022-06-23", "contact_channel": "phone"},
        content_type="application/json",
    )
    assert api.status_code == 403
    dialogue.refresh_from_db()
    assert dialogue.contacted_on is None


def test_the_dialogue_lists_keep_their_queries(client, path_analyst, on_day):
    on_day(DAY)
    client.force_login(path_analyst)
    urls = [reverse("paths:dialogue_list"), reverse("api:refusal-dialogue-list")]

    def grow(start, count):
        for n in range(start, start + count):
            dialogue = _refuse(
                OrganisationFactory(),
                path_analyst,
                held_on=DAY - datetime.timedelta(days=n),
            )
            if n % 3 == 0:
                _through_expectations_on(dialogue, path_analyst, DAY)

    grow(0, 3)
    client.get(urls[0])  # the first visit creates the service levels' row
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            assert client.get(url).status_code == 200
    grow(3, 27)
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            assert client.get(url).status_code == 200
    assert len(many) == len(few)
