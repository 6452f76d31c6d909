"""Funding rules that stay current (issue 9 §1): the SMIC table up to 2026 with its sources, the
90 % cover never below 2 × SMIC, warnings when the SMIC may be outdated or the organisation is not
Qualiopi-certified, the complete remaining cost, dates bounded 2000–2100."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from paths import funding, funding_data
from paths.api.funding import funding_json
from paths.models import Schedule, SmicRate
from tests.factories import OrganisationFactory, PathProposalFactory
from tests.paths.test_funding_check import PATH, RULES, SMIC_AUG_2022

D = Decimal
day = datetime.date
URL = "/api/v1/funding-check/"


def payload(start, end, salary, **extra):
    return {
        "start_date": start,
        "end_date": end,
        "schedule": "full_time",
        "centre_hours": "600",
        "company_hours": "0",
        "pedagogic_cost_ht": "12000",
        "reference_monthly_salary": salary,
        "submitted_on": "2024-09-01",
        **extra,
    }


@pytest.fixture
def api(member_a):
    client = APIClient()
    client.force_authenticate(member_a)
    return client


# ---------------------------------------------------------------- the SMIC table


@pytest.mark.django_db
def test_the_smic_table_is_complete_up_to_2026_with_a_source_for_each_value():
    table = {rate.valid_from: rate for rate in SmicRate.objects.all()}
    assert table[day(2023, 5, 1)].monthly_gross == D("1747.20")
    assert table[day(2024, 1, 1)].monthly_gross == D("1766.92")
    assert table[day(2024, 11, 1)].monthly_gross == D("1801.80")
    assert table[day(2026, 1, 1)].monthly_gross == D("1823.03")
    assert all(rate.source for rate in table.values())
    assert "2024-951" in table[day(2024, 11, 1)].source


# ---------------------------------------------------------------- the three cases of the issue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "salary", "rate", "covered", "smic"),
    [
        # SMIC since 01/11/2024: 1,801.80; 2 × = 3,603.60 ≥ 3,500 → 100 % (was 90 % = 3,150)
        ("2025-01-06", "3500.00", "100.00", "3500.00", "1801.80"),
        # SMIC since 01/01/2026: 1,823.03; 2 × = 3,646.06 ≥ 3,640 → 100 %
        ("2026-01-05", "3640.00", "100.00", "3640.00", "1823.03"),
        # 4,000 > 3,603.60 → 90 %: 3,600.00 < 3,603.60, so the floor 2 × SMIC is paid
        ("2025-01-06", "4000.00", "90.00", "3603.60", "1801.80"),
    ],
)
def test_the_issue_s_three_salary_cases(api, start, salary, rate, covered, smic):
    end = (datetime.date.fromisoformat(start) + datetime.timedelta(days=180)).isoformat()
    response = api.post(URL, payload(start, end, salary), format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["salary"]["smic_monthly"] == smic
    assert data["salary"]["rate_percent"] == rate
    assert data["salary"]["covered_monthly"] == covered
    assert [w["code"] for w in data["warnings"] if w["code"] == "smic_may_be_outdated"] == []


def test_the_floor_is_explained_in_the_line_and_the_messages():
    # 2 × 1,678.95 = 3,357.90; 3,700 × 0.9 = 3,330 < 3,357.90 → 3,357.90, 342.10 not covered
    result = funding.check(
        replace(PATH, reference_monthly_salary=D("3700.00")), RULES, SMIC_AUG_2022
    )
    assert result.salary.covered_monthly == D("3357.90")
    assert result.salary.not_covered_monthly == D("342.10")
    salary_line = result.lines[1]
    assert (
        salary_line.covered.replace("\xa0", " ") == "2 × SMIC (plancher), soit 3 357,90 € par mois"
    )
    assert any("plancher" in message for message in result.messages)


# ---------------------------------------------------------------- smic_may_be_outdated


@pytest.mark.parametrize(
    ("start", "outdated"),
    [
        (day(2023, 9, 1), False),  # SMIC of 01/08/2022: 13 months back is 01/08/2022, not older
        (day(2023, 9, 2), True),  # 13 months back is 02/08/2022: the SMIC of 01/08/2022 is older
    ],
)
def test_a_smic_older_than_13_months_at_the_start_is_flagged(start, outdated):
    result = funding.check(
        replace(PATH, start_date=start, end_date=start + datetime.timedelta(days=100)),
        RULES,
        SMIC_AUG_2022,
    )
    codes = [warning.code for warning in result.warnings]
    assert (funding.SMIC_MAY_BE_OUTDATED in codes) is outdated


def test_no_smic_for_the_start_month_is_flagged():
    result = funding.check(PATH, RULES, None)
    assert [w.code for w in result.warnings] == ["smic_may_be_outdated"]
    assert "09/2022" in result.warnings[0].message
    assert funding_json(result)["warnings"][0]["code"] == "smic_may_be_outdated"


@pytest.mark.django_db
def test_the_api_warns_when_the_table_stops_too_early(api):
    # newest SMIC 01/01/2026; 13 months before 01/03/2027 is 01/02/2026: older → warning
    response = api.post(URL, payload("2027-03-01", "2027-09-30", "2000.00"), format="json")
    data = response.json()
    outdated = [w for w in data["warnings"] if w["code"] == "smic_may_be_outdated"]
    assert len(outdated) == 1
    assert "1 823,03 €" in outdated[0]["message"].replace("\xa0", " ").replace("\u202f", " ")
    assert "01/01/2026" in outdated[0]["message"]


@pytest.mark.django_db
def test_the_simulator_shows_the_warning(client, member_a):
    client.force_login(member_a)
    form = payload(
        "2027-03-01", "2027-09-30", "2000.00", company_hours_required_by_certification=""
    )
    page = client.post("/simulateur/", form).content.decode()
    assert 'data-code="smic_may_be_outdated"' in page
    assert "n&#x27;est peut-être plus à jour" in page or "n'est peut-être plus à jour" in page


# ---------------------------------------------------------------- qualiopi_missing


@pytest.mark.django_db
@pytest.mark.parametrize(("certified", "warned"), [(False, True), (True, False)])
def test_an_of_without_qualiopi_gets_the_warning_in_the_api(api, org_a, certified, warned):
    org_a.qualiopi_certified = certified
    org_a.save()
    data = api.post(URL, payload("2025-01-06", "2025-06-30", "2000"), format="json").json()
    codes = [w["code"] for w in data["warnings"]]
    assert ("qualiopi_missing" in codes) is warned


@pytest.mark.django_db
def test_staff_running_the_check_get_no_qualiopi_warning(path_analyst):
    client = APIClient()
    client.force_authenticate(path_analyst)
    data = client.post(URL, payload("2025-01-06", "2025-06-30", "2000"), format="json").json()
    assert data["warnings"] == []


@pytest.mark.django_db
def test_a_proposal_s_check_carries_its_organisation_s_qualiopi_status():
    uncertified = PathProposalFactory.build(organisation=OrganisationFactory.build())
    certified = PathProposalFactory.build(
        organisation=OrganisationFactory.build(qualiopi_certified=True)
    )
    on = day(2022, 3, 15)
    assert "qualiopi_missing" in [
        w["code"] for w in funding_data.check_proposal(uncertified, on=on)["warnings"]
    ]
    assert funding_data.check_proposal(certified, on=on)["warnings"] == []


# ---------------------------------------------------------------- the remaining cost, line by line


def test_the_remaining_cost_of_a_full_time_path_longer_than_a_year():
    # 05/09/2022 → 31/10/2023, 4,000 €/month; 2 × 1,678.95 = 3,357.90 < 4,000 → 90 % = 3,600
    # (above the floor): 400 €/month not covered. Year of cover: 05/09/2022 → 04/09/2023 = 12
    # months → 400 × 12 = 4,800. Beyond: 05/09/2023 → 31/10/2023 = 1 month (to 04/10) + 27 of
    # the 31 days to 04/11 = 1.87 months → 4,000 × 1.87 = 7,480. Pedagogic 17,000 on 600 h:
    # 600 × 27.45 = 16,470 → 530 HT. PAE 200 h > 30 % × 600 = 180 → 20 h.
    figures = replace(
        PATH,
        end_date=day(2023, 10, 31),
        reference_monthly_salary=D("4000.00"),
        pedagogic_cost_ht=D("17000.00"),
        company_hours=D("200"),
    )
    r = funding.check(figures, RULES, SMIC_AUG_2022).remaining
    assert r.pedagogic_ht == D("530.00")
    assert r.salary_monthly == D("400.00")
    assert r.salary_covered_months == D("12.00")
    assert r.salary_over_period == D("4800.00")
    assert r.company_hours == D("20.00")
    assert (r.beyond_limit_from, r.beyond_limit_to) == (day(2023, 9, 5), day(2023, 10, 31))
    assert r.beyond_limit_months == D("1.87")
    assert r.beyond_limit_salary == D("7480.00")
    assert [line.item for line in r.lines] == [
        "pedagogic",
        "salary_monthly",
        "salary_period",
        "company_hours",
        "beyond_limit",
    ]


def test_the_covered_period_of_a_shorter_path_counts_part_months():
    # 05/09/2022 → 31/03/2023: 6 months to 04/03/2023, then 27 of the 31 days to 04/04 = 6.87;
    # 4,000 €/month → 400 not covered × 6.87 = 2,748.00; within a year: no beyond_limit line
    figures = replace(PATH, reference_monthly_salary=D("4000.00"))
    r = funding.check(figures, RULES, SMIC_AUG_2022).remaining
    assert r.salary_covered_months == D("6.87")
    assert r.salary_over_period == D("2748.00")
    assert r.beyond_limit_from is None
    assert "beyond_limit" not in [line.item for line in r.lines]


def test_the_remaining_cost_of_a_part_time_path_over_1200_hours():
    # 1,100 h centre + 200 h PAE = 1,300 h: 100 h over 1,200. Salary 3,000 ≤ 3,357.90 → 100 %:
    # nothing per month. The 100 h beyond: 3,000 / 151.67 × 100 = 1,977.98 € of salary.
    figures = replace(
        PATH,
        schedule=Schedule.PART_TIME,
        centre_hours=D("1100"),
        company_hours=D("200"),
        reference_monthly_salary=D("3000.00"),
    )
    r = funding.check(figures, RULES, SMIC_AUG_2022).remaining
    assert r.salary_monthly == D("0.00")
    assert r.salary_covered_hours == D("1200")
    assert r.salary_over_period == D("0.00")
    assert r.company_hours == D("0")  # 30 % × 1,100 = 330 ≥ 200
    assert r.beyond_limit_hours == D("100")
    assert r.beyond_limit_salary == D("1977.98")
    data = funding_json(funding.check(figures, RULES, SMIC_AUG_2022))["remaining_cost"]
    assert data["beyond_limit_hours"] == "100.00"
    assert data["lines"][-1]["item"] == "beyond_limit"


# ---------------------------------------------------------------- dates bounded 2000–2100


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_date", "9999-01-01"),
        ("start_date", "1999-12-31"),
        ("end_date", "2101-01-01"),
        ("submitted_on", "0202-03-01"),
    ],
)
def test_a_date_outside_2000_2100_is_a_field_error_in_the_funding_api(api, field, value):
    response = api.post(
        URL, {**payload("2025-01-06", "2025-06-30", "2000"), field: value}, format="json"
    )
    assert response.status_code == 400
    assert response.json()[field] == ["Indiquez une date entre le 01/01/2000 et le 31/12/2100."]


@pytest.mark.django_db
def test_a_date_outside_2000_2100_is_a_field_error_in_the_simulator(client, member_a):
    client.force_login(member_a)
    form = payload("9999-01-01", "9999-06-30", "2000", company_hours_required_by_certification="")
    response = client.post("/simulateur/", form)
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "Indiquez une date entre le 01/01/2000 et le 31/12/2100."
    ]
