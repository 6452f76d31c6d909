"""What changed since I last looked: lists mark proposals with something new since the reader's
last visit; on a revised proposal, the fields changed since the last feedback are marked, and
the « modifications » page shows them before / after, levers and modules included."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from paths import services
from tests.dom import cells_of_row
from tests.factories import complete_draft

MARK = '<span class="unread-mark">nouveau</span>'
CHANGED = '<span class="unread-mark">modifié</span>'


@pytest.fixture
def revised(on_day, org_a, member_a, path_analyst):
    """Sent on 01/03, feedback on 03/03, revised on 07/03: job renamed, a lever added, the
    module's hours 70 → 84; the dates, costs and certification unchanged."""
    on_day(datetime.date(2022, 3, 1))
    proposal = complete_draft(org_a, target_job="Soudeur assembleur")
    services.submit(proposal.pk, member_a)
    on_day(datetime.date(2022, 3, 3))
    services.give_feedback(proposal.pk, path_analyst, "Précisez le rythme en entreprise.")
    on_day(datetime.date(2022, 3, 7))
    proposal.refresh_from_db()
    proposal.target_job = "Soudeur TIG"
    services.save_proposal(
        proposal,
        member_a,
        levers=[
            {
                "code": "modularisation",
                "explanation": "Deux modules dispensés au vu du positionnement.",
            },
            {"code": "hybrid", "explanation": "Deux jours à distance par semaine."},
        ],
        modules=[
            {
                "name": "Lecture de plans",
                "hours": Decimal("84"),
                "modality": "in_person",
                "cost_ht": Decimal("1400.00"),
            }
        ],
    )
    services.revise(proposal.pk, member_a)
    return proposal


def test_the_analyst_sees_the_changed_fields_marked(client, revised, path_analyst):
    client.force_login(path_analyst)
    page = client.get(reverse("paths:proposal_detail", args=[revised.pk])).content.decode()

    assert "Modifié depuis le retour du 03/03/2022" in page
    # three places marked: the job, the levers, the modules; the dates are not
    assert page.count(CHANGED) == 3
    job = page.index("Métier visé")
    assert CHANGED in page[job : job + 80]
    dates = page.index("Dates prévues")
    assert CHANGED not in page[dates : dates + 80]


def test_the_changes_page_shows_before_and_after(client, revised, path_analyst, member_a):
    for user in (path_analyst, member_a):
        client.force_login(user)
        response = client.get(reverse("paths:proposal_changes", args=[revised.pk]))
        page = response.content.decode()
        assert "<del>Soudeur assembleur</del>" in page
        assert "<ins>Soudeur TIG</ins>" in page
        assert (
            cells_of_row(response, "Levier : Hybridation")[2]
            == "Deux jours à distance par semaine."
        )
        assert "<ins>Deux jours à distance par semaine.</ins>" in page
        assert "<del>Lecture de plans — 70 h, Présentiel, 1400.00 € HT</del>" in page
        assert "<ins>Lecture de plans — 84 h, Présentiel, 1400.00 € HT</ins>" in page
        assert "Modularisation" not in page  # unchanged lever
        assert "début prévu" not in page.lower()  # unchanged field


def test_the_changes_page_is_not_for_another_organisation(client, revised, member_b):
    client.force_login(member_b)
    assert client.get(reverse("paths:proposal_changes", args=[revised.pk])).status_code == 404


def test_the_queue_marks_a_proposal_revised_since_the_last_visit(
    client, on_day, org_a, member_a, path_analyst
):
    on_day(datetime.date(2022, 3, 1))
    proposal = complete_draft(org_a)
    services.submit(proposal.pk, member_a)
    client.force_login(path_analyst)
    queue = reverse("paths:proposal_queue")
    # never opened: submitted by the OF, so new to the analyst
    assert MARK in client.get(queue).content.decode()

    on_day(datetime.date(2022, 3, 2))
    client.get(reverse("paths:proposal_detail", args=[proposal.pk]))
    assert MARK not in client.get(queue).content.decode()
    # the analyst's own feedback is not news to them
    services.give_feedback(proposal.pk, path_analyst, "Retour.")
    assert MARK not in client.get(queue).content.decode()

    on_day(datetime.date(2022, 3, 4))
    services.revise(proposal.pk, member_a)
    assert MARK in client.get(queue).content.decode()


def test_the_member_list_marks_a_new_message_from_staff(
    client, on_day, org_a, member_a, path_analyst
):
    on_day(datetime.date(2022, 3, 1))
    proposal = complete_draft(org_a)
    services.submit(proposal.pk, member_a)
    client.force_login(member_a)
    client.get(reverse("paths:proposal_detail", args=[proposal.pk]))
    mine = reverse("paths:proposal_list")
    services.post_message(proposal.pk, member_a, "Le programme est joint.")
    assert MARK not in client.get(mine).content.decode()  # their own message

    on_day(datetime.date(2022, 3, 2))
    services.post_message(proposal.pk, path_analyst, "Note interne.", internal=True)
    assert MARK not in client.get(mine).content.decode()  # an internal note is never news to the OF
    services.post_message(proposal.pk, path_analyst, "Merci, bien reçu.")
    assert MARK in client.get(mine).content.decode()


def test_the_alert_queue_marks_new_alerts_until_opened(client, org_a, member_a, quality_officer):
    from tests.factories import AlertFactory

    alert = AlertFactory(organisation=org_a, created_by=member_a)
    client.force_login(quality_officer)
    queue = reverse("alerts:alert_queue")
    assert MARK in client.get(queue).content.decode()
    client.get(reverse("alerts:alert_detail", args=[alert.pk]))
    assert MARK not in client.get(queue).content.decode()
