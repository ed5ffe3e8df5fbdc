"""Evidence from actions, never double-keyed: messages sent to a recorded victim complete duties.

Called from the ``message_sent`` event (the built-in plugin ``core.defaults.care_evidence``) after
the channel accepted a message. The message is matched to the victims recorded on its crime by
the keyed hash of their mobile number or email address; for each one it is stored as a contact (counted against the
contact plan and the force's maximum interval) and, when its template evidences a duty, that duty
becomes "yes" with the message as evidence, and a chronology entry says so. A resource from the
library evidences the written confirmation when it is the victim-of-crime leaflet (Op Crystal) or
the Victims' Code leaflet, or for a collision's victims the road traffic collision booklet: only
once the channel accepted it, so a leaflet that never went is never recorded as given.
Idempotent: the event may fire again when the message is delivered.
"""

import logging

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from core.constants import ChannelKinds
from core.crypto import session_keyring
from core.models.messages import Message
from core.models.resources import Resource
from core.models.victims import CareDuty, Victim, VictimContact
from core.victims.chronology import add_step
from core.victims.labels import Duties, States
from core.resources.kinds import KINDS, LEAFLET_DUTY_KINDS
from core.resources.sending import TEMPLATE_ID as RESOURCE_TEMPLATE
from core.victims.service import after_steps, is_complete

log = logging.getLogger(__name__)

#: Which template evidences which duty.
EVIDENCE = {
    "crime_reference_assigned": Duties.WRITTEN_CONFIRMATION,
    "signposting": Duties.REFERRAL,
    "crime_closed_nfa": Duties.RIGHT_TO_REVIEW,
}


def leaflet_format(message, default_locale):
    """The leaflet format a message gives the written confirmation in."""
    if message.locale != default_locale:
        return "other_language"
    return "text_link" if message.kind == ChannelKinds.SMS else "email"


def _recipient_filter(session, message):
    """The SQL condition matching victims by the keyed hash of the message's number or address."""
    wanted = message.recipient_hash or session_keyring(session).lookup_hash(message.recipient)
    column = Victim.phone_hash if message.kind == ChannelKinds.SMS else Victim.email_hash
    return column == wanted


#: The resource kinds that are a collision victim's written confirmation (a crime's: LEAFLET_DUTY_KINDS).
COLLISION_LEAFLET_KINDS = ("rtc_booklet",)


def _resource_kind(session, message):
    """The library kind of a resource message (None for any other message or a resource since removed)."""
    resource_id = (message.fields or {}).get("resource_id") if message.template_id == RESOURCE_TEMPLATE else None
    resource = session.get(Resource, resource_id) if resource_id else None
    return resource.kind if resource is not None else None


def _duty_of(victim, message, resource_kind):
    """The duty ``message`` (a resource of ``resource_kind``, or None) evidences for ``victim``, or None."""
    if message.template_id != RESOURCE_TEMPLATE:
        return EVIDENCE.get(message.template_id)
    kinds = COLLISION_LEAFLET_KINDS if victim.reference_kind == "collision" else LEAFLET_DUTY_KINDS
    return Duties.WRITTEN_CONFIRMATION if resource_kind in kinds else None


def _detail(mad, duty, message, resource_kind=None):
    how = "text message" if message.kind == ChannelKinds.SMS else "email"
    detail = {"evidence": f"message sent by {how}"}
    if resource_kind is not None:
        detail["evidence"] = f"{KINDS.get(resource_kind, 'Resource')} sent by {how}"
    if duty == Duties.WRITTEN_CONFIRMATION:
        detail["format"] = leaflet_format(message, mad.config.force["default_locale"])
    if duty == Duties.REFERRAL and (message.fields or {}).get("service_name"):
        detail["evidence"] = f"signposted to {message.fields['service_name']} by {how}"
    return detail


def _complete(mad, session, victim, message, changed):
    resource_kind = _resource_kind(session, message)
    duty = _duty_of(victim, message, resource_kind)
    if duty is None:
        return
    if duty == Duties.RIGHT_TO_REVIEW and victim.key_decision != "nfa":
        victim.key_decision, victim.key_decision_on = "nfa", message.created_at.date()
    found = session.scalar(select(CareDuty).where(CareDuty.victim_id == victim.id, CareDuty.duty == duty))
    if found is not None and found.state == States.YES:
        return
    if found is None:
        found = CareDuty(victim_id=victim.id, duty=duty)
        session.add(found)
    author = message.fields.get("officer_name") if message.fields else None
    detail = _detail(mad, duty, message, resource_kind)
    found.state, found.rationale, found.detail, found.message_id = States.YES, None, detail, message.id
    found.recorded_by = author or "MaD Toolkit"
    entry = add_step(session, mad.writers, victim, duty, States.YES, found.recorded_by, detail=detail,
                     message_id=message.id)
    changed.append((victim.id, victim.crime_reference, duty, entry.id))


#: Whether a crime has any recorded victim (built once).
_ANY_VICTIM = select(Victim.id).where(Victim.crime_reference == bindparam("reference")).limit(1)


def record_message(mad, message_id, crime_reference=None):
    """Record message ``message_id`` against the victims it was sent to; return how many matched.

    Called by the ``message_sent`` listener, with the event's ``crime_reference`` so that a message
    for a crime with no recorded victim costs one indexed look-up. Never raises for a message that
    matches no victim.
    """
    changed, completed = [], []
    if crime_reference is not None:  # without the ORM: it runs for every message sent
        with mad.db.read() as connection:
            if connection.execute(_ANY_VICTIM, {"reference": crime_reference}).first() is None:
                return 0
    try:
        with mad.session() as session:
            message = session.get(Message, message_id)
            if message is None or not message.recipient:
                return 0
            matched = session.scalars(select(Victim).where(Victim.crime_reference == message.crime_reference,
                                                           _recipient_filter(session, message))
                                      .order_by(Victim.created_at, Victim.id)).all()
            for victim in matched:
                if session.scalar(select(VictimContact.id).where(VictimContact.victim_id == victim.id,
                                                                 VictimContact.message_id == message.id)) is None:
                    session.add(VictimContact(victim_id=victim.id, message_id=message.id, template_id=message.template_id,
                                              created_at=message.sent_at or message.created_at))
                _complete(mad, session, victim, message, changed)
            session.flush()
            for victim in matched:
                session.refresh(victim)
                if not victim.care_log_completed and is_complete(victim):
                    victim.care_log_completed = True
                    completed.append(victim.id)
    except IntegrityError:  # the same event handled at once elsewhere: that one recorded it
        log.info("message already recorded against its victims", extra={"message_id": message_id})
        return 0
    for victim_id, reference, duty, entry_id in changed:
        after_steps(mad, reference, victim_id, [(duty, States.YES, entry_id)], victim_id in completed)
        completed = [v for v in completed if v != victim_id]
    for victim_id in completed:
        after_steps(mad, message.crime_reference, victim_id, [], True)
    log.info("message recorded against victims", extra={"message_id": message_id, "victims": len(matched)})
    return len(matched)
