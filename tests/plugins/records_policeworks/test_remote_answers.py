"""A PoliceWorks server that echoes the entry back in its fault never puts the victim's words on a page."""

from sqlalchemy import select

from core.messaging.service import prepare, queue
from core.models import RecordsEntry, RecordsWrite
from tests.factories import update_request

REQUEST = update_request()


def test_an_echoed_entry_is_reduced_to_the_fault_code(policeworks_app, simulator, signed_in):
    app = policeworks_app()
    mad = app.extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    simulator.set_mode("echo")
    queue(mad, prepare(mad, REQUEST), None)
    mad.dispatcher.drain()
    with mad.session() as session:
        write = session.scalar(select(RecordsWrite).where(RecordsWrite.writer == "policeworks"))
        entry = session.get(RecordsEntry, write.entry_id)
    assert write.status == "pending", "a server fault is retried"
    assert write.last_error == ("PoliceWorks reported a server fault (fault code Server; its text was left out "
                                "as it could not be checked)")
    client, _ = signed_in(app, role="admin")
    page = client.get("/records/writes").get_data(as_text=True)
    assert "its text was left out" in page
    for line in entry.text.splitlines():
        assert line not in page and line not in write.last_error
    assert "+4477009***23" not in page and "PC 1234 Jones" not in page


def test_a_plain_fault_reason_is_kept(policeworks_app, simulator):
    mad = policeworks_app().extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    simulator.set_mode("fault")
    queue(mad, prepare(mad, REQUEST), None)
    mad.dispatcher.drain()
    with mad.session() as session:
        write = session.scalar(select(RecordsWrite).where(RecordsWrite.writer == "policeworks"))
    assert write.last_error == "PoliceWorks reported a server fault: PoliceWorks is unavailable: try again later"
