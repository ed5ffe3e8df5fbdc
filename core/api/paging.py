"""Cursor pagination: an opaque cursor names where the next page starts."""

import base64
import json

from flask_smorest import abort


def encode_cursor(position):
    """An opaque cursor for ``position``."""
    return base64.urlsafe_b64encode(json.dumps({"at": position}).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The position a cursor names (0 without one); a cursor not made here is a 422 naming ``cursor``."""
    if not cursor:
        return 0
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["at"]
        if not isinstance(position, int) or position < 0:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        abort(422, messages={"query": {"cursor": ["This cursor was not made by this API: pass the next_cursor "
                                                  "of the previous page unchanged, or leave it out for the first page"]}})
    return position


def page(items, cursor, limit):
    """One page of ``items`` (a list, or a SQLAlchemy select run by the caller) and the next cursor."""
    start = decode_cursor(cursor)
    chunk = items[start:start + limit + 1]
    more = len(chunk) > limit
    return chunk[:limit], (encode_cursor(start + limit) if more else None)
