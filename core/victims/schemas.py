"""Validation of a recorded victim and of the care log form (marshmallow), in the toolkit's words.

Every error is keyed by the form field it belongs to and names the box, so the error summary
says which box to fix and how: "Victim Personal Statement offered: you answered no, so give the
reason". Called by :mod:`core.victims.service`; the pages pass the posted form as a dict.
"""

from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from core.victims.labels import (
    CONTACT_FREQUENCIES, CONTACT_METHODS, CONTACT_TOPICS, CRIME_TYPES, DUTY_LABELS, ENHANCED_CATEGORIES,
    KEY_DECISIONS, LEAFLET_FORMATS, PERSON_KINDS, REFERENCE_KINDS, Duties, States,
)


def _blank_to_none(data, names):
    return {k: (None if k in names and isinstance(v, str) and not v.strip() else v) for k, v in data.items()}


def _choice(table, what):
    return validate.OneOf(list(table), error=f"Choose {what} from the list")


class VictimSchema(Schema):
    """A victim or affected witness recorded on a crime or collision reference."""

    class Meta:
        unknown = EXCLUDE

    OPTIONAL = ("phone", "email", "communication_needs", "enhanced_category", "district", "crime_type",
                "plan_method", "plan_frequency", "plan_every_days")

    crime_reference = fields.String(required=True, validate=validate.Length(min=1, max=40),
                                    error_messages={"required": "Enter the crime or collision reference"})
    reference_kind = fields.String(load_default="crime", validate=_choice(REFERENCE_KINDS, "crime or collision"))
    person_kind = fields.String(load_default="victim", validate=_choice(PERSON_KINDS, "victim or affected witness"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=120, error="Enter the victim's name (up to 120 characters)"),
                         error_messages={"required": "Enter the victim's name"})
    phone = fields.String(load_default=None, allow_none=True)
    email = fields.String(load_default=None, allow_none=True)
    locale = fields.String(required=True, error_messages={"required": "Choose the victim's language"})
    communication_needs = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=500, error="Keep communication needs to 500 characters"))
    enhanced_category = fields.String(load_default=None, allow_none=True,
                                      validate=_choice(ENHANCED_CATEGORIES, "an enhanced rights category"))
    district = fields.String(load_default=None, allow_none=True)
    crime_type = fields.String(load_default=None, allow_none=True, validate=_choice(CRIME_TYPES, "a crime type"))
    oic_name = fields.String(required=True, validate=validate.Length(min=1, max=120, error="Enter the officer in charge"),
                             error_messages={"required": "Enter the officer in charge"})

    # A contact plan the records system already holds (prefilled from its lookup).
    plan_method = fields.String(load_default=None, allow_none=True, validate=_choice(CONTACT_METHODS, "how to contact the victim"))
    plan_frequency = fields.String(load_default=None, allow_none=True, validate=_choice(CONTACT_FREQUENCIES, "how often"))
    plan_every_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(
        min=1, max=28, error="Contact plan: every 1 to 28 working days"))

    @pre_load
    def _blanks(self, data, **kwargs):
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
        return _blank_to_none(data, self.OPTIONAL)


def _duty_fields():
    """One answer and one rationale field per duty, each error naming the duty's box."""
    declared = {}
    for duty in Duties.ALL:
        declared[duty] = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
            States.ANSWERS, error=f"{DUTY_LABELS[duty]}: choose yes, no or not applicable"))
        declared[f"{duty}_rationale"] = fields.String(load_default=None, allow_none=True, validate=validate.Length(
            max=1000, error=f"{DUTY_LABELS[duty]}: keep the reason to 1000 characters"))
    return declared


_DutyAnswers = Schema.from_dict(_duty_fields(), name="DutyAnswers")


class CareLogSchema(_DutyAnswers):
    """The care log form: one answer per duty, a rationale for every no, and each duty's details."""

    class Meta:
        unknown = EXCLUDE

    DATES = ("vps_offered_on", "key_decision_on")

    written_confirmation_format = fields.String(load_default=None, allow_none=True,
                                                validate=_choice(LEAFLET_FORMATS, "the format of the leaflet"))
    vps_offered_on = fields.Date(load_default=None, allow_none=True,
                                 error_messages={"invalid": "Victim Personal Statement offered: enter the date like 2026-11-30"})
    plan_method = fields.String(load_default=None, allow_none=True, validate=_choice(CONTACT_METHODS, "how to contact the victim"))
    plan_frequency = fields.String(load_default=None, allow_none=True, validate=_choice(CONTACT_FREQUENCIES, "how often"))
    plan_every_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(
        min=1, max=28, error="Contact plan: every 1 to 28 working days"),
        error_messages={"invalid": "Contact plan: enter a whole number of working days, like 10"})
    plan_topics = fields.List(fields.String(validate=_choice(CONTACT_TOPICS, "what the victim wants to hear about")),
                              load_default=list)
    plan_avoid = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=200, error="Contact plan: keep times to avoid to 200 characters"))
    key_decision = fields.String(load_default=None, allow_none=True, validate=_choice(KEY_DECISIONS, "the key decision"))
    key_decision_on = fields.Date(load_default=None, allow_none=True,
                                  error_messages={"invalid": "Key decision: enter the date like 2026-11-30"})
    vna = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)

    def __init__(self, questions=(), today=None, **kwargs):
        super().__init__(**kwargs)
        self.questions = list(questions)
        self.today = today or date.today()

    @pre_load
    def _blanks(self, data, **kwargs):
        data = dict(data)
        if "vna" not in data:  # the form posts vna__<question id>
            data["vna"] = {k[len("vna__"):]: v for k, v in data.items() if k.startswith("vna__") and v}
        if isinstance(data.get("plan_topics"), str):
            data["plan_topics"] = [data["plan_topics"]]
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if not k.startswith("vna__")}
        return {k: (None if isinstance(v, str) and not v else v) for k, v in data.items()}

    @validates_schema
    def _rules(self, data, **kwargs):
        errors = {}
        for duty in Duties.ALL:
            if data.get(duty) == States.NO and not data.get(f"{duty}_rationale"):
                errors[f"{duty}_rationale"] = [f"{DUTY_LABELS[duty]}: you answered no, so give the reason"]
        if data.get(Duties.WRITTEN_CONFIRMATION) == States.YES and not data.get("written_confirmation_format"):
            errors["written_confirmation_format"] = [
                f"{DUTY_LABELS[Duties.WRITTEN_CONFIRMATION]}: choose the format it was given in"]
        self._vps(data, errors)
        self._plan(data, errors)
        self._vna(data, errors)
        self._closure(data, errors)
        if errors:
            raise ValidationError(errors)

    def _vps(self, data, errors):
        label = DUTY_LABELS[Duties.VPS_OFFERED]
        when = data.get("vps_offered_on")
        if data.get(Duties.VPS_OFFERED) == States.YES and when is None:
            errors["vps_offered_on"] = [f"{label}: enter the date it was offered"]
        elif when is not None and when > self.today:
            errors["vps_offered_on"] = [f"{label}: the date cannot be in the future"]

    def _plan(self, data, errors):
        if data.get(Duties.CONTACT_PLAN) != States.YES:
            return
        label = DUTY_LABELS[Duties.CONTACT_PLAN]
        if not data.get("plan_method"):
            errors["plan_method"] = [f"{label}: choose how the victim wants to be contacted"]
        if not data.get("plan_frequency"):
            errors["plan_frequency"] = [f"{label}: choose how often"]
        elif data["plan_frequency"] == "every_n_working_days" and not data.get("plan_every_days"):
            errors["plan_every_days"] = [f"{label}: say every how many working days (1 to 28)"]

    def _vna(self, data, errors):
        known = {q["id"] for q in self.questions}
        answers = data.get("vna") or {}
        for qid, answer in answers.items():
            if qid not in known or answer not in (States.YES, States.NO):
                errors[f"vna__{qid}"] = ["Victim Needs Assessment: answer each question yes or no"]
        if data.get(Duties.NEEDS_ASSESSMENT) == States.YES:
            for question in self.questions:
                if question["id"] not in answers:
                    errors[f"vna__{question['id']}"] = [
                        f"Victim Needs Assessment: answer \u201c{question['question']}\u201d yes or no"]

    def _closure(self, data, errors):
        decided = data.get("key_decision_on")
        if data.get("key_decision") and decided is None:
            errors["key_decision_on"] = ["Key decision: enter the date it was made"]
        elif decided is not None and decided > self.today:
            errors["key_decision_on"] = ["Key decision: the date cannot be in the future"]
        if data.get(Duties.RIGHT_TO_REVIEW) == States.YES and data.get("key_decision") != "nfa":
            errors[Duties.RIGHT_TO_REVIEW] = [
                f"{DUTY_LABELS[Duties.RIGHT_TO_REVIEW]}: this applies to a no-further-action closure; record the "
                "key decision as no further action, or answer not applicable"]
