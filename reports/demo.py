"""Demo data of the reports app (called last by `manage.py load_demo`): the interim review of the
2021–2022 charter for the whole network, Atelier Formation Champagne's annual PTP report for 2022
(requested and produced), Alsace Sud Formation's request still waiting, and a dialogue meeting with
Atelier Formation Champagne. Everything goes through the services, like real reports."""

import datetime

from charter_portal import roles
from organisms.models import CharterEdition, Membership
from reports import services
from reports.dataset import Period, Scope
from reports.models import DialogueMeeting, InterimReview

YEAR_2022 = Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


def _member_of(organisation):
    membership = Membership.objects.filter(organisation=organisation).select_related("user").first()
    return membership.user if membership else None


def load(context: dict) -> None:
    """context["organisations"] holds the demo organisations by seed, context["users"] one user per role."""
    if InterimReview.objects.exists():
        return
    organisations, users = context["organisations"], context["users"]
    quality, analyst = users[roles.QUALITY_OFFICER], users[roles.PATH_ANALYST]
    edition = CharterEdition.objects.get(version="2021")
    charter_2021 = Period(edition.valid_from, edition.valid_until)

    review = services.generate_interim_review(charter_2021, Scope(), quality)
    services.comment_interim_review(
        review,
        {
            "C3": {
                "of": "",
                "tp": "Indicateur suivi conjointement à chaque commission ; à présenter aux "
                "signataires lors des réunions de dialogue.",
            },
            "C4": {
                "of": "",
                "tp": "Les retours sur l'ingénierie financière sont donnés dans le délai cible "
                "pour la plupart des propositions.",
            },
        },
        quality,
    )

    champagne, alsace = organisations[101], organisations[104]
    request = services.request_annual_report(
        champagne,
        YEAR_2022,
        "Pour présenter nos parcours modulaires au conseil d'administration.",
        _member_of(champagne),
    )
    services.generate_annual_report(request.pk, analyst)
    services.request_annual_report(alsace, YEAR_2022, "", _member_of(alsace))

    signature = champagne.signatures.filter(edition=edition).first()
    services.record_dialogue_meeting(
        DialogueMeeting(
            held_on=datetime.date(2022, 12, 6),
            organisation=champagne,
            period_start=signature.signed_on if signature else edition.valid_from,
            period_end=edition.valid_until,
            participants="Direction de l'organisme\nRéférente PTP de l'organisme\n"
            "Chargée de projet qualité OF (Transitions Pro)\n"
            "Chargée de projet analyse des parcours (Transitions Pro)",
            individualisation_notes="La plupart des propositions mobilisent la modularisation ; "
            "l'hybridation progresse depuis la rentrée.",
            levers_notes="Le passage en hybride a permis de maintenir deux parcours menacés "
            "par les temps de trajet.",
            decisions="Poursuivre la concertation en amont pour chaque parcours réduit.",
            actions="Transmettre les programmes modulaires un mois avant la commission.",
        ),
        quality,
    )
