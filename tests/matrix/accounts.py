from django.urls import reverse

from tests.matrix import LOGGED_IN, PUBLIC, expect

ROWS = {
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
    "accounts:password_change": (
        "get",
        lambda w: reverse("accounts:password_change"),
        LOGGED_IN,
        None,
    ),
    "accounts:token_create": ("post", lambda w: reverse("accounts:token_create"), expect(302), {}),
    "accounts:token_revoke": ("post", lambda w: reverse("accounts:token_revoke"), expect(302), {}),
}
API_WRITES = []


def extend_world(world):
    pass
