"""Dashboards: staff and OF members read the indicators of a period and a scope, with charts that
carry their own name and are followed by their data table."""

import datetime
import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import DAY_IN_EDITION
from tests.dom import texts
from tests.factories import CharterEditionFactory, LeverFactory, MembershipFactory
from tests.reports.conftest import PERIOD_2022, at, submitted_proposal

D = datetime.date
DASHBOARD = reverse("reports:dashboard")
MY_DASHBOARD = reverse("reports:my_dashboard")


def _figure(page, code):
    """The value shown in an indicator's figure card."""
    match = re.search(
        rf'id="{code.replace("_", "-")}".*?class="figure-value"[^>]*>([^<]*)', page, re.S
    )
    return match.group(1).strip()


def test_staff_see_the_network_over_the_edition_in_force_up_to_today_by_default(
    client, quality_officer, records, on_day
):
    """On 15/03/2022 the 2021–2022 edition (01/06/2021 – 31/12/2022) is in force: the dashboard
    opens from its start to today, with no month still to come."""
    on_day(DAY_IN_EDITION)
    client.force_login(quality_officer)
    page = client.get(DASHBOARD).content.decode()
    assert "Réseau Grand Est, du 01/06/2021 au 15/03/2022" in page
    assert _figure(page, "proposals_submitted") == "3"
    assert _figure(page, "proposals_concerted") == "1"
    assert 'value="2021-06-01"' in page and 'value="2022-03-15"' in page
    assert "avril 2022" not in page  # no future month in the monthly chart or its table
    # the downloads give the same period and scope
    assert f"{reverse('api:indicators-export-xlsx')}?start=2021-06-01&amp;end=2022-03-15" in page
    assert f"{reverse('api:indicators-export-csv')}?start=2021-06-01&amp;end=2022-03-15" in page


def test_the_period_selector_offers_the_charter_editions(client, quality_officer, records, on_day):
    """Editions: 2019–2020 (ended) and 2021–2022 (in force on 15/03/2022); last year is 2021."""
    on_day(DAY_IN_EDITION)
    CharterEditionFactory(version="2019", valid_from=D(2019, 1, 1), valid_until=D(2020, 12, 31))
    client.force_login(quality_officer)
    page = client.get(DASHBOARD, {"departement": "51"}).content.decode()
    links = re.findall(r'<li><a href="\?([^"]+)"(?: aria-current="true")?>([^<]+)</a></li>', page)
    assert [label for _query, label in links] == [
        "Édition 2021–2022 en vigueur, jusqu&#x27;à aujourd&#x27;hui",
        "Édition 2019–2020 (du 01/01/2019 au 31/12/2020)",
        "Année 2021",
    ]
    # each link keeps the département chosen
    assert links[1][0] == "start=2019-01-01&amp;end=2020-12-31&amp;departement=51"
    assert 'aria-current="true">Édition 2021–2022 en vigueur' in page  # the period shown

    ended = client.get(DASHBOARD, {"start": "2019-01-01", "end": "2020-12-31"}).content.decode()
    assert "Réseau Grand Est, du 01/01/2019 au 31/12/2020" in ended


def test_staff_choose_an_organisation_and_a_period(client, path_analyst, org_a, records):
    client.force_login(path_analyst)
    page = client.get(DASHBOARD, {"organisation": org_a.pk, **PERIOD_2022}).content.decode()
    assert "Formations Alpha, du 01/01/2022 au 30/06/2022" in page
    assert _figure(page, "proposals_submitted") == "2"
    assert _figure(page, "feedback_median_days") == "12,5"  # French decimal comma
    # no PTP trainees declared on a dashboard: the share is not computed (never 100 % by design)
    assert _figure(page, "individualised_share") == "—"
    assert f"organisation={org_a.pk}" in page


def test_staff_choose_a_departement(client, commission_member, records):
    client.force_login(commission_member)
    page = client.get(DASHBOARD, {"departement": "68", **PERIOD_2022}).content.decode()
    assert "68 – Haut-Rhin, du 01/01/2022 au 30/06/2022" in page
    assert _figure(page, "proposals_submitted") == "1"


def test_bad_choices_are_said_next_to_the_field(client, quality_officer, org_a, edition):
    client.force_login(quality_officer)
    page = client.get(
        DASHBOARD, {"organisation": org_a.pk, "departement": "57", "start": "2022-31-01"}
    ).content.decode()
    assert "Saisissez une date valide au format AAAA-MM-JJ." in page
    page = client.get(DASHBOARD, {"organisation": org_a.pk, "departement": "57"}).content.decode()
    assert 'id="id_departement_error"' in page
    assert "Choisissez un organisme ou un département, pas les deux." in page
    assert 'class="figure-value"' not in page


def test_each_chart_has_its_name_and_is_followed_by_its_data_table(
    client, quality_officer, records
):
    client.force_login(quality_officer)
    page = client.get(DASHBOARD, PERIOD_2022).content.decode()
    charts = re.findall(
        r"<svg [^>]*>.*?</svg>\s*<details class=\"chart-table\"><summary>Voir les données en tableau"
        r"</summary>\s*<div class=\"table-scroll\"[^>]*>.*?<table",
        page,
        re.S,
    )
    assert len(charts) == page.count("<svg ")
    for code in (
        "proposals-by-month",
        "proposals-by-lever",
        "decisions-by-outcome",
        "alerts-by-outcome",
    ):
        assert f'id="{code}"' in page
    svg = re.search(r'<svg [^>]*aria-label="Propositions transmises par mois".*?</svg>', page, re.S)
    assert svg, "the monthly chart is named"
    assert 'role="img"' in svg.group(0)
    assert "<title" in svg.group(0) and "<desc" in svg.group(0)
    table = page[svg.end() : page.index("</table>", svg.end())]
    assert "Données du graphique « Propositions transmises par mois »" in table
    assert '<th scope="row">janvier 2022</th><td class="num">1</td>' in table
    assert '<th scope="row">février 2022</th><td class="num">2</td>' in table
    assert '<th scope="row">Hybridation</th>' in page
    assert "https://" not in "".join(re.findall(r"<(?:script|link)[^>]*>", page))  # no CDN


def test_an_of_member_sees_their_own_organisation_only(client, member_a, records, on_day):
    on_day(DAY_IN_EDITION)
    client.force_login(member_a)
    page = client.get(MY_DASHBOARD).content.decode()
    assert "Formations Alpha, du 15/09/2021 au 15/03/2022" in page  # from its signature to today
    assert _figure(page, "proposals_submitted") == "2"
    assert "Beta Compétences" not in page
    assert 'name="departement"' not in page
    assert 'name="organisation"' not in page  # one organisation: nothing to choose
    [ask] = texts(
        page, f"//main//a[starts-with(@href, '{reverse('reports:annual_request_create')}')]"
    )
    assert ask == "Demander mon rapport annuel PTP"


def test_an_of_member_cannot_look_at_another_organisation(client, member_b, org_a, records):
    client.force_login(member_b)
    page = html.unescape(client.get(MY_DASHBOARD, {"organisation": org_a.pk}).content.decode())
    assert "Formations Alpha" not in page
    assert "Cet organisme n'est pas l'un des vôtres." in page
    assert 'class="figure-value"' not in page
    assert client.get(DASHBOARD).status_code == 404


def test_a_member_of_two_organisations_chooses_among_theirs(client, member_a, org_b, records):
    MembershipFactory(user=member_a, organisation=org_b)
    client.force_login(member_a)
    page = client.get(MY_DASHBOARD, {"organisation": org_b.pk, **PERIOD_2022}).content.decode()
    assert 'name="organisation"' in page
    assert "Beta Compétences, du 01/01/2022 au 30/06/2022" in page
    assert _figure(page, "proposals_submitted") == "1"


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def _more_proposals(organisation, count):
    for day in range(count):
        proposal = submitted_proposal(
            organisation, at(2022, 3, 1 + day % 28), at(2022, 3, 1 + day % 28, 15)
        )
        LeverFactory(proposal=proposal, code="digital")


def test_the_dashboards_make_as_many_queries_for_30_proposals_as_for_3(
    client, quality_officer, member_a, org_a, records, django_assert_max_num_queries
):
    params = {"organisation": org_a.pk, **PERIOD_2022}
    client.force_login(quality_officer)
    staff_few = _queries(client, DASHBOARD, params)
    client.force_login(member_a)
    member_few = _queries(client, MY_DASHBOARD, PERIOD_2022)
    _more_proposals(org_a, 27)
    with django_assert_max_num_queries(member_few):
        page = client.get(MY_DASHBOARD, PERIOD_2022).content.decode()
    assert _figure(page, "proposals_submitted") == "29"
    client.force_login(quality_officer)
    with django_assert_max_num_queries(staff_few):
        page = client.get(DASHBOARD, params).content.decode()
    assert _figure(page, "proposals_submitted") == "29"
