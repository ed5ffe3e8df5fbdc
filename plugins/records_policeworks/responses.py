"""What PoliceWorks answers, checked with marshmallow before the toolkit believes it.

zeep reads an answer leniently (a missing element comes back as None), so every answer is
validated here; one that does not fit is treated as a temporary failure with a clear reason.
"""

from marshmallow import EXCLUDE, Schema, fields, validate

from plugins.records_policeworks.contract import entry_types

#: The entry types the WSDL's EntryType allows (read from the shipped WSDL).
ENTRY_TYPES = entry_types()


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
    EntryType = fields.String(required=True, validate=validate.OneOf(
        ENTRY_TYPES, error="EntryType must be one of {choices} (the WSDL's EntryType)"))
    Text = fields.String(required=True, validate=validate.Length(min=1))
    EnglishText = fields.String(load_default=None, allow_none=True)
    Author = fields.String(required=True, validate=validate.Length(min=1, max=254))
    OccurredAt = fields.AwareDateTime(required=True, format="iso")


class RecordedVictimSchema(Schema):
    """One victim of a LookupVictims answer (the toolkit checks the values again before it prefills)."""

    class Meta:
        unknown = EXCLUDE

    Name = fields.String(required=True, allow_none=False, validate=validate.Length(min=1))
    Mobile = fields.String(load_default=None, allow_none=True)
    Email = fields.String(load_default=None, allow_none=True)
    Language = fields.String(load_default=None, allow_none=True)
    CommunicationNeeds = fields.String(load_default=None, allow_none=True)
    ContactMethod = fields.String(load_default=None, allow_none=True)
    ContactFrequency = fields.String(load_default=None, allow_none=True)
    ContactEveryWorkingDays = fields.Integer(load_default=None, allow_none=True)


class VictimsLookupSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    CrimeReference = fields.String(required=True, allow_none=False)
    Victim = fields.List(fields.Nested(RecordedVictimSchema), load_default=list, allow_none=True)
