"""A directory service's history as a VSC reads it: field names and values in words.

Each recorded change ``{field: [before, after]}`` becomes rows like
"Needs: Domestic abuse, Stalking and harassment → Domestic abuse" — never a Python list or a code.
"""

from datetime import date

from flask_babel import format_date, lazy_gettext

from core.labels import label

FIELD_LABELS = {
    "name": lazy_gettext("Service name"),
    "organisation": lazy_gettext("Organisation"),
    "description": lazy_gettext("What the service does"),
    "status": lazy_gettext("Status"),
    "needs": lazy_gettext("Needs it meets"),
    "vulnerabilities": lazy_gettext("Especially for"),
    "eligibility": lazy_gettext("Who can use it"),
    "languages": lazy_gettext("Languages"),
    "districts": lazy_gettext("Districts served"),
    "phone": lazy_gettext("Phone"),
    "email": lazy_gettext("Email"),
    "web": lazy_gettext("Website"),
    "address": lazy_gettext("Address"),
    "access": lazy_gettext("How to access it"),
    "opening_hours": lazy_gettext("Opening hours"),
    "last_assured_on": lazy_gettext("Last checked with the service"),
    "assured_by": lazy_gettext("Checked by"),
    "review_due_on": lazy_gettext("Review due"),
    "leaflets": lazy_gettext("Leaflet"),
}
#: Which label kind shows each field's codes.
CODED = {"needs": "need", "vulnerabilities": "vulnerability", "languages": "language", "status": "service_status",
         "access": "access"}
ACTIONS = {
    "created": lazy_gettext("Added"),
    "updated": lazy_gettext("Changed"),
    "imported": lazy_gettext("Imported"),
    "leaflet added": lazy_gettext("Leaflet added"),
    "leaflet removed": lazy_gettext("Leaflet removed"),
}


def shown_value(field, value):
    """One recorded value in words ("—" for nothing)."""
    if value in (None, "", []):
        return "—"
    if field in ("last_assured_on", "review_due_on"):
        try:
            return format_date(date.fromisoformat(value), "long")
        except (TypeError, ValueError):
            return str(value)
    kind = CODED.get(field)
    if isinstance(value, list):
        return ", ".join(label(kind, v) if kind else str(v) for v in value)
    return label(kind, value) if kind else str(value)


def describe_change(change):
    """``{"action", "rows": [(field label, before, after)]}`` for one recorded change, in form order."""
    order = list(FIELD_LABELS)
    rows = []
    for field in sorted(change.changes, key=lambda f: order.index(f) if f in order else len(order)):
        before, after = change.changes[field]
        rows.append((str(FIELD_LABELS.get(field, label("field", field))), shown_value(field, before),
                     shown_value(field, after)))
    return {"action": str(ACTIONS.get(change.action, label("change", change.action))), "rows": rows}
