"""The commissioned service's own wording: templates its staff draft and a VSC approves.

A template is a ``draft`` when written (or edited after approval) and can be sent only once a VSC
or admin ``approved`` it; a VSC may ``withdraw`` it. Every change (drafted, edited, approved,
withdrawn: who, what, when) is kept in ``partner_template_changes``. Every function takes a
session and leaves committing to its caller.
"""

import uuid

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from core.db import utcnow
from core.history import apply_changes, newest_first
from core.i18n import N_
from core.models.partner import PartnerTemplate, PartnerTemplateChange

#: A text of at most two segments of plain characters.
SMS_MAX = 306
TRACKED = ("title", "sms", "email_subject", "email_body")


class States:
    DRAFT = "draft"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    LABELS = {DRAFT: N_("Draft: waiting for a VSC to approve it"), APPROVED: N_("Approved"), WITHDRAWN: N_("Withdrawn")}


class Actions:
    DRAFTED = "drafted"
    EDITED = "edited"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    LABELS = {DRAFTED: N_("Drafted"), EDITED: N_("Edited"), APPROVED: N_("Approved"), WITHDRAWN: N_("Withdrawn")}


def _blank_to_none(value):
    return (value or "").strip() or None


class PartnerTemplateSchema(Schema):
    """The service's wording: a title and a text, an email (subject and body), or both."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=120, error="Enter a title of at most "
                                                                                       "120 characters"),
                          error_messages={"required": "Enter a title"})
    sms = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=SMS_MAX, error=f"Keep the text to {SMS_MAX} characters (two text messages) or fewer"))
    email_subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=200, error="Keep the email subject to 200 characters or fewer"))
    email_body = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=10000, error="Keep the email to 10,000 characters or fewer"))

    @validates_schema(skip_on_field_errors=False)
    def _one_channel(self, data, **kwargs):
        if bool(data.get("email_subject")) != bool(data.get("email_body")):
            field = "email_body" if data.get("email_subject") else "email_subject"
            raise ValidationError({field: ["An email needs both a subject and a body"]})
        if not data.get("sms") and not data.get("email_body"):
            raise ValidationError({"sms": ["Write the text message, the email, or both"]})


def load_template(values):
    """Validate the service's form (blank boxes are left out). Raises ``ValidationError`` per field."""
    cleaned = {name: _blank_to_none(values.get(name)) for name in TRACKED}
    if cleaned["title"] is None:
        del cleaned["title"]  # "Enter a title"
    return PartnerTemplateSchema().load(cleaned)


def _log(session, template, action, changes, who, who_id):
    session.add(PartnerTemplateChange(template_id=template.id, action=action, changes=changes, changed_by=who,
                                      changed_by_id=who_id))


def save_template(session, data, who, who_id=None, template_id=None):
    """Draft a new template or edit one; an edit of an approved template makes it a draft again.

    Called by the partner's template form. Returns ``(template, changed)``.
    """
    template = session.get(PartnerTemplate, template_id) if template_id else None
    created = template is None
    if created:
        template = PartnerTemplate(id=str(uuid.uuid4()), status=States.DRAFT)
        session.add(template)
    changes = apply_changes(template, {name: data.get(name) for name in TRACKED}, created)
    if changes and not created and template.status != States.DRAFT:
        changes["status"] = [template.status, States.DRAFT]
        template.status = States.DRAFT
    if changes:
        template.updated_at = utcnow()
        _log(session, template, Actions.DRAFTED if created else Actions.EDITED, changes, who, who_id)
    return template, bool(changes)


def set_state(session, template, state, who, who_id=None):
    """A VSC approves (``approved``) or withdraws (``withdrawn``) a template; raises ``ValueError`` otherwise."""
    actions = {States.APPROVED: Actions.APPROVED, States.WITHDRAWN: Actions.WITHDRAWN}
    if state not in actions:
        raise ValueError("Choose approve or withdraw")
    if template.status == state:
        return False
    _log(session, template, actions[state], {"status": [template.status, state]}, who, who_id)
    template.status = state
    template.updated_at = utcnow()
    return True


def all_templates(session):
    """Every template of the service, drafts first, then by title."""
    found = session.scalars(select(PartnerTemplate).order_by(PartnerTemplate.title)).all()
    order = {States.DRAFT: 0, States.APPROVED: 1, States.WITHDRAWN: 2}
    return sorted(found, key=lambda t: order.get(t.status, 3))


def approved(session):
    """The templates the service may send now (approved by a VSC), by title."""
    return session.scalars(select(PartnerTemplate).where(PartnerTemplate.status == States.APPROVED)
                           .order_by(PartnerTemplate.title)).all()


def history(session, template_id):
    """The template's changes, newest first."""
    return newest_first(session, PartnerTemplateChange, PartnerTemplateChange.template_id, template_id)
