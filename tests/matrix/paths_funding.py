"""Permission matrix rows: the funding simulator page and the funding-check API."""

from django.urls import reverse

from paths.models import FundingRuleSet
from tests.matrix import ADMIN_WRITE, LOGGED_IN, STAFF_READ, expect

VALID_CHECK = {
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "centre_hours": "600",
    "company_hours": "140",
    "pedagogic_cost_ht": "12000",
    "submitted_on": "2022-03-15",
}

ROWS = {
    # every signed-in role of the matrix is an OF member or staff
    "paths:simulator": ("get", lambda w: reverse("paths:simulator"), LOGGED_IN, None),
    # the rules and the SMIC: every staff member reads them, administrators keep them
    "paths:funding_rules": ("get", lambda w: reverse("paths:funding_rules"), STAFF_READ, None),
    "paths:smic_add": ("get", lambda w: reverse("paths:smic_add"), ADMIN_WRITE, None),
    "paths:rule_set_add": ("get", lambda w: reverse("paths:rule_set_add"), ADMIN_WRITE, None),
    "paths:rule_set_edit": (
        "get",
        lambda w: reverse("paths:rule_set_edit", args=[w["rule_set"].pk]),
        ADMIN_WRITE,
        None,
    ),
    # the API view only answers POST: GET is a 405 once authenticated
    "api:funding-check": (
        "get",
        lambda w: reverse("api:funding-check"),
        expect(405, anonymous=401),
        None,
    ),
}

API_WRITES = [
    (
        "post",
        lambda w: reverse("api:funding-check"),
        VALID_CHECK,
        expect(200, anonymous=401),
    ),
]


def extend_world(world):
    world["rule_set"] = FundingRuleSet.objects.order_by("valid_from").first()
