"""Demo data of the organisms app: organisations across Grand Est, two charter editions, signatures
in every state, a control that ended in a breach, and one account per role."""

import datetime

from django.core.files.base import ContentFile

from accounts import services as account_services
from charter_portal import roles
from organisms import services
from organisms.identifiers import make_nda, make_siret
from organisms.models import CharterEdition, CommunicationControl, Organisation, Signature, today

DEMO_PASSWORD = "demo-charte-2022"

ORGANISATIONS = [
    # (seed, legal name, trade name, address, postcode, city, département, certifications)
    (
        101,
        "Atelier Formation Champagne SAS",
        "Atelier Formation Champagne",
        "12 rue de Vesle",
        "51100",
        "Reims",
        "51",
        "RNCP35316 Conseiller en insertion professionnelle\nRS5080 Accompagner la création d'entreprise",
    ),
    (
        102,
        "Compétences Lorraine SARL",
        "Compétences Lorraine",
        "8 place Saint-Louis",
        "57000",
        "Metz",
        "57",
        "RNCP34464 Comptable assistant\nRNCP35030 Gestionnaire de paie",
    ),
    (
        103,
        "Institut Rhénan des Métiers",
        "",
        "3 quai des Bateliers",
        "67000",
        "Strasbourg",
        "67",
        "RNCP36141 Technicien supérieur de maintenance industrielle",
    ),
    (
        104,
        "Alsace Sud Formation SAS",
        "Alsace Sud Formation",
        "25 avenue Kennedy",
        "68100",
        "Mulhouse",
        "68",
        "RNCP35625 Soudeur assembleur industriel\nRNCP37274 Agent de sûreté et de sécurité privée",
    ),
    (
        105,
        "Nancy Parcours Pro",
        "",
        "40 cours Léopold",
        "54000",
        "Nancy",
        "54",
        "RNCP34691 Secrétaire assistant médico-administratif",
    ),
    (
        106,
        "Ardenne Savoir-Faire",
        "",
        "5 place Ducale",
        "08000",
        "Charleville-Mézières",
        "08",
        "RNCP31114 Menuisier installateur",
    ),
    (
        107,
        "Aube Avenir Formation",
        "",
        "18 boulevard Gambetta",
        "10000",
        "Troyes",
        "10",
        "RNCP34147 Conducteur de transport en commun sur route",
    ),
    (
        108,
        "Haute-Marne Compétences",
        "",
        "2 rue Victoire de la Marne",
        "52000",
        "Chaumont",
        "52",
        "RNCP4495 Accompagnant éducatif et social",
    ),
    (
        109,
        "Meuse Transitions Métiers",
        "",
        "11 rue Mazel",
        "55100",
        "Verdun",
        "55",
        "RNCP35992 Agent de propreté et d'hygiène",
    ),
    (
        110,
        "Vosges Formations Santé",
        "",
        "7 quai de Juillet",
        "88000",
        "Épinal",
        "88",
        "RNCP36004 Aide-soignant",
    ),
    (
        111,
        "Centre de Formation du Rhin",
        "",
        "9 rue des Clefs",
        "68000",
        "Colmar",
        "68",
        "RNCP35637 Cuisinier",
    ),
    (
        112,
        "Com'Expert Formation",
        "",
        "14 rue de Paris",
        "57100",
        "Thionville",
        "57",
        "RNCP34079 Développeur web et web mobile",
    ),
]
EXPIRED_SEED = 111
WITHDRAWN_SEED = 112

ACCOUNTS = [
    ("qualite@transitionspro-demo.example.org", roles.QUALITY_OFFICER, None),
    ("analyste@transitionspro-demo.example.org", roles.PATH_ANALYST, None),
    ("commission@transitionspro-demo.example.org", roles.COMMISSION, None),
    ("admin@transitionspro-demo.example.org", roles.ADMINISTRATOR, None),
    ("direction@atelier-champagne.example.org", roles.OF_MEMBER, 101),
    ("contact@alsace-sud-formation.example.org", roles.OF_MEMBER, 104),
]


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it is a demo document."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def load(context: dict) -> None:
    """Load (or complete) the demo data; fills context["organisations"] (by seed) and context["users"] (by role)."""
    first = CharterEdition.objects.filter(version="2021").first() or services.save_edition(
        CharterEdition(
            title="Charte d'engagement — les bonnes pratiques au cœur des parcours",
            version="2021",
            valid_from=datetime.date(2021, 6, 1),
            valid_until=datetime.date(2022, 12, 31),
            document=ContentFile(
                demo_pdf("Charte d'engagement 2021-2022 (demo)"), name="charte.pdf"
            ),
        ),
        None,
    )
    second_end = max(datetime.date(2027, 12, 31), datetime.date(today().year + 1, 12, 31))
    second = CharterEdition.objects.filter(version="2025").first() or services.save_edition(
        CharterEdition(
            title="Charte d'engagement — édition révisée",
            version="2025",
            valid_from=datetime.date(2025, 1, 1),
            valid_until=second_end,
            document=ContentFile(
                demo_pdf("Charte d'engagement, edition revisee (demo)"), name="charte.pdf"
            ),
        ),
        None,
    )
    by_seed = context.setdefault("organisations", {})
    for seed, legal, trade, address, postcode, city, dep, certifications in ORGANISATIONS:
        organisation = Organisation.objects.filter(siret=make_siret(seed)).first()
        if organisation is None:
            slug = (trade or legal).split()[0].lower().replace("'", "")
            organisation = services.save_organisation(
                Organisation(
                    legal_name=legal,
                    trade_name=trade,
                    siret=make_siret(seed),
                    nda=make_nda(seed, dep),
                    address=address,
                    postcode=postcode,
                    city=city,
                    departement=dep,
                    website=f"https://www.{slug}-formation.example.org",
                    contact_name="Responsable des dossiers PTP",
                    contact_email=f"dossiers@{slug}.example.org",
                    qualiopi_certified=True,
                    qualiopi_date=datetime.date(2021, 3, 1),
                    certifications=certifications,
                    public_description=f"Organisme de formation à {city}, signataire de la charte "
                    "d'engagement : parcours individualisés, modulaires et hybrides.",
                ),
                None,
            )
        by_seed[seed] = organisation

    for index, (seed, organisation) in enumerate(by_seed.items()):
        place = organisation.city
        if seed != WITHDRAWN_SEED:
            _sign(
                organisation,
                first,
                place,
                datetime.date(2021, 7, 1) + datetime.timedelta(days=9 * index),
            )
        if seed != EXPIRED_SEED:
            _sign(
                organisation,
                second,
                place,
                datetime.date(2025, 2, 3) + datetime.timedelta(days=11 * index),
            )

    quality = None
    users = context.setdefault("users", {})
    for email, role, member_of in ACCOUNTS:
        user, _created = account_services.create_or_update_user(
            email, role, organisation=by_seed.get(member_of), password=DEMO_PASSWORD
        )
        users.setdefault(role, user)
        if role == roles.QUALITY_OFFICER:
            quality = user
            user.first_name, user.last_name = "Chargée", "Qualité"
            user.save()

    breached = by_seed[WITHDRAWN_SEED]
    if not breached.controls.exists():
        control = services.open_control(
            CommunicationControl(
                organisation=breached,
                opened_on=datetime.date(2025, 9, 8),
                medium=CommunicationControl.Medium.SOCIAL_POST,
                seen_description="Publication présentant l'organisme comme « certifié par Transitions Pro ».",
                evidence_url="https://social.example.org/comexpert/123",
            ),
            quality,
        )
        services.conclude_control(
            control.pk,
            CommunicationControl.Outcome.BREACH,
            "La publication présente la charte comme une certification : communication non conforme.",
            quality,
        )
    compliant_org = by_seed[102]
    if not compliant_org.controls.exists():
        control = services.open_control(
            CommunicationControl(
                organisation=compliant_org,
                opened_on=datetime.date(2025, 10, 2),
                medium=CommunicationControl.Medium.BROCHURE,
                seen_description="Plaquette 2025 mentionnant la charte.",
                evidence_url="https://www.competences-formation.example.org/plaquette",
            ),
            quality,
        )
        services.conclude_control(
            control.pk,
            CommunicationControl.Outcome.COMPLIANT,
            "La plaquette reprend les principes partagés de la charte.",
            quality,
        )


def _sign(organisation, edition, place, signed_on):
    if Signature.objects.filter(organisation=organisation, edition=edition).exists():
        return
    services.save_signature(
        Signature(
            organisation=organisation,
            edition=edition,
            place=place,
            signed_on=signed_on,
            of_signatory_name="Direction de l'organisme",
            of_signatory_function="Directeur·rice",
            tp_signatory_name="Direction de Transitions Pro Grand Est",
            tp_signatory_function="Directeur",
            document=ContentFile(
                demo_pdf(f"Charte signee - {organisation.siret}"), name="signature.pdf"
            ),
        ),
        None,
    )
