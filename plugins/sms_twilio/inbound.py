"""Texts victims send to the force's Twilio number: ``POST /callbacks/sms-twilio/inbound``.

Set this URL (``public_base_url`` + path) as the Messaging Service's (or number's) incoming
message webhook. Public (Twilio cannot sign in), but every request must carry a valid
``X-Twilio-Signature`` for that URL and the posted fields, checked with the library's own
:class:`~twilio.request_validator.RequestValidator`, and name this force's Account SID: anything
else gets 403 and stores nothing. The text is handed to :func:`core.toolkit.receive_inbound`,
keyed by Twilio's MessageSid, so a webhook Twilio retries is stored once. The answer is empty
TwiML: the toolkit's own answers (HELP) go through the outbox like every other message.
"""

import logging

from flask import request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from core.toolkit import ChannelKinds, InboundInvalid, InboundMessage, public, receive_inbound
from plugins.sms_twilio.channel import MESSAGE_SID

log = logging.getLogger(__name__)

INBOUND_PATH = "/callbacks/sms-twilio/inbound"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class InboundSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    MessageSid = fields.String(required=True, validate=MESSAGE_SID)
    AccountSid = fields.String(required=True, validate=validate.Length(equal=34))
    From = fields.String(required=True, validate=validate.Length(min=3, max=40))
    Body = fields.String(load_default="", validate=validate.Length(max=20000))


def add_inbound_route(blueprint, mad, settings, validator, base, channel_name):
    """Add the inbound-text route to the plugin's callback ``blueprint``.

    Called by :func:`plugins.sms_twilio.callback.make_blueprint`.
    """

    @blueprint.post("/inbound")
    @public
    def inbound():
        """Store one text from a victim; 200 with empty TwiML when stored (or already stored), 403 if forged."""
        url = f"{base}{request.path}" + (f"?{request.query_string.decode('ascii', 'replace')}"
                                         if request.query_string else "")
        signature = request.headers.get("X-Twilio-Signature", "")
        if not base or not validator.validate(url, request.form.to_dict(), signature):
            log.warning("twilio inbound webhook with a bad signature refused")
            return "Signature does not match", 403
        try:
            fields_ = InboundSchema().load(request.form)
        except ValidationError as exc:
            return f"Invalid inbound message: {sorted(exc.messages)}", 400
        if fields_["AccountSid"] != settings["account_sid"]:
            log.warning("twilio inbound webhook for another account refused")
            return "Not this force's Twilio account", 403
        try:
            reply_id, created = receive_inbound(mad, InboundMessage(
                channel=channel_name, kind=ChannelKinds.SMS, provider_message_id=fields_["MessageSid"],
                sender=fields_["From"], body=fields_["Body"]))
        except InboundInvalid as exc:
            return f"Invalid inbound message: {sorted(exc.errors)}", 400
        log.info("twilio inbound text", extra={"reply_id": reply_id, "created": created})
        return EMPTY_TWIML, 200, {"Content-Type": "text/xml; charset=utf-8"}

    return inbound
