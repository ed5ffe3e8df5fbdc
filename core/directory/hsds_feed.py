"""A directory provider that reads an Open Referral UK / HSDS 3.0 feed: a JSON file, or an HTTP
``/services`` endpoint (every page of it).

The feed is read when first searched and again after ``refresh_seconds``. Its answer is
validated like an import: a page that is not an HSDS page is refused, and a service that fails
validation is left out (and counted in the log by id), never shown half-right. When a refresh
fails the last good copy is kept; when there has never been one the finder tells officers this
source is unavailable.
"""

import logging
import threading
import time
import urllib.parse
import urllib.request

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from core.directory.hsds import from_hsds, has_contact
from core.json_limits import load_json
from core.directory.importing import PageSchema, services_in_document
from core.directory.providers import IndexedProvider
from core.directory.records import ServiceRecord
from core.directory.schemas import load_service

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024


class FeedSchema(Schema):
    """One feed in ``[plugins.directory_hsds] feeds``."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(
        metadata={"description": "a short unique name for the feed, used as the provider's name (letters, digits, _ and -)"},
        required=True, validate=validate.Regexp(
        r"^[a-z][a-z0-9_]{1,39}$", error="Use lower-case letters, digits and _ (e.g. gm_oruk)"))
    title = fields.String(
        metadata={"description": "the feed's name as officers see it (default: the name)"},
        load_default=None, validate=validate.Length(max=100))
    url = fields.Url(
        metadata={"description": "the feed's base address; the toolkit reads <url>/services page by page"},
        load_default=None, schemes={"http", "https"}, require_tld=False)
    path = fields.String(
        metadata={"description": 'instead of url: a local HSDS JSON file (an export or a /services page)'},
        load_default=None)
    refresh_seconds = fields.Integer(
        metadata={"description": 'how long a fetched copy of the feed is used before it is read again'},
        load_default=3600, validate=validate.Range(min=10))
    timeout_seconds = fields.Float(
        metadata={"description": 'how long one request to the feed may take before it counts as unavailable'},
        load_default=10.0, validate=validate.Range(min=0.5, max=120))
    max_pages = fields.Integer(
        metadata={"description": 'the most /services pages read in one refresh (a guard against endless feeds)'},
        load_default=50, validate=validate.Range(min=1, max=1000))

    @validates_schema
    def _one_source(self, data, **kwargs):
        if bool(data.get("url")) == bool(data.get("path")):
            raise ValidationError("Give either url (an HSDS /services endpoint) or path (a JSON file), not both")
        if data["name"] == "database":
            raise ValidationError("'database' is the built-in directory's name: choose another", "name")


class HsdsSettingsSchema(Schema):
    """Settings of the ``directory_hsds`` built-in: the feeds to read (none by default)."""

    class Meta:
        unknown = EXCLUDE

    feeds = fields.List(fields.Nested(FeedSchema), load_default=list, metadata={
        "description": "the Open Referral UK / HSDS feeds to search beside the force's own directory, each a table"})

    @validates_schema
    def _unique_names(self, data, **kwargs):
        names = [feed["name"] for feed in data.get("feeds", [])]
        if len(names) != len(set(names)):
            raise ValidationError("Each feed needs its own name", "feeds")


def _page_url(url, page):
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["page"] = str(page)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class HsdsFeedProvider(IndexedProvider):
    """Services from one HSDS feed, refreshed every ``refresh_seconds``."""

    editable = False

    def __init__(self, feed, districts=()):
        super().__init__()
        self.feed = feed
        self.name = feed["name"]
        self.title = feed.get("title") or feed["name"]
        self.districts = list(districts)
        self._records, self._loaded_at, self._generation = None, None, 0  # _records: {id: record}
        self._refresh_lock = threading.Lock()
        self._details = {}  # service id → (read at, the /services/{id} answer)

    # -- reading the feed ----------------------------------------------------------------------

    def _read_json(self, url):
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        # The feed's url is validated as http or https only (FeedSchema), so no file: or custom scheme.
        with urllib.request.urlopen(request, timeout=self.feed["timeout_seconds"]) as response:  # nosec B310
            body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise ValueError(f"feed {self.name} answered with more than {MAX_BYTES} bytes")
        return load_json(body)

    def _documents(self):
        if self.feed.get("path"):
            with open(self.feed["path"], encoding="utf-8-sig") as source:
                yield load_json(source.read())
            return
        page, pages = 1, 1
        while page <= min(pages, self.feed["max_pages"]):
            document = self._read_json(_page_url(self.feed["url"], page))
            if isinstance(document, dict) and "contents" in document:
                pages = PageSchema().load(document)["total_pages"]
            yield document
            page += 1

    def _complete(self, service):
        """The full ``/services/{id}`` answer for a list entry without a phone or email (cached), else the entry.

        Open Referral UK feeds often answer ``/services`` with a summary of each service; without a
        contact the service could not be sent to a victim. Details are kept for ``refresh_seconds``;
        a detail that cannot be read leaves the summary (logged, never fatal to the feed).
        """
        if not self.feed.get("url") or not isinstance(service, dict) or not service.get("id") or has_contact(service):
            return service
        if (service.get("status") or "active") != "active":  # a closed service is left out anyway
            return service
        key = str(service["id"])
        cached = self._details.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.feed["refresh_seconds"]:
            return cached[1]
        base = urllib.parse.urlsplit(self.feed["url"])
        url = urllib.parse.urlunsplit(base._replace(path=base.path.rstrip("/") + "/" + urllib.parse.quote(key, safe=""),
                                                    query=""))
        try:
            detail = self._read_json(url)
        except (OSError, ValueError) as exc:
            log.warning("HSDS service details could not be read", extra={"provider": self.name, "service_id": key,
                                                                          "error": type(exc).__name__})
            return service
        if not isinstance(detail, dict) or str(detail.get("id")) != key:
            return service
        self._details[key] = (time.monotonic(), detail)
        return detail

    def _to_record(self, service):
        values, _warnings = from_hsds(service, self.districts)
        data = load_service(values, self.districts)
        if not data["id"]:
            raise ValidationError({"id": ["missing"]})
        if data["status"] != "active":
            return None
        return ServiceRecord(
            provider=self.name, id=data["id"], hsds_id=data["id"], name=data["name"], description=data["description"],
            organisation=data["organisation_name"] or "", needs=tuple(data["needs"]),
            vulnerabilities=tuple(data["vulnerabilities"]), eligibility=data["eligibility"],
            languages=tuple(data["languages"]), districts=tuple(data["districts"]), phone=data["phone"] or "",
            email=data["email"] or "", web=data["web"] or "", address=data["address"], access=data["access"],
            opening_hours=data["opening_hours"], last_assured_on=data["last_assured_on"],
            assured_by=data["assured_by"] or "", review_due_on=data["review_due_on"],
        )

    def load(self):
        """Read and validate the whole feed; returns its records by id (raises if the feed is unusable)."""
        records, skipped = {}, []
        for document in self._documents():
            for service in services_in_document(document):
                service = self._complete(service)
                try:
                    record = self._to_record(service)
                except ValidationError:
                    skipped.append(str(service.get("id")) if isinstance(service, dict) else "?")
                    continue
                if record is not None:
                    records[record.id] = record
        if skipped:
            log.warning("HSDS feed services failed validation and were left out",
                        extra={"provider": self.name, "service_ids": skipped[:50], "skipped": len(skipped)})
        return records

    def _refresh_if_due(self):
        now = time.monotonic()
        if self._loaded_at is not None and now - self._loaded_at < self.feed["refresh_seconds"]:
            return
        with self._refresh_lock:
            if self._loaded_at is not None and time.monotonic() - self._loaded_at < self.feed["refresh_seconds"]:
                return
            try:
                records = self.load()
            except (OSError, ValueError, ValidationError) as exc:
                self._loaded_at = time.monotonic()  # try again after refresh_seconds, not on every search
                log.warning("HSDS feed could not be read", extra={"provider": self.name, "error": type(exc).__name__})
                if self._records is None:
                    self._loaded_at = None
                    raise
                return
            self._records, self._loaded_at = records, time.monotonic()
            self._generation += 1

    # -- the provider interface ----------------------------------------------------------------

    def fingerprint(self):
        """The feed's load generation: a new copy of the feed rebuilds the index."""
        self._refresh_if_due()
        return self._generation

    def all(self):
        """Every service of the last good copy of the feed."""
        self._refresh_if_due()
        return list((self._records or {}).values())

    def get(self, service_id):
        """One service of the feed by its HSDS id, or None."""
        self._refresh_if_due()
        return (self._records or {}).get(service_id)
