"""Due times: before the start of the next school day, in local time, whatever the clocks do."""

import pytest
from click.testing import CliRunner

from core.cli import main
from core.referrals.due import (
    CalendarFileError,
    next_school_day_start,
    parse_local,
    parse_start,
    read_term_calendar,
    school_calendar,
)

CHRISTMAS = "first_day,last_day,description\n2026-12-21,2027-01-01,Christmas holidays\n"


@pytest.mark.parametrize("incident, due", [
    ("2026-11-20T22:15", "2026-11-23T08:30:00+00:00"),   # Friday night → Monday
    ("2026-11-21T14:00", "2026-11-23T08:30:00+00:00"),   # Saturday afternoon → Monday
    ("2026-08-28T21:00", "2026-09-01T08:30:00+01:00"),   # Friday before the August bank holiday → Tuesday
    ("2026-05-24T23:59", "2026-05-26T08:30:00+01:00"),   # Sunday before the spring bank holiday
    ("2026-10-15T07:00", "2026-10-15T08:30:00+01:00"),   # 07:00 on a school day → that morning
    ("2026-10-15T08:30", "2026-10-16T08:30:00+01:00"),   # at the start itself → the next day
    ("2026-03-27T22:00", "2026-03-30T08:30:00+01:00"),   # clocks go forward on Sunday 29 March
    ("2026-10-23T20:00", "2026-10-26T08:30:00+00:00"),   # clocks go back on Sunday 25 October
    ("2026-10-25T01:30", "2026-10-26T08:30:00+00:00"),   # the hour that happens twice
])
def test_due_before_the_next_school_day(incident, due):
    assert next_school_day_start(parse_local(incident), school_calendar()).isoformat() == due


def test_christmas_holidays_from_the_calendar_file():
    calendar = school_calendar(read_term_calendar(CHRISTMAS))
    assert next_school_day_start(parse_local("2026-12-18T22:15"), calendar).isoformat() == "2027-01-04T08:30:00+00:00"
    # Without the calendar the Monday after is a school day.
    assert next_school_day_start(parse_local("2026-12-18T22:15"), school_calendar()).isoformat() == \
        "2026-12-21T08:30:00+00:00"


def test_an_incident_given_in_utc_is_read_in_london_time():
    # 07:15 UTC in summer is 08:15 in London: before the start, so due that morning.
    assert next_school_day_start(parse_local("2026-06-10T07:15+00:00"), school_calendar()).isoformat() == \
        "2026-06-10T08:30:00+01:00"


def test_a_later_school_day_start():
    due = next_school_day_start(parse_local("2026-10-15T08:45"), school_calendar(), parse_start("09:00"))
    assert due.isoformat() == "2026-10-15T09:00:00+01:00"


def test_bad_calendar_files_say_which_line_to_fix():
    with pytest.raises(CalendarFileError, match="line 3: write the days as dates"):
        read_term_calendar("first_day,last_day,description\n2026-12-21,2027-01-01,Christmas\n21/12/2026,,x\n")
    with pytest.raises(CalendarFileError, match="line 2: the holiday ends"):
        read_term_calendar("first_day,last_day,description\n2027-01-01,2026-12-21,backwards\n")
    with pytest.raises(CalendarFileError, match="header line"):
        read_term_calendar("2026-12-21,2027-01-01\n")


def test_the_command_prints_iso_8601_with_the_offset(tmp_path):
    calendar = tmp_path / "terms.csv"
    calendar.write_text(CHRISTMAS)
    runner = CliRunner()
    result = runner.invoke(main, ["encompass", "due-at", "2026-12-18T22:15", "--calendar", str(calendar)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2027-01-04T08:30:00+00:00"
    assert runner.invoke(main, ["encompass", "due-at", "2026-12-18T22:15"]).output.strip() == \
        "2026-12-21T08:30:00+00:00"
    bad = runner.invoke(main, ["encompass", "due-at", "18/12/2026 22:15"])
    assert bad.exit_code == 2 and "like 2026-12-18T22:15" in bad.output
