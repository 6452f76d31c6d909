"""Assigning a record and remembering visits are written once (charter_portal/assignment.py) and
behave the same for proposals and alerts: only staff holding the app's permission assign, only to
a colleague holding it, with the history's user; a visit returns the previous one's time."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alerts import services as alert_services
from alerts.models import AlertVisit
from paths import services as path_services
from paths.models import ProposalStatus, ProposalVisit
from tests.dom import texts
from tests.factories import AlertFactory, complete_draft

TABLES = {
    "proposals": {
        "services": path_services,
        "make": lambda org: complete_draft(org, status=ProposalStatus.SUBMITTED),
        "staff": "path_analyst",  # studies proposals
        "other_staff": "quality_officer",  # does not
        "not_a_colleague": "Cette personne n'étudie pas les propositions de parcours.",
        "visits": ProposalVisit,
        "page": "paths:proposal_assign",
        "done": "Proposition confiée à",
    },
    "alerts": {
        "services": alert_services,
        "make": lambda org: AlertFactory(organisation=org),
        "staff": "quality_officer",  # follows alerts
        "other_staff": "path_analyst",  # reads them only
        "not_a_colleague": "Cette personne ne suit pas les alertes.",
        "visits": AlertVisit,
        "page": "alerts:alert_assign",
        "done": "Alerte confiée à",
    },
}
table = pytest.mark.parametrize("name", list(TABLES))


@table
def test_staff_assign_and_unassign_with_history(request, name, org_a):
    case = TABLES[name]
    staff = request.getfixturevalue(case["staff"])
    record = case["make"](org_a)

    case["services"].assign(record.pk, staff, staff)
    record.refresh_from_db()
    assert record.assigned_to == staff
    last = record.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (staff, "assign")

    case["services"].assign(record.pk, staff, None)
    record.refresh_from_db()
    assert record.assigned_to is None


@table
def test_only_to_a_colleague_and_only_by_staff_who_may(request, name, org_a, member_a):
    case = TABLES[name]
    staff = request.getfixturevalue(case["staff"])
    other = request.getfixturevalue(case["other_staff"])
    record = case["make"](org_a)

    with pytest.raises(ValidationError) as refused:
        case["services"].assign(record.pk, staff, other)
    assert refused.value.message_dict == {"assigned_to": [case["not_a_colleague"]]}
    for outsider in (member_a, other):
        with pytest.raises(PermissionDenied):
            case["services"].assign(record.pk, outsider, staff)
    record.refresh_from_db()
    assert record.assigned_to is None


@table
def test_the_page_shows_the_refusal_next_to_the_field(request, client, name, org_a):
    case = TABLES[name]
    staff = request.getfixturevalue(case["staff"])
    other = request.getfixturevalue(case["other_staff"])
    record = case["make"](org_a)
    client.force_login(staff)

    response = client.post(reverse(case["page"], args=[record.pk]), {"assigned_to": other.pk})

    # the colleague list offers only those who may: the form refuses the choice, by the field
    assert response.status_code == 400
    assert texts(response, "//form[.//select[@name='assigned_to']]//p[@class='error']") == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    record.refresh_from_db()
    assert record.assigned_to is None
    taken = client.post(reverse(case["page"], args=[record.pk]), {"take": "1"}, follow=True)
    record.refresh_from_db()
    assert record.assigned_to == staff
    assert any(text.startswith(case["done"]) for text in texts(taken, "//div[@role='status']/p"))


@table
def test_a_visit_returns_the_previous_one(request, name, org_a):
    case = TABLES[name]
    staff = request.getfixturevalue(case["staff"])
    record = case["make"](org_a)
    first = datetime.datetime(2024, 5, 2, 9, 30, tzinfo=datetime.UTC)

    with time_machine.travel(first, tick=False):
        assert case["services"].record_visit(record, staff) is None  # the first time
    with time_machine.travel(first + datetime.timedelta(days=1), tick=False):
        assert case["services"].record_visit(record, staff) == first
    assert case["visits"].objects.filter(user=staff).count() == 1  # one mark per user and record


@table
def test_a_visit_reads_its_mark_once(request, name, org_a, django_assert_max_num_queries):
    """Every opening of a record's page moves the mark: one locked read and one write (with the
    transaction's savepoint), not a second read of the same row before them."""
    case = TABLES[name]
    staff = request.getfixturevalue(case["staff"])
    record = case["make"](org_a)
    case["services"].record_visit(record, staff)
    with django_assert_max_num_queries(4):
        case["services"].record_visit(record, staff)


def test_a_refusal_from_the_service_is_shown_next_to_the_field(rf, path_analyst):
    """Between the page and the save a colleague may lose the right: the service's words then
    stand by the field, and the page is shown again."""
    from charter_portal.assignment import assign_from_page

    request = rf.post("/", {"assigned_to": path_analyst.pk})
    request.user = path_analyst
    shown = []

    def refuse(pk, user, assignee):
        raise ValidationError({"assigned_to": "Cette personne n'étudie plus les propositions."})

    assign_from_page(
        request,
        type("Record", (), {"pk": 1})(),
        perm=path_services.ASSIGN_PERMISSION,
        assign=refuse,
        done="Confiée à %(name)s.",
        nobody="À personne.",
        to="/",
        page=shown.append,
    )
    (form,) = shown
    assert form.errors == {"assigned_to": ["Cette personne n'étudie plus les propositions."]}
