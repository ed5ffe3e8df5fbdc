"""The access audit: who saw which victim's contact details or message text, and when.

Officers see crimes force-wide (that is how forces work), so every look is evidenced instead.
Each page that shows a victim's details calls :func:`record_access` once, in the same unit of work
that read them. The audit is append-only: the ORM refuses to change or delete a row, and only the
retention job (``[retention] access_audit_days``) removes old ones.
"""

from datetime import timedelta

from sqlalchemy import delete, event, func, select

from core.db import utcnow
from core.models.access_audit import AccessRecord


class AccessKinds:
    """What was looked at (stored in ``access_audit.what``)."""

    CRIME_PAGE = "crime page"
    MESSAGE_STATUS = "message status"
    SANDBOX = "sandbox"
    SANDBOX_EMAIL = "sandbox email"
    SANDBOX_ATTACHMENT = "sandbox attachment"
    REFERRAL = "referral"
    REFERRAL_COPY = "referral copy"
    EXPORT = "export"
    API = "api"


class AppendOnly(Exception):
    """Someone tried to change or delete an access audit row."""


def record_access(session, user, what, crime_reference=None, detail=None, quiet_seconds=0):
    """Record that ``user`` saw a victim's details (``what``, e.g. :attr:`AccessKinds.CRIME_PAGE`).

    One line on any page or export that shows contact details or message text::

        record_access(session, current_user, AccessKinds.CRIME_PAGE, reference)

    ``session`` is the caller's unit of work (committed with it); ``detail`` is a short note
    without victim data (e.g. a message id). With ``quiet_seconds`` a look the same user already
    made at the same thing that recently is not recorded again (a page that reloads itself while a
    message is sending). Returns the new row, or None when it was such a repeat.
    """
    if quiet_seconds:
        repeat = session.scalar(select(AccessRecord.id).where(
            AccessRecord.user_id == getattr(user, "id", None), AccessRecord.what == what,
            AccessRecord.crime_reference == crime_reference, AccessRecord.detail == detail,
            AccessRecord.at >= utcnow() - timedelta(seconds=quiet_seconds)).limit(1))
        if repeat is not None:
            return None
    row = AccessRecord(user_id=getattr(user, "id", None), user_email=getattr(user, "email", None) or "system",
                       user_role=getattr(user, "role", None) or "system", what=str(what)[:40],
                       crime_reference=(crime_reference or None) and str(crime_reference)[:40],
                       detail=(detail or None) and str(detail)[:200], at=utcnow())
    session.add(row)
    return row


def search_access(session, user_email=None, crime_reference=None, limit=500):
    """Audit rows for one user (email, any case) and/or one crime, newest first (at most ``limit``).

    Called by the supervisors' Access audit page.
    """
    query = select(AccessRecord).order_by(AccessRecord.at.desc(), AccessRecord.id.desc()).limit(limit)
    if user_email:
        query = query.where(func.lower(AccessRecord.user_email) == user_email.strip().lower())
    if crime_reference:
        query = query.where(AccessRecord.crime_reference == crime_reference)
    return session.scalars(query).all()


def purge_access_audit(mad, now=None):
    """Delete audit rows older than ``[retention] access_audit_days``; return how many.

    Called with the message retention purge (hourly by the dispatcher, and ``mad retention purge``).
    """
    cutoff = (now or utcnow()) - timedelta(days=mad.config.retention["access_audit_days"])
    with mad.session() as session:
        return session.execute(delete(AccessRecord).where(AccessRecord.at < cutoff)).rowcount


@event.listens_for(AccessRecord, "before_update")
def _no_updates(mapper, connection, target):
    raise AppendOnly("The access audit is append-only: a row cannot be changed.")


@event.listens_for(AccessRecord, "before_delete")
def _no_deletes(mapper, connection, target):
    raise AppendOnly("The access audit is append-only: rows leave only by the retention setting.")


__all__ = ["AccessKinds", "AppendOnly", "purge_access_audit", "record_access", "search_access"]
