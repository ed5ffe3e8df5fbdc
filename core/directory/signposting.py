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


def initial_values(mad, key, field_prefix):
    """Form values for the compose page from the service ``key`` names (empty if none or unknown).

    Called by the "Update a victim" form when it is opened with ``?service=``.
    """
    record = service_by_key(mad, key) if key else None
    if record is None:
        return {}
    return {
        SERVICE_FIELD: record.key,
        f"{field_prefix}service_name": record.name[:120],
        f"{field_prefix}service_phone": record.phone,
        f"{field_prefix}service_web": record.web,
    }


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
