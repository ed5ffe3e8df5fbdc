"""Which services changed since a search index was built: the directory's search version.

Every flush that adds, edits, retires or deletes a service (or its leaflets, or renames its
organisation) raises the one-row ``directory_search_state`` version and stamps the services it
touched with it (:func:`stamp_changes`, a session event, so the VSC's edit form, the importers
and the demo loader need do nothing). Raising the version locks that row until the transaction
commits, so versions are handed out in commit order: a search that reads version N may apply
the services stamped above its own version and be sure nothing at or below N is still to come.
Each process (gunicorn workers, Celery) reads the version before a search (one primary-key
query) and applies only the changed services to its index (:mod:`core.directory.database`).
"""

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.models.directory import DirectoryAttachment, DirectoryOrganisation, DirectorySearchState, DirectoryService

STATE = DirectorySearchState.__table__
SERVICES = DirectoryService.__table__
#: The directory's current ``(version, reset_version)``: one primary-key lookup.
CURRENT = select(STATE.c.version, STATE.c.reset_version).where(STATE.c.id == 1)
#: Services stamped per UPDATE statement (an import of thousands stays within parameter limits).
CHUNK = 500
VERSION_KEY = "directory_search_version"


def current_version(connection):
    """The directory's ``(version, reset_version)``; ``(0, 0)`` before anything was stamped.

    Called before each search by :class:`core.directory.database.DatabaseProvider`.
    """
    row = connection.execute(CURRENT).one_or_none()
    return (row[0], row[1]) if row is not None else (0, 0)


def _touched(session):
    services, organisations, deleted = set(), set(), False
    for obj in session.new:
        if isinstance(obj, DirectoryService):
            services.add(obj.id)
        elif isinstance(obj, DirectoryAttachment) and obj.service_id:
            services.add(obj.service_id)
    for obj in session.dirty:
        if isinstance(obj, DirectoryService):
            services.add(obj.id)
        elif isinstance(obj, DirectoryAttachment) and obj.service_id:
            services.add(obj.service_id)
        elif isinstance(obj, DirectoryOrganisation):
            organisations.add(obj.id)  # its services show its name
    for obj in session.deleted:
        if isinstance(obj, DirectoryService):
            deleted = True
        elif isinstance(obj, DirectoryAttachment) and obj.service_id:
            services.add(obj.service_id)
    return services, organisations, deleted


def raise_version(connection, deleted=False):
    """Raise the directory's search version in the caller's transaction and return the new one.

    Called before a flush that touches the directory; holds the state row's lock until the transaction ends.
    ``deleted`` also records that a service was deleted outright (indexes older than this
    version are rebuilt whole).
    """
    values = {"version": STATE.c.version + 1}
    if deleted:
        values["reset_version"] = STATE.c.version + 1
    version = connection.execute(update(STATE).where(STATE.c.id == 1).values(values)
                                 .returning(STATE.c.version)).scalar()
    if version is None:  # a database whose state row is missing: start it
        connection.execute(STATE.insert().values(id=1, version=1, reset_version=1))
        version = 1
    return version


def raise_before_flush(session, _flush_context, _instances):
    """Before a flush that touches the directory, raise its search version (session event).

    Taking the state row's lock before the services' own rows means two editors queue in one
    order (no deadlock between them). The version is kept for :func:`stamp_changes`.
    """
    services, organisations, deleted = _touched(session)
    if services or organisations or deleted:
        session.info[VERSION_KEY] = raise_version(session.connection(), deleted)
    else:
        session.info.pop(VERSION_KEY, None)  # nothing left over from a flush that failed


def stamp_changes(session, _flush_context):
    """After a flush, stamp the services it touched with the version raised before it (session event).

    Registered on every :class:`sqlalchemy.orm.Session`; does nothing when no service, leaflet
    or organisation was flushed. ``updated_at`` is left as it was (the stamp is not an edit).
    """
    version = session.info.pop(VERSION_KEY, None)
    if version is None:
        return
    services, organisations, _deleted = _touched(session)
    connection = session.connection()
    stamp = update(SERVICES).values(search_version=version, updated_at=SERVICES.c.updated_at)
    ids = sorted(services)
    for start in range(0, len(ids), CHUNK):
        connection.execute(stamp.where(SERVICES.c.id.in_(ids[start:start + CHUNK])))
    if organisations:
        connection.execute(stamp.where(SERVICES.c.organisation_id.in_(sorted(organisations))))


event.listen(Session, "before_flush", raise_before_flush)
event.listen(Session, "after_flush", stamp_changes)
