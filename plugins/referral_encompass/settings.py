"""``[plugins.referral_encompass]``: when the school day starts, in which time zone, and the PDF font."""

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import Schema, ValidationError, fields, validates

from core.toolkit import parse_start

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


class EncompassSettings(Schema):
    school_day_starts = fields.String(load_default="08:30", metadata={
        "description": "when the school day starts (notifications are due before it), e.g. 08:30"})
    timezone = fields.String(load_default="Europe/London", metadata={
        "description": "the time zone of the school day, e.g. Europe/London"})
    font_path = fields.String(load_default=str(DEJAVU / "DejaVuSans.ttf"), metadata={
        "description": "a Unicode TrueType font for the PDF (Debian package fonts-dejavu-core)"})
    bold_font_path = fields.String(load_default=str(DEJAVU / "DejaVuSans-Bold.ttf"), metadata={
        "description": "the bold face of the same font"})

    @validates("school_day_starts")
    def _start(self, value, **kwargs):
        try:
            parse_start(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    @validates("timezone")
    def _zone(self, value, **kwargs):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"{value!r} is not a time zone name such as Europe/London") from None

    @validates("font_path")
    def _font(self, value, **kwargs):
        _exists(value)

    @validates("bold_font_path")
    def _bold(self, value, **kwargs):
        _exists(value)


def _exists(value):
    if not Path(value).is_file():
        raise ValidationError(f"no font file at {value}: install the Debian package fonts-dejavu-core "
                              f"(apt-get install fonts-dejavu-core) or name another TrueType font")
