"""The home page: the one big button, and the user's recent messages."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from core.constants import Roles
from core.conversations import threads
from core.models.messages import Message
from core.web.access import current_mad

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    """Home: "Update a victim", a crime look-up, and the messages this user sent lately."""
    recent, replies = [], []
    if current_user.role in Roles.VICTIM_CONTACT:
        replies = threads.new_replies(current_mad(), current_user.id)
        with current_mad().session() as session:
            recent = session.scalars(
                select(Message).where(Message.created_by_id == current_user.id)
                .order_by(Message.created_at.desc()).limit(10)
            ).all()
    return render_template("home.html", recent=recent, new_replies=replies, can_contact=current_user.role in Roles.VICTIM_CONTACT)
