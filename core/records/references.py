"""Crime references as officers type them."""


def normalise_reference(reference):
    """Upper-case and strip a reference as typed (``06/123456/26``)."""
    return (reference or "").strip().upper()


def check_format(reference, mad):
    """Check ``reference`` against the force's ``crime_reference_pattern``.

    Called by the built-in ``check_crime_reference`` and by records plugins that check the format
    before asking their records system. Returns a :class:`core.records.types.ReferenceCheck`.
    """
    import re

    from core.i18n import N_
    from core.records.types import ReferenceCheck

    normalised = normalise_reference(reference)
    if not normalised:
        return ReferenceCheck(ok=False, problem=N_("Enter the crime reference"))
    if not re.fullmatch(mad.config.force["crime_reference_pattern"], normalised):
        example = mad.config.force["crime_reference_example"]
        return ReferenceCheck(ok=False, problem=N_("Enter the crime reference in the form %(example)s") % {"example": example})
    return ReferenceCheck(ok=True, normalised=normalised)
