"""Factories build only what a test needs."""

import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from organisms.identifiers import make_nda, make_siret
from organisms.models import (
    CharterEdition,
    CommunicationControl,
    Membership,
    Organisation,
    Signature,
)

PASSWORD = "motdepasse-de-test-2022"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Organisme de formation {n}")
    siret = factory.Sequence(lambda n: make_siret(n + 1))
    nda = factory.Sequence(lambda n: make_nda(n + 1))
    address = "1 rue de la Gare"
    postcode = "51100"
    city = "Reims"
    departement = "51"
    contact_email = factory.Sequence(lambda n: f"contact{n}@of.example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class CharterEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterEdition
        django_get_or_create = ["version"]

    title = "Charte d'engagement — les bonnes pratiques au cœur des parcours"
    version = "2021"
    valid_from = datetime.date(2021, 6, 1)
    valid_until = datetime.date(2022, 12, 31)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    organisation = factory.SubFactory(OrganisationFactory)
    edition = factory.SubFactory(CharterEditionFactory)
    place = "Reims"
    signed_on = datetime.date(2021, 9, 15)
    of_signatory_name = "Claire Dupont"
    of_signatory_function = "Directrice"
    tp_signatory_name = "Jean Muller"
    tp_signatory_function = "Directeur"


class ControlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationControl

    organisation = factory.SubFactory(OrganisationFactory)
    opened_by = factory.SubFactory(UserFactory)
    medium = CommunicationControl.Medium.WEB_PAGE
    seen_description = "Page d'accueil présentant un « label Transitions Pro »."
    evidence_url = "https://of.example.org/label"


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ---------------------------------------------------------------- paths

from decimal import Decimal  # noqa: E402

from paths.models import (  # noqa: E402
    AWAITING_FEEDBACK,
    CommissionSession,
    Lever,
    LeverCode,
    PathModule,
    PathProposal,
    Schedule,
)


class PathProposalFactory(factory.django.DjangoModelFactory):
    """A draft proposal; use paths.workflow / paths.services to move it along."""

    class Meta:
        model = PathProposal

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"PP-2022-{n + 1:04d}")
    trainee_reference = factory.Sequence(lambda n: f"STG-{n:03d}")
    target_job = "Soudeur assembleur"
    certification_code = "RNCP35625"
    certification_title = "Soudeur assembleur industriel"
    start_date = datetime.date(2022, 9, 5)
    end_date = datetime.date(2023, 3, 31)
    schedule = Schedule.FULL_TIME
    centre_hours_in_person = Decimal("500")
    centre_hours_distance = Decimal("100")
    company_hours = Decimal("140")
    pedagogic_cost_ht = Decimal("12000.00")
    standard_hours = Decimal("900")
    standard_cost_ht = Decimal("16000.00")
    # the workflow keeps it; a proposal built already waiting for an answer waits since it was sent
    awaiting_feedback_since = factory.LazyAttribute(
        lambda proposal: (
            getattr(proposal, "submitted_at", None)
            if getattr(proposal, "status", None) in AWAITING_FEEDBACK
            else None
        )
    )


class LeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lever

    proposal = factory.SubFactory(PathProposalFactory)
    code = LeverCode.MODULARISATION
    explanation = "Deux modules dispensés au vu du positionnement."


class PathModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathModule

    proposal = factory.SubFactory(PathProposalFactory)
    name = "Lecture de plans"
    hours = Decimal("70")
    modality = "in_person"
    cost_ht = Decimal("1400.00")


class CommissionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionSession
        django_get_or_create = ["held_on"]

    held_on = datetime.date(2022, 6, 21)


# ---------------------------------------------------------------- commission and dialogues


def proposal_ready_for_commission(feedback_author=None, feedback_text=None, **kwargs):
    """A submitted proposal that received staff feedback: ready to be put on a session's list."""
    from django.utils import timezone

    from paths.models import Feedback, ProposalStatus

    now = timezone.now()
    proposal = PathProposalFactory(
        status=ProposalStatus.FEEDBACK_GIVEN, submitted_at=now, first_feedback_at=now, **kwargs
    )
    Feedback.objects.create(
        proposal=proposal,
        author=feedback_author or UserFactory(),
        text=feedback_text or "Parcours cohérent ; le coût horaire reste sous le plafond.",
    )
    return proposal


def proposal_at_commission(session, **kwargs):
    """A proposal on a session's list (status at_commission)."""
    from paths.models import ProposalStatus

    proposal = proposal_ready_for_commission(**kwargs)
    proposal.status = ProposalStatus.AT_COMMISSION
    proposal.commission_session = session
    proposal.save()
    return proposal


# ---------------------------------------------------------------- proposals: attachments, threads


class ProposalAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "paths.ProposalAttachment"

    proposal = factory.SubFactory(PathProposalFactory)
    kind = "programme"
    file = factory.django.FileField(filename="programme.pdf", data=PDF_BYTES)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "paths.Message"

    proposal = factory.SubFactory(PathProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = "Pouvez-vous préciser le rythme des modules à distance ?"


def ensure_signed(organisation):
    """Give an organisation with no signature at all one that is active on any day (edition
    valid 2000–2100), so it may file proposals (C13). An organisation that has signatures keeps
    them as they are: a test about C13 sets them itself."""
    if not organisation.signatures.exists():
        SignatureFactory(
            organisation=organisation,
            edition=CharterEditionFactory(
                version="test-permanente",
                valid_from=datetime.date(2000, 1, 1),
                valid_until=datetime.date(2100, 12, 31),
            ),
            signed_on=datetime.date(2000, 1, 1),
        )
    return organisation


def complete_draft(organisation, **kwargs):
    """A draft its OF could send now: a lever, a module, the standard path and the programme,
    from an organisation holding an active signature (see ensure_signed).

    Its reference comes from the real numbering, so it never clashes with the services' ones."""
    from django.utils import timezone

    from paths.workflow import next_reference

    ensure_signed(organisation)
    proposal = PathProposalFactory(
        organisation=organisation,
        reference=next_reference(timezone.localdate().year),
        **kwargs,
    )
    LeverFactory(proposal=proposal)
    PathModuleFactory(proposal=proposal)
    ProposalAttachmentFactory(proposal=proposal)
    return proposal


# ---------------------------------------------------------------- alerts

from django.utils import timezone  # noqa: E402

from alerts.deadlines import add_working_days  # noqa: E402
from alerts.models import Alert, AlertMessage, Category, TraineeLink  # noqa: E402

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


class AlertFactory(factory.django.DjangoModelFactory):
    """An open alert raised by its OF just now; use alerts.services to move it along."""

    class Meta:
        model = Alert

    organisation = factory.SubFactory(OrganisationFactory)
    trainee_reference = factory.Sequence(lambda n: f"STG-{n:03d}")
    category = Category.DROPOUT_RISK
    description = "Le stagiaire envisage d'arrêter : trajets trop longs depuis son domicile."
    created_at = factory.LazyFunction(timezone.now)
    ack_due_on = factory.LazyAttribute(
        lambda alert: add_working_days(timezone.localdate(alert.created_at), 2)
    )


class AlertMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertMessage

    alert = factory.SubFactory(AlertFactory)
    author = factory.SubFactory(UserFactory)
    body = "Nous proposons un passage en hybride deux jours par semaine."


class TraineeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TraineeLink

    proposal = factory.SubFactory(PathProposalFactory)
