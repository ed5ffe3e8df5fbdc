"""``/-/plugins``: which plugins are loaded, their versions and the hooks each implements.

For admins and integrators (the codes of hooks and plugins are the point of this page).
"""

from flask import Blueprint, jsonify, render_template

from core.constants import Roles
from core.web.access import current_mad, roles_required

blueprint = Blueprint("plugins", __name__, url_prefix="/-")


@blueprint.get("/plugins")
@roles_required(Roles.ADMIN)
def index():
    """The plugins page for admins and integrators."""
    mad = current_mad()
    return render_template("plugins.html", plugins=mad.describe_plugins(),
                           channels=mad.channels, writers=mad.writers, providers=mad.directory_providers,
                           referral_types=mad.referral_types)


@blueprint.get("/plugins.json")
@roles_required(Roles.ADMIN)
def as_json():
    """The same list as JSON."""
    return jsonify(current_mad().describe_plugins())
