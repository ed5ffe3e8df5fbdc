"""Change histories, one way for every kept list: the directory's services, the resources library,
sections prepared ahead and the commissioned service's own messages.

Each keeps its changes in a table built on :class:`core.models.history.ChangeRecord` (who, what:
field → ``[before, after]``, when). :func:`apply_changes` sets the new values and says what changed;
:func:`newest_first` reads a thing's history for its page.
"""

from datetime import date

from sqlalchemy import select


def jsonable(value):
    """``value`` as stored in a change: dates as ISO text, everything else as it is."""
    return value.isoformat() if isinstance(value, date) else value


def apply_changes(target, values, created):
    """Set each of ``values`` (field → new value) on ``target``; return ``{field: [before, after]}``.

    Called by the save functions of the kept lists. A new ``target`` (``created``) records every
    field; an existing one only those whose value changed. Values are made JSON-ready (:func:`jsonable`).
    """
    changes = {}
    for name, value in values.items():
        before = None if created else getattr(target, name)
        if created or before != value:
            changes[name] = [jsonable(before), jsonable(value)]
            setattr(target, name, value)
    return changes


def newest_first(session, change_model, key_column, key):
    """The changes of one thing (``key_column == key``), newest first (for its page)."""
    return session.scalars(select(change_model).where(key_column == key)
                           .order_by(change_model.changed_at.desc(), change_model.id.desc())).all()
