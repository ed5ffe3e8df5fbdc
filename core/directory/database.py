"""The built-in directory provider: services kept in the toolkit's database and edited by VSCs."""

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from core.directory.changes import current_version
from core.directory.providers import IndexedProvider
from core.directory.records import Leaflet, ServiceRecord
from core.directory.search import SearchIndex
from core.messaging.delivery import Attachment
from core.models.directory import DirectoryAttachment, DirectoryService

PROVIDER_NAME = "database"


def to_record(service, provider=PROVIDER_NAME):
    """A :class:`ServiceRecord` of a stored service (its leaflets named, their bytes left behind)."""
    return ServiceRecord(
        provider=provider, id=service.id, name=service.name, description=service.description or "",
        organisation=service.organisation.name if service.organisation else "",
        needs=tuple(service.needs or ()), vulnerabilities=tuple(service.vulnerabilities or ()),
        eligibility=service.eligibility or "", languages=tuple(service.languages or ()),
        districts=tuple(service.districts or ()), phone=service.phone or "", email=service.email or "",
        web=service.web or "", address=service.address or "", access=service.access,
        opening_hours=service.opening_hours or "", last_assured_on=service.last_assured_on,
        assured_by=service.assured_by or "", review_due_on=service.review_due_on,
        leaflets=tuple(Leaflet(a.filename, a.content_type, str(a.id)) for a in service.attachments),
        hsds_id=service.id, organisation_id=service.organisation_id,
    )


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
        """The directory's ``(version, reset_version)`` (:mod:`core.directory.changes`; one cheap query)."""
        with self.mad.db.engine.connect() as connection:
            return current_version(connection)

    def refresh(self, current):
        """Apply the services stamped above the index's version (all of them the first time).

        Called with the lock held before each search. A service deleted outright since the index
        was built (``reset_version``) or a change to more than a quarter of it (and 1,000 services) rebuilds it whole.
        """
        version, reset = current
        if self._index is not None and version <= self._version:
            return
        if self._index is None or reset > self._version:
            self._index, self._version = SearchIndex(self.all()), version
            return
        with self.mad.session() as session:
            changed = session.scalars(self._query().where(DirectoryService.search_version > self._version)).all()
            if len(changed) > max(REBUILD_AT_LEAST, REBUILD_SHARE * len(self._index)):
                self._index, self._version = SearchIndex(self.all()), version
                return
            active = [to_record(s) for s in changed if s.status == "active"]
            retired = [s.id for s in changed if s.status != "active"]
            self._version = max(version, max((s.search_version for s in changed), default=0))
        self._index.update(changed=active, removed=retired)

    def _query(self):
        return select(DirectoryService).options(
            selectinload(DirectoryService.attachments).options(defer(DirectoryAttachment.data)))

    def all(self):
        """Every active service, as records (called to build the index and to export)."""
        with self.mad.session() as session:
            services = session.scalars(self._query().where(DirectoryService.status == "active")
                                       .order_by(DirectoryService.name)).all()
            return [to_record(s) for s in services]

    def get(self, service_id):
        """One service by id, or None."""
        with self.mad.session() as session:
            service = session.scalar(self._query().where(DirectoryService.id == service_id))
            return to_record(service) if service is not None else None

    def leaflet(self, service_id, ref):
        """The leaflet's bytes as an :class:`Attachment`, or None if it has gone."""
        if not str(ref).isdigit():
            return None
        with self.mad.session() as session:
            row = session.scalar(select(DirectoryAttachment).where(
                DirectoryAttachment.id == int(ref), DirectoryAttachment.service_id == service_id))
            return Attachment(row.filename, row.content_type, row.data) if row is not None else None
