"""Webhook endpoints and the deliveries outbox: register, store, sign, send, retry, list.

Called by the built-in ``track_event`` listener (``core.defaults.webhooks``), the dispatcher and
Celery beat's sweep (:func:`deliver_due`), the admins' page and ``mad webhooks ...``.
"""

import base64
import json
import logging
import secrets
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import func, select, update
from standardwebhooks.webhooks import Webhook

from core.events import EVENT_CLASSES
from core.db import utcnow
from core.messaging.retry import MESSAGE, decide
from core.settings_help import is_loopback_host
from core.models.api import WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

#: The integrator events a partner may subscribe to: every event class of :mod:`core.events`.
EVENT_TYPES = tuple(sorted(EVENT_CLASSES))
TIMEOUT_SECONDS = 10.0
#: A claimed delivery not finished within this long (its sender died) goes back to pending.
LEASE_SECONDS = 6 * TIMEOUT_SECONDS
#: Deliveries one pass of the dispatcher or one Celery task sends at most.
BATCH = 20
PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"


class EndpointInvalid(Exception):
    """An endpoint cannot be registered as asked; ``errors`` maps each field to what to fix."""

    def __init__(self, errors):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check_url(url):
    """A problem with ``url`` in words, or None: https, or http on loopback only (for testing)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "Enter the full address the partner gave, starting https://"
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        return "Use an https:// address: events are only sent in plain http to this machine (for testing)"
    return None


def register_endpoint(mad, url, event_types, created_by, description=""):
    """Store an endpoint for ``event_types``; return ``(endpoint_id, secret)`` (the secret is shown once)."""
    errors = {}
    if problem := check_url(url):
        errors["url"] = problem
    chosen = list(dict.fromkeys(event_types or ()))
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown or not chosen:
        errors["event_types"] = f"Choose one or more events from: {', '.join(EVENT_TYPES)}"
    if errors:
        raise EndpointInvalid(errors)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    with mad.session() as session:
        row = WebhookEndpoint(url=url, event_types=chosen, secret=secret, description=description[:200],
                              created_by=created_by)
        session.add(row)
        session.flush()
        return row.id, secret


def disable_endpoint(mad, endpoint_id):
    """Stop sending to an endpoint (its deliveries stay listed); True if it was active."""
    with mad.session() as session:
        row = session.get(WebhookEndpoint, endpoint_id)
        if row is None or row.disabled_at is not None:
            return False
        row.disabled_at = utcnow()
        return True


def list_endpoints(mad):
    """Every endpoint, newest first, detached."""
    with mad.session() as session:
        rows = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id.desc())).all()
        session.expunge_all()
        return rows


def list_deliveries(mad, limit=200):
    """The latest deliveries with their attempts, newest first, detached."""
    with mad.session() as session:
        rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.created_at.desc())
                               .limit(limit)).all()
        for row in rows:
            list(row.tries)
        session.expunge_all()
        return rows


def payload_for(event, now):
    """What a partner receives: the event's type, when, and its ids and states (never personal data)."""
    return {"type": event.name, "timestamp": now.isoformat(), "data": event.ids_and_states()}


#: The event types of every active endpoint (built once: run for every event).
_ACTIVE_SUBSCRIPTIONS = select(WebhookEndpoint.event_types).where(WebhookEndpoint.disabled_at.is_(None))


def enqueue(mad, event, now=None):
    """Store one delivery per active endpoint subscribed to ``event.name``; return their ids.

    Called for every event (several per message sent), so it first asks, without a transaction
    or the ORM, whether any active endpoint subscribes to it: with none, it costs one small query.
    """
    with mad.db.read() as connection:
        if not any(event.name in (types or ()) for types in connection.execute(_ACTIVE_SUBSCRIPTIONS).scalars()):
            return []
    now = now or utcnow()
    ids = []
    with mad.session() as session:
        endpoints = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.disabled_at.is_(None))).all()
        for endpoint in endpoints:
            if event.name not in endpoint.event_types:
                continue
            delivery = WebhookDelivery(id="msg_" + uuid.uuid4().hex, endpoint_id=endpoint.id, event_type=event.name,
                                       payload=payload_for(event, now), status=PENDING, attempts=0,
                                       created_at=now, next_attempt_at=now)
            session.add(delivery)
            ids.append(delivery.id)
    return ids


def signed_request(delivery, secret, now):
    """``(body, headers)`` for a delivery, signed by the Standard Webhooks scheme."""
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True)
    signature = Webhook(secret).sign(delivery.id, now, body)
    return body, {"content-type": "application/json", "webhook-id": delivery.id,
                  "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": signature,
                  "user-agent": "MaD-Toolkit-Webhooks/1"}


def _claim(mad, delivery_id, now):
    """Take a due delivery (``pending`` → ``sending``, leased until ``now + LEASE_SECONDS``); True if won."""
    with mad.session() as session:
        claimed = session.execute(update(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.status == PENDING,
            WebhookDelivery.next_attempt_at <= now).values(
                status=SENDING, next_attempt_at=now + timedelta(seconds=LEASE_SECONDS)))
        return claimed.rowcount == 1


def sweep_stuck(mad, now=None):
    """Put deliveries whose sender died mid-send (``sending`` past the lease) back to pending; return how many.

    Called by the dispatcher's sweep and Celery beat's ``mad.sweep``. Sent again with the same
    ``webhook-id``, so a receiver that got the first copy can tell.
    """
    now = now or utcnow()
    with mad.session() as session:
        return session.execute(update(WebhookDelivery).where(
            WebhookDelivery.status == SENDING, WebhookDelivery.next_attempt_at <= now).values(
                status=PENDING, next_attempt_at=now)).rowcount


def due_count(mad, now=None):
    """How many deliveries are due now (Celery beat's sweep enqueues a task when any are)."""
    now = now or utcnow()
    with mad.session() as session:
        return session.scalar(select(func.count()).where(WebhookDelivery.status == PENDING,
                                                         WebhookDelivery.next_attempt_at <= now)) or 0


def _attempt(mad, delivery_id, now, post):
    with mad.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        body, headers = signed_request(delivery, delivery.endpoint.secret, now)
        url = delivery.endpoint.url
    status_code, error = None, None
    try:
        response = post(url, data=body.encode(), headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"The receiver answered HTTP {status_code}"
    except requests.RequestException as exc:
        error = f"Could not reach the receiver: {type(exc).__name__}"
    with mad.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        delivery.attempts += 1
        session.add(WebhookAttempt(delivery_id=delivery_id, at=now, status_code=status_code, error=error))
        if error is None:
            delivery.status, delivery.delivered_at, delivery.last_error = DELIVERED, now, None
        else:
            # The same retry window as messages, from when the event was stored.
            decision = decide(mad.config.dispatcher, MESSAGE, delivery.created_at, delivery.attempts, error, now)
            if decision.next_attempt_at is None:
                delivery.status, delivery.last_error = FAILED, decision.reason
            else:
                delivery.status, delivery.last_error = PENDING, error
                delivery.next_attempt_at = decision.next_attempt_at
        return delivery.status


def deliver_due(mad, now=None, post=requests.post, limit=None):
    """Try each delivery that is due at ``now`` once (up to ``limit``); return how many were delivered.

    Called by the sender thread after events are stored, by Celery task ``mad.deliver_webhooks``
    (enqueued by beat's sweep), by ``mad webhooks deliver`` and by tests with a fake clock. A
    delivery is claimed before it is sent, so two callers never send it twice.
    """
    now = now or utcnow()
    with mad.session() as session:
        due = session.scalars(select(WebhookDelivery.id).where(WebhookDelivery.status == PENDING,
                                                                WebhookDelivery.next_attempt_at <= now)
                              .order_by(WebhookDelivery.next_attempt_at).limit(limit)).all()
    delivered = 0
    for delivery_id in due:
        if _claim(mad, delivery_id, now):
            delivered += _attempt(mad, delivery_id, now, post) == DELIVERED
    return delivered


def next_due(mad):
    """When the next pending delivery is due, or None."""
    with mad.session() as session:
        return session.scalar(select(WebhookDelivery.next_attempt_at).where(WebhookDelivery.status == PENDING)
                              .order_by(WebhookDelivery.next_attempt_at).limit(1))


class Sender:
    """A background thread per toolkit that sends stored deliveries and their retries, then ends.

    Started by the embedded dispatcher (:meth:`core.dispatcher.Dispatcher.wake_webhooks`) when an
    event is stored and on each pass that finds a delivery due (so deliveries stored before a
    restart are sent), never in the dispatcher's own thread: a slow receiver does not hold up
    victims' messages. In celery mode workers send instead (``mad.deliver_webhooks``).
    """

    def __init__(self, mad):
        self.mad = mad
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.thread = None

    def start(self):
        """Send what is due now, in the background (a thread already running is woken instead)."""
        with self.lock:
            self.wake.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="mad-webhooks", daemon=True)
                self.thread.start()

    def _run(self):
        while True:
            self.wake.clear()
            try:
                deliver_due(self.mad)
                due = next_due(self.mad)
            except Exception:
                log.exception("webhook delivery pass failed")
                return
            if due is None:
                with self.lock:
                    if not self.wake.is_set():
                        self.thread = None
                        return
                continue
            self.wake.wait(max(0.0, (due - utcnow()).total_seconds()))
