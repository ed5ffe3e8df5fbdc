"""The one place where every code a person may see gets its label in words.

Statuses, entry types, records writers, roles, languages, channels, needs, ... are stored as
codes; pages, exports meant for people and messages show them through :func:`label`, which
translates into the interface language. Plugins add their own kinds or codes with the
``register_labels`` hook (or :func:`register`), so ``{{ code|label('kind') }}`` works for them too.

    label("status", "queued")            -> "Waiting to send"
    label("language", "ar")              -> "Arabic"
    {{ m.status|label('status') }}       (the Jinja filter installed by core.app)
"""

from babel import Locale, UnknownLocaleError
from flask import has_request_context
from flask_babel import get_locale, gettext

from core.constants import EntryTypes, MessageStatus, Roles, WriteStatus
from core.directory.needs import NEEDS, VULNERABILITIES, Access
from core.i18n import N_

#: kind -> list of mappings ({code: msgid}) or callables (code -> label or None); later wins.
_REGISTRY = {}


def register(kind, mapping):
    """Add labels for ``kind``: a dict ``{code: text}`` (text marked ``N_`` or lazy) or a callable
    ``code -> str | None``. Called at import by the core and by the runtime for the
    ``register_labels`` hook's answers. A later registration wins for the same code."""
    known = _REGISTRY.setdefault(kind, [])
    if mapping not in known:  # the same plugin's answer again (one app per test) is not a new one
        known.append(mapping)


def kinds():
    """Every kind that has labels (for the tests that look for raw codes on pages)."""
    return sorted(_REGISTRY)


def codes(kind):
    """Every code with a fixed label in ``kind`` (callables are not listed)."""
    found = []
    for mapping in _REGISTRY.get(kind, []):
        if isinstance(mapping, dict):
            found.extend(code for code in mapping if code not in found)
    return found


def translate(text):
    """``text`` (marked ``N_``, or lazy) in the interface language when there is a request."""
    if not isinstance(text, str):  # a lazy string translates itself
        return str(text)
    return gettext(text) if has_request_context() else text


_translate = translate


def humanise(code):
    """A code as words when nothing registered it: ``records_write`` -> "Records write"."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def label(kind, code):
    """The label for ``code`` of ``kind`` in the interface language ("" for no code).

    Called by templates (filter ``label``), views and exports. An unknown code is shown as words
    (its underscores as spaces), never silently dropped.
    """
    if code is None or code == "":
        return ""
    for mapping in reversed(_REGISTRY.get(kind, [])):
        if callable(mapping):
            found = mapping(code)
            if found:
                return _translate(found)
        elif code in mapping:
            return _translate(mapping[code])
    return humanise(code)


def label_filter(code, kind):
    """Jinja filter: ``{{ code|label('kind') }}``."""
    return label(kind, code)


def language_name(code):
    """A language's name in the interface language: "ar" -> "Arabic" (or "Arabeg" in Welsh)."""
    try:
        locale = Locale.parse(str(code).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    shown_in = get_locale() if has_request_context() else None
    name = locale.get_display_name(shown_in or "en")
    return name[:1].upper() + name[1:] if name else None


def _languages(code):
    return language_name(code)


# --- The core's own codes --------------------------------------------------------------------------

register("status", {
    MessageStatus.QUEUED: N_("Waiting to send"),
    MessageStatus.SENDING: N_("Sending"),
    MessageStatus.SENT: N_("Sent"),
    MessageStatus.DELIVERED: N_("Delivered"),
    MessageStatus.FAILED: N_("Not sent"),
    MessageStatus.UNKNOWN: N_("May have been delivered"),
})
register("write_status", {
    WriteStatus.PENDING: N_("Waiting to be written"),
    WriteStatus.WRITING: N_("Being written"),
    WriteStatus.WRITTEN: N_("Written"),
    WriteStatus.FAILED: N_("Not written"),
})
register("entry_type", {
    EntryTypes.MESSAGE_SENT: N_("Message to the victim"),
    EntryTypes.MESSAGE_FAILED: N_("Message to the victim not sent"),
    EntryTypes.REFERRAL_MADE: N_("Referral made"),
    EntryTypes.CARE_LOG_STEP: N_("Victim care step"),
    EntryTypes.MESSAGE_OUTCOME_UNKNOWN: N_("Message to the victim: delivery not known"),
    EntryTypes.VICTIM_OPTED_OUT: N_("Victim asked for no more texts"),
    EntryTypes.VICTIM_OPTED_IN: N_("Victim asked for texts again"),
})
register("writer", {"local_audit": N_("Local audit log")})
register("role", {
    Roles.OFFICER: N_("Officer"),
    Roles.SUPERVISOR: N_("Supervisor"),
    Roles.VSC: N_("Victims' Services Coordinator"),
    Roles.ANALYST: N_("Analyst"),
    Roles.ADMIN: N_("Administrator"),
})
register("channel", {"sms": N_("Text message"), "email": N_("Email")})
#: What a message carries when it is not a registered template (its ``template_id``).
register("wording", {"resource": N_("Resource from the library"),
                     "partner": N_("Message from the commissioned victims' service"),
                     "partner_referral": N_("Referral to the commissioned victims' service")})
register("language", _languages)
register("need", {need.code: need.label for need in NEEDS})
register("vulnerability", VULNERABILITIES)
register("access", Access.LABELS)
register("service_status", {
    "active": N_("Active: shown to officers"),
    "inactive": N_("Inactive: not shown"),
    "defunct": N_("Closed for good"),
    "temporarily closed": N_("Temporarily closed"),
})
register("translation_status", {
    "reviewed": N_("Reviewed by a native speaker"),
    "draft": N_("Draft"),
    "missing": N_("Missing: sent in English"),
})
register("message_part", {
    "sms": N_("Text message"),
    "email subject": N_("Email subject"),
    "email body": N_("Email body"),
})
register("placeholder", {
    "force_name": N_("Force's name"),
    "force_phone": N_("Force's phone number"),
    "crime_reference": N_("Crime reference"),
    "officer_name": N_("Officer's name"),
    "contact": N_("How to contact"),
})
