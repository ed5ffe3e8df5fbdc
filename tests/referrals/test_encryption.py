"""A referral's children's details and the PDF sent with it are stored encrypted, and read back whole."""

from core.referrals import service
from tests.referrals.factories import CRIME, encompass_payload


def _raw(mad, table):
    """Every cell of ``table`` as the database holds it (a plain SQL select, no model, no decryption)."""
    with mad.db.transaction() as connection:
        return [cell for row in connection.exec_driver_sql(f"SELECT * FROM {table}") for cell in row]


def test_the_childs_name_voice_and_the_pdf_are_ciphertext_in_the_database(encompass_app, database):
    mad = encompass_app(database=database).extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload())
    referral_id, _ = service.make(mad, prepared, None, idempotency_key="encrypted-1")

    stored = " ".join(str(cell) for cell in _raw(mad, "referrals"))
    for words in ("Amira Example", "14/05/2017", "I heard shouting", "Verbal argument", "12 Example Road"):
        assert words not in stored
    assert CRIME in stored  # the crime reference stays readable for lists and look-ups
    files = [bytes(cell) for cell in _raw(mad, "message_attachments") if isinstance(cell, (bytes, memoryview))]
    assert files and not any(f.startswith(b"%PDF") or b"Amira" in f for f in files)

    referral = service.get(mad, referral_id)
    assert referral.data["children"][0]["name"] == "Amira Example"
    assert referral.data["voice_words"] == "I heard shouting and I was scared."
    assert referral.notifications[0].message.attachments[0].data.startswith(b"%PDF")


def test_the_migration_encrypts_referrals_and_files_stored_before_it(tmp_path):
    from sqlalchemy import select

    from core import migrate
    from core.crypto import Keyring, generate_key
    from core.db import Database
    from core.models import MessageAttachment, Referral

    db = Database(f"sqlite:///{tmp_path / 'before.sqlite3'}", keyring=Keyring([generate_key()], "s" * 40))
    migrate.upgrade(db, "0013_referrals")
    with db.transaction() as connection:
        connection.exec_driver_sql(
            "INSERT INTO referrals (id, idempotency_key, type_name, crime_reference, summary, data, created_by_name)"
            " VALUES ('f1', 'k1', 'encompass', '06/123456/26', '1 child(ren)',"
            " '{\"children\": [{\"name\": \"Amira Example\"}]}', 'PC 1')")
        connection.exec_driver_sql(
            "INSERT INTO messages (id, idempotency_key, crime_reference, template_id, kind, channel, locale,"
            " recipient_masked, status, attempts) VALUES ('m1', 'mk1', '06/123456/26', 't', 'email', 'sandbox_email',"
            " 'en', 'd***@example.org', 'sent', 1)")
        connection.exec_driver_sql(
            "INSERT INTO message_attachments (message_id, filename, content_type, data) VALUES"
            " ('m1', 'referral.pdf', 'application/pdf', X'255044462D416D697261')")  # "%PDF-Amira"

    migrate.upgrade(db)

    with db.transaction() as connection:
        raw = str(connection.exec_driver_sql("SELECT * FROM referrals").all())
        raw += str(connection.exec_driver_sql("SELECT * FROM message_attachments").all())
    assert "Amira" not in raw and "%PDF" not in raw
    with db.session() as session:
        assert session.scalars(select(Referral)).one().data == {"children": [{"name": "Amira Example"}]}
        assert session.scalars(select(MessageAttachment)).one().data == b"%PDF-Amira"
    db.dispose()
