"""Finding services across every enabled provider: merged, de-duplicated and ranked.

The pages, the signposting flow and the CLI call these functions; they never talk to a
provider directly. A provider that fails (a feed that is down) is left out and named, so the
officer still sees what the others have.
"""

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Found:
    """The merged answer: ``results`` as ``[(ServiceRecord, score)]`` and providers that failed."""

    results: list
    unavailable: list = field(default_factory=list)


def find(mad, query="", need=None, district=None, limit=30):
    """Search every provider, keep the best-scoring copy of each service, rank them.

    Called by the directory pages. Copies of one service from two providers (same HSDS id, or
    same normalised name and phone) appear once; on equal scores the provider registered first
    wins. Returns :class:`Found`.
    """
    best, unavailable = {}, []
    for order, provider in enumerate(mad.directory_providers.values()):
        try:
            # Twice the limit from each provider leaves room for the copies that de-duplication drops.
            hits = provider.search(query, need=need, district=district, limit=limit * 2 if limit else None)
        except Exception:  # a provider's outage must not hide the others' services
            log.exception("directory provider failed", extra={"provider": provider.name})
            unavailable.append(provider.title)
            continue
        for record, score in hits:
            identity = record.identity()
            kept = best.get(identity)
            if kept is None or score > kept[1]:
                best[identity] = (record, score, order)
    ranked = sorted(best.values(), key=lambda item: (-item[1], item[2], item[0].name.lower()))
    results = [(record, score) for record, score, _order in ranked]
    return Found(results[:limit] if limit else results, unavailable)


def provider_for(mad, name):
    """The provider called ``name``, or None."""
    return mad.directory_providers.get(name)


def get_service(mad, provider_name, service_id):
    """One service by provider and id, or None (an unknown provider or id, or a failing feed)."""
    provider = provider_for(mad, provider_name)
    if provider is None:
        return None
    try:
        return provider.get(service_id)
    except Exception:
        log.exception("directory provider failed", extra={"provider": provider_name})
        return None


def parse_key(key):
    """``"provider/id"`` → ``(provider, id)``; ``(None, None)`` when it is not of that shape."""
    provider, sep, service_id = (key or "").partition("/")
    return (provider, service_id) if sep and provider and service_id else (None, None)


def service_by_key(mad, key):
    """The service a ``provider/id`` key names, or None."""
    provider, service_id = parse_key(key)
    return get_service(mad, provider, service_id) if provider else None


def leaflets(mad, record):
    """Every leaflet of ``record`` with its bytes, as :class:`core.toolkit.Attachment`."""
    provider = provider_for(mad, record.provider)
    found = []
    for leaflet in record.leaflets:
        attachment = provider.leaflet(record.id, leaflet.ref) if provider else None
        if attachment is not None:
            found.append(attachment)
    return found
