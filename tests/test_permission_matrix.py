"""Every URL of the project × every role: the expected status, and B never sees A's data.

A URL pattern missing from MATRIX makes `test_every_url_is_in_the_matrix` fail: add a row when
you add a page or an endpoint.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from charter_portal import roles
from tests.factories import (
    PDF_BYTES,
    CharterEditionFactory,
    ControlFactory,
    MembershipFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "member_a",
    "member_b",
    "quality_officer",
    "path_analyst",
    "commission",
    "administrator",
]
STAFF = ["quality_officer", "path_analyst", "commission", "administrator"]


def expect(default, **by_role):
    """Expected status per role: `default` for every role not named."""
    return {role: by_role.get(role, default) for role in ROLES}


PUBLIC = expect(200)
# staff pages: anonymous to the login page, OF members get a 404 (the page does not exist for them)
STAFF_READ = expect(200, anonymous=302, member_a=404, member_b=404)
QO_WRITE = expect(200, anonymous=302, member_a=404, member_b=404, path_analyst=403, commission=403)
ADMIN_WRITE = expect(403, anonymous=302, member_a=404, member_b=404, administrator=200)
OWN_ORGANISATION = expect(404, anonymous=302, member_a=200)
LOGGED_IN = expect(200, anonymous=302)
API_READ = expect(200, anonymous=401)
API_OWN_OR_STAFF = expect(200, anonymous=401, member_b=404)

# name -> (method, url builder, expected by role, POST data)
MATRIX = {
    "home": ("get", lambda w: reverse("home"), PUBLIC, None),
    "set_language": (
        "post",
        lambda w: reverse("set_language"),
        expect(302),
        {"language": "en", "next": "/"},
    ),
    "organisms:directory": ("get", lambda w: reverse("organisms:directory"), PUBLIC, None),
    "organisms:directory_detail": (
        "get",
        lambda w: reverse("organisms:directory_detail", args=[w["org_a"].siret]),
        PUBLIC,
        None,
    ),
    "organisms:directory_csv": ("get", lambda w: reverse("organisms:directory_csv"), PUBLIC, None),
    "organisms:directory_json": (
        "get",
        lambda w: reverse("organisms:directory_json"),
        PUBLIC,
        None,
    ),
    "organisms:edition_document": (
        "get",
        lambda w: reverse("organisms:edition_document", args=[w["edition"].pk]),
        PUBLIC,
        None,
    ),
    "organisms:my_organisation": (
        "get",
        lambda w: reverse("organisms:my_organisation"),
        expect(404, anonymous=302, member_a=302, member_b=302),
        None,
    ),
    "organisms:my_organisation_detail": (
        "get",
        lambda w: reverse("organisms:my_organisation_detail", args=[w["org_a"].pk]),
        OWN_ORGANISATION,
        None,
    ),
    "organisms:my_organisation_edit": (
        "get",
        lambda w: reverse("organisms:my_organisation_edit", args=[w["org_a"].pk]),
        OWN_ORGANISATION,
        None,
    ),
    "organisms:organisation_list": (
        "get",
        lambda w: reverse("organisms:organisation_list"),
        STAFF_READ,
        None,
    ),
    "organisms:organisation_create": (
        "get",
        lambda w: reverse("organisms:organisation_create"),
        QO_WRITE,
        None,
    ),
    "organisms:organisation_detail": (
        "get",
        lambda w: reverse("organisms:organisation_detail", args=[w["org_a"].pk]),
        STAFF_READ,
        None,
    ),
    "organisms:organisation_edit": (
        "get",
        lambda w: reverse("organisms:organisation_edit", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_create": (
        "get",
        lambda w: reverse("organisms:signature_create", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_edit": (
        "get",
        lambda w: reverse("organisms:signature_edit", args=[w["signature_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_document": (
        "get",
        lambda w: reverse("organisms:signature_document", args=[w["signature_a"].pk]),
        expect(200, anonymous=404, member_b=404),
        None,
    ),
    "organisms:control_create": (
        "get",
        lambda w: reverse("organisms:control_create", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_detail": (
        "get",
        lambda w: reverse("organisms:control_detail", args=[w["control_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_evidence": (
        "get",
        lambda w: reverse("organisms:control_evidence", args=[w["control_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_conclude": (
        "post",
        lambda w: reverse("organisms:control_conclude", args=[w["control_a"].pk]),
        expect(302, member_a=404, member_b=404, path_analyst=403, commission=403),
        {"outcome": "compliant", "findings": "Conforme."},
    ),
    "organisms:edition_list": (
        "get",
        lambda w: reverse("organisms:edition_list"),
        STAFF_READ,
        None,
    ),
    "organisms:edition_create": (
        "get",
        lambda w: reverse("organisms:edition_create"),
        ADMIN_WRITE,
        None,
    ),
    "organisms:edition_edit": (
        "get",
        lambda w: reverse("organisms:edition_edit", args=[w["edition"].pk]),
        ADMIN_WRITE,
        None,
    ),
    "accounts:login": (
        "get",
        lambda w: reverse("accounts:login"),
        expect(302, anonymous=200),
        None,
    ),
    "accounts:logout": ("post", lambda w: reverse("accounts:logout"), expect(302), {}),
    "accounts:password_reset": ("get", lambda w: reverse("accounts:password_reset"), PUBLIC, None),
    "accounts:password_reset_done": (
        "get",
        lambda w: reverse("accounts:password_reset_done"),
        PUBLIC,
        None,
    ),
    "accounts:password_reset_confirm": (
        "get",
        lambda w: reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]),
        PUBLIC,
        None,
    ),
    "accounts:password_reset_complete": (
        "get",
        lambda w: reverse("accounts:password_reset_complete"),
        PUBLIC,
        None,
    ),
    "accounts:profile": ("get", lambda w: reverse("accounts:profile"), LOGGED_IN, None),
    "accounts:token_create": ("post", lambda w: reverse("accounts:token_create"), expect(302), {}),
    "accounts:token_revoke": ("post", lambda w: reverse("accounts:token_revoke"), expect(302), {}),
    "api:schema": ("get", lambda w: reverse("api:schema"), PUBLIC, None),
    "api:docs": ("get", lambda w: reverse("api:docs"), PUBLIC, None),
    "api:organisation-list": ("get", lambda w: reverse("api:organisation-list"), API_READ, None),
    "api:organisation-detail": (
        "get",
        lambda w: reverse("api:organisation-detail", args=[w["org_a"].pk]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:signature-list": ("get", lambda w: reverse("api:signature-list"), API_READ, None),
    "api:signature-detail": (
        "get",
        lambda w: reverse("api:signature-detail", args=[w["signature_a"].pk]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:public-signatory-list": (
        "get",
        lambda w: reverse("api:public-signatory-list"),
        PUBLIC,
        None,
    ),
    "api:public-signatory-detail": (
        "get",
        lambda w: reverse("api:public-signatory-detail", args=[w["org_a"].siret]),
        PUBLIC,
        None,
    ),
    "admin:index": ("get", lambda w: reverse("admin:index"), expect(302, administrator=200), None),
}

# API writes, by role (not URL names of their own, so listed apart)
API_WRITES = [
    (
        "patch",
        lambda w: reverse("api:organisation-detail", args=[w["org_a"].pk]),
        {"website": "https://a.example.org"},
        expect(
            403, anonymous=401, member_a=200, member_b=404, quality_officer=200, administrator=200
        ),
    ),
    (
        "post",
        lambda w: reverse("api:organisation-list"),
        None,
        expect(403, anonymous=401, quality_officer=201, administrator=201),
    ),
    (
        "patch",
        lambda w: reverse("api:signature-detail", args=[w["signature_a"].pk]),
        {"place": "Nancy"},
        expect(403, anonymous=401, quality_officer=200, administrator=200),
    ),
    ("post", lambda w: reverse("api:public-signatory-list"), {}, expect(405)),
]


def url_names(patterns=None, namespace=()):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(":".join((*namespace, pattern.name)))
    return names


def test_every_url_is_in_the_matrix():
    # the Django admin is one entry: its pages all sit behind the same staff check
    project_names = {name for name in url_names() if not name.startswith("admin:")} | {
        "admin:index"
    }
    missing = project_names - set(MATRIX)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - project_names
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(db):
    edition = CharterEditionFactory(
        valid_from=datetime.date(2021, 1, 1), valid_until=datetime.date(2099, 12, 31)
    )
    edition.document.save("charte.pdf", ContentFile(PDF_BYTES))
    org_a = OrganisationFactory(legal_name="Alpha Secret Formation")
    org_b = OrganisationFactory(legal_name="Beta Formation")
    signature_a = SignatureFactory(
        organisation=org_a, edition=edition, signed_on=datetime.date(2021, 9, 1)
    )
    signature_a.document.save("signature.pdf", ContentFile(PDF_BYTES))
    SignatureFactory(organisation=org_b, edition=edition, signed_on=datetime.date(2021, 9, 2))
    quality_officer = UserFactory(role=roles.QUALITY_OFFICER)
    control_a = ControlFactory(organisation=org_a, opened_by=quality_officer, evidence_url="")
    control_a.evidence_file.save("preuve.pdf", ContentFile(PDF_BYTES))
    users = {
        "anonymous": None,
        "member_a": MembershipFactory(organisation=org_a).user,
        "member_b": MembershipFactory(organisation=org_b).user,
        "quality_officer": quality_officer,
        "path_analyst": UserFactory(role=roles.PATH_ANALYST),
        "commission": UserFactory(role=roles.COMMISSION),
        "administrator": UserFactory(role=roles.ADMINISTRATOR, is_staff=True),
    }
    return {
        "edition": edition,
        "org_a": org_a,
        "org_b": org_b,
        "signature_a": signature_a,
        "control_a": control_a,
        "users": users,
    }


def _client_for(client, world, role):
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    return client


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_url_answers_each_role_as_expected(client, world, name, role):
    method, build, expected, data = MATRIX[name]
    client = _client_for(client, world, role)
    url = build(world)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{method.upper()} {url} as {role}"
    if role == "member_b" and response.status_code == 200 and expected is not PUBLIC:
        # B's pages and API answers never carry A's records
        body = _content(response)
        assert world["org_a"].siret.encode() not in body
        assert b"Alpha Secret Formation" not in body


@pytest.mark.parametrize("index", range(len(API_WRITES)))
@pytest.mark.parametrize("role", ROLES)
def test_api_writes_answer_each_role_as_expected(client, world, index, role):
    method, build, data, expected = API_WRITES[index]
    client = _client_for(client, world, role)
    if data is None:  # a new organisation: a valid, unused SIRET
        data = {
            "legal_name": "Gamma",
            "siret": "73282932000074",
            "nda": "44670000000",
            "address": "1 rue",
            "postcode": "67000",
            "city": "Strasbourg",
            "departement": "67",
        }
    response = getattr(client, method)(build(world), data, content_type="application/json")
    assert response.status_code == expected[role], (
        f"{method.upper()} as {role}: {response.content[:200]}"
    )
