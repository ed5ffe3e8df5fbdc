"""The header's navigation: one list of pages, each shown only to the roles its view allows.

A link is offered only when the signed-in user may open it: the view's ``allowed_roles`` (set by
:func:`core.web.access.roles_required`) decide, so no role is ever shown a link that answers 403.
Plugins add their own pages through the ``menu_links`` hook.
"""

from flask import current_app, request, url_for
from flask_babel import gettext, lazy_gettext

from core.access import MenuLink


#: The core's own pages, in the order officers use them.
CORE_LINKS = (
    MenuLink("updates.choose", lazy_gettext("Update a victim"), 10),
    MenuLink("crimes.find", lazy_gettext("Crimes"), 20),
    MenuLink("directory.index", lazy_gettext("Find support"), 30),
    MenuLink("resources.index", lazy_gettext("Resources"), 32),
    MenuLink("sections.index", lazy_gettext("Sections"), 34),
    MenuLink("partner.index", lazy_gettext("Referrals to your service"), 36),
    MenuLink("partner.templates", lazy_gettext("The service's messages"), 37),
    MenuLink("directory_manage.index", lazy_gettext("Keep the directory"), 40),
    MenuLink("translations.index", lazy_gettext("Translations"), 50),
    MenuLink("attention.index", lazy_gettext("Needs attention"), 58),
    MenuLink("records_admin.index", lazy_gettext("Records writes"), 60),
    MenuLink("ring_backs.index", lazy_gettext("Ring-backs"), 61),
    MenuLink("referrals.index", lazy_gettext("Referrals by district"), 62),
    MenuLink("schools.index", lazy_gettext("Schools"), 45),
    MenuLink("conversations.unmatched", lazy_gettext("Unmatched replies"), 64),
    MenuLink("conversations.satisfaction_figures", lazy_gettext("Satisfaction"), 66),
    MenuLink("compliance.dashboard", lazy_gettext("Compliance"), 75),
    MenuLink("security.access_audit", lazy_gettext("Access audit"), 80),
    MenuLink("security.users_sessions", lazy_gettext("Sessions"), 85),
    MenuLink("sandbox.index", lazy_gettext("Sandbox"), 70),
    MenuLink("plugins.index", lazy_gettext("Plugins"), 90),
    MenuLink("profile.show", lazy_gettext("Your settings"), 95),
)


def may_open(endpoint, user):
    """True when ``user`` may open the view behind ``endpoint`` (it exists and allows their role)."""
    view = current_app.view_functions.get(endpoint)
    if view is None or not getattr(user, "is_authenticated", False):
        return False
    allowed = getattr(view, "allowed_roles", None)
    return allowed is None or user.role in allowed


def menu_links(mad, user):
    """The links ``user`` may follow, in order: the core's and every plugin's (hook ``menu_links``).

    Called by the base template on every page. Returns a list of :class:`MenuLink`.
    """
    links = list(CORE_LINKS)
    for answer in mad.pm.hook.menu_links(mad=mad, user=user):
        links.extend(answer or [])
    return sorted((link for link in links if may_open(link.endpoint, user)), key=lambda link: link.order)


def _covers(href, path):
    """True when ``path`` is the page at ``href`` or a page under it."""
    return path == href or (href != "/" and path.startswith(href.rstrip("/") + "/"))


def navigation_items(mad, user):
    """The header's items for GOV.UK Frontend's service navigation, the current page marked.

    One item at most is marked: the one whose address covers the page most closely (on
    ``/partner/templates`` "The service's messages", not also "Referrals to your service" at
    ``/partner/``).
    """
    items = []
    for link in menu_links(mad, user):
        text = gettext(link.text) if isinstance(link.text, str) else str(link.text)  # N_() or lazy
        items.append({"href": url_for(link.endpoint, **dict(link.values)), "text": text, "active": False})
    covering = [item for item in items if _covers(item["href"], request.path)]
    if covering:
        max(covering, key=lambda item: len(item["href"]))["active"] = True
    return items
