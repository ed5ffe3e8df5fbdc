"""Pre-aggregated figures, refreshed incrementally by :mod:`core.compliance.refresh` (never edited by hand).

- ``compliance_outcomes``: one line per recorded victim: where it counts (team, district, crime
  type, enhanced rights), each right's status and reason, the days to the first update;
- ``compliance_daily``: those lines counted per day recorded × team × district × crime type ×
  enhanced rights (one column per right and status), what the dashboards and the MoJ CSV read;
- ``usage_daily``: messages counted per day × team × district × breakdown (template, channel,
  language, status, failure reason, service signposted, leaflet, sender) × value;
- ``rollup_state``: when they were last refreshed, and the teams they were refreshed with.

Plain tables (no ORM classes): they are read and written with SQL expressions only.
"""

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table

from core.db import Base, UTCDateTime

#: The rights and statuses of :mod:`core.compliance.rules` (repeated here: models import no services).
RIGHTS = ("right_1", "right_3", "right_4", "right_5", "right_6", "right_7")
STATUSES = ("met", "rationale", "unexplained", "not_applicable", "pending")
#: Days from recording to the first update, in bands (``none``: no update sent yet).
UPDATE_BANDS = ("same_day", "1_day", "2_5_days", "6_10_days", "over_10_days", "none")

compliance_outcomes = Table(
    "compliance_outcomes", Base.metadata,
    Column("victim_id", String(36), primary_key=True),
    Column("crime_reference", String(40), nullable=False),
    Column("officer", String(120), nullable=False),
    Column("officer_id", Integer, nullable=True),
    Column("team", String(80), nullable=False),
    Column("district", String(80), nullable=False),
    Column("crime_type", String(32), nullable=False),
    Column("enhanced", Boolean, nullable=False),
    Column("recorded_on", Date, nullable=False),
    *[Column(right, String(16), nullable=False) for right in RIGHTS],
    *[Column(f"{right}_reason", String(32), nullable=False) for right in RIGHTS],
    Column("first_update_days", Integer, nullable=True),
    #: Some right was "not due yet" on ``computed_on``: worked out again once a day has passed.
    Column("pending", Boolean, nullable=False),
    Column("computed_on", Date, nullable=False),
    Index("ix_compliance_outcomes_recorded_on_team", "recorded_on", "team"),
    Index("ix_compliance_outcomes_officer_id_recorded_on", "officer_id", "recorded_on"),
    Index("ix_compliance_outcomes_pending_computed_on", "pending", "computed_on"),
)

compliance_daily = Table(
    "compliance_daily", Base.metadata,
    Column("day", Date, primary_key=True),
    Column("team", String(80), primary_key=True),
    Column("district", String(80), primary_key=True),
    Column("crime_type", String(32), primary_key=True),
    Column("enhanced", Boolean, primary_key=True),
    Column("month", String(7), nullable=False),
    Column("victims", Integer, nullable=False),
    *[Column(f"{right}_{status}", Integer, nullable=False) for right in RIGHTS for status in STATUSES],
    *[Column(f"first_update_{band}", Integer, nullable=False) for band in UPDATE_BANDS],
    Index("ix_compliance_daily_team_day", "team", "day"),
)

usage_daily = Table(
    "usage_daily", Base.metadata,
    Column("day", Date, primary_key=True),
    Column("team", String(80), primary_key=True),
    Column("district", String(80), primary_key=True),
    Column("breakdown", String(16), primary_key=True),
    Column("value", String(200), primary_key=True),
    Column("messages", Integer, nullable=False),
    Index("ix_usage_daily_team_day", "team", "day"),
)

rollup_state = Table(
    "rollup_state", Base.metadata,
    Column("name", String(32), primary_key=True),
    Column("refreshed_at", UTCDateTime, nullable=False),
    #: A hash of the care-log rules and calendar the outcomes were worked out with (a change rebuilds all).
    Column("fingerprint", String(64), nullable=False),
    #: ``{user id: [team, district]}`` as last counted: a user moved to another team re-counts their figures.
    Column("teams", JSON, nullable=False),
)
