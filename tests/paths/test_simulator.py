"""« Simulateur de financement » (/simulateur/): the form in French, the result line by line,
errors next to the fields."""

import datetime

import pytest
from django.urls import reverse

from paths.models import PathProposal
from tests.dom import cells_of_row, facts, parse, texts
from tests.factories import UserFactory

URL = reverse("paths:simulator")

# 800 h × 27.45 = 21,960 > 18,000 → the total cap binds a 20,000 € cost: 2,000 € HT remain;
# 3,250 > 2 × 1,603.12 = 3,206.24 (SMIC on 30/04/2022) → 90 % = 2,925, below the floor 3,206.24
FORM = {
    "start_date": "2022-04-30",
    "end_date": "2022-12-16",
    "schedule": "full_time",
    "centre_hours": "800",
    "company_hours": "0",
    "company_hours_required_by_certification": "",
    "pedagogic_cost_ht": "20000",
    "reference_monthly_salary": "3250",
    "submitted_on": "2022-01-10",
}


def plain(response) -> str:
    """The page as text, with French no-break spaces made plain."""
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_the_empty_form_is_in_french(client, member_a):
    client.force_login(member_a)
    response = client.get(URL)
    assert response.status_code == 200
    page = plain(response)
    assert texts(response, "//h1") == ["Simulateur de financement"]
    assert "Heures en centre de formation" in page
    assert "Présentiel + distanciel, hors PAE" in page
    assert "Heures de PAE exigées par la certification" in page
    assert "Salaire mensuel brut de référence" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Résultat de la simulation" not in page


def test_staff_see_the_result_line_by_line(client, path_analyst):
    client.force_login(path_analyst)
    response = client.post(URL, FORM)
    assert response.status_code == 200
    page = plain(response)
    assert texts(response, "//section[@id='resultat']/h2") == ["Résultat de la simulation"]
    shown = facts(response)
    assert shown["Règles appliquées"].startswith(
        "Guide PTP (parcours commençant à partir du 01/01/2020)"
    )
    # pedagogic: 18,000 covered, 2,000 not, because of the total cap (21,600 TTC)
    assert shown["Coût pédagogique pris en charge"] == "18 000,00 € HT (21 600,00 € TTC)"
    pedagogic = parse(response).xpath("//section[@id='resultat']//table")[0]
    assert cells_of_row(pedagogic, "Coût pédagogique")[1:3] == ["18 000,00 € HT", "2 000,00 € HT"]
    assert "Plafond du coût pédagogique total : 18 000,00 € HT (21 600,00 € TTC)" in page
    # salary: 90 % of 3,250 = 2,925 < 2 × SMIC = 3,206.24, so the floor is paid
    assert "2 × SMIC (plancher), soit 3 206,24 € par mois" in page
    # deadlines: 30/04/2022 − 3 months = 30/01/2022; 16/12 is more than 6 months → 120 days
    assert shown["Dossier complet à déposer au plus tard le"] == "30/01/2022"
    assert shown["Demande d'absence à l'employeur au plus tard le"] == "31/12/2021"  # − 120 days
    assert shown["Reste à financer"] == "2 000,00 € HT"
    assert "Reste à financer : 2 000,00 € HT" in page
    assert response.context["result"].pedagogic.limited_by == "total_cap"


def test_the_smic_change_on_01_05_2022_changes_the_rate(client, member_a):
    client.force_login(member_a)
    # 3,250 ≤ 2 × 1,645.58 = 3,291.16 from 01/05/2022 → 100 %
    response = client.post(URL, {**FORM, "start_date": "2022-05-01"})
    assert "100 % du salaire, soit 3 250,00 € par mois" in plain(response)


def test_the_simulation_saves_nothing(client, member_a):
    client.force_login(member_a)
    client.post(URL, FORM)
    assert PathProposal.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"end_date": "2022-04-29"}, "end_date", "La fin prévue doit être postérieure"),
        ({"centre_hours": "-5"}, "centre_hours", "La valeur ne peut pas être négative."),
        ({"pedagogic_cost_ht": ""}, "pedagogic_cost_ht", "Ce champ est obligatoire."),
        (
            {"start_date": "2019-06-03", "end_date": "2019-12-20"},
            "start_date",
            "Aucune règle de financement pour cette date de début",
        ),
    ],
)
def test_errors_are_shown_next_to_their_field(client, member_a, change, field, words):
    client.force_login(member_a)
    response = client.post(URL, {**FORM, **change})
    assert response.status_code == 200
    page = plain(response)
    assert "Résultat de la simulation" not in page
    # the error sits in the field's own block, right after its input
    assert f'id="id_{field}_error">{words}' in page.replace("&#x27;", "'")
    assert response.context["form"].errors[field]


def test_the_form_keeps_what_was_typed(client, member_a):
    client.force_login(member_a)
    response = client.post(URL, {**FORM, "centre_hours": "-5"})
    assert 'value="20000"' in plain(response)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_account_with_no_role_gets_a_404(client, db):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404


def test_the_page_fits_a_phone(client, member_a):
    client.force_login(member_a)
    page = plain(client.post(URL, FORM))
    # the result table scrolls on a narrow screen, in a region that says so
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Tableau' in page
    assert 'type="date"' in page


def test_submitted_on_defaults_to_today(client, member_a, on_day):
    on_day(datetime.date(2022, 2, 1))
    client.force_login(member_a)
    response = client.post(URL, {**FORM, "submitted_on": ""})
    result = response.context["result"]
    assert result.deadlines.submitted_on == datetime.date(2022, 2, 1)
    assert result.deadlines.file_on_time is False  # due 30/01/2022
    assert "il serait rejeté comme non recevable" in plain(response)
