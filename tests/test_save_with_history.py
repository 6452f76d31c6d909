"""Every write names who acted (and why) in the record's history, through one helper
(charter_portal.history): the services of organisms, paths, the commission, alerts and reports
call it, so the history page shows the same « who » and « why » whatever the record."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from alerts import services as alert_services
from charter_portal.history import delete_with_history, save_with_history
from organisms import services as organism_services
from organisms.models import CommunicationControl
from paths import commission
from paths import services as path_services
from paths.models import CommissionSession, Lever
from tests.factories import AlertFactory, ControlFactory, LeverFactory, PathProposalFactory

pytestmark = pytest.mark.django_db


def test_the_history_row_names_the_user_and_the_reason(quality_officer):
    session = save_with_history(
        CommissionSession(held_on=datetime.date(2022, 6, 21)), quality_officer, "Calendrier 2022"
    )

    row = session.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        quality_officer,
        "Calendrier 2022",
    )


def test_without_a_reason_the_row_has_none(quality_officer):
    session = save_with_history(
        CommissionSession(held_on=datetime.date(2022, 6, 21)), quality_officer
    )

    assert session.history.get().history_change_reason is None


def test_an_invalid_record_is_refused_and_nothing_is_saved(quality_officer):
    CommissionSession.objects.create(held_on=datetime.date(2022, 6, 21))

    with pytest.raises(ValidationError) as refused:
        save_with_history(CommissionSession(held_on=datetime.date(2022, 6, 21)), quality_officer)

    assert "held_on" in refused.value.message_dict  # the date is unique
    assert CommissionSession.objects.count() == 1


def test_only_the_fields_named_are_written(quality_officer):
    session = CommissionSession.objects.create(
        held_on=datetime.date(2022, 6, 21), notes="Ordre du jour"
    )
    session.title = "Commission de juin"
    session.notes = "changed in memory only"

    save_with_history(session, quality_officer, "titre", update_fields=["title"])

    stored = CommissionSession.objects.get(pk=session.pk)
    assert (stored.title, stored.notes) == ("Commission de juin", "Ordre du jour")
    assert stored.history.first().history_user == quality_officer


def test_a_deletion_names_the_user_and_the_reason(member_a, org_a):
    lever = LeverFactory(proposal=PathProposalFactory(organisation=org_a))
    lever_id = lever.pk

    delete_with_history(lever, member_a, "Levier retiré")

    assert not Lever.objects.filter(pk=lever_id).exists()
    row = Lever.history.filter(id=lever_id).first()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "-",
        member_a,
        "Levier retiré",
    )


# The callers of the former copies (_save ×3, _stamp) still record who acted and why.


def test_opening_a_control_records_who_and_why(quality_officer, org_a):
    control = ControlFactory.build(organisation=org_a, opened_by=None)

    organism_services.open_control(control, quality_officer)

    row = CommunicationControl.history.get(id=control.pk)
    assert (row.history_user, row.history_change_reason) == (quality_officer, "Contrôle ouvert")


def test_a_commission_session_records_who(quality_officer):
    session = commission.save_session(
        CommissionSession(held_on=datetime.date(2022, 9, 20)), quality_officer
    )

    assert session.history.get().history_user == quality_officer


def test_an_alert_message_records_who(member_a, org_a):
    message = alert_services.post_message(AlertFactory(organisation=org_a), member_a, "Bien reçu.")

    assert message.history.get().history_user == member_a


def test_a_proposal_message_records_who(member_a, org_a):
    proposal = PathProposalFactory(organisation=org_a)

    message = path_services.post_message(proposal.pk, member_a, "Programme joint demain.")

    assert message.history.get().history_user == member_a


def test_the_history_names_its_authors_without_a_query_per_row(
    quality_officer, path_analyst, django_assert_max_num_queries
):
    """Each row names its author with their role: their groups are read with the rows, not once
    per row, however long the history."""
    from charter_portal.history import entries

    session = save_with_history(
        CommissionSession(held_on=datetime.date(2022, 6, 21)), quality_officer
    )
    for number in range(6):
        session.notes = f"version {number}"
        save_with_history(session, path_analyst if number % 2 else quality_officer)

    with django_assert_max_num_queries(3):  # the rows, their authors' groups (and spare)
        shown = entries(CommissionSession.history.filter(id=session.pk))
    assert len(shown) == 7
    assert any("(" in entry.who for entry in shown)  # « Prénom Nom (rôle) »
