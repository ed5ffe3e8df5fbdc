"""Today's date and time where the force works (Europe/London), for checks like "not in the past".

One place to ask, so tests can set the day (``monkeypatch.setattr(core.clock, "today", ...)``).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

FORCE_TIMEZONE = ZoneInfo("Europe/London")


def now():
    """The date and time now in the UK (aware)."""
    return datetime.now(FORCE_TIMEZONE)


def today():
    """Today's date in the UK."""
    return now().date()
