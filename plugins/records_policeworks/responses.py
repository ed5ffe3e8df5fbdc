"""What PoliceWorks answers, checked with marshmallow before the toolkit believes it.

zeep reads an answer leniently (a missing element comes back as None), so every answer is
validated here; one that does not fit is treated as a temporary failure with a clear reason.
"""

from marshmallow import EXCLUDE, Schema, fields, validate


class CrimeLookupSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    Exists = fields.Boolean(required=True, allow_none=False)
    CrimeReference = fields.String(required=True, allow_none=False)
    Status = fields.String(load_default=None, allow_none=True)
    OfficerInCharge = fields.String(load_default=None, allow_none=True)


class ChronologyReceiptSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    RecordsId = fields.String(required=True, allow_none=False, validate=validate.Length(min=1, max=128))
    Duplicate = fields.Boolean(required=True, allow_none=False)


class EntryRequestSchema(Schema):
    """The entry as the contract needs it; an entry that does not fit can never be written."""

    CrimeReference = fields.String(required=True, validate=validate.Length(min=1, max=40))
    EntryId = fields.String(required=True, validate=validate.Length(min=1, max=64))
    EntryType = fields.String(required=True, validate=validate.Length(min=1, max=32))
    Text = fields.String(required=True, validate=validate.Length(min=1))
    EnglishText = fields.String(load_default=None, allow_none=True)
    Author = fields.String(required=True, validate=validate.Length(min=1, max=254))
    OccurredAt = fields.AwareDateTime(required=True, format="iso")
