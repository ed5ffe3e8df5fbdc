"""Compliance and usage figures: Victims' Code rights from the care log, messages sent, the MoJ measures.

- :mod:`core.compliance.rules`: one rule per right, from a victim's care-log duties and contacts;
- :mod:`core.compliance.figures`: victims in a period with their team, and rollups by team,
  district, crime type, enhanced rights and month;
- :mod:`core.compliance.moj`: the Ministry of Justice's quarterly measures as one table, and CSV;
- :mod:`core.compliance.usage`: messages by template, channel, language and day; failures; referrals.

Services only: the pages (:mod:`core.web.compliance`) and ``mad report`` are thin faces.
"""
