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
