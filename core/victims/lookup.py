"""Prefill from the records system: the victims a crime already has there.

A records-system plugin may implement the ``lookup_crime_victims`` hook; the "Record a victim"
page shows what it answers to the officer in charge and fills the form from the one they pick.
When the lookup fails the page says so and the officer types the details in.
"""

import logging
from dataclasses import asdict, dataclass, field

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from core.records.types import RecordsError
from core.victims.labels import CONTACT_FREQUENCIES, CONTACT_METHODS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordedVictim:
    """A victim as the records system holds them (what a ``lookup_crime_victims`` plugin returns)."""

    name: str
    phone: str | None = None
    email: str | None = None
    locale: str | None = None
    communication_needs: str | None = None
    plan_method: str | None = None
    plan_frequency: str | None = None
    plan_every_days: int | None = None


class RecordedVictimSchema(Schema):
    """What the toolkit accepts from a records system's answer: the rest is dropped, bad values refused."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=254))
    locale = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=16))
    communication_needs = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    plan_method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(CONTACT_METHODS)))
    plan_frequency = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(CONTACT_FREQUENCIES)))
    plan_every_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=28))


@dataclass(frozen=True)
class Lookup:
    """The answer shown to the officer: ``victims`` (form values), and whether a lookup ran or failed."""

    victims: list = field(default_factory=list)
    #: True when a records system answered (even with no victims).
    answered: bool = False
    #: Why the lookup is unavailable, in words for the officer (None when it answered or none is set up).
    problem: str | None = None


def victims_from_records(mad, reference):
    """Ask the records system for crime ``reference``'s victims; never raises.

    Called by the "Record a victim" page. Answers that do not fit :class:`RecordedVictimSchema`
    are left out (and logged by count, never by content).
    """
    try:
        answer = mad.pm.hook.lookup_crime_victims(reference=reference, mad=mad)
    except RecordsError as exc:
        return Lookup(problem=f"The records system could not be asked for this crime's victims ({exc.reason}). "
                              "Enter the victim's details yourself.")
    except Exception:
        log.exception("victims lookup failed")
        return Lookup(problem="The records system could not be asked for this crime's victims. "
                              "Enter the victim's details yourself.")
    if answer is None:
        return Lookup()
    victims, refused = [], 0
    for item in answer:
        try:
            victims.append(RecordedVictimSchema().load(asdict(item) if isinstance(item, RecordedVictim) else item))
        except (ValidationError, TypeError):
            refused += 1
    if refused:
        log.warning("records system sent victims the toolkit cannot use", extra={"refused": refused})
    return Lookup(victims=victims, answered=True)
