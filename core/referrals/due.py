"""Due times "before the start of the next school day", and the term-holiday calendar file.

Operation Encompass must reach a child's school before the start of the next school day after
the incident. A school day is a working day of :class:`core.working_days.WorkingCalendar`
(weekends and bank holidays skipped) that is not in a term holiday; an incident before the start
of a school day is due that same morning. Times are local (Europe/London by default), so a due
time after the clocks change carries the new offset.

The term-holiday calendar is a CSV file VSCs keep (``first_day,last_day,description``, one
holiday or closure per line, ISO dates, both days included)::

    first_day,last_day,description
    2026-12-21,2027-01-01,Christmas holidays
    2027-02-15,2027-02-19,February half term
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.working_days import WorkingCalendar

DEFAULT_START = time(8, 30)
DEFAULT_TIMEZONE = "Europe/London"
CALENDAR_COLUMNS = ("first_day", "last_day", "description")


class CalendarFileError(ValueError):
    """The term-holiday file cannot be read; the message names the line and what to fix."""


@dataclass(frozen=True)
class Holiday:
    first_day: date
    last_day: date
    description: str = ""


def read_term_calendar(text):
    """Read a term-holiday CSV (see the module docstring); return a list of :class:`Holiday`.

    Called by ``mad encompass due-at --calendar``, ``mad encompass holidays import`` and the
    VSCs' upload. Raises :class:`CalendarFileError` listing every bad line.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CALENDAR_COLUMNS[:2] if c not in (reader.fieldnames or ())]
    if missing:
        raise CalendarFileError(
            f"The calendar needs a header line with the columns first_day,last_day,description (missing: "
            f"{', '.join(missing)})")
    holidays, problems = [], []
    for number, row in enumerate(reader, start=2):
        first, last = (row.get("first_day") or "").strip(), (row.get("last_day") or "").strip()
        if not first and not last:
            continue
        try:
            first_day = date.fromisoformat(first)
            last_day = date.fromisoformat(last or first)
        except ValueError:
            problems.append(f"line {number}: write the days as dates like 2026-12-21 (found {first!r}, {last!r})")
            continue
        if last_day < first_day:
            problems.append(f"line {number}: the holiday ends ({last_day}) before it starts ({first_day})")
            continue
        holidays.append(Holiday(first_day, last_day, (row.get("description") or "").strip()[:200]))
    if problems:
        raise CalendarFileError("The term-holiday calendar has problems:\n" + "\n".join(problems))
    return holidays


def school_calendar(holidays=(), subdivision="ENG"):
    """The :class:`WorkingCalendar` of school days: working days outside ``holidays``."""
    return WorkingCalendar(subdivision=subdivision,
                           closed_ranges=[(h.first_day, h.last_day) for h in holidays])


def parse_local(text, timezone=DEFAULT_TIMEZONE):
    """Read ``2026-12-18T22:15`` (local time) or a time with an offset; return it aware, in ``timezone``."""
    moment = datetime.fromisoformat(text)
    zone = ZoneInfo(timezone)
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def next_school_day_start(incident, calendar, start=DEFAULT_START, timezone=DEFAULT_TIMEZONE):
    """When a notification about an incident at ``incident`` (aware) is due: the start of the next school day.

    An incident before ``start`` on a school day is due that morning; otherwise at ``start`` on
    the first school day after the incident's date. Returns an aware datetime in ``timezone``
    (its offset is the one in force that morning, GMT or BST).
    """
    zone = ZoneInfo(timezone)
    local = incident.astimezone(zone)
    day = local.date()
    if not (calendar.is_working_day(day) and local.time() < start):
        day = calendar.next_working_day(day)
    return datetime.combine(day, start, tzinfo=zone)


def parse_start(text):
    """Read a school-day start like ``08:30``; raise ValueError saying how to write it."""
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"write the school-day start as a time like 08:30 (found {text!r})") from None


__all__ = ["CalendarFileError", "DEFAULT_START", "DEFAULT_TIMEZONE", "Holiday", "next_school_day_start",
           "parse_local", "parse_start", "read_term_calendar", "school_calendar"]
