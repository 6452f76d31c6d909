"""A signature is active from its date to the edition's end, expired after, withdrawn after a breach."""

import datetime

import pytest

from organisms.models import Organisation, Signature, SignatureStatus
from tests.factories import CharterEditionFactory, SignatureFactory

D = datetime.date


@pytest.fixture
def signature(db):
    edition = CharterEditionFactory(valid_from=D(2021, 6, 1), valid_until=D(2022, 12, 31))
    return SignatureFactory(edition=edition, signed_on=D(2021, 9, 15))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2021, 9, 14), SignatureStatus.UPCOMING),
        (D(2021, 9, 15), SignatureStatus.ACTIVE),  # in force from the signature date (C12)
        (D(2022, 12, 31), SignatureStatus.ACTIVE),  # until 31 December 2022 inclusive
        (D(2023, 1, 1), SignatureStatus.EXPIRED),
    ],
)
def test_status_follows_the_dates(signature, day, expected):
    assert signature.status(day) == expected
    assert set(Signature.objects.with_status(expected, day)) == {signature}
    listed = Organisation.objects.signatories(day).filter(pk=signature.organisation_id).exists()
    assert listed == (expected == SignatureStatus.ACTIVE)


def test_a_withdrawn_signature_is_withdrawn_from_its_withdrawal_day(signature):
    signature.withdrawn_on = D(2022, 4, 1)
    signature.save()
    assert signature.status(D(2022, 3, 31)) == SignatureStatus.ACTIVE
    assert signature.status(D(2022, 4, 1)) == SignatureStatus.WITHDRAWN
    assert signature.status(D(2023, 6, 1)) == SignatureStatus.WITHDRAWN  # not "expired"
    assert not Signature.objects.active(D(2022, 4, 1)).exists()
    assert list(Signature.objects.with_status(SignatureStatus.WITHDRAWN, D(2022, 4, 1))) == [
        signature
    ]


def test_renewing_on_a_newer_edition_keeps_the_organisation_active(signature):
    newer = CharterEditionFactory(
        version="2023", valid_from=D(2023, 1, 1), valid_until=D(2025, 12, 31)
    )
    renewal = SignatureFactory(
        organisation=signature.organisation, edition=newer, signed_on=D(2022, 12, 20)
    )
    day = D(2023, 3, 1)
    assert signature.status(day) == SignatureStatus.EXPIRED
    assert renewal.status(day) == SignatureStatus.ACTIVE
    assert signature.organisation.current_signature(day) == renewal


def test_the_same_edition_cannot_be_signed_twice(signature):
    from django.core.exceptions import ValidationError

    duplicate = Signature(
        organisation=signature.organisation,
        edition=signature.edition,
        place="Metz",
        signed_on=D(2021, 10, 1),
        of_signatory_name="A",
        of_signatory_function="B",
        tp_signatory_name="C",
        tp_signatory_function="D",
    )
    with pytest.raises(ValidationError, match="déjà signé cette édition"):
        duplicate.full_clean()


def test_a_signature_dated_after_the_edition_ended_is_refused(signature):
    from django.core.exceptions import ValidationError

    signature.signed_on = D(2023, 1, 2)
    with pytest.raises(ValidationError) as excinfo:
        signature.full_clean()
    assert "signed_on" in excinfo.value.message_dict
