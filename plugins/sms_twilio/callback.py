"""Twilio's delivery receipts: ``POST /callbacks/sms-twilio/status?message_id=…`` (and inbound texts, see
:mod:`plugins.sms_twilio.inbound`).

Public (Twilio cannot sign in) but every request must carry a valid ``X-Twilio-Signature`` for
the URL Twilio was given (``public_base_url`` + path + query) and the posted fields, checked with
the library's own :class:`~twilio.request_validator.RequestValidator`. A forged or altered request
gets 403 and changes nothing. A receipt for a message already delivered or failed changes nothing
either (:func:`core.toolkit.record_delivery_status` refuses).
"""

import logging

from flask import Blueprint, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from twilio.request_validator import RequestValidator

from core.toolkit import MessageStatus, public, record_delivery_status
from plugins.sms_twilio.channel import CALLBACK_PATH, MESSAGE_SID
from plugins.sms_twilio.errors import undelivered_reason
from plugins.sms_twilio.inbound import add_inbound_route

log = logging.getLogger(__name__)

#: Twilio's message statuses that settle something; the rest (queued, sending, ...) are progress only.
STATUS_MAP = {"sent": MessageStatus.SENT, "delivered": MessageStatus.DELIVERED,
              "undelivered": MessageStatus.FAILED, "failed": MessageStatus.FAILED}


class ReceiptSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    MessageSid = fields.String(required=True, validate=MESSAGE_SID)
    MessageStatus = fields.String(required=True, validate=validate.Length(max=20))
    ErrorCode = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{0,6}$"))


class QuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    message_id = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f-]{36}$"))


def make_blueprint(mad, settings):
    """The status-callback blueprint for one app. Called by the plugin's ``register_blueprints``."""
    blueprint = Blueprint("sms_twilio", __name__, url_prefix=CALLBACK_PATH.rsplit("/", 1)[0])
    validator = RequestValidator(settings["auth_token"])
    base = (settings.get("public_base_url") or "").rstrip("/")
    # Twilio cannot fetch a CSRF token; the signature is this route's proof of origin instead.
    blueprint.record_once(lambda state: state.app.extensions["csrf"].exempt(blueprint))

    @blueprint.post("/status")
    @public
    def status():
        """Store one delivery receipt; 204 when accepted (even if it changed nothing), 403 if forged."""
        query = request.query_string.decode("ascii", "replace")
        url = f"{base}{request.path}" + (f"?{query}" if query else "")
        signature = request.headers.get("X-Twilio-Signature", "")
        if not base or not validator.validate(url, request.form.to_dict(), signature):
            log.warning("twilio callback with a bad signature refused")
            return "Signature does not match", 403
        try:
            message_id = QuerySchema().load(request.args)["message_id"]
            receipt = ReceiptSchema().load(request.form)
        except ValidationError as exc:
            return f"Invalid delivery receipt: {sorted(exc.messages)}", 400
        status = STATUS_MAP.get(receipt["MessageStatus"])
        if status is None:
            return "", 204
        reason = undelivered_reason(receipt["MessageStatus"], receipt["ErrorCode"]) if status == "failed" else None
        stored = record_delivery_status(mad, message_id, status, reason=reason, provider_reference=receipt["MessageSid"])
        log.info("twilio receipt", extra={"message_id": message_id, "status": receipt["MessageStatus"],
                                          "stored": stored})
        return "", 204

    add_inbound_route(blueprint, mad, settings, validator, base, "sms_twilio")
    return blueprint
