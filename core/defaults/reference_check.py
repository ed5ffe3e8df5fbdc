"""The fallback crime-reference check: the force's configured pattern."""

from core import hookimpl
from core.records.references import check_format


@hookimpl(trylast=True)
def check_crime_reference(reference, mad):
    """Accept a reference that matches ``force.crime_reference_pattern``."""
    return check_format(reference, mad)
