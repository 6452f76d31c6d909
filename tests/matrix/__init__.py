"""Rows of the permission matrix, one module per app (tests/test_permission_matrix.py runs them).

Each module defines:
- ROWS: {url name: (method, url builder, expected status by role, POST data or None)}
- API_WRITES: [(method, url builder, JSON data, expected status by role)]
- extend_world(world): adds the records its URLs need to the shared `world` dict
  (world has org_a, org_b, users by role; A's records are what B must never reach).
"""

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
