"""Working days: weekends, England-and-Wales bank holidays (``holidays``) and a force's closures.

Provisional copy of the shared calendar the lead is landing on main (same API); the version on
main replaces this file when the branches are merged.
"""

from datetime import date, timedelta

import holidays


class WorkingCalendar:
    """One calendar of working days for every due date."""

    def __init__(self, subdivision="ENG", closures=(), closed_ranges=()):
        self._holidays = holidays.country_holidays("GB", subdiv=subdivision)
        self._closures = {date.fromisoformat(str(d)) for d in closures}
        self._ranges = [(date.fromisoformat(str(a)), date.fromisoformat(str(b))) for a, b in closed_ranges]

    def is_working_day(self, d):
        """True unless ``d`` is a weekend, a bank holiday or a force closure."""
        if d.weekday() >= 5 or d in self._holidays or d in self._closures:
            return False
        return not any(a <= d <= b for a, b in self._ranges)

    def next_working_day(self, d):
        """The first working day strictly after ``d``."""
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, d, n):
        """``n`` working days after ``d`` (n=0: ``d`` if working, else the next working day)."""
        if n == 0:
            return d if self.is_working_day(d) else self.next_working_day(d)
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, a, b):
        """How many working days are after ``a`` up to and including ``b``."""
        count, d = 0, a
        while d < b:
            d += timedelta(days=1)
            count += self.is_working_day(d)
        return count


def calendar_for(runtime_or_config):
    """The calendar of a force, from ``[calendar]`` of its configuration."""
    config = getattr(runtime_or_config, "config", runtime_or_config)
    table = getattr(config, "calendar", None) or {}
    return WorkingCalendar(table.get("subdivision", "ENG"), table.get("closures", ()), table.get("closed_ranges", ()))
