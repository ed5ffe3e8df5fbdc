"""Working days: weekends, England-and-Wales bank holidays and a force's own closures."""

from datetime import date, datetime

import pytest

from core.config import ConfigError, parse_config
from core.testing import base_config
from core.working_days import WorkingCalendar, calendar_for

ENGLAND = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2026, 12, 2), True, "a Wednesday"),
        (date(2026, 12, 5), False, "a Saturday"),
        (date(2026, 12, 6), False, "a Sunday"),
        (date(2026, 12, 25), False, "Christmas Day"),
        (date(2026, 12, 28), False, "Boxing Day substitute (26th is a Saturday)"),
        (date(2027, 1, 1), False, "New Year's Day"),
        (date(2026, 4, 6), False, "Easter Monday"),
        (date(2026, 8, 31), False, "summer bank holiday in England"),
        (date(2026, 8, 3), True, "Scotland's summer holiday is not England's"),
    ],
)
def test_is_working_day_in_england_and_wales(day, working, why):
    assert ENGLAND.is_working_day(day) is working, why


def test_scotland_has_its_own_bank_holidays():
    scotland = WorkingCalendar(subdivision="SCT")
    assert not scotland.is_working_day(date(2026, 8, 3))
    assert scotland.is_working_day(date(2026, 8, 31))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 12, 2), 1, date(2026, 12, 3)),  # Wednesday + 1
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday + 1 skips the weekend
        (date(2026, 12, 2), 5, date(2026, 12, 9)),  # a working week
        (date(2026, 12, 23), 2, date(2026, 12, 29)),  # over Christmas and the Boxing Day substitute
        (date(2026, 12, 24), 5, date(2027, 1, 5)),  # over Christmas and New Year
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Maundy Thursday + 1: Good Friday and Easter Monday skipped
        (date(2026, 12, 5), 0, date(2026, 12, 7)),  # zero from a Saturday is the Monday
        (date(2026, 12, 2), 0, date(2026, 12, 2)),  # zero from a working day is that day
    ],
)
def test_add_working_days(start, n, due):
    assert ENGLAND.add_working_days(start, n) == due


def test_add_working_days_accepts_datetimes_and_refuses_negative():
    assert ENGLAND.add_working_days(datetime(2026, 12, 4, 22, 15), 1) == date(2026, 12, 7)
    with pytest.raises(ValueError):
        ENGLAND.add_working_days(date(2026, 12, 2), -1)


def test_working_days_between_counts_after_start_up_to_end():
    assert ENGLAND.working_days_between(date(2026, 12, 23), date(2026, 12, 31)) == 4  # 24th, 29th, 30th, 31st
    assert ENGLAND.working_days_between(date(2026, 12, 9), date(2026, 12, 2)) == 0


def test_force_closures_and_ranges_are_not_working_days():
    force = WorkingCalendar(closures=["2026-12-24"], closed_ranges=[["2026-12-29", "2026-12-31"]])
    assert not force.is_working_day(date(2026, 12, 24))
    assert not force.is_working_day(date(2026, 12, 30))
    assert force.add_working_days(date(2026, 12, 23), 1) == date(2027, 1, 4)


def test_bank_holiday_name_is_given_for_display():
    assert "Christmas" in ENGLAND.bank_holiday_name(date(2026, 12, 25))
    assert ENGLAND.bank_holiday_name(date(2026, 12, 2)) is None


def test_calendar_section_of_mad_toml(tmp_path):
    data = base_config()
    data["calendar"] = {"closures": ["2026-12-24"], "closed_ranges": [["2026-12-29", "2026-12-31"]]}
    config = parse_config(data, tmp_path, environ={"MAD_SECRET_KEY": "x" * 40})
    calendar = calendar_for(config)
    assert not calendar.is_working_day(date(2026, 12, 24))
    assert not calendar.is_working_day(date(2026, 12, 30))
    assert calendar.is_working_day(date(2027, 1, 4))


def test_default_calendar_when_the_section_is_absent(tmp_path):
    config = parse_config(base_config(), tmp_path, environ={"MAD_SECRET_KEY": "x" * 40})
    assert calendar_for(config).subdivision == "ENG"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"subdivision": "XX"}, "calendar.subdivision: must be one of ENG, WLS, SCT or NIR"),
        ({"closures": ["24/12/2026"]}, "write each closure as a date, for example 2026-12-24"),
        ({"closed_ranges": [["2026-12-31", "2026-12-29"]]}, "ends before it starts"),
        ({"closed_ranges": [["2026-12-31"]]}, "give a range as [first, last]"),
    ],
)
def test_bad_calendar_settings_stop_start_up_with_a_clear_message(tmp_path, section, message):
    data = base_config()
    data["calendar"] = section
    with pytest.raises(ConfigError) as caught:
        parse_config(data, tmp_path, environ={"MAD_SECRET_KEY": "x" * 40})
    assert message in str(caught.value)
