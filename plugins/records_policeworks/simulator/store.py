"""What the simulator knows: demo crimes, the chronology entries written, and how to misbehave."""

import threading
from dataclasses import dataclass, field

from plugins.records_policeworks.contract import entry_types


@dataclass(frozen=True)
class Crime:
    reference: str
    status: str
    officer_in_charge: str


#: Fictional crimes the simulator knows (the tests' and the demo's usual reference comes first).
DEMO_CRIMES = (
    Crime("06/123456/26", "Under investigation", "PC 1234 Jones"),
    Crime("06/654321/26", "Under investigation", "DC 2201 Patel"),
    Crime("06/100200/26", "Suspect charged", "DC 3105 Evans"),
    Crime("12/000123/26", "Filed: no further action", "PC 4410 Hughes"),
)


#: Victims the records system holds for the demo crimes (fictional; Ofcom drama numbers).
DEMO_VICTIMS = {
    "06/123456/26": (
        {"Name": "Sam Taylor", "Mobile": "07700 900456", "Email": "sam.taylor@example.org", "Language": "en",
         "ContactMethod": "sms", "ContactFrequency": "every_n_working_days", "ContactEveryWorkingDays": 10},
        {"Name": "Nadia Rahman", "Mobile": "07700 900457", "Language": "ur",
         "CommunicationNeeds": "Urdu interpreter for calls", "ContactMethod": "phone", "ContactFrequency": "each_stage"},
    ),
    "06/654321/26": (),
}

#: Entry types the WSDL's EntryType allows (read from the shipped WSDL).
ENTRY_TYPES = entry_types()


class Modes:
    """How the simulator answers SOAP calls (the WSDL and the control endpoint always answer)."""

    OK = "ok"
    #: A soap:Server fault with HTTP 500 ("PoliceWorks is unavailable").
    FAULT = "fault"
    #: A bare HTTP 500 with an HTML page, as a broken proxy would send.
    HTTP_500 = "http500"
    #: Store the entry, then wait ``delay`` seconds before answering normally.
    SLOW = "slow"
    #: Wait ``delay`` seconds, store nothing, answer HTTP 504.
    TIMEOUT = "timeout"
    #: HTTP 200 with a body that is not XML at all.
    GARBAGE = "garbage"
    #: HTTP 200 with a well-formed SOAP answer that leaves out what the contract requires.
    MALFORMED = "malformed"
    #: A soap:Server fault whose text (and detail) echoes the entry it was sent, as a careless
    #: server would: what the toolkit must never store or show as it is.
    ECHO = "echo"
    ALL = (OK, FAULT, HTTP_500, SLOW, TIMEOUT, GARBAGE, MALFORMED, ECHO)


@dataclass
class StoredEntry:
    records_id: str
    crime_reference: str
    entry_id: str
    entry_type: str
    text: str
    english_text: str | None
    author: str
    occurred_at: str
    details: dict = field(default_factory=dict)
    care_log_step: dict | None = None


class RecordsStore:
    """Crimes and chronology entries, safe to use from the server's threads at once."""

    def __init__(self, crimes=DEMO_CRIMES, victims=None):
        self._lock = threading.Lock()
        self.crimes = {crime.reference: crime for crime in crimes}
        self.victims = dict(DEMO_VICTIMS if victims is None else victims)
        self.entries = {}  # entry id -> StoredEntry
        self.calls = {"LookupCrime": 0, "AddChronologyEntry": 0}  # other operations counted once called
        self.mode = Modes.OK
        self.delay = 0.0
        self.remaining = None  # misbehave for this many calls, then return to OK (None: until told)

    def lookup(self, reference):
        """The crime with ``reference``, or None."""
        return self.crimes.get(reference)

    def victims_of(self, reference):
        """The victims held for crime ``reference`` (a tuple of dicts named as in the WSDL)."""
        return tuple(self.victims.get(reference, ()))

    def add(self, **values):
        """Store an entry once per entry id. Returns ``(StoredEntry, duplicate)``."""
        with self._lock:
            found = self.entries.get(values["entry_id"])
            if found is not None:
                return found, True
            stored = StoredEntry(records_id=f"PW-{len(self.entries) + 1:06d}", **values)
            self.entries[stored.entry_id] = stored
            return stored, False

    def chronology(self, reference=None):
        """Entries in the order written, for one crime or all."""
        with self._lock:
            return [e for e in self.entries.values() if reference is None or e.crime_reference == reference]

    def forget_entries(self):
        """Drop every stored entry (the control endpoint's ``reset``)."""
        with self._lock:
            self.entries.clear()

    def set_mode(self, mode, delay=None, count=None):
        """Change how SOAP calls are answered (called by tests and the control endpoint)."""
        if mode not in Modes.ALL:
            raise ValueError(f"mode must be one of {', '.join(Modes.ALL)}")
        with self._lock:
            self.mode = mode
            if delay is not None:
                self.delay = float(delay)
            self.remaining = count

    def next_mode(self, operation):
        """Count a call and say how to answer it (the mode runs out after ``count`` calls)."""
        with self._lock:
            self.calls[operation] = self.calls.get(operation, 0) + 1
            mode = self.mode
            if self.remaining is not None and mode != Modes.OK:
                self.remaining -= 1
                if self.remaining <= 0:
                    self.mode, self.remaining = Modes.OK, None
            return mode, self.delay

    def state(self):
        """What the control endpoint reports."""
        with self._lock:
            return {"mode": self.mode, "delay": self.delay, "remaining": self.remaining,
                    "entries": len(self.entries), "calls": dict(self.calls)}
