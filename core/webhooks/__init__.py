"""Signed webhooks: the integrator events (the event classes of ``core/events.py``) delivered to partners' URLs.

Each event is stored in an outbox (one delivery per subscribed endpoint) before anything is sent,
signed by the Standard Webhooks scheme (``webhook-id``, ``webhook-timestamp``,
``webhook-signature``), and retried with the same windows as messages until it lands or gives up.
"""
