"""The victim's own words in an email reply: the plain-text part, without the quoted message below.

Mail programs quote the message being answered under a line such as "On 2 Dec 2026, Testshire
Police wrote:" or "-----Original Message-----", or with "> " before each line. Those are cut, so
the officer reads the reply, not our own update again. An email with only HTML is reduced to its
text.
"""

import html
import re
from email import message_from_bytes, policy
from email.utils import parseaddr

#: Lines where the quoted original starts (English, Welsh and the mail programs' own words).
QUOTE_STARTS = re.compile(
    r"^\s*(On .{1,200} wrote:|Ar .{1,200} ysgrifennodd.{0,200}:|-{2,}\s*Original Message\s*-{2,}|From: .+|"
    r"_{10,}|Sent from my .{1,40})\s*$", re.I)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def own_words(text):
    """``text`` up to where the quoted original starts, with quoted ("> ") lines dropped."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if QUOTE_STARTS.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()


def parse_reply(raw):
    """``(message_id, sender, words)`` of an email given as bytes; message_id may be None.

    Called by :mod:`plugins.email_smtp.mailbox` for each unread message.
    """
    message = message_from_bytes(raw, policy=policy.default)
    sender = parseaddr(str(message.get("From", "")))[1]
    message_id = str(message.get("Message-ID", "")).strip() or None
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return message_id, sender, ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = html.unescape(_TAGS.sub("\n", content))
    return message_id, sender, own_words(content)
