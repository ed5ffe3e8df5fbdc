"""Test factories: rows and request bodies made in one line (like GOV.UK Notify's tests/app/db.py).

Each factory stores through the same service the toolkit uses, so a test's data is real data.
"""

import threading

from sqlalchemy import select

from core import hookimpl
from core.api.tokens import SCOPES, create_token
from core.events import MessageFailed, MessageSent, RecordsEntryWritten
from core.messaging.service import prepare, queue
from core.models import Message, RecordsEntry, RecordsWrite
from core.toolkit import Channel, SendResult

ALL_SCOPES = tuple(SCOPES)


def make_token(app, scopes=ALL_SCOPES, name="Records system", days=None):
    """A stored API token; returns ``(made, headers)`` where headers carry ``Authorization: Bearer``."""
    made = create_token(app.extensions["mad"], name, list(scopes), "tests", days=days)
    return made, {"Authorization": f"Bearer {made.secret}"}


def send_body(**overrides):
    """A valid API send: the crime-closed update by text message, in English, for a fictional victim."""
    body = {"template_id": "crime_closed_nfa", "crime_reference": "06/123456/26", "kind": "sms",
            "recipient": "07700 900123", "locale": "en",
            "fields": {"officer_name": "PC 1234 Jones", "reason": "insufficient_evidence"}}
    body.update(overrides)
    return body


def update_request(**overrides):
    """An officer's valid send, as ``core.messaging.service.prepare`` takes it.

    The crime-reference update by text message, in English, to a fictional victim; override any
    key (``locale="cy"``, ``kind="email", recipient="victim@example.org"``, ``fields={...}``).
    """
    request = {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123", "locale": "en",
               "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}
    request.update(overrides)
    return request


class ScriptedChannel(Channel):
    """An SMS channel that answers each send from a script: an exception to raise, or success."""

    name = "scripted_sms"
    kind = "sms"

    def __init__(self, script=(), lookup_answer=None):
        self.script = list(script)
        self.lookup_answer = lookup_answer
        self.delivered = []
        self.calls = 0
        self.lock = threading.Lock()

    def send(self, message):
        with self.lock:
            self.calls += 1
            outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        with self.lock:
            self.delivered.append(message.id)
        return SendResult(provider_reference=f"SM{message.id[:8]}")

    def lookup(self, message_id):
        return self.lookup_answer


class ChannelPlugin:
    """A plugin registering ``channel`` and keeping the message and records events it hears."""

    def __init__(self, channel):
        self.channel = channel
        self.events = []

    @hookimpl
    def register_channels(self, mad):
        return [self.channel]

    @hookimpl
    def track_event(self, event):
        if isinstance(event, MessageSent):
            self.events.append(("sent", event.message_id))
        elif isinstance(event, MessageFailed):
            self.events.append(("failed", event.message_id, event.reason))
        elif isinstance(event, RecordsEntryWritten):
            self.events.append(("written", event.entry_id, event.writer))


def send(mad, **changes):
    """Queue an officer's update (:func:`update_request` with ``changes``) as the web form does; return its id."""
    message, _ = queue(mad, prepare(mad, update_request(**changes)), None)
    return message.id


def load(mad, message_id):
    """``(message, its records entry, the entry's writes)``, detached, for assertions."""
    with mad.session() as session:
        message = session.get(Message, message_id)
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id))
        writes = session.scalars(select(RecordsWrite).where(RecordsWrite.entry_id == entry.id)).all()
        return message, entry, writes
