"""What every provider hands the finder: a service as plain, immutable data.

Providers may keep services anywhere (the toolkit's database, an Open Referral feed); the
finder, the pages and the signposting flow see only :class:`ServiceRecord`.
"""

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Leaflet:
    """A leaflet's name and type; ``ref`` lets its provider fetch the bytes later."""

    filename: str
    content_type: str
    ref: str


@dataclass(frozen=True)
class ServiceRecord:
    """One support service as a provider describes it (fields follow HSDS where they can)."""

    provider: str
    id: str
    name: str
    description: str = ""
    organisation: str = ""
    needs: tuple = ()
    vulnerabilities: tuple = ()
    eligibility: str = ""
    languages: tuple = ()
    #: Districts served; empty means the whole force area.
    districts: tuple = ()
    phone: str = ""
    email: str = ""
    web: str = ""
    address: str = ""
    access: str = "signpost"
    opening_hours: str = ""
    last_assured_on: date | None = None
    assured_by: str = ""
    review_due_on: date | None = None
    leaflets: tuple = field(default=(), compare=False)
    #: Set when the provider's identity is an HSDS id shared with other directories.
    hsds_id: str | None = None
    #: The organisation's id where the provider keeps one (exported as the HSDS organization's id).
    organisation_id: str | None = field(default=None, compare=False)

    @property
    def key(self):
        """The address of this service in the toolkit: ``provider/id``."""
        return f"{self.provider}/{self.id}"

    def identity(self):
        """What makes two providers' records the same service (used to de-duplicate).

        The HSDS id when the record has one, else the normalised name and phone digits.
        """
        if self.hsds_id:
            return ("hsds", self.hsds_id)
        return ("name+phone", normalise_name(self.name), re.sub(r"\D", "", self.phone or ""))

    def due_for_review(self, today):
        """True when the review date has passed (officers see "due for review")."""
        return self.review_due_on is not None and self.review_due_on < today

    def serves(self, district):
        """True when the service covers ``district`` (or the whole force area)."""
        return not self.districts or district in self.districts


def normalise_name(name):
    """Lower case, letters and digits only, single spaces: "St. Mary's  SARC" → "st marys sarc"."""
    return " ".join(re.sub(r"[^\w\s]", "", (name or "").lower()).split())
