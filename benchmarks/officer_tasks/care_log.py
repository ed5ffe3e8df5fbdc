"""Officer-time tasks for the victim care log (issue 11): update from "My victims", the care log at
first contact, and a supervisor's ring-back.

Run: ``.venv/bin/python benchmarks/officer_time.py --only "update from my victims"``.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from benchmarks.officer_time import task
from core.models import RingBack, User
from core.victims.demo import complete_log, working_days_ago
from core.victims.service import record_victim

OFFICER_EMAIL = "officer@example.org"
#: The care-log task answers a six-question needs assessment, as the issue's task sets it.
SIX_QUESTIONS = ("safety", "health", "housing", "finances", "emotional", "children")


def _officer(mad):
    with mad.session() as session:
        officer = session.scalar(select(User).where(User.email == OFFICER_EMAIL))
        session.expunge(officer)
    return officer


def _record(mad, name, reference, crime_type="volume", days=0, calendar_days=False):
    officer = _officer(mad)
    day = (working_days_ago(mad.calendar, 0) - timedelta(days=days)) if calendar_days else \
        working_days_ago(mad.calendar, days)
    return officer, record_victim(mad, {"crime_reference": reference, "name": name, "phone": "07700 900600",
                                        "locale": "en", "crime_type": crime_type, "oic_name": officer.display_name},
                                  officer, today=day)


def seed_update_due(app):
    """A victim whose contact plan (texts every 5 working days) makes an update due today."""
    mad = current_app.extensions["mad"]
    officer, victim = _record(mad, "Bench Update-Due", "06/200001/26", days=5)
    complete_log(mad, victim.id, officer, every_days=5)


@task("update from my victims", role="officer", setup=seed_update_due)
def update_from_my_victims(o):
    o.open("/")
    o.click("tr:has-text('Bench Update-Due') a[data-action=update]")
    o.click("button:has-text('Preview')")
    o.click("button:has-text('Send')")
    o.expect_text("06/200001/26")
    o.wrote_by_hand("Hello, this is an update on your crime 06/200001/26: enquiries are continuing. "
                    "If you have questions call 101 and ask for PC 1234 Demo Officer.")


def seed_first_contact(app):
    """A victim just recorded, and the force's needs assessment cut to six questions for this task."""
    mad = current_app.extensions["mad"]
    questions = mad.config.care_log["vna_questions"]
    questions[:] = [q for q in questions if q["id"] in SIX_QUESTIONS]
    _record(mad, "Bench First-Contact", "06/200002/26")


@task("care log at first contact", role="officer", setup=seed_first_contact)
def care_log_at_first_contact(o):
    o.open("/crimes/06/200002/26")
    o.click("a:has-text('Bench First-Contact')")
    o.click("a:has-text('Open the care log')")
    o.choose("#written_confirmation")
    o.choose("#written_confirmation_format", "paper")
    o.choose("#oic_contact_left")
    o.choose("#needs_assessment")
    for qid in SIX_QUESTIONS:
        o.choose(f"#vna__{qid}-2" if qid != "housing" else f"#vna__{qid}")
    o.choose("#contact_plan")
    o.choose("#plan_method")
    o.choose("#plan_frequency")
    o.click("#plan_every_days")
    o.type("#plan_every_days", "10")
    o.choose("#plan_topics")
    o.choose("#plan_topics-2")
    o.choose("#referral")
    o.choose("#vps_offered-2")
    o.click("#vps_offered_rationale")
    o.type("#vps_offered_rationale", "Wants to wait for a charge")
    o.choose("#right_to_review-3")
    o.choose("#compensation-3")
    o.click("button:has-text('Save the care log')")
    o.expect_text("Care log saved")


def seed_ring_back(app):
    """A volume-crime victim recorded seven days ago: the ring-back is due today."""
    mad = current_app.extensions["mad"]
    _officer, victim = _record(mad, "Bench Ring-Back", "06/200003/26", days=7, calendar_days=True)
    with mad.session() as session:
        assert session.scalar(select(RingBack).where(RingBack.victim_id == victim.id)) is not None


@task("ring-back", role="supervisor", setup=seed_ring_back)
def ring_back(o):
    o.open("/ring-backs/")
    o.click("a:has-text('Bench Ring-Back')")
    o.choose("#outcome")
    o.click("#notes")
    o.type("#notes", "Happy with the officer")
    o.click("button:has-text('Record the ring-back')")
    o.expect_text("Seven-day ring-backs")
