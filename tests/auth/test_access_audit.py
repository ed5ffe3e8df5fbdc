"""The access audit: every look at a victim's details is recorded; supervisors search it."""

from datetime import timedelta

import pytest

from core.auth.audit import AccessKinds, AppendOnly, purge_access_audit
from core.db import utcnow
from core.models import AccessRecord
from tests.helpers import SMS_UPDATE, preview_and_send


def _rows(app):
    with app.extensions["mad"].session() as session:
        return [(r.user_email, r.what, r.crime_reference) for r in session.query(AccessRecord).order_by(AccessRecord.id)]


def test_crime_page_status_page_and_sandbox_are_each_recorded(app, signed_in):
    client, officer = signed_in(app)
    sent = preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    app.extensions["mad"].dispatcher.drain()
    assert _rows(app) == []  # sending is not looking
    assert client.get(sent.location).status_code == 200
    assert client.get("/crimes/06/123456/26").status_code == 200
    assert client.get("/sandbox/").status_code == 200
    assert _rows(app) == [(officer.email, AccessKinds.MESSAGE_STATUS, "06/123456/26"),
                          (officer.email, AccessKinds.CRIME_PAGE, "06/123456/26"),
                          (officer.email, AccessKinds.SANDBOX, "06/123456/26")]


def test_a_supervisor_searches_by_user_and_by_crime(app, signed_in):
    officer_client, officer = signed_in(app)
    other_client, _other = signed_in(app)
    officer_client.get("/crimes/06/123456/26")
    other_client.get("/crimes/06/654321/26")
    supervisor, _user = signed_in(app, role="supervisor")
    by_user = supervisor.get("/security/access", query_string={"user": officer.email.upper()}).get_data(as_text=True)
    assert by_user.count("data-access") == 1 and "06/123456/26" in by_user and "06/654321/26" not in by_user
    by_crime = supervisor.get("/security/access", query_string={"crime": "06/654321/26"}).get_data(as_text=True)
    assert by_crime.count("data-access") == 1 and officer.email not in by_crime
    nothing = supervisor.get("/security/access", query_string={"crime": "01/000001/26"}).get_data(as_text=True)
    assert "Nobody has looked at victims' details that match this search." in nothing


def test_officers_cannot_read_the_audit(app, signed_in):
    officer, _user = signed_in(app)
    assert officer.get("/security/access").status_code == 403


def test_the_audit_is_append_only(app, signed_in):
    client, _officer = signed_in(app)
    client.get("/crimes/06/123456/26")
    with pytest.raises(AppendOnly):
        with app.extensions["mad"].session() as session:
            session.query(AccessRecord).one().what = "nothing to see"
    with pytest.raises(AppendOnly):
        with app.extensions["mad"].session() as session:
            session.delete(session.query(AccessRecord).one())
    assert len(_rows(app)) == 1


def test_old_rows_leave_by_their_own_retention_setting(make_mad_app, signed_in):
    from core.testing import base_config

    data = base_config()
    data["retention"] = {"message_days": 30, "access_audit_days": 400}
    app = make_mad_app(config=data)
    client, _officer = signed_in(app)
    client.get("/crimes/06/123456/26")
    mad = app.extensions["mad"]
    assert purge_access_audit(mad, now=utcnow() + timedelta(days=399)) == 0
    assert purge_access_audit(mad, now=utcnow() + timedelta(days=401)) == 1


def test_other_pages_record_a_look_in_one_line_through_the_toolkit(app, make_user):
    from core.toolkit import AccessKinds as Kinds
    from core.toolkit import record_access

    user, _password = make_user(app, role="supervisor")
    with app.extensions["mad"].session() as session:
        record_access(session, user, Kinds.EXPORT, "06/123456/26", "care log export")
    assert _rows(app) == [(user.email, "export", "06/123456/26")]


def test_a_status_page_reloading_itself_is_one_look_not_one_per_reload(app, signed_in):
    client, officer = signed_in(app)
    sent = preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    for _ in range(3):
        assert client.get(sent.location).status_code == 200
    assert _rows(app) == [(officer.email, AccessKinds.MESSAGE_STATUS, "06/123456/26")]
    other, _colleague = signed_in(app)
    assert other.get(sent.location).status_code == 200
    assert len(_rows(app)) == 2  # a colleague's look is their own
