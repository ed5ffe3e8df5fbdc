"""The fallback crime-reference check: the force's configured pattern."""

import re

from core import hookimpl
from core.i18n import N_
from core.records.references import normalise_reference
from core.records.types import ReferenceCheck


@hookimpl(trylast=True)
def check_crime_reference(reference, mad):
    """Accept a reference that matches ``force.crime_reference_pattern``."""
    normalised = normalise_reference(reference)
    pattern = mad.config.force["crime_reference_pattern"]
    if not normalised:
        return ReferenceCheck(ok=False, problem=N_("Enter the crime reference"))
    if not re.fullmatch(pattern, normalised):
        example = mad.config.force["crime_reference_example"]
        return ReferenceCheck(ok=False, problem=N_("Enter the crime reference in the form %(example)s") % {"example": example})
    return ReferenceCheck(ok=True, normalised=normalised)
