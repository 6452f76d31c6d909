"""The portal's settings, pointed at the benchmark's own database (see bench/database.py)."""

import os

from bench.database import config_for
from charter_portal.settings import *  # noqa: F403

DATABASES = {"default": config_for(float(os.environ.get("BENCH_SCALE", "1")))}
# generated accounts share one hash; logins in the benchmark use force_login
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
