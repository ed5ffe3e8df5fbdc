"""Opt-outs: a victim who replied STOP gets no more messages of that kind from this force.

The send service refuses to prepare a message to an opted-out number (:func:`opt_out_problem`,
shown to the officer with the alternatives), and the outbox checks once more just before
delivery (in the claim, :mod:`core.messaging.claims`, as :func:`is_opted_out` would), so a message
queued before the STOP arrived is not sent either.
Each opt-out and resumption is written into the chronology of every crime the victim received
messages about, through the records writers like any other entry.
"""

import uuid

from sqlalchemy import select

from core.constants import ChannelKinds, EntryTypes
from core.crypto import session_keyring
from core.db import utcnow
from core.models.conversations import OptOut
from core.models.records import RecordsEntry, RecordsWrite

#: Why a message queued before the victim opted out was not delivered (shown to the officer).
OPTED_OUT_REASON = ("Not sent: the victim replied STOP and has opted out of these messages. "
                    "Contact them another way (email, a call or a visit).")

_ALTERNATIVES = {ChannelKinds.SMS: "Send this message by email instead, or call the victim.",
                 ChannelKinds.EMAIL: "Send this message by text instead, or call the victim."}


def _address_hash(session, address):
    """The keyed hash an opt-out of ``address`` is stored under (the address itself is not kept)."""
    return session_keyring(session).lookup_hash((address or "").strip())


def active_opt_out(session, kind, address):
    """The active :class:`OptOut` for ``address`` (already normalised) in ``session``, or None."""
    return session.scalar(select(OptOut).where(OptOut.kind == kind, OptOut.address_hash == _address_hash(session, address),
                                               OptOut.active.is_(True)))


def is_opted_out(mad, kind, address):
    """True when ``address`` opted out of messages of ``kind``.

    Called by the outbox just before a message is handed to its channel (the last guard).
    """
    if not address:
        return False
    with mad.session() as session:
        return active_opt_out(session, kind, address) is not None


def opt_out_problem(mad, kind, address):
    """What to tell the officer when ``address`` opted out of ``kind`` messages, or None.

    Called by :func:`core.messaging.service.prepare` before the preview and again on Send.
    """
    if not address:
        return None
    with mad.session() as session:
        found = active_opt_out(session, kind, address)
        if found is None:
            return None
        when = found.changed_at.strftime("%d %B %Y").lstrip("0")
        word = found.word or "STOP"
    how = "texts" if kind == ChannelKinds.SMS else "emails"
    return (f"The victim replied {word} on {when} and has opted out: no more {how} can go to this "
            f"{'number' if kind == ChannelKinds.SMS else 'address'}. {_ALTERNATIVES[kind]}")


def chronology_entries(session, mad, references, text):
    """Store one records entry (and its writes) per crime in ``references``; in the caller's ``session``."""
    for reference in references:
        entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=reference, entry_type=text[0], text=text[1],
                             author="system")
        session.add(entry)
        session.flush()
        session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in mad.writers)


def set_opt_out(session, mad, kind, address, masked, active, word, reply_id, references):
    """Record that ``address`` opted out (``active``) or back in, in the caller's ``session``.

    Called by :func:`core.conversations.inbound.receive` in the transaction that stores the
    reply. Writes a chronology entry for each crime in ``references``. Returns True when the
    state changed (a second STOP changes nothing and writes nothing).
    """
    address_hash = _address_hash(session, address)
    found = session.scalar(select(OptOut).where(OptOut.kind == kind, OptOut.address_hash == address_hash))
    if found is None:
        if not active:
            return False
        found = OptOut(kind=kind, address_hash=address_hash, address_masked=masked, active=True)
        session.add(found)
    elif found.active == active:
        return False
    found.active, found.word, found.reply_id, found.changed_at = active, word, reply_id, utcnow()
    how = "texts" if kind == ChannelKinds.SMS else "emails"
    if active:
        entry = (EntryTypes.VICTIM_OPTED_OUT,
                 f"The victim ({masked}) replied {word}: no more {how} will be sent to them by this force "
                 f"until they reply START. Contact them another way.")
    else:
        entry = (EntryTypes.VICTIM_OPTED_IN,
                 f"The victim ({masked}) replied {word}: {how} to them may be sent again.")
    chronology_entries(session, mad, references, entry)
    return True
