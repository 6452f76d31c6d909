"""The funding check warns when the leave-request or file deadline is near (15 days or less), not
only once it has passed (issue 11): in the check's JSON (the form's live check and the API), and
in the feedback the OF reads.

Start 05/09/2022, end 31/03/2023, full time: an interruption of 6 months or more, so the leave
request is due 120 days before the start, on 08/05/2022 (May 8 + 23 = May 31, + 30 + 31 + 31 =
Aug 31, + 5 = Sept 5); the complete file 3 months before the start, on 05/06/2022."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from paths import services
from paths.funding_data import check_proposal
from paths.models import ProposalStatus
from tests.dom import parse, text, with_class
from tests.factories import PathProposalFactory, complete_draft

pytestmark = pytest.mark.django_db

FIGURES = {
    "start_date": datetime.date(2022, 9, 5),
    "end_date": datetime.date(2023, 3, 31),
    "centre_hours_in_person": 600,
    "centre_hours_distance": 0,
    "company_hours": 180,
    "pedagogic_cost_ht": 15000,
}


def near(check):
    return [w["message"] for w in check["warnings"] if w["code"] == "deadline_near"]


def deadlines_line(check):
    (line,) = [line for line in check["lines"] if line["line"] == "deadlines"]
    return line


def test_a_leave_request_due_in_ten_days_is_announced():
    check = check_proposal(PathProposalFactory.build(**FIGURES), on=datetime.date(2022, 4, 28))
    deadlines = check["deadlines"]
    assert deadlines["leave_request_due_by"] == "2022-05-08"
    assert deadlines["leave_request_days_left"] == 10  # 28/04 → 08/05
    assert deadlines["leave_request_due_soon"] is True
    assert deadlines["file_days_left"] == 38  # 2 left in April + 31 in May + 5 in June
    assert deadlines["file_due_soon"] is False
    assert near(check) == [
        "La date limite de la demande d'absence à l'employeur approche : le 08/05/2022, dans "
        "10 jours. Le salarié doit la faire sans attendre."
    ]
    assert deadlines_line(check)["covered"] == (
        "dans les délais, mais de justesse (demande d'absence : date limite dans 10 jours)"
    )


def test_far_deadlines_warn_of_nothing():
    check = check_proposal(PathProposalFactory.build(**FIGURES), on=datetime.date(2022, 3, 15))
    assert check["deadlines"]["leave_request_days_left"] == 54  # 16 + 30 + 8
    assert near(check) == []
    assert deadlines_line(check)["covered"] == "dossier et demande d'absence dans les délais"


def test_a_passed_leave_request_and_a_near_file_deadline():
    # 25/05: the leave request (08/05) has passed; the file is due in 11 days (05/06)
    check = check_proposal(PathProposalFactory.build(**FIGURES), on=datetime.date(2022, 5, 25))
    assert check["deadlines"]["leave_request_on_time"] is False
    assert check["deadlines"]["file_days_left"] == 11
    assert near(check) == [
        "La date limite du dossier complet approche : le 05/06/2022, dans 11 jours. "
        "Transmettez la proposition sans attendre."
    ]
    line = deadlines_line(check)
    assert line["covered"] == "—"  # never « dans les délais » once a date has passed
    assert line["ok"] is False


def test_the_live_check_api_gives_the_warning(member_a, on_day):
    on_day(datetime.date(2022, 5, 1))  # leave request due in 7 days
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post(
        "/api/v1/funding-check/",
        {
            "start_date": "2022-09-05",
            "end_date": "2023-03-31",
            "schedule": "full_time",
            "centre_hours": "600",
            "company_hours": "180",
            "pedagogic_cost_ht": "15000",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["deadlines"]["leave_request_days_left"] == 7
    assert [w["code"] for w in data["warnings"]].count("deadline_near") == 1
    assert "dans 7 jours" in near(data)[0]


def test_the_feedback_shows_the_near_deadline(client, org_a, path_analyst, member_a, on_day):
    on_day(datetime.date(2022, 5, 30))  # file due 05/06: 6 days left; leave request passed
    proposal = complete_draft(
        org_a, status=ProposalStatus.SUBMITTED, **{**FIGURES, "pedagogic_cost_ht": Decimal(15000)}
    )
    services.give_feedback(proposal.pk, path_analyst, "Parcours cohérent.")
    client.force_login(member_a)
    page = parse(client.get(reverse("paths:proposal_detail", args=[proposal.pk])))
    warnings = [text(item) for item in page.xpath(with_class("funding-warnings") + "/li")]
    assert (
        "La date limite du dossier complet approche : le 05/06/2022, dans 6 jours. "
        "Transmettez la proposition sans attendre."
    ) in warnings
    assert "dans les délais" not in text(page.xpath("//main")[0])
