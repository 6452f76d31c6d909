"""Identifiers are validated, not just stored: SIRET (with La Poste's exception), NDA, RNCP/RS."""

import pytest
from django.core.exceptions import ValidationError

from organisms import services
from organisms.validators import (
    clean_siret,
    parse_certifications,
    validate_certifications,
    validate_nda,
)
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("73282932000074", "73282932000074"),  # a SIRET whose Luhn key is right
        ("732 829 320 00074", "73282932000074"),  # spaces as people type them
        ("35600000000048", "35600000000048"),  # La Poste's head office: plain Luhn
        (
            "35600000049837",
            "35600000049837",
        ),  # a La Poste establishment: digit sum multiple of 5, not Luhn
    ],
)
def test_valid_sirets_are_accepted(value, expected):
    assert clean_siret(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("73282932000075", "clé de contrôle"),
        ("35600000049838", "clé de contrôle"),  # La Poste, digit sum not a multiple of 5
        ("7328293200007", "14 chiffres"),
        ("732829320000745", "14 chiffres"),
        ("7328293200007A", "que des chiffres"),
        ("", "14 chiffres"),
    ],
)
def test_invalid_sirets_get_a_french_message(value, message):
    with pytest.raises(ValidationError) as excinfo:
        clean_siret(value)
    assert message in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["44670000000", "44 67 00000 00"])
def test_nda_of_eleven_digits_is_accepted(db, value, quality_officer):
    assert validate_nda(value) is None
    organisation = services.save_organisation(OrganisationFactory.build(nda=value), quality_officer)
    organisation.refresh_from_db()
    assert organisation.nda == "44670000000"  # stored without the spaces people type


@pytest.mark.parametrize("value", ["4467000000", "446700000001", "4467000000A", ""])
def test_nda_other_than_eleven_digits_is_refused(value):
    with pytest.raises(ValidationError, match="11 chiffres"):
        validate_nda(value)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("RNCP34567 Secrétaire assistant", ["RNCP34567"]),
        ("RS5080 Accompagner la création d'entreprise", ["RS5080"]),
        ("rncp123 titre en minuscules\n\nRS12345", ["RNCP123", "RS12345"]),
        ("", []),
    ],
)
def test_certification_codes_in_the_expected_format_pass(text, codes):
    assert validate_certifications(text) is None
    assert [code for code, _title in parse_certifications(text)] == codes


@pytest.mark.parametrize(
    ("text", "bad_code"),
    [
        ("RNCP Secrétaire", "RNCP"),
        ("RNCP1234567 trop long", "RNCP1234567"),
        ("RS12 trop court", "RS12"),
        ("RNCP34567 Bon\nCQP123 Pas un code RNCP/RS", "CQP123"),
    ],
)
def test_malformed_certification_codes_are_named_in_the_error(text, bad_code):
    with pytest.raises(ValidationError) as excinfo:
        validate_certifications(text)
    assert f"« {bad_code} »" in excinfo.value.messages[0]
