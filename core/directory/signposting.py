"""Signpost in one press: a service's details in the signposting message, its leaflets attached.

"Send to victim" on a service page opens the "Update a victim" form for the signposting
template with ``?service=provider/id``; these functions fill the form from the service and,
when the officer sends, attach the service's leaflets to an email (a text carries the short
version with phone and web address). The send then goes through the same outbox and audit as
any update.
"""

from dataclasses import replace

from core.constants import ChannelKinds
from core.directory.finder import leaflets, service_by_key

#: The hidden form field that carries the service's ``provider/id`` from the form to Send.
SERVICE_FIELD = "directory_service"


def directory_fields(template):
    """``{field name: service attribute}`` of the template's fields that come from the directory."""
    return {name: field.metadata["from_directory"] for name, field in template.fields().fields.items()
            if field.metadata.get("from_directory")}


def service_values(record, template):
    """The directory entry's values for the template's directory fields (``{field: value}``)."""
    values = {}
    for name, attribute in directory_fields(template).items():
        value = getattr(record, attribute, None) or ""
        values[name] = value[:120] if attribute == "name" else value
    return {name: value for name, value in values.items() if value != ""}


def apply_directory(mad, template, key, posted_fields):
    """The template's fields with its directory fields taken from the service ``key`` names.

    Called by :func:`core.messaging.service.prepare` for every send: whatever the form posted for
    a directory field is ignored, so only the directory's approved details reach a victim. Returns
    ``(fields, record, problem)``: ``problem`` says what to do when the service is missing.
    """
    names = directory_fields(template)
    if not names:
        return posted_fields, None, None
    kept = {name: value for name, value in (posted_fields or {}).items() if name not in names}
    record = service_by_key(mad, key) if key else None
    if record is None:
        return kept, None, ("Choose the service in Find support, then press Send to victim on its page"
                            if not key else "That service is no longer in the directory: find it again in Find support")
    return {**kept, **service_values(record, template)}, record, None


def initial_values(mad, key, field_prefix):
    """Form values for the compose page from the service ``key`` names (empty if none or unknown).

    Called by the "Update a victim" form when it is opened with ``?service=``: only the service's
    key travels with the form; its details are shown read-only and filled again on the server.
    """
    record = service_by_key(mad, key) if key else None
    if record is None:
        return {}
    return {SERVICE_FIELD: record.key}


def attach_leaflets(mad, prepared, key):
    """``prepared`` with the leaflets of the service ``key`` names attached, when it is an email.

    Called by the "Update a victim" pages after :func:`core.messaging.service.prepare`, for the
    preview and again on Send. Returns ``prepared`` unchanged for a text, or with no service.
    """
    if not key or prepared.kind != ChannelKinds.EMAIL:
        return prepared
    record = service_by_key(mad, key)
    if record is None:
        return prepared
    return replace(prepared, attachments=tuple(leaflets(mad, record)))
