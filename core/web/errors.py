"""Error pages that say what went wrong and what to do next."""

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def register(app):
    """Install the error handlers on ``app``."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_template(
            "error.html", title=_("The form could not be sent"),
            message=_("The form had expired or did not come from this site, so nothing was saved or sent. "
                      "Go back, reload the page and try again."),
        ), 400

    @app.errorhandler(403)
    def forbidden(exc):
        return render_template("error.html", title=_("You cannot see this page"),
                               message=_("Your role does not allow this. Ask your supervisor if you need it.")), 403

    @app.errorhandler(404)
    def not_found(exc):
        return render_template("error.html", title=_("Page not found"),
                               message=_("Check the address, or start again from the home page.")), 404

    @app.errorhandler(413)
    def too_large(exc):
        return render_template("error.html", title=_("That was too large"),
                               message=_("The form sent more data than allowed. Shorten it and try again.")), 413
