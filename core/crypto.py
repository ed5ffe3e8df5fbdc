"""Victims' contact details and message text encrypted at rest (Fernet), with a keyed hash for look-ups.

Keys come from the environment, ``MAD_ENCRYPTION_KEYS``: one or more Fernet keys separated by
commas, the first encrypting new values and all of them decrypting (``MultiFernet``), so a key is
rotated by putting a new one first and running ``mad keys rotate``. The demo instance keeps a demo
key in its ``mad.toml``. Without either, a key is derived from ``MAD_SECRET_KEY`` (HKDF), so data is
never stored in clear; set ``MAD_ENCRYPTION_KEYS`` to rotate it on its own schedule.

Columns use :class:`EncryptedText` / :class:`EncryptedJSON` in place of ``Text`` / ``JSON``: the
attribute names and Python values stay the same, so code reading ``message.recipient`` does not
change. The key ring travels with the engine (``engine.dialect.mad_keyring``), set by
:class:`core.db.Database`, so two instances in one process never share keys. Equality look-ups
(messages sent to one number) use :meth:`Keyring.lookup_hash`, an HMAC kept beside the ciphertext.
"""

import base64
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

ENV_KEYS = "MAD_ENCRYPTION_KEYS"


class BadKey(ValueError):
    """A key is missing or not a Fernet key; the message says which and how to make one."""


def _derive(secret, purpose):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"mad-toolkit", info=purpose.encode()).derive(
        secret.encode() if isinstance(secret, str) else secret)


def generate_key():
    """A new random Fernet key (for ``mad keys generate`` and demo instances)."""
    return Fernet.generate_key().decode()


def parse_keys(text):
    """The keys in ``MAD_ENCRYPTION_KEYS`` (comma-separated); raises :class:`BadKey` naming a bad one."""
    keys = [k.strip() for k in (text or "").split(",") if k.strip()]
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise BadKey(f"{ENV_KEYS}: key {number} is not a Fernet key (32 bytes in url-safe base64). "
                            "Make one with: mad keys generate") from None
    return keys


class Keyring:
    """The instance's encryption keys (first one current) and its look-up hash key."""

    def __init__(self, keys, secret_key):
        if not keys:
            keys = [base64.urlsafe_b64encode(_derive(secret_key, "mad contact details")).decode()]
        self.keys = list(keys)
        self.fernet = MultiFernet([Fernet(k) for k in self.keys])
        self._lookup_key = _derive(secret_key, "mad recipient lookup")

    def encrypt(self, text):
        """Ciphertext (a Fernet token, as text) of ``text`` under the current key."""
        return self.fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token):
        """The text of ``token``; raises ValueError saying the key is missing when no key opens it."""
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            raise ValueError(f"Stored contact details cannot be decrypted with the keys in {ENV_KEYS}: "
                             "put back the key they were encrypted with (after the current one)") from None

    def rotate(self, token):
        """``token`` re-encrypted under the current key (``mad keys rotate``)."""
        return self.fernet.rotate(token.encode("ascii")).decode("ascii")

    def lookup_hash(self, value):
        """A keyed hash (HMAC-SHA256, hex) of ``value`` for equality look-ups; None for None."""
        if value is None:
            return None
        return hmac.new(self._lookup_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def keyring_of(dialect):
    """The key ring the engine of ``dialect`` was given by :class:`core.db.Database`."""
    ring = getattr(dialect, "mad_keyring", None)
    if ring is None:
        raise RuntimeError("This database connection has no encryption keys: open it through core.db.Database")
    return ring


class EncryptedText(TypeDecorator):
    """Text stored encrypted (Fernet); reads back as the same ``str``. None stays None (not encrypted)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else keyring_of(dialect).encrypt(str(value))

    def process_result_value(self, value, dialect):
        return None if value is None else keyring_of(dialect).decrypt(value)


class EncryptedJSON(EncryptedText):
    """A JSON value (dict or list) stored encrypted; reads back as the same value."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else super().process_bind_param(json.dumps(value, ensure_ascii=False), dialect)

    def process_result_value(self, value, dialect):
        text = super().process_result_value(value, dialect)
        return None if text is None else json.loads(text)
