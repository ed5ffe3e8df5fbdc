"""Delivery: each DSL receives an email with the notification as a PDF, through a real SMTP server;
the crime's chronology says what was sent, and the referral's status follows its messages."""

import io
from types import SimpleNamespace

from pypdf import PdfReader
from sqlalchemy import select

from core.constants import EntryTypes, WriteStatus
from core.db import utcnow
from core.models.records import AuditChronologyEntry, RecordsEntry
from core.referrals import service
from core.referrals.statuses import ReferralStatus, Timeliness, state_of
from tests.referrals.factories import CRIME, encompass_payload

OFFICER = SimpleNamespace(id=None, display_name="PC 1234 Jones", email="pc1234@example.org")
CHILDREN = [{"name": "Zoë Łukasiewicz"}, {"name": "أمينة Example", "date_of_birth": "2/9/2015", "year_group": "Year 6"},
            {"name": "Cara Example", "school": "Southmere High School", "date_of_birth": "1/1/2012",
             "present": "in_room", "where": ""}]


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def attachments(email):
    return [(part.get_filename(), part.get_content_type(), part.get_content()) for part in email.iter_attachments()]


def test_two_schools_receive_their_own_children_as_a_pdf(encompass_app, smtp_server, database):
    mad = encompass_app(database=database, smtp=smtp_server).extensions["mad"]
    referral_id, _ = service.make(mad, service.prepare(mad, "encompass", encompass_payload(children=CHILDREN)), OFFICER)

    mad.dispatcher.drain()

    received = {r["rcpt_tos"][0]: r["message"] for r in smtp_server.handler.received}
    assert sorted(received) == ["dsl.ashby-primary@example.org", "safeguarding@southmere-high.example.org"]
    ashby = received["dsl.ashby-primary@example.org"]
    assert ashby["Subject"] == f"OFFICIAL-SENSITIVE: Operation Encompass notification, {CRIME}"
    body = ashby.get_body(("plain",)).get_content()
    assert "To the designated safeguarding lead, Ashby Primary School" in body
    assert "involving 2 child or children" in body and "08:30 on Thursday 19 November 2026" in body
    assert "Zoë" not in body  # the names travel only in the attachment
    [(filename, content_type, data)] = attachments(ashby)
    assert (filename, content_type) == ("operation-encompass-school-990001.pdf", "application/pdf")
    text = pdf_text(data)
    for expected in ("Operation Encompass: notification of a domestic abuse incident", "Police reference: 06/123456/26", "Zoë Łukasiewicz",
                     "أمينة", "Year group: Year 6", "Present: elsewhere in the home (asleep upstairs)",
                     "with no other adult present", "I heard shouting and I was scared.", "PC 1234 Jones",
                     "Thursday 19 November 2026, 08:30", "12 Example Road, Ashby"):
        assert expected in text, expected
    assert "Cara Example" not in text  # another school's child
    southmere = pdf_text(attachments(received["safeguarding@southmere-high.example.org"])[0][2])
    assert "Cara Example" in southmere and "Zoë" not in southmere

    referral = service.get(mad, referral_id)
    state = state_of(referral, utcnow())
    assert state.status == ReferralStatus.DELIVERED
    assert state.timeliness == Timeliness.LATE  # the incident was in November; the test runs later
    with mad.session() as session:
        entries = session.scalars(select(RecordsEntry).where(RecordsEntry.crime_reference == CRIME)).all()
        assert {e.entry_type for e in entries} == {EntryTypes.REFERRAL_MADE}
        assert all(w.status == WriteStatus.WRITTEN for e in entries for w in e.writes)
        written = session.scalars(select(AuditChronologyEntry.text)).all()
    assert any(t.startswith("Operation Encompass notification to Southmere High School (DSL) about 1 child(ren): "
                            "Cara Example.") for t in written)


def test_a_refused_address_fails_loudly_and_the_chronology_says_not_delivered(encompass_app, smtp_server):
    mad = encompass_app(smtp=smtp_server).extensions["mad"]
    smtp_server.handler.rcpt_replies.append("550 5.1.1 No such mailbox")
    referral_id, _ = service.make(mad, service.prepare(mad, "encompass", encompass_payload()), OFFICER)

    mad.dispatcher.drain()

    referral = service.get(mad, referral_id)
    assert state_of(referral, utcnow()).status == ReferralStatus.FAILED
    assert referral.notifications[0].message.failure_reason
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.crime_reference == CRIME))
    assert entry.text.startswith("NOT DELIVERED: ")
    assert smtp_server.handler.received == []


def test_a_mail_server_outage_is_retried_and_delivers_once(encompass_app, smtp_server):
    mad = encompass_app(smtp=smtp_server).extensions["mad"]
    smtp_server.stop()
    referral_id, _ = service.make(mad, service.prepare(mad, "encompass", encompass_payload()), OFFICER)
    mad.dispatcher.run_once()  # one attempt: refused connection, queued again
    assert state_of(service.get(mad, referral_id), utcnow()).status == ReferralStatus.SENDING
    smtp_server.start()
    mad.dispatcher.drain()
    assert state_of(service.get(mad, referral_id), utcnow()).status == ReferralStatus.DELIVERED
    assert len(smtp_server.handler.received) == 1
