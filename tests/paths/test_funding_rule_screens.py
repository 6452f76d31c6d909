"""« Règles de financement et SMIC » (/regles-de-financement/): administrators add a SMIC value
and PTP rule sets with their source, see the history; other staff read; the check uses them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from paths.models import FundingRuleSet, SmicRate
from reports.worklist import staff_worklist
from tests.dom import by_id, rows, texts

LIST = reverse("paths:funding_rules")


def plain(response) -> str:
    return (
        response.content.decode().replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")
    )


def test_staff_read_the_smic_table_with_sources_and_the_rule_set_source(client, path_analyst):
    client.force_login(path_analyst)
    response = client.get(LIST)
    page = plain(response)
    smic = rows(response, "//main//section[@aria-labelledby='smic-title']")
    assert [cell for row in smic for cell in row if cell == "1 823,03 €"]
    assert "Décret n° 2024-951 du 23 octobre 2024" in page
    assert "Transitions Pro Centre-Val de Loire" in page
    # a path analyst may read, not add
    assert reverse("paths:smic_add") not in page
    assert client.get(reverse("paths:smic_add")).status_code == 403


def test_an_administrator_adds_a_smic_value_and_the_check_uses_it(client, administrator, member_a):
    client.force_login(administrator)
    response = client.post(
        reverse("paths:smic_add"),
        {
            "valid_from": "2027-01-01",
            "monthly_gross": "1850.00",
            "source": "Décret du 20 décembre 2026 portant relèvement du SMIC",
        },
        follow=True,
    )
    assert "Valeur du SMIC enregistrée" in plain(response)
    rate = SmicRate.objects.get(valid_from=datetime.date(2027, 1, 1))
    assert rate.monthly_gross == Decimal("1850.00")
    assert rate.history.get().history_user == administrator
    page = plain(client.get(LIST))
    assert "Décret du 20 décembre 2026" in page
    assert "SMIC du 01/01/2027 : 1 850,00 €" in page  # the history

    api = APIClient()
    api.force_authenticate(member_a)
    data = api.post(
        "/api/v1/funding-check/",
        {
            "start_date": "2027-03-01",
            "end_date": "2027-09-30",
            "schedule": "full_time",
            "centre_hours": "600",
            "company_hours": "0",
            "pedagogic_cost_ht": "12000",
            "reference_monthly_salary": "3700",
            "submitted_on": "2026-11-01",
        },
        format="json",
    ).json()
    # 2 × 1,850 = 3,700 ≥ 3,700 → 100 %; the SMIC is recent: no smic warning
    assert data["salary"]["smic_monthly"] == "1850.00"
    assert data["salary"]["rate_percent"] == "100.00"
    assert "smic_may_be_outdated" not in [w["code"] for w in data["warnings"]]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"valid_from": "2024-11-01"}, "valid_from", "existe déjà"),
        ({"valid_from": "9999-01-01"}, "valid_from", "entre le 01/01/2000 et le 31/12/2100"),
        ({"source": ""}, "source", "obligatoire"),
        ({"monthly_gross": "-1"}, "monthly_gross", "négative"),
    ],
)
def test_a_wrong_smic_value_is_refused_next_to_its_field(
    client, administrator, change, field, message
):
    client.force_login(administrator)
    before = SmicRate.objects.count()
    data = {"valid_from": "2027-01-01", "monthly_gross": "1850.00", "source": "Décret", **change}
    response = client.post(reverse("paths:smic_add"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert SmicRate.objects.count() == before


def test_an_administrator_enters_grand_est_rules_with_their_source(client, administrator):
    client.force_login(administrator)
    form = client.get(reverse("paths:rule_set_add")).context["form"]
    # figures start from the rule set in force
    assert form.initial["pedagogic_hourly_cap_ht"] == Decimal("27.45")
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Règles PTP Grand Est 2027",
        source="Délibération du conseil d'administration de Transitions Pro Grand Est",
        source_date="2026-11-20",
        valid_from="2027-01-01",
        pedagogic_hourly_cap_ht="30.00",
    )
    response = client.post(reverse("paths:rule_set_add"), data, follow=True)
    assert "Règles de financement enregistrées" in plain(response)
    rule_set = FundingRuleSet.objects.get(name="Règles PTP Grand Est 2027")
    assert rule_set.source_date == datetime.date(2026, 11, 20)
    assert rule_set.pedagogic_hourly_cap_ht == Decimal("30.00")
    assert rule_set.history.get().history_user == administrator
    assert FundingRuleSet.objects.in_force(datetime.date(2027, 2, 1)) == rule_set


def test_a_rule_set_without_source_is_refused(client, administrator):
    client.force_login(administrator)
    rule_set = FundingRuleSet.objects.get()
    response = client.post(
        reverse("paths:rule_set_edit", args=[rule_set.pk]),
        {"name": rule_set.name, "valid_from": "2020-01-01"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "source" in errors and "source_date" in errors
    rule_set.refresh_from_db()
    assert rule_set.source.startswith("Guide")


def test_the_administrators_worklist_says_smic_to_confirm(administrator, quality_officer, on_day):
    # newest SMIC 01/01/2026; on 15/03/2027, 13 months back is 15/02/2026: older → to confirm
    on_day(datetime.date(2027, 3, 15))
    assert staff_worklist(administrator).smic_to_confirm is True
    assert staff_worklist(quality_officer).smic_to_confirm is False
    on_day(datetime.date(2026, 6, 1))
    assert staff_worklist(administrator).smic_to_confirm is False


def test_the_dashboard_shows_smic_to_confirm_to_administrators(client, administrator, on_day):
    on_day(datetime.date(2027, 3, 15))
    client.force_login(administrator)
    dashboard = client.get(reverse("reports:dashboard"))
    assert texts(by_id(dashboard, "worklist-smic"), "./h3") == ["SMIC à confirmer"]


def test_administrators_see_proposals_no_rule_set_covers(
    client, administrator, quality_officer, org_a, django_assert_max_num_queries
):
    """The seeded rule set holds from 01/01/2020 on. A draft starting 01/09/2019 has no rules
    (1); a decided one starting then is done with (not counted); one starting 2023 is covered.
    Once the rule set ends on 31/12/2022, the 2023 draft has none either (2)."""
    from paths.models import ProposalStatus
    from tests.factories import PathProposalFactory

    def proposal(start, status=ProposalStatus.DRAFT):
        end = start + datetime.timedelta(days=200)
        return PathProposalFactory(
            organisation=org_a, status=status, start_date=start, end_date=end
        )

    proposal(datetime.date(2019, 9, 1))
    proposal(datetime.date(2019, 9, 1), ProposalStatus.DECIDED)
    proposal(datetime.date(2023, 3, 1))
    assert staff_worklist(administrator).without_rules == 1
    assert staff_worklist(quality_officer).without_rules == 0

    FundingRuleSet.objects.update(valid_until=datetime.date(2022, 12, 31))
    with django_assert_max_num_queries(3):  # the role, the rule sets, then the count
        from paths.funding_data import proposals_without_rules

        assert proposals_without_rules(administrator).count() == 2
    client.force_login(administrator)
    item = by_id(client.get(reverse("reports:dashboard")), "worklist-rules")
    assert texts(item, "./h3") == ["Règles de financement à compléter"]
    assert texts(item, "./p")[0].startswith(
        "2 propositions en cours commencent à une date qu'aucune règle de financement ne couvre"
    )
    client.force_login(quality_officer)
    assert 'id="worklist-rules"' not in client.get(reverse("reports:dashboard")).content.decode()
