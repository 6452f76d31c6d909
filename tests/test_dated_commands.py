"""The scheduled commands share one --date option (charter_portal.commands.DatedCommand): a day
given as YYYY-MM-DD, today by default, and a clear error naming the option otherwise."""

import datetime

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from charter_portal.commands import DatedCommand, day_option

COMMANDS = [("reminders", "send_reminders"), ("retention", "purge_personal_data")]


@pytest.mark.parametrize(("app", "name"), COMMANDS)
def test_the_scheduled_commands_share_the_dated_command(app, name):
    assert isinstance(load_command_class(app, name), DatedCommand)


@pytest.mark.parametrize(("app", "name"), COMMANDS)
def test_a_french_date_is_refused_with_the_option_named(app, name):
    with pytest.raises(CommandError, match=r"--date: '12/03/2026' is not a YYYY-MM-DD date"):
        call_command(name, "--date", "12/03/2026")


def test_the_day_is_the_one_given_or_today(on_day):
    on_day(datetime.date(2026, 3, 12))
    assert day_option("2026-02-28") == datetime.date(2026, 2, 28)
    assert day_option(None) == datetime.date(2026, 3, 12)
