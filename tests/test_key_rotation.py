"""`mad keys rotate` re-encrypts replies, satisfaction answers, referrals and their PDFs as well as messages."""

import uuid
from datetime import date

from sqlalchemy import select

from core.crypto import Keyring, generate_key
from core.db import Database
from core.key_rotation import rotate_all
from core.models import InboundReply, Message, MessageAttachment, Referral, SatisfactionCheck, Victim
from core.victims.service import record_victim
from tests.conversations.conftest import VICTIM_E164, reply, send
from tests.victims.conftest import VICTIM


def _tokens(db, table, column):
    with db.transaction() as connection:
        return sorted(str(v) for (v,) in connection.exec_driver_sql(f"SELECT {column} FROM {table}") if v is not None)


def test_rotation_covers_replies_answers_referrals_and_attachments(make_mad_app, database):
    app = make_mad_app(database=database)
    mad = app.extensions["mad"]
    closing = send(mad, template="crime_closed_nfa")
    reply(mad, "Please ring after six")
    with mad.session() as session:
        session.add(SatisfactionCheck(crime_reference="06/123456/26", closing_message_id=closing.id, locale="en",
                                      score=3, follow_up_answer="Keep me posted"))
        session.add(Referral(id=str(uuid.uuid4()), idempotency_key="rotate-1", type_name="encompass",
                             crime_reference="06/123456/26", summary="1 child(ren), 1 school(s)",
                             data={"children": [{"name": "Amira Example"}]}))
        session.add(MessageAttachment(message_id=closing.id, filename="referral.pdf", content_type="application/pdf",
                                      data=b"%PDF-1.4 Amira Example"))
    secret, old_keys = mad.config.secret_key, mad.db.keyring.keys
    columns = [("inbound_replies", "sender"), ("inbound_replies", "body"), ("satisfaction_checks", "follow_up_answer"),
               ("referrals", "data"), ("message_attachments", "data")]
    before = {c: _tokens(mad.db, *c) for c in columns}
    url = mad.db.url
    mad.db.dispose()

    new_key = generate_key()
    rotating = Database(url, keyring=Keyring([new_key, *old_keys], secret))
    assert rotate_all(rotating, batch_size=1) >= 5
    rotating.dispose()

    only_new = Database(url, keyring=Keyring([new_key], secret))  # the old key is gone now
    assert all(_tokens(only_new, *c) != before[c] for c in columns)
    with only_new.session() as session:
        found = session.scalars(select(InboundReply)).one()
        assert (found.sender, found.body) == (VICTIM_E164, "Please ring after six")
        assert found.sender_hash == only_new.keyring.lookup_hash(VICTIM_E164)
        assert session.scalars(select(SatisfactionCheck)).one().follow_up_answer == "Keep me posted"
        assert session.scalars(select(Referral)).one().data == {"children": [{"name": "Amira Example"}]}
        assert session.scalars(select(MessageAttachment)).one().data == b"%PDF-1.4 Amira Example"
        assert session.scalars(select(Message)).one().recipient == VICTIM_E164
    only_new.dispose()


def test_rotation_covers_recorded_victims_and_their_look_up_hashes(make_mad_app, database, signed_in):
    app = make_mad_app(database=database)
    mad = app.extensions["mad"]
    _, officer = signed_in(app)
    victim = record_victim(mad, {**VICTIM, "oic_name": officer.display_name}, officer, today=date.today())
    with mad.session() as session:
        session.get(Victim, victim.id).plan_avoid = "Not before 10am"
    secret, old_keys = mad.config.secret_key, mad.db.keyring.keys
    columns = [("victims", "name"), ("victims", "phone"), ("victims", "email"), ("victims", "plan_avoid")]
    before = {c: _tokens(mad.db, *c) for c in columns}
    url = mad.db.url
    mad.db.dispose()

    new_key = generate_key()
    rotating = Database(url, keyring=Keyring([new_key, *old_keys], secret))
    assert rotate_all(rotating, batch_size=1) >= 1
    rotating.dispose()

    only_new = Database(url, keyring=Keyring([new_key], secret))
    assert all(_tokens(only_new, *c) != before[c] for c in columns)
    with only_new.session() as session:
        found = session.get(Victim, victim.id)
        assert (found.name, found.email, found.plan_avoid) == ("Jo Bloggs", "jo.bloggs@example.org", "Not before 10am")
        assert found.email_hash == only_new.keyring.lookup_hash("jo.bloggs@example.org")
    only_new.dispose()
