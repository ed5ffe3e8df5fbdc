"""Navigation by role: each role sees only links it may follow, and plugins add their own pages."""

import pytest
from flask import Blueprint

from core import hookimpl
from core.constants import Roles
from core.toolkit import MenuLink, N_, roles_required
from tests.features.pages import parse_page

team_pages = Blueprint("team_pages", __name__, url_prefix="/team")


@team_pages.get("/")
@roles_required(Roles.SUPERVISOR)
def team_list():
    return "team list"


class TeamPlugin:
    """A force's plugin adding a supervisors' page and its link (and one to a page that does not exist)."""

    name = "team_pages"

    @hookimpl
    def register_blueprints(self, mad):
        return [team_pages]

    @hookimpl
    def menu_links(self, mad, user):
        return [MenuLink("team_pages.team_list", N_("Team lists"), 15), MenuLink("team_pages.missing", N_("Nowhere"))]


def header_links(client):
    page = parse_page(client.get("/").get_data(as_text=True))
    nav = page.one("nav", class_="govuk-service-navigation__wrapper")
    return [(a.text, a.attrs["href"]) for a in nav.find_all("a")]


@pytest.mark.parametrize("role", Roles.ALL)
def test_menu_links_and_the_cores_never_offer_a_role_a_link_that_answers_403(make_mad_app, signed_in, role):
    app = make_mad_app(plugins=[TeamPlugin()])
    client, _ = signed_in(app, role=role)
    links = header_links(client)
    assert links, "every role has somewhere to go"
    for text, href in links:
        assert client.get(href).status_code == 200, f"{role} is offered {text} ({href}), which refuses them"


@pytest.mark.parametrize(("role", "expected"), [
    (Roles.OFFICER, ["Update a victim", "Crimes", "Find support", "Resources", "Sections", "Sandbox", "Your settings"]),
    (Roles.VSC, ["Find support", "Resources", "Sections", "The service's messages", "Keep the directory", "Schools", "Translations",
                 "Unmatched replies", "Your settings"]),
    (Roles.ANALYST, ["Find support", "Resources", "Sections", "Compliance", "Your settings"]),
    (Roles.SUPERVISOR, ["Update a victim", "Team lists", "Crimes", "Find support", "Resources", "Sections",
                        "Needs attention", "Records writes", "Ring-backs", "Referrals by district",
                        "Unmatched replies", "Satisfaction", "Sandbox", "Compliance", "Access audit", "Your settings"]),
    (Roles.ADMIN, ["Update a victim", "Crimes", "Find support", "Resources", "Sections", "Referrals to your service",
                   "The service's messages", "Keep the directory", "Schools", "Translations", "Needs attention", "Records writes", "Ring-backs",
                   "Referrals by district", "Unmatched replies", "Satisfaction", "Sandbox", "Compliance",
                   "Access audit", "Sessions", "Plugins", "Your settings"]),
    (Roles.PARTNER, ["Find support", "Resources", "Sections", "Referrals to your service", "The service's messages",
                     "Your settings"]),
])
def test_each_role_sees_its_own_pages_in_order(make_mad_app, signed_in, role, expected):
    app = make_mad_app(plugins=[TeamPlugin()])
    client, _ = signed_in(app, role=role)
    assert [text for text, _href in header_links(client)] == expected


def test_the_current_page_is_marked_in_the_header(make_mad_app, signed_in):
    client, _ = signed_in(make_mad_app())
    page = parse_page(client.get("/directory/").get_data(as_text=True))
    current = page.one("a", aria_current="true")
    assert current.text == "Find support"


def test_signed_out_visitors_see_no_navigation(make_mad_app):
    page = parse_page(make_mad_app().test_client().get("/sign-in").get_data(as_text=True))
    assert page.find("nav") is None and "Sign out" not in page.text


def marked_current(nav):
    """The words of the header links marked as the page the user is on."""
    return [" ".join(a.text.split()) for a in nav.find_all("a") if a.attrs.get("aria-current")]


def test_only_the_page_itself_is_marked_current_not_the_page_above_it(app, signed_in):
    partner, _user = signed_in(app, role="partner")
    page = parse_page(partner.get("/partner/templates/").get_data(as_text=True))
    nav = page.one("nav", class_="govuk-service-navigation__wrapper")
    assert marked_current(nav) == ["The service's messages"]
    queue = parse_page(partner.get("/partner/").get_data(as_text=True))
    nav = queue.one("nav", class_="govuk-service-navigation__wrapper")
    assert marked_current(nav) == ["Referrals to your service"]
