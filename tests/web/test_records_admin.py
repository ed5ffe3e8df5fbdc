"""The records writes page: admins see what is waiting or failed and retry it; supervisors look; others cannot."""

import re

import pytest
from sqlalchemy import select

from core import hookimpl
from core.messaging.service import prepare, queue
from core.models import RecordsWrite
from core.testing import csrf_from
from core.toolkit import PermanentRecordsError, RecordsWriter, TemporaryRecordsError, WriteResult
from tests.features.pages import parse_page
from tests.factories import update_request

REQUEST = update_request()


class ScriptedRecordsSystem(RecordsWriter):
    """Fails as scripted, then writes (once per entry id)."""

    name = "force_records"

    def __init__(self, script):
        self.script = list(script)
        self.entries = {}

    def write(self, entry):
        if self.script:
            raise self.script.pop(0)
        self.entries.setdefault(entry.id, entry)
        return WriteResult(external_id="PW-1")

    @hookimpl
    def register_records_writers(self, mad):
        return [self]


@pytest.fixture
def failing(make_mad_app):
    writer = ScriptedRecordsSystem([PermanentRecordsError("PoliceWorks has no crime with the reference 06/123456/26"),
                                    TemporaryRecordsError("PoliceWorks answered HTTP 503")])
    app = make_mad_app(plugins=[writer])
    mad = app.extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 3600.0
    queue(mad, prepare(mad, REQUEST), None)
    queue(mad, prepare(mad, {**REQUEST, "recipient": "07700 900456"}), None)
    mad.dispatcher.drain()
    return app, writer


def rows(html):
    """(status, last error) of each row of the writes table, as an admin reads it."""
    table = parse_page(html).one("table", data_table="records-writes")
    return sorted((row.one("strong", class_="govuk-tag").text, row.one("td", data_last_error=True).text)
                  for row in table.one("tbody").find_all("tr"))


def test_an_admin_sees_failed_and_waiting_writes_with_their_last_error(failing, signed_in):
    app, _writer = failing
    client, _ = signed_in(app, role="admin")
    html = client.get("/records/writes").get_data(as_text=True)
    assert rows(html) == [("Not written", "PoliceWorks has no crime with the reference 06/123456/26"),
                          ("Waiting to be written", "PoliceWorks answered HTTP 503")]
    assert html.count(">Retry now</button>") == 2
    assert "07700" not in html and "+4477" not in html  # no victim's details on an admin page
    assert [a.text for a in parse_page(html).find_all("a", href="/records/writes")] == ["Records writes"]


def test_retry_now_puts_a_failed_write_back_and_it_lands_once(failing, signed_in):
    app, writer = failing
    mad = app.extensions["mad"]
    client, _ = signed_in(app, role="admin")
    html = client.get("/records/writes").get_data(as_text=True)
    for write_id in re.findall(r'action="/records/writes/(\d+)/retry"', html):
        response = client.post(f"/records/writes/{write_id}/retry", data={"csrf_token": csrf_from(html)})
        assert response.status_code == 302
        assert client.get(response.headers["Location"]).status_code == 200
    mad.dispatcher.drain()
    with mad.session() as session:
        assert {w.status for w in session.scalars(select(RecordsWrite))} == {"written"}
    assert len(writer.entries) == 2
    assert "Every chronology entry has been written." in client.get("/records/writes").get_data(as_text=True)


def test_retry_needs_the_csrf_token(failing, signed_in):
    app, _ = failing
    client, _ = signed_in(app, role="admin")
    html = client.get("/records/writes").get_data(as_text=True)
    write_id = re.findall(r'action="/records/writes/(\d+)/retry"', html)[0]
    assert client.post(f"/records/writes/{write_id}/retry").status_code == 400
    assert rows(client.get("/records/writes").get_data(as_text=True))[0][0] == "Not written"


def test_a_write_already_written_is_not_retried(failing, signed_in):
    app, _ = failing
    mad = app.extensions["mad"]
    client, _ = signed_in(app, role="admin")
    with mad.session() as session:
        written = session.scalar(select(RecordsWrite.id).where(RecordsWrite.status == "written"))
    html = client.get("/records/writes").get_data(as_text=True)
    response = client.post(f"/records/writes/{written}/retry", data={"csrf_token": csrf_from(html)})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Write {written} was not retried: it is being written or has been written already." in page


def test_a_supervisor_may_look_but_not_retry(failing, signed_in):
    app, _ = failing
    client, _ = signed_in(app, role="supervisor")
    html = client.get("/records/writes").get_data(as_text=True)
    assert len(rows(html)) == 2 and ">Retry now<" not in html
    assert client.post("/records/writes/1/retry", data={"csrf_token": csrf_from(html)}).status_code == 403


@pytest.mark.parametrize("role", ["officer", "vsc", "analyst"])
def test_other_roles_cannot_see_the_page_or_its_link(failing, signed_in, role):
    app, _ = failing
    client, _ = signed_in(app, role=role)
    assert client.get("/records/writes").status_code == 403
    assert "/records/writes" not in client.get("/").get_data(as_text=True)
