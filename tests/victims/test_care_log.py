"""The care log: answers stored, each change a chronology entry in every records system, events fired."""

from datetime import date

from sqlalchemy import select

from core.events import CareLogCompleted, CareLogStepRecorded
from core import hookimpl
from core.models import AuditChronologyEntry, CareDuty, RecordsEntry
from core.victims.service import save_care_log, victims_on_crime

TODAY = date(2026, 12, 2)


class Listener:
    name = "listener"

    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, CareLogStepRecorded):
            self.events.append(event)
        elif isinstance(event, CareLogCompleted):
            self.events.append(event)


def full_log(mad, **changes):
    form = {"written_confirmation": "yes", "written_confirmation_format": "paper", "oic_contact_left": "yes",
            "needs_assessment": "yes", "contact_plan": "yes", "plan_method": "sms", "plan_frequency": "each_stage",
            "referral": "no", "referral_rationale": "Victim does not want support now", "vps_offered": "yes",
            "vps_offered_on": TODAY.isoformat(), **{f"vna__{q['id']}": "no" for q in mad.config.care_log["vna_questions"]}}
    form.update(changes)
    return form


def test_completing_the_log_writes_each_step_and_fires_care_log_step_recorded_and_care_log_completed(make_mad_app, make_victim, make_user):
    listener = Listener()
    app = make_mad_app(plugins=[listener])
    mad = app.extensions["mad"]
    officer, _ = make_user(app)
    victim = make_victim(mad, officer)
    saved = save_care_log(mad, victim.id, full_log(mad), officer, today=TODAY)
    assert saved.completed_now
    assert len(saved.changed) == 6
    mad.dispatcher.drain()
    with mad.session() as session:
        texts = session.scalars(select(AuditChronologyEntry.text).order_by(AuditChronologyEntry.id)).all()
        [stored] = victims_on_crime(session, "06/123456/26")
        assert stored.care_log_completed and stored.plan_method == "sms"
    assert "Victim care log, Victim J. B.: Written confirmation of the crime (leaflet) given \u2013 Yes (format: Paper leaflet)." in texts
    assert ("Victim care log, Victim J. B.: Referred or signposted to support services \u2013 No. "
            "Reason: Victim does not want support now.") in texts
    assert "Jo Bloggs" not in " ".join(texts) and "07700" not in " ".join(texts)
    names = [e.name for e in listener.events]
    assert names.count("care_log_step_recorded") == 6 and names[-1] == "care_log_completed"
    step = listener.events[0]
    assert step.crime_reference == "06/123456/26" and step.extra == {"victim_id": victim.id, "duty": "written_confirmation"}


def test_saving_the_same_answers_again_writes_nothing_new(mad, make_victim, make_user, app):
    officer, _ = make_user(app)
    victim = make_victim(mad, officer)
    save_care_log(mad, victim.id, full_log(mad), officer, today=TODAY)
    again = save_care_log(mad, victim.id, full_log(mad, vps_offered="no", vps_offered_rationale="Not ready yet"),
                          officer, today=TODAY)
    assert again.changed == ("vps_offered",) and not again.completed_now
    with mad.session() as session:
        assert session.scalar(select(CareDuty).where(CareDuty.duty == "vps_offered")).rationale == "Not ready yet"
        assert len(session.scalars(select(RecordsEntry)).all()) == 7


def test_the_closure_boxes_are_needed_only_after_no_further_action(mad, make_victim, make_user, app):
    officer, _ = make_user(app)
    victim = make_victim(mad, officer)
    save_care_log(mad, victim.id, full_log(mad), officer, today=TODAY)
    closed = save_care_log(mad, victim.id, {"key_decision": "nfa", "key_decision_on": TODAY.isoformat()}, officer,
                           today=TODAY)
    assert closed.changed == ()
    with mad.session() as session:
        from core.victims.service import get_victim, is_complete

        assert not is_complete(get_victim(session, victim.id))
