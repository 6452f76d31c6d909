"""The dialogue meeting (C11): the quality officer prepares the indicators, records the meeting with
its notes beside the share of individualisation and the levers that secured paths, and completes
the minutes; the OF's members read their meetings' minutes."""

import datetime
import html

import pytest
from django.urls import reverse

from reports import services
from reports.models import DialogueMeeting
from tests.dom import messages

CREATE = reverse("reports:meeting_create")


def _form(org, **extra):
    return {
        "held_on": "2022-07-05",
        "organisation": org.pk,
        "departement": "",
        "period_start": "2022-01-01",
        "period_end": "2022-06-30",
        "participants": "Direction de Formations Alpha\nChargée de projet qualité OF",
        "individualisation_notes": "Tous les parcours mobilisent au moins un levier.",
        "levers_notes": "L'hybridation a permis de garder un stagiaire.",
        "decisions": "Poursuivre la concertation en amont.",
        "actions": "Envoyer les programmes un mois avant la commission.",
        **extra,
    }


def _text(response):
    return html.unescape(response.content.decode())


def test_the_indicators_are_prepared_beside_the_notes_before_anything_is_saved(
    client, quality_officer, org_a, records
):
    client.force_login(quality_officer)
    page = _text(client.post(CREATE, _form(org_a, action="prepare")))
    assert not DialogueMeeting.objects.exists()
    participants = page.index('name="participants"')
    notes = page.index('name="individualisation_notes"')
    levers = page.index('name="levers_notes"')
    # each figure sits right before the notes it informs
    share = page.index("Part des parcours individualisés (%) :", participants)
    assert participants < share < notes
    # not computed without PTP trainees declared, and the definition says why
    assert '<span class="figure-value">—</span>' in page[share:notes]
    assert "donnerait toujours 100 %" in page[share:notes]
    secured = page.index("Leviers des parcours sécurisés", notes)
    assert notes < secured < levers
    assert '<th scope="row">Hybridation</th><td class="num">1</td>' in page[secured:levers]


def test_the_quality_officer_records_the_meeting_and_its_figures_are_frozen(
    client, quality_officer, org_a, records
):
    client.force_login(quality_officer)
    response = client.post(CREATE, _form(org_a, action="record"), follow=True)
    meeting = DialogueMeeting.objects.get()
    assert meeting.held_on == datetime.date(2022, 7, 5)
    assert meeting.generated_by == quality_officer
    assert meeting.workbook and meeting.csv_file
    values = {row["code"]: row["value"] for row in meeting.figures}
    assert values["individualised_share"] is None  # no PTP trainees declared for a meeting
    assert values["secured_paths_levers"]["hybrid"] == 1
    page = _text(response)
    assert messages(response) == ["Réunion de dialogue enregistrée."]
    assert "Réunion de dialogue du 05/07/2022 — Formations Alpha" in page
    assert "Indicateurs du 01/01/2022 au 30/06/2022" in page
    assert "L'hybridation a permis de garder un stagiaire." in page
    assert "Envoyer les programmes un mois avant la commission." in page
    assert "Part des parcours individualisés (%) :" in page


def test_a_period_ending_before_it_starts_is_refused(client, quality_officer, org_a):
    client.force_login(quality_officer)
    response = client.post(CREATE, _form(org_a, period_end="2021-12-31", action="record"))
    page = _text(response)
    assert 'id="id_period_end_error"' in page
    assert "La fin de la période doit suivre son début." in page
    assert not DialogueMeeting.objects.exists()


@pytest.fixture
def meeting_a(org_a, quality_officer, records):
    return services.record_dialogue_meeting(
        DialogueMeeting(
            held_on=datetime.date(2022, 7, 5),
            organisation=org_a,
            period_start=datetime.date(2022, 1, 1),
            period_end=datetime.date(2022, 6, 30),
            participants="Direction de Formations Alpha",
        ),
        quality_officer,
    )


def test_the_minutes_are_completed_and_the_figures_stay(client, quality_officer, meeting_a):
    figures = meeting_a.figures
    client.force_login(quality_officer)
    url = reverse("reports:meeting_edit", args=[meeting_a.pk])
    form = _text(client.get(url))
    assert "Part des parcours individualisés (%) :" in form
    response = client.post(
        url,
        {
            "participants": "Direction de Formations Alpha\nChargée de projet analyse",
            "individualisation_notes": "Part élevée.",
            "levers_notes": "Hybridation.",
            "decisions": "Point dans six mois.",
            "actions": "",
        },
        follow=True,
    )
    assert messages(response) == ["Compte rendu mis à jour."]
    meeting_a.refresh_from_db()
    assert meeting_a.decisions == "Point dans six mois."
    assert meeting_a.figures == figures
    assert meeting_a.history.first().history_user == quality_officer


def test_the_of_reads_its_meeting_but_does_not_edit_it(client, member_a, meeting_a):
    client.force_login(member_a)
    page = _text(client.get(reverse("reports:meeting_detail", args=[meeting_a.pk])))
    assert "Réunion de dialogue du 05/07/2022 — Formations Alpha" in page
    assert "Compléter le compte rendu" not in page
    assert client.get(reverse("reports:meeting_edit", args=[meeting_a.pk])).status_code == 404
    workbook = client.get(reverse("reports:meeting_workbook", args=[meeting_a.pk]))
    assert workbook.status_code == 200
    assert reverse("reports:meeting_detail", args=[meeting_a.pk]) in _text(
        client.get(reverse("reports:my_dashboard"))
    )


def test_b_cannot_read_a_s_meeting(client, member_b, meeting_a):
    client.force_login(member_b)
    for name in ("meeting_detail", "meeting_workbook", "meeting_csv", "meeting_edit"):
        assert client.get(reverse(f"reports:{name}", args=[meeting_a.pk])).status_code == 404


def test_the_path_analyst_reads_meetings_but_does_not_record_them(client, path_analyst, meeting_a):
    client.force_login(path_analyst)
    assert client.get(reverse("reports:meeting_list")).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("reports:meeting_edit", args=[meeting_a.pk])).status_code == 403
