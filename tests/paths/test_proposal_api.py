"""/api/v1/proposals/: an OF's software files proposals like the screens do — same scoping,
same validation, errors in French naming the field, nothing half-saved."""

import pytest
from rest_framework.test import APIClient

from paths.models import Lever, PathModule, PathProposal, ProposalStatus
from tests.factories import MembershipFactory, OrganisationFactory, complete_draft

NEW = {
    "trainee_reference": "STG-042",
    "target_job": "Soudeur assembleur",
    "certification_code": "RNCP35625",
    "certification_title": "Soudeur assembleur industriel",
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "centre_hours_in_person": "420.00",
    "centre_hours_distance": "140.00",
    "company_hours": "175.00",
    "pedagogic_cost_ht": "14800.00",
    "standard_hours": "910.00",
    "standard_cost_ht": "19600.00",
    "concerted_on": "2022-03-01",
    "concerted_with": "Analyste parcours",
    "levers": [
        {"code": "modularisation", "explanation": "Deux modules dispensés."},
        {"code": "hybrid", "explanation": "Un tiers à distance."},
    ],
    "modules": [
        {"name": "Soudage", "hours": "280", "modality": "in_person", "cost_ht": "8400"},
        {"name": "Sécurité", "hours": "140", "modality": "distance"},
    ],
}


@pytest.fixture
def api():
    return APIClient()


def test_an_of_member_creates_a_draft_with_nested_levers_and_modules(api, member_a, org_a):
    api.force_authenticate(member_a)
    response = api.post("/api/v1/proposals/", NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    proposal = PathProposal.objects.get()
    assert body["reference"] == proposal.reference
    assert body["organisation"] == org_a.pk
    assert body["status"] == "draft"
    assert body["is_concerted"] is True
    assert body["hours_difference"] == "-175.00"
    assert body["levers"] == NEW["levers"]
    assert [m["cost_ht"] for m in body["modules"]] == ["8400.00", "0.00"]
    assert body["allowed_actions"] == ["submit", "withdraw"]
    assert body["missing"] == {"attachments": ["le programme de formation (PDF)"]}
    assert proposal.history.get().history_user == member_a


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"trainee_reference": "2 84 12 75 108 005 33"}, "trainee_reference", "sécurité sociale"),
        ({"end_date": "2022-01-01"}, "end_date", "La fin prévue doit suivre le début prévu."),
        ({"centre_hours_distance": "-1"}, "centre_hours_distance", "négative"),
        ({"concerted_with": ""}, "concerted_with", "avec qui"),
        (
            {"levers": [{"code": "telepathy", "explanation": "?"}]},
            "levers",
            "telepathy",
        ),
        (
            {
                "levers": [
                    {"code": "hybrid", "explanation": "A"},
                    {"code": "hybrid", "explanation": "B"},
                ]
            },
            "levers",
            "figure deux fois",
        ),
        (
            {"modules": [{"name": "Soudage", "hours": "-3", "modality": "in_person"}]},
            "modules",
            "négative",
        ),
        ({"modules": [{"name": "Soudage", "hours": "3", "modality": "lune"}]}, "modules", "lune"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(
    api, member_a, change, field, words
):
    api.force_authenticate(member_a)
    response = api.post("/api/v1/proposals/", {**NEW, **change}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert words in str(errors[field])
    assert not PathProposal.objects.exists()
    assert not Lever.objects.exists()
    assert not PathModule.objects.exists()


def test_a_member_of_several_organisations_names_one_of_theirs(api, member_a, org_a, org_b):
    MembershipFactory(user=member_a, organisation=OrganisationFactory())
    api.force_authenticate(member_a)
    missing = api.post("/api/v1/proposals/", NEW, format="json")
    assert missing.status_code == 400
    assert "organisation" in missing.json()
    not_theirs = api.post("/api/v1/proposals/", {**NEW, "organisation": org_b.pk}, format="json")
    assert not_theirs.status_code == 400
    assert "organisation" in not_theirs.json()
    ok = api.post("/api/v1/proposals/", {**NEW, "organisation": org_a.pk}, format="json")
    assert ok.status_code == 201
    assert PathProposal.objects.get().organisation == org_a


def test_staff_and_anonymous_create_nothing(api, path_analyst, administrator):
    assert api.post("/api/v1/proposals/", NEW, format="json").status_code == 401
    for user in (path_analyst, administrator):
        api.force_authenticate(user)
        assert api.post("/api/v1/proposals/", NEW, format="json").status_code == 403
    assert not PathProposal.objects.exists()


def test_an_of_member_updates_a_draft_and_its_levers(api, member_a, org_a):
    proposal = complete_draft(org_a)
    api.force_authenticate(member_a)
    response = api.patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {
            "target_job": "Chaudronnier",
            "levers": [{"code": "digital", "explanation": "Ressources en ligne."}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["levers"] == [{"code": "digital", "explanation": "Ressources en ligne."}]
    proposal.refresh_from_db()
    assert proposal.target_job == "Chaudronnier"
    assert [m.name for m in proposal.modules.all()] == ["Lecture de plans"]  # untouched


def test_the_answer_to_an_update_says_whether_the_proposal_is_now_concerted(api, member_a, org_a):
    """`is_concerted` is computed by the database (paths/facts.py): the answer to a PATCH reads
    the row again, so it reflects the first contact just typed (a draft with a first contact is
    concerted), then its removal — never the value before the write."""
    proposal = complete_draft(org_a, concerted_on=None, concerted_with="")
    api.force_authenticate(member_a)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert api.get(url).json()["is_concerted"] is False
    contact = {"concerted_on": "2022-03-01", "concerted_with": "Analyste parcours"}
    response = api.patch(url, contact, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_concerted"] is True
    assert api.get(url).json()["is_concerted"] is True
    response = api.patch(url, {"concerted_on": None, "concerted_with": ""}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_concerted"] is False


def test_a_sent_proposal_is_no_longer_updated(api, member_a, org_a):
    proposal = complete_draft(org_a, status=ProposalStatus.SUBMITTED)
    api.force_authenticate(member_a)
    response = api.patch(f"/api/v1/proposals/{proposal.pk}/", {"target_job": "X"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Une proposition « Transmise » ne peut plus être modifiée."]
    }


def test_members_see_their_organisations_proposals_only(api, member_a, member_b, org_a, org_b):
    mine = complete_draft(org_a)
    theirs = complete_draft(org_b)
    api.force_authenticate(member_b)
    listed = api.get("/api/v1/proposals/").json()["results"]
    assert [p["reference"] for p in listed] == [theirs.reference]
    assert api.get(f"/api/v1/proposals/{mine.pk}/").status_code == 404
    assert api.patch(f"/api/v1/proposals/{mine.pk}/", {"target_job": "X"}).status_code == 404
    assert api.post(f"/api/v1/proposals/{mine.pk}/withdraw/").status_code == 404
    mine.refresh_from_db()
    assert mine.status == ProposalStatus.DRAFT


def test_staff_see_every_proposal_and_filter_them(api, commission_member, org_a, org_b):
    concerted = complete_draft(
        org_a,
        status=ProposalStatus.SUBMITTED,
        concerted_on="2022-01-10",
        concerted_with="Analyste",
    )
    other = complete_draft(org_b, status=ProposalStatus.SUBMITTED)
    other.levers.update(code="hybrid")
    api.force_authenticate(commission_member)

    def refs(query):
        return {p["reference"] for p in api.get("/api/v1/proposals/", query).json()["results"]}

    assert refs({}) == {concerted.reference, other.reference}
    assert refs({"organisation": org_b.pk}) == {other.reference}
    assert refs({"lever": "hybrid"}) == {other.reference}
    assert refs({"concerted": "true"}) == {concerted.reference}
    assert refs({"concerted": "false"}) == {other.reference}
    assert refs({"status": "draft"}) == set()


def test_the_schema_documents_the_proposal_endpoints(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for path in [
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/",
        "/api/v1/proposals/{id}/submit/",
        "/api/v1/proposals/{id}/revise/",
        "/api/v1/proposals/{id}/withdraw/",
        "/api/v1/proposals/{id}/start-review/",
        "/api/v1/proposals/{id}/feedback/",
        "/api/v1/proposals/{id}/messages/",
        "/api/v1/proposals/{id}/attachments/",
    ]:
        assert path in schema["paths"], path
    code = schema["components"]["schemas"]["ProposalLever"]["properties"]["code"]
    enum = schema["components"]["schemas"][code["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert enum["enum"] == [
        "adjustment",
        "modularisation",
        "multimodality",
        "hybrid",
        "innovation",
        "digital",
        "other",
    ]


def test_a_proposal_page_leaves_its_levers_to_reference_counting(api, org_a, member_a):
    """Each prefetched lever points back to its proposal, and the proposal to its prefetched
    list: a cycle per row that only the garbage collector's full passes freed (long pauses
    under load). Once the page is serialized, the lists are dropped, so no lever is left in a
    reference cycle."""
    import gc

    for _index in range(3):
        complete_draft(org_a)  # one lever and one module each
    api.force_authenticate(member_a)
    assert len(api.get("/api/v1/proposals/").json()["results"]) == 3
    gc.collect()
    gc.disable()
    try:
        response = api.get("/api/v1/proposals/")
        assert [len(row["levers"]) for row in response.json()["results"]] == [1, 1, 1]
        del response
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        cyclic = [type(item).__name__ for item in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert "Lever" not in cyclic
    assert "PathModule" not in cyclic
