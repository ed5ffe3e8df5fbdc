"""Read JSON from outside (import files, feeds) with a depth limit and a clear error.

Python's parser dies with a ``RecursionError`` traceback on a document nested a few thousand levels
deep (a hostile file or feed); HSDS services need about ten. :func:`load_json` refuses anything
deeper than :data:`MAX_DEPTH` with a :class:`JsonTooDeep` saying so, checked before parsing.
"""

import json

MAX_DEPTH = 32


class JsonTooDeep(ValueError):
    """The document is nested deeper than allowed; the message says how deep and the limit."""


def nesting_depth(text):
    """How deeply ``[``/``{`` nest in JSON ``text`` (brackets inside strings do not count). No recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_json(text, max_depth=MAX_DEPTH):
    """Parse JSON ``text`` (str or bytes) after checking its depth.

    Called by the directory importer and the HSDS feed provider. Raises :class:`JsonTooDeep` or
    ``json.JSONDecodeError``.
    """
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8-sig")
    depth = nesting_depth(text)
    if depth > max_depth:
        raise JsonTooDeep(f"the JSON is nested {depth} levels deep; at most {max_depth} are allowed "
                          "(an HSDS service needs about 10). Check the file was exported as HSDS.")
    return json.loads(text)
