"""Keeping it true: edits are live at once and kept in a history; reports queue; reviews fall due."""

from datetime import date

from core.directory import editing
from core.directory.database import DatabaseProvider
from core.directory.finder import find
from core.directory.schemas import load_service

DISTRICTS = ["Northtown", "Southmere"]


def add(mad, **values):
    data = load_service({"name": "Lantern Counselling", "needs": ["mental_health"], "phone": "0161 496 0801",
                         **values}, DISTRICTS)
    with mad.session() as session:
        service, _ = editing.save_service(session, data, "Demo VSC")
        return service.id


def test_an_edit_is_live_at_once_and_kept_in_the_history(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    service_id = add(mad, last_assured_on="2026-01-10")
    assert [r.name for r, _ in find(mad, "lantern").results] == ["Lantern Counselling"]  # builds the index

    data = load_service({"id": service_id, "name": "Lantern Trauma Counselling", "needs": ["mental_health"],
                         "phone": "0161 496 0802", "last_assured_on": "2026-01-10"}, DISTRICTS)
    with mad.session() as session:
        _, changed = editing.save_service(session, data, "Sam VSC", action=None)
    assert changed
    assert [r.phone for r, _ in find(mad, "trauma").results] == ["0161 496 0802"]

    with mad.session() as session:
        changes = editing.history(session, service_id)
        assert [c.action for c in changes] == ["updated", "created"]
        assert changes[0].changed_by == "Sam VSC" and changes[0].changed_at is not None
        assert changes[0].changes == {"name": ["Lantern Counselling", "Lantern Trauma Counselling"],
                                      "phone": ["0161 496 0801", "0161 496 0802"]}


def test_saving_the_same_values_records_nothing(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    service_id = add(mad, last_assured_on="2026-01-10")
    data = load_service({"id": service_id, "name": "Lantern Counselling", "needs": ["mental_health"],
                         "phone": "0161 496 0801", "last_assured_on": "2026-01-10"}, DISTRICTS)
    with mad.session() as session:
        _, changed = editing.save_service(session, data, "Sam VSC")
        assert not changed
        assert len(editing.history(session, service_id)) == 1


def test_the_review_falls_due_a_year_after_the_service_was_checked(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    old = add(mad, name="Old Service", last_assured_on="2024-05-01")
    add(mad, name="Fresh Service", last_assured_on=date.today().isoformat())
    with mad.session() as session:
        assert [s.id for s in editing.due_for_review(session)] == [old]
    record = DatabaseProvider(mad).get(old)
    assert record.review_due_on == date(2025, 5, 1)
    assert record.due_for_review(date.today())
    assert not record.due_for_review(date(2025, 4, 30))


def test_reports_wait_for_a_vsc_until_dealt_with(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    record = DatabaseProvider(mad).get(add(mad))
    with mad.session() as session:
        report = editing.report_out_of_date(session, record, "The phone number is dead", "PC 1 Jones")
    with mad.session() as session:
        waiting = editing.open_reports(session)
        assert [(r.service_name, r.note, r.reported_by) for r in waiting] == [
            ("Lantern Counselling", "The phone number is dead", "PC 1 Jones")]
        assert editing.resolve_report(session, report.id, "Sam VSC") is not None
    with mad.session() as session:
        assert editing.open_reports(session) == []
        assert editing.resolve_report(session, report.id, "Sam VSC") is None  # already dealt with


def test_leaflets_are_checked_and_their_adding_is_in_the_history(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    service_id = add(mad)
    from core.models.directory import DirectoryService

    with mad.session() as session:
        service = session.get(DirectoryService, service_id)
        for content_type, data, problem in [("application/x-msdownload", b"MZ", "PDF, PNG, JPEG or text"),
                                            ("application/pdf", b"", "empty"),
                                            ("application/pdf", b"x" * (1024 * 1024 + 1), "1 MB")]:
            try:
                editing.add_leaflet(session, service, "f", content_type, data, "Sam VSC")
            except ValueError as exc:
                assert problem in str(exc)
            else:
                raise AssertionError(f"{content_type} accepted")
        editing.add_leaflet(session, service, "lantern.pdf", "application/pdf", b"%PDF-1.4 leaflet", "Sam VSC")
    provider = DatabaseProvider(mad)
    record = provider.get(service_id)
    assert [l.filename for l in record.leaflets] == ["lantern.pdf"]
    assert provider.leaflet(service_id, record.leaflets[0].ref).data == b"%PDF-1.4 leaflet"
    assert provider.leaflet("another-service", record.leaflets[0].ref) is None
    with mad.session() as session:
        assert editing.history(session, service_id)[0].action == "leaflet added"


def test_the_demo_directory_covers_every_need_and_ten_districts(directory_app):
    from core.directory.needs import NEEDS

    mad = directory_app().extensions["mad"]
    records = DatabaseProvider(mad).all()
    assert len(records) >= 60
    assert {n.code for n in NEEDS} <= {code for r in records for code in r.needs}
    assert len({d for r in records for d in r.districts}) >= 10
    for r in records:
        digits = r.phone.replace(" ", "")
        assert digits.startswith("01614960") or digits.startswith("07700900"), r.phone
        assert r.email.endswith((".example.org", "@example.org")) and ".example.org" in r.web
    assert sum(1 for r in records if r.leaflets) >= 30
    assert any(r.due_for_review(date.today()) for r in records)
    assert all(r.last_assured_on <= date.today() for r in records)


def test_a_leaflet_whose_bytes_are_not_its_type_is_refused(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    service_id = add(mad)
    from core.models.directory import DirectoryService

    with mad.session() as session:
        service = session.get(DirectoryService, service_id)
        for content_type, data in [("application/pdf", b"MZ\x90\x00"), ("image/png", b"%PDF-1.4"),
                                   ("image/jpeg", b"GIF89a"), ("text/plain", b"\xff\xfe\x00bad")]:
            try:
                editing.add_leaflet(session, service, "f", content_type, data, "Sam VSC")
            except ValueError as exc:
                assert "it says it is" in str(exc)
            else:
                raise AssertionError(f"{data!r} accepted as {content_type}")
        editing.add_leaflet(session, service, "notes.txt", "text/plain", "Ring us – any time".encode(), "Sam VSC")
        editing.add_leaflet(session, service, "map.png", "image/png", b"\x89PNG\r\n\x1a\n rest", "Sam VSC")
    assert [l.filename for l in DatabaseProvider(mad).get(service_id).leaflets] == ["notes.txt", "map.png"]
