"""The alerts' workflow: the moves of `alerts.models.TRANSITIONS` through the portal's one
transition engine (`charter_portal.transitions`), with who acted and when on the alert itself.

Services (alerts/services.py) call `transition` and then send their notifications.
"""

from django.utils.translation import gettext_lazy as _

from alerts.models import TRANSITION_FIELDS, TRANSITIONS, Alert, AlertStatus, AlertTransition
from charter_portal.transitions import Workflow

ACTION_LABELS = {
    "acknowledge": _("prise en compte"),
    "follow_up": _("mise en suivi"),
    "close": _("clôturée"),
}


def _date_the_move(alert: Alert, action: str, previous: str, now, user) -> None:
    """Each move dates itself on the alert, with who made it (acknowledged_at/_by…)."""
    at_field, by_field = TRANSITION_FIELDS[action]
    setattr(alert, at_field, now)
    setattr(alert, by_field, user)


def _status_is_the_reason(action: str, target: AlertStatus) -> str:
    return str(target.label)


ALERTS = Workflow(
    model=Alert,
    statuses=AlertStatus,
    table=TRANSITIONS,
    refusal=_("Action impossible : une alerte « %(status)s » ne peut pas être %(action)s."),
    labels=ACTION_LABELS,
    steps=AlertTransition,
    step_record="alert",
    on_move=_date_the_move,
    reason=_status_is_the_reason,
)

check_allowed = ALERTS.check_allowed
transition = ALERTS.transition
