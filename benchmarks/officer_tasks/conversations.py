"""Officer tasks for victims' replies: reading a new reply from the home page."""

from benchmarks.officer_time import task

REFERENCE = "06/654321/26"


def seed_reply(app):
    """A text the demo officer sent, and the victim's reply to it."""
    from sqlalchemy import select

    from core.messaging.service import prepare, queue
    from core.models import User
    from core.toolkit import InboundMessage, receive_inbound

    mad = app.extensions["mad"]
    with mad.session() as session:
        officer = session.scalars(select(User).where(User.role == "officer")).first()
        session.expunge(officer)
    request = {"crime_reference": REFERENCE, "kind": "sms", "recipient": "07700 900321", "locale": "en",
               "template_id": "crime_reference_assigned", "fields": {"officer_name": officer.display_name}}
    queue(mad, prepare(mad, request), officer)
    receive_inbound(mad, InboundMessage(channel="sandbox_sms", kind="sms", provider_message_id="bench-reply-1",
                                        sender="+447700900321", body="Can you call me after 5?"))


@task("read a victim's reply", role="officer", setup=seed_reply)
def read_reply(o):
    o.open("/")
    o.click(f"text=Crime {REFERENCE}")
    o.expect_text("Can you call me after 5?")
