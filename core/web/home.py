"""The home page: what each role does first.

Officers: "Update a victim", a crime look-up and their recent messages. Supervisors: the team's
latest messages and the records writes needing attention. VSCs: the directory's queue, services
due for review and translations in draft. Analysts: today's figures (counts only, no victim's
details). Admins see the supervisor's and the VSC's panels.
"""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from core import figures
from core.constants import Roles
from core.conversations import threads
from core.directory import editing
from core.messaging import attention
from core.models.messages import Message
from core.translations.review import review_counts, seed_drafts
from core.web import attention as attention_page
from core.web.access import current_mad

blueprint = Blueprint("home", __name__)

#: Which panels each role's home shows (besides the officer's "Update a victim").
PANELS = {
    Roles.OFFICER: ("recent",),
    Roles.SUPERVISOR: ("team", "records", "recent"),
    Roles.VSC: ("directory", "translations"),
    Roles.ANALYST: ("figures",),
    Roles.ADMIN: ("team", "records", "directory", "translations"),
}


def _translation_drafts(mad, session):
    """``[(language code, sentences in draft or missing)]`` for each victims' language."""
    seed_drafts(mad)
    templates = list(mad.templates.values())
    found = []
    for info in mad.locales:
        if info.code == "en":
            continue
        counts = review_counts(mad, session, templates, info.code)
        waiting = sum(c["draft"] + c["missing"] for c in counts.values())
        found.append((info.code, waiting))
    return found


def _panels(mad, panels):
    data = {"attention": None, "force_attention": None}
    with mad.session() as session:
        if current_user.role in Roles.VICTIM_CONTACT:
            data["attention"] = attention.for_officer(session, current_user.id)
        if current_user.role in attention_page.VIEWERS:
            data["force_attention"] = attention.summary(session)["count"]
        if "recent" in panels:
            data["recent"] = session.scalars(
                select(Message).where(Message.created_by_id == current_user.id)
                .order_by(Message.created_at.desc()).limit(10)).all()
        if "team" in panels:
            data["team"] = figures.team_messages(session)
        if "records" in panels:
            data["records"] = figures.records_figures(session)
        if "directory" in panels:
            data["reports"] = editing.open_reports(session)[:5]
            data["overdue"] = editing.due_for_review(session)[:5]
            data["directory"] = figures.directory_figures(session)
        if "translations" in panels:
            data["drafts"] = _translation_drafts(mad, session)
        if "figures" in panels:
            data["messages"] = figures.message_figures(session)
            data["records"] = figures.records_figures(session)
            data["directory"] = figures.directory_figures(session)
        session.expunge_all()
    return data


@blueprint.get("/")
def index():
    """Home: the role's own starting points (see the module docstring)."""
    panels = PANELS.get(current_user.role, ())
    can_contact = current_user.role in Roles.VICTIM_CONTACT
    replies = threads.new_replies(current_mad(), current_user.id) if can_contact else []
    return render_template("home.html", panels=panels, can_contact=can_contact, new_replies=replies,
                           **_panels(current_mad(), panels))
