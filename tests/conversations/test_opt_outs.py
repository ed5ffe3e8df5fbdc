"""STOP stops texts to that number (in every configured language), START resumes, HELP is answered."""

import pytest

from core.messaging.service import SendInvalid, prepare
from core.models import Message
from tests.conversations.conftest import (VICTIM, entries, messages, opt_outs, reply, send, stored_reply)

NEXT_TEXT = {"crime_reference": "06/123456/26", "kind": "sms", "recipient": VICTIM, "locale": "en",
             "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}


def refused(mad, request=NEXT_TEXT):
    with pytest.raises(SendInvalid) as caught:
        prepare(mad, request)
    return caught.value.errors["recipient"][0]


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop!", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", " quit. "])
def test_each_english_stop_word_stops_further_texts(conv_app, word):
    mad = conv_app().extensions["mad"]
    send(mad)
    reply(mad, word)
    problem = refused(mad)
    assert "opted out" in problem and "Send this message by email instead, or call the victim" in problem


@pytest.mark.parametrize(("locale", "word"), [
    ("cy", "STOPIO"), ("cy", "dim mwy"), ("pl", "REZYGNUJĘ"), ("pl", "koniec"), ("ro", "OPRIRE"),
    ("ro", "dezabonare"), ("ar", "توقف"), ("ar", "إلغاء"), ("ur", "بند کریں"), ("ur", "روکیں"),
])
def test_the_shipped_words_in_each_language_stop_texts(conv_app, locale, word):
    mad = conv_app().extensions["mad"]
    send(mad, locale=locale)
    assert stored_reply(mad, reply(mad, word)[0]).keyword == "stop"
    refused(mad)


def test_a_force_configures_its_own_words(conv_app):
    mad = conv_app(local_stop_words={"cy": ["PAID"]}, local_start_words={"cy": ["AILGYCHWYN"]}).extensions["mad"]
    send(mad, locale="cy")
    reply(mad, "STOPIO")  # replaced by the force's own list: now an ordinary reply
    prepare(mad, NEXT_TEXT)
    reply(mad, "paid")
    refused(mad)
    reply(mad, "Ailgychwyn")
    prepare(mad, NEXT_TEXT)


def test_a_sentence_containing_stop_is_a_reply_for_the_officer_not_an_opt_out(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad)
    assert stored_reply(mad, reply(mad, "Please stop calling me at work, text instead")[0]).keyword is None
    prepare(mad, NEXT_TEXT)


def test_start_and_unstop_resume_texts(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad)
    reply(mad, "STOP")
    reply(mad, "UNSTOP")
    prepare(mad, NEXT_TEXT)
    reply(mad, "END")
    reply(mad, "start")
    prepare(mad, NEXT_TEXT)
    assert [o.active for o in opt_outs(mad)] == [False]


def test_an_email_to_the_same_victim_is_still_offered(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad)
    reply(mad, "STOP")
    prepare(mad, {**NEXT_TEXT, "kind": "email", "recipient": "victim@example.org"})


def test_the_opt_out_and_its_end_go_into_the_chronology_and_the_records_writers(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    send(mad, reference="06/111111/26")
    send(mad, reference="06/222222/26")
    reply(mad, "STOP")
    reply(mad, "STOP")  # again: nothing new
    mad.dispatcher.drain()

    for reference in ("06/111111/26", "06/222222/26"):
        [entry] = entries(mad, reference, "victim_opted_out")
        assert "replied STOP" in entry.text and "+4477009***23" in entry.text and "+447700900123" not in entry.text
        assert [w.status for w in _writes(mad, entry.id)] == ["written"]
    reply(mad, "START")
    assert len(entries(mad, "06/222222/26", "victim_opted_in")) == 1


def _writes(mad, entry_id):
    from sqlalchemy import select

    from core.models import RecordsWrite

    with mad.session() as session:
        return session.scalars(select(RecordsWrite).where(RecordsWrite.entry_id == entry_id)).all()


def test_a_text_queued_before_the_stop_arrived_is_never_delivered(conv_app, database):
    from core.messaging.service import queue
    from core.models import SandboxCapture
    from sqlalchemy import select

    mad = conv_app(database=database).extensions["mad"]
    send(mad)
    waiting, _ = queue(mad, prepare(mad, NEXT_TEXT), None)  # stored, not yet delivered
    reply(mad, "STOP")
    mad.dispatcher.drain()

    with mad.session() as session:
        message = session.get(Message, waiting.id)
        captured = session.scalars(select(SandboxCapture.message_id)).all()
    assert message.status == "failed" and "opted out" in message.failure_reason
    assert waiting.id not in captured


def test_help_is_answered_with_the_forces_text_in_the_victims_language(conv_app):
    mad = conv_app(help_text={"en": "{force_name} help: call {force_phone}.",
                              "cy": "Help {force_name} yn Gymraeg: ffoniwch {force_phone}."}).extensions["mad"]
    send(mad, locale="cy")
    reply(mad, "help")
    mad.dispatcher.drain()
    [answer] = messages(mad, "help_answer")
    assert answer.body == "Help Testshire Police yn Gymraeg: ffoniwch 101." and answer.status == "sent"
    assert answer.english_body == "Testshire Police help: call 101."


def test_help_settings_are_checked_at_start_up(conv_app):
    from core.config import ConfigError

    with pytest.raises(ConfigError) as caught:
        conv_app(help_text={"cy": "Help {victim_name}"})
    assert "conversations.help_text" in str(caught.value) and "English (en)" in str(caught.value)
