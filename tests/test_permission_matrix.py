"""Every URL of the project × every role: the expected status, and B never sees A's data.

The rows live in tests/matrix/<app>.py. A URL pattern missing from them makes
`test_every_url_is_in_the_matrix` fail: add a row when you add a page or an endpoint.
"""

import pytest
from django.urls import URLResolver, get_resolver

from charter_portal import roles
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.matrix import PUBLIC, ROLES, paths_commission, paths_funding, paths_proposals
from tests.matrix import accounts as accounts_rows
from tests.matrix import alerts as alerts_rows
from tests.matrix import exports as exports_rows
from tests.matrix import organisms as organisms_rows
from tests.matrix import reports as reports_rows

MODULES = [
    organisms_rows,
    accounts_rows,
    paths_proposals,
    paths_commission,
    paths_funding,
    alerts_rows,
    reports_rows,
    exports_rows,
]
MATRIX = {name: row for module in MODULES for name, row in module.ROWS.items()}
MATRIX["home"] = ("get", lambda w: "/", PUBLIC, None)
MATRIX["set_language"] = (
    "post",
    lambda w: "/i18n/setlang/",
    {r: 302 for r in ROLES},
    {"language": "en"},
)
MATRIX["admin:index"] = (
    "get",
    lambda w: "/admin/",
    {**{r: 302 for r in ROLES}, "administrator": 200},
    None,
)
API_WRITES = [row for module in MODULES for row in module.API_WRITES]

# Text that only A's records carry: B's answers must never contain it.
A_SECRET = "Alpha Secret Formation"


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
    org_a = OrganisationFactory(legal_name=A_SECRET)
    org_b = OrganisationFactory(legal_name="Beta Formation")
    users = {
        "anonymous": None,
        "member_a": MembershipFactory(organisation=org_a).user,
        "member_b": MembershipFactory(organisation=org_b).user,
        "quality_officer": UserFactory(role=roles.QUALITY_OFFICER),
        "path_analyst": UserFactory(role=roles.PATH_ANALYST),
        "commission": UserFactory(role=roles.COMMISSION),
        "administrator": UserFactory(role=roles.ADMINISTRATOR, is_staff=True),
    }
    world = {"org_a": org_a, "org_b": org_b, "users": users}
    for module in MODULES:
        module.extend_world(world)
    return world


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
        # B's pages and API answers (lists included) never carry A's records
        body = _content(response)
        for marker in _a_markers(world):
            assert marker.encode() not in body, f"{url} shows B {marker!r}, one of A's records"


def _a_markers(world):
    """What only A's records carry: A's name and SIRET, the references of A's proposals and
    alerts (an API list shows them without the organisation's name)."""
    from alerts.models import Alert
    from paths.models import PathProposal

    org_a = world["org_a"]
    proposals = PathProposal.objects.filter(organisation=org_a).values_list("reference", flat=True)
    alerts = [alert.reference for alert in Alert.objects.filter(organisation=org_a)]
    return [A_SECRET, org_a.siret, *proposals, *alerts]


@pytest.mark.parametrize("index", range(len(API_WRITES)))
@pytest.mark.parametrize("role", ROLES)
def test_api_writes_answer_each_role_as_expected(client, world, index, role):
    method, build, data, expected = API_WRITES[index]
    client = _client_for(client, world, role)
    response = getattr(client, method)(build(world), data, content_type="application/json")
    assert response.status_code == expected[role], (
        f"{method.upper()} as {role}: {response.content[:200]}"
    )
