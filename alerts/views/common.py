"""What the OF's and the staff's alert pages share."""

from django.core.exceptions import ValidationError

from alerts.models import AlertAttachment, AlertMessage


def alert_parts(alert, user) -> dict:
    """The alert's thread (as this user may read it), files and dated transitions."""
    return {
        "alert": alert,
        "thread": list(
            AlertMessage.objects.visible_to(user)
            .filter(alert=alert)
            .select_related("author")
            .prefetch_related("author__groups")
        ),
        "attachments": list(AlertAttachment.objects.visible_to(user).filter(alert=alert)),
        "transitions": list(alert.transitions.select_related("by").prefetch_related("by__groups")),
        "responses": [response.get_code_display() for response in alert.responses.all()],
    }


def add_service_error(form, exc: ValidationError) -> None:
    """A service's error next to the form's field when it names one, above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
