"""Victims' replies, satisfaction answers and opt-outs are stored encrypted (or hashed), and still found."""

from sqlalchemy import select

from core import migrate
from core.conversations.optouts import is_opted_out
from core.crypto import Keyring, generate_key
from core.db import Database
from core.models import InboundReply, OptOut, SatisfactionCheck
from tests.conversations.conftest import VICTIM_E164, opt_outs, reply, send, stored_reply

SECRET = "s" * 40


def _raw(mad, table):
    """Every cell of ``table`` as the database holds it (a plain SQL select, no model, no decryption)."""
    with mad.db.transaction() as connection:
        return " ".join(str(cell) for row in connection.exec_driver_sql(f"SELECT * FROM {table}") for cell in row)


def test_an_email_reply_from_victim_at_example_org_in_capitals_matches_the_message_sent(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    sent = send(mad, kind="email", recipient="victim@example.org")

    reply_id, _ = reply(mad, "Thank you, that helps", sender="Victim@Example.org", kind="email",
                        channel="sandbox_email")

    found = stored_reply(mad, reply_id)
    assert (found.message_id, found.crime_reference) == (sent.id, "06/123456/26")


def test_a_text_reply_is_matched_though_the_number_is_stored_encrypted(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    sent = send(mad)
    assert VICTIM_E164 not in _raw(mad, "messages")  # so matching cannot compare the number in SQL

    reply_id, _ = reply(mad, "Is there any news?")

    assert stored_reply(mad, reply_id).message_id == sent.id


def test_the_raw_rows_hold_neither_the_replys_words_nor_the_number(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    send(mad)
    reply_id, _ = reply(mad, "My new address is 4 Sample Street")
    reply(mad, "STOP")

    stored = _raw(mad, "inbound_replies") + _raw(mad, "opt_outs")
    assert "Sample Street" not in stored and "7700900123" not in stored and "7700 900123" not in stored
    assert "+4477009***23" in stored  # the masked form stays readable for lists
    found = stored_reply(mad, reply_id)
    assert (found.sender, found.body) == (VICTIM_E164, "My new address is 4 Sample Street")
    with mad.session() as session:
        assert session.scalar(select(InboundReply.id).where(
            InboundReply.sender_hash == mad.db.keyring.lookup_hash(VICTIM_E164), InboundReply.keyword.is_(None))) == reply_id


def test_an_opt_out_keeps_only_a_hash_and_the_check_still_finds_the_number(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    send(mad, kind="email", recipient="victim@example.org")
    reply(mad, "STOP", sender="victim@example.org", kind="email", channel="sandbox_email")

    [opt_out] = opt_outs(mad)
    assert not hasattr(opt_out, "address") and "victim@example.org" not in _raw(mad, "opt_outs")
    assert is_opted_out(mad, "email", "Victim@Example.org") and is_opted_out(mad, "email", " victim@example.org ")
    assert not is_opted_out(mad, "email", "someone.else@example.org") and not is_opted_out(mad, "sms", VICTIM_E164)


def test_a_satisfaction_answer_is_stored_encrypted(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    closing = send(mad, template="crime_closed_nfa")
    with mad.session() as session:
        session.add(SatisfactionCheck(crime_reference="06/123456/26", closing_message_id=closing.id, locale="en",
                                      score=2, follow_up_answer="Nobody rang me back about the bike"))

    assert "rang me back" not in _raw(mad, "satisfaction_checks")
    with mad.session() as session:
        assert session.scalars(select(SatisfactionCheck)).one().follow_up_answer == "Nobody rang me back about the bike"


def test_the_migration_encrypts_replies_and_hashes_opt_outs_stored_before_it(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'before.sqlite3'}", keyring=Keyring([generate_key()], SECRET))
    migrate.upgrade(db, "0016_conversations")
    with db.transaction() as connection:
        connection.exec_driver_sql(
            "INSERT INTO inbound_replies (id, channel, kind, provider_message_id, sender, body, sender_masked,"
            " notify_attempts) VALUES ('r1', 'sandbox_email', 'email', 'p1', 'victim@example.org',"
            " 'Please call after six', 'v***@example.org', 0)")
        connection.exec_driver_sql(
            "INSERT INTO opt_outs (kind, address, address_masked, active) VALUES"
            " ('sms', '+447700900123', '+4477009***23', 1)")

    migrate.upgrade(db)

    with db.transaction() as connection:
        raw = str(connection.exec_driver_sql("SELECT * FROM inbound_replies").all())
        raw += str(connection.exec_driver_sql("SELECT * FROM opt_outs").all())
    assert "call after six" not in raw and "victim@example.org" not in raw and "7700900123" not in raw
    with db.session() as session:
        found = session.get(InboundReply, "r1")
        assert (found.sender, found.body) == ("victim@example.org", "Please call after six")
        assert found.sender_hash == db.keyring.lookup_hash("Victim@Example.org")
        assert session.scalars(select(OptOut)).one().address_hash == db.keyring.lookup_hash("+447700900123")
    db.dispose()
