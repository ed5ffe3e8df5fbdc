"""Twilio's signed delivery receipts move a text to delivered or failed, and never change a final status."""

from urllib.parse import urlsplit

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from core.events import MessageFailed, MessageSent
from core import hookimpl
from core.models import RecordsEntry
from tests.plugins.sms_twilio.conftest import ACCOUNT_SID, AUTH_TOKEN, load, send_sms


class Listener:
    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, MessageSent):
            self.events.append(("sent", event.message_id, event.status))
        elif isinstance(event, MessageFailed):
            self.events.append(("failed", event.message_id, event.reason))


def receipt(created, status, error_code=None):
    """The form fields Twilio posts for ``created`` (a stand-in record) reaching ``status``."""
    fields = {"MessageSid": created["sid"], "SmsSid": created["sid"], "AccountSid": ACCOUNT_SID,
              "MessagingServiceSid": created["messaging_service_sid"], "MessageStatus": status,
              "SmsStatus": status, "To": created["to"], "ApiVersion": "2010-04-01"}
    if error_code:
        fields["ErrorCode"] = str(error_code)
    return fields


def post_receipt(client, created, fields, token=AUTH_TOKEN, signed_fields=None):
    """Post ``fields`` to the StatusCallback URL Twilio was given, signed as Twilio signs it."""
    url = created["status_callback"]
    signature = RequestValidator(token).compute_signature(url, signed_fields or fields)
    parts = urlsplit(url)
    return client.post(f"{parts.path}?{parts.query}", data=fields, headers={"X-Twilio-Signature": signature})


def sent_text(sms_app, twilio, listener=None):
    app = sms_app()
    if listener:
        app.extensions["mad"].pm.register(listener)
    mad = app.extensions["mad"]
    message_id = send_sms(mad)
    mad.dispatcher.drain()
    return app, mad, message_id, twilio.messages[-1]


def test_a_signed_delivered_receipt_marks_the_text_delivered(sms_app, twilio):
    listener = Listener()
    app, mad, message_id, created = sent_text(sms_app, twilio, listener)

    response = post_receipt(app.test_client(), created, receipt(created, "delivered"))

    assert response.status_code == 204
    stored = load(mad, message_id)
    assert stored.status == "delivered" and stored.delivered_at is not None
    assert stored.provider_reference == created["sid"]
    assert listener.events[-1] == ("sent", message_id, "delivered")


def test_an_undelivered_receipt_fails_the_text_with_a_reason_in_the_records(sms_app, twilio):
    listener = Listener()
    app, mad, message_id, created = sent_text(sms_app, twilio, listener)

    response = post_receipt(app.test_client(), created, receipt(created, "undelivered", 30003))

    assert response.status_code == 204
    stored = load(mad, message_id)
    assert stored.status == "failed" and "unreachable" in stored.failure_reason and "30003" in stored.failure_reason
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id))
    assert entry.entry_type == "message_failed" and entry.text.startswith("NOT DELIVERED: The victim's phone")
    assert listener.events[-1][:2] == ("failed", message_id)


def test_forged_or_altered_receipts_are_refused_and_change_nothing(sms_app, twilio):
    app, mad, message_id, created = sent_text(sms_app, twilio)
    client = app.test_client()

    wrong_key = post_receipt(client, created, receipt(created, "failed"), token="not-the-auth-token-at-all")
    altered = post_receipt(client, created, receipt(created, "failed", 30005),
                           signed_fields=receipt(created, "delivered"))
    unsigned = client.post(urlsplit(created["status_callback"]).path + "?message_id=" + message_id,
                           data=receipt(created, "failed"))

    assert [r.status_code for r in (wrong_key, altered, unsigned)] == [403, 403, 403]
    assert load(mad, message_id).status == "sent"


def test_a_receipt_for_another_message_id_does_not_verify(sms_app, twilio):
    app, mad, message_id, created = sent_text(sms_app, twilio)
    other = send_sms(mad, recipient="07700 900999")
    mad.dispatcher.drain()
    fields = receipt(created, "failed", 30005)
    signature = RequestValidator(AUTH_TOKEN).compute_signature(created["status_callback"], fields)
    response = app.test_client().post(f"/callbacks/sms-twilio/status?message_id={other}", data=fields,
                                      headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert load(mad, other).status == "sent"


def test_a_late_receipt_never_changes_a_final_status(sms_app, twilio):
    listener = Listener()
    app, mad, message_id, created = sent_text(sms_app, twilio, listener)
    client = app.test_client()
    assert post_receipt(client, created, receipt(created, "delivered")).status_code == 204
    events = list(listener.events)

    late = [post_receipt(client, created, receipt(created, status, 30008)) for status in ("undelivered", "sent")]

    assert [r.status_code for r in late] == [204, 204]
    stored = load(mad, message_id)
    assert stored.status == "delivered" and stored.failure_reason is None
    assert listener.events == events  # nothing fired again


def test_a_receipt_after_a_failure_does_not_revive_it(sms_app, twilio):
    app, mad, message_id, created = sent_text(sms_app, twilio)
    client = app.test_client()
    post_receipt(client, created, receipt(created, "failed", 30007))
    post_receipt(client, created, receipt(created, "delivered"))
    stored = load(mad, message_id)
    assert stored.status == "failed" and "spam" in stored.failure_reason


def test_progress_receipts_are_accepted_and_change_nothing(sms_app, twilio):
    app, mad, message_id, created = sent_text(sms_app, twilio)
    response = post_receipt(app.test_client(), created, receipt(created, "sending"))
    assert response.status_code == 204 and load(mad, message_id).status == "sent"


def test_a_malformed_receipt_is_rejected_with_what_was_wrong(sms_app, twilio):
    app, mad, message_id, created = sent_text(sms_app, twilio)
    fields = {**receipt(created, "delivered"), "MessageSid": "not-a-sid"}
    response = post_receipt(app.test_client(), created, fields)
    assert response.status_code == 400 and "MessageSid" in response.get_data(as_text=True)
    assert load(mad, message_id).status == "sent"
