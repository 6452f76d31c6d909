"""The portal's production settings, pointed at the benchmark's own database (bench/database.py).

Only what a benchmark must change is changed: the database's name (its options stay the portal's,
so PostgreSQL runs with `jit=off` as in production), the HTTPS redirect (the bench speaks plain
HTTP on 127.0.0.1), the hosts, a secret key if none is set, and a fast password hasher for the
generated accounts. Everything else (DEBUG off, the manifest static storage, the middleware, the
connection age) is what production runs.
"""

import os

os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from bench.database import config_for  # noqa: E402
from charter_portal.settings import *  # noqa: E402, F403
from charter_portal.settings import DATABASES as PORTAL_DATABASES  # noqa: E402

_portal = PORTAL_DATABASES["default"]
_bench = config_for(float(os.environ.get("BENCH_SCALE", "1")))
DATABASES = {
    "default": {
        **_portal,
        **{
            key: _bench[key]
            for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")
            if key in _bench
        },
        "OPTIONS": {**_portal.get("OPTIONS", {}), **_bench.get("OPTIONS", {})},
    }
}
# generated accounts share one hash; logins in the benchmark use force_login or a token
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# the portal's URLs plus the floor of the pages: a bare view (bench/urls.py)
ROOT_URLCONF = "bench.urls"
