"""What a channel plugin receives and returns: the contract between the dispatcher and channels."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    """A file to send with an email: a service's leaflet, say."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class OutboundMessage:
    """One message to deliver, as the dispatcher hands it to a channel.

    ``id`` is stable across retries: a channel that can pass it to its provider (as a reference
    or idempotency key) should, so that a retry never delivers twice.
    """

    id: str
    kind: str
    recipient: str
    body: str
    locale: str
    text_direction: str = "ltr"
    subject: str | None = None
    body_html: str | None = None
    crime_reference: str | None = None
    attempt: int = 1
    attachments: tuple = ()
    #: The name to send under instead of the channel's own (the commissioned service's), or None.
    sender_name: str | None = None


@dataclass(frozen=True)
class SendResult:
    """A channel's answer: the provider's reference and whether delivery is already confirmed."""

    provider_reference: str | None = None
    delivered: bool = False


class DeliveryError(Exception):
    """Base of the errors a channel raises; ``reason`` is shown to officers (no personal data)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class PermanentFailure(DeliveryError):
    """The message can never be delivered as it is (invalid number, opted out, rejected)."""


class TemporaryFailure(DeliveryError):
    """Delivery failed before the provider accepted it; the dispatcher retries with backoff."""


class Channel:
    """Base class for channel plugins.

    Subclasses set ``name`` (unique, e.g. ``"sms_twilio"``) and ``kind`` (``"sms"`` or
    ``"email"``) and implement :meth:`send`.
    """

    name = None
    kind = None

    def send(self, message):
        """Deliver ``message`` (an :class:`OutboundMessage`).

        Called by the dispatcher, at most once per claim. Returns a :class:`SendResult`; raises
        :class:`PermanentFailure` or :class:`TemporaryFailure`. Any other exception is treated as
        an ambiguous outcome and reconciled with :meth:`lookup` before a retry.
        """
        raise NotImplementedError

    def lookup(self, message_id):
        """Tell whether the provider already accepted message ``message_id``.

        Called by the dispatcher before it retries a message whose outcome is unknown (a crash or
        a timeout after the request went out). Returns a :class:`SendResult` when the provider
        has it, ``False`` when it certainly does not, and ``None`` when it cannot tell; in that
        case the message is failed with a reason rather than risk a second copy.
        """
        return None
