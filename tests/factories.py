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
