"""Factories for conversation tests: an app, a message sent to a victim, a reply from them."""

import itertools
import uuid

import pytest
from sqlalchemy import select

from core.messaging.service import prepare, queue
from core.models import InboundReply, Message, OptOut, RecordsEntry
from core.toolkit import InboundMessage, receive_inbound

LOCALES = ["en", "cy", "ar", "ur", "pl", "ro"]
VICTIM = "07700 900123"
VICTIM_E164 = "+447700900123"
_counter = itertools.count()


@pytest.fixture
def conv_app(make_mad_app):
    """Factory: an app offering every shipped language, with ``[conversations]`` changes."""

    def make(database="sqlite", **conversations):
        from core.testing import base_config

        config = base_config(locales=LOCALES)
        if conversations:
            config["conversations"] = conversations
        return make_mad_app(config=config, database=database)

    return make


def send(mad, reference="06/123456/26", recipient=VICTIM, template="crime_reference_assigned", kind="sms",
         locale="en", user=None, fields=None):
    """Store one message through the real send service and deliver it; return it."""
    fields = fields or ({"officer_name": "PC 1234 Jones"} if template != "crime_closed_nfa"
                        else {"officer_name": "PC 1234 Jones", "reason": "no_suspect"})
    request = {"crime_reference": reference, "kind": kind, "recipient": recipient, "locale": locale,
               "template_id": template, "fields": fields}
    message, _ = queue(mad, prepare(mad, request), user)
    mad.dispatcher.drain()
    return message


def reply(mad, body, sender=VICTIM_E164, kind="sms", channel="sandbox_sms", provider_id=None):
    """Hand in a victim's reply as a channel would; return ``(reply_id, created)``."""
    provider_id = provider_id or f"SM{uuid.uuid4().hex}"
    return receive_inbound(mad, InboundMessage(channel=channel, kind=kind, provider_message_id=provider_id,
                                               sender=sender, body=body))


def stored_reply(mad, reply_id):
    with mad.session() as session:
        return session.get(InboundReply, reply_id)


def replies(mad):
    with mad.session() as session:
        return session.scalars(select(InboundReply).order_by(InboundReply.received_at)).all()


def entries(mad, reference, entry_type=None):
    with mad.session() as session:
        query = select(RecordsEntry).where(RecordsEntry.crime_reference == reference)
        if entry_type:
            query = query.where(RecordsEntry.entry_type == entry_type)
        return session.scalars(query.order_by(RecordsEntry.created_at)).all()


def opt_outs(mad):
    with mad.session() as session:
        return session.scalars(select(OptOut)).all()


def messages(mad, template=None):
    with mad.session() as session:
        query = select(Message).order_by(Message.created_at)
        if template:
            query = query.where(Message.template_id == template)
        return session.scalars(query).all()
