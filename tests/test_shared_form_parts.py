"""What every app's forms share lives once in charter_portal: the date picker (widgets.DateInput)
and the check that a trainee is never named by their social security number (validators)."""

import datetime
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from alerts.models import Alert
from charter_portal import validators, widgets
from paths.models import PathProposal

FORM_MODULES = [
    "organisms.forms",
    "paths.forms",
    "paths.views.simulator",
    "paths.commission_forms",
    "reports.forms",
    "alerts.forms",
]


@pytest.mark.parametrize("module", FORM_MODULES)
def test_every_form_module_uses_the_shared_date_picker(module):
    assert import_module(module).DateInput is widgets.DateInput


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_date_picker_shows_an_iso_date_in_every_language(language):
    """A French page would write 21/06/2022, which type="date" does not read: ISO always."""
    with translation.override(language):
        html = widgets.DateInput().render("held_on", datetime.date(2022, 6, 21))
    assert 'type="date"' in html
    assert 'value="2022-06-21"' in html


@pytest.mark.parametrize(
    "typed",
    [
        "1 85 05 78 006 084 36",  # a valid NIR with its key, spaced
        "185057800608436",  # the same, packed
        "2.85.05.2A.006.084",  # Corsica, dotted, without its key
        "1234567890123",  # thirteen digits in a row
    ],
)
def test_a_social_security_number_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        validators.validate_not_social_security_number(typed)
    assert refused.value.code == "social_security_number"
    assert "numéro de sécurité sociale" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["STG-042", "J.D.", "", "dossier 2022-17", "06 12 34 56 78"])
def test_a_reference_or_initials_are_accepted(typed):
    validators.validate_not_social_security_number(typed)  # raises nothing


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (PathProposal, "trainee_reference"),
        (Alert, "trainee_reference"),
        (Alert, "trainee_contact"),
    ],
)
def test_the_trainee_fields_use_the_shared_check(model, field):
    assert validators.validate_not_social_security_number in model._meta.get_field(field).validators
