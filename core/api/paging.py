"""Cursor pagination: the cursor names where the next page starts (pass ``next_cursor`` back unchanged)."""

import re

from flask_smorest import abort

CURSOR_PATTERN = r"^o[0-9]{1,9}$"


def encode_cursor(position):
    """The cursor for ``position``."""
    return f"o{position}"


def decode_cursor(cursor):
    """The position a cursor names (0 without one); a cursor not made here is a 422 naming ``cursor``."""
    if not cursor:
        return 0
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        abort(422, messages={"query": {"cursor": ["This cursor was not made by this API: pass the next_cursor "
                                                  "of the previous page unchanged, or leave it out for the first page"]}})
    return int(cursor[1:])


def page(items, cursor, limit):
    """One page of ``items`` (a list) and the cursor of the next page (None on the last)."""
    start = decode_cursor(cursor)
    chunk = items[start:start + limit + 1]
    more = len(chunk) > limit
    return chunk[:limit], (encode_cursor(start + limit) if more else None)
