"""Usage figures: messages by template, channel, language, team and day; failures and reasons;
resources sent; referrals.

Counted with GROUP BY over the messages table (its text is encrypted and never read here, except a
signposting message's service name). Called by the dashboard and ``mad report usage``.
"""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from core.constants import MessageStatus
from core.models.messages import Message
from core.models.people import User
from core.models.referrals import Referral
from core.models.resources import Resource, ResourceSend

BREAKDOWNS = ("template", "channel", "language", "team", "status")
_COLUMNS = {"template": Message.template_id, "channel": Message.kind, "language": Message.locale,
            "team": User.team, "status": Message.status}
#: What a missing value is called, by breakdown (grouped in Python: PostgreSQL wants GROUP BY on the column).
_MISSING = {"team": "No team"}


def window(start, end):
    """The UTC datetimes from the start of ``start`` to the end of ``end`` (dates, inclusive)."""
    return datetime.combine(start, time.min, UTC), datetime.combine(end + timedelta(days=1), time.min, UTC)


def _messages(start, end, team):
    since, until = window(start, end)
    query = (select().select_from(Message).outerjoin(User, User.id == Message.created_by_id)
             .where(Message.created_at >= since, Message.created_at < until))
    if team is not None:
        query = query.where(User.team == team)
    return query


def messages_by(session, start, end, breakdown, team=None):
    """Messages created from ``start`` to ``end`` counted by ``breakdown`` (one of :data:`BREAKDOWNS`).

    Returns ``[(value, count)]``, largest first.
    """
    column = _COLUMNS[breakdown]
    query = _messages(start, end, team).add_columns(column, func.count()).group_by(column)
    found = {}
    for value, count in session.execute(query).all():
        value = _MISSING.get(breakdown, "Not recorded") if value is None else value
        found[value] = found.get(value, 0) + count
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def messages_by_day(session, start, end, team=None):
    """Messages per day from ``start`` to ``end``: ``[(date, count)]`` with every day present (0 when none)."""
    since, until = window(start, end)
    found = {}
    query = _messages(start, end, team).add_columns(Message.created_at)
    for (created,) in session.execute(query).all():
        found[created.date()] = found.get(created.date(), 0) + 1
    days, day = [], start
    while day <= end:
        days.append((day, found.get(day, 0)))
        day += timedelta(days=1)
    return days


def failures(session, start, end, team=None):
    """Failed messages by reason: ``[(reason, count)]``, largest first."""
    query = (_messages(start, end, team).where(Message.status == MessageStatus.FAILED)
             .add_columns(Message.failure_reason, func.count()).group_by(Message.failure_reason))
    found = {}
    for reason, count in session.execute(query).all():
        found[reason or "No reason given"] = found.get(reason or "No reason given", 0) + count
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def signposted(session, start, end, team=None):
    """Services signposted (``signposting`` messages) by service name: ``[(service, count)]``."""
    query = _messages(start, end, team).where(Message.template_id == "signposting").add_columns(Message.fields)
    found = {}
    for (fields,) in session.execute(query).all():
        name = (fields or {}).get("service_name") or "Not named"
        found[name] = found.get(name, 0) + 1
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def referrals_by_type(session, start, end):
    """Referrals made from ``start`` to ``end`` by type: ``[(type, count)]``."""
    since, until = window(start, end)
    query = (select(Referral.type_name, func.count()).where(Referral.created_at >= since, Referral.created_at < until)
             .group_by(Referral.type_name))
    return sorted(((kind, count) for kind, count in session.execute(query).all()), key=lambda r: (-r[1], r[0]))


def resources_sent(session, start, end, team=None):
    """Resources from the library sent to victims, by resource title: ``[(title, count)]``, largest first."""
    query = (_messages(start, end, team).join(ResourceSend, ResourceSend.message_id == Message.id)
             .outerjoin(Resource, Resource.id == ResourceSend.resource_id)
             .add_columns(ResourceSend.resource_id, Resource.title, func.count())
             .group_by(ResourceSend.resource_id, Resource.title))
    found = {}
    for resource_id, title, count in session.execute(query).all():
        found[title or resource_id] = found.get(title or resource_id, 0) + count
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def usage_report(session, start, end, team=None):
    """Every usage figure as one dict of lists of ``(value, count)`` (for JSON and CSV)."""
    report = {f"messages_by_{b}": messages_by(session, start, end, b, team) for b in BREAKDOWNS}
    report["messages_by_day"] = [(d.isoformat(), n) for d, n in messages_by_day(session, start, end, team)]
    report["failures_by_reason"] = failures(session, start, end, team)
    report["services_signposted"] = signposted(session, start, end, team)
    report["resources_sent"] = resources_sent(session, start, end, team)
    report["referrals_by_type"] = referrals_by_type(session, start, end)
    return report
