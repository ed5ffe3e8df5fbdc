"""Replies are victims' data: cleared by the retention purge, never logged; scores and opt-outs stay."""

import logging
from datetime import timedelta

from core.db import utcnow
from core.models import SatisfactionCheck
from core.retention import purge_expired
from tests.conversations.conftest import opt_outs, reply, send, stored_reply


def test_old_replies_lose_the_sender_and_words_but_keep_their_facts(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    mad.config.retention["message_days"] = 30
    send(mad)
    reply_id, _ = reply(mad, "Please call me, my new number is 07700 900456")
    reply(mad, "STOP")

    purge_expired(mad, now=utcnow() + timedelta(days=31))

    purged = stored_reply(mad, reply_id)
    assert (purged.sender, purged.body) == (None, None) and purged.purged_at is not None
    assert purged.crime_reference == "06/123456/26" and purged.sender_masked == "+4477009***23"
    assert [o.active for o in opt_outs(mad)] == [True], "an opt-out outlives the retention period"


def test_satisfaction_answers_keep_the_score_and_lose_the_words(conv_app):
    mad = conv_app().extensions["mad"]
    mad.config.retention["message_days"] = 30
    closing = send(mad, template="crime_closed_nfa")
    with mad.session() as session:
        session.add(SatisfactionCheck(crime_reference="06/123456/26", closing_message_id=closing.id, locale="en",
                                      score=4, follow_up_answer="Faster updates please"))
    purge_expired(mad, now=utcnow() + timedelta(days=31))
    with mad.session() as session:
        check = session.query(SatisfactionCheck).one()
    assert (check.score, check.follow_up_answer) == (4, None)


def test_replies_never_reach_the_logs(conv_app, caplog, make_user):
    app = conv_app()
    mad = app.extensions["mad"]
    officer, _ = make_user(app)
    caplog.set_level(logging.DEBUG)
    send(mad, user=officer)
    reply(mad, "My address is 1 Example Road, call me on 07700 900456")
    reply(mad, "STOP")
    reply(mad, "HELP")
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in ("Example Road", "900456", "+447700900123", "07700 900123"):
        assert secret not in logged
