"""Message templates: pre-worded, approved updates with typed fields the officer fills.

A template names its channels, a marshmallow schema for its fields and its English wording
(``%(name)s`` placeholders). The wording is the gettext msgid in the ``templates`` domain, so
each locale's catalogue translates it. A :class:`Choice` field offers pre-worded sentences (each
translated too) instead of free text, because free text typed by an officer could not be sent in
the victim's language.
"""

from dataclasses import dataclass

from marshmallow import Schema, fields, validate

from core.constants import ChannelKinds


@dataclass(frozen=True)
class MessageTemplate:
    """One pre-worded update. ``sms`` and ``email_subject``/``email_body`` are English msgids."""

    id: str
    title: str
    description: str
    fields: type[Schema]
    sms: str | None = None
    email_subject: str | None = None
    email_body: str | None = None
    vcop_rights: tuple = ()
    #: False for wording the toolkit sends itself (a referral's notification, satisfaction checks,
    #: the HELP answer): officers never pick it from "Update a victim", but VSCs translate and
    #: review it like every other template.
    offered: bool = True

    @property
    def channels(self):
        """The channel kinds this template can be sent by, e.g. ``("sms", "email")``."""
        kinds = []
        if self.sms:
            kinds.append(ChannelKinds.SMS)
        if self.email_subject and self.email_body:
            kinds.append(ChannelKinds.EMAIL)
        return tuple(kinds)

    def msgids(self):
        """Every msgid this template needs translated (wording and choice sentences)."""
        ids = [m for m in (self.sms, self.email_subject, self.email_body) if m]
        for options in self.choices().values():
            ids.extend(options.values())
        return ids

    def choices(self):
        """The pre-worded sentences of each choice field: ``{field: {value: English msgid}}``."""
        return {
            name: f.metadata["choices"]
            for name, f in self.fields().fields.items()
            if "choices" in f.metadata
        }


def Choice(options, **kwargs):
    """A field whose value is one of ``options`` (``{value: English sentence}``).

    The officer picks a sentence; the victim receives its translation.
    """
    metadata = kwargs.pop("metadata", {})
    metadata["choices"] = options
    return fields.String(validate=validate.OneOf(list(options)), metadata=metadata, **kwargs)


def Text(max_length, **kwargs):
    """A short free-text field (a name, a place) of at most ``max_length`` characters.

    ``validate`` may add validators (a pattern, say) to the length check.
    """
    extra = kwargs.pop("validate", None)
    validators = [validate.Length(min=1, max=max_length)]
    if extra is not None:
        validators.extend(extra if isinstance(extra, list) else [extra])
    return fields.String(validate=validators, **kwargs)
