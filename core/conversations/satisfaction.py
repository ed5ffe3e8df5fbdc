"""The satisfaction check sent when a crime is closed, its follow-up question, and the figures.

When a closing message (``[conversations] closing_templates``, by default the NFA template) has
been sent, the victim is sent a short check in their language by the same channel: "Reply 1 (very
dissatisfied) to 5 (very satisfied)". A reply of 1–5 to it is stored as the score, per crime with
the closing officer, their team and district, and is answered with one follow-up question whose
answer is stored too. One check per crime, however often the closing message is reported sent.
"""

import logging
import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.conversations.settings import conversation_settings
from core.models.conversations import SatisfactionCheck
from core.models.messages import Message
from core.models.people import User

log = logging.getLogger(__name__)

CHECK_TEMPLATE = "satisfaction_check"
FOLLOW_UP_TEMPLATE = "satisfaction_follow_up"
#: A score reply: one digit 1–5, in ASCII or Arabic-Indic digits, perhaps with a word or punctuation.
_SCORE = re.compile(r"^\D{0,12}([1-5])\D{0,40}$")


def score_of(text):
    """The score 1–5 in reply ``text``, or None when the reply is not one score."""
    digits = "".join(str(int(c)) if c.isdigit() else c for c in (text or "").strip())
    found = _SCORE.match(digits)
    return int(found.group(1)) if found else None


def after_closing_sent(mad, message_id):
    """Queue the satisfaction check after closing message ``message_id`` was sent; return its id or None.

    Called by :func:`queue_due`. Does
    nothing when the force turned checks off, the message does not close a crime, the crime
    already had a check, the victim's contact plan says no (hook ``satisfaction_check_wanted``),
    or the victim opted out.
    """
    from core.messaging.service import SendInvalid, prepare, queue

    settings = conversation_settings(mad.config)
    if not settings["satisfaction_check"] or CHECK_TEMPLATE not in mad.templates:
        return None
    with mad.session() as session:
        closing = session.get(Message, message_id)
        if closing is None or closing.template_id not in settings["closing_templates"] or not closing.recipient:
            return None
        if session.scalar(select(SatisfactionCheck.id).where(
                SatisfactionCheck.crime_reference == closing.crime_reference)) is not None:
            return None
        officer = session.get(User, closing.created_by_id) if closing.created_by_id else None
        check = SatisfactionCheck(crime_reference=closing.crime_reference, closing_message_id=closing.id,
                                  officer_id=closing.created_by_id, team=getattr(officer, "team", None),
                                  district=getattr(officer, "district", None), locale=closing.locale)
        request = {"crime_reference": closing.crime_reference, "kind": closing.kind, "recipient": closing.recipient,
                   "locale": closing.locale, "template_id": CHECK_TEMPLATE,
                   "idempotency_key": f"satisfaction-{closing.id}"}
    if mad.pm.hook.satisfaction_check_wanted(crime_reference=closing.crime_reference, message_id=closing.id,
                                             mad=mad) is False:
        _decided_not_to_ask(mad, check, "contact plan")
        return None
    try:
        prepared = prepare(mad, request)
    except SendInvalid as exc:  # opted out, say: no check, and say why in the log (no personal data)
        _decided_not_to_ask(mad, check, ",".join(sorted(exc.errors)))
        return None
    # Queue first: the idempotency key makes a second attempt (after a crash, or by another worker)
    # find the same message, so the check is sent once and never left unsent behind a stored row.
    message, _ = queue(mad, prepared, None)
    check.check_message_id = message.id
    try:
        with mad.session() as session:
            session.add(check)
    except IntegrityError:
        return None  # another worker stored the check for this crime first (the same message)
    return message.id


#: Closing messages older than this are not followed by a check (sent before checks were turned on).
RECENT_DAYS = 14


def queue_due(mad, limit=50):
    """Queue the satisfaction check for each recently sent closing message of a crime without one.

    Called on the conversations schedule (:mod:`core.conversations.schedule`). Working from what
    is stored, not from an event, means a crash between "sent" and the check loses nothing.
    Returns the ids of the checks' messages.
    """
    from datetime import timedelta

    from core.constants import MessageStatus
    from core.db import utcnow

    settings = conversation_settings(mad.config)
    if not settings["satisfaction_check"]:
        return []
    with mad.session() as session:
        ids = session.scalars(
            select(Message.id).outerjoin(SatisfactionCheck, SatisfactionCheck.crime_reference == Message.crime_reference)
            .where(Message.template_id.in_(settings["closing_templates"]),
                   Message.status.in_((MessageStatus.SENT, MessageStatus.DELIVERED)),
                   Message.created_at > utcnow() - timedelta(days=RECENT_DAYS), SatisfactionCheck.id.is_(None))
            .order_by(Message.created_at).limit(limit)).all()
    return [found for message_id in ids if (found := after_closing_sent(mad, message_id))]


def _decided_not_to_ask(mad, check, why):
    """Store a check that was not sent (no message), so the crime is not looked at again."""
    log.info("satisfaction check not sent", extra={"message_id": check.closing_message_id, "why": why})
    try:
        with mad.session() as session:
            session.add(check)
    except IntegrityError:
        pass


def check_for(session, message_id):
    """The check whose question ``message_id`` was (``"score"``) or whose follow-up (``"follow_up"``)."""
    found = session.scalar(select(SatisfactionCheck).where(SatisfactionCheck.check_message_id == message_id))
    if found is not None:
        return found, "score"
    found = session.scalar(select(SatisfactionCheck).where(SatisfactionCheck.follow_up_message_id == message_id))
    return (found, "follow_up") if found is not None else (None, None)


def send_follow_up(mad, check_id):
    """Queue the follow-up question after a score; return its message id (or None if it cannot go)."""
    from core.messaging.service import SendInvalid, prepare, queue

    with mad.session() as session:
        check = session.get(SatisfactionCheck, check_id)
        asked = session.get(Message, check.check_message_id) if check and check.check_message_id else None
        if asked is None or not asked.recipient or check.follow_up_message_id or FOLLOW_UP_TEMPLATE not in mad.templates:
            return None
        request = {"crime_reference": asked.crime_reference, "kind": asked.kind, "recipient": asked.recipient,
                   "locale": check.locale, "template_id": FOLLOW_UP_TEMPLATE,
                   "idempotency_key": f"satisfaction-follow-{check.id}"}
    try:
        message, _ = queue(mad, prepare(mad, request), None)
    except SendInvalid:
        return None
    with mad.session() as session:
        session.get(SatisfactionCheck, check_id).follow_up_message_id = message.id
    return message.id


#: Checks really sent (not those the contact plan or an opt-out stopped).
SENT = SatisfactionCheck.check_message_id.is_not(None)


def figures(mad):
    """Response rate and mean score by team, district and officer, and each answered crime.

    Called by the supervisors' satisfaction page. Returns a dict with ``overall`` and ``by_team``,
    ``by_district`` (lists of ``(name, sent, answered, mean)``) and ``answers`` (latest first).
    """
    def rollup(session, column):
        rows = session.execute(
            select(column, func.count(SatisfactionCheck.id), func.count(SatisfactionCheck.score),
                   func.avg(SatisfactionCheck.score))
            .where(SENT).group_by(column).order_by(column)
        ).all()
        return [(name or "Not recorded", sent, answered, round(float(mean), 1) if mean is not None else None)
                for name, sent, answered, mean in rows]

    with mad.session() as session:
        overall = session.execute(select(func.count(SatisfactionCheck.id), func.count(SatisfactionCheck.score),
                                         func.avg(SatisfactionCheck.score)).where(SENT)).one()
        answers = session.execute(
            select(SatisfactionCheck, User.display_name).outerjoin(User, User.id == SatisfactionCheck.officer_id)
            .where(SatisfactionCheck.score.is_not(None)).order_by(SatisfactionCheck.answered_at.desc()).limit(200)
        ).all()
        result = {
            "overall": (overall[0], overall[1], round(float(overall[2]), 1) if overall[2] is not None else None),
            "by_team": rollup(session, SatisfactionCheck.team),
            "by_district": rollup(session, SatisfactionCheck.district),
            "answers": [(check.crime_reference, name, check.team, check.district, check.score, check.follow_up_answer,
                         check.answered_at) for check, name in answers],
        }
    return result
