"""Every template renders in every offered locale, by every channel it names, with its English meaning."""

import re
from datetime import date, time

import pytest
from babel.messages.pofile import read_po

import locales
from core import hookimpl
from core.defaults.templates import TEMPLATES
from core.i18n import LocaleInfo
from core.messaging.rendering import render

SAMPLES = {
    "log_number": "1234 22/11",
    "officer_name": "PC 1234 Jones",
    "date": date(2026, 12, 3),
    "time": time(14, 30),
    "court_name": "Northtown Magistrates' Court",
    "hearing_date": date(2027, 1, 14),
    "service_name": "Northtown Victim Support Hub",
    "service_phone": "0161 496 0123",
    "service_web": "https://support.example.org",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def sample_values(template):
    values = {}
    for name, options in template.choices().items():
        values[name] = next(iter(options))
    for name in template.fields().fields:
        if name not in values:
            values[name] = SAMPLES[name]
    return values


CASES = [(t, kind, loc) for t in TEMPLATES for kind in t.channels for loc in ("en", "cy")]


@pytest.mark.parametrize(("template", "kind", "locale"), CASES, ids=[f"{t.id}-{k}-{l}" for t, k, l in CASES])
def test_template_renders_every_field_in_every_locale(mad, template, kind, locale):
    values = sample_values(template)
    context = mad.template_context("06/123456/26")
    rendered = render(template, kind, locale, values, context, mad.template_catalogue)
    text = (rendered.subject or "") + rendered.body
    assert rendered.locale == locale and not rendered.fell_back
    assert "%(" not in text, "a placeholder was left unfilled"
    for name, value in {**values, **context}.items():
        if name in template.choices() or not isinstance(value, str) or not value:
            continue
        if f"%({name})s" in (template.sms if kind == "sms" else template.email_subject + template.email_body):
            assert value in text, f"{name} missing from the {locale} {kind}"
    if locale == "cy":
        assert rendered.body != rendered.english_body


def test_dates_and_times_are_written_in_the_victims_language(mad):
    template = next(t for t in TEMPLATES if t.id == "officer_contact")
    values = {"contact": "visit", "date": date(2026, 12, 3), "time": time(14, 30), "officer_name": "PC 1234 Jones"}
    english = render(template, "sms", "en", values, mad.template_context("06/123456/26"), mad.template_catalogue)
    welsh = render(template, "sms", "cy", values, mad.template_context("06/123456/26"), mad.template_catalogue)
    assert "PC 1234 Jones will visit you on Thursday, 3 December 2026 at 14:30." in english.body
    assert "Rhagfyr" in welsh.body and "Bydd PC 1234 Jones yn ymweld â chi" in welsh.body
    assert welsh.english_body == english.body


def test_email_html_carries_language_direction_and_escapes_fields(mad):
    template = next(t for t in TEMPLATES if t.id == "signposting")
    values = {"service_name": "<script>alert(1)</script> Hub", "service_phone": "0161 496 0123", "service_web": ""}
    rendered = render(template, "email", "cy", values, mad.template_context("06/123456/26"), mad.template_catalogue)
    assert '<html lang="cy" dir="ltr">' in rendered.body_html
    assert "<script>" not in rendered.body_html and "&lt;script&gt;" in rendered.body_html


class Polish:
    """A plugin offering Polish without any catalogue: the message must fall back to English, whole."""

    @hookimpl
    def register_locales(self):
        return [LocaleInfo("pl"), LocaleInfo("ar")]


def test_missing_translation_falls_back_to_english_whole_and_says_so(make_mad_app):
    app = make_mad_app(plugins=[Polish()], locales=["en", "cy", "pl", "ar"])
    mad = app.extensions["mad"]
    template = mad.templates["crime_reference_assigned"]
    rendered = render(template, "sms", "pl", {"officer_name": "PC 1"}, mad.template_context("06/123456/26"),
                      mad.template_catalogue)
    assert rendered.fell_back and rendered.locale == "en" and rendered.requested_locale == "pl"
    assert rendered.body == rendered.english_body
    assert mad.locale("ar").direction == "rtl" and mad.locale("pl").direction == "ltr"


def _catalogues():
    from pathlib import Path

    return sorted(Path(locales.__file__).parent.glob("*/LC_MESSAGES/templates.po"))


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: p.parent.parent.name)
def test_translations_keep_exactly_the_placeholders_of_the_english(po_path):
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(message.id[:60])
    assert problems == []


def test_every_template_msgid_is_translated_in_welsh():
    (po_path,) = [p for p in _catalogues() if p.parent.parent.name == "cy"]
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = [m for t in TEMPLATES for m in t.msgids() if m not in translated]
    assert missing == []
