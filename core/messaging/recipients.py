"""Victims' phone numbers and email addresses: validate, normalise and mask.

Phone numbers are parsed with ``phonenumbers`` (default region GB) and stored in E.164. Ofcom
keeps 07700 900000–900999 for drama and training: ``phonenumbers`` calls them invalid because they
are never allocated, but they are accepted here so that the demo and training instances work
(a real SMS gateway will refuse them, which is the point).
"""

import phonenumbers
from marshmallow import ValidationError
from marshmallow.validate import Email

from core.constants import ChannelKinds

DEFAULT_REGION = "GB"
DRAMA_MOBILE_PREFIX = "+447700900"
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def is_drama_mobile(e164):
    """True for Ofcom's drama mobile range 07700 900000–900999."""
    return e164.startswith(DRAMA_MOBILE_PREFIX) and len(e164) == len(DRAMA_MOBILE_PREFIX) + 3


def normalise_mobile(text, region=DEFAULT_REGION):
    """Return ``text`` as an E.164 mobile number, or raise ValidationError saying what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("Enter the victim's mobile number")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValidationError("Enter a mobile number, like 07700 900123 or +44 7700 900123") from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if is_drama_mobile(e164):
        return e164
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("That is not a valid phone number: check the number of digits")
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError("That is not a mobile number: a text can only go to a mobile")
    return e164


def normalise_email(text):
    """Return ``text`` as a trimmed email address, or raise ValidationError."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("Enter the victim's email address")
    if any(c in text for c in "\r\n,;<>\"") or len(text) > 254:
        raise ValidationError("Enter one email address, like name@example.org")
    Email(error="Enter an email address, like name@example.org")(text)
    return text


def normalise_recipient(kind, text):
    """Validate and normalise a recipient for channel ``kind``."""
    if kind == ChannelKinds.SMS:
        return normalise_mobile(text)
    return normalise_email(text)


def mask(kind, recipient):
    """Hide most of a recipient for records, logs of ids and lists: ``+4477009***23``, ``j***@example.org``."""
    if kind == ChannelKinds.SMS:
        return recipient[:-5] + "***" + recipient[-2:] if len(recipient) > 6 else "***"
    local, _, domain = recipient.partition("@")
    return f"{local[:1]}***@{domain}"
