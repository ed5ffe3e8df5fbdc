"""Figures from stored care logs: rollups by team, the MoJ table and its CSV, ``mad report``."""

import csv
import io
import json
from datetime import UTC, date, datetime

from click.testing import CliRunner

from core.cli import Context, main
from core.compliance.figures import drill_down, rollup, victim_figures
from core.compliance.moj import CSV_HEADER, measures, to_csv

JUNE = (date(2026, 6, 1), date(2026, 6, 30))
AS_OF = date(2027, 3, 1)


def test_rollup_by_team_counts_each_referral_outcome(mad, seeded):
    with mad.session() as session:
        rows = victim_figures(mad, session, *JUNE, as_of=AS_OF)
    referral = {r["key"]: r for r in rollup(rows, "team") if r["right"] == "right_4"}
    north, south = referral["Response North"], referral["Response South"]
    assert (north["met"], north["unexplained"], north["rationale"], north["due"]) == (1, 1, 1, 3)
    assert north["share"] == 33.3
    assert (south["met"], south["unexplained"]) == (0, 1)
    by_enhanced = {r["key"]: r for r in rollup(rows, "enhanced") if r["right"] == "right_4"}
    assert by_enhanced["enhanced"]["unexplained"] == 1 and by_enhanced["standard"]["met"] == 1


def test_drill_down_names_the_crimes_and_officers_behind_late_referrals(mad, seeded):
    with mad.session() as session:
        rows = victim_figures(mad, session, *JUNE, as_of=AS_OF)
    behind = drill_down(rows, "right_4", "unexplained")
    assert sorted((r.crime_reference, r.officer) for r in behind) == [("06/100002/26", "PC 1 North"),
                                                                     ("06/100004/26", "PC 2 South")]


def test_a_team_filter_and_the_period_keep_only_their_victims(mad, seeded):
    with mad.session() as session:
        assert len(victim_figures(mad, session, *JUNE, team="Response South", as_of=AS_OF)) == 1
        assert victim_figures(mad, session, date(2026, 7, 1), date(2026, 9, 30), as_of=AS_OF) == []


def test_the_moj_csv_has_the_documented_layout(mad, seeded):
    with mad.session() as session:
        rows = victim_figures(mad, session, *JUNE, as_of=AS_OF)
    table = {m["measure"]: m for m in measures(rows)}
    assert (table["acknowledgement"]["met"], table["acknowledgement"]["due"]) == (3, 4)
    lines = list(csv.DictReader(io.StringIO(to_csv(rows, *JUNE, by_team=True))))
    assert tuple(lines[0]) == CSV_HEADER
    force_referral = next(r for r in lines if r["team"] == "All teams" and r["measure"] == "referral")
    assert force_referral == {"period_start": "2026-06-01", "period_end": "2026-06-30", "team": "All teams",
                              "measure": "referral", "code_right": "right_4", "victims_due": "4", "met": "1",
                              "not_met_with_rationale": "1", "not_met_unexplained": "2", "not_applicable": "0",
                              "not_due_yet": "0", "percent_met": "25.0"}
    assert {r["team"] for r in lines} == {"All teams", "Response North", "Response South"}


def invoke(app, *args):
    context = Context(".")
    context._app = app
    return CliRunner().invoke(main.commands["report"], list(args), obj=context, catch_exceptions=False)


def test_mad_report_compliance_prints_csv_and_json_and_refuses_a_backwards_period(app, seeded):
    result = invoke(app, "compliance", "--from", "2026-06-01", "--to", "2026-06-30")
    assert result.exit_code == 0 and result.output.startswith(",".join(CSV_HEADER))
    as_json = json.loads(invoke(app, "compliance", "--from", "2026-06-01", "--to", "2026-06-30",
                                "--team", "Response North", "--format", "json").output)
    assert as_json["victims"] == 3
    backwards = CliRunner().invoke(main.commands["report"], ["compliance", "--from", "2026-06-30", "--to", "2026-06-01"],
                                   obj=Context("."))
    assert backwards.exit_code == 2 and "--to must be on or after --from" in backwards.output


def test_mad_report_usage_counts_messages_by_template_day_language_failure_and_service(app, messages):
    figures = json.loads(invoke(app, "usage", "--from", "2026-06-01", "--to", "2026-06-02", "--format", "json").output)
    assert figures["messages_by_day"] == [["2026-06-01", 3], ["2026-06-02", 0]]
    assert figures["messages_by_template"] == [["crime_reference_assigned", 2], ["signposting", 1]]
    assert figures["messages_by_language"] == [["en", 2], ["cy", 1]]
    assert figures["messages_by_team"] == [["Response North", 3]]
    assert figures["failures_by_reason"] == [["Number not in service", 1]]
    assert figures["services_signposted"] == [["Northtown Victim Support", 1]]
    south = json.loads(invoke(app, "usage", "--from", "2026-06-01", "--to", "2026-06-02", "--team", "Response South",
                              "--format", "json").output)
    assert south["messages_by_day"][0] == ["2026-06-01", 0]
    as_csv = invoke(app, "usage", "--from", "2026-06-01", "--to", "2026-06-01").output.splitlines()
    assert as_csv[0] == "figure,value,count" and 'messages_by_channel,"sms",2' in as_csv


def test_usage_and_compliance_figures_on_each_database(make_mad_app, database):
    from tests.compliance.conftest import add_officer, add_victim

    from core.compliance.usage import usage_report
    from core.models.messages import Message

    mad = make_mad_app(database=database).extensions["mad"]
    with mad.session() as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        add_victim(session, 1, north)
        for number, reason in enumerate(("Number not in service", None)):
            session.add(Message(id=f"m-{number}", idempotency_key=f"k-{number}", crime_reference="06/100001/26",
                                template_id="signposting", kind="sms", channel="sandbox_sms", locale="en",
                                recipient_masked="07700 900***", status="failed", failure_reason=reason,
                                created_at=datetime(2026, 6, 1, 12, tzinfo=UTC)))
    with mad.session() as session:
        figures = usage_report(session, *JUNE)
        rows = victim_figures(mad, session, *JUNE, as_of=AS_OF)
    assert figures["failures_by_reason"] == [("No reason given", 1), ("Number not in service", 1)]
    assert figures["messages_by_team"] == [("No team", 2)]
    assert [m["met"] for m in measures(rows)] == [1, 1, 1, 1]
