"""Crime references as officers type them."""


def normalise_reference(reference):
    """Upper-case and strip a reference as typed (``06/123456/26``)."""
    return (reference or "").strip().upper()
