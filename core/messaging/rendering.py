"""Render a template in the victim's language, with its English meaning beside it.

Rendering never uses the officer's interface language: the victim's locale is passed in and
every date, time and sentence is produced in it. If the catalogue lacks any piece the template
needs, the whole message falls back to English (never a half-translated text) and the result
says so, so the officer is told before sending.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from jinja2 import Environment, select_autoescape

from core.constants import ChannelKinds
from core.i18n import SOURCE_LOCALE, text_direction
from core.messaging.sms import sms_info

_html = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
EMAIL_HTML = _html.from_string(
    """<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: {{ fonts|safe }}; font-size: 16px; line-height: {{ line_height }};">
{% for paragraph in paragraphs %}<p>{% for line in paragraph %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</p>
{% endfor %}</body>
</html>
"""
)


@dataclass(frozen=True)
class Rendered:
    """A message ready to store: the text in the victim's language and its English meaning."""

    kind: str
    locale: str
    requested_locale: str
    direction: str
    body: str
    english_body: str
    subject: str | None = None
    english_subject: str | None = None
    body_html: str | None = None

    @property
    def fell_back(self):
        """True when the requested language lacked a translation and English was used."""
        return self.locale != self.requested_locale

    @property
    def sms(self):
        """Characters, encoding and segments when this is an SMS, else None."""
        return sms_info(self.body) if self.kind == ChannelKinds.SMS else None


def formatting_locale(code):
    """Return the Babel locale used to format dates for ``code``, preferring the UK variant."""
    try:
        return Locale.parse(f"{code}_GB")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(code)


def format_value(value, locale):
    """Format one field value for ``locale``: dates in full, times and numbers as the locale writes them.

    Digits stay Western (Babel's ``latn`` numbering, CLDR's default for Arabic and Urdu too), like the
    crime reference and phone numbers written beside them; see README "Languages".
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value, locale=locale, numbering_system="latn")
    if isinstance(value, datetime):
        return format_datetime(value, "long", locale=locale)
    if isinstance(value, date):
        return format_date(value, "full", locale=locale)
    if isinstance(value, time):
        return format_time(value, "short", locale=locale)
    if value is None:
        return ""
    return str(value)


def _values(template, locale_code, field_values, context, lookup):
    """Format every value and translate the chosen sentence of each choice field."""
    locale = formatting_locale(locale_code)
    values = {k: format_value(v, locale) for k, v in field_values.items()}
    values.update(context)
    for name, options in template.choices().items():
        chosen = field_values.get(name)
        if chosen in options:
            sentence = lookup(options[chosen])
            if sentence is None:
                return None
            values[name] = sentence % values
    return values


def _render_in(template, kind, locale_code, field_values, context, catalogue):
    def lookup(msgid):
        return catalogue.lookup(locale_code, msgid)

    values = _values(template, locale_code, field_values, context, lookup)
    if values is None:
        return None
    if kind == ChannelKinds.SMS:
        body = lookup(template.sms)
        return None if body is None else (None, body % values)
    subject, body = lookup(template.email_subject), lookup(template.email_body)
    if subject is None or body is None:
        return None
    return subject % values, body % values


#: The HTML email's font stack per language: the Noto faces the toolkit serves (and most phones
#: carry), then the platforms' own Arabic-script faces, so Urdu is read in Nastaliq where it can be.
EMAIL_FONTS = {
    "ur": ("'Noto Nastaliq Urdu', 'Jameel Noori Nastaleeq', 'Urdu Typesetting', 'Noto Naskh Arabic', "
           "'Geeza Pro', Tahoma, serif", "2.2"),
    "ar": ("'Noto Naskh Arabic', 'Noto Sans Arabic', 'Arabic Typesetting', 'Geeza Pro', Tahoma, serif", "1.8"),
}
DEFAULT_EMAIL_FONTS = ("Arial, Helvetica, sans-serif", "1.5")


def email_fonts(locale_code):
    """``(font-family stack, line-height)`` for an email in ``locale_code``."""
    return EMAIL_FONTS.get(str(locale_code).split("_")[0].split("-")[0], DEFAULT_EMAIL_FONTS)


def email_html(subject, body, locale_code):
    """Return the HTML part of an email: escaped paragraphs inside ``<html lang dir>``, in the
    language's font stack (:data:`EMAIL_FONTS`)."""
    paragraphs = [p.split("\n") for p in body.split("\n\n") if p.strip()]
    fonts, line_height = email_fonts(locale_code)
    return EMAIL_HTML.render(lang=locale_code, dir=text_direction(locale_code), subject=subject, paragraphs=paragraphs,
                             fonts=fonts, line_height=line_height)


def render(template, kind, locale_code, field_values, context, catalogue):
    """Render ``template`` for channel ``kind`` in ``locale_code``.

    Called by the messaging service for the preview and again when sending. ``field_values``
    are the officer's fields as loaded by the template's schema; ``context`` holds the values
    every template may use (force name, crime reference...). Returns a :class:`Rendered`.
    """
    if kind not in template.channels:
        raise ValueError(f"template {template.id!r} cannot be sent by {kind}")
    english = _render_in(template, kind, SOURCE_LOCALE, field_values, context, catalogue)
    used = locale_code
    translated = english if locale_code == SOURCE_LOCALE else _render_in(
        template, kind, locale_code, field_values, context, catalogue
    )
    if translated is None:
        translated, used = english, SOURCE_LOCALE
    subject, body = translated
    return Rendered(
        kind=kind,
        locale=used,
        requested_locale=locale_code,
        direction=text_direction(used),
        body=body,
        english_body=english[1],
        subject=subject,
        english_subject=english[0],
        body_html=email_html(subject, body, used) if kind == ChannelKinds.EMAIL else None,
    )
