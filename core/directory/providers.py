"""The interface every directory provider implements, and a base class that does the searching.

A provider (contributed by ``register_directory_providers``) has a unique ``name``, a ``title``
shown to officers, and four methods:

- ``search(query="", need=None, district=None, limit=20)`` → ``[(ServiceRecord, score)]``, best
  first (scores from different providers are comparable when both use :class:`SearchIndex`);
- ``get(service_id)`` → a :class:`ServiceRecord` or None;
- ``all()`` → every service it has (for export and de-duplication);
- ``leaflet(service_id, ref)`` → the leaflet's :class:`core.toolkit.Attachment`, or None.

``editable`` is True only for the built-in database provider, whose services VSCs edit.
:class:`IndexedProvider` implements ``search`` over ``all()`` with an in-memory index kept up to
``fingerprint()`` (rebuilt when it changes, unless ``refresh`` does better), so a provider need
only supply its services.
"""

import threading

from core.directory.search import SearchIndex


class DirectoryProvider:
    """Base class for providers; subclasses set ``name`` and ``title`` and implement the methods."""

    name = "provider"
    title = "Directory"
    editable = False

    def search(self, query="", need=None, district=None, limit=20):
        raise NotImplementedError

    def get(self, service_id):
        raise NotImplementedError

    def all(self):
        raise NotImplementedError

    def leaflet(self, service_id, ref):
        return None


class IndexedProvider(DirectoryProvider):
    """A provider whose search runs on an in-memory :class:`SearchIndex` of ``all()``.

    Before each search ``fingerprint()`` is read and :meth:`refresh` brings the index up to it:
    by default the index is rebuilt when the fingerprint changes; the database provider applies
    just the services that changed (so an edit in any process is seen by the next search in
    every process without rebuilding). Searches of one process take turns on the index, so a
    refresh never changes it under a search.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._index = None
        self._fingerprint = object()

    def fingerprint(self):
        """A value that changes whenever the services change (default: never)."""
        return None

    def refresh(self, current):
        """Bring the index up to ``current`` (a fingerprint); called with the lock held."""
        if self._index is None or current != self._fingerprint:
            self._index = SearchIndex(self.all())
            self._fingerprint = current

    def index(self):
        """The current :class:`SearchIndex`, brought up to date first."""
        current = self.fingerprint()
        with self._lock:
            self.refresh(current)
            return self._index

    def search(self, query="", need=None, district=None, limit=20):
        """Rank this provider's services (see :meth:`SearchIndex.search`)."""
        current = self.fingerprint()
        with self._lock:
            self.refresh(current)
            return self._index.search(query, need=need, district=district, limit=limit)
