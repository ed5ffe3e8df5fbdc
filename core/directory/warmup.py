"""The directory's search indexes, built when a web process starts rather than by the first search.

At a whole region's size (100,000 services) building an index takes seconds; without this the
first officer to search after a deploy or a worker restart would wait for it. Called by
``core.wsgi`` (each gunicorn worker) and ``mad run``, in a background thread, so the process
serves requests at once: a search that arrives before the build finishes waits for it on the
provider's own lock, as it would have anyway.
"""

import logging
import threading
import time

from core.directory.providers import IndexedProvider

log = logging.getLogger(__name__)


def warm_indexes(mad):
    """Bring every indexed provider's search index up to date now; return the names warmed.

    A provider that fails (a remote feed down, say) is logged and skipped: its first search tries
    again, as before.
    """
    warmed = []
    for name, provider in mad.directory_providers.items():
        if not isinstance(provider, IndexedProvider):  # a provider that searches elsewhere has nothing to build
            continue
        started = time.monotonic()
        try:
            provider.index()
        except Exception as exc:
            log.warning("directory index not built at start-up; the first search will build it",
                        extra={"provider": name, "error": type(exc).__name__})
            continue
        warmed.append(name)
        log.info("directory index built", extra={"provider": name,
                                                 "seconds": round(time.monotonic() - started, 2)})
    return warmed


def warm_in_background(mad):
    """Start :func:`warm_indexes` in a daemon thread and return the thread."""
    thread = threading.Thread(target=warm_indexes, args=(mad,), name="mad-directory-warmup", daemon=True)
    thread.start()
    return thread
