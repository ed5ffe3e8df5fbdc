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
