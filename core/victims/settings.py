"""The force's care-log rules: the ``[care_log]`` table of ``mad.toml``, validated at start-up.

Every key has a default taken from the Victims' Code (see the README, "The victim care log"), so
a force writes only what it changes::

    [care_log]
    key_decision_working_days = 5          # tell the victim of a charge, NFA... within this many
    key_decision_working_days_enhanced = 1
    referral_working_days = 2              # Right 4: referral to support services
    referral_working_days_enhanced = 1
    max_interval_days = 28                 # nobody left without contact for longer
    ring_back_days = 7                     # supervisors ring back this many days after recording
    ring_back_crime_types = ["volume", "hate"]
    ring_back_teams = { hate = "Cohesion officers" }
    collision_reference_pattern = "^RTC[0-9/\\-]{4,20}$"
    retention_days = 730                   # then a victim's contact details are cleared (initials kept)

    [[care_log.vna_questions]]             # replaces the default Victim Needs Assessment
    id = "safety"
    question = "Does the victim feel safe at home?"
    needs = ["domestic_abuse", "stalking_harassment"]   # directory needs a "yes" suggests
"""

import re

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from core.directory.needs import NEEDS_BY_CODE
from core.i18n import N_
from core.victims.labels import CRIME_TYPES

#: The default Victim Needs Assessment: Op Crystal's areas. A "yes" suggests services for ``needs``.
DEFAULT_VNA_QUESTIONS = [
    {"id": "safety", "question": N_("Does the victim feel unsafe, at home or elsewhere?"),
     "needs": ["domestic_abuse", "stalking_harassment"]},
    {"id": "health", "question": N_("Has the crime affected the victim's physical or mental health?"),
     "needs": ["mental_health"]},
    {"id": "disability", "question": N_("Does the victim have a disability that affects how we support them?"),
     "needs": []},
    {"id": "communication", "question": N_("Does the victim need help to communicate (interpreter, easy read, signing)?"),
     "needs": []},
    {"id": "housing", "question": N_("Does the victim need help with housing or a safe place to stay?"),
     "needs": ["housing_homelessness"]},
    {"id": "finances", "question": N_("Has the crime left the victim in financial difficulty?"),
     "needs": ["financial_hardship"]},
    {"id": "emotional", "question": N_("Would the victim like emotional support to cope with what happened?"),
     "needs": ["mental_health"]},
    {"id": "repeat", "question": N_("Has this happened to the victim before (repeat victimisation)?"),
     "needs": ["anti_social_behaviour", "stalking_harassment"]},
    {"id": "hate", "question": N_("Does the victim feel targeted because of who they are (hate)?"),
     "needs": ["hate_crime"]},
    {"id": "intimidation", "question": N_("Is the victim being intimidated or afraid to give evidence?"),
     "needs": ["stalking_harassment"]},
    {"id": "children", "question": N_("Are there children in the household affected by the crime?"),
     "needs": ["children_young_people"]},
]


class VnaQuestionSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,31}$",
                       error="an id is lower-case letters, digits and _ (up to 32), e.g. \"housing\""))
    question = fields.String(required=True, validate=validate.Length(min=5, max=200))
    needs = fields.List(fields.String(), load_default=list)

    @validates("needs")
    def _known_needs(self, value, **kwargs):
        unknown = [code for code in value if code not in NEEDS_BY_CODE]
        if unknown:
            raise ValidationError(f"unknown directory need(s) {', '.join(unknown)}; known: {', '.join(NEEDS_BY_CODE)}")


def _days(low, high):
    return validate.Range(min=low, max=high, error=f"must be a whole number from {low} to {high}")


class CareLogSettingsSchema(Schema):
    key_decision_working_days = fields.Integer(load_default=5, validate=_days(1, 30))
    key_decision_working_days_enhanced = fields.Integer(load_default=1, validate=_days(1, 30))
    referral_working_days = fields.Integer(load_default=2, validate=_days(1, 30))
    referral_working_days_enhanced = fields.Integer(load_default=1, validate=_days(1, 30))
    max_interval_days = fields.Integer(load_default=28, validate=_days(1, 365))
    ring_back_days = fields.Integer(load_default=7, validate=_days(1, 60))
    ring_back_crime_types = fields.List(fields.String(validate=validate.OneOf(
        list(CRIME_TYPES), error="must be one of {choices}")), load_default=lambda: ["volume", "hate"])
    ring_back_teams = fields.Dict(keys=fields.String(validate=validate.OneOf(list(CRIME_TYPES))),
                                  values=fields.String(validate=validate.Length(min=1, max=80)),
                                  load_default=lambda: {"hate": "Cohesion officers"})
    collision_reference_pattern = fields.String(load_default=r"^[A-Z0-9][A-Z0-9/\-]{4,29}$")
    retention_days = fields.Integer(load_default=730, validate=_days(30, 3650))
    vna_questions = fields.List(fields.Nested(VnaQuestionSchema), load_default=lambda: [dict(q) for q in DEFAULT_VNA_QUESTIONS],
                                validate=validate.Length(min=1, max=40))

    @validates("collision_reference_pattern")
    def _pattern_compiles(self, value, **kwargs):
        try:
            re.compile(value)
        except re.error as exc:
            raise ValidationError(f"not a valid regular expression: {exc}") from exc

    @validates_schema
    def _unique_question_ids(self, data, **kwargs):
        ids = [q["id"] for q in data.get("vna_questions", [])]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValidationError(f"question ids must be unique; repeated: {', '.join(repeated)}", "vna_questions")


def default_settings():
    """The care-log rules when ``mad.toml`` has no ``[care_log]`` table."""
    return CareLogSettingsSchema().load({})
