"""Usage figures straight from the raw tables: messages by template, channel, language, team and day;
failures and reasons; services signposted; leaflets sent; active users; satisfaction; referrals.

Counted with GROUP BY over the messages table (its text is encrypted and never read here, except a
signposting message's service name). The pages and ``mad report usage`` read the same figures from
the daily rollups (:mod:`core.compliance.stored`), which :func:`message_counts` fills; these raw
functions are what the rollups are checked against, and the benchmark's baseline.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, literal_column, select

from core.constants import MessageStatus
from core.models.conversations import SatisfactionCheck
from core.models.messages import Message, MessageAttachment
from core.models.people import User
from core.models.referrals import Referral
from core.models.resources import Resource, ResourceSend

BREAKDOWNS = ("template", "channel", "language", "team", "district", "status")
_COLUMNS = {"template": Message.template_id, "channel": Message.kind, "language": Message.locale,
            "team": User.team, "district": User.district, "status": Message.status}
#: What a missing value is called, by breakdown (grouped in Python: PostgreSQL wants GROUP BY on the column).
_MISSING = {"team": "No team"}
NO_TEAM, NOT_RECORDED, NO_REASON, NOT_NAMED = "No team", "Not recorded", "No reason given", "Not named"


def window(start, end):
    """The UTC datetimes from the start of ``start`` to the end of ``end`` (dates, inclusive)."""
    return datetime.combine(start, time.min, UTC), datetime.combine(end + timedelta(days=1), time.min, UTC)


def _messages(start, end, team):
    since, until = window(start, end)
    query = (select().select_from(Message).outerjoin(User, User.id == Message.created_by_id)
             .where(Message.created_at >= since, Message.created_at < until))
    return _team_filter(query, team)


def _team_filter(query, team):
    if team is None:
        return query
    return query.where(User.team.is_(None)) if team == NO_TEAM else query.where(User.team == team)


def messages_by(session, start, end, breakdown, team=None):
    """Messages created from ``start`` to ``end`` counted by ``breakdown`` (one of :data:`BREAKDOWNS`).

    Returns ``[(value, count)]``, largest first.
    """
    column = _COLUMNS[breakdown]
    query = _messages(start, end, team).add_columns(column, func.count()).group_by(column)
    found = {}
    for value, count in session.execute(query).all():
        value = _MISSING.get(breakdown, NOT_RECORDED) if value is None else value
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
        found[reason or NO_REASON] = found.get(reason or NO_REASON, 0) + count
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def signposted(session, start, end, team=None):
    """Services signposted (``signposting`` messages) by service name: ``[(service, count)]``."""
    query = _messages(start, end, team).where(Message.template_id == "signposting").add_columns(Message.fields)
    found = {}
    for (fields,) in session.execute(query).all():
        name = (fields or {}).get("service_name") or NOT_NAMED
        found[name] = found.get(name, 0) + 1
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def referrals_by_type(session, start, end):
    """Referrals made from ``start`` to ``end`` by type: ``[(type, count)]``."""
    since, until = window(start, end)
    query = (select(Referral.type_name, func.count()).where(Referral.created_at >= since, Referral.created_at < until)
             .group_by(Referral.type_name))
    return sorted(((kind, count) for kind, count in session.execute(query).all()), key=lambda r: (-r[1], r[0]))


def _ranked(found):
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def _leaflet_queries(since, until, team):
    """Resources sent (by title) and files attached to signposting messages (by file name), in the window."""
    sent = (select(Message.created_at, User.team, User.district, Resource.title)
            .select_from(Message).join(ResourceSend, ResourceSend.message_id == Message.id)
            .join(Resource, Resource.id == ResourceSend.resource_id)
            .outerjoin(User, User.id == Message.created_by_id)
            .where(Message.created_at >= since, Message.created_at < until))
    attached = (select(Message.created_at, User.team, User.district, MessageAttachment.filename)
                .select_from(Message).join(MessageAttachment, MessageAttachment.message_id == Message.id)
                .outerjoin(User, User.id == Message.created_by_id)
                .where(Message.template_id == "signposting", Message.created_at >= since, Message.created_at < until))
    return _team_filter(sent, team), _team_filter(attached, team)


def leaflets(session, start, end, team=None):
    """Leaflets sent: resources from the library by title, and services' leaflets attached to signposting."""
    found = {}
    for query in _leaflet_queries(*window(start, end), team):
        for *_where, name in session.execute(query).all():
            found[name] = found.get(name, 0) + 1
    return _ranked(found)


def active_users(session, start, end, team=None):
    """``(by_role, by_team)``: users who sent at least one message in the period, counted by role and by team."""
    senders = _messages(start, end, team).add_columns(Message.created_by_id).where(
        Message.created_by_id.is_not(None)).distinct()
    return users_by_role_and_team(session, {uid for (uid,) in session.execute(senders).all()})


def users_by_role_and_team(session, user_ids):
    """Users ``user_ids`` counted by role and by team: ``([(role, n)], [(team, n)])``."""
    roles, teams = {}, {}
    ids = sorted(user_ids)
    for start in range(0, len(ids), 900):
        for role, team in session.execute(select(User.role, User.team).where(User.id.in_(ids[start:start + 900]))):
            roles[role] = roles.get(role, 0) + 1
            teams[team or NO_TEAM] = teams.get(team or NO_TEAM, 0) + 1
    return _ranked(roles), _ranked(teams)


def satisfaction(session, start, end, team=None):
    """Satisfaction checks answered in the period, by score (1 to 5): ``[(score, count)]``, highest score first."""
    since, until = window(start, end)
    query = (select(SatisfactionCheck.score, func.count()).where(
        SatisfactionCheck.answered_at >= since, SatisfactionCheck.answered_at < until,
        SatisfactionCheck.score.is_not(None)).group_by(SatisfactionCheck.score))
    if team is not None:
        query = query.where(SatisfactionCheck.team.is_(None) if team == NO_TEAM else SatisfactionCheck.team == team)
    return sorted(((str(score), count) for score, count in session.execute(query).all()), reverse=True)


def _day(column, dialect_name):
    """The UTC calendar day of timestamp ``column`` in SQL (PostgreSQL: a date; SQLite: ISO text)."""
    if dialect_name == "postgresql":
        return func.date(func.timezone(literal_column("'UTC'"), column))
    return func.date(column)


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def message_counts(session, since, until, team=None):
    """What messages from ``since`` to ``until`` count under: ``(day, team, district, breakdown, value, messages)``.

    Breakdowns: ``template``, ``channel``, ``language``, ``status`` (every message once in each),
    ``user`` (the sender's id), ``failure`` (the reason, failed messages), ``service`` (signposting)
    and ``leaflet``. Grouped in SQL, bar the service's name (in the encrypted fields). Called by
    :mod:`core.compliance.refresh` to fill ``usage_daily``.
    """
    day = _day(Message.created_at, session.bind.dialect.name)
    window_of = (Message.created_at >= since, Message.created_at < until)

    def grouped(column, *where):
        query = (select(day, User.team, User.district, column, func.count()).select_from(Message)
                 .outerjoin(User, User.id == Message.created_by_id).where(*window_of, *where)
                 .group_by(day, User.team, User.district, column))
        return session.execute(_team_filter(query, team)).all()

    breakdowns = (("template", Message.template_id, ()), ("channel", Message.kind, ()), ("language", Message.locale, ()),
                  ("status", Message.status, ()), ("user", Message.created_by_id, (Message.created_by_id.is_not(None),)),
                  ("failure", Message.failure_reason, (Message.status == MessageStatus.FAILED,)))
    for breakdown, column, where in breakdowns:
        for on, row_team, district, value, number in grouped(column, *where):
            missing = NO_REASON if breakdown == "failure" else NOT_RECORDED
            yield (_as_date(on), row_team or NO_TEAM, district or NOT_RECORDED, breakdown,
                   missing if value is None else str(value), number)
    signposting = (select(Message.created_at, User.team, User.district, Message.fields).select_from(Message)
                   .outerjoin(User, User.id == Message.created_by_id)
                   .where(Message.template_id == "signposting", *window_of))
    for created, row_team, district, fields in session.execute(_team_filter(signposting, team)):
        yield (created.date(), row_team or NO_TEAM, district or NOT_RECORDED, "service",
               (fields or {}).get("service_name") or NOT_NAMED, 1)
    for query in _leaflet_queries(since, until, team):
        for created, row_team, district, name in session.execute(query):
            yield created.date(), row_team or NO_TEAM, district or NOT_RECORDED, "leaflet", name, 1


def usage_report(session, start, end, team=None):
    """Every usage figure from the raw tables as one dict of lists of ``(value, count)`` (for JSON and CSV).

    The same keys as :func:`core.compliance.stored.usage_report` (which the pages read), bar
    ``first_update`` (from the victims' figures).
    """
    report = {f"messages_by_{b}": messages_by(session, start, end, b, team) for b in BREAKDOWNS}
    report["messages_by_day"] = [(d.isoformat(), n) for d, n in messages_by_day(session, start, end, team)]
    report["failures_by_reason"] = failures(session, start, end, team)
    report["services_signposted"] = signposted(session, start, end, team)
    report["leaflets_sent"] = leaflets(session, start, end, team)
    report["active_users_by_role"], report["active_users_by_team"] = active_users(session, start, end, team)
    report["satisfaction_scores"] = satisfaction(session, start, end, team)
    report["referrals_by_type"] = referrals_by_type(session, start, end)
    return report
