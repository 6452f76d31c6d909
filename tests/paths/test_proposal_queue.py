"""Staff study proposals from a queue: filters, overdue proposals first (waiting longer than the
target delay administrators set), and a CSV export of the filtered list."""

import csv
import datetime
import importlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from charter_portal.models import ServiceLevels
from paths import services
from paths.models import ProposalStatus
from tests.dom import parse, rows, text
from tests.factories import complete_draft


@pytest.fixture
def queue(org_a, org_b, member_a, member_b, path_analyst, on_day):
    """A waits since 01/03, B was revised on 08/03, C waits since 20/03, D was answered, E is a
    draft; today is 25/03/2022 and the target delay is 15 days."""
    made = {}
    on_day(datetime.date(2022, 3, 1))
    made["A"] = complete_draft(
        org_a,
        target_job="Soudeur",
        concerted_on=datetime.date(2022, 2, 1),
        concerted_with="Analyste",
    )
    services.submit(made["A"].pk, member_a)
    on_day(datetime.date(2022, 3, 5))
    made["B"] = complete_draft(org_b, target_job="Comptable")
    made["B"].levers.update(code="hybrid")
    services.submit(made["B"].pk, member_b)
    services.give_feedback(made["B"].pk, path_analyst, "Retour.")
    on_day(datetime.date(2022, 3, 8))
    services.revise(made["B"].pk, member_b)
    on_day(datetime.date(2022, 3, 20))
    made["C"] = complete_draft(org_a, target_job="Cuisinier")
    services.submit(made["C"].pk, member_a)
    on_day(datetime.date(2022, 3, 22))
    made["D"] = complete_draft(org_b, target_job="Aide-soignant")
    services.submit(made["D"].pk, member_b)
    services.give_feedback(made["D"].pk, path_analyst, "Retour.")
    made["E"] = complete_draft(org_a, target_job="Menuisier")
    on_day(datetime.date(2022, 3, 25))
    ServiceLevels.current()
    return made


def _listed(client, query=None):
    response = client.get(reverse("paths:proposal_queue"), query or {})
    assert response.status_code == 200
    return [p.target_job for p in response.context["page"].object_list]


def test_overdue_proposals_come_first_then_the_longest_waiting(client, queue, path_analyst):
    client.force_login(path_analyst)
    assert _listed(client) == ["Soudeur", "Comptable", "Cuisinier", "Aide-soignant"]
    page = client.get(reverse("paths:proposal_queue")).content.decode()
    assert page.count("En retard</span>") == 2
    assert "Menuisier" not in page  # drafts are the OF's own until sent


def test_the_target_delay_is_the_one_administrators_set(client, queue, path_analyst):
    ServiceLevels.objects.update(feedback_target_days=20)
    client.force_login(path_analyst)
    assert _listed(client, {"overdue": "on"}) == ["Soudeur"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "draft"}, ["Menuisier"]),
        ({"status": "revised"}, ["Comptable"]),
        ({"lever": "hybrid"}, ["Comptable"]),
        ({"concerted": "yes"}, ["Soudeur"]),
        ({"concerted": "no"}, ["Comptable", "Cuisinier", "Aide-soignant"]),
        (
            {"submitted_from": "2022-03-05", "submitted_to": "2022-03-21"},
            ["Comptable", "Cuisinier"],
        ),
        ({"overdue": "on"}, ["Soudeur", "Comptable"]),
        ({"q": "cuisi"}, ["Cuisinier"]),
    ],
)
def test_staff_filter_the_queue(client, queue, path_analyst, query, expected):
    client.force_login(path_analyst)
    assert _listed(client, query) == expected


def test_staff_filter_by_organisation(client, queue, org_b, commission_member):
    client.force_login(commission_member)
    assert _listed(client, {"organisation": org_b.pk}) == ["Comptable", "Aide-soignant"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("beta", ["Comptable", "Aide-soignant"]),
        ("compétences BETA", ["Comptable", "Aide-soignant"]),
        ("alpha", ["Soudeur", "Cuisinier"]),
        ("gamma", []),
    ],
)
def test_staff_search_the_organisation_by_name(client, queue, path_analyst, search, expected):
    client.force_login(path_analyst)
    assert _listed(client, {"organisation": search}) == expected


def test_staff_search_the_organisation_by_siret_or_siren(client, queue, org_a, path_analyst):
    client.force_login(path_analyst)
    siret = org_a.siret
    assert _listed(client, {"organisation": siret}) == ["Soudeur", "Cuisinier"]
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]}"  # a SIREN typed as printed
    assert _listed(client, {"organisation": spaced}) == ["Soudeur", "Cuisinier"]


def test_the_organisation_filter_is_a_search_field_not_a_list(client, queue, path_analyst):
    """A thousand organisations would make a thousand <option>s on every page."""
    client.force_login(path_analyst)
    page = client.get(reverse("paths:proposal_queue")).content.decode()
    assert 'name="organisation"' in page
    assert '<select name="organisation"' not in page
    assert "Formations Alpha</option>" not in page


def test_the_queue_clock_follows_the_workflow(queue, path_analyst, member_b):
    """A waits since its submission on 01/03; B since its revision on 08/03 (not its submission
    on 05/03); D was answered, so it waits no more; E, a draft, never waited."""
    for proposal in queue.values():
        proposal.refresh_from_db()
    day = lambda proposal: timezone.localtime(proposal.awaiting_feedback_since).date()  # noqa: E731
    assert day(queue["A"]) == datetime.date(2022, 3, 1)
    assert day(queue["B"]) == datetime.date(2022, 3, 8)
    assert queue["D"].awaiting_feedback_since is None
    assert queue["E"].awaiting_feedback_since is None
    services.start_review(queue["B"].pk, path_analyst)  # opening it does not restart the clock
    queue["B"].refresh_from_db()
    assert day(queue["B"]) == datetime.date(2022, 3, 8)
    services.give_feedback(queue["B"].pk, path_analyst, "Retour.")
    queue["B"].refresh_from_db()
    assert queue["B"].awaiting_feedback_since is None


def test_the_migration_fills_the_clock_from_the_transitions(queue):
    """Proposals that existed before the column: the same dates, read from their transitions."""
    from django.apps import apps

    from paths.models import PathProposal

    migration = importlib.import_module("paths.migrations.0006_awaiting_feedback_since")
    before = dict(PathProposal.objects.values_list("target_job", "awaiting_feedback_since"))
    PathProposal.objects.update(awaiting_feedback_since=None)
    migration.fill_awaiting_feedback_since(apps, None)
    after = dict(PathProposal.objects.values_list("target_job", "awaiting_feedback_since"))
    assert after == before
    assert after["Comptable"] is not None and after["Aide-soignant"] is None


def test_the_csv_export_follows_the_filters(client, queue, org_a, path_analyst):
    client.force_login(path_analyst)
    response = client.get(reverse("paths:proposal_queue_csv"), {"organisation": org_a.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))
    assert rows[0][:5] == ["Référence", "Organisme", "SIRET", "Statut", "Métier visé"]
    assert [row[4] for row in rows[1:]] == ["Soudeur", "Cuisinier"]
    soudeur = dict(zip(rows[0], rows[1], strict=True))
    assert soudeur["Référence"] == queue["A"].reference
    assert soudeur["Organisme"] == "Formations Alpha"
    assert soudeur["Statut"] == "Transmise"
    assert soudeur["Concertée"] == "oui"
    assert soudeur["Premier contact le"] == "01/02/2022"
    assert soudeur["Transmise le"] == "01/03/2022"
    assert soudeur["En retard"] == "oui"
    assert soudeur["Leviers"] == "Modularisation"
    assert soudeur["Coût pédagogique (€ HT)"] == "12000,00"
    assert soudeur["Écart d'heures"] == "-160,00"


def test_the_csv_export_neutralises_formulas(client, org_a, path_analyst):
    complete_draft(org_a, status=ProposalStatus.SUBMITTED, target_job='=HYPERLINK("http://x")')
    client.force_login(path_analyst)
    raw = client.get(reverse("paths:proposal_queue_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in raw


def test_the_queue_and_the_export_are_for_staff_only(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("paths:proposal_queue")).status_code == 404
    assert client.get(reverse("paths:proposal_queue_csv")).status_code == 404


def test_the_of_list_shows_status_and_next_step(client, org_a, org_b, member_a):
    complete_draft(org_a, target_job="Soudeur")
    complete_draft(org_a, target_job="Cuisinier", status=ProposalStatus.FEEDBACK_GIVEN)
    complete_draft(org_b, target_job="Voisin")
    client.force_login(member_a)
    response = client.get(reverse("paths:proposal_list"))
    page = response.content.decode()
    # reference, trainee, job, start, levers, status, next step
    by_job = {row[2]: row for row in rows(response)}
    assert sorted(by_job) == ["Cuisinier", "Soudeur"]
    assert "Voisin" not in page
    assert by_job["Soudeur"][5:] == [
        "Brouillon",
        "Complétez la proposition puis transmettez-la à Transitions Pro.",
    ]
    assert by_job["Cuisinier"][5] == "Retour donné"
    filtered = client.get(reverse("paths:proposal_list"), {"status": "draft"})
    assert [row[2] for row in rows(filtered)] == ["Soudeur"]


def test_staff_opening_my_proposals_land_on_the_queue(client, path_analyst):
    client.force_login(path_analyst)
    response = client.get(reverse("paths:proposal_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("paths:proposal_queue")


def test_each_row_links_to_its_proposal_and_says_what_it_is(client, queue, path_analyst):
    """The row's cells are computed by the view (one reversed URL for every link): A was
    submitted on 01/03/2022 after a first contact on 01/02/2022; B carries the « hybrid » lever
    and no concertation, and was revised after feedback."""
    client.force_login(path_analyst)
    response = client.get(reverse("paths:proposal_queue"))
    listed = {row[2]: row for row in rows(response)}
    soudeur, comptable = listed["Soudeur"], listed["Comptable"]
    assert soudeur[4] == "oui, le 01/02/2022"
    assert soudeur[5] == "01/03/2022"
    assert comptable[3] == "Hybridation"
    assert comptable[4] == "non"
    assert comptable[5] == "05/03/2022"
    links = parse(response).xpath("//main//tbody/tr/th/a")
    assert {link.text: link.get("href") for link in links} == {
        queue[name].reference: f"/propositions/{queue[name].pk}/" for name in "ABCD"
    }


def test_a_filtered_queue_shows_the_filter_it_was_given(client, queue, path_analyst):
    """The empty filter form is rendered once and reused; a filtered page still shows its own
    values, even right after the unfiltered page."""
    client.force_login(path_analyst)
    client.get(reverse("paths:proposal_queue"))
    page = parse(client.get(reverse("paths:proposal_queue"), {"q": "cuisi", "status": "all"}))
    assert page.xpath("//input[@name='q']/@value") == ["cuisi"]
    assert page.xpath("//select[@name='status']/option[@selected]/@value") == ["all"]
    again = parse(client.get(reverse("paths:proposal_queue")))
    assert again.xpath("//input[@name='q']/@value") == []
    assert again.xpath("//select[@name='status']/option[@selected]/@value") == [""]


def test_a_mistyped_year_in_the_dates_filter_is_said_next_to_the_field(client, queue, path_analyst):
    """« 0202 » for 2022: the field says which dates it takes, instead of filtering on year 202."""
    client.force_login(path_analyst)
    page = parse(client.get(reverse("paths:proposal_queue"), {"submitted_from": "0202-03-05"}))
    field = page.xpath("//input[@name='submitted_from']/parent::div")[0]
    assert "Indiquez une date entre le 01/01/2000 et le 31/12/2100." in text(field)
