"""Re-encrypt every stored contact detail and message text under the current key (``mad keys rotate``).

Put the new key first in ``MAD_ENCRYPTION_KEYS`` (keep the old ones after it), run
``mad keys rotate``, then remove the old keys. Rows are read and written in batches, each batch in
its own transaction, so a large outbox is rotated without one long lock and a stopped rotation can
simply be run again (a token already under the current key is re-encrypted harmlessly).
The look-up hashes are recomputed too, so rotating ``MAD_SECRET_KEY`` is followed by a rotation as well
(an opt-out keeps only the hash of its number, so it cannot be re-hashed: see the README).
"""

import sqlalchemy as sa

#: Every encrypted column, by table (the models use core.crypto.EncryptedText / EncryptedJSON).
ENCRYPTED_COLUMNS = {
    "messages": ("recipient", "subject", "body", "body_html", "english_body", "fields"),
    "sandbox_captures": ("recipient", "subject", "body", "body_html"),
    "inbound_replies": ("sender", "body"),
    "satisfaction_checks": ("follow_up_answer",),
    "referrals": ("data",),
    "message_attachments": ("data",),
    "victims": ("name", "phone", "email", "communication_needs", "plan_avoid"),
    "care_duties": ("rationale",),
    "ring_backs": ("notes", "follow_up"),
}

#: Columns holding bytes (files), not text tokens.
BINARY_COLUMNS = {"message_attachments": ("data",)}

#: The look-up hashes kept beside encrypted columns, by table: ((encrypted column, hash column), ...).
HASHED_COLUMNS = {"messages": (("recipient", "recipient_hash"),), "inbound_replies": (("sender", "sender_hash"),),
                  "victims": (("phone", "phone_hash"), ("email", "email_hash"))}


def _raw_table(name, columns):
    """The table with its encrypted columns as plain text (or bytes): tokens are read and written untouched."""
    extra = [sa.column(hash_column, sa.String()) for _, hash_column in HASHED_COLUMNS.get(name, ())]
    binary = BINARY_COLUMNS.get(name, ())
    return sa.table(name, sa.column("id"), *(sa.column(c, sa.LargeBinary() if c in binary else sa.Text())
                                             for c in columns), *extra)


def rows_to_rotate(db):
    """How many rows :func:`rotate_all` will visit (for the progress bar)."""
    with db.transaction() as connection:
        return sum(connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
                   for name in ENCRYPTED_COLUMNS)


def rotate_all(db, batch_size=500, progress=None):
    """Re-encrypt every encrypted value of ``db`` (a :class:`core.db.Database`) under its current key.

    Called by ``mad keys rotate``; ``progress(n)`` is told after each batch how many rows it held.
    Returns the number of rows visited.
    """
    ring, visited = db.keyring, 0
    for name, columns in ENCRYPTED_COLUMNS.items():
        table = _raw_table(name, columns)
        last_id = None
        while True:
            with db.transaction() as connection:
                query = sa.select(table).order_by(table.c.id).limit(batch_size)
                if last_id is not None:
                    query = query.where(table.c.id > last_id)
                rows = connection.execute(query).mappings().all()
                for row in rows:
                    values = {c: ring.rotate(row[c]) for c in columns if row[c] is not None}
                    for source, hash_column in HASHED_COLUMNS.get(name, ()):
                        value = row[source]
                        values[hash_column] = ring.lookup_hash(ring.decrypt(value)) if value else None
                    if values:
                        connection.execute(table.update().where(table.c.id == row["id"]).values(**values))
            if not rows:
                break
            last_id = rows[-1]["id"]
            visited += len(rows)
            if progress:
                progress(len(rows))
    return visited
