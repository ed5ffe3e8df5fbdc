"""The Operation Encompass form's schema: the incident, each child, the voice of the child, the officer.

Every message names the field and says how to put it right; the form's error summary adds
"Child 2:" in front of a child's field.
"""

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from plugins.referral_encompass.fields import ClockTime, UKDate, years_between

MIN_AGE, MAX_AGE = 4, 17
MAX_CHILDREN = 12
EDUCATION = ("school", "home")
PRESENT = ("in_room", "elsewhere", "not_home")
VOICE = ("not_spoken", "alone", "adult_present")


def _required(message):
    return {"required": message, "null": message}


def _text(max_length, message, required=True):
    validators = [validate.Length(max=max_length, error=f"Keep this to {max_length} characters or fewer")]
    if required:
        validators.insert(0, validate.Length(min=1, error=message))
        return fields.String(required=True, validate=validators, error_messages=_required(message))
    return fields.String(load_default="", validate=validators)


def _one_of(options, message, **kwargs):
    return fields.String(validate=validate.OneOf(options, error=message), error_messages=_required(message), **kwargs)


class ChildSchema(Schema):
    name = _text(100, "Enter the child's full name")
    date_of_birth = UKDate("the child's date of birth", required=True,
                           error_messages=_required("Enter the child's date of birth, for example 27/3/2017"))
    education = _one_of(EDUCATION, "Say whether the child goes to school or is educated at home",
                        load_default="school")
    school = _text(250, "", required=False)
    local_authority = fields.String(load_default="")
    year_group = _text(30, "", required=False)
    present = _one_of(PRESENT, "Say whether the child was present during the incident", required=True)
    where = _text(200, "", required=False)

    @validates_schema(skip_on_field_errors=False)
    def _school_or_authority(self, data, **kwargs):
        if data.get("education") == "school" and not data.get("school", "").strip():
            raise ValidationError("Enter the child's school (its name and town, or its URN)", "school")
        if data.get("education") == "home" and not data.get("local_authority"):
            raise ValidationError("Choose the local authority for a child educated at home", "local_authority")


class EncompassSchema(Schema):
    crime_reference = _text(40, "Enter the police reference")
    incident_date = UKDate("the date of the incident", required=True,
                           error_messages=_required("Enter the date of the incident, for example 18/12/2026"))
    incident_time = ClockTime("the time of the incident", required=True,
                              error_messages=_required("Enter the time of the incident, for example 22:15"))
    incident_location = _text(200, "Enter where the incident happened")
    district = fields.String(required=True, error_messages=_required("Choose the district the incident was in"))
    circumstances = _text(2000, "Describe the incident briefly: what happened and who was involved")
    children = fields.List(fields.Nested(ChildSchema), required=True,
                           validate=validate.Length(min=1, max=MAX_CHILDREN,
                                                    error=f"Add between 1 and {MAX_CHILDREN} children"),
                           error_messages=_required("Add at least one child"))
    voice = _one_of(VOICE, "Say whether the children were spoken to, and whether another adult was there",
                    required=True)
    voice_words = _text(2000, "", required=False)
    other_information = _text(2000, "", required=False)
    officer_name = _text(120, "Enter the notifying officer's name and collar number")
    officer_contact = _text(200, "Enter how the school can reach the notifying officer (phone or email)")

    def __init__(self, districts=(), today=None, **kwargs):
        super().__init__(**kwargs)
        self.districts = tuple(districts)
        self.today = today

    @validates_schema(skip_on_field_errors=False)
    def _check(self, data, **kwargs):
        errors = {}
        if self.districts and data.get("district") not in self.districts:
            errors["district"] = ["Choose the district the incident was in"]
        today = self.today or date.today()
        incident = data.get("incident_date")
        if incident and incident > today:
            errors["incident_date"] = ["The date of the incident cannot be in the future"]
        if data.get("voice") in ("alone", "adult_present") and not data.get("voice_words", "").strip():
            errors["voice_words"] = ["Write what the children said, in their own words"]
        child_errors = {}
        for index, child in enumerate(data.get("children") or []):
            problem = _age_problem(child.get("date_of_birth"), incident or today, today)
            if problem:
                child_errors[index] = {"date_of_birth": [problem]}
        if child_errors:
            errors["children"] = child_errors
        if errors:
            raise ValidationError(errors)


def _age_problem(born, incident, today):
    """What is wrong with a child's date of birth, or None."""
    if born is None:
        return None
    if born > today:
        return "The date of birth cannot be in the future"
    if born > incident:
        return "The date of birth is after the incident: check the year"
    age = years_between(born, incident)
    if not MIN_AGE <= age <= MAX_AGE:
        return (f"Operation Encompass is for children of {MIN_AGE} to {MAX_AGE} at school: this date of birth makes "
                f"the child {age}. Check the date of birth")
    return None
