"""The commissioned service in its own name: templates a VSC approves (drafts cannot be sent, every
change kept), messages sent under the service's sender name and written in the chronology as
"sent by" the service; a referral announced to the service by email (needs only), through the
outbox, with the referral and each answer in the crime's chronology."""

import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from core.conversations.optouts import set_opt_out
from core.messaging.service import SendInvalid
from core.models import Message, PartnerTemplate, RecordsEntry
from core.resources import partner, partner_templates
from core.resources.partner_sending import send_as_partner
from core.testing import base_config

SERVICE = {"name": "Testshire Victim Care", "sender_name": "Victim Care", "email": "referrals@example.org"}


@pytest.fixture(scope="module")
def wording_app(tmp_path_factory):
    """One app for the module (these tests add rows with fresh keys and never clash)."""
    from core import create_app, migrate
    from core.config import parse_config
    from core.testing import SECRET

    path = tmp_path_factory.mktemp("partner")
    config = {**base_config(), "partner": SERVICE}
    app = create_app(config=parse_config(config, path, environ={
        "MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": f"sqlite:///{path / 'mad.sqlite3'}"}, testing=True))
    migrate.upgrade(app.extensions["mad"].db)
    yield app
    app.extensions["mad"].dispatcher.stop()
    app.extensions["mad"].db.dispose()


@pytest.fixture
def mad(wording_app):
    return wording_app.extensions["mad"]


class Who:
    id = None
    display_name = "Sam Example (Testshire Victim Care)"


def referral(mad, key, needs=("fraud_scams",)):
    data = partner.load_referral({"crime_reference": "06/123456/26", "victim_name": "Alex Example",
                                  "contact": "07700 900456", "needs": list(needs), "consent": "yes",
                                  "idempotency_key": key})
    with mad.session() as session:
        made, notice = partner.refer(mad, session, data, "PC Jo Example", link="https://mad.example.org/partner/")
        made_id = made.id
    partner.after_commit(mad, notice)
    return made_id


def template(mad, state=partner_templates.States.APPROVED, **values):
    data = partner_templates.load_template({"title": "First contact", "sms": "We have your referral and will "
                                            "call you within two working days.", "email_subject": "Your referral",
                                            "email_body": "We have your referral.", **values})
    with mad.session() as session:
        saved, _ = partner_templates.save_template(session, data, Who.display_name)
        if state != partner_templates.States.DRAFT:
            partner_templates.set_state(session, saved, state, "VSC Pat Example")
        return saved.id


def test_a_template_needs_a_title_and_a_text_or_a_whole_email():
    with pytest.raises(ValidationError) as caught:
        partner_templates.load_template({"title": "", "email_subject": "Only a subject"})
    assert caught.value.messages["title"] == ["Enter a title"]
    assert caught.value.messages["email_body"] == ["An email needs both a subject and a body"]
    with pytest.raises(ValidationError) as caught:
        partner_templates.load_template({"title": "Nothing", "sms": "x" * 307})
    assert "306 characters" in caught.value.messages["sms"][0]


def test_editing_an_approved_template_makes_it_a_draft_again_and_every_change_is_kept(mad):
    template_id = template(mad)
    with mad.session() as session:
        data = partner_templates.load_template({"title": "First contact", "sms": "New wording."})
        partner_templates.save_template(session, data, Who.display_name, template_id=template_id)
    with mad.session() as session:
        assert session.get(PartnerTemplate, template_id).status == "draft"
        history = partner_templates.history(session, template_id)
        assert [c.action for c in history] == ["edited", "approved", "drafted"]
        assert history[0].changes["status"] == ["approved", "draft"] and history[1].changed_by == "VSC Pat Example"


def test_only_an_approved_template_can_be_sent(mad):
    made = referral(mad, "referral-draft-0001")
    draft = template(mad, state=partner_templates.States.DRAFT, title="Draft wording")
    with pytest.raises(SendInvalid) as caught:
        send_as_partner(mad, made, {"template_id": draft, "kind": "sms", "recipient": "07700 900456",
                                    "idempotency_key": "partner-send-draft-1"}, Who)
    assert "approved" in caught.value.errors["template_id"][0]
    with mad.session() as session:
        assert session.scalar(select(Message).where(Message.template_id == "partner")) is None


def test_the_service_sends_in_its_own_name_and_the_chronology_says_so(mad):
    made = referral(mad, "referral-send-0001")
    approved = template(mad, title="We will call you")
    payload = {"template_id": approved, "kind": "sms", "recipient": "07700 900456",
               "idempotency_key": "partner-send-sms-1"}
    message, created = send_as_partner(mad, made, payload, Who)
    again, created_again = send_as_partner(mad, made, payload, Who)
    assert created and not created_again and again.id == message.id
    with mad.session() as session:
        stored = session.get(Message, message.id)
        assert stored.body.startswith("Victim Care: We have your referral") and stored.sender_name == "Victim Care"
        assert stored.crime_reference == "06/123456/26"
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message.id))
        assert "sent by Testshire Victim Care: We will call you." in entry.text
        assert entry.author == Who.display_name


def test_the_service_cannot_text_a_victim_who_replied_stop(mad):
    made = referral(mad, "referral-stop-0001")
    approved = template(mad, title="Stop check")
    with mad.session() as session:
        set_opt_out(session, mad, "sms", "+447700900457", "07700 900***", True, "STOP", None, [])
    with pytest.raises(SendInvalid) as caught:
        send_as_partner(mad, made, {"template_id": approved, "kind": "sms", "recipient": "07700 900457",
                                    "idempotency_key": "partner-send-stop-1"}, Who)
    assert "replied STOP" in caught.value.errors["recipient"][0]


def test_the_service_is_emailed_the_needs_only_and_the_chronology_shows_referral_and_answers(mad):
    made = referral(mad, "referral-email-0001", needs=("fraud_scams", "mental_health"))
    with mad.session() as session:
        notice = session.scalar(select(Message).where(Message.idempotency_key == f"partner-referral-{made}"))
        assert notice.recipient == "referrals@example.org" and notice.template_id == "partner_referral"
        assert "- Fraud and scams" in notice.body and "https://mad.example.org/partner/" in notice.body
        for detail in ("Alex Example", "07700 900456", "06/123456/26"):
            assert detail not in notice.body and detail not in notice.subject
        referral_row = session.get(partner.PartnerReferral, made)
        partner.record_status(mad, session, referral_row, "contacted", Who.display_name)
    with mad.session() as session:
        texts = [e.text for e in session.scalars(select(RecordsEntry).where(
            RecordsEntry.crime_reference == "06/123456/26").order_by(RecordsEntry.created_at)).all()]
    assert any(t.startswith("Referred to Testshire Victim Care with the victim's agreement. Needs: Fraud and scams")
               and "emailed (r***@example.org)" in t for t in texts)
    assert any(t == f"Testshire Victim Care answered the referral: Victim contacted (recorded by {Who.display_name})."
               for t in texts)
