"""Victims' texts arrive through Twilio's signed inbound webhook; forged ones are refused."""

from sqlalchemy import select

from core.models import InboundReply, OptOut
from tests.plugins.sms_twilio.conftest import PUBLIC_BASE, send_sms

INBOUND_URL = f"{PUBLIC_BASE}/callbacks/sms-twilio/inbound"


def stored(mad):
    with mad.session() as session:
        return session.scalars(select(InboundReply)).all()


def sent(sms_app, database="sqlite"):
    app = sms_app(database=database)
    mad = app.extensions["mad"]
    send_sms(mad)
    mad.dispatcher.drain()
    return app, mad


def test_a_signed_text_from_the_victim_is_stored_against_the_crime(sms_app, twilio, database):
    app, mad = sent(sms_app, database)

    status, answer = twilio.post_inbound(app.test_client(), INBOUND_URL, "+447700900123", "Can you call me after 5? 🙏")

    assert status == 200 and "<Response>" in answer
    [reply] = stored(mad)
    assert reply.channel == "sms_twilio" and reply.crime_reference == "06/123456/26"
    assert reply.body == "Can you call me after 5? 🙏"


def test_twilio_retrying_the_same_webhook_stores_the_text_once(sms_app, twilio):
    app, mad = sent(sms_app)
    client = app.test_client()
    sid = "SM" + "ab" * 16
    first = twilio.post_inbound(client, INBOUND_URL, "+447700900123", "Thank you", sid=sid)
    second = twilio.post_inbound(client, INBOUND_URL, "+447700900123", "Thank you", sid=sid)
    assert first[0] == second[0] == 200
    assert len(stored(mad)) == 1


def test_a_long_text_in_several_parts_arrives_joined(sms_app, twilio):
    app, mad = sent(sms_app)
    body = "Я не можу говорити зараз, будь ласка, напишіть мені. " * 4
    twilio.post_inbound(app.test_client(), INBOUND_URL, "+447700900123", body, num_segments=4)
    assert stored(mad)[0].body == body


def test_unsigned_forged_altered_or_foreign_webhooks_get_403_and_store_nothing(sms_app, twilio):
    app, mad = sent(sms_app)
    client = app.test_client()
    fields, headers = twilio.inbound(INBOUND_URL, "+447700900123", "STOP")

    unsigned = client.post("/callbacks/sms-twilio/inbound", data=fields)
    forged = client.post("/callbacks/sms-twilio/inbound", data=fields, headers={"X-Twilio-Signature": "bm90IGl0"})
    altered = client.post("/callbacks/sms-twilio/inbound", data={**fields, "From": "+447700900999"}, headers=headers)
    wrong_url = client.post("/callbacks/sms-twilio/inbound?x=1", data=fields, headers=headers)
    other_account = twilio.inbound(INBOUND_URL, "+447700900123", "STOP")[0] | {"AccountSid": "AC" + "9" * 32}
    from twilio.request_validator import RequestValidator
    foreign = client.post("/callbacks/sms-twilio/inbound", data=other_account, headers={
        "X-Twilio-Signature": RequestValidator(twilio.auth_token).compute_signature(INBOUND_URL, other_account)})

    assert [r.status_code for r in (unsigned, forged, altered, wrong_url, foreign)] == [403] * 5
    assert stored(mad) == []
    with mad.session() as session:
        assert session.scalars(select(OptOut)).all() == []


def test_a_stop_through_twilio_blocks_the_next_text(sms_app, twilio):
    from core.messaging.service import SendInvalid, prepare
    from tests.plugins.sms_twilio.conftest import SMS_REQUEST

    app, mad = sent(sms_app)
    twilio.post_inbound(app.test_client(), INBOUND_URL, "+447700900123", "Stop")
    try:
        prepare(mad, SMS_REQUEST)
    except SendInvalid as exc:
        assert "opted out" in exc.errors["recipient"][0] and "email" in exc.errors["recipient"][0]
    else:
        raise AssertionError("a text to an opted-out number was accepted")


def test_the_inbound_webhook_over_real_http(sms_app, twilio):
    import threading

    from waitress import create_server

    app, mad = sent(sms_app)
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        status, _ = twilio.post_inbound(f"http://127.0.0.1:{server.effective_port}", INBOUND_URL,
                                        "+447700900123", "Got it, thanks")
    finally:
        server.close()
        thread.join(timeout=5)
    assert status == 200 and stored(mad)[0].body == "Got it, thanks"
