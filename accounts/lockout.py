"""What django-axes counts failed logins against."""

from django.conf import settings


def username_for_lockout(request, credentials=None) -> str:
    """The email as the login matches it (trimmed, any case), so changing its case
    does not buy five more tries."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return (username or "").strip().lower()
