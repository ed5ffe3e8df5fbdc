"""Dates and times as officers type them: ``27/3/2017`` or ``2017-03-27``; ``22:15`` or ``10.15pm``."""

import re
from datetime import date, datetime, time

from marshmallow import ValidationError, fields

UK_DATE = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$")
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


def parse_uk_date(text):
    """Read ``27/3/2017``, ``27-03-2017`` or ``2017-03-27``; return a date or raise ValueError."""
    text = (text or "").strip()
    if match := UK_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def parse_time(text):
    """Read ``22:15``, ``2215``, ``10:15pm`` or ``10.15 pm``; return a time or raise ValueError."""
    match = TIME.match(text or "")
    if not match:
        raise ValueError(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    return time(hour, minute)


class UKDate(fields.Field):
    """A date typed the British way; the error names the field and shows an example."""

    def __init__(self, what, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, date):
            return value
        try:
            return parse_uk_date(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Enter {self.what} as a real date, for example 27/3/2017") from None

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class ClockTime(fields.Field):
    """A time of day typed as ``22:15`` or ``10:15pm``."""

    def __init__(self, what, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, time):
            return value
        try:
            return parse_time(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Enter {self.what} as a 24-hour time, for example 22:15") from None

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%H:%M") if value else ""


def years_between(born, on):
    """Whole years of age on ``on`` for someone born on ``born``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


__all__ = ["ClockTime", "UKDate", "datetime", "parse_time", "parse_uk_date", "years_between"]
