""""Translations": VSCs see every template's wording in every language and record reviews.

Each translation shipped with the toolkit is a draft until a native speaker has checked it. A VSC
sees, per template and language, each sentence in English beside its translation and marks it
reviewed (recording who and when) or back to draft. Officers are warned on the preview before a
draft goes to a victim. Only VSCs and admins reach these pages.
"""

import re

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from core.constants import Roles
from core.i18n import SOURCE_LOCALE
from core.labels import humanise, label
from core.translations.review import (ReviewRefused, ReviewStatus, review_counts, review_items, seed_drafts,
                                      set_status, text_key)
from core.validation import plain_errors
from core.web.access import current_mad, roles_required

blueprint = Blueprint("translations", __name__, url_prefix="/translations")
REVIEWERS = (Roles.VSC, Roles.ADMIN)


class ReviewForm(Schema):
    """What the Mark reviewed / Back to draft buttons post."""

    msgid_key = fields.String(required=True, validate=validate.Regexp(
        r"^[0-9a-f]{64}$", error="The form was damaged: open the page again and press the button once more"))
    status = fields.String(required=True, validate=validate.OneOf(
        ReviewStatus.SETTABLE, error="Choose Mark reviewed or Back to draft"))


PLACEHOLDER = re.compile(r"(%\([A-Za-z_]\w*\)[sdif])")


def placeholder_pieces(text):
    """``[(is_placeholder, piece)]`` of ``text``, so the page can isolate each ``%(name)s``.

    Inside right-to-left text an unisolated ``%(name)s`` is drawn scrambled (``s(name)%``); the
    page wraps each placeholder in ``<bdi dir="ltr">`` so VSCs read it as the catalogue holds it.
    """
    return [(bool(PLACEHOLDER.fullmatch(piece)), piece) for piece in PLACEHOLDER.split(text) if piece]


def placeholder_name(template, name):
    """A placeholder's name in words: the template field's label, else the toolkit's own label."""
    field = template.fields().fields.get(name)
    if field is not None and field.metadata.get("label"):
        return _(field.metadata["label"])
    return label("placeholder", name)


def part_name(template, part):
    """What a sentence is for, in words: "Text message", or "A choice for “Progress”"."""
    if " = " not in part:
        return label("message_part", part)
    field_name = part.split(" = ", 1)[0]
    field = template.fields().fields.get(field_name)
    field_label = _(field.metadata["label"]) if field is not None and field.metadata.get("label") else humanise(field_name)
    return _("A sentence the officer can choose for “%(field)s”", field=field_label)


def _languages():
    return [info for info in current_mad().locales if info.code != SOURCE_LOCALE]


def _template_and_locale(template_id, locale):
    mad = current_mad()
    template = mad.templates.get(template_id)
    info = mad.locale(locale)
    if template is None or info is None or locale == SOURCE_LOCALE:
        abort(404)
    return template, info


@blueprint.get("/")
@roles_required(*REVIEWERS)
def index():
    """Every template × language with how many sentences are reviewed, draft or missing."""
    mad = current_mad()
    seed_drafts(mad)
    languages = _languages()
    templates = sorted(mad.templates.values(), key=lambda t: t.id)
    summary = {}
    with mad.session() as session:
        for info in languages:
            for template_id, counts in review_counts(mad, session, templates, info.code).items():
                summary[template_id, info.code] = counts
    return render_template("translations/index.html", templates=templates, languages=languages, summary=summary)


def _show(template, info, errors=None):
    mad = current_mad()
    with mad.session() as session:
        items = review_items(mad, session, template, info.code)
    return render_template("translations/show.html", template=template, language=info, items=items,
                           errors=errors or {}, pieces=placeholder_pieces,
                           part_name=lambda part: part_name(template, part),
                           placeholder_name=lambda name: placeholder_name(template, name)), 400 if errors else 200


@blueprint.get("/<template_id>/<locale>")
@roles_required(*REVIEWERS)
def show(template_id, locale):
    """One template in one language: each sentence, English beside it, its status and the review buttons."""
    template, info = _template_and_locale(template_id, locale)
    return _show(template, info)


@blueprint.post("/<template_id>/<locale>")
@roles_required(*REVIEWERS)
def review(template_id, locale):
    """Mark one sentence reviewed by a native speaker, or back to draft; then show the page again."""
    template, info = _template_and_locale(template_id, locale)
    try:
        data = ReviewForm().load(request.form.to_dict(), unknown="exclude")
    except ValidationError as exc:
        return _show(template, info, plain_errors(ReviewForm(), exc.messages))
    msgid = next((m for m in template.msgids() if text_key(m) == data["msgid_key"]), None)
    if msgid is None:
        return _show(template, info, {"msgid_key": "That sentence is not part of this message: open the page again"})
    mad = current_mad()
    try:
        with mad.session() as session:
            set_status(mad, session, info.code, msgid, data["status"], current_user)
    except ReviewRefused as exc:
        return _show(template, info, {"msgid_key": str(exc)})
    anchor = f"#s-{data['msgid_key'][:12]}"
    return redirect(url_for("translations.show", template_id=template.id, locale=info.code) + anchor)
