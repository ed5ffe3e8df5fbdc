"""Closing a crime sends a satisfaction check in the victim's language; 1–5 and a follow-up are stored."""

import pytest

from core import hookimpl

from core.conversations.satisfaction import figures, queue_due, score_of
from core.conversations.schedule import run_due
from core.models import SatisfactionCheck
from tests.conversations.conftest import messages, reply, send, stored_reply


def checks(mad):
    with mad.session() as session:
        return session.query(SatisfactionCheck).all()


@pytest.mark.parametrize(("text", "score"), [
    ("4", 4), (" 5 ", 5), ("1!", 1), ("4 thanks", 4), ("٤", 4), ("Score: 3", 3),
    ("0", None), ("6", None), ("45", None), ("", None), ("very good", None), ("1 or 2", None),
])
def test_a_score_is_one_number_from_1_to_5_in_any_digits(text, score):
    assert score_of(text) == score


def test_closing_a_crime_sends_the_check_once_in_the_victims_language(conv_app, database, make_user):
    app = conv_app(database=database)
    mad = app.extensions["mad"]
    officer, _ = make_user(app)
    send(mad, template="crime_closed_nfa", locale="cy", user=officer)

    first = queue_due(mad)
    again = queue_due(mad)
    mad.dispatcher.drain()

    [check_message] = messages(mad, "satisfaction_check")
    assert first == [check_message.id] and again == []
    assert check_message.locale == "cy" and "Atebwch 1 (anfodlon iawn) i 5 (bodlon iawn)" in check_message.body
    assert check_message.status == "sent"
    [check] = checks(mad)
    assert check.crime_reference == "06/123456/26" and check.officer_id == officer.id and check.score is None


def test_no_check_when_the_force_turned_them_off_or_the_message_does_not_close_the_crime(conv_app):
    off = conv_app(satisfaction_check=False).extensions["mad"]
    send(off, template="crime_closed_nfa")
    assert queue_due(off) == [] and checks(off) == []
    on = conv_app().extensions["mad"]
    send(on)
    assert queue_due(on) == []


def test_no_check_for_a_victim_who_opted_out(conv_app):
    mad = conv_app().extensions["mad"]
    closing = send(mad, template="crime_closed_nfa")
    reply(mad, "STOP")
    assert queue_due(mad) == []
    assert messages(mad, "satisfaction_check") == [] and closing.status in ("queued", "sent")
    assert [c.check_message_id for c in checks(mad)] == [None]  # decided once, not looked at again
    assert queue_due(mad) == [] and figures(mad)["overall"] == (0, 0, None)


def test_a_reply_of_4_is_the_score_then_one_follow_up_question_and_its_answer(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    send(mad, template="crime_closed_nfa")
    run_due(mad)
    mad.dispatcher.drain()

    score_reply = stored_reply(mad, reply(mad, "4")[0])
    mad.dispatcher.drain()
    [follow_up] = messages(mad, "satisfaction_follow_up")
    answer = stored_reply(mad, reply(mad, "Tell me sooner when nothing is happening 🙂")[0])
    reply(mad, "5")  # a later reply changes nothing already answered

    [check] = checks(mad)
    assert score_reply.keyword == "score" and answer.keyword == "follow_up"
    assert check.score == 4 and check.follow_up_answer == "Tell me sooner when nothing is happening 🙂"
    assert "could Testshire Police have done better" in follow_up.body
    assert figures(mad)["overall"] == (1, 1, 4.0)


def test_figures_give_response_rate_and_mean_by_team_and_district(conv_app):
    mad = conv_app().extensions["mad"]
    closing = send(mad, template="crime_closed_nfa")
    with mad.session() as session:
        for n, (team, district, score) in enumerate([("Response A", "Northtown", 4), ("Response A", "Northtown", 2),
                                                     ("CID", "Southmere", None)]):
            session.add(SatisfactionCheck(crime_reference=f"06/00000{n}/26", closing_message_id=closing.id,
                                          check_message_id=closing.id, locale="en", team=team, district=district,
                                          score=score))
        session.add(SatisfactionCheck(crime_reference="06/000009/26", closing_message_id=closing.id, locale="en",
                                      team="CID"))  # not sent: the contact plan said no
    result = figures(mad)
    assert result["overall"] == (3, 2, 3.0)
    assert result["by_team"] == [("CID", 1, 0, None), ("Response A", 2, 2, 3.0)]
    assert result["by_district"] == [("Northtown", 2, 2, 3.0), ("Southmere", 1, 0, None)]


class ContactPlan:
    """A plugin that knows victims' contact plans: this victim did not agree to be asked."""

    def __init__(self):
        self.asked = []

    @hookimpl
    def satisfaction_check_wanted(self, crime_reference, message_id, mad):
        self.asked.append(crime_reference)
        return crime_reference != "06/999999/26"


def test_satisfaction_check_wanted_the_victims_contact_plan_can_say_no(conv_app):
    mad = conv_app().extensions["mad"]
    plan = ContactPlan()
    mad.pm.register(plan)
    send(mad, template="crime_closed_nfa", reference="06/999999/26", recipient="07700 900999")
    send(mad, template="crime_closed_nfa")
    queue_due(mad)
    assert sorted(plan.asked) == ["06/123456/26", "06/999999/26"]
    assert [c.crime_reference for c in checks(mad) if c.check_message_id] == ["06/123456/26"]
    queue_due(mad)
    assert len(plan.asked) == 2, "a crime decided once is not asked about again"
