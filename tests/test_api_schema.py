"""The OpenAPI schema is the truth: every list and detail endpoint answers exactly what the schema
served at /api/v1/schema/ documents (validated with jsonschema, objects closed to undocumented
fields), and every API error — DRF's or Django's own 404, 405, 413, 500 — is JSON."""

import datetime
import re

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alerts import services as alert_services
from exports.services import request_export
from paths import commission
from paths.models import DecisionOutcome, DecisionReason
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    AlertFactory,
    AlertMessageFactory,
    CommissionSessionFactory,
    LeverFactory,
    MessageFactory,
    PathModuleFactory,
    ProposalAttachmentFactory,
    TraineeLinkFactory,
    proposal_at_commission,
)

DAY = datetime.date(2022, 6, 21)
# served for people or as files, not JSON
NOT_JSON = {"/api/v1/schema/", "/api/v1/docs/"}


def _jsonschema(node, strict=True):
    """OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative; with `strict`, an object
    with documented properties accepts no other field (the schema must say all it returns)."""
    if isinstance(node, list):
        return [_jsonschema(item, strict) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {}
    for key, value in node.items():
        if key in {"nullable", "readOnly", "writeOnly", "example", "discriminator"}:
            continue
        if key == "properties":  # field names, not keywords
            converted[key] = {name: _jsonschema(field, strict) for name, field in value.items()}
        else:
            converted[key] = _jsonschema(value, strict)
    if strict and converted.get("type") == "object" and "properties" in converted:
        converted.setdefault("additionalProperties", False)
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


class Schema:
    def __init__(self, document):
        self.document = document
        self.components = {
            "schemas": {
                name: _jsonschema(value)
                for name, value in document["components"]["schemas"].items()
            }
        }
        self.templates = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
            for path in document["paths"]
        ]

    def operation(self, path, method):
        for pattern, template in self.templates:
            if pattern.match(path):
                return template, self.document["paths"][template][method]
        raise AssertionError(f"{path} is not in the schema")

    def validate(self, path, method, response):
        template, operation = self.operation(path, method)
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, (
            f"{method.upper()} {template}: status {response.status_code} is not documented"
        )
        content = documented.get("content", {})
        media = response["Content-Type"].split(";")[0]
        assert media in content, f"{method.upper()} {template}: {media} not documented"
        if media != "application/json":
            return
        body = response.json()
        schema = {"allOf": [_jsonschema(content[media]["schema"])], "components": self.components}
        validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        assert not errors, f"{method.upper()} {template} ({response.status_code}): " + "; ".join(
            f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
        )


@pytest.fixture
def schema(db):
    return Schema(APIClient().get("/api/v1/schema/?format=json").json())


@pytest.fixture
def world(org_a, org_b, signed_a, member_a, path_analyst, quality_officer, administrator, on_day):
    """One of everything the API lists, so that no list is checked empty: a proposal refused at
    commission (levers, modules, attachment, messages, feedback, decision, refusal dialogue), an
    open and a closed alert with a message and an attachment, a trainee link."""
    on_day(DAY)
    session = CommissionSessionFactory(held_on=DAY)
    proposal = proposal_at_commission(session, organisation=org_a)
    LeverFactory(proposal=proposal)
    PathModuleFactory(proposal=proposal)
    ProposalAttachmentFactory(proposal=proposal)
    MessageFactory(proposal=proposal, author=member_a)
    with_file = MessageFactory(
        proposal=proposal,
        author=path_analyst,
        attachment=SimpleUploadedFile("devis.pdf", PDF_BYTES, "application/pdf"),
    )
    decision = commission.record_decision(
        proposal.pk,
        path_analyst,
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
        comment="Le parcours vise l'usinage, le projet est la soudure.",
    )
    open_alert = AlertFactory(organisation=org_a, proposal=proposal)
    closed = AlertFactory(organisation=org_a)
    AlertMessageFactory(alert=closed, author=member_a)
    attachment = alert_services.add_attachments(
        closed, [SimpleUploadedFile("photo.png", PNG_BYTES, "image/png")], member_a
    )[0]
    alert_services.acknowledge(closed.pk, quality_officer)
    alert_services.start_follow_up(closed.pk, quality_officer)
    alert_services.close(closed.pk, "secured", quality_officer, "Parcours maintenu.")
    link = TraineeLinkFactory(proposal=proposal, created_by=member_a)
    export = request_export(administrator, "review_queue_csv", {})  # built at once in tests
    return {
        "exports": export.pk,
        "alerts": closed.pk,
        "alerts/attachments": attachment.pk,
        "commission-sessions": session.pk,
        "organisations": org_a.pk,
        "proposals": proposal.pk,
        "proposals/messages": with_file.pk,
        "proposals/attachments": proposal.attachments.get().pk,
        "public/signatories": org_a.siret,
        "refusal-dialogues": decision.dialogue.pk,
        "signatures": signed_a.pk,
        "trainee-links": link.pk,
        "open_alert": open_alert.pk,
    }


def _fill(template, world):
    """The schema's path with the world's ids in place of its parameters."""
    resource = template.removeprefix("/api/v1/").split("/{")[0]
    filled = template.replace("{id}", str(world.get(resource, "")))
    filled = filled.replace("{siret}", str(world.get(resource, "")))
    for name, key in (
        ("{attachment_id}", f"{resource}/attachments"),
        ("{message_id}", f"{resource}/messages"),
    ):
        filled = filled.replace(name, str(world.get(key, "")))
    assert "{" not in filled, f"no value for {template}"
    return filled


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.parametrize("who", ["administrator", "member_a"])
def test_every_list_and_detail_answers_what_the_schema_documents(schema, world, who, request):
    client = _client(request.getfixturevalue(who))
    checked = []
    for template, operations in schema.document["paths"].items():
        if "get" not in operations or template in NOT_JSON:
            continue
        path = _fill(template, world)
        response = client.get(path)
        # staff see everything; a member's view of what is not theirs is a (documented) 404
        expected = {200} if who == "administrator" else {200, 404}
        assert response.status_code in expected, (path, response.status_code, response.content)
        schema.validate(path, "get", response)
        if response["Content-Type"].startswith("application/json"):
            body = response.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            if isinstance(rows, list) and who == "administrator":
                assert rows, f"{template}: the list is empty, nothing was checked"
        checked.append(template)
    # every GET of the schema was called: lists, details, threads, attachments, indicators
    assert len(checked) == sum(
        1 for t, ops in schema.document["paths"].items() if "get" in ops and t not in NOT_JSON
    )
    assert len(checked) >= 25


def test_an_open_alert_has_a_null_outcome_not_an_empty_string(schema, world, administrator):
    response = _client(administrator).get(f"/api/v1/alerts/{world['open_alert']}/")
    assert response.json()["outcome"] is None
    schema.validate(f"/api/v1/alerts/{world['open_alert']}/", "get", response)
    closed = _client(administrator).get(f"/api/v1/alerts/{world['alerts']}/").json()
    assert closed["outcome"] == "secured"


def test_indicator_values_match_exactly_one_documented_type(schema, world, administrator):
    """A count (an integer) used to match both `integer` and `number` of a oneOf."""
    response = _client(administrator).get("/api/v1/indicators/")
    schema.validate("/api/v1/indicators/", "get", response)
    values = [row["value"] for row in response.json()["indicators"]]
    assert any(isinstance(value, int) for value in values)


def test_another_organisations_record_is_a_documented_json_404(schema, world, member_b):
    client = _client(member_b)
    for path in (f"/api/v1/proposals/{world['proposals']}/", f"/api/v1/alerts/{world['alerts']}/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["detail"] == "Introuvable."
        schema.validate(path, "get", response)


def test_a_bad_write_is_a_documented_json_400_naming_the_field(schema, world, member_a):
    response = _client(member_a).post("/api/v1/trainee-links/", {}, format="json")
    assert response.status_code == 400
    assert "proposal" in response.json()
    schema.validate("/api/v1/trainee-links/", "post", response)


# ---------------------------------------------------------------- errors are always JSON


def test_an_unknown_api_address_is_a_json_404(db):
    response = Client().get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Introuvable.", "code": "not_found"}


def test_a_page_outside_the_api_keeps_its_html_404(db):
    response = Client().get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_the_api_does_not_take_is_a_json_405(administrator):
    response = _client(administrator).delete("/api/v1/organisations/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "DELETE" in response.json()["detail"]


def test_a_too_large_upload_is_a_json_413(member_a, settings):
    """Above the upload limit the body is refused before it is read, in JSON."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = _client(member_a).post("/api/v1/alerts/", {"description": "x" * 4096}, format="json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_large"


def test_django_refusing_a_too_large_body_is_a_json_413(member_a, settings):
    """The same limit when Django itself reads the body (the idempotency check does)."""
    from django.core.exceptions import RequestDataTooBig

    from charter_portal import errors

    response = errors.bad_request(
        type("Request", (), {"path": "/api/v1/alerts/"})(), RequestDataTooBig("too big")
    )
    assert response.status_code == 413
    assert b'"too_large"' in response.content


def test_an_unhandled_exception_is_a_json_500(administrator, monkeypatch):
    from organisms.api import OrganisationViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(OrganisationViewSet, "list", broken)
    client = _client(administrator)
    client.raise_request_exception = False
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"


def test_the_main_writes_answer_what_the_schema_documents(schema, member_a, org_a, on_day):
    """A draft filed, an alert raised, a funding check: each 2xx answer is the documented one."""
    on_day(datetime.date(2022, 3, 15))
    client = _client(member_a)
    writes = {
        "/api/v1/proposals/": {
            "trainee_reference": "STG-042",
            "target_job": "Soudeur assembleur",
            "certification_code": "RNCP35625",
            "certification_title": "Soudeur assembleur industriel",
            "start_date": "2022-09-05",
            "end_date": "2023-03-31",
            "schedule": "full_time",
            "centre_hours_in_person": "420.00",
            "company_hours": "175.00",
            "pedagogic_cost_ht": "14800.00",
            "levers": [{"code": "hybrid", "explanation": "Un tiers à distance."}],
        },
        "/api/v1/alerts/": {
            "category": "dropout_risk",
            "description": "Le stagiaire envisage d'arrêter.",
            "trainee_reference": "STG-900",
        },
        "/api/v1/funding-check/": {
            "start_date": "2022-09-05",
            "end_date": "2023-03-31",
            "schedule": "full_time",
            "centre_hours": "600",
            "company_hours": "200",
            "company_hours_required_by_certification": 0,
            "pedagogic_cost_ht": "17000",
            "reference_monthly_salary": "3250.00",
            "submitted_on": "2022-03-15",
        },
    }
    for path, payload in writes.items():
        response = client.post(path, payload, format="json")
        assert response.status_code in (200, 201), (path, response.content)
        schema.validate(path, "post", response)
