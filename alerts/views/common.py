"""What the OF's and the staff's alert pages share."""

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
