"""The app factory: configuration, plugins, extensions, blueprints and access control."""

import os
from pathlib import Path

from flask import Flask, current_app, redirect, request, url_for
from flask_babel import Babel, get_locale
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from core.api.setup import init_api, problems_outside_routes
from core.auth import oidc, sessions, throttle
from core.config import ConfigError, load_config
from core.labels import label_filter
from core.messaging.rendering import formatting_locale
from core.models.people import User
from core.runtime import Toolkit
from core.web import auth, crimes, errors, health, home, plugins_page, updates
from core.web import profile, translations_admin
from core.web import directory, directory_manage
from core.web import records_admin, security_admin
from core.web import headers
from core.web import attention
from core.web import offline
from core.web import partner as partner_web
from core.web import resources as resources_web
from core.web import sections as sections_web
from core.web import referrals as referrals_web
from core.web import schools as schools_web
from core.web import conversations, ring_backs, victims
from core.web import compliance as compliance_web
from core.web.access import current_mad, is_public
from core.web.navigation import navigation_items

CORE_BLUEPRINTS = (auth.blueprint, home.blueprint, updates.blueprint, crimes.blueprint, directory.blueprint,
                   directory_manage.blueprint, plugins_page.blueprint,
                   health.blueprint, profile.blueprint, translations_admin.blueprint, records_admin.blueprint,
                   referrals_web.blueprint, schools_web.blueprint, security_admin.blueprint,
                   conversations.blueprint, victims.blueprint, ring_backs.blueprint,
                   attention.blueprint, offline.blueprint, compliance_web.blueprint,
                   resources_web.blueprint, sections_web.blueprint, partner_web.blueprint)


def select_locale():
    """The interface language: the signed-in user's choice, then the browser's preference."""
    mad = current_mad()
    offered = [info.code for info in profile.interface_locales(mad)]  # those with an interface catalogue
    if current_user.is_authenticated and current_user.locale in offered:
        chosen = current_user.locale
    else:
        chosen = request.accept_languages.best_match(offered) or mad.config.force["default_locale"]
    return str(formatting_locale(chosen))  # en → en_GB: UK dates; catalogues fall back to "en"


def _check_session():
    """End a revoked, idle or expired session before anything else looks at the user."""
    if request.endpoint != "static":
        sessions.check_session(current_mad().config.auth)


def _require_sign_in():
    """Close every view not explicitly marked public to anyone not signed in."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None or is_public(view) or request.endpoint == "static":
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path if request.query_string else request.path))
    return None


def _load_user(user_id):
    with current_mad().session() as session:
        user = session.get(User, int(user_id))
        if user is not None:
            session.expunge(user)
        return user


def build_app(instance_path=None, config=None, extra_plugins=(), start_dispatcher=False):
    """Build the Flask app (see :func:`core.create_app`)."""
    if config is None:
        instance_path = instance_path or os.environ.get("MAD_INSTANCE", "instance")
        config = load_config(Path(instance_path))
    mad = Toolkit(config, extra_plugins=extra_plugins)
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static",
                instance_path=str(Path(config.instance_path).resolve()))
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Behind HTTPS (every real deployment) set MAD_SECURE_COOKIES=1.
        PERMANENT_SESSION_LIFETIME=int(config.auth["absolute_hours"] * 3600),
        SESSION_COOKIE_SECURE=headers.secure_cookies(),
        REMEMBER_COOKIE_SECURE=headers.secure_cookies(),
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        BABEL_DEFAULT_LOCALE=config.force["default_locale"],
        BABEL_DEFAULT_TIMEZONE="Europe/London",
        BABEL_TRANSLATION_DIRECTORIES=";".join(str(d.path) for d in mad.translation_dirs),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    app.extensions["mad"] = mad
    # GOV.UK Frontend's components as Jinja macros: {% from "govuk_frontend_jinja/components/...
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    proxies = config.auth["trusted_proxies"]
    if proxies:  # the client's address and scheme as the force's own proxies saw them (throttling, HTTPS)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(_check_session)
    app.before_request(_require_sign_in)  # before CSRF, so the signed-out are sent to sign in first
    CSRFProtect(app)
    Babel(app, locale_selector=select_locale)
    login = LoginManager(app)
    login.login_view = "auth.sign_in"
    login.login_message = None
    login.user_loader(_load_user)
    for blueprint in CORE_BLUEPRINTS:
        app.register_blueprint(blueprint)
    for answer in mad.pm.hook.register_blueprints(mad=mad):
        for blueprint in answer or []:
            app.register_blueprint(blueprint)
    throttle.make_limiter(app, config.auth)
    init_api(app, mad)
    referrals_web.add_type_templates(app, mad)
    errors.register(app)
    app.add_template_filter(label_filter, "label")
    throttle.install(app, config.auth, ["auth.sign_in"])
    try:
        oidc.install(app, config.auth)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    problems_outside_routes(app)

    headers.install(app)

    @app.context_processor
    def _globals():
        return {"force_name": config.force["name"], "mad": mad, "get_locale": get_locale,
                "navigation_items": navigation_items}

    if start_dispatcher:
        mad.dispatcher.start()
    return app
