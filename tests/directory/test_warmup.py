"""A web process builds the directory's search index as it starts, so the first officer's search
does not wait for it; a provider that cannot build its index is logged and searched as before."""

import logging

from core.directory.finder import find
from core.directory.providers import IndexedProvider
from core.directory.warmup import warm_in_background, warm_indexes


def test_the_index_is_built_at_start_up_and_the_first_search_uses_it(directory_app):
    mad = directory_app().extensions["mad"]
    provider = mad.directory_providers["database"]
    assert provider._index is None  # nothing built before the process warms up

    thread = warm_in_background(mad)
    thread.join(30)

    assert not thread.is_alive()
    built = provider._index
    assert built is not None and len(built) > 0
    found = find(mad, "domestic abuse")
    assert found.results and not found.unavailable
    assert provider._index is built  # the search used the index built at start-up, not a new one


class BrokenFeed(IndexedProvider):
    """A provider whose services cannot be read (a remote feed that is down)."""

    name, title = "broken_feed", "Broken feed"

    def all(self):
        raise ConnectionError("feed unreachable")


def test_a_provider_that_cannot_build_its_index_is_logged_and_the_others_are_built(directory_app, caplog):
    mad = directory_app().extensions["mad"]
    mad.directory_providers["broken_feed"] = BrokenFeed()

    with caplog.at_level(logging.WARNING, logger="core.directory.warmup"):
        warmed = warm_indexes(mad)

    assert warmed == ["database"]
    assert mad.directory_providers["database"]._index is not None
    warning = next(r for r in caplog.records if r.getMessage().startswith("directory index not built"))
    assert warning.provider == "broken_feed" and warning.error == "ConnectionError"
