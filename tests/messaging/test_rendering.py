"""Every template renders in every built-in locale, by every channel it names, with its English meaning."""

import re
from datetime import date, time

import pytest
from babel.messages.pofile import read_po

import locales
from core import hookimpl
from core.defaults.locales import BUILTIN_LOCALES
from core.defaults.templates import TEMPLATES
from core.i18n import LocaleInfo, counts_as_translated
from core.messaging.rendering import format_value, formatting_locale, render

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
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfi]")


def sample_values(template):
    values = {}
    for name, options in template.choices().items():
        values[name] = next(iter(options))
    for name in template.fields().fields:
        if name not in values:
            values[name] = SAMPLES[name]
    return values


CASES = [(t, kind, loc) for t in TEMPLATES for kind in t.channels for loc in BUILTIN_LOCALES]
#: Letters each script must show: Arabic script for ar and ur (Urdu's own letters for ur, so an
#: Arabic text filed as Urdu fails), and the diacritics of Welsh, Polish and Romanian.
SCRIPT = {
    "ar": re.compile(r"[\u0621-\u064A]"),
    "ur": re.compile(r"[ٹڈڑںھہےۓ]"),
    "pl": re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]"),
    "ro": re.compile(r"[ăâîșțĂÂÎȘȚ]"),
    "cy": re.compile(r"[a-zâêîôûŵŷ]"),
}


def all_choices(template):
    """One set of values per sentence of every choice field, so every sentence is rendered."""
    base = sample_values(template)
    sets = [base]
    for name, options in template.choices().items():
        sets.extend({**base, name: value} for value in options)
    return sets


@pytest.fixture(scope="module")
def every_locale_app(tmp_path_factory):
    from core import create_app
    from core.config import parse_config
    from core.testing import SECRET, base_config

    tmp = tmp_path_factory.mktemp("render")
    config = parse_config(base_config(locales=list(BUILTIN_LOCALES)), tmp, testing=True,
                          environ={"MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": f"sqlite:///{tmp / 'mad.sqlite3'}"})
    app = create_app(config=config)
    yield app
    app.extensions["mad"].db.dispose()


@pytest.mark.parametrize(("template", "kind", "locale"), CASES, ids=[f"{t.id}-{k}-{l}" for t, k, l in CASES])
def test_template_renders_every_field_in_every_locale(every_locale_app, template, kind, locale):
    mad = every_locale_app.extensions["mad"]
    context = mad.template_context("06/123456/26")
    wording = template.sms if kind == "sms" else template.email_subject + template.email_body
    for values in all_choices(template):
        rendered = render(template, kind, locale, values, context, mad.template_catalogue)
        text = (rendered.subject or "") + rendered.body
        assert rendered.locale == locale and not rendered.fell_back
        assert rendered.direction == ("rtl" if locale in ("ar", "ur") else "ltr")
        assert "%(" not in text, "a placeholder was left unfilled"
        for name, value in {**values, **context}.items():
            if name in template.choices() or value == "" or f"%({name})s" not in wording + "".join(
                    s for o in template.choices().values() for s in o.values()):
                continue
            shown = format_value(value, formatting_locale(locale))
            assert shown in text, f"{name} ({shown!r}) missing from the {locale} {kind}"
        for name, options in template.choices().items():
            sentence = mad.template_catalogue.lookup(locale, options[values[name]])
            assert sentence.split("%(")[0] in text, f"the {locale} sentence for {name} is missing"
        if locale != "en":
            assert rendered.body != rendered.english_body
            assert SCRIPT[locale].search(rendered.body), f"the {locale} text is not in its script"


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


class PortugueseAndPersian:
    """A plugin offering two languages without any catalogue: messages must fall back to English, whole."""

    @hookimpl
    def register_locales(self):
        return [LocaleInfo("pt"), LocaleInfo("fa")]


def test_missing_translation_falls_back_to_english_whole_and_says_so(make_mad_app):
    app = make_mad_app(plugins=[PortugueseAndPersian()], locales=["en", "cy", "pt", "fa"])
    mad = app.extensions["mad"]
    template = mad.templates["crime_reference_assigned"]
    rendered = render(template, "sms", "pt", {"officer_name": "PC 1"}, mad.template_context("06/123456/26"),
                      mad.template_catalogue)
    assert rendered.fell_back and rendered.locale == "en" and rendered.requested_locale == "pt"
    assert rendered.body == rendered.english_body
    assert mad.locale("fa").direction == "rtl" and mad.locale("pt").direction == "ltr"


def _catalogues(domain="*"):
    from pathlib import Path

    return sorted(Path(locales.__file__).parent.glob(f"*/LC_MESSAGES/{domain}.po"))


def test_every_built_in_locale_ships_a_templates_catalogue():
    shipped = {p.parent.parent.name for p in _catalogues("templates")}
    assert shipped == set(BUILTIN_LOCALES) - {"en"}


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_translations_keep_exactly_the_placeholders_of_the_english(po_path):
    assert placeholder_problems(po_path) == []


def placeholder_problems(po_path):
    """The msgids (first 60 characters) whose translation drops, adds or renames a placeholder."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):  # plural forms: each must keep the placeholders of the plural
            wanted = sorted(set(PLACEHOLDER.findall(message.id[1])))
            if any(s and sorted(set(PLACEHOLDER.findall(s))) != wanted for s in message.string):
                problems.append(message.id[0][:60])
        elif sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(message.id[:60])
    return problems


def test_the_placeholder_check_catches_a_dropped_added_or_renamed_placeholder(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="cy")
    catalog.add("Hello, %(name)s", "Helo")  # dropped
    catalog.add("Crime %(reference)s", "Trosedd %(reference)s %(name)s")  # added
    catalog.add("For example %(example)s", "Er enghraifft %(enghraifft)s")  # renamed
    catalog.add("Sign in", "Mewngofnodi")  # fine
    po_path = tmp_path / "messages.po"
    with po_path.open("wb") as fh:
        write_po(fh, catalog)
    assert placeholder_problems(po_path) == ["Hello, %(name)s", "Crime %(reference)s", "For example %(example)s"]


@pytest.mark.parametrize("po_path", _catalogues("templates"), ids=lambda p: p.parent.parent.name)
def test_every_template_msgid_is_translated_and_marked_draft(po_path):
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if counts_as_translated(m)}
    missing = [m for t in TEMPLATES for m in t.msgids() if m not in translated]
    assert missing == []
    # written by the toolkit's developers, so honestly marked as drafts in the file itself
    unmarked = [m.id[:40] for m in catalog if m.id and not any(c.startswith("review: draft") for c in m.user_comments)]
    assert unmarked == []


def test_romanian_uses_comma_below_letters_not_cedillas():
    (po_path,) = [p for p in _catalogues("templates") if p.parent.parent.name == "ro"]
    text = po_path.read_text(encoding="utf-8")
    assert "ș" in text and "ț" in text
    assert "ş" not in text and "ţ" not in text  # s/t-cedilla are Turkish letters, wrong in Romanian


@pytest.mark.parametrize("locale", ["ar", "ur"])
def test_arabic_and_urdu_emails_are_marked_right_to_left(every_locale_app, locale):
    mad = every_locale_app.extensions["mad"]
    template = mad.templates["suspect_charged"]
    values = {"court_name": "Northtown Magistrates' Court", "hearing_date": date(2027, 1, 14)}
    rendered = render(template, "email", locale, values, mad.template_context("06/123456/26"), mad.template_catalogue)
    assert f'<html lang="{locale}" dir="rtl">' in rendered.body_html
    assert rendered.direction == "rtl" and not rendered.fell_back
    assert "Northtown Magistrates&#39; Court" in rendered.body_html
    assert rendered.english_subject == "Testshire Police: a suspect has been charged (crime 06/123456/26)"


def test_dates_in_arabic_and_urdu_use_western_digits_like_the_reference_and_phone_number(every_locale_app):
    """A deliberate choice: the crime reference, log number and phone numbers in the same text are in
    Western digits and must be dialled or quoted as written, so dates and times use them too (CLDR's
    default for ``ar`` and ``ur``), with the month and day names in the victim's language."""
    mad = every_locale_app.extensions["mad"]
    template = mad.templates["officer_contact"]
    values = {"contact": "call", "date": date(2026, 12, 3), "time": time(14, 30), "officer_name": "PC 1234 Jones"}
    context = mad.template_context("06/123456/26")
    arabic = render(template, "sms", "ar", values, context, mad.template_catalogue).body
    urdu = render(template, "sms", "ur", values, context, mad.template_catalogue).body
    polish = render(template, "sms", "pl", values, context, mad.template_catalogue).body
    romanian = render(template, "sms", "ro", values, context, mad.template_catalogue).body
    assert "الخميس، 3 ديسمبر 2026" in arabic and "2:30 م" in arabic
    assert "جمعرات، 3 دسمبر، 2026" in urdu
    assert not re.search(r"[\u0660-\u0669\u06F0-\u06F9]", arabic + urdu)  # no Arabic-Indic digits
    assert "w dniu czwartek, 3 grudnia 2026 o godz. 14:30" in polish
    assert "joi, 3 decembrie 2026, la ora 14:30" in romanian


@pytest.mark.parametrize(("locale", "shown"), [("en", "1,234.5"), ("cy", "1,234.5"), ("pl", "1\u00a0234,5"),
                                               ("ro", "1.234,5"), ("ar", "1,234.5"), ("ur", "1,234.5")])
def test_numbers_are_written_as_the_victims_language_writes_them(locale, shown):
    assert format_value(1234.5, formatting_locale(locale)) == shown


def test_html_email_names_a_nastaliq_face_for_urdu_and_a_naskh_face_for_arabic():
    from core.messaging.rendering import email_html

    urdu = email_html("موضوع", "آپ کا حوالہ", "ur")
    assert 'lang="ur" dir="rtl"' in urdu
    assert "font-family: 'Noto Nastaliq Urdu', 'Jameel Noori Nastaleeq'" in urdu and "line-height: 2.2" in urdu
    assert "font-family: 'Noto Naskh Arabic'" in email_html("موضوع", "نص", "ar")
    assert "font-family: Arial, Helvetica, sans-serif" in email_html("Subject", "Text", "pl")
