"""``/-/plugins``: which plugins are loaded, their versions and the hooks each implements."""

from flask import Blueprint, jsonify, render_template

from core.web.access import current_mad

blueprint = Blueprint("plugins", __name__, url_prefix="/-")


@blueprint.get("/plugins")
def index():
    """The plugins page for admins and integrators."""
    mad = current_mad()
    return render_template("plugins.html", plugins=mad.describe_plugins(),
                           channels=mad.channels, writers=mad.writers, providers=mad.directory_providers,
                           referral_types=mad.referral_types)


@blueprint.get("/plugins.json")
def as_json():
    """The same list as JSON."""
    return jsonify(current_mad().describe_plugins())
