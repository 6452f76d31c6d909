"""Every date a person types lies between 2000 and 2100 (issue 13, after issue 9's proposals and
alerts): a typo such as 0201 or 9999 is refused on its field — by the model (so the admin, the
forms and the API agree), next to the field in the page, and named in the API's 400 — instead of
being saved and later breaking indicators, sorting and reminders. One validator,
`charter_portal.dates.validate_plausible_date`."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import TraineeLink
from charter_portal.dates import validate_plausible_date
from organisms.models import CharterEdition
from paths import commission
from paths.models import DecisionOutcome, DecisionReason, RefusalDialogue
from tests.dom import error_of
from tests.factories import CommissionSessionFactory, PathProposalFactory, proposal_at_commission

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Indiquez une date entre le 01/01/2000 et le 31/12/2100."

# (app label, model, field, what else the instance needs so that only the date is at stake)
TYPED_DATES = [
    ("organisms", "Organisation", "qualiopi_date", {"qualiopi_certified": True}),
    ("organisms", "CharterEdition", "valid_from", {}),
    ("organisms", "CharterEdition", "valid_until", {}),
    ("organisms", "Signature", "signed_on", {}),
    ("organisms", "CommunicationControl", "opened_on", {}),
    ("organisms", "CommunicationControl", "decided_on", {}),
    ("paths", "FundingRuleSet", "source_date", {}),
    ("paths", "FundingRuleSet", "valid_from", {}),
    ("paths", "FundingRuleSet", "valid_until", {}),
    ("paths", "SmicRate", "valid_from", {}),
    ("paths", "CommissionSession", "held_on", {}),
    ("paths", "PathProposal", "start_date", {}),
    ("paths", "PathProposal", "end_date", {}),
    ("paths", "PathProposal", "concerted_on", {}),
    ("paths", "RefusalDialogue", "contacted_on", {}),
    ("paths", "RefusalDialogue", "reason_stated_on", {}),
    ("paths", "RefusalDialogue", "expectations_shared_on", {}),
    ("alerts", "Alert", "observed_on", {}),
    ("alerts", "TraineeLink", "expires_on", {}),
    ("reports", "InterimReview", "period_start", {}),
    ("reports", "InterimReview", "period_end", {}),
    ("reports", "AnnualReport", "period_start", {}),
    ("reports", "AnnualReport", "period_end", {}),
    ("reports", "AnnualReportRequest", "period_start", {}),
    ("reports", "AnnualReportRequest", "period_end", {}),
    ("reports", "DialogueMeeting", "held_on", {}),
    ("reports", "DialogueMeeting", "period_start", {}),
    ("reports", "DialogueMeeting", "period_end", {}),
]

# dates the portal writes itself (the day of an action, a computed deadline), never typed
WRITTEN_BY_THE_PORTAL = {
    ("organisms", "Signature", "withdrawn_on"),  # the day of the withdrawal
    ("alerts", "Alert", "ack_due_on"),  # computed from the service levels
    ("reminders", "ReminderSent", "due_on"),
    ("reminders", "ReminderSent", "sent_on"),
    ("retention", "Purge", "purged_on"),
    ("reports", "SnapshotSequence", "period_start"),  # copied from the report being generated
    ("reports", "SnapshotSequence", "period_end"),
}


def _model_date_fields():
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {
            "accounts",
            "alerts",
            "charter_portal",
            "exports",
            "organisms",
            "paths",
            "reminders",
            "reports",
            "retention",
        } or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                yield (model._meta.app_label, model.__name__, field.name)


def test_every_date_field_of_the_portal_is_in_the_list_or_written_by_the_portal():
    """A new date field must be added to TYPED_DATES (and bounded) or to WRITTEN_BY_THE_PORTAL."""
    typed = {(app, model, field) for app, model, field, _extra in TYPED_DATES}
    assert set(_model_date_fields()) == typed | WRITTEN_BY_THE_PORTAL


@pytest.mark.parametrize(("app", "model", "field", "extra"), TYPED_DATES)
@pytest.mark.parametrize("typo", [datetime.date(1999, 12, 31), datetime.date(2101, 1, 1)])
def test_a_date_outside_2000_2100_is_refused_on_its_field(app, model, field, extra, typo):
    instance = apps.get_model(app, model)(**extra, **{field: typo})
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    # a field may also break a rule of its own (a link's end in the past, a contact in the
    # future): the bound is said first
    assert error.value.message_dict[field][0] == OUT_OF_RANGE
    assert validate_plausible_date in instance._meta.get_field(field).validators


@pytest.mark.parametrize(("app", "model", "field", "extra"), TYPED_DATES)
def test_the_first_and_last_days_are_within_the_bounds(app, model, field, extra):
    for day in (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)):
        instance = apps.get_model(app, model)(**extra, **{field: day})
        try:
            instance.full_clean()
        except ValidationError as error:
            assert OUT_OF_RANGE not in error.message_dict.get(field, [])


# ---------------------------------------------------------------- what users see


def test_the_edition_form_shows_the_typo_next_to_the_field(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("organisms:edition_create"),
        {
            "title": "Charte",
            "version": "2026",
            "valid_from": "0201-01-01",
            "valid_until": "2027-12-31",
        },
    )
    assert error_of(response, "valid_from") == OUT_OF_RANGE
    assert not CharterEdition.objects.exists()


DAY = datetime.date(2022, 6, 21)


@pytest.fixture
def dialogue(org_a, path_analyst, on_day):
    on_day(DAY)
    session = CommissionSessionFactory(held_on=DAY)
    proposal = proposal_at_commission(session, organisation=org_a)
    decision = commission.record_decision(
        proposal.pk,
        path_analyst,
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
        comment="Le parcours ne mène pas au métier visé.",
    )
    on_day(DAY + datetime.timedelta(days=7))
    return decision.dialogue


def test_the_dialogue_contact_form_shows_the_typo_next_to_the_field(client, dialogue, path_analyst):
    client.force_login(path_analyst)
    response = client.post(
        reverse("paths:dialogue_step", args=[dialogue.pk, "contact"]),
        {
            "contact-contacted_on": "0022-06-23",
            "contact-contact_channel": "phone",
            "contact-contact_person": "Claire Dupont",
        },
    )
    assert error_of(response, "contact-contacted_on") == OUT_OF_RANGE
    assert RefusalDialogue.objects.get().contacted_on is None


def test_the_dialogue_api_names_the_field(dialogue, path_analyst):
    api = APIClient()
    api.force_authenticate(path_analyst)
    response = api.post(
        reverse("api:refusal-dialogue-steps", args=[dialogue.pk]),
        {"step": "contact", "contacted_on": "2202-06-23", "contact_channel": "phone"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["contacted_on"] == [OUT_OF_RANGE]
    assert RefusalDialogue.objects.get().contacted_on is None


def test_the_trainee_link_api_names_the_field(org_a, member_a):
    proposal = PathProposalFactory(organisation=org_a)
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post(
        "/api/v1/trainee-links/",
        {"proposal": proposal.pk, "expires_on": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["expires_on"] == [OUT_OF_RANGE]
    assert not TraineeLink.objects.exists()
