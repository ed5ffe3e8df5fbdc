"""The Encompass form's flat field names (``children-0-name``) to and from the schema's payload."""

import re

from werkzeug.datastructures import MultiDict

from core.toolkit import FormState

CHILD_FIELDS = ("name", "date_of_birth", "education", "school", "local_authority", "year_group", "present", "where")
TOP_FIELDS = ("crime_reference", "incident_date", "incident_time", "incident_location", "district", "circumstances",
              "voice", "voice_words", "other_information", "officer_name", "officer_contact")
CHILD_KEY = re.compile(r"^children-(\d{1,2})-(\w+)$")
ADD_CHILD = "add_child"
REMOVE_CHILD = "remove_child"


def _child_count(form):
    indexes = [int(m.group(1)) for key in form.keys() if (m := CHILD_KEY.match(key))]
    return max(indexes) + 1 if indexes else 1


def read_form(form, max_children):
    """The payload for the schema, and whether the officer asked to add or remove a child."""
    payload = {name: form.get(name, "").strip() for name in TOP_FIELDS if name in form}
    count = min(_child_count(form), max_children)
    children = [{name: form.get(f"children-{i}-{name}", "").strip() for name in CHILD_FIELDS
                 if f"children-{i}-{name}" in form} for i in range(count)]
    action = form.get("action", "")
    again = False
    if action == ADD_CHILD and len(children) < max_children:
        children.append({"education": "school"})
        again = True
    elif action.startswith(REMOVE_CHILD + "-") and len(children) > 1:
        index = action.rpartition("-")[2]
        if index.isdigit() and int(index) < len(children):
            children.pop(int(index))
        again = True
    payload["children"] = children
    return FormState(payload=payload, values=form_values(payload), again=again)


def form_values(payload):
    """Flat values that show ``payload`` in the form (dates and times as typed), in the form's order."""
    values = MultiDict()
    incident, after = TOP_FIELDS[:TOP_FIELDS.index("voice")], TOP_FIELDS[TOP_FIELDS.index("voice"):]
    for name in incident:
        if name in payload:
            values[name] = _shown(payload[name])
    for index, child in enumerate(payload.get("children") or [{"education": "school"}]):
        for name in CHILD_FIELDS:
            values[f"children-{index}-{name}"] = _shown(child.get(name, ""))
    for name in after:
        if name in payload:
            values[name] = _shown(payload[name])
    return values


def child_count(values):
    """How many children the form shows."""
    return _child_count(values)


def _shown(value):
    if hasattr(value, "strftime") and hasattr(value, "year"):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    if isinstance(value, str) and re.match(r"^\d{2}:\d{2}:\d{2}$", value):
        return value[:5]
    return "" if value is None else str(value)
