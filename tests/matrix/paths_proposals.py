"""Permission matrix rows: path proposals, their threads and documents (pages and API).

A's proposals, messages, internal note and documents are what B must never reach."""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from paths.models import ProposalStatus
from paths.workflow import next_reference
from tests.factories import PDF_BYTES, MessageFactory, PathProposalFactory, complete_draft
from tests.matrix import API_OWN_OR_STAFF, API_READ, STAFF_READ, expect

NOTE = "Note interne sur l'organisme A"

# pages of the OF's own proposals: members of A only (B does not see that A's exist)
A_ONLY = expect(404, anonymous=302, member_a=200)
A_ACTS = expect(404, anonymous=302, member_a=302)
SEEN_BY_A_AND_STAFF = expect(200, anonymous=302, member_b=404)
# API actions staff take, each with its own permission; OF members are refused before lookup
ANALYST_ACTS = expect(403, anonymous=401, path_analyst=200, administrator=200)
OF_ACTS_API = expect(403, anonymous=401, member_a=200, member_b=404)


def _detail(name, key="proposal_a"):
    return lambda w: reverse(name, args=[w[key].pk])


def _api(path, key="proposal_a"):
    return lambda w: f"/api/v1/proposals/{w[key].pk}/{path}"


ROWS = {
    "paths:proposal_list": (
        "get",
        lambda w: reverse("paths:proposal_list"),
        expect(302, member_a=200, member_b=200),  # staff land on their queue
        None,
    ),
    "paths:proposal_create": (
        "get",
        lambda w: reverse("paths:proposal_create"),
        expect(404, anonymous=302, member_a=200, member_b=200),
        None,
    ),
    "paths:proposal_queue": ("get", lambda w: reverse("paths:proposal_queue"), STAFF_READ, None),
    "paths:proposal_queue_csv": (
        "get",
        lambda w: reverse("paths:proposal_queue_csv"),
        STAFF_READ,
        None,
    ),
    "paths:proposal_detail": ("get", _detail("paths:proposal_detail"), SEEN_BY_A_AND_STAFF, None),
    "paths:proposal_edit": ("get", _detail("paths:proposal_edit", "draft_a"), A_ONLY, None),
    "paths:proposal_submit": ("post", _detail("paths:proposal_submit", "draft_a"), A_ACTS, {}),
    "paths:proposal_revise": (
        "post",
        _detail("paths:proposal_revise", "revisable_a"),
        A_ACTS,
        {},
    ),
    "paths:proposal_withdraw": ("post", _detail("paths:proposal_withdraw"), A_ACTS, {}),
    "paths:proposal_start_review": (
        "post",
        _detail("paths:proposal_start_review"),
        expect(403, anonymous=302, member_a=404, member_b=404, path_analyst=302, administrator=302),
        {},
    ),
    # « je m'en occupe »: staff who study proposals
    "paths:proposal_changes": (
        "get",
        _detail("paths:proposal_changes"),
        SEEN_BY_A_AND_STAFF,
        None,
    ),
    "paths:proposal_assign": (
        "post",
        _detail("paths:proposal_assign"),
        expect(403, anonymous=302, member_a=404, member_b=404, path_analyst=302, administrator=302),
        {"take": "1"},
    ),
    "paths:proposal_feedback": (
        "get",
        _detail("paths:proposal_feedback"),
        expect(403, anonymous=302, member_a=404, member_b=404, path_analyst=200, administrator=200),
        None,
    ),
    "paths:proposal_message": (
        "post",
        _detail("paths:proposal_message"),
        expect(302, member_b=404, commission=403),
        {"body": "Bonjour"},
    ),
    "paths:proposal_attachment": (
        "get",
        lambda w: reverse(
            "paths:proposal_attachment", args=[w["proposal_a"].pk, w["attachment_a"].pk]
        ),
        SEEN_BY_A_AND_STAFF,
        None,
    ),
    "paths:message_attachment": (
        "get",
        lambda w: reverse("paths:message_attachment", args=[w["proposal_a"].pk, w["message_a"].pk]),
        SEEN_BY_A_AND_STAFF,
        None,
    ),
    "api:proposal-list": ("get", lambda w: "/api/v1/proposals/", API_READ, None),
    "api:proposal-detail": ("get", _api(""), API_OWN_OR_STAFF, None),
    "api:proposal-messages": ("get", _api("messages/"), API_OWN_OR_STAFF, None),
    "api:proposal-attachments": ("get", _api("attachments/"), API_OWN_OR_STAFF, None),
    "api:proposal-attachment": (
        "get",
        lambda w: f"/api/v1/proposals/{w['proposal_a'].pk}/attachments/{w['attachment_a'].pk}/",
        API_OWN_OR_STAFF,
        None,
    ),
    "api:proposal-message-attachment": (
        "get",
        lambda w: (
            f"/api/v1/proposals/{w['proposal_a'].pk}/messages/{w['message_a'].pk}/attachment/"
        ),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:proposal-submit": ("post", _api("submit/", "draft_a"), OF_ACTS_API, {}),
    "api:proposal-revise": ("post", _api("revise/", "revisable_a"), OF_ACTS_API, {}),
    "api:proposal-withdraw": ("post", _api("withdraw/"), OF_ACTS_API, {}),
    "api:proposal-start-review": ("post", _api("start-review/"), ANALYST_ACTS, {}),
    "api:proposal-assign": ("post", _api("assign/"), ANALYST_ACTS, {"assigned_to": ""}),
    "api:proposal-feedback": (
        "post",
        _api("feedback/"),
        expect(403, anonymous=401, path_analyst=201, administrator=201),
        {"text": "Parcours cohérent."},
    ),
}

NEW_PROPOSAL = {
    "trainee_reference": "STG-1",
    "target_job": "Soudeur",
    "certification_code": "RNCP35625",
    "certification_title": "Soudeur assembleur industriel",
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "levers": [{"code": "hybrid", "explanation": "Un tiers à distance."}],
    "modules": [{"name": "Soudage", "hours": "280", "modality": "in_person"}],
}

API_WRITES = [
    (
        "post",
        lambda w: "/api/v1/proposals/",
        NEW_PROPOSAL,
        expect(403, anonymous=401, member_a=201, member_b=201),
    ),
    (
        "patch",
        _api("", "draft_a"),
        {"target_job": "Chaudronnier"},
        expect(403, anonymous=401, member_a=200, member_b=404),
    ),
    (
        "put",
        _api("", "draft_a"),
        NEW_PROPOSAL,
        expect(403, anonymous=401, member_a=200, member_b=404),
    ),
    (
        "post",
        _api("messages/"),
        {"body": "Bonjour"},
        expect(201, anonymous=401, member_b=404, commission=403),
    ),
    (
        "post",
        _api("messages/"),
        {"body": NOTE, "internal": True},
        expect(201, anonymous=401, member_a=400, member_b=404, commission=403),
    ),
    ("delete", _api(""), None, expect(403, anonymous=401)),  # nobody deletes a proposal
]


def extend_world(world):
    users, org_a = world["users"], world["org_a"]
    draft_a = complete_draft(org_a, trainee_reference="A-BROUILLON")
    proposal_a = complete_draft(org_a, status=ProposalStatus.SUBMITTED, submitted_at=timezone.now())
    revisable_a = complete_draft(org_a, status=ProposalStatus.FEEDBACK_GIVEN)
    message_a = MessageFactory(proposal=proposal_a, author=users["member_a"])
    message_a.attachment.save("devis.pdf", ContentFile(PDF_BYTES))
    note_a = MessageFactory(
        proposal=proposal_a, author=users["quality_officer"], body=NOTE, internal=True
    )
    PathProposalFactory(  # B has a proposal of its own, so B's lists are not empty
        organisation=world["org_b"],
        reference=next_reference(timezone.localdate().year),
        trainee_reference="B-BROUILLON",
    )
    world.update(
        draft_a=draft_a,
        proposal_a=proposal_a,
        revisable_a=revisable_a,
        message_a=message_a,
        note_a=note_a,
        attachment_a=proposal_a.attachments.get(),
    )
