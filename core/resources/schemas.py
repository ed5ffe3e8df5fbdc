"""Validation of a resource, in the toolkit's own words: every way into the library goes through here."""

from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from core.resources.kinds import CRIME_TYPES, KINDS, MAX_SUMMARY, STAGES

ID = validate.Regexp(r"^[A-Za-z0-9_.:\-]{1,64}$", error="Use up to 64 letters, digits, '-', '_', '.' or ':'")


def _one_of(options, what):
    return validate.OneOf(sorted(options), error=f"Choose a {what} from the list ({{input!r}} is not one)")


class TextSchema(Schema):
    """One language's wording: a summary for a text message and a fuller body for an email."""

    summary = fields.String(required=True, validate=validate.Length(
        min=1, max=MAX_SUMMARY, error=f"Write a summary of 1 to {MAX_SUMMARY} characters (it is sent as a text)"),
        error_messages={"required": "Write a summary for a text message"})
    body = fields.String(required=True, validate=validate.Length(
        min=1, max=10000, error="Write the email's text (at most 10,000 characters)"),
        error_messages={"required": "Write the fuller text sent by email"})


class ResourceSchema(Schema):
    """A resource as the library stores it (see :class:`core.models.resources.Resource`)."""

    class Meta:
        unknown = EXCLUDE

    def __init__(self, *args, locales=("en",), **kwargs):
        super().__init__(*args, **kwargs)
        self.locales = set(locales) | {"en"}

    id = fields.String(validate=ID, load_default=None, allow_none=True)
    kind = fields.String(required=True, validate=_one_of(KINDS, "kind of resource"),
                         error_messages={"required": "Choose the kind of resource"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200, error="Enter a title"),
                          error_messages={"required": "Enter a title"})
    crime_types = fields.List(fields.String(validate=_one_of(CRIME_TYPES, "crime type")), load_default=list)
    stages = fields.List(fields.String(validate=_one_of(STAGES, "stage")), load_default=list)
    texts = fields.Dict(keys=fields.String(), values=fields.Nested(TextSchema), required=True)
    links = fields.List(fields.Url(schemes={"http", "https"},
                                   error_messages={"invalid": "Enter each link as a web address starting https://"}), load_default=list)
    status = fields.String(load_default="active", validate=validate.OneOf(
        ["active", "withdrawn"], error="Choose active or withdrawn"))
    review_due_on = fields.Date(load_default=None, allow_none=True,
                                error_messages={"invalid": "Enter the review date as YYYY-MM-DD"})

    @validates_schema
    def _languages(self, data, **kwargs):
        texts = data.get("texts") or {}
        if "en" not in texts:
            raise ValidationError("Write the English summary and email text (other languages are optional)",
                                  "texts")
        unknown = sorted(set(texts) - self.locales)
        if unknown:
            raise ValidationError(f"The toolkit does not offer {', '.join(unknown)}: choose a language it offers",
                                  "texts")


def load_resource(values, locales=("en",), today=None):
    """Validate a resource from ``values`` (a form's or the demo file's); returns the clean dict.

    Called by the VSC's form, the demo loader and plugins. Raises marshmallow's ``ValidationError``
    whose messages say, per field, how to put it right. A review date in the past is refused.
    """
    data = ResourceSchema(locales=locales).load(values)
    if data.get("review_due_on") and data["review_due_on"] < (today or date.today()):
        raise ValidationError({"review_due_on": ["Choose a review date from today on"]})
    return data


def form_to_values(form, locales):
    """The schema's shape from a posted form: ``summary__<locale>``/``body__<locale>`` pairs, links one a line.

    A language whose summary and body are both blank is left out; a half-written one is kept so the
    schema says what is missing.
    """
    values = {name: form.get(name) or None for name in ("id", "kind", "title", "status", "review_due_on")}
    values["crime_types"] = form.getlist("crime_types")
    values["stages"] = form.getlist("stages")
    values["links"] = [line.strip() for line in (form.get("links") or "").splitlines() if line.strip()]
    texts = {}
    for code in locales:
        summary, body = (form.get(f"summary__{code}") or "").strip(), (form.get(f"body__{code}") or "").strip()
        if summary or body:
            texts[code] = {k: v for k, v in (("summary", summary), ("body", body)) if v}
    values["texts"] = texts
    return {k: v for k, v in values.items() if v is not None}
