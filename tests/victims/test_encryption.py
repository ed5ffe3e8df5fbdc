"""Recorded victims' names, numbers, email addresses and notes are stored encrypted, and still found."""

from datetime import date

from sqlalchemy import select

from core import migrate
from core.crypto import Keyring, generate_key
from core.db import Database
from core.models import RingBack, Victim, VictimContact
from core.victims.retention import purge_victims
from tests.victims.test_evidence import send

SECRET = "s" * 40


def _raw(mad, table):
    """Every cell of ``table`` as the database holds it (a plain SQL select, no model, no decryption)."""
    with mad.db.transaction() as connection:
        return " ".join(str(cell) for row in connection.exec_driver_sql(f"SELECT * FROM {table}") for cell in row)


def test_the_raw_rows_hold_neither_the_victims_name_number_nor_email(make_mad_app, database, signed_in, make_victim):
    app = make_mad_app(database=database)
    mad = app.extensions["mad"]
    _, officer = signed_in(app)
    victim = make_victim(mad, officer)
    with mad.session() as session:
        stored = session.get(Victim, victim.id)
        stored.communication_needs, stored.plan_avoid = "Deaf: text only, never ring", "Not before 10am"
        ring_back = session.scalar(select(RingBack).where(RingBack.victim_id == victim.id))
        if ring_back is None:
            ring_back = RingBack(victim_id=victim.id, due_on=date.today())
            session.add(ring_back)
        ring_back.notes = "Jo said the neighbour is back"

    stored = _raw(mad, "victims") + _raw(mad, "ring_backs")
    for clear in ("Jo Bloggs", "7700900123", "7700 900123", "jo.bloggs@example.org", "never ring",
                  "before 10am", "neighbour is back"):
        assert clear not in stored, clear
    with mad.session() as session:
        found = session.get(Victim, victim.id)
        assert (found.name, found.email, found.plan_avoid) == ("Jo Bloggs", "jo.bloggs@example.org", "Not before 10am")
        assert found.phone_hash == mad.db.keyring.lookup_hash(found.phone)
        assert found.email_hash == mad.db.keyring.lookup_hash("Jo.Bloggs@Example.org")
        assert session.scalars(select(RingBack)).one().notes == "Jo said the neighbour is back"


def test_a_message_sent_to_the_victim_still_reaches_their_care_log(make_mad_app, database, signed_in, make_victim):
    app = make_mad_app(database=database)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    other = make_victim(mad, officer, name="Sam Sample", phone="07700 900456", email="sam@example.org")

    send(client, mad, "crime_reference_assigned", kind="email", recipient=" JO.BLOGGS@example.org")

    with mad.session() as session:
        contacts = session.scalars(select(VictimContact)).all()
    assert [c.victim_id for c in contacts] == [victim.id] and other.id != victim.id


def test_retention_clears_the_look_up_hashes_too(make_mad_app, signed_in, make_victim):
    app = make_mad_app()
    mad = app.extensions["mad"]
    _, officer = signed_in(app)
    victim = make_victim(mad, officer, recorded_on=date(2020, 1, 1))

    assert purge_victims(mad) == 1

    with mad.session() as session:
        found = session.get(Victim, victim.id)
        assert (found.phone, found.email, found.phone_hash, found.email_hash) == (None, None, None, None)
        assert found.name == "J. B."


def test_the_migration_encrypts_and_hashes_victims_stored_before_it(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'before.sqlite3'}", keyring=Keyring([generate_key()], SECRET))
    migrate.upgrade(db, "0011_victims")
    with db.transaction() as connection:
        connection.exec_driver_sql(
            "INSERT INTO victims (id, crime_reference, reference_kind, person_kind, name, phone, email, locale,"
            " communication_needs, plan_avoid, oic_name, recorded_on, care_log_completed) VALUES ('v1',"
            " '06/123456/26', 'crime', 'victim', 'Jo Bloggs', '+447700900123', 'jo.bloggs@example.org', 'en',"
            " 'Large print please', 'Not before 10am', 'PC 1234 Jones', '2026-12-01', 0)")
        connection.exec_driver_sql(
            "INSERT INTO care_duties (victim_id, duty, state, rationale, recorded_by) VALUES"
            " ('v1', 'referral', 'no', 'Jo declined: her sister helps', 'PC 1234 Jones')")

    migrate.upgrade(db)

    with db.transaction() as connection:
        raw = str(connection.exec_driver_sql("SELECT * FROM victims").all())
        raw += str(connection.exec_driver_sql("SELECT * FROM care_duties").all())
    for clear in ("Jo Bloggs", "7700900123", "jo.bloggs@example.org", "Large print", "10am", "sister helps"):
        assert clear not in raw, clear
    with db.session() as session:
        found = session.get(Victim, "v1")
        assert (found.name, found.phone, found.communication_needs) == ("Jo Bloggs", "+447700900123",
                                                                         "Large print please")
        assert found.phone_hash == db.keyring.lookup_hash("+447700900123")
        assert found.email_hash == db.keyring.lookup_hash("Jo.Bloggs@example.org")
        assert found.duties[0].rationale == "Jo declined: her sister helps"
    db.dispose()
