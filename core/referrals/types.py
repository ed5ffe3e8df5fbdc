"""The interface a referral type implements, declared on one base class.

A plugin returns instances of a :class:`ReferralType` subclass from ``register_referral_types``.
The referral service and pages call only the methods declared here, so a second type (a
children's social care referral, say) needs no change to the core.
"""

from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.datastructures import MultiDict


class ReferralInvalid(Exception):
    """A referral cannot be made; ``errors`` maps each form field (flat name) to what is wrong."""

    def __init__(self, errors):
        super().__init__("invalid referral")
        self.errors = errors


@dataclass(frozen=True)
class Recipient:
    """Who receives one notification: a school's DSL, a local authority, a partner agency.

    ``key`` is unique within a referral (``school:123456``); ``kind`` is a code with a label in
    :mod:`core.referrals.labels`; ``items`` are the parts of the referral this recipient is told
    about (for Encompass, the children at that school), so nobody receives what is not theirs.
    """

    key: str
    kind: str
    name: str
    email: str
    items: tuple = ()


@dataclass(frozen=True)
class Notification:
    """What one recipient is sent: a registered message template's fields and attachments.

    ``records_text`` is the crime's chronology entry for this notification (no more personal
    data than the crime record needs).
    """

    template_id: str
    fields: dict
    records_text: str
    attachments: tuple = ()


@dataclass(frozen=True)
class FormState:
    """A form as the officer left it: flat values, and whether they asked for the form again
    (for example "Add another child") rather than to send it."""

    payload: dict
    values: MultiDict = field(default_factory=MultiDict)
    again: bool = False


class ReferralType:
    """Base class of referral types. Override every method that raises NotImplementedError."""

    #: Unique code, used in URLs and stored with each referral.
    name = ""
    #: What the officer presses, e.g. "Notify schools (Operation Encompass)" (an ``N_`` msgid).
    title = ""
    #: Jinja template drawing the form (extends ``referrals/form_base.html``).
    form_template = ""
    #: Folder holding ``form_template`` (added to the app's template search path), or None.
    template_folder: Path | None = None

    def schema(self, mad):
        """The marshmallow schema instance validating the payload (see :meth:`read_form`)."""
        raise NotImplementedError

    def read_form(self, form):
        """Turn posted form fields (a MultiDict) into a :class:`FormState` with the schema's payload."""
        return FormState(payload=form.to_dict(), values=form)

    def form_values(self, payload):
        """The flat form values (a MultiDict) that show ``payload`` in the form again."""
        return MultiDict(payload)

    def form_context(self, mad):
        """Extra values the form template needs (lists to choose from). Default: none."""
        return {}

    def prefill(self, mad, crime_reference, earlier, victims, user):
        """The payload a new form starts from.

        :param crime_reference: the crime the officer came from (normalised).
        :param earlier: payloads of this type's earlier referrals on the crime, newest first.
        :param victims: the victims recorded on the crime (an empty tuple until the care log
            records them; see :func:`core.referrals.service.recorded_victims`).
        :param user: the signed-in officer.
        """
        return {"crime_reference": crime_reference}

    def recipients(self, mad, data):
        """The :class:`Recipient` list for a validated payload; raise :class:`ReferralInvalid`
        naming the field when one cannot be found or has no address."""
        raise NotImplementedError

    def recipient_problems(self, mad, payload):
        """Problems finding recipients in a payload the schema refused (raw form values), so the
        officer hears of them in the same pass as the form's other errors. Default: none."""
        return {}

    def notification(self, mad, data, recipient, context):
        """The :class:`Notification` sent to ``recipient``; ``context`` has ``due_at``,
        ``crime_reference`` and ``officer``."""
        raise NotImplementedError

    def due_at(self, mad, data):
        """When the referral must be delivered (an aware datetime), or None when no deadline applies."""
        return None

    def incident_at(self, mad, data):
        """When the incident happened (aware), or None."""
        return None

    def district(self, data):
        """The force district the referral belongs to (for supervisors' lists), or None."""
        return data.get("district")

    def summary(self, data, recipients):
        """A few words for lists, without personal data."""
        return f"{len(recipients)} recipient(s)"

    def error_label(self, key):
        """How the form field ``key`` (a flat name) is named in the error summary."""
        return key.replace("_", " ").replace("-", " ").capitalize()


def checked_types(found):
    """Return ``found`` (``{name: type}`` from the hook) if every type subclasses :class:`ReferralType`.

    Called once by the runtime at start-up, so a plugin whose referral type misses the interface
    stops start-up with its name instead of failing when an officer opens the form.
    """
    from core.plugins import PluginError

    wrong = [name for name, kind in found.items() if not isinstance(kind, ReferralType)]
    if wrong:
        raise PluginError(f"referral type(s) {', '.join(map(repr, wrong))} must subclass core.toolkit.ReferralType")
    return found
