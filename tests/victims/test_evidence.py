"""Evidence from actions: what an officer sends completes the duty it meets, never double-keyed."""

from sqlalchemy import select

from core.models import AuditChronologyEntry, CareDuty, VictimContact
from core.victims.service import get_victim
from tests.helpers import preview_and_send

UPDATE = {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123", "locale": "en",
          "field__officer_name": "PC 1234 Jones"}


def send(client, mad, template_id, **values):
    response = preview_and_send(client, template_id, {**UPDATE, **values})
    assert response.status_code == 302, response.get_data(as_text=True)
    mad.dispatcher.drain()


def duty(mad, victim_id, code):
    with mad.session() as session:
        return session.scalar(select(CareDuty).where(CareDuty.victim_id == victim_id, CareDuty.duty == code))


def test_the_crime_reference_message_completes_written_confirmation_in_that_format(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    send(client, mad, "crime_reference_assigned")
    found = duty(mad, victim.id, "written_confirmation")
    assert found.state == "yes" and found.detail["format"] == "text_link" and found.message_id
    with mad.session() as session:
        texts = session.scalars(select(AuditChronologyEntry.text)).all()
    assert ("Victim care log, Victim J. B.: Written confirmation of the crime (leaflet) given \u2013 Yes "
            "(format: Text message with a link).") in texts


def test_an_email_in_welsh_is_written_confirmation_in_another_language(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    send(client, mad, "crime_reference_assigned", kind="email", recipient="Jo.Bloggs@example.org", locale="cy")
    assert duty(mad, victim.id, "written_confirmation").detail["format"] == "other_language"


def test_signposting_completes_the_referral_duty(app, mad, signed_in, make_victim):
    from core.directory.editing import save_service
    from core.directory.schemas import load_service

    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    with mad.session() as session:
        save_service(session, load_service({"id": "northtown-victim-care", "name": "Northtown Victim Care",
                                            "needs": ["financial_hardship"], "phone": "0161 496 0123",
                                            "last_assured_on": "2026-11-01"}, mad.config.force["districts"]),
                     "Sam VSC")
    send(client, mad, "signposting", directory_service="database/northtown-victim-care")
    found = duty(mad, victim.id, "referral")
    assert found.state == "yes"
    assert found.detail["evidence"] == "signposted to Northtown Victim Care by text message"


def test_the_nfa_message_completes_right_to_review_and_records_the_decision(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    send(client, mad, "crime_closed_nfa", field__reason="no_suspect")
    assert duty(mad, victim.id, "right_to_review").state == "yes"
    with mad.session() as session:
        assert get_victim(session, victim.id).key_decision == "nfa"


def test_every_update_counts_as_contact_but_only_for_the_victim_it_went_to(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    other = make_victim(mad, officer, name="Alex Other", phone="07700 900999", email=None)
    send(client, mad, "investigation_update", field__progress="cctv_reviewed")
    send(client, mad, "investigation_update", field__progress="cctv_reviewed", recipient="07700 900555")
    with mad.session() as session:
        contacts = session.scalars(select(VictimContact)).all()
        assert [(c.victim_id, c.template_id) for c in contacts] == [(victim.id, "investigation_update")]
        assert session.scalars(select(CareDuty).where(CareDuty.victim_id == other.id)).all() == []


def test_the_same_message_reported_twice_is_recorded_once(app, mad, signed_in, make_victim):
    from core.victims.evidence import record_message

    client, officer = signed_in(app)
    make_victim(mad, officer)
    send(client, mad, "crime_reference_assigned")
    with mad.session() as session:
        [contact] = session.scalars(select(VictimContact)).all()
    assert record_message(mad, contact.message_id) == 1
    with mad.session() as session:
        assert len(session.scalars(select(VictimContact)).all()) == 1
        assert len(session.scalars(select(AuditChronologyEntry)).all()) == 2  # the message and one care-log step


def test_saving_the_care_log_again_keeps_what_a_message_evidenced(app, mad, signed_in, make_victim):
    from tests.victims.test_pages import post_form

    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    send(client, mad, "crime_reference_assigned")
    page = client.get(f"/victims/{victim.id}/care-log").get_data(as_text=True)
    assert 'data-evidenced="written_confirmation"' in page
    response = post_form(client, f"/victims/{victim.id}/care-log",
                         {"written_confirmation": "yes", "written_confirmation_format": "text_link",
                          "oic_contact_left": "yes"})
    assert response.status_code == 302
    found = duty(mad, victim.id, "written_confirmation")
    assert found.message_id is not None and found.detail["evidence"] == "message sent by text message"


def test_sending_the_op_crystal_leaflet_completes_written_confirmation_once_it_went(app, mad, signed_in, make_victim):
    from core.resources.demo import load_demo_resources
    from core.resources.sending import send_resource

    _client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    with mad.session() as session:
        load_demo_resources(session, ["en"])
    payload = {"crime_reference": "06/123456/26", "kind": "email", "recipient": "jo.bloggs@example.org",
               "locale": "en", "idempotency_key": "op-crystal-leaflet-1"}
    send_resource(mad, "demo-perpetrator-programme", {**payload, "idempotency_key": "not-a-leaflet-1"}, officer)
    mad.dispatcher.drain()
    assert duty(mad, victim.id, "written_confirmation") is None  # any other resource is only a contact
    send_resource(mad, "demo-op-crystal", payload, officer)
    mad.dispatcher.drain()
    found = duty(mad, victim.id, "written_confirmation")
    assert found.state == "yes" and found.detail["format"] == "email"
    assert found.detail["evidence"] == "Victim of crime leaflet (Op Crystal) sent by email"
    with mad.session() as session:
        assert len(session.scalars(select(VictimContact).where(VictimContact.victim_id == victim.id)).all()) == 2
