"""Permission matrix rows: commission sessions and decisions (C5), refusal dialogues (C6).

Staff read; path analysts (and administrators) record; commission members and the quality
officer read only (403 on writes); OF members never reach the staff pages (404), read their own
dialogue, and are refused any write (403 in the API).
"""

import datetime

from django.urls import reverse

from paths import commission
from paths.models import DecisionOutcome, DecisionReason, RefusalDialogue
from tests.factories import (
    CommissionSessionFactory,
    proposal_at_commission,
    proposal_ready_for_commission,
)
from tests.matrix import API_OWN_OR_STAFF, API_READ, STAFF_READ, expect

# A session held in the past, so that decisions and dialogue steps can be dated after it.
HELD_ON = datetime.date(2022, 1, 10)
OPENED_AT = datetime.datetime(2022, 1, 10, 17, 0, tzinfo=datetime.UTC)

ANALYST_PAGE = expect(
    403, anonymous=302, member_a=404, member_b=404, path_analyst=200, administrator=200
)
ANALYST_POST = expect(
    403, anonymous=302, member_a=404, member_b=404, path_analyst=302, administrator=302
)
ANALYST_API = expect(403, anonymous=401, path_analyst=200, administrator=200)
ANALYST_API_CREATE = expect(403, anonymous=401, path_analyst=201, administrator=201)
CONTACT_STEP = {
    "contacted_on": "2022-01-11",
    "contact_channel": "phone",
    "contact_person": "Claire Dupont",
}

ROWS = {
    # the decision letter (PDF): A's members and staff
    "paths:decision_letter": (
        "get",
        lambda w: reverse(
            "paths:decision_letter", args=[w["dialogue"].proposal_id, w["dialogue"].decision_id]
        ),
        expect(200, anonymous=302, member_b=404),
        None,
    ),
    "paths:session_list": ("get", lambda w: reverse("paths:session_list"), STAFF_READ, None),
    "paths:session_create": ("get", lambda w: reverse("paths:session_create"), ANALYST_PAGE, None),
    "paths:session_edit": (
        "get",
        lambda w: reverse("paths:session_edit", args=[w["session"].pk]),
        ANALYST_PAGE,
        None,
    ),
    "paths:session_detail": (
        "get",
        lambda w: reverse("paths:session_detail", args=[w["session"].pk]),
        STAFF_READ,
        None,
    ),
    "paths:decision_create": (
        "post",
        lambda w: reverse(
            "paths:decision_create", args=[w["session"].pk, w["proposal_on_list"].pk]
        ),
        ANALYST_POST,
        {"outcome": "accepted"},
    ),
    "paths:commission_queue": (
        "get",
        lambda w: reverse("paths:commission_queue"),
        STAFF_READ,
        None,
    ),
    "paths:schedule_proposal": (
        "post",
        lambda w: reverse("paths:schedule_proposal", args=[w["proposal_ready"].pk]),
        ANALYST_POST,
        {"session": HELD_ON.isoformat()},
    ),
    "paths:dialogue_list": ("get", lambda w: reverse("paths:dialogue_list"), STAFF_READ, None),
    "paths:dialogue_detail": (
        "get",
        lambda w: reverse("paths:dialogue_detail", args=[w["dialogue"].pk]),
        expect(200, anonymous=302, member_b=404),
        None,
    ),
    "paths:dialogue_step": (
        "post",
        lambda w: reverse("paths:dialogue_step", args=[w["dialogue"].pk, "contact"]),
        ANALYST_POST,
        {f"contact-{key}": value for key, value in CONTACT_STEP.items()},
    ),
    "api:commission-session-list": (
        "get",
        lambda w: reverse("api:commission-session-list"),
        API_READ,  # OF members get an empty list
        None,
    ),
    "api:commission-session-detail": (
        "get",
        lambda w: reverse("api:commission-session-detail", args=[w["session"].pk]),
        expect(200, anonymous=401, member_a=404, member_b=404),
        None,
    ),
    "api:commission-session-schedule": (
        "post",
        lambda w: reverse(
            "api:commission-session-schedule", args=[w["session"].pk, w["proposal_ready"].pk]
        ),
        ANALYST_API,
        None,
    ),
    "api:proposal-decision": (
        "get",
        lambda w: reverse("api:proposal-decision", args=[w["dialogue"].proposal_id]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:refusal-dialogue-list": (
        "get",
        lambda w: reverse("api:refusal-dialogue-list"),
        API_READ,
        None,
    ),
    "api:refusal-dialogue-detail": (
        "get",
        lambda w: reverse("api:refusal-dialogue-detail", args=[w["dialogue"].pk]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:refusal-dialogue-steps": (
        "post",
        lambda w: reverse("api:refusal-dialogue-steps", args=[w["dialogue"].pk]),
        ANALYST_API,
        {"step": "contact", **CONTACT_STEP},
    ),
}

API_WRITES = [
    (
        "post",
        lambda w: reverse("api:commission-session-list"),
        {"held_on": "2099-03-01", "title": "Commission de mars"},
        ANALYST_API_CREATE,
    ),
    (
        "patch",
        lambda w: reverse("api:commission-session-detail", args=[w["session"].pk]),
        {"notes": "Salle du conseil"},
        ANALYST_API,
    ),
    (
        "post",
        lambda w: reverse("api:proposal-decision", args=[w["proposal_on_list"].pk]),
        {"outcome": "refused", "reason": "budget"},
        ANALYST_API_CREATE,
    ),
    (
        "patch",
        lambda w: reverse("api:refusal-dialogue-detail", args=[w["dialogue"].pk]),
        {"outcome": "abandoned"},
        expect(403, anonymous=401, path_analyst=405, administrator=405),
    ),
]


def extend_world(world):
    """A's proposal ready for commission, one on a held session's list, and one refused for an
    incoherent path with its dialogue (opened on the day of the session)."""
    analyst = world["users"]["path_analyst"]
    session = CommissionSessionFactory(held_on=HELD_ON)
    refused = proposal_at_commission(session, organisation=world["org_a"])
    decision = commission.record_decision(
        refused.pk,
        analyst,
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
    )
    RefusalDialogue.objects.filter(pk=decision.dialogue.pk).update(opened_at=OPENED_AT)
    world.update(
        session=session,
        proposal_on_list=proposal_at_commission(session, organisation=world["org_a"]),
        proposal_ready=proposal_ready_for_commission(organisation=world["org_a"]),
        dialogue=RefusalDialogue.objects.get(pk=decision.dialogue.pk),
    )
