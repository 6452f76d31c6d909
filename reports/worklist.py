"""What staff must deal with first, at the head of their dashboard: alerts not acknowledged in
time (C7), proposals waiting for an answer beyond the target delay (C4), refusal dialogues open
past their delay (C6). Each list is one query, capped, with its total."""

from dataclasses import dataclass

from django.utils import timezone

from alerts.models import Alert
from charter_portal import roles
from charter_portal.models import ServiceLevels
from paths import funding_data
from paths.commission import with_overdue
from paths.models import PathProposal, RefusalDialogue

SHOWN = 10


@dataclass
class Worklist:
    alerts: list
    alerts_total: int
    proposals: list
    proposals_total: int
    dialogues: list
    dialogues_total: int
    # administrators: « SMIC à confirmer » when a path starting today would be warned
    # `smic_may_be_outdated`
    smic_to_confirm: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.alerts_total
            or self.proposals_total
            or self.dialogues_total
            or self.smic_to_confirm
        )


def staff_worklist(user) -> Worklist:
    levels = ServiceLevels.current()
    alerts = (
        Alert.objects.visible_to(user)
        .overdue()
        .select_related("organisation")
        .order_by("ack_due_on", "pk")
    )
    proposals = (
        PathProposal.objects.visible_to(user)
        .with_feedback_wait(timezone.now(), levels.feedback_target_days)
        .filter(overdue=True)
        .select_related("organisation")
        .order_by("waiting_since", "pk")
    )
    dialogues = (
        with_overdue(RefusalDialogue.objects.visible_to(user), days=levels.dialogue_overdue_days)
        .filter(overdue=True)
        .select_related("proposal__organisation")
    )
    return Worklist(
        list(alerts[:SHOWN]),
        alerts.count(),
        list(proposals[:SHOWN]),
        proposals.count(),
        list(dialogues[:SHOWN]),
        dialogues.count(),
        smic_to_confirm=roles.is_administrator(user) and funding_data.smic_to_confirm(),
    )
