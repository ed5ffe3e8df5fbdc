"""CSV cells that a spreadsheet would read as a formula are neutralised on export and restored on import.

The OWASP CSV-injection rule: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with a single quote, so Excel or LibreOffice shows it as text instead of running
it. The importer removes that quote again, so an export imports back exactly. A cell that itself
begins with a quote followed by one of those characters (or another quote) gets one more quote, so
the rule is reversible for every value.
"""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """The cell as written to CSV: ``"=1+1"`` → ``"'=1+1"``; anything else unchanged (non-strings too)."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(TRIGGERS) or (value.startswith(QUOTE) and value[1:2] in (*TRIGGERS, QUOTE)):
        return QUOTE + value
    return value


def restore(value):
    """The value a neutralised cell stood for (the inverse of :func:`neutralise`)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:2] in (*TRIGGERS, QUOTE):
        return value[1:]
    return value
