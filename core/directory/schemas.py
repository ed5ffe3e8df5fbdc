"""The marshmallow schema every way into the directory goes through: the VSC's form, CSV rows
and HSDS records (after :mod:`core.directory.hsds` has mapped them to these fields).

Give ``ServiceSchema(districts=[...])`` the force's districts to reject one the force does not
have.
"""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from core.directory.needs import NEEDS_BY_CODE, VULNERABILITIES, Access, need_code

HSDS_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
PHONE = validate.Regexp(r"^[0-9 +()-]{6,30}$", error="Enter a phone number, e.g. 0161 496 0123")
ID = validate.Regexp(r"^[A-Za-z0-9_.:\-]{1,64}$", error="Use up to 64 letters, digits, '-', '_', '.' or ':'")
#: What a leaflet may be, and how each kind of file begins (text must be UTF-8).
LEAFLET_SIGNATURES = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff",
                      "text/plain": b""}
MAX_LEAFLET_BYTES = 1024 * 1024
OPTIONAL_TEXT = ("id", "organisation_id", "organisation_name", "phone", "email", "web", "last_assured_on",
                 "assured_by", "review_due_on", "access", "status")


def _text(max_length, **kwargs):
    return fields.String(validate=validate.Length(max=max_length), **kwargs)


class ServiceSchema(Schema):
    """One service as the directory stores it; lists may also be given as ``;``-separated text."""

    class Meta:
        unknown = EXCLUDE

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = list(districts)

    id = fields.String(validate=ID, load_default=None, allow_none=True)
    organisation_id = fields.String(validate=ID, load_default=None, allow_none=True)
    organisation_name = _text(200, load_default=None, allow_none=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200, error="Enter the service's name"))
    description = _text(5000, load_default="")
    status = fields.String(load_default="active", validate=validate.OneOf(HSDS_STATUSES))
    needs = fields.List(fields.String(validate=validate.OneOf(
        sorted(NEEDS_BY_CODE), error="Unknown need {input!r}: use one of the need codes")), load_default=list)
    vulnerabilities = fields.List(fields.String(validate=validate.OneOf(
        sorted(VULNERABILITIES), error="Unknown vulnerability {input!r}")), load_default=list)
    eligibility = _text(2000, load_default="")
    languages = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list)
    districts = fields.List(fields.String(validate=validate.Length(min=1, max=80)), load_default=list)
    phone = fields.String(validate=PHONE, load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, error_messages={"invalid": "Enter an email address"})
    web = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"},
                     error_messages={"invalid": "Enter a web address starting https://"})
    address = _text(500, load_default="")
    access = fields.String(load_default=Access.SIGNPOST, validate=validate.OneOf(Access.ALL))
    opening_hours = _text(500, load_default="")
    last_assured_on = fields.Date(load_default=None, allow_none=True)
    assured_by = _text(254, load_default=None, allow_none=True)
    review_due_on = fields.Date(load_default=None, allow_none=True)

    @pre_load
    def _tidy(self, data, **kwargs):
        """Blank optional text means "none"; ``a; b`` text becomes a list; spaces are trimmed."""
        tidy = {}
        for key, value in dict(data).items():
            if isinstance(value, str):
                value = value.strip()
            if key in ("needs", "vulnerabilities", "languages", "districts") and isinstance(value, str):
                value = [part.strip() for part in value.split(";") if part.strip()]
            if key == "needs" and isinstance(value, list):
                value = [need_code(v) or v for v in value]
            if key in ("status", "access") and value in ("", None):
                continue  # the default applies
            if key in OPTIONAL_TEXT and value == "":
                value = None
            tidy[key] = value
        return tidy

    @validates("districts")
    def _known_districts(self, value, **kwargs):
        known = self.districts
        unknown = [d for d in value if known and d not in known]
        if unknown:
            raise ValidationError(f"Unknown district {', '.join(unknown)}: use one of {', '.join(known)}")


def load_service(data, districts=None):
    """Validate one service's fields; returns the clean dict or raises ``ValidationError``.

    Called by the edit form, the importers and the demo loader.
    """
    return ServiceSchema(districts=districts or ()).load(data)


class LeafletSchema(Schema):
    """An uploaded leaflet: a PDF, PNG, JPEG or text file of at most 1 MB whose bytes are what its type says."""

    filename = fields.String(required=True)
    # What the browser says; when it names one of the four types the bytes must agree, otherwise the
    # bytes alone decide (core/files.py), so "leaflet.hta" holding a PDF is stored as "leaflet.pdf".
    content_type = fields.String(load_default=None)
    data = fields.Raw(required=True)

    @validates_schema
    def _contents(self, data, **kwargs):
        content = data["data"]
        if not content:
            raise ValidationError("The leaflet file is empty", "data")
        if len(content) > MAX_LEAFLET_BYTES:
            raise ValidationError("The leaflet must be 1 MB or smaller", "data")
        claimed = data.get("content_type")
        if claimed in LEAFLET_SIGNATURES and (not content.startswith(LEAFLET_SIGNATURES[claimed]) or (
                claimed == "text/plain" and not _utf8(content))):
            raise ValidationError("The file is not the PDF, PNG, JPEG or text file it says it is", "data")


def _utf8(content):
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
