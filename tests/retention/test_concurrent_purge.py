"""Two purges run at the same moment (a slow run overtaken by the next day's, or the command
started by hand while the schedule runs it): each record is warned about once and erased once,
and neither run fails."""

import datetime

import time_machine

from charter_portal.models import OutboxEmail
from retention.models import Purge
from retention.services import purge_personal_data
from tests.concurrency import RACES_ON_POSTGRESQL, at_once
from tests.retention.test_purge_personal_data import PARIS, ended_path  # noqa: F401 - fixture

pytestmark = RACES_ON_POSTGRESQL


def twice_at_once(day: str) -> list:
    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(3), tzinfo=PARIS
    )
    with time_machine.travel(moment, tick=False):
        return at_once(lambda _: purge_personal_data(datetime.date.fromisoformat(day)), 2)


def test_two_runs_at_once_warn_once_and_erase_once(ended_path):  # noqa: F811 - the fixture
    proposal, alert, _kept, _files, _messages = ended_path
    twice_at_once("2025-03-01")
    assert OutboxEmail.objects.filter(template="emails/personal_data_warning").count() == 1

    outcomes = twice_at_once("2025-03-31")
    assert Purge.objects.count() == 2  # the proposal and its alert
    assert sorted(outcome.proposals for outcome in outcomes) == [0, 1]
