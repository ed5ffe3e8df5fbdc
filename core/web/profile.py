""""Your settings": each user picks the language of the interface.

The choice is stored in ``users.locale``; until a user makes one, the browser's preferred
language (Accept-Language) is used (see ``core.app.select_locale``). Only languages that have
an interface catalogue are offered, so nobody picks a language and then reads English anyway.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from core.i18n import SOURCE_LOCALE
from core.models.people import User
from core.web.access import current_mad

blueprint = Blueprint("profile", __name__, url_prefix="/profile")
BROWSER_CHOICE = ""


def interface_locales(mad):
    """The offered locales the interface can be shown in: English and those with a ``messages`` catalogue.

    Called by the profile page and by ``core.app.select_locale``. Returns :class:`LocaleInfo` objects.
    """
    return [info for info in mad.locales if info.code == SOURCE_LOCALE or mad.ui_catalogue.has_catalogue(info.code)]


def _form(errors=None, chosen=None):
    languages = interface_locales(current_mad())
    chosen = current_user.locale if chosen is None else chosen
    return render_template("profile/show.html", languages=languages, chosen=chosen or BROWSER_CHOICE,
                           errors=errors or {}, saved=request.args.get("saved") == "1"), 400 if errors else 200


@blueprint.get("/")
def show():
    """The settings form (any signed-in user)."""
    return _form()


@blueprint.post("/")
def save():
    """Store the chosen interface language (or none: follow the browser) and show the page in it."""
    codes = [info.code for info in interface_locales(current_mad())]
    schema = Schema.from_dict({"locale": fields.String(required=True, validate=validate.OneOf(
        [BROWSER_CHOICE, *codes], error="Choose one of the languages listed"))})()
    try:
        data = schema.load({"locale": request.form.get("locale", "")})
    except ValidationError as exc:
        return _form({"locale": exc.messages["locale"][0]}, chosen=request.form.get("locale", ""))
    with current_mad().session() as session:
        user = session.get(User, current_user.id)
        user.locale = data["locale"] or None
    return redirect(url_for("profile.show", saved=1))
