"""Victims' contact details and message text are encrypted at rest; keys rotate with `mad keys rotate`."""

import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from core.cli import main
from core.config import ConfigError, parse_config
from core.crypto import Keyring, generate_key
from core.models import Message, SandboxCapture
from core.testing import base_config
from tests.helpers import SMS_UPDATE, preview_and_send

SECRET = "s" * 40


def _raw(path, sql):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def _send_one(app, signed_in, **changes):
    client, _officer = signed_in(app)
    preview_and_send(client, "crime_reference_assigned", {**SMS_UPDATE, **changes})
    app.extensions["mad"].dispatcher.drain()


def test_the_stored_number_and_text_are_ciphertext_and_read_back_as_sent(app, signed_in):
    _send_one(app, signed_in)
    db_path = app.extensions["mad"].db.engine.url.database
    everything = " ".join(str(cell) for table in ("messages", "sandbox_captures")
                          for row in _raw(db_path, f"SELECT * FROM {table}") for cell in row)
    assert "7700900123" not in everything and "crime reference is" not in everything
    assert "PC 1234 Jones" not in everything  # the message's fields too
    assert "+4477009***23" in everything  # the masked recipient stays readable for the pages
    with app.extensions["mad"].session() as session:
        message = session.scalars(select(Message)).one()
        capture = session.scalars(select(SandboxCapture)).one()
    assert message.recipient == capture.recipient == "+447700900123"
    assert "06/123456/26" in message.body and message.fields["officer_name"] == "PC 1234 Jones"


def test_messages_to_one_number_are_found_by_the_keyed_hash(app, signed_in):
    _send_one(app, signed_in)
    _send_one(app, signed_in, recipient="07700 900456")
    mad = app.extensions["mad"]
    with mad.session() as session:
        found = session.scalars(select(Message).where(
            Message.recipient_hash == mad.db.keyring.lookup_hash("+447700900123"))).all()
    assert [m.recipient for m in found] == ["+447700900123"]


def test_a_bad_key_stops_start_up_saying_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="key 2 is not a Fernet key.*mad keys generate"):
        parse_config(base_config(), tmp_path, environ={"MAD_SECRET_KEY": SECRET,
                                                       "MAD_ENCRYPTION_KEYS": f"{generate_key()},not-a-key"})


def test_without_the_key_that_encrypted_them_details_are_not_readable():
    old, new = Keyring([generate_key()], SECRET), Keyring([generate_key()], SECRET)
    with pytest.raises(ValueError, match="put back the key they were encrypted with"):
        new.decrypt(old.encrypt("+447700900123"))


def test_mad_keys_rotate_re_encrypts_everything_under_the_new_key(tmp_path, monkeypatch):
    instance = str(tmp_path / "instance")
    old_key, new_key = generate_key(), generate_key()
    env = {"MAD_SECRET_KEY": SECRET, "MAD_ENCRYPTION_KEYS": old_key}
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", instance, "init"], env=env).exit_code == 0
    from core import create_app
    from core.messaging.service import prepare, queue

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    mad = create_app(instance_path=instance).extensions["mad"]
    for number in ("07700 900001", "07700 900002", "07700 900003"):
        queue(mad, prepare(mad, {**{k: v for k, v in SMS_UPDATE.items() if not k.startswith("field__")},
                                 "recipient": number, "template_id": "crime_reference_assigned",
                                 "fields": {"officer_name": "PC 1234 Jones"}}), None)
    mad.dispatcher.drain()
    mad.db.dispose()
    result = runner.invoke(main, ["--instance", instance, "keys", "rotate", "--batch-size", "2"],
                           env={**env, "MAD_ENCRYPTION_KEYS": f"{new_key},{old_key}"})
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 6 rows" in result.output  # 3 messages and their 3 sandbox captures
    monkeypatch.setenv("MAD_ENCRYPTION_KEYS", new_key)  # the old key is gone now
    mad = create_app(instance_path=instance).extensions["mad"]
    with mad.session() as session:
        assert sorted(m.recipient for m in session.scalars(select(Message))) == \
            ["+447700900001", "+447700900002", "+447700900003"]
    mad.db.dispose()


def test_the_migration_encrypts_what_was_stored_before_it(make_mad_app, tmp_path):
    from core import migrate
    from core.crypto import Keyring
    from core.db import Database

    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    db = Database(url, keyring=Keyring([generate_key()], SECRET))
    migrate.upgrade(db, "0001")
    with db.transaction() as connection:
        connection.exec_driver_sql(
            "INSERT INTO messages (id, idempotency_key, crime_reference, template_id, kind, channel, locale, recipient,"
            " recipient_masked, body, fields, status, attempts) VALUES ('m1', 'k1', '06/123456/26', 't', 'sms',"
            " 'sandbox_sms', 'en', '+447700900123', '+4477009***23', 'Your crime reference is 06/123456/26',"
            " '{\"officer_name\": \"PC 1\"}', 'sent', 1)")
    migrate.upgrade(db)
    assert "7700900123" not in str(_raw(tmp_path / "before.sqlite3", "SELECT * FROM messages"))
    with db.session() as session:
        message = session.get(Message, "m1")
        assert (message.recipient, message.fields) == ("+447700900123", {"officer_name": "PC 1"})
        assert message.recipient_hash == db.keyring.lookup_hash("+447700900123")
    db.dispose()
