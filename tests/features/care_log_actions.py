"""What officers and supervisors do on the care-log pages, as their browser would (for the feature steps)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from core.testing import csrf_from
from tests.features.officer_actions import open_page, page_of
from tests.features.pages import form_posting_to, form_values, label_text, squash
from tests.features.scenario import Scenario


@dataclass
class CareCase(Scenario):
    """State of one scenario: the app, the signed-in client and the victims it recorded."""

    victims: dict = field(default_factory=dict)
    response: object = None


def fieldset_with_legend(page, legend):
    """The fieldset whose legend reads ``legend`` (the box on the care log)."""
    found = [f for f in page.find_all("fieldset") if f.find("legend") is not None and f.find("legend").text == legend]
    assert len(found) >= 1, f"no box called {legend!r} on the page"
    return found[0]


def choose(page, values, legend, answer):
    """Tick ``answer`` in the box ``legend``; return the radios' name."""
    box = fieldset_with_legend(page, legend)
    radios = [r for r in box.find_all("input", type="radio") if label_text(page, r) == answer]
    assert radios, f"{legend!r} has no answer {answer!r}"
    values[radios[0].attrs["name"]] = radios[0].attrs["value"]
    return radios[0].attrs["name"]


def option_value(page, select_id, text):
    options = [o for o in page.one("select", id=select_id).find_all("option") if o.text == text]
    assert len(options) == 1, f"{text!r} is not a choice of {select_id}"
    return options[0].attrs["value"]


def iso(day):
    return datetime.strptime(day, "%d/%m/%Y").date().isoformat()


def fill_care_log(case, victim_id, rows):
    """Open the care log and answer each ``(box, answer, details)`` as the officer would; return the response."""
    page = page_of(open_page(case.client, f"/victims/{victim_id}/care-log"))
    form = form_posting_to(page, f"/victims/{victim_id}/care-log")
    values = form_values(form)
    for box, answer, details in rows:
        name = choose(page, values, box, answer)
        if answer == "No":
            values[f"{name}_rationale"] = details
        elif name == "written_confirmation":
            values["written_confirmation_format"] = option_value(page, "written_confirmation_format", details)
        elif name == "vps_offered":
            values["vps_offered_on"] = iso(details)
        elif name == "needs_assessment":
            needs = {d.strip() for d in details.split(",") if d.strip()}
            for radio in form.find_all("input", type="radio"):
                if radio.attrs["name"].startswith("vna__"):
                    values[radio.attrs["name"]] = "yes" if radio.attrs["name"][5:] in needs else "no"
        elif name == "contact_plan":
            method, _, every = details.partition(", every ")
            choose(page, values, "How to contact the victim", method)
            choose(page, values, "How often", "Every few working days (say how many)")
            values["plan_every_days"] = every.split()[0]
    return case.client.post(form.attrs["action"], data=values)


def care_log_rows(case, victim_id):
    """The victim page's care log: box → what it shows."""
    page = page_of(open_page(case.client, f"/victims/{victim_id}"))
    listing = page.one("dl", data_list="care-log")
    return {row.one("dt").text: row.one("dd").text for row in listing.find_all("div", class_="govuk-summary-list__row")}


def today():
    return date.today()


__all__ = ["CareCase", "care_log_rows", "choose", "csrf_from", "fill_care_log", "squash", "today"]
