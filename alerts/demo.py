"""Demo data of the alerts app (called by `manage.py load_demo` after the organisations).

Alerts in every state and of both origins, for Reims (101) and Mulhouse (104), the two demo
organisations with member accounts; one is overdue so that it heads the staff queue.
"""

import datetime

from django.utils import timezone

from alerts import deadlines, links, services
from alerts.models import (
    Alert,
    AlertMessage,
    AlertTransition,
    Origin,
    TraineeLink,
)
from charter_portal import roles
from charter_portal.models import ServiceLevels
from organisms.models import Membership
from paths.models import PathProposal

# (seed, origin, category, severity, state, days ago, responses, description, outcome)
ALERTS = [
    (
        101,
        Origin.OF,
        "dropout_risk",
        "high",
        "open",
        6,
        ["adjusted_schedule", "tutoring"],
        "Le stagiaire a manqué trois jours cette semaine : son employeur le rappelle sur des "
        "remplacements. Il évoque l'arrêt de la formation.",
        "",
    ),
    (
        104,
        Origin.OF,
        "modality_change",
        "medium",
        "open",
        0,
        ["modality_change"],
        "Déménagement prévu en fin de mois : la stagiaire demande à suivre les modules "
        "théoriques à distance.",
        "",
    ),
    (
        101,
        Origin.TRAINEE,
        "financial",
        "medium",
        "open",
        1,
        [],
        "Mes frais de trajet ont doublé depuis le changement de site, je ne sais pas si je "
        "pourrai continuer.",
        "",
    ),
    (
        104,
        Origin.OF,
        "absence",
        "low",
        "acknowledged",
        4,
        [],
        "Absences ponctuelles le lundi matin, justifiées par des rendez-vous médicaux.",
        "",
    ),
    (
        101,
        Origin.OF,
        "schedule_change",
        "medium",
        "in_follow_up",
        12,
        ["adjusted_schedule", "catch_up"],
        "Le plateau technique ferme trois semaines pour travaux : le planning des modules "
        "pratiques doit être revu.",
        "",
    ),
    (
        101,
        Origin.OF,
        "learning_difficulty",
        "medium",
        "closed",
        40,
        ["tutoring", "catch_up"],
        "Difficultés en calcul professionnel repérées à l'évaluation intermédiaire.",
        "secured",
    ),
    (
        104,
        Origin.TRAINEE,
        "personal",
        "high",
        "closed",
        30,
        [],
        "Je dois m'occuper d'un proche malade et je ne peux plus venir tous les jours.",
        "modified",
    ),
    (
        104,
        Origin.OF,
        "dropout_risk",
        "high",
        "closed",
        60,
        ["suspension_and_return", "referral"],
        "La stagiaire a retrouvé un emploi en CDI et souhaite arrêter la formation.",
        "interrupted",
    ),
    (
        101,
        Origin.OF,
        "other",
        "low",
        "closed",
        25,
        [],
        "Changement de formateur référent en cours de parcours, signalé par précaution.",
        "no_action",
    ),
]
STEPS = {
    "open": [],
    "acknowledged": ["acknowledge"],
    "in_follow_up": ["acknowledge", "follow_up"],
    "closed": ["acknowledge", "follow_up", "close"],
}


def _proposals(context, organisation) -> list:
    """The demo proposals of an organisation from the paths demo, if it made some."""
    given = context.get("proposals")
    if not given:
        return []
    items = given.values() if isinstance(given, dict) else given
    found: list[PathProposal] = []
    for item in items:
        candidates = item if isinstance(item, list | tuple) else [item]
        found.extend(
            p
            for p in candidates
            if isinstance(p, PathProposal) and p.organisation_id == organisation.pk
        )
    return found


def _member(organisation):
    membership = Membership.objects.filter(organisation=organisation).select_related("user")
    return membership.first().user


def _backdate(alert: Alert, days: int) -> None:
    """Give the demo a past: raised `days` ago, acknowledged the next day, followed up two days
    later (with its thread), closed a week after that."""
    now = timezone.localtime()
    raised = min(now, (now - datetime.timedelta(days=days)).replace(hour=9, minute=30))
    Alert.objects.filter(pk=alert.pk).update(
        created_at=raised,
        observed_on=raised.date() - datetime.timedelta(days=1),
        ack_due_on=deadlines.add_working_days(
            raised.date(), ServiceLevels.current().alert_ack_working_days
        ),
    )
    for action, field, after in (
        ("acknowledge", "acknowledged_at", 1),
        ("follow_up", "follow_up_at", 3),
        ("close", "closed_at", 10),
    ):
        if not AlertTransition.objects.filter(alert=alert, action=action).exists():
            continue
        at = min(now, raised + datetime.timedelta(days=after, hours=2))
        AlertTransition.objects.filter(alert=alert, action=action).update(at=at)
        Alert.objects.filter(pk=alert.pk).update(**{field: at})
        if action == "follow_up":
            AlertMessage.objects.filter(alert=alert).update(created_at=at)


def load(context: dict) -> None:
    """context["organisations"] holds the demo organisations by seed, context["users"] one user per role."""
    if Alert.objects.exists():
        return
    organisations = context["organisations"]
    officer = context["users"][roles.QUALITY_OFFICER]
    made_links: dict[object, TraineeLink] = {}
    for index, (
        seed,
        origin,
        category,
        severity,
        state,
        days,
        responses,
        text,
        outcome,
    ) in enumerate(ALERTS):
        organisation = organisations[seed]
        member = _member(organisation)
        proposals = _proposals(context, organisation)
        proposal = proposals[index % len(proposals)] if proposals else None
        if origin == Origin.TRAINEE and proposal is not None:
            link = made_links.get(proposal.pk) or services.create_trainee_link(
                TraineeLink(proposal=proposal), member
            )
            made_links[proposal.pk] = link
            alert = services.raise_trainee_alert(
                links.make_token(link),
                category=category,
                description=text,
                contact="06 00 00 00 00" if severity == "high" else "",
                urgent=severity == "high",
            )
        else:
            alert = Alert(
                organisation=organisation,
                proposal=proposal,
                trainee_reference="" if proposal else f"STG-{seed}-{index + 1:02d}",
                category=category,
                severity=severity,
                description=text,
            )
            alert = services.raise_alert(alert, member, responses=responses)
            if origin == Origin.TRAINEE:
                # no demo path to share a link for: recorded as if a trainee had raised it
                Alert.objects.filter(pk=alert.pk).update(origin=Origin.TRAINEE, created_by=None)
        for step in STEPS[state]:
            if step == "acknowledge":
                services.acknowledge(alert.pk, officer)
            elif step == "follow_up":
                services.start_follow_up(alert.pk, officer)
                services.post_message(
                    alert,
                    officer,
                    "Nous avons bien noté la situation. Pouvez-vous nous dire ce que vous "
                    "envisagez pour la suite du parcours ?",
                )
                services.post_message(
                    alert, officer, "Point à faire avec l'analyste parcours.", internal=True
                )
                services.post_message(
                    alert, member, "Nous proposons un rendez-vous tripartite la semaine prochaine."
                )
            else:
                services.close(
                    alert.pk,
                    outcome,
                    officer,
                    "Merci pour l'alerte : la solution trouvée ensemble est notée au dossier.",
                )
        _backdate(alert, days)
    context["alerts"] = list(Alert.objects.all())
