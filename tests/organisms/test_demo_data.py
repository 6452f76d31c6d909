"""`make demo` loads fictitious organisations with signatures in every state, and can run twice."""

from django.core.management import call_command

from accounts.models import User
from charter_portal import roles
from organisms.demo import DEMO_PASSWORD
from organisms.models import Organisation, Signature, SignatureStatus
from organisms.validators import clean_siret


def test_demo_data_loads_once_and_covers_every_state(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent

    organisations = list(Organisation.objects.all())
    assert len(organisations) == 12
    assert {org.departement for org in organisations} >= {
        "08",
        "10",
        "51",
        "52",
        "54",
        "55",
        "57",
        "67",
        "68",
        "88",
    }
    for org in organisations:
        assert clean_siret(org.siret) == org.siret
    statuses = {}
    for org in organisations:
        for signature in org.signatures.all():
            statuses.setdefault(signature.status(), set()).add(org.pk)
    assert len(statuses[SignatureStatus.ACTIVE]) == 10
    assert Organisation.objects.signatories().count() == 10
    assert len(statuses[SignatureStatus.WITHDRAWN]) == 1
    expired_only = statuses[SignatureStatus.EXPIRED] - statuses[SignatureStatus.ACTIVE]
    assert len(expired_only) == 1
    assert Signature.objects.filter(edition__version="2021").exists()

    for role in roles.ALL_ROLES:
        user = (
            User.objects.filter(memberships__isnull=False)
            if role == roles.OF_MEMBER
            else User.objects.filter(groups__name=role)
        ).first()
        assert user is not None, role
        assert user.check_password(DEMO_PASSWORD)
