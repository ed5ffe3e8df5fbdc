"""Logs never carry secrets or victims' words, at any level.

Some libraries print whole payloads when logging is turned up: zeep logs every SOAP envelope at
DEBUG (the PoliceWorks password in its WS-Security header, the message text in the chronology
entry), the twilio library logs each request with its body, urllib3 logs request lines with their
query strings (a lookup's holds a victim's number), Authlib may log tokens. Their loggers are
capped at WARNING here, once per process, and a filter on the payload loggers drops anything below
WARNING even if a later configuration lowers their level. smtplib writes its debug output to stderr
(not logging) only after ``set_debuglevel``, which the toolkit never calls.
"""

import logging

#: Logger names whose records below WARNING may hold payloads.
PAYLOAD_LOGGERS = ("zeep", "zeep.transports", "zeep.wsdl", "zeep.xsd", "urllib3", "urllib3.connectionpool",
                   "twilio", "twilio.http_client", "authlib", "requests_oauthlib", "smtplib")


class DropBelowWarning(logging.Filter):
    """Let only WARNING and above through (errors say what failed, never with the payload)."""

    def filter(self, record):
        return record.levelno >= logging.WARNING


def cap_payload_loggers():
    """Cap every logger in :data:`PAYLOAD_LOGGERS` at WARNING. Called when a toolkit is built; safe to repeat."""
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
        if not any(isinstance(f, DropBelowWarning) for f in logger.filters):
            logger.addFilter(DropBelowWarning())
