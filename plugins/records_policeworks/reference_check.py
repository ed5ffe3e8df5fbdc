"""Checking a crime reference against PoliceWorks before anything is stored against it.

Order: the force's format (``force.crime_reference_pattern``), then, where
``check_crime_exists`` is on, PoliceWorks' LookupCrime. An unknown crime stops the send with a
message the officer can act on.

When PoliceWorks cannot be reached the check lets the update go by default
(``allow_when_unreachable = true``): a records outage must not stop victims being kept informed,
the format has still been checked, the officer is warned on the preview that PoliceWorks could
not confirm the crime (so they can check the reference before pressing Send), and the chronology
entry waits in the outbox until PoliceWorks is back. If the crime then turns out not to exist, the write fails with that reason on the crime's
page and the Records writes page. A force that would rather hold updates back while the reference
cannot be confirmed sets ``allow_when_unreachable = false``: the officer is then told PoliceWorks
is not answering and that nothing was sent.
"""

import logging

from core.toolkit import RecordsError, ReferenceCheck, check_reference_format

log = logging.getLogger(__name__)


def check_reference(reference, settings, client):
    """Return a :class:`ReferenceCheck` for ``reference`` (format already checked by the caller)."""
    if not settings["check_crime_exists"]:
        return ReferenceCheck(ok=True, normalised=reference)
    try:
        crime = client.lookup_crime(reference)
    except RecordsError as exc:  # down, slow, refusing our login or answering nonsense: it could not say
        log.warning("crime reference check could not reach PoliceWorks")
        if settings["allow_when_unreachable"]:
            return ReferenceCheck(ok=True, normalised=reference, notice=(
                f"PoliceWorks is not answering, so it could not confirm that crime {reference} exists. Check the "
                "reference before you send: the message will go now and be written into the crime's record when "
                "PoliceWorks is back."))
        return ReferenceCheck(ok=False, problem=(
            f"PoliceWorks is not answering ({exc.reason}), so crime {reference} could not be checked. "
            "Nothing has been sent. Try again in a few minutes."))
    if not crime["exists"]:
        return ReferenceCheck(ok=False, problem=(
            f"PoliceWorks has no crime {reference}. Check the reference on the crime report and enter it again."))
    return ReferenceCheck(ok=True, normalised=reference)


def check_crime_reference(reference, mad, writer):
    """The plugin's ``check_crime_reference``: the force's format, then PoliceWorks."""
    checked = check_reference_format(reference, mad)
    if not checked.ok:
        return checked
    return check_reference(checked.normalised, writer.settings, writer.client)
