"""Integrators: API tokens, the audit of API calls, idempotency keys and the webhooks outbox."""

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow


class ApiToken(Base):
    """A token a partner system calls the API with: only the SHA-256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, so an admin can tell tokens apart (never enough to use).
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    expires_at = mapped_column(UTCDateTime, nullable=True)
    revoked_at = mapped_column(UTCDateTime, nullable=True)
    last_used_at = mapped_column(UTCDateTime, nullable=True)


class ApiCall(Base):
    """One API call, audited like a page view: which token, what, when, which crime (no victims' data)."""

    __tablename__ = "api_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), nullable=True, index=True)
    token_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    status: Mapped[int] = mapped_column(Integer)
    crime_reference: Mapped[str | None] = mapped_column(String(40), nullable=True)
    at = mapped_column(UTCDateTime, default=utcnow, index=True)


class ApiIdempotencyKey(Base):
    """The first answer given under an ``Idempotency-Key`` (per token), replayed for the same body."""

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_api_idempotency_keys_token_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    #: None while the first request is still being answered.
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    answer: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)


class WebhookEndpoint(Base):
    """A partner's URL that receives signed events of the types it subscribed to."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    event_types: Mapped[list] = mapped_column(JSON)
    #: The signing secret (``whsec_`` + base64), shown to the admin once when registered.
    secret: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(254))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    disabled_at = mapped_column(UTCDateTime, nullable=True)


class WebhookDelivery(Base):
    """One event for one endpoint, stored before it is sent and retried until it lands or gives up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow)
    delivered_at = mapped_column(UTCDateTime, nullable=True)

    endpoint = relationship("WebhookEndpoint", lazy="joined")
    tries = relationship("WebhookAttempt", order_by="WebhookAttempt.id", lazy="selectin",
                         cascade="all, delete-orphan")


class WebhookAttempt(Base):
    """One try at delivering: when, the receiver's HTTP status (or the error), how long it took."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    at = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
