"""Records systems: writers of chronology entries, crime-reference checks and victim look-ups."""

from core.hookspecs.marker import hookspec


@hookspec
def register_records_writers(mad):
    """Contribute writers that put chronology entries into a crime records system.

    Called once when the app starts. Every registered writer receives every entry (a message sent,
    a referral made, a care-log step); each write is retried until it lands and is de-duplicated
    by the entry id. Built-in: the local audit writer.

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`core.toolkit.RecordsWriter` objects (or None).
    """


@hookspec(firstresult=True)
def check_crime_reference(reference, mad):
    """Say whether a crime reference is acceptable before anything is stored against it.

    Called by the messaging and referral services for every send. A plugin that knows the records
    system may check that the crime exists; the built-in checks the configured pattern.

    :param reference: the crime reference as the officer typed it, stripped.
    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a :class:`core.toolkit.ReferenceCheck`. Stops at first non-None result.
    """


@hookspec(firstresult=True)
def lookup_crime_victims(reference, mad):
    """Ask the records system for the victims it holds on a crime, to prefill the toolkit's record.

    Called by the "Record a victim" page (through :func:`core.victims.lookup.victims_from_records`)
    when an officer opens it for a crime reference. Optional: a records-writer plugin that cannot
    look victims up leaves it unimplemented.

    :param reference: the crime reference, normalised.
    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`core.toolkit.RecordedVictim` (empty when the crime has none
        recorded), or None when this plugin has no lookup; raise :class:`core.toolkit.RecordsError`
        when the records system cannot answer. Stops at first non-None result.
    """
