"""The pages officers, VSCs and supervisors use for victims' replies and satisfaction."""

from core.testing import base_config, csrf_from
from tests.conversations.conftest import LOCALES, reply, send
from tests.helpers import SMS_UPDATE, preview


def make(make_mad_app):
    return make_mad_app(config=base_config(locales=LOCALES))


def post_form(client, page_url, action, data):
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data})


def test_the_crime_page_shows_messages_and_replies_in_conversation_order(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    send(mad, user=officer)
    reply(mad, "Can you call me after 5? 😊")
    send(mad, template="officer_contact", user=officer,
         fields={"officer_name": "PC 1234 Jones", "contact": "call", "date": "2026-12-03", "time": "17:30"})

    html = client.get("/crimes/06/123456/26").get_data(as_text=True)

    conversation = html.split('data-list="conversation"', 1)[1].split("</ol>", 1)[0]
    turns = [t.split('"', 1)[0] for t in conversation.split('data-turn="')[1:]]
    assert turns == ["sent", "reply", "sent"]
    assert "Can you call me after 5? 😊" in conversation and "Reply from +4477009***23" in conversation


def test_new_replies_show_on_the_officers_home_page_until_they_open_the_crime(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    other, _ = signed_in(app)
    send(mad, user=officer)
    reply(mad, "Thanks, got it")

    home = client.get("/").get_data(as_text=True)
    assert "New replies from victims" in home and "/crimes/06/123456/26#conversation" in home
    assert "Thanks, got it" not in home
    assert "New replies from victims" not in other.get("/").get_data(as_text=True)
    client.get("/crimes/06/123456/26")
    assert "New replies from victims" not in client.get("/").get_data(as_text=True)


def test_a_reply_to_an_arabic_message_carries_the_interpreting_note(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    send(mad, locale="ar", user=officer)
    reply(mad, "شكرا، هل يمكنكم الاتصال بي غدا؟")
    html = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "Reply in Arabic: ask a VSC or the force's interpreting service" in html


def test_a_reply_from_a_number_with_two_crimes_asks_the_officer_to_choose_and_can_be_moved(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    send(mad, reference="06/111111/26", user=officer)
    send(mad, reference="06/222222/26", user=officer)
    reply_id, _ = reply(mad, "It's about the shed break-in")

    page = client.get("/crimes/06/222222/26").get_data(as_text=True)
    assert "also received messages about another crime" in page and "Move to crime 06/111111/26" in page
    moved = post_form(client, "/crimes/06/222222/26", f"/replies/{reply_id}/crime", {"crime_reference": "06/111111/26"})

    assert moved.status_code == 302 and moved.location.endswith("/crimes/06/111111/26#conversation")
    assert "It&#39;s about the shed break-in" in client.get("/crimes/06/111111/26").get_data(as_text=True)
    assert "shed break-in" not in client.get("/crimes/06/222222/26").get_data(as_text=True)


def test_vscs_see_unmatched_replies_and_attach_them_to_a_crime(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    vsc, _ = signed_in(app, role="vsc")
    reply_id, _ = reply(mad, "Hello, PC Jones gave me this number", sender="+447700900555")

    queue = vsc.get("/replies/unmatched").get_data(as_text=True)
    assert "PC Jones gave me this number" in queue and "+4477009***55" in queue
    bad = post_form(vsc, "/replies/unmatched", f"/replies/{reply_id}/crime", {"crime_reference": "not a ref"})
    assert bad.status_code == 302
    assert "06/123456/26" in vsc.get("/replies/unmatched").get_data(as_text=True)  # the error names the format
    post_form(vsc, "/replies/unmatched", f"/replies/{reply_id}/crime", {"crime_reference": "06/333333/26"})
    assert "PC Jones gave me this number" not in vsc.get("/replies/unmatched").get_data(as_text=True)


def test_who_may_see_the_queue_and_the_satisfaction_figures(make_mad_app, signed_in):
    app = make(make_mad_app)
    officer, _ = signed_in(app)
    analyst, _ = signed_in(app, role="analyst")
    supervisor, _ = signed_in(app, role="supervisor")
    assert officer.get("/replies/unmatched").status_code == 403
    assert officer.get("/satisfaction").status_code == 403
    assert analyst.get("/replies/unmatched").status_code == 403
    assert supervisor.get("/satisfaction").status_code == 200


def test_a_reply_typed_as_the_victim_in_the_sandbox_reaches_the_crime(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    send(mad, user=officer)

    answer = post_form(client, "/sandbox/", "/sandbox/replies", {"sender": "07700 900123", "body": "Is there any news?"})
    empty = post_form(client, "/sandbox/", "/sandbox/replies", {"sender": "07700 900123", "body": ""})

    assert answer.status_code == 302 and empty.status_code == 302
    sandbox = client.get("/sandbox/").get_data(as_text=True)
    assert "Type what the victim replies" in sandbox
    assert "Is there any news?" in client.get("/crimes/06/123456/26").get_data(as_text=True)


def test_the_officer_is_told_before_send_that_the_victim_opted_out(make_mad_app, signed_in):
    app = make(make_mad_app)
    mad = app.extensions["mad"]
    client, officer = signed_in(app)
    send(mad, user=officer)
    reply(mad, "STOP")

    page = preview(client, "crime_reference_assigned", SMS_UPDATE)

    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "opted out" in html and "Send this message by email instead, or call the victim." in html
    assert "Opted out" in client.get("/crimes/06/123456/26").get_data(as_text=True)
