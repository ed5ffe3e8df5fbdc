"""The built-in directory provider: services kept in the toolkit's database and edited by VSCs."""

from collections import defaultdict

from sqlalchemy import select

from core.directory.changes import current_version
from core.directory.providers import IndexedProvider
from core.directory.records import Leaflet, ServiceRecord
from core.directory.search import SearchIndex
from core.messaging.delivery import Attachment
from core.models.directory import DirectoryAttachment, DirectoryOrganisation, DirectoryService

PROVIDER_NAME = "database"


def _record(service, organisation, leaflets, provider=PROVIDER_NAME):
    """A :class:`ServiceRecord` of a service's columns (an ORM object or a Core row alike)."""
    return ServiceRecord(
        provider=provider, id=service.id, name=service.name, description=service.description or "",
        organisation=organisation or "",
        needs=tuple(service.needs or ()), vulnerabilities=tuple(service.vulnerabilities or ()),
        eligibility=service.eligibility or "", languages=tuple(service.languages or ()),
        districts=tuple(service.districts or ()), phone=service.phone or "", email=service.email or "",
        web=service.web or "", address=service.address or "", access=service.access,
        opening_hours=service.opening_hours or "", last_assured_on=service.last_assured_on,
        assured_by=service.assured_by or "", review_due_on=service.review_due_on,
        leaflets=leaflets, hsds_id=service.id, organisation_id=service.organisation_id,
    )


SERVICES = DirectoryService.__table__
ORGANISATIONS = DirectoryOrganisation.__table__
LEAFLETS = DirectoryAttachment.__table__
#: Services with their organisation's name, read with Core (a whole region's feed loads in a
#: fraction of the time ORM objects take).
SERVICE_ROWS = select(SERVICES, ORGANISATIONS.c.name.label("organisation_name")).select_from(
    SERVICES.outerjoin(ORGANISATIONS, SERVICES.c.organisation_id == ORGANISATIONS.c.id))


#: Above this share of the index (and this many services) changed at once, as when a whole feed
#: is imported again, the index is rebuilt instead of updated.
REBUILD_SHARE = 0.25
REBUILD_AT_LEAST = 1000


class DatabaseProvider(IndexedProvider):
    """Services in the ``directory_services`` table; each search applies the services changed since the last."""

    name = PROVIDER_NAME
    title = "Force directory"
    editable = True

    def __init__(self, mad):
        super().__init__()
        self.mad = mad
        self._version = 0

    def fingerprint(self):
        """The directory's ``(version, reset_version)`` (:mod:`core.directory.changes`; one cheap query).

        Read in autocommit, so no transaction is begun and rolled back around it (on PostgreSQL
        two round trips fewer before every search).
        """
        with self.mad.db.read() as connection:
            return current_version(connection)

    def refresh(self, current):
        """Apply the services stamped above the index's version (all of them the first time).

        Called with the lock held before each search. A service deleted outright since the index
        was built (``reset_version``), or a change to more than a quarter of it (and over 1,000
        services), rebuilds it whole.
        """
        version, reset = current
        if self._index is not None and version <= self._version:
            return
        if self._index is None or reset > self._version:
            self._index, self._version = SearchIndex(self.all()), version
            return
        changed = self._rows(SERVICES.c.search_version > self._version)
        if len(changed) > max(REBUILD_AT_LEAST, REBUILD_SHARE * len(self._index)):
            self._index, self._version = SearchIndex(self.all()), version
            return
        active = [record for row, record in changed if row.status == "active"]
        retired = [row.id for row, _record in changed if row.status != "active"]
        self._version = max(version, max((row.search_version for row, _record in changed), default=0))
        self._index.update(changed=active, removed=retired)

    def _rows(self, condition, ordered=False):
        """``[(row, ServiceRecord)]`` of the services meeting ``condition``, leaflets named."""
        with self.mad.db.read() as connection:  # two reads, no transaction needed around them
            query = SERVICE_ROWS.where(condition)
            rows = connection.execute(query.order_by(SERVICES.c.name) if ordered else query).all()
            leaflets = defaultdict(list)
            if rows:
                named = select(LEAFLETS.c.id, LEAFLETS.c.service_id, LEAFLETS.c.filename, LEAFLETS.c.content_type)
                for leaflet in connection.execute(named.where(LEAFLETS.c.service_id.in_(
                        select(SERVICES.c.id).where(condition))).order_by(LEAFLETS.c.id)):
                    leaflets[leaflet.service_id].append(Leaflet(leaflet.filename, leaflet.content_type,
                                                                str(leaflet.id)))
        return [(row, _record(row, row.organisation_name, tuple(leaflets.get(row.id, ())))) for row in rows]

    def all(self):
        """Every active service, as records by name (called to build the index and to export)."""
        return [record for _row, record in self._rows(SERVICES.c.status == "active", ordered=True)]

    def get(self, service_id):
        """One service by id (active or not), or None.

        Called for every service page, compose, preview and send: read with Core in two indexed
        queries, as the index reads its changes, not through the ORM.
        """
        found = self._rows(SERVICES.c.id == service_id)
        return found[0][1] if found else None

    def leaflet(self, service_id, ref):
        """The leaflet's bytes as an :class:`Attachment`, or None if it has gone."""
        if not str(ref).isdigit():
            return None
        with self.mad.session() as session:
            row = session.scalar(select(DirectoryAttachment).where(
                DirectoryAttachment.id == int(ref), DirectoryAttachment.service_id == service_id))
            return Attachment(row.filename, row.content_type, row.data) if row is not None else None
