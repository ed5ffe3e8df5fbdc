"""The PoliceWorks SOAP client: one zeep client per purpose, one reused HTTP session, errors told apart.

Writes and the officer's crime lookup have different timeouts, so they use two zeep clients, but
both share a single ``requests.Session`` (and so its connection pool) through zeep's
:class:`~zeep.transports.Transport`. Every failure becomes a :class:`PermanentRecordsError` (the
entry can never be written as it is: the crime does not exist, the entry is invalid) or a
:class:`TemporaryRecordsError` (timeouts, connection errors, 5xx, a refused login, an answer that
does not fit the contract) with a reason an admin can act on.
"""

import threading

import requests
from lxml import etree
from marshmallow import ValidationError

from core.toolkit import PermanentRecordsError, TemporaryRecordsError, reduce_answer
from plugins.records_policeworks.contract import shipped_wsdl_path
from plugins.records_policeworks.responses import (
    ChronologyReceiptSchema, CrimeLookupSchema, EntryRequestSchema, VictimsLookupSchema,
)

NAMESPACE = "urn:policeworks:records:v1"
BINDING = f"{{{NAMESPACE}}}PoliceWorksRecordsBinding"
#: Schemas are built once: marshmallow schemas are safe to share between threads for ``load``.
LOOKUP_SCHEMA, RECEIPT_SCHEMA, ENTRY_SCHEMA = CrimeLookupSchema(), ChronologyReceiptSchema(), EntryRequestSchema()
VICTIMS_SCHEMA = VictimsLookupSchema()
CARE_LOG_STEP = "care_log_step"
PERMANENT_FAULTS = {"CrimeNotFound": "PoliceWorks has no crime with the reference {reference}",
                    "InvalidEntry": "PoliceWorks refused the entry as invalid"}


def _fault_detail_name(fault):
    detail = getattr(fault, "detail", None)
    if not isinstance(detail, etree._Element) or not len(detail):
        return None, None
    inner = detail[0]
    return etree.QName(inner).localname, {etree.QName(c).localname: (c.text or "") for c in inner}


def _said(prefix, answer):
    """``prefix`` with what PoliceWorks said, reduced (:func:`core.toolkit.reduce_answer`)."""
    if answer.reason:
        return f"{prefix}: {answer.reason}"
    if answer.cut:
        return f"{prefix} (fault code {answer.code or 'unreadable'}; its text was left out as it could not be checked)"
    return f"{prefix} (fault code {answer.code or 'unreadable'})"


def classify(exc, endpoint, timeout, reference=None, private=()):
    """Turn anything a SOAP call raised into a Permanent or Temporary records error with a clear reason.

    Called by :class:`PoliceWorksClient` for every failed call. Returns the error to raise. What
    PoliceWorks says in a fault is reduced to its code and a short checked reason first, never
    repeating ``private`` (the entry's text): a server echoing the entry must not put a victim's
    words on an admin page.
    """
    from zeep.exceptions import Fault, TransportError, XMLParseError, XMLSyntaxError
    from zeep.exceptions import ValidationError as ZeepValidationError

    if isinstance(exc, Fault):
        if exc.code is None:  # zeep found no soap:Fault in an error answer (an HTML error page, say)
            return TemporaryRecordsError("PoliceWorks answered with an error page instead of SOAP (HTTP 5xx)")
        code = (exc.code or "").rsplit(":", 1)[-1]
        name, values = _fault_detail_name(exc)
        if code == "FailedAuthentication":
            return TemporaryRecordsError("PoliceWorks refused the username or password: check the "
                                         "records_policeworks username and password settings")
        answer = reduce_answer(code, exc.message, private)
        if name in PERMANENT_FAULTS:
            reason = PERMANENT_FAULTS[name].format(reference=reference or "given")
            extra = (values or {}).get("Reason")
            return PermanentRecordsError(_said(reason, reduce_answer(code, extra, private)) if extra else reason)
        if code == "Client":
            return PermanentRecordsError(_said("PoliceWorks refused the entry", answer))
        return TemporaryRecordsError(_said("PoliceWorks reported a server fault", answer))
    if isinstance(exc, requests.Timeout):
        return TemporaryRecordsError(f"PoliceWorks did not answer within {timeout:g} second{'' if timeout == 1 else 's'}")
    if isinstance(exc, requests.ConnectionError):
        return TemporaryRecordsError(f"PoliceWorks cannot be reached at {endpoint}")
    if isinstance(exc, TransportError):
        if exc.status_code in (401, 403):
            return TemporaryRecordsError(f"PoliceWorks refused the login (HTTP {exc.status_code}): check the "
                                         "records_policeworks username and password settings")
        if exc.status_code < 400:  # zeep: "Server returned response (200) with invalid XML"
            return TemporaryRecordsError(f"PoliceWorks sent an answer that is not XML (HTTP {exc.status_code})")
        return TemporaryRecordsError(f"PoliceWorks answered HTTP {exc.status_code}")
    if isinstance(exc, (XMLSyntaxError, etree.XMLSyntaxError)):
        return TemporaryRecordsError("PoliceWorks sent an answer that is not XML")
    if isinstance(exc, (XMLParseError, ZeepValidationError)):
        return TemporaryRecordsError(_said("PoliceWorks sent an answer that does not match its WSDL",
                                           reduce_answer(type(exc).__name__, exc.message, private)))
    if isinstance(exc, requests.RequestException):
        return TemporaryRecordsError(f"PoliceWorks could not be reached ({type(exc).__name__})")
    return TemporaryRecordsError(f"{type(exc).__name__} while calling PoliceWorks")


class PoliceWorksClient:
    """Calls PoliceWorks; built from the plugin's validated settings, clients made on first use."""

    def __init__(self, settings):
        self.settings = settings
        self.session = requests.Session()
        self._services = {}
        self._lock = threading.Lock()

    def _service(self, purpose):
        """The zeep service proxy for ``purpose`` ("write" or "lookup"), built once."""
        with self._lock:
            if purpose not in self._services:
                self._services[purpose] = self._build(purpose)
            return self._services[purpose]

    def _timeouts(self, purpose):
        read = self.settings["timeout_seconds" if purpose == "write" else "lookup_timeout_seconds"]
        return self.settings["connect_timeout_seconds"], read

    def _build(self, purpose):
        import zeep
        from zeep.transports import Transport
        from zeep.wsse.username import UsernameToken

        transport = Transport(session=self.session, timeout=30, operation_timeout=self._timeouts(purpose))
        wsse = UsernameToken(self.settings["username"], self.settings["password"],
                             use_digest=self.settings["password_digest"])
        wsdl = self.settings.get("wsdl") or shipped_wsdl_path()
        try:
            client = zeep.Client(wsdl, transport=transport, wsse=wsse)
        except Exception as exc:  # a WSDL that cannot be read: retried, and named for the admin
            raise TemporaryRecordsError(f"The PoliceWorks WSDL at {wsdl} cannot be read ({type(exc).__name__})") from exc
        return client.create_service(BINDING, self.settings["endpoint"])

    def _call(self, purpose, operation, reference, private=(), **values):
        service = self._service(purpose)
        try:
            answer = getattr(service, operation)(**values)
        except Exception as exc:
            raise classify(exc, self.settings["endpoint"], self._timeouts(purpose)[1], reference, private) from exc
        from zeep.helpers import serialize_object

        return serialize_object(answer, dict) if answer is not None else {}

    def lookup_crime(self, reference):
        """Ask PoliceWorks about crime ``reference``.

        Called by the plugin's ``check_crime_reference``. Returns ``{"exists", "status",
        "officer_in_charge"}``; raises :class:`TemporaryRecordsError` when PoliceWorks cannot answer.
        """
        answer = self._call("lookup", "LookupCrime", reference, CrimeReference=reference)
        try:
            found = LOOKUP_SCHEMA.load(answer)
        except ValidationError as exc:
            raise TemporaryRecordsError(f"PoliceWorks answered LookupCrime without what the WSDL requires: "
                                        f"{_describe(exc)}") from None
        return {"exists": found["Exists"], "status": found["Status"], "officer_in_charge": found["OfficerInCharge"]}

    def lookup_victims(self, reference):
        """Ask PoliceWorks for the victims it holds on crime ``reference``.

        Called by the plugin's ``lookup_crime_victims``. Returns a list of dicts with the WSDL's
        names (Name, Mobile, Email, Language, CommunicationNeeds, ContactMethod, ContactFrequency,
        ContactEveryWorkingDays), empty when the crime is unknown; raises
        :class:`TemporaryRecordsError` when PoliceWorks cannot answer.
        """
        try:
            answer = self._call("lookup", "LookupVictims", reference, CrimeReference=reference)
        except PermanentRecordsError:  # CrimeNotFound: no victims to offer
            return []
        if isinstance(answer, dict) and answer.get("Victim") is None:
            answer = {**answer, "Victim": []}
        try:
            found = VICTIMS_SCHEMA.load(answer)
        except ValidationError as exc:
            raise TemporaryRecordsError(f"PoliceWorks answered LookupVictims without what the WSDL requires: "
                                        f"{_describe(exc)}") from None
        return found["Victim"]

    def add_chronology_entry(self, entry):
        """Write ``entry`` (a :class:`core.toolkit.ChronologyEntry`) into the crime's chronology.

        Called by :class:`~plugins.records_policeworks.writer.PoliceWorksWriter`. Idempotent: the
        entry id goes with it and PoliceWorks keeps one entry per id. Returns ``(records id,
        duplicate)``; raises Permanent/TemporaryRecordsError.
        """
        values = {"CrimeReference": entry.crime_reference, "EntryId": entry.id, "EntryType": entry.entry_type,
                  "Text": entry.text, "EnglishText": entry.english_text, "Author": entry.author,
                  "OccurredAt": entry.occurred_at.isoformat()}
        try:
            ENTRY_SCHEMA.load(values)
        except ValidationError as exc:
            raise PermanentRecordsError(f"The entry does not fit the PoliceWorks contract: {_describe(exc)}") from None
        values["OccurredAt"] = entry.occurred_at
        details = getattr(entry, "details", None) or {}
        if details:
            values["Details"] = {"Detail": [{"Name": str(k), "Value": str(v)} for k, v in details.items()]}
        if entry.entry_type == CARE_LOG_STEP and details.get("duty"):
            values["CareLogStep"] = {"Duty": details["duty"], "DutyLabel": details.get("duty_label", details["duty"]),
                                     "Answer": details["state"], "EvidenceMessageId": details.get("evidence_message")}
        private = (entry.text, entry.english_text, entry.author)
        answer = self._call("write", "AddChronologyEntry", entry.crime_reference, private=private, **values)
        try:
            receipt = RECEIPT_SCHEMA.load(answer)
        except ValidationError as exc:
            raise TemporaryRecordsError(f"PoliceWorks answered AddChronologyEntry without what the WSDL requires: "
                                        f"{_describe(exc)}") from None
        return receipt["RecordsId"], receipt["Duplicate"]

    def close(self):
        """Close the shared HTTP session."""
        self.session.close()


def _describe(exc):
    return "; ".join(f"{key}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                     for key, msgs in sorted(exc.messages.items()))
