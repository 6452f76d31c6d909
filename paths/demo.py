"""Demo data of the paths app (called by `manage.py load_demo` after the organisations).

Proposals in every state the OF and the path analyst can reach (draft, submitted, in review,
feedback given, revised, at commission, withdrawn), filed through the services like real ones,
then dated back over 2021–2022 and the current year.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from accounts import services as account_services
from charter_portal import roles
from organisms.demo import demo_pdf
from organisms.models import Membership
from paths import services, workflow
from paths.models import (
    CommissionSession,
    Feedback,
    Message,
    PathProposal,
    ProposalStatus,
    ProposalTransition,
    ReferenceSequence,
)

S = ProposalStatus


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _proposals():
    """What each demo proposal says, the state it reaches, when it was sent and answered."""
    year = timezone.localdate().year
    return [
        {
            "seed": 101,
            "trainee_reference": "AFC-2021-017",
            "target_job": "Conseiller en insertion professionnelle",
            "certification_code": "RNCP35316",
            "certification_title": "Conseiller en insertion professionnelle",
            "start_date": datetime.date(2021, 11, 8),
            "end_date": datetime.date(2022, 6, 24),
            "schedule": "full_time",
            "hours": ("420", "140", "210"),
            "cost": "14800.00",
            "standard": ("980", "19600.00"),
            "levers": [
                ("modularisation", "Deux blocs validés par l'expérience : parcours réduit."),
                ("hybrid", "Un tiers des heures à distance, en classe virtuelle le mardi."),
            ],
            "modules": [
                ("Accueil et diagnostic des publics", "140", "in_person", "2800.00"),
                ("Accompagnement des parcours (classe virtuelle)", "140", "distance", "2600.00"),
                ("Relations entreprises", "280", "hybrid", "5600.00"),
                ("Stage en structure d'insertion", "210", "in_company", "3800.00"),
            ],
            "concerted": (datetime.date(2021, 6, 14), "Chargée de projet analyse des parcours"),
            "state": S.REVISED,
            "sent": datetime.date(2021, 7, 2),
            "answered_after": 9,
        },
        {
            "seed": 101,
            "trainee_reference": "AFC-2022-004",
            "target_job": "Créateur d'entreprise de services",
            "certification_code": "RS5080",
            "certification_title": "Accompagner la création d'entreprise",
            "start_date": datetime.date(2022, 9, 12),
            "end_date": datetime.date(2022, 12, 16),
            "schedule": "part_time",
            "hours": ("120", "60", "0"),
            "cost": "4860.00",
            "standard": ("240", "6200.00"),
            "levers": [
                ("adjustment", "Durée réduite de 60 h après le positionnement du candidat."),
                ("digital", "Ressources en ligne et suivi sur la plateforme de l'organisme."),
            ],
            "modules": [
                ("Étude de marché", "60", "in_person", "1620.00"),
                ("Gestion et financement", "60", "in_person", "1620.00"),
                ("Communication numérique", "60", "distance", "1620.00"),
            ],
            "concerted": None,
            "state": S.FEEDBACK_GIVEN,
            "sent": datetime.date(2022, 4, 4),
            "answered_after": 21,
        },
        {
            "seed": 104,
            "trainee_reference": "ASF-22-031",
            "target_job": "Soudeur assembleur industriel",
            "certification_code": "RNCP35625",
            "certification_title": "Soudeur assembleur industriel",
            "start_date": datetime.date(2022, 10, 3),
            "end_date": datetime.date(2023, 4, 28),
            "schedule": "full_time",
            "hours": ("560", "70", "175"),
            "cost": "17950.00",
            "standard": ("910", "21400.00"),
            "levers": [
                ("modularisation", "Les modules de lecture de plans sont dispensés (acquis)."),
                ("multimodality", "Théorie à distance, pratique en atelier, PAE en entreprise."),
                ("innovation", "Simulateur de soudage en réalité virtuelle pour l'entraînement."),
            ],
            "modules": [
                ("Sécurité et préparation", "70", "distance", "1200.00"),
                ("Soudage semi-automatique", "280", "in_person", "8400.00"),
                ("Soudage TIG", "280", "in_person", "8350.00"),
                ("Période en entreprise", "175", "in_company", "0.00"),
            ],
            "concerted": (datetime.date(2022, 3, 1), "Analyste parcours, par téléphone"),
            "state": S.AT_COMMISSION,
            "sent": datetime.date(2022, 3, 18),
            "answered_after": 12,
        },
        {
            "seed": 104,
            "trainee_reference": "ASF-21-009",
            "target_job": "Agent de sûreté et de sécurité privée",
            "certification_code": "RNCP37274",
            "certification_title": "Agent de sûreté et de sécurité privée",
            "start_date": datetime.date(2021, 10, 4),
            "end_date": datetime.date(2021, 12, 17),
            "schedule": "full_time",
            "hours": ("280", "0", "70"),
            "cost": "5600.00",
            "standard": ("350", "6500.00"),
            "levers": [("other", "Entrées et sorties permanentes pour suivre le candidat.")],
            "modules": [("Sûreté et prévention", "280", "in_person", "5600.00")],
            "concerted": None,
            "state": S.WITHDRAWN,
            "sent": datetime.date(2021, 7, 20),
            "answered_after": None,
        },
        {
            "seed": 102,
            "trainee_reference": "CL-G7",
            "target_job": "Gestionnaire de paie",
            "certification_code": "RNCP35030",
            "certification_title": "Gestionnaire de paie",
            "start_date": _days_ago(-120),
            "end_date": _days_ago(-120) + datetime.timedelta(days=200),
            "schedule": "discontinuous",
            "hours": ("300", "300", "140"),
            "cost": "15900.00",
            "standard": ("840", "18200.00"),
            "levers": [
                ("hybrid", "Moitié à distance pour concilier le parcours et l'emploi actuel."),
                ("adjustment", "Parcours allégé de 100 h au vu du positionnement."),
            ],
            "modules": [
                ("Droit social", "200", "hybrid", "5300.00"),
                ("Paie et déclarations", "400", "hybrid", "10600.00"),
                ("Mission en cabinet", "140", "in_company", "0.00"),
            ],
            "concerted": (_days_ago(60), "Chargée de projet qualité OF"),
            "state": S.SUBMITTED,
            "sent": _days_ago(40),  # beyond the target delay: overdue in the review queue
            "answered_after": None,
        },
        {
            "seed": 103,
            "trainee_reference": f"IRM-{year}-02",
            "target_job": "Technicien de maintenance industrielle",
            "certification_code": "RNCP36141",
            "certification_title": "Technicien supérieur de maintenance industrielle",
            "start_date": _days_ago(-150),
            "end_date": _days_ago(-150) + datetime.timedelta(days=330),
            "schedule": "full_time",
            "hours": ("900", "250", "245"),
            "cost": "29500.00",
            "standard": ("1350", "33000.00"),
            "levers": [
                ("digital", "Jumeau numérique de la ligne de production pour la pratique."),
                ("modularisation", "Un bloc de compétences déjà certifié."),
            ],
            "modules": [
                ("Mécanique et hydraulique", "450", "in_person", "11000.00"),
                ("Automatismes (à distance)", "250", "distance", "6500.00"),
                ("Électrotechnique", "450", "in_person", "12000.00"),
                ("PAE en usine", "245", "in_company", "0.00"),
            ],
            "concerted": (_days_ago(25), "Analyste parcours en région"),
            "state": S.IN_REVIEW,
            "sent": _days_ago(6),
            "answered_after": None,
        },
        {
            "seed": 105,
            "trainee_reference": f"NPP-{year}-11",
            "target_job": "Secrétaire médicale",
            "certification_code": "RNCP34691",
            "certification_title": "Secrétaire assistant médico-administratif",
            "start_date": _days_ago(-200),
            "end_date": _days_ago(-200) + datetime.timedelta(days=240),
            "schedule": "part_time",
            "hours": ("350", "250", "140"),
            "cost": "12400.00",
            "standard": ("980", "17100.00"),
            "levers": [("multimodality", "Cours du soir à distance et samedis en présentiel.")],
            "modules": [
                ("Terminologie médicale", "250", "distance", "4800.00"),
                ("Secrétariat et accueil", "350", "in_person", "7600.00"),
            ],
            "concerted": None,
            "state": S.DRAFT,
            "sent": _days_ago(3),
            "answered_after": None,
        },
    ]


def _member_of(organisation):
    """The organisation's member account, or its file contact's (created without a password)."""
    membership = Membership.objects.filter(organisation=organisation).select_related("user").first()
    if membership is not None:
        return membership.user
    user, _created = account_services.create_or_update_user(
        organisation.contact_email, roles.OF_MEMBER, organisation=organisation
    )
    return user


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _file(spec, organisation, member):
    proposal = PathProposal(
        organisation=organisation,
        trainee_reference=spec["trainee_reference"],
        target_job=spec["target_job"],
        certification_code=spec["certification_code"],
        certification_title=spec["certification_title"],
        start_date=spec["start_date"],
        end_date=spec["end_date"],
        schedule=spec["schedule"],
        centre_hours_in_person=Decimal(spec["hours"][0]),
        centre_hours_distance=Decimal(spec["hours"][1]),
        company_hours=Decimal(spec["hours"][2]),
        pedagogic_cost_ht=Decimal(spec["cost"]),
        standard_hours=Decimal(spec["standard"][0]),
        standard_cost_ht=Decimal(spec["standard"][1]),
        reference_monthly_salary=Decimal("2350.00"),
        concerted_on=spec["concerted"][0] if spec["concerted"] else None,
        concerted_with=spec["concerted"][1] if spec["concerted"] else "",
    )
    attachments = [
        ("programme", ContentFile(demo_pdf(f"Programme - {spec['target_job']}"), "programme.pdf"))
    ]
    if any(code == "adjustment" for code, _text in spec["levers"]):
        attachments.append(
            (
                "positioning",
                ContentFile(demo_pdf("Resultat du positionnement"), "positionnement.pdf"),
            )
        )
    return services.save_proposal(
        proposal,
        member,
        levers=[{"code": code, "explanation": text} for code, text in spec["levers"]],
        modules=[
            {"name": name, "hours": Decimal(hours), "modality": modality, "cost_ht": Decimal(cost)}
            for name, hours, modality, cost in spec["modules"]
        ],
        attachments=attachments,
    )


def _renumber(proposal, year):
    """A proposal dated back to another year takes that year's next number; the number it was
    just given (the last one, seen by no one) goes back to the current year's counter."""
    if proposal.reference.startswith(f"PP-{year}-"):
        return
    current_year = int(proposal.reference.split("-")[1])
    number = int(proposal.reference.split("-")[2])
    ReferenceSequence.objects.filter(year=current_year, last_number=number).update(
        last_number=number - 1
    )
    proposal.reference = workflow.next_reference(year)
    PathProposal.objects.filter(pk=proposal.pk).update(reference=proposal.reference)


def _move(proposal, spec, member, analyst, quality):
    """Walk the proposal to its state through the services, as people would."""
    state = spec["state"]
    if state == S.DRAFT:
        return
    services.submit(proposal.pk, member)
    if state == S.WITHDRAWN:
        services.withdraw(proposal.pk, member)
        return
    if state == S.SUBMITTED:
        services.post_message(
            proposal.pk,
            member,
            "Le candidat peut commencer plus tôt si un module à distance est avancé : "
            "est-ce envisageable ?",
        )
        return
    services.start_review(proposal.pk, analyst)
    services.post_message(
        proposal.pk,
        quality,
        "Organisme signataire depuis 2021, aucun point d'attention sur la qualité.",
        internal=True,
    )
    if state == S.IN_REVIEW:
        return
    services.give_feedback(
        proposal.pk,
        analyst,
        "Le parcours est cohérent avec le projet et l'individualisation est bien justifiée. "
        "Le coût horaire reste sous le plafond ; vérifiez le délai de dépôt du dossier complet.",
        "Abondement du CPF du candidat ; participation de l'employeur à étudier.",
    )
    services.post_message(
        proposal.pk,
        member,
        "Merci pour ce retour : nous ajustons le calendrier des modules.",
    )
    if state == S.REVISED:
        services.revise(proposal.pk, member)
    elif state == S.AT_COMMISSION:
        session, _created = CommissionSession.objects.get_or_create(
            held_on=datetime.date(2022, 6, 21),
            defaults={"title": "Commission paritaire de juin 2022"},
        )
        workflow.transition(proposal.pk, "send_to_commission", analyst, commission_session=session)


def _backdate(proposal, spec):
    """Spread the demo over time: the portal dates everything now, the demo moves it back."""
    sent = spec["sent"]
    created = sent - datetime.timedelta(days=5)
    PathProposal.objects.filter(pk=proposal.pk).update(created_at=_at(created))
    steps = list(ProposalTransition.objects.filter(proposal=proposal).order_by("at", "pk"))
    answered = sent + datetime.timedelta(days=spec["answered_after"] or 2)
    for index, step in enumerate(steps):
        if step.action == "submit":
            day = sent
        elif step.action in ("start_review", "withdraw"):
            day = sent + datetime.timedelta(days=1)
        elif step.action == "give_feedback":
            day = answered
        else:
            day = answered + datetime.timedelta(days=7)
        ProposalTransition.objects.filter(pk=step.pk).update(at=_at(day, 9 + index))
    moved = {step.action: step for step in ProposalTransition.objects.filter(proposal=proposal)}
    sent_again = [
        step.at for step in moved.values() if step.action in workflow.SENT_TO_TRANSITIONS_PRO
    ]
    PathProposal.objects.filter(pk=proposal.pk).update(
        submitted_at=moved["submit"].at if "submit" in moved else None,
        first_feedback_at=moved["give_feedback"].at if "give_feedback" in moved else None,
    )
    if sent_again:  # the queue's waiting clock, moved back with the rest
        PathProposal.objects.filter(pk=proposal.pk, awaiting_feedback_since__isnull=False).update(
            awaiting_feedback_since=max(sent_again)
        )
    feedback = Feedback.objects.filter(proposal=proposal).first()
    if feedback is not None:
        from paths.funding_data import check_proposal

        proposal.refresh_from_db()
        with translation.override("fr"):
            snapshot = check_proposal(proposal, on=answered)
        Feedback.objects.filter(pk=feedback.pk).update(
            created_at=_at(answered, 15), funding_check=snapshot
        )
    for offset, message in enumerate(Message.objects.filter(proposal=proposal)):
        Message.objects.filter(pk=message.pk).update(
            created_at=_at(sent + datetime.timedelta(days=offset), 16)
        )


def load(context: dict) -> None:
    """context["organisations"] holds the demo organisations by seed, context["users"] one user
    per role. Fills context["proposals"] with the proposals created (a list)."""
    organisations = context["organisations"]
    existing = list(
        PathProposal.objects.filter(organisation__in=organisations.values()).order_by("pk")
    )
    if existing:
        context["proposals"] = existing
        return
    users = context["users"]
    analyst, quality = users[roles.PATH_ANALYST], users[roles.QUALITY_OFFICER]
    created = []
    for spec in _proposals():
        organisation = organisations[spec["seed"]]
        member = _member_of(organisation)
        proposal = _file(spec, organisation, member)
        _renumber(proposal, spec["sent"].year)
        _move(proposal, spec, member, analyst, quality)
        _backdate(proposal, spec)
        proposal.refresh_from_db()
        created.append(proposal)
    context["proposals"] = created
    # commission and dialogues
    _load_commission(context, analyst, quality)


# ---------------------------------------------------------------- commission and dialogues


def _commission_proposals():
    """Proposals the commission decides: one outcome each, and two refusals for incoherence."""
    base = {
        "schedule": "full_time",
        "state": S.AT_COMMISSION,
        "answered_after": 10,
    }
    return [
        {
            **base,
            "seed": 102,
            "decision": ("accepted", "", "Parcours accepté : la modularisation est bien étayée."),
            "trainee_reference": "CL-2022-031",
            "target_job": "Comptable assistant",
            "certification_code": "RNCP34464",
            "certification_title": "Comptable assistant",
            "start_date": datetime.date(2022, 9, 12),
            "end_date": datetime.date(2023, 4, 14),
            "hours": ("455", "140", "140"),
            "cost": "11900.00",
            "standard": ("1015", "15200.00"),
            "levers": [
                ("modularisation", "Le bloc « paie » est validé par l'expérience du candidat."),
                ("digital", "Plateforme de cours en ligne pour les travaux dirigés."),
            ],
            "modules": [
                ("Comptabilité courante", "315", "in_person", "6300.00"),
                ("Travaux d'inventaire (en ligne)", "140", "distance", "2600.00"),
                ("Déclarations fiscales", "140", "in_person", "3000.00"),
                ("Stage en cabinet", "140", "in_company", "0.00"),
            ],
            "concerted": (datetime.date(2022, 2, 14), "Analyste parcours, en visioconférence"),
            "sent": datetime.date(2022, 3, 3),
        },
        {
            **base,
            "seed": 103,
            "decision": (
                "accepted_with_adjustments",
                "",
                "Accepté sous réserve de ramener la PAE à 30 % des heures en centre.",
            ),
            "trainee_reference": "IRM-22-004",
            "target_job": "Technicien de maintenance industrielle",
            "certification_code": "RNCP36141",
            "certification_title": "Technicien supérieur de maintenance industrielle",
            "start_date": datetime.date(2022, 10, 3),
            "end_date": datetime.date(2023, 6, 30),
            "hours": ("700", "105", "280"),
            "cost": "19800.00",
            "standard": ("1200", "24000.00"),
            "levers": [("hybrid", "Automatismes en classe virtuelle, pratique sur plateau.")],
            "modules": [
                ("Mécanique et hydraulique", "350", "in_person", "8750.00"),
                ("Automatismes (classe virtuelle)", "105", "distance", "2450.00"),
                ("Électrotechnique", "350", "in_person", "8600.00"),
                ("Période en entreprise", "280", "in_company", "0.00"),
            ],
            "concerted": None,
            "sent": datetime.date(2022, 3, 10),
        },
        {
            **base,
            "seed": 106,
            "decision": (
                "refused",
                "incoherent_path",
                "Le parcours ne prépare pas aux gestes de pose visés par le projet.",
            ),
            "dialogue": "partly_done",
            "trainee_reference": "ASF-22-112",
            "target_job": "Menuisier installateur",
            "certification_code": "RNCP31114",
            "certification_title": "Menuisier installateur",
            "start_date": datetime.date(2022, 9, 19),
            "end_date": datetime.date(2023, 2, 24),
            "hours": ("490", "0", "70"),
            "cost": "12250.00",
            "standard": ("700", "15400.00"),
            "levers": [("adjustment", "Durée réduite au vu du positionnement en atelier.")],
            "modules": [
                ("Fabrication en atelier", "350", "in_person", "8750.00"),
                ("Lecture de plans", "140", "in_person", "3500.00"),
                ("Chantier en entreprise", "70", "in_company", "0.00"),
            ],
            "concerted": None,
            "sent": datetime.date(2022, 3, 21),
        },
        {
            **base,
            "seed": 105,
            "decision": (
                "refused",
                "incoherent_path",
                "Les modules de secrétariat juridique ne mènent pas au métier visé.",
            ),
            "dialogue": "completed",
            "trainee_reference": "NPP-22-046",
            "target_job": "Secrétaire assistant médico-administratif",
            "certification_code": "RNCP34691",
            "certification_title": "Secrétaire assistant médico-administratif",
            "start_date": datetime.date(2022, 10, 10),
            "end_date": datetime.date(2023, 5, 26),
            "hours": ("420", "210", "140"),
            "cost": "12600.00",
            "standard": ("945", "17000.00"),
            "levers": [("multimodality", "Présentiel, distanciel et stage en cabinet médical.")],
            "modules": [
                ("Secrétariat juridique", "210", "in_person", "4200.00"),
                ("Terminologie médicale (à distance)", "210", "distance", "4200.00"),
                ("Accueil des patients", "210", "in_person", "4200.00"),
                ("Stage en cabinet médical", "140", "in_company", "0.00"),
            ],
            "concerted": (datetime.date(2022, 3, 1), "Analyste parcours, par téléphone"),
            "sent": datetime.date(2022, 3, 24),
        },
        {
            **base,
            "seed": 107,
            "decision": (
                "postponed",
                "not_admissible",
                "Ajourné : l'autorisation d'absence de l'employeur manque au dossier.",
            ),
            "then": ("accepted", "", "Dossier complété : parcours accepté."),
            "trainee_reference": "AAF-22-019",
            "target_job": "Conducteur de transport en commun",
            "certification_code": "RNCP34147",
            "certification_title": "Conducteur de transport en commun sur route",
            "start_date": datetime.date(2022, 11, 7),
            "end_date": datetime.date(2023, 3, 31),
            "hours": ("385", "35", "105"),
            "cost": "10500.00",
            "standard": ("560", "13300.00"),
            "levers": [("adjustment", "Permis C déjà obtenu : module de conduite réduit.")],
            "modules": [
                ("Conduite en sécurité", "280", "in_person", "7700.00"),
                ("Réglementation (à distance)", "35", "distance", "700.00"),
                ("Relation voyageurs", "105", "in_person", "2100.00"),
                ("Lignes en entreprise", "105", "in_company", "0.00"),
            ],
            "concerted": (datetime.date(2022, 3, 7), "Analyste parcours, en rendez-vous"),
            "sent": datetime.date(2022, 3, 28),
        },
    ]


FOLLOW_UP = {
    "trainee_reference": "NPP-22-046",
    "target_job": "Secrétaire assistant médico-administratif",
    "certification_code": "RNCP34691",
    "certification_title": "Secrétaire assistant médico-administratif",
    "start_date": datetime.date(2023, 1, 9),
    "end_date": datetime.date(2023, 7, 28),
    "schedule": "full_time",
    "hours": ("455", "175", "175"),
    "cost": "12950.00",
    "standard": ("945", "17000.00"),
    "levers": [
        ("modularisation", "Modules médicaux seulement, le juridique est retiré du parcours."),
        ("multimodality", "Terminologie à distance, accueil en présentiel, stage en cabinet."),
    ],
    "modules": [
        ("Terminologie médicale (à distance)", "175", "distance", "3500.00"),
        ("Accueil et dossier patient", "280", "in_person", "5600.00"),
        ("Facturation et tiers payant", "175", "in_person", "3850.00"),
        ("Stage en cabinet médical", "175", "in_company", "0.00"),
    ],
    "concerted": (datetime.date(2022, 7, 11), "Analyste parcours, dans le cadre du dialogue"),
    "state": S.SUBMITTED,
    "sent": datetime.date(2022, 9, 5),
    "answered_after": None,
}
JUNE, JULY = datetime.date(2022, 6, 21), datetime.date(2022, 7, 19)


def _decide(proposal, analyst, outcome, reason, comment, day):
    """Record a decision through the service, then date it on the day of the session."""
    from paths import commission
    from paths.models import CommissionDecision, RefusalDialogue

    decision = commission.record_decision(
        proposal.pk, analyst, outcome=outcome, reason=reason, comment=comment
    )
    at = _at(day, 17)
    CommissionDecision.objects.filter(pk=decision.pk).update(decided_at=at)
    ProposalTransition.objects.filter(
        proposal=proposal, action__in=("decide", "postpone"), at__gt=at
    ).update(at=at)
    PathProposal.objects.filter(pk=proposal.pk, decided_at__isnull=False).update(decided_at=at)
    RefusalDialogue.objects.filter(decision=decision).update(opened_at=at)
    return RefusalDialogue.objects.filter(decision=decision).first()


def _load_commission(context, analyst, quality):
    """Commission sessions of June and July 2022 and an upcoming one, a decision of each kind,
    and the refusal dialogues (C6): one partly done (overdue), one completed with a new proposal."""
    from paths import commission
    from paths.models import DialogueOutcome, RefusalDialogue

    organisations = context["organisations"]
    june, _created = CommissionSession.objects.get_or_create(
        held_on=JUNE, defaults={"title": "Commission paritaire de juin 2022"}
    )
    july = commission.save_session(
        CommissionSession(held_on=JULY, title="Commission paritaire de juillet 2022"), analyst
    )
    upcoming = timezone.localdate() + datetime.timedelta(days=28)
    commission.save_session(CommissionSession(held_on=upcoming), analyst)
    for spec in _commission_proposals():
        organisation = organisations[spec["seed"]]
        member = _member_of(organisation)
        proposal = _file(spec, organisation, member)
        _renumber(proposal, spec["sent"].year)
        _move(proposal, spec, member, analyst, quality)
        _backdate(proposal, spec)
        dialogue = _decide(proposal, analyst, *spec["decision"], JUNE)
        if "then" in spec:
            commission.schedule(proposal.pk, july.pk, analyst)
            _decide(proposal, analyst, *spec["then"], JULY)
        if dialogue is None:
            context["proposals"].append(proposal)
            continue
        commission.record_step(
            dialogue.pk,
            "contact",
            analyst,
            contacted_on=datetime.date(2022, 6, 27),
            contact_channel="phone",
        )
        commission.record_step(
            dialogue.pk,
            "reason",
            analyst,
            reason_stated_on=datetime.date(2022, 6, 27),
            reason_statement=spec["decision"][2]
            + " La commission attend un parcours centré sur les compétences du métier visé.",
        )
        if spec["dialogue"] == "completed":
            commission.record_step(
                dialogue.pk,
                "expectations",
                analyst,
                expectations_shared_on=datetime.date(2022, 7, 4),
                expectations="Retirer les modules sans lien avec le métier, renforcer la "
                "terminologie médicale et la relation aux patients, garder le stage en cabinet.",
            )
            follow_up = _file(FOLLOW_UP, organisation, member)
            _renumber(follow_up, FOLLOW_UP["sent"].year)
            _move(follow_up, FOLLOW_UP, member, analyst, quality)
            _backdate(follow_up, FOLLOW_UP)
            commission.record_step(
                dialogue.pk,
                "outcome",
                analyst,
                outcome=DialogueOutcome.NEW_PROPOSAL,
                new_proposal=follow_up.pk,
            )
            RefusalDialogue.objects.filter(pk=dialogue.pk).update(
                closed_at=_at(FOLLOW_UP["sent"], 11)
            )
            context["proposals"].append(follow_up)
        context["proposals"].append(proposal)
