"""The Ministry of Justice's quarterly measures as one table, and its CSV for the Police and Crime Commissioner.

CSV layout (one header row, then one row per measure, then the same per team when asked):
``period_start,period_end,team,measure,code_right,victims_due,met,not_met_with_rationale,
not_met_unexplained,not_applicable,not_due_yet,percent_met`` — dates ISO 8601, ``team`` "All teams"
for the force's figures, ``percent_met`` one decimal place of ``met / victims_due`` (empty when
nobody was due).
"""

import csv
import io

from core.compliance.figures import counts
from core.compliance.rules import Status
from core.csv_safety import neutralise
from core.i18n import N_

#: The MoJ measures, each with the Code right that evidences it.
MEASURES = (
    ("acknowledgement", "right_3", N_("Received written acknowledgement of the crime")),
    ("referral", "right_4", N_("Referred to support services")),
    ("updates", "right_6", N_("Given updates within the stated timeframes")),
    ("vps", "right_7", N_("Offered a Victim Personal Statement")),
)

CSV_HEADER = ("period_start", "period_end", "team", "measure", "code_right", "victims_due", "met",
              "not_met_with_rationale", "not_met_unexplained", "not_applicable", "not_due_yet", "percent_met")


def measures(rows):
    """The MoJ table over ``rows`` (VictimFigures): one dict per measure with its counts."""
    return [{"measure": code, "right": right, "label": label, **counts(rows, right)} for code, right, label in MEASURES]


def to_csv(rows, start, end, by_team=False):
    """The MoJ measures as CSV text in the documented layout (force first, then each team if ``by_team``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    groups = [("All teams", rows)]
    if by_team:
        groups += [(team, [r for r in rows if r.team == team]) for team in sorted({r.team for r in rows})]
    for team, group in groups:
        for line in measures(group):
            writer.writerow((start.isoformat(), end.isoformat(), neutralise(team), line["measure"], line["right"], line["due"],
                             line[Status.MET], line[Status.RATIONALE], line[Status.UNEXPLAINED],
                             line[Status.NOT_APPLICABLE], line[Status.PENDING],
                             "" if line["share"] is None else f"{line['share']:.1f}"))
    return out.getvalue()
