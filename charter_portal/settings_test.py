"""Settings for the test suite: the real ones, with fast hashing and in-memory email."""

import os

from charter_portal.settings import *  # noqa: F403
from charter_portal.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media" / str(os.getpid())
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# tasks run at once, inside the test: emails land in mail.outbox, exports finish before the answer
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
