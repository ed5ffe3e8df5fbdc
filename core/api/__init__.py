"""The integrators' face: REST API v1 (``/api/v1/``), tokens and scopes, and signed webhooks.

Thin over the same services the web pages use: a send goes through ``core.messaging.service``,
a crime's chronology is read from the same tables as the crime page, services come from the
directory finder, referrals from ``core.referrals``.
"""
