"""A VSC's edit, a retirement or an import is found by the very next search, in this app and in
another app on the same database (another gunicorn worker, or Celery), without rebuilding the index."""

from pathlib import Path

import pytest
from sqlalchemy import select

from core.directory.editing import TRACKED, save_service
from core.directory.finder import find
from core.directory.importing import import_services
from core.models.directory import DirectoryService

FIXTURES = Path(__file__).parent / "fixtures"
VSC = "vsc@example.org"


SERVICES = [
    {"name": "Safe Homes Domestic Abuse Service", "needs": ["domestic_abuse"], "districts": [],
     "description": "Advisers for anyone experiencing domestic abuse.", "phone": "0161 496 0100"},
    {"name": "Northtown Refuge", "needs": ["domestic_abuse", "housing_homelessness"], "districts": ["Northtown"],
     "description": "Refuge accommodation.", "phone": "0161 496 0101"},
    {"name": "Quiet Street Mediation", "needs": ["anti_social_behaviour"], "districts": ["Southmere"],
     "description": "Neighbour disputes.", "phone": "0161 496 0102"},
]


@pytest.fixture
def two_apps(directory_app, database):
    """Two toolkits on one database with three services, each with its search index built."""
    from core.directory.schemas import load_service
    from core.runtime import Toolkit

    mad = directory_app(database=database, demo=False).extensions["mad"]
    with mad.session() as session:
        for row in SERVICES:
            save_service(session, load_service({**row, "access": "signpost"}), VSC)
    other = Toolkit(mad.config)  # its own engine and index, as another worker process has
    try:
        for each in (mad, other):
            assert len(find(each, "DV").results) == 2, "the directory is searchable"
        yield mad, other
    finally:
        other.dispatcher.stop()
        other.db.dispose()


def names(mad, query, **kwargs):
    return [record.name for record, _score in find(mad, query, **kwargs).results]


def index_of(mad):
    return mad.directory_providers["database"]._index


def edit(mad, called, **changes):
    """Save a change to the service ``called`` so, the way the VSC's edit form does."""
    with mad.session() as session:
        service = session.scalar(select(DirectoryService).where(DirectoryService.name == called))
        data = {field: getattr(service, field) for field in TRACKED}
        data.update(id=service.id, **changes)
        save_service(session, data, VSC)


def a_service(_mad):
    return SERVICES[0]["name"]  # force-wide


def test_an_edit_is_found_by_the_next_search_in_both_apps_without_a_rebuild(two_apps):
    mad, other = two_apps
    indexes = [index_of(mad), index_of(other)]
    name = a_service(mad)
    assert names(mad, "Quillmoor") == []
    edit(mad, name, name="Quillmoor Listening Line", needs=["veterans"])
    for each in (mad, other):
        assert names(each, "Quillmoor") == ["Quillmoor Listening Line"]
        assert "Quillmoor Listening Line" in names(each, "", need="veterans", limit=None)
        assert name not in names(each, name, limit=None), "the old name no longer finds it"
    assert [index_of(mad), index_of(other)] == indexes, "the indexes were updated, not rebuilt"


def test_a_retired_service_leaves_the_next_search_and_comes_back_when_reopened(two_apps):
    mad, other = two_apps
    name = a_service(mad)
    assert name in names(other, name)
    edit(mad, name, status="defunct")
    assert name not in names(mad, name, limit=None) and name not in names(other, name, limit=None)
    edit(other, name, status="active")  # the other app's change is seen by the first one too
    assert name in names(mad, name) and name in names(other, name)


def test_an_edit_of_the_area_served_moves_it_between_districts_searches(two_apps):
    mad, other = two_apps
    edit(mad, a_service(mad), name="Quillmoor Listening Line", districts=["Ashby"])
    assert names(other, "Quillmoor", district="Ashby") == ["Quillmoor Listening Line"]
    assert names(other, "Quillmoor", district="Northtown") == []


def test_an_import_is_found_by_the_next_search_in_both_apps(two_apps):
    mad, other = two_apps
    import_services(other, FIXTURES / "hsds_service.json", "Sam VSC")
    for each in (mad, other):
        assert names(each, "Harbourside", district="Northtown") == ["Harbourside Advocacy"]
        assert names(each, "Harbourside Trust")[:1] == ["Harbourside Advocacy"]  # by its organisation too


def test_renaming_an_organisation_is_found_under_its_new_name(two_apps):
    mad, other = two_apps
    import_services(mad, FIXTURES / "hsds_service.json", "Sam VSC")
    assert names(other, "Harbourside")[:1] == ["Harbourside Advocacy"]
    with mad.session() as session:
        service = session.scalar(select(DirectoryService).where(DirectoryService.name == "Harbourside Advocacy"))
        service.organisation.name = "Wrenfield Trust"
    assert names(other, "Wrenfield") == ["Harbourside Advocacy"]


def test_a_change_rolled_back_is_never_found(two_apps):
    mad, other = two_apps
    name = a_service(mad)
    with pytest.raises(RuntimeError), mad.session() as session:
        service = session.scalar(select(DirectoryService).where(DirectoryService.name == name))
        service.name = "Quillmoor Listening Line"
        session.flush()
        raise RuntimeError("the VSC's save failed")
    assert names(other, "Quillmoor") == [] and name in names(other, name)


def test_a_service_deleted_outright_leaves_the_search(two_apps):
    mad, other = two_apps
    name = a_service(mad)
    with mad.session() as session:
        session.delete(session.scalar(select(DirectoryService).where(DirectoryService.name == name)))
    assert name not in names(other, name, limit=None) and name not in names(mad, name, limit=None)
