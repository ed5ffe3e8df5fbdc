"""SMS encoding and segment counts, checked against known boundaries."""

import pytest

from core.messaging.sms import sms_info

EURO = "€"  # GSM-7 extension: two septets


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("£@é" * 10, "GSM-7", 30, 1),
        (EURO * 80, "GSM-7", 160, 1),
        (EURO * 81, "GSM-7", 162, 2),
        # 152 plain septets then an escape pair: the pair may not be split, so it opens part 2.
        ("a" * 152 + "[" + "a" * 10, "GSM-7", 164, 2),
        ("a" * 152 + "[" + "a" * 152, "GSM-7", 306, 3),
        ("ç", "UCS-2", 1, 1),  # lower-case c-cedilla is not in GSM 03.38
        ("ش" * 70, "UCS-2", 70, 1),
        ("ش" * 71, "UCS-2", 71, 2),
        ("ش" * 134, "UCS-2", 134, 2),
        ("ش" * 135, "UCS-2", 135, 3),
        ("a" * 159 + "ł", "UCS-2", 160, 3),  # one Polish letter turns the whole text to UCS-2
        ("😀" * 35, "UCS-2", 70, 1),  # each emoji is two UTF-16 code units
        ("a" * 68 + "😀", "UCS-2", 70, 1),
        # 134 units would fit two parts of 67, but the surrogate pair may not be split: three parts.
        ("a" * 66 + "😀" + "a" * 66, "UCS-2", 134, 3),
    ],
)
def test_encoding_units_and_segments(text, encoding, units, segments):
    info = sms_info(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)
    assert info.characters == len(text)


def test_remaining_counts_down_in_the_last_segment():
    assert sms_info("a" * 150).remaining == 10
    assert sms_info("a" * 200).remaining == 153 * 2 - 200


# Known examples in the victims' languages, counted by hand (every letter here is one UTF-16 unit).
ARABIC = "سيتصل بك أحد الضباط خلال 24 ساعة."  # 33 characters
URDU = "ایک افسر 24 گھنٹوں کے اندر آپ سے رابطہ کرے گا۔"  # 46 characters, Urdu's own letters ٹ ں ھ ے ۔


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        (ARABIC, "UCS-2", 33, 1),
        (ARABIC * 2 + "1234", "UCS-2", 70, 1),  # exactly one UCS-2 text
        (ARABIC * 2 + "12345", "UCS-2", 71, 2),  # one more: two parts of up to 67
        (ARABIC * 4 + "12", "UCS-2", 134, 2),
        (ARABIC * 4 + "123", "UCS-2", 135, 3),
        (URDU, "UCS-2", 46, 1),
        (URDU + " " + URDU[:23], "UCS-2", 70, 1),
        (URDU + " " + URDU, "UCS-2", 93, 2),
        (URDU * 3, "UCS-2", 138, 3),
        ("Postępowanie jest w toku.", "UCS-2", 25, 1),  # ę is not in GSM 03.38
        ("Podejrzany zostal przesluchany.", "GSM-7", 31, 1),  # the same language without its diacritics
        ("Cercetările continuă.", "UCS-2", 21, 1),  # ă
        ("Un suspect a fost audiat.", "GSM-7", 25, 1),
        ("Așteptăm", "UCS-2", 8, 1),  # ș (comma below)
        ("Czekamy na wyniki badań kryminalistycznych. " * 2, "UCS-2", 88, 2),
        ("Prețul: 5€ {aprox.}", "UCS-2", 19, 1),  # ț forces UCS-2, where € and braces cost one unit each
        ("Pret: 5€ {aprox.}", "GSM-7", 20, 1),  # in GSM-7 €, { and } are escape pairs: 17 characters, 20 septets
    ],
)
def test_victims_languages_known_examples(text, encoding, units, segments):
    info = sms_info(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)


def test_an_arabic_update_is_counted_in_ucs2_parts_of_67(app):
    from datetime import date, time

    from core.messaging.rendering import render

    mad = app.extensions["mad"]
    template = mad.templates["officer_contact"]
    values = {"contact": "visit", "date": date(2026, 12, 3), "time": time(14, 30), "officer_name": "PC 1234 Jones"}
    rendered = render(template, "sms", "ar", values, mad.template_context("06/123456/26"), mad.template_catalogue)
    assert rendered.body == ("Testshire Police، الجريمة 06/123456/26: سيزورك PC 1234 Jones يوم الخميس، 3 ديسمبر 2026 "
                             "الساعة 2:30 م. إذا لم يناسبك هذا الموعد، اتصل بالرقم 101.")
    # 144 UTF-16 units: more than two parts of 67 (134), so three texts
    assert (rendered.sms.encoding, rendered.sms.units, rendered.sms.segments) == ("UCS-2", 144, 3)
