"""Demo victims for ``mad init --demo``: something on the demo officer's "My victims" straight away.

Fictional people, Ofcom drama numbers, example.org addresses.
"""

from datetime import date, timedelta

from sqlalchemy import select

from core.models.people import User
from core.victims.labels import Duties
from core.victims.service import record_victim, save_care_log

DEMO_VICTIMS = (
    # name, reference, mobile, email, language, crime type, working days ago, care log complete
    ("Sam Taylor", "06/123456/26", "07700 900456", "sam.taylor@example.org", "en", "volume", 5, True),
    ("Nadia Rahman", "06/654321/26", "07700 900457", None, "ur", "hate", 9, False),
    ("Lee Walker", "06/100200/26", "07700 900458", "lee.walker@example.org", "cy", "volume", 1, False),
)


def working_days_ago(calendar, days, today=None):
    """The working day ``days`` working days before ``today``."""
    day = today or date.today()
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


def complete_log(mad, victim_id, officer, every_days=5):
    """Answer every first-contact duty for a demo or benchmark victim, with texts every ``every_days`` working days."""
    answers = {f"vna__{q['id']}": "no" for q in mad.config.care_log["vna_questions"]}
    save_care_log(mad, victim_id, {
        Duties.WRITTEN_CONFIRMATION: "yes", "written_confirmation_format": "paper", Duties.OIC_CONTACT_LEFT: "yes",
        Duties.NEEDS_ASSESSMENT: "yes", **answers, Duties.CONTACT_PLAN: "yes", "plan_method": "sms",
        "plan_frequency": "every_n_working_days", "plan_every_days": str(every_days),
        Duties.REFERRAL: "no", "referral_rationale": "Victim did not want support yet",
        Duties.VPS_OFFERED: "no", "vps_offered_rationale": "To be offered if a suspect is charged"}, officer)


def create_demo_victims(mad, officer_email):
    """Record the demo victims for the officer with ``officer_email``; return how many."""
    with mad.session() as session:
        officer = session.scalar(select(User).where(User.email == officer_email))
        session.expunge(officer)
    for name, reference, mobile, email, locale, crime_type, days, complete in DEMO_VICTIMS:
        victim = record_victim(mad, {"crime_reference": reference, "name": name, "phone": mobile, "email": email,
                                     "locale": locale if mad.locale(locale) else "en", "crime_type": crime_type,
                                     "district": (mad.config.force["districts"] or [None])[0],
                                     "oic_name": officer.display_name}, officer,
                               today=working_days_ago(mad.calendar, days))
        if complete:
            complete_log(mad, victim.id, officer)
    return len(DEMO_VICTIMS)
