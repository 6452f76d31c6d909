"""Shared fixtures: a user per role and two organisations, so isolation always has a neighbour."""

import datetime
import shutil
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches

from charter_portal import roles
from tests.factories import (
    CharterEditionFactory,
    MembershipFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

# A day inside the first edition's validity, for tests about "today".
DAY_IN_EDITION = datetime.date(2022, 3, 15)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True, scope="session")
def _clean_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the directory's pages are cached under a version read
    from the database, and a rolled-back test's history ids come back in the next one on SQLite."""
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def on_day():
    """Travel to a given day (Paris noon) for the rest of the test; states are computed from it."""
    travellers = []

    def _travel(day: datetime.date):
        traveller = time_machine.travel(
            datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=PARIS), tick=True
        )
        traveller.start()
        travellers.append(traveller)
        return day

    yield _travel
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def edition(db):
    return CharterEditionFactory(
        valid_from=datetime.date(2021, 6, 1), valid_until=datetime.date(2022, 12, 31)
    )


@pytest.fixture
def org_a(db):
    return OrganisationFactory(
        legal_name="Formations Alpha", city="Metz", postcode="57000", departement="57"
    )


@pytest.fixture
def org_b(db):
    return OrganisationFactory(
        legal_name="Beta Compétences", city="Mulhouse", postcode="68100", departement="68"
    )


@pytest.fixture
def member_a(org_a):
    return MembershipFactory(organisation=org_a, user__email="membre.a@alpha.example.org").user


@pytest.fixture
def member_b(org_b):
    return MembershipFactory(organisation=org_b, user__email="membre.b@beta.example.org").user


@pytest.fixture
def quality_officer(db):
    return UserFactory(email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER)


@pytest.fixture
def path_analyst(db):
    return UserFactory(email="analyste@transitionspro.example.org", role=roles.PATH_ANALYST)


@pytest.fixture
def commission_member(db):
    return UserFactory(email="commission@transitionspro.example.org", role=roles.COMMISSION)


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="admin@transitionspro.example.org", role=roles.ADMINISTRATOR, is_staff=True
    )


@pytest.fixture
def signed_a(org_a, edition):
    return SignatureFactory(
        organisation=org_a, edition=edition, signed_on=datetime.date(2021, 9, 15)
    )


@pytest.fixture
def signed_b(org_b, edition):
    return SignatureFactory(
        organisation=org_b, edition=edition, signed_on=datetime.date(2021, 10, 1)
    )
