"""One calendar of working days for every due date in the toolkit.

Victims' Code timescales ("within 5 working days"), Operation Encompass ("before the next school
day") and supervisors' ring-backs all count days the same way: weekends and England-and-Wales bank
holidays are not working days (from the ``holidays`` package, so next year's dates need no code
change), nor are the force's own closures. The force sets these in ``mad.toml``::

    [calendar]
    subdivision = "ENG"                          # holidays' UK subdivision: ENG, WLS, SCT, NIR
    closures = ["2026-12-24"]                   # single days the force counts as closed
    closed_ranges = [["2026-12-21", "2027-01-01"]]  # inclusive ranges, e.g. a term holiday

The running toolkit builds one :class:`WorkingCalendar` from that section (``mad.calendar``);
services take it as an argument so tests can pass their own.
"""

from datetime import date, datetime, timedelta

import holidays
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")


class DateRangeField(fields.List):
    """A ``[first, last]`` pair of ISO dates, both included."""

    def __init__(self, **kwargs):
        super().__init__(fields.Date(), validate=validate.Length(equal=2, error="give a range as [first, last]"), **kwargs)


class CalendarSchema(Schema):
    """The ``[calendar]`` section of ``mad.toml``."""

    subdivision = fields.String(
        load_default="ENG",
        validate=validate.OneOf(SUBDIVISIONS, error="must be one of ENG, WLS, SCT or NIR (the UK nation whose bank holidays apply)"),
        metadata={"description": "whose bank holidays apply: ENG (England and Wales default), WLS, SCT or NIR"},
    )
    closures = fields.List(
        fields.Date(error_messages={"invalid": "write each closure as a date, for example 2026-12-24"}),
        load_default=list,
        metadata={"description": "single days the force treats as closed"},
    )
    closed_ranges = fields.List(
        DateRangeField(),
        load_default=list,
        metadata={"description": "inclusive [first, last] ranges the force treats as closed"},
    )

    @validates_schema
    def _ranges_in_order(self, data, **kwargs):
        for first, last in data.get("closed_ranges", []):
            if last < first:
                raise ValidationError(
                    f"the range {first.isoformat()} to {last.isoformat()} ends before it starts: write [first, last]",
                    "closed_ranges",
                )


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days for due dates."""

    def __init__(self, subdivision="ENG", closures=(), closed_ranges=()):
        self.subdivision = subdivision
        self._bank_holidays = holidays.country_holidays("GB", subdiv=subdivision)
        self._closures = {_as_date(d) for d in closures}
        self._ranges = [(_as_date(a), _as_date(b)) for a, b in closed_ranges]

    def bank_holiday_name(self, day):
        """Return the bank holiday's name on ``day``, or None. Shown beside due dates that skip it."""
        return self._bank_holidays.get(_as_date(day))

    def is_working_day(self, day):
        """True when ``day`` is a weekday that is neither a bank holiday nor a force closure."""
        day = _as_date(day)
        if day.weekday() >= 5 or day in self._bank_holidays or day in self._closures:
            return False
        return not any(first <= day <= last for first, last in self._ranges)

    def next_working_day(self, day):
        """Return the first working day strictly after ``day``."""
        day = _as_date(day) + timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day, n):
        """Return the date ``n`` working days after ``day``.

        Called by due-date rules ("within 5 working days of the decision"). With ``n == 0`` it
        returns ``day`` when that is a working day, else the next working day. Negative ``n`` is
        refused: due dates never run backwards.
        """
        if n < 0:
            raise ValueError("n must be zero or more working days")
        day = _as_date(day)
        if n == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start, end):
        """Count working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        start, end = _as_date(start), _as_date(end)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def calendar_for(source):
    """Return the :class:`WorkingCalendar` for a toolkit, a :class:`~core.config.ForceConfig` or a
    loaded ``[calendar]`` dict. Called once by the runtime (``mad.calendar``) and by tests."""
    config = getattr(source, "config", source)
    section = getattr(config, "calendar", config)
    if section is None:
        section = CalendarSchema().load({})
    return WorkingCalendar(
        subdivision=section.get("subdivision", "ENG"),
        closures=section.get("closures", ()),
        closed_ranges=section.get("closed_ranges", ()),
    )
