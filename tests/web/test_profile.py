"""Each user picks the interface language on "Your settings"; until then the browser's preference is used."""

from sqlalchemy import select

from core.models import User
from core.testing import csrf_from


def _choose(client, locale):
    page = client.get("/profile/").get_data(as_text=True)
    return client.post("/profile/", data={"csrf_token": csrf_from(page), "locale": locale})


def test_welsh_browser_gets_the_welsh_interface(app, signed_in):
    client, _ = signed_in(app)
    page = client.get("/", headers={"Accept-Language": "cy,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="cy" dir="ltr" ' in page
    assert "Diweddaru dioddefwr" in page and "Eich gosodiadau" in page and "Allgofnodi" in page
    english = client.get("/", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert "Update a victim" in english and "Diweddaru dioddefwr" not in english


def test_the_profile_choice_beats_the_browser(app, signed_in):
    client, user = signed_in(app)
    response = _choose(client, "cy")
    assert response.status_code == 302
    page = client.get("/profile/?saved=1", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert "Mae eich gosodiadau wedi'u cadw." in page and '<html lang="cy"' in page
    with app.extensions["mad"].session() as session:
        assert session.get(User, user.id).locale == "cy"

    _choose(client, "en")
    page = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Update a victim" in page and '<html lang="en"' in page

    _choose(client, "")  # back to following the browser
    page = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Diweddaru dioddefwr" in page
    with app.extensions["mad"].session() as session:
        assert session.scalar(select(User.locale).where(User.id == user.id)) is None


def test_only_languages_with_an_interface_catalogue_are_offered(make_mad_app, signed_in):
    app = make_mad_app(locales=["en", "cy", "ar", "ur", "pl", "ro"])
    client, _ = signed_in(app)
    page = client.get("/profile/").get_data(as_text=True)
    assert 'value="cy"' in page and 'value="en"' in page
    assert 'value="ar"' not in page  # victims' messages exist in Arabic, the interface does not (yet)
    response = _choose(client, "ar")
    assert response.status_code == 400 and "Choose one of the languages listed" in response.get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr" ' in page


def test_welsh_officer_reads_welsh_pages_but_the_victim_still_gets_english(app, signed_in):
    from tests.helpers import SMS_UPDATE, preview

    client, _ = signed_in(app)
    _choose(client, "cy")
    page = preview(client, "crime_reference_assigned", SMS_UPDATE).get_data(as_text=True)
    assert "Gwirio cyn anfon" in page and "Cyfeirnod trosedd wedi'i roi" in page
    assert "Testshire Police: your crime reference is 06/123456/26" in page
