"""Victims' email replies, read from the force's mailbox over IMAP (``imapclient``).

Called through the ``fetch_inbound`` hook every ``[conversations] fetch_seconds``. Each unread
message is handed to the toolkit and only then flagged \\Seen, so a crash in between means the
message is read again next time and stored once (keyed by its Message-ID). A message the toolkit
cannot take is flagged \\Flagged as well as \\Seen, so the team can find it in the mailbox.
"""

import logging
import ssl

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from core.toolkit import ChannelKinds, InboundInvalid, InboundMessage
from plugins.email_smtp.reply_text import parse_reply

log = logging.getLogger(__name__)

SEEN, FLAGGED = b"\\Seen", b"\\Flagged"
#: How many messages one fetch reads at most (the rest wait for the next fetch).
BATCH = 200


def _connect(settings):
    context = ssl.create_default_context(cafile=settings.get("ca_file"))
    security = settings["security"]
    port = settings.get("port") or (993 if security == "tls" else 143)
    client = IMAPClient(settings["host"], port=port, ssl=security == "tls", ssl_context=context,
                        timeout=settings["timeout_seconds"])
    if security == "starttls":
        client.starttls(context)
    client.login(settings["username"], settings["password"])
    return client


def fetch_replies(settings, channel_name, receive):
    """Read unread messages from the mailbox in ``settings`` and hand each to ``receive``; return how many.

    Raises :class:`imapclient.exceptions.IMAPClientError` or ``OSError`` when the mailbox cannot
    be reached (the schedule logs it and tries again next time).
    """
    client = _connect(settings)
    try:
        selected = client.select_folder(settings["folder"])
        validity = selected.get(b"UIDVALIDITY", 0)
        uids = client.search(["UNSEEN"])[:BATCH]
        handed = 0
        for uid, data in client.fetch(uids, ["BODY.PEEK[]"]).items() if uids else ():
            message_id, sender, words = parse_reply(data[b"BODY[]"])
            inbound = InboundMessage(channel=channel_name, kind=ChannelKinds.EMAIL,
                                     provider_message_id=message_id or f"imap-{validity}-{uid}",
                                     sender=sender, body=words)
            try:
                receive(inbound)
            except InboundInvalid:
                log.warning("mailbox message not taken", extra={"imap_uid": uid})
                client.add_flags([uid], [SEEN, FLAGGED])
                continue
            client.add_flags([uid], [SEEN])
            handed += 1
        return handed
    finally:
        try:
            client.logout()
        except (IMAPClientError, OSError):
            pass
