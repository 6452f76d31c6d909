"""The one transition engine (charter_portal/transitions.py), tested once with both tables that use
it — proposals and alerts: a refused move says why in French with the code
`transition_not_allowed` and changes nothing; an allowed one saves the status with the history's
user and reason, records the move (who, when, from, to), and is read under a row lock so that
two people acting at once make one move."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.models import Alert, AlertStatus
from alerts.workflow import ALERTS
from charter_portal.transitions import TransitionNotAllowed, allowed_actions
from paths.models import ProposalStatus
from paths.workflow import PROPOSALS
from tests.factories import AlertFactory, OrganisationFactory, UserFactory, complete_draft


def _proposal(org, status):
    return complete_draft(org, status=status)


def _alert(org, status):
    alert = AlertFactory(organisation=org)
    Alert.objects.filter(pk=alert.pk).update(status=status)
    alert.refresh_from_db()
    return alert


# table -> how to make a record in a status, the actor's role, a legal move (from, action, to)
# with the history reason it leaves, and an illegal move with the words a user reads.
TABLES = {
    "proposals": {
        "workflow": PROPOSALS,
        "make": _proposal,
        "role": "path_analyst",
        "legal": (ProposalStatus.SUBMITTED, "start_review", ProposalStatus.IN_REVIEW),
        "reason": "start_review",  # proposals keep the action as the reason
        "illegal": (ProposalStatus.DRAFT, "start_review"),
        "refusal": "Action impossible : une proposition « Brouillon » ne peut pas être "
        "mise à l'étude.",
    },
    "alerts": {
        "workflow": ALERTS,
        "make": _alert,
        "role": "quality_officer",
        "legal": (AlertStatus.OPEN, "acknowledge", AlertStatus.ACKNOWLEDGED),
        "reason": "Prise en compte",  # alerts keep the new status's label
        "illegal": (AlertStatus.CLOSED, "close"),
        "refusal": "Action impossible : une alerte « Clôturée » ne peut pas être clôturée.",
    },
}
table = pytest.mark.parametrize("name", list(TABLES))


@table
def test_a_refused_move_says_why_and_changes_nothing(name, org_a):
    case = TABLES[name]
    status, action = case["illegal"]
    record = case["make"](org_a, status)
    history_before = record.history.count()
    actor = UserFactory(role=case["role"])

    with pytest.raises(TransitionNotAllowed) as refused:
        case["workflow"].transition(record.pk, action, actor)

    assert isinstance(refused.value, ValidationError)  # pages and API show it as such
    assert refused.value.messages == [case["refusal"]]
    assert refused.value.code == "transition_not_allowed"
    record.refresh_from_db()
    assert record.status == status
    assert not record.transitions.exists()
    assert record.history.count() == history_before


@table
def test_check_allowed_refuses_before_any_write_and_names_the_target(name, org_a):
    case = TABLES[name]
    source, action, target = case["legal"]
    assert case["workflow"].check_allowed(case["make"](org_a, source), action) == target
    status, illegal = case["illegal"]
    with pytest.raises(TransitionNotAllowed):
        case["workflow"].check_allowed(case["make"](org_a, status), illegal)


@table
def test_an_allowed_move_is_saved_with_its_history_and_recorded(name, org_a):
    case = TABLES[name]
    source, action, target = case["legal"]
    record = case["make"](org_a, source)
    history_before = record.history.count()
    actor = UserFactory(role=case["role"])

    moved = case["workflow"].transition(record.pk, action, actor, assigned_to=actor)

    record.refresh_from_db()
    assert (record.status, record.assigned_to) == (target, actor)  # the changes, same save
    assert moved.status == target
    assert record.history.count() == history_before + 1  # one save for the move and changes
    last = record.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (actor, case["reason"])
    (step,) = record.transitions.all()
    assert (step.action, step.from_status, step.to_status, step.by) == (
        action,
        source,
        target,
        actor,
    )
    assert step.history.get().history_user == actor


def test_each_table_dates_its_moves_its_own_way(org_a, path_analyst, quality_officer):
    """Proposals fill their first-time dates and the waiting clock; alerts who acted and when."""
    proposal = _proposal(org_a, ProposalStatus.SUBMITTED)
    PROPOSALS.transition(proposal.pk, "start_review", path_analyst)
    proposal.refresh_from_db()
    review = proposal.transitions.get()
    assert proposal.awaiting_feedback_since == review.at  # waiting for an answer
    assert proposal.first_feedback_at is None
    PROPOSALS.transition(proposal.pk, "give_feedback", path_analyst)
    proposal.refresh_from_db()
    feedback = proposal.transitions.get(action="give_feedback")
    assert proposal.first_feedback_at == feedback.at
    assert proposal.awaiting_feedback_since is None  # Transitions Pro has answered

    alert = _alert(org_a, AlertStatus.OPEN)
    ALERTS.transition(alert.pk, "acknowledge", quality_officer)
    alert.refresh_from_db()
    step = alert.transitions.get()
    assert (alert.acknowledged_at, alert.acknowledged_by) == (step.at, quality_officer)


def test_allowed_actions_follow_each_table_in_its_order():
    assert allowed_actions(ProposalStatus.DRAFT, PROPOSALS.table) == ["submit", "withdraw"]
    assert allowed_actions(ProposalStatus.FEEDBACK_GIVEN, PROPOSALS.table) == [
        "revise",
        "send_to_commission",
        "withdraw",
    ]
    assert allowed_actions(ProposalStatus.DECIDED, PROPOSALS.table) == []
    assert allowed_actions(AlertStatus.ACKNOWLEDGED, ALERTS.table) == ["follow_up", "close"]
    assert allowed_actions(AlertStatus.CLOSED, ALERTS.table) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@table
def test_the_status_is_read_under_a_row_lock(name, org_a):
    case = TABLES[name]
    source, action, _target = case["legal"]
    record = case["make"](org_a, source)
    model_table = case["workflow"].model._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        case["workflow"].transition(record.pk, action, UserFactory(role=case["role"]))
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and model_table in q["sql"]]
    assert reads[0].endswith("FOR UPDATE")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a server database")
@pytest.mark.django_db(transaction=True)
@table
def test_two_people_acting_at_once_make_one_move(name):
    case = TABLES[name]
    source, action, _target = case["legal"]
    record = case["make"](OrganisationFactory(), source)
    actors = [UserFactory(role=case["role"]), UserFactory(role=case["role"])]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        barrier.wait()
        try:
            case["workflow"].transition(record.pk, action, user)
            outcomes.append("moved")
        except TransitionNotAllowed as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["moved", "transition_not_allowed"]
    assert record.transitions.count() == 1
