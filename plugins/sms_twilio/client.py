"""The twilio library's client, optionally pointed at another address (a stand-in or a proxy)."""

import logging
from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client


class RewritingHttpClient(TwilioHttpClient):
    """The library's own HTTP client, sending to ``api_base_url`` with every path and field kept.

    Twilio's edge and region settings cannot name an arbitrary host, so tests (and forces behind
    an outbound proxy) rewrite scheme and host here.
    """

    def __init__(self, api_base_url=None, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.base = urlsplit(api_base_url) if api_base_url else None
        self.timeout = timeout  # (connect, read) for requests; the base class accepts only one number

    def request(self, method, url, *args, **kwargs):
        """Send as the library would, to the configured host."""
        if self.base is not None:
            parts = urlsplit(url)
            url = urlunsplit((self.base.scheme, self.base.netloc, self.base.path.rstrip("/") + parts.path,
                              parts.query, parts.fragment))
        return super().request(method, url, *args, **kwargs)


#: The library logs every request's query string at INFO, and a lookup's query holds the victim's
#: number: its logger is kept at WARNING so that no log configuration lets a number through.
HTTP_LOG = logging.getLogger("plugins.sms_twilio.http")
HTTP_LOG.setLevel(logging.WARNING)


class RedactQueryStrings(logging.Filter):
    """Cut the query string from URLs that urllib3 logs at DEBUG (a lookup's holds a victim's number)."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(a.split("?", 1)[0] + "?…" if isinstance(a, str) and "?" in a else a
                                for a in record.args)
        return True


def redact_urllib3_logs():
    """Install :class:`RedactQueryStrings` on urllib3's request log once. Called by :func:`make_client`."""
    pool_log = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactQueryStrings) for f in pool_log.filters):
        pool_log.addFilter(RedactQueryStrings())


def make_client(settings):
    """A twilio ``Client`` for the ``sms_twilio`` settings. Called once by the channel."""
    redact_urllib3_logs()
    http = RewritingHttpClient(settings.get("api_base_url"), logger=HTTP_LOG,
                               timeout=(settings["connect_timeout_seconds"], settings["read_timeout_seconds"]))
    return Client(settings["account_sid"], settings["auth_token"], http_client=http)
