"""The PTP funding check, table-driven with the figures of the PTP guide (seeds/002_…).

The pure function (paths/funding/) is tested without a database; the last tests go through
paths/funding_data.py to check that the rule set and the SMIC are picked by the start date."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from paths import funding, funding_data
from paths.api.funding import funding_json
from paths.models import FundingRuleSet, Schedule
from tests.factories import PathProposalFactory

D = Decimal
day = datetime.date

# The seeded rule set ("Guide PTP", paths/migrations/0002_seed_funding_rules.py), by hand.
RULES = funding.FundingRules(
    name="Guide PTP",
    valid_from=day(2020, 1, 1),
    pedagogic_total_cap_ht=D("18000.00"),
    pedagogic_hourly_cap_ht=D("27.45"),
    vat_rate_percent=D("20.00"),
    salary_full_rate_percent=D("100.00"),
    salary_reduced_rate_percent=D("90.00"),
    salary_threshold_smic_multiple=D("2.00"),
    full_time_max_months=12,
    part_time_max_hours=1200,
    company_hours_share_percent=D("30.00"),
    file_due_months_before=3,
    leave_notice_long_days=120,
    leave_notice_short_days=60,
    long_interruption_months=6,
)
SMIC_JAN_2022 = funding.Smic(D("1603.12"), day(2022, 1, 1))  # 2 × = 3206.24
SMIC_MAY_2022 = funding.Smic(D("1645.58"), day(2022, 5, 1))  # 2 × = 3291.16
SMIC_AUG_2022 = funding.Smic(D("1678.95"), day(2022, 8, 1))  # in force on PATH's start date

PATH = funding.PathFigures(
    start_date=day(2022, 9, 5),
    end_date=day(2023, 3, 31),
    schedule=Schedule.FULL_TIME,
    centre_hours=D("600"),
    company_hours=D("140"),
    company_hours_required=D("0"),
    pedagogic_cost_ht=D("12000.00"),
    reference_monthly_salary=D("2500.00"),
    submitted_on=day(2022, 3, 15),
)


def run(smic=SMIC_AUG_2022, rules=RULES, **changes):
    return funding.check(replace(PATH, **changes), rules, smic)


def text(result) -> str:
    """The messages as one string, with plain spaces (French numbers group with a no-break space)."""
    return " ".join(result.messages).replace("\xa0", " ").replace("\u202f", " ")


# ---------------------------------------------------------------- pedagogic cost: two caps


@pytest.mark.parametrize(
    ("centre_hours", "cost", "covered", "not_covered", "limited_by"),
    [
        # 600 h × 27.45 = 16,470 < 18,000: the hourly cap binds a 17,000 € cost
        ("600", "17000.00", "16470.00", "530.00", funding.HOURLY_CAP),
        # 800 h × 27.45 = 21,960 > 18,000: the total cap binds a 20,000 € cost
        ("800", "20000.00", "18000.00", "2000.00", funding.TOTAL_CAP),
        # 12,000 is under 16,470 and 18,000: fully covered, no cap named
        ("600", "12000.00", "12000.00", "0.00", None),
        # exactly the total cap (800 h allow 21,960): fully covered
        ("800", "18000.00", "18000.00", "0.00", None),
        # exactly the hourly cap 600 × 27.45 = 16,470: fully covered
        ("600", "16470.00", "16470.00", "0.00", None),
        # 600.5 h × 27.45 = 16,483.725 → 16,483.72 (a cap is rounded down, never up)
        ("600.5", "17000.00", "16483.72", "516.28", funding.HOURLY_CAP),
        # no hours in the centre: the hourly cap is 0
        ("0", "1000.00", "0.00", "1000.00", funding.HOURLY_CAP),
    ],
)
def test_pedagogic_cost_is_capped_by_the_total_and_the_hourly_caps(
    centre_hours, cost, covered, not_covered, limited_by
):
    result = run(centre_hours=D(centre_hours), pedagogic_cost_ht=D(cost))
    assert result.pedagogic.covered_ht == D(covered)
    assert result.pedagogic.not_covered_ht == D(not_covered)
    assert result.pedagogic.limited_by == limited_by
    assert result.remaining_cost_ht == D(not_covered)


def test_when_both_caps_bind_equally_the_total_cap_is_named():
    # hourly cap 20 € × 900 h = 18,000 = the total cap; a 19,000 € cost is limited by both
    rules = replace(RULES, pedagogic_hourly_cap_ht=D("20.00"))
    result = run(rules=rules, centre_hours=D("900"), pedagogic_cost_ht=D("19000.00"))
    assert result.pedagogic.covered_ht == D("18000.00")
    assert result.pedagogic.limited_by == funding.TOTAL_CAP


def test_pedagogic_caps_and_cover_have_ttc_equivalents():
    result = run(centre_hours=D("600"), pedagogic_cost_ht=D("17000.00"))
    data = funding_json(result)["pedagogic"]
    assert data["total_cap_ttc"] == "21600.00"  # 18,000 × 1.20
    assert data["hourly_cap_ttc"] == "32.94"  # 27.45 × 1.20
    assert data["covered_ttc"] == "19764.00"  # 16,470 × 1.20
    assert data["not_covered_ttc"] == "636.00"  # 530 × 1.20


def test_pae_hours_do_not_count_in_the_hourly_cap():
    # 600 h in the centre + 400 h of PAE: the cap is still 600 × 27.45 = 16,470
    result = run(company_hours=D("400"), pedagogic_cost_ht=D("17000.00"))
    assert result.pedagogic.hourly_cap_amount_ht == D("16470.00")
    assert "Les heures de PAE ne comptent pas dans ce plafond" in text(result)


# ---------------------------------------------------------------- salary: 100 % / 90 % around 2 × SMIC


@pytest.mark.parametrize(
    ("smic", "salary", "rate", "covered", "not_covered"),
    [
        # 2 × 1,603.12 = 3,206.24: exactly the threshold is 100 %, one cent above is 90 %
        (SMIC_JAN_2022, "3206.24", "100.00", "3206.24", "0.00"),
        # 3,206.25 × 0.9 = 2,885.63 < 3,206.24: the floor 2 × SMIC applies
        (SMIC_JAN_2022, "3206.25", "90.00", "3206.24", "0.01"),
        # 2 × 1,645.58 = 3,291.16
        (SMIC_MAY_2022, "3291.16", "100.00", "3291.16", "0.00"),
        # 3,291.17 × 0.9 = 2,962.05 < 3,291.16: the floor applies (the observed case)
        (SMIC_MAY_2022, "3291.17", "90.00", "3291.16", "0.01"),
        # 3,250: above 3,206.24 (before May 2022), under 3,291.16 (from May 2022)
        # 3,250 × 0.9 = 2,925 < 3,206.24: floor
        (SMIC_JAN_2022, "3250.00", "90.00", "3206.24", "43.76"),
        # 4,000 × 0.9 = 3,600 ≥ 3,291.16: 90 % pays more than the floor
        (SMIC_MAY_2022, "4000.00", "90.00", "3600.00", "400.00"),
        (SMIC_MAY_2022, "3250.00", "100.00", "3250.00", "0.00"),
        (SMIC_MAY_2022, "1800.00", "100.00", "1800.00", "0.00"),
    ],
)
def test_salary_is_covered_at_100_percent_up_to_twice_the_smic_and_90_above(
    smic, salary, rate, covered, not_covered
):
    result = run(smic=smic, reference_monthly_salary=D(salary))
    assert result.salary.rate_percent == D(rate)
    assert result.salary.smic_monthly == smic.monthly_gross
    assert result.salary.covered_monthly == D(covered)
    assert result.salary.not_covered_monthly == D(not_covered)


def test_salary_above_the_threshold_is_explained():
    result = run(smic=SMIC_JAN_2022, reference_monthly_salary=D("3250.00"))
    assert "dépasse 2 × le SMIC" in text(result)
    assert "3 206,24 €" in text(result)
    assert "90 %" in text(result)


def test_without_a_reference_salary_the_rate_is_not_computed():
    result = run(reference_monthly_salary=None)
    assert result.salary.rate_percent is None
    assert result.salary.smic_monthly == D("1678.95")
    assert funding_json(result)["salary"]["rate_percent"] is None
    assert "n'a pas pu être calculée" in text(result)
    assert "salaire mensuel brut de référence n'est pas renseigné" in text(result)


def test_without_a_smic_for_the_start_date_the_rate_is_not_computed():
    result = run(smic=None, reference_monthly_salary=D("2000.00"))
    assert result.salary.rate_percent is None
    assert result.salary.smic_monthly is None
    assert "aucun SMIC n'est enregistré" in text(result)


# ---------------------------------------------------------------- PAE: 30 % of the centre hours


@pytest.mark.parametrize(
    ("centre", "planned", "required", "covered", "not_covered"),
    [
        ("600", "180", "0", "180.00", "0.00"),  # 30 % × 600 = 180: exactly the share
        ("600", "200", "0", "180.00", "20.00"),  # above the share: 20 h not covered
        ("600", "200", "200", "200.00", "0.00"),  # the certification requires 200 > 180
        ("600", "250", "210", "210.00", "40.00"),  # required 210 covered, the other 40 h not
        ("600", "200", "100", "180.00", "20.00"),  # a requirement under 30 % changes nothing
        ("600", "150", "210", "150.00", "0.00"),  # never more than what is planned
        ("555", "200", "0", "166.50", "33.50"),  # 30 % × 555 = 166.5
        ("600", "0", "0", "0.00", "0.00"),
    ],
)
def test_pae_is_covered_up_to_30_percent_of_centre_hours_unless_the_certification_requires_more(
    centre, planned, required, covered, not_covered
):
    result = run(
        centre_hours=D(centre), company_hours=D(planned), company_hours_required=D(required)
    )
    assert result.company_hours.covered == D(covered)
    assert result.company_hours.not_covered == D(not_covered)


def test_pae_over_the_share_says_how_to_get_it_covered():
    result = run(company_hours=D("200"))
    assert "dépasse 30 % des heures en centre (180,00 h)" in text(result)
    assert "indiquez ce volume" in text(result)


def test_a_certification_requiring_more_pae_than_planned_is_flagged():
    result = run(company_hours=D("150"), company_hours_required=D("210"))
    assert "La certification exige 210,00 h de PAE" in text(result)


# ---------------------------------------------------------------- duration of salary cover


@pytest.mark.parametrize(
    ("start", "end", "within", "latest"),
    [
        # 12 months from 05/09/2022 end on 04/09/2023 (start + 12 months − 1 day)
        (day(2022, 9, 5), day(2023, 9, 4), True, day(2023, 9, 4)),
        (day(2022, 9, 5), day(2023, 9, 5), False, day(2023, 9, 4)),
        (day(2022, 1, 1), day(2022, 12, 31), True, day(2022, 12, 31)),
        (day(2022, 1, 1), day(2023, 1, 1), False, day(2022, 12, 31)),
        # 29/02/2024 + 12 months → 28/02/2025 (no 29th), so the last covered day is 27/02/2025
        (day(2024, 2, 29), day(2025, 2, 27), True, day(2025, 2, 27)),
        (day(2024, 2, 29), day(2025, 2, 28), False, day(2025, 2, 27)),
    ],
)
def test_full_time_salary_cover_lasts_one_year(start, end, within, latest):
    result = run(start_date=start, end_date=end, submitted_on=day(2020, 1, 1))
    assert result.duration.within_limit is within
    assert result.duration.latest_end_date == latest
    assert result.duration.limit_months == 12


def test_a_full_time_path_longer_than_a_year_is_explained():
    result = run(end_date=day(2023, 12, 31))
    assert "jusqu'au 04/09/2023" in text(result)
    assert "le parcours finit le 31/12/2023" in text(result)


@pytest.mark.parametrize(
    ("schedule", "centre", "pae", "within", "over"),
    [
        (Schedule.PART_TIME, "1000", "200", True, "0"),  # 1,000 + 200 = 1,200 h: the limit
        (Schedule.PART_TIME, "1000", "200.01", False, "0.01"),
        (Schedule.DISCONTINUOUS, "1100", "101", False, "1"),  # 1,201 h
        (Schedule.DISCONTINUOUS, "900", "0", True, "0"),
    ],
)
def test_part_time_and_discontinuous_salary_cover_is_1200_hours(
    schedule, centre, pae, within, over
):
    # two years of part-time training: the dates do not matter, the hours do
    result = run(
        schedule=schedule,
        centre_hours=D(centre),
        company_hours=D(pae),
        end_date=day(2024, 9, 4),
    )
    assert result.duration.within_limit is within
    assert result.duration.limit_hours == 1200
    assert result.duration.training_hours == D(centre) + D(pae)
    assert result.duration.hours_over_limit == D(over)


def test_part_time_over_1200_hours_is_explained():
    result = run(schedule=Schedule.PART_TIME, centre_hours=D("1100"), company_hours=D("150"))
    assert "1 200,00 h de formation au plus" in text(result)
    assert "50,00 h au-delà" in text(result)


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("start", "file_due_by"),
    [
        (day(2022, 9, 5), day(2022, 6, 5)),
        (day(2022, 5, 31), day(2022, 2, 28)),  # no 31/02: the month's last day
        (day(2024, 5, 31), day(2024, 2, 29)),  # leap year
        (day(2022, 11, 30), day(2022, 8, 30)),  # 30/08 exists
        (day(2023, 1, 15), day(2022, 10, 15)),  # across the year
        (day(2022, 12, 31), day(2022, 9, 30)),  # no 31/09
    ],
)
def test_the_complete_file_is_due_three_months_before_the_start(start, file_due_by):
    result = run(start_date=start, end_date=start + datetime.timedelta(days=90))
    assert result.deadlines.file_due_by == file_due_by


@pytest.mark.parametrize(
    ("submitted_on", "on_time"),
    [(day(2022, 6, 5), True), (day(2022, 6, 6), False), (day(2022, 3, 1), True)],
)
def test_the_file_is_on_time_up_to_its_due_date(submitted_on, on_time):
    result = run(submitted_on=submitted_on)  # start 05/09/2022 → due 05/06/2022
    assert result.deadlines.file_on_time is on_time
    assert ("rejeté comme non recevable" in text(result)) is not on_time


@pytest.mark.parametrize(
    ("schedule", "end", "long", "days", "due_by"),
    [
        # start 05/09/2022: 6 months end on 04/03/2023 → a 6-month interruption → 120 days
        (Schedule.FULL_TIME, day(2023, 3, 4), True, 120, day(2022, 5, 8)),
        (Schedule.FULL_TIME, day(2023, 8, 31), True, 120, day(2022, 5, 8)),
        # one day short of 6 months → 60 days
        (Schedule.FULL_TIME, day(2023, 3, 3), False, 60, day(2022, 7, 7)),
        # part time or discontinuous: 60 days, however long
        (Schedule.PART_TIME, day(2023, 8, 31), False, 60, day(2022, 7, 7)),
        (Schedule.DISCONTINUOUS, day(2023, 8, 31), False, 60, day(2022, 7, 7)),
    ],
)
def test_the_leave_request_is_due_120_or_60_days_before_the_start(
    schedule, end, long, days, due_by
):
    result = run(schedule=schedule, end_date=end)
    assert result.deadlines.long_interruption is long
    assert result.deadlines.leave_notice_days == days
    assert result.deadlines.leave_request_due_by == due_by


# ---------------------------------------------------------------- the result as a whole


def test_the_result_lists_every_line_and_the_remaining_cost():
    result = run(centre_hours=D("600"), pedagogic_cost_ht=D("17000.00"))
    assert [line.line for line in result.lines] == [
        "pedagogic",
        "salary",
        "company_hours",
        "duration",
        "deadlines",
    ]
    pedagogic = result.lines[0]
    assert pedagogic.ok is False
    assert "16 470,00" in pedagogic.covered.replace("\xa0", " ")
    assert "Plafond horaire" in pedagogic.why
    assert "Reste à financer : 530,00 € HT" in text(result)


def test_the_json_has_the_contract_names_money_as_strings_and_iso_dates():
    data = funding_json(run(pedagogic_cost_ht=D("12000")))
    assert data["rule_set"] == {
        "name": "Guide PTP",
        "valid_from": "2020-01-01",
        "source": "",
        "source_date": None,
    }
    assert data["pedagogic"]["covered_ht"] == "12000.00"
    assert data["pedagogic"]["not_covered_ht"] == "0.00"
    assert data["pedagogic"]["limited_by"] is None
    assert data["salary"]["rate_percent"] == "100.00"
    assert data["salary"]["smic_monthly"] == "1678.95"
    assert data["company_hours"]["covered"] == "140.00"
    assert data["company_hours"]["not_covered"] == "0.00"
    assert data["duration"]["within_limit"] is True
    assert data["deadlines"]["file_due_by"] == "2022-06-05"
    assert data["deadlines"]["file_on_time"] is True
    assert data["deadlines"]["leave_request_due_by"] == "2022-05-08"
    assert data["remaining_cost_ht"] == "0.00"
    assert all(isinstance(message, str) for message in data["messages"])


def test_the_json_rounds_half_a_cent_up_like_the_check():
    # 1,000.005 € HT is under both caps (18,000; 600 h × 27.45 = 16,470): covered as it is, and
    # said with two decimals rounded half up, 1000.01 (half-even rounding would say 1000.00);
    # TTC: 1,000.005 × 1.20 = 1,200.006 → 1200.01
    data = funding_json(run(pedagogic_cost_ht=D("1000.005")))["pedagogic"]
    assert (data["cost_ht"], data["covered_ht"]) == ("1000.01", "1000.01")
    assert (data["not_covered_ht"], data["covered_ttc"]) == ("0.00", "1200.01")


@pytest.mark.parametrize(
    ("start", "end"), [(day(2022, 9, 5), day(2022, 9, 4)), (day(2022, 1, 2), day(2022, 1, 1))]
)
def test_an_end_before_the_start_is_an_error_on_end_date(start, end):
    assert "end_date" in funding.input_errors(start, end)


def test_an_end_on_the_start_day_is_accepted():
    assert funding.input_errors(day(2022, 9, 5), day(2022, 9, 5)) == {}


# ---------------------------------------------------------------- rules and SMIC picked by date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "rate", "smic"),
    [(day(2022, 4, 30), "90.00", "1603.12"), (day(2022, 5, 1), "100.00", "1645.58")],
)
def test_the_smic_applying_on_the_start_date_is_used(start, rate, smic):
    # 3,250 > 2 × 1,603.12 = 3,206.24 but ≤ 2 × 1,645.58 = 3,291.16
    proposal = PathProposalFactory.build(
        start_date=start,
        end_date=start + datetime.timedelta(days=200),
        reference_monthly_salary=D("3250.00"),
    )
    data = funding_data.check_proposal(proposal, on=day(2022, 1, 10))
    assert data["salary"]["rate_percent"] == rate
    assert data["salary"]["smic_monthly"] == smic


@pytest.mark.django_db
def test_a_later_rule_set_applies_only_to_paths_starting_from_its_date():
    FundingRuleSet.objects.create(
        name="Règles 2024",
        valid_from=day(2024, 1, 1),
        pedagogic_total_cap_ht=D("20000.00"),
        pedagogic_hourly_cap_ht=D("30.00"),
        vat_rate_percent=D("20"),
        salary_full_rate_percent=D("100"),
        salary_reduced_rate_percent=D("90"),
        salary_threshold_smic_multiple=D("2"),
        full_time_max_months=12,
        part_time_max_hours=1200,
        company_hours_share_percent=D("30"),
        file_due_months_before=3,
        leave_notice_long_days=120,
        leave_notice_short_days=60,
        long_interruption_months=6,
    )
    payload = {
        "schedule": Schedule.FULL_TIME,
        "centre_hours": D("800"),
        "company_hours": D("0"),
        "pedagogic_cost_ht": D("25000.00"),
        "submitted_on": day(2023, 6, 1),
    }
    before = funding_data.check_payload(
        {**payload, "start_date": day(2023, 12, 31), "end_date": day(2024, 6, 30)}
    )
    after = funding_data.check_payload(
        {**payload, "start_date": day(2024, 1, 1), "end_date": day(2024, 6, 30)}
    )
    # before: min(25,000, 18,000, 800 × 27.45 = 21,960) = 18,000
    assert before["rule_set"]["name"] == "Guide PTP"
    assert before["pedagogic"]["covered_ht"] == "18000.00"
    # after: min(25,000, 20,000, 800 × 30 = 24,000) = 20,000
    assert after["rule_set"] == {
        "name": "Règles 2024",
        "valid_from": "2024-01-01",
        "source": "",
        "source_date": None,
    }
    assert after["pedagogic"]["covered_ht"] == "20000.00"
    assert after["pedagogic"]["total_cap_ttc"] == "24000.00"


@pytest.mark.django_db
def test_no_rule_set_for_the_start_date_is_an_error_on_start_date():
    proposal = PathProposalFactory.build(start_date=day(2019, 6, 3), end_date=day(2019, 12, 20))
    with pytest.raises(funding_data.NoFundingRules) as error:
        funding_data.check_proposal(proposal)
    assert "Aucune règle de financement pour cette date de début" in str(
        error.value.message_dict["start_date"]
    )


@pytest.mark.django_db
def test_check_proposal_reads_the_proposal_figures(on_day):
    on_day(day(2022, 3, 15))
    # factory: 500 h in person + 100 h distance, 140 h PAE, 12,000 € HT, start 05/09/2022
    proposal = PathProposalFactory.build(
        pedagogic_cost_ht=D("17000.00"), company_hours_required=D("0")
    )
    data = funding_data.check_proposal(proposal)
    assert data["pedagogic"]["centre_hours"] == "600.00"
    assert data["pedagogic"]["covered_ht"] == "16470.00"  # 600 × 27.45
    assert data["pedagogic"]["limited_by"] == "hourly_cap"
    assert data["company_hours"]["covered"] == "140.00"  # under 30 % × 600 = 180
    assert data["salary"]["rate_percent"] is None  # no reference salary on the proposal
    assert data["deadlines"]["submitted_on"] == "2022-03-15"  # today by default
    assert data["deadlines"]["file_on_time"] is True
    assert data["remaining_cost_ht"] == "530.00"


def test_the_check_never_says_on_time_once_the_leave_request_date_has_passed():
    """PATH starts 05/09/2022, full time for 7 months (≥ 6: long interruption, 120 days' notice):
    leave request due 05/09 − 120 days = 08/05/2022; file due 05/06/2022. Checked on 20/05/2022:
    the file is on time, the leave request is not."""
    result = run(submitted_on=day(2022, 5, 20))

    assert result.deadlines.leave_request_due_by == day(2022, 5, 8)
    assert result.deadlines.file_on_time and not result.deadlines.leave_on_time
    line = next(line for line in result.lines if line.line == "deadlines")
    assert "dans les délais" not in str(line.covered)
    assert "demande d'absence : date limite dépassée" in str(line.not_covered)
    assert "(08/05/2022, 120 jours avant le début) est dépassée" in text(result)
    assert funding_json(result)["deadlines"]["leave_request_on_time"] is False
    # on 15/03/2022 both dates are ahead: the line says so
    on_time = next(line for line in run().lines if line.line == "deadlines")
    assert str(on_time.covered) == "dossier et demande d'absence dans les délais"
