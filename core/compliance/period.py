"""The period and team a figures view is for, read from the URL (``?from=&to=&team=``) and checked."""

from datetime import date

from marshmallow import Schema, ValidationError, fields, validates_schema

from core.constants import Roles


def quarter_start(today):
    """The first day of ``today``'s calendar quarter."""
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


class PeriodSchema(Schema):
    start = fields.Date(data_key="from", load_default=None, error_messages={"invalid": "Enter the date as YYYY-MM-DD."})
    end = fields.Date(data_key="to", load_default=None, error_messages={"invalid": "Enter the date as YYYY-MM-DD."})
    team = fields.String(load_default=None)

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError("The end date must be on or after the start date.", "to")


def read_period(args, user, today=None):
    """``(start, end, team, errors)`` from query ``args``; a supervisor is held to their own team.

    Missing or wrong dates fall back to this quarter so far (errors says what was wrong, by field).
    """
    today = today or date.today()
    raw = {k: v for k, v in args.items() if k in ("from", "to", "team") and v}
    errors = {}
    try:
        loaded = PeriodSchema().load(raw)
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.messages.items()}
        loaded = PeriodSchema().load({k: v for k, v in raw.items() if k not in exc.messages and k != "from"
                                      and k != "to"} if "to" in exc.messages else
                                     {k: v for k, v in raw.items() if k not in exc.messages})
    start, end = loaded["start"] or quarter_start(today), loaded["end"] or today
    if end < start:
        start, end = quarter_start(today), today
    team = loaded["team"]
    if user.role == Roles.SUPERVISOR:
        team = user.team or ""
    return start, end, team, errors
