"""Figures for the home pages: counts only, never a victim's details.

An analyst's home shows what exists today (messages by status, language and message, records
writes, the directory); a supervisor's the team's recent messages and the writes needing
attention; a VSC's the directory's queue and the translations still in draft.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from core import clock
from core.constants import WriteStatus
from core.directory import editing
from core.models.directory import DirectoryService
from core.models.messages import Message
from core.models.people import User
from core.models.records import RecordsWrite


def _since(day):
    """Midnight (UK) at the start of ``day`` (aware; the database column converts it to UTC)."""
    return datetime.combine(day, time(0, 0), clock.FORCE_TIMEZONE)


def _grouped(session, column, since):
    rows = session.execute(select(column, func.count()).where(Message.created_at >= since).group_by(column)).all()
    return sorted(((code, count) for code, count in rows), key=lambda row: (-row[1], row[0]))


def message_figures(session, today=None):
    """Messages stored today and in the last 7 days, and the last 7 days by status, language and message.

    Called by the analyst's and supervisor's home pages. Returns a dict of counts and ``(code, count)`` lists.
    """
    today = today or clock.today()
    week = _since(today - timedelta(days=6))
    count = lambda since: session.scalar(select(func.count()).select_from(Message).where(Message.created_at >= since))  # noqa: E731
    return {
        "today": count(_since(today)),
        "week": count(week),
        "by_status": _grouped(session, Message.status, week),
        "by_language": _grouped(session, Message.locale, week),
        "by_template": _grouped(session, Message.template_id, week),
    }


def records_figures(session):
    """How many records writes are written, waiting and failed (all time)."""
    rows = dict(session.execute(select(RecordsWrite.status, func.count()).group_by(RecordsWrite.status)).all())
    return {status: rows.get(status, 0) for status in WriteStatus.ALL}


def directory_figures(session, today=None):
    """Services shown to officers, due for review, and reports waiting for a VSC."""
    today = today or clock.today()
    active = session.scalar(select(func.count()).select_from(DirectoryService).where(DirectoryService.status == "active"))
    return {"active": active, "due_for_review": len(editing.due_for_review(session, today)),
            "reports": len(editing.open_reports(session))}


def team_messages(session, limit=15):
    """The latest messages anyone sent, with who sent them (a supervisor's team list): no recipients.

    Returns ``[(Message, sender's display name)]``, newest first.
    """
    return session.execute(
        select(Message, User.display_name).join(User, User.id == Message.created_by_id, isouter=True)
        .order_by(Message.created_at.desc()).limit(limit)
    ).all()
