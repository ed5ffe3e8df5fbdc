"""The schools directory: GIAS import, DSL addresses kept across imports, typo-forgiving search."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from core.cli import main
from core.instance import write_instance
from core.models.referrals import LocalAuthority, School
from core.referrals.schools import SchoolImportError, import_gias_csv, resolve_school, search_schools

HEADER = ("URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),LA (code),LA (name),Street,"
          "Locality,Address3,Town,Postcode,EstablishmentStatus (name)\n")
ROWS = ("990101,Moorfield Primary School,Community school,Primary,990,Demoshire County Council,Moor Lane,,,"
        "Moorfield,DM7 1AA,Open\n"
        "990102,Moorfield Academy,Academy converter,Secondary,990,Demoshire County Council,Top Road,Upper End,,"
        "Moorfield,DM7 2BB,\"Open, but proposed to close\"\n"
        "990103,Old Moorfield School,Community school,Primary,990,Demoshire County Council,,,,Moorfield,,Closed\n")


def test_an_import_adds_open_schools_and_their_local_authorities(mad):
    with mad.session() as session:
        result = import_gias_csv(session, HEADER + ROWS, who="test")
    assert (result.added, result.updated, result.skipped_closed) == (2, 0, 1)
    with mad.session() as session:
        academy = session.get(School, "990102")
        assert (academy.town, academy.locality, academy.phase) == ("Moorfield", "Upper End", "Secondary")
        assert session.get(LocalAuthority, "990").name == "Demoshire County Council"
        assert session.get(School, "990103") is None


def test_a_new_import_keeps_the_dsl_addresses_vscs_entered(mad):
    with mad.session() as session:
        import_gias_csv(session, HEADER + ROWS, who="test")
        session.flush()
        session.get(School, "990101").dsl_email = "dsl@moorfield.example.org"
    renamed = ROWS.replace("Moorfield Primary School", "Moorfield Community Primary School")
    with mad.session() as session:
        result = import_gias_csv(session, HEADER + renamed, who="test")
    assert (result.added, result.updated) == (0, 2)
    with mad.session() as session:
        school = session.get(School, "990101")
        assert (school.name, school.dsl_email) == ("Moorfield Community Primary School", "dsl@moorfield.example.org")


def test_a_file_that_is_not_from_gias_or_has_bad_rows_imports_nothing(mad):
    with pytest.raises(SchoolImportError, match="no URN, EstablishmentName"):
        with mad.session() as session:
            import_gias_csv(session, "Name,Town\nMoorfield,Moorfield\n", who="test")
    with pytest.raises(SchoolImportError, match=r"line 3: URN must be a number \(found 'ABC'\)"):
        with mad.session() as session:
            import_gias_csv(session, HEADER + ROWS.replace("990102", "ABC"), who="test")
    with mad.session() as session:
        assert session.scalars(select(School)).all() == []


@pytest.mark.parametrize("typed, found", [
    ("moorfeild primary", "Moorfield Primary School"),
    ("Moorfield Academy", "Moorfield Academy"),
    ("academy moorfield", "Moorfield Academy"),
    ("URN 990101", "Moorfield Primary School"),
])
def test_search_forgives_typos_and_reads_the_town(mad, typed, found):
    with mad.session() as session:
        import_gias_csv(session, HEADER + ROWS, who="test")
    with mad.session() as session:
        assert search_schools(session, typed)[0][0].name == found
        school, candidates = resolve_school(session, typed)
        assert school.name == found and candidates == []


def test_a_town_alone_is_unclear(mad):
    with mad.session() as session:
        import_gias_csv(session, HEADER + ROWS, who="test")
    with mad.session() as session:
        school, candidates = resolve_school(session, "Moorfield")
        assert school is None and {s.name for s in candidates} == {"Moorfield Primary School", "Moorfield Academy"}


def test_the_import_command(tmp_path):
    instance = tmp_path / "instance"
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", str(instance), "init", "--demo"]).exit_code == 0
    schools = tmp_path / "gias.csv"
    schools.write_bytes((HEADER + ROWS).encode("cp1252"))
    result = runner.invoke(main, ["--instance", str(instance), "encompass", "schools", "import", str(schools)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 1 closed schools skipped" in result.output
    calendar = tmp_path / "terms.csv"
    calendar.write_text("first_day,last_day,description\n2026-12-21,2027-01-01,Christmas holidays\n")
    result = runner.invoke(main, ["--instance", str(instance), "encompass", "holidays", "import", str(calendar)])
    assert "now holds 1 holidays" in result.output


def test_commands_need_the_plugin_enabled(tmp_path):
    write_instance(tmp_path, demo=False)
    runner = CliRunner(env={"MAD_SECRET_KEY": "k" * 40})
    result = runner.invoke(main, ["--instance", str(tmp_path), "encompass", "holidays", "import", __file__])
    assert result.exit_code == 1 and "referral_encompass plugin is not enabled" in result.output
