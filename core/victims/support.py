"""Needs become support: the Victim Needs Assessment's answers suggest directory services.

Each "yes" to a question names directory needs (``[care_log] vna_questions``); services for those
needs in the victim's district are suggested, ready for one-press signposting.
"""

from dataclasses import dataclass

from core.directory.finder import find
from core.directory.needs import NEEDS_BY_CODE
from core.victims.labels import Duties, States


@dataclass(frozen=True)
class Suggestion:
    """Services suggested for one need: ``services`` are :class:`core.toolkit.ServiceRecord`."""

    need: str
    need_label: str
    services: tuple


def needs_found(victim, questions):
    """The directory need codes the victim's VNA answers name, in question order, once each.

    A collision's victims and witnesses are always offered road traffic collision support first.
    """
    duty = next((d for d in victim.duties if d.duty == Duties.NEEDS_ASSESSMENT), None)
    answers = ((duty.detail or {}).get("answers") or {}) if duty else {}
    needs = ["road_traffic_collisions"] if victim.reference_kind == "collision" else []
    for question in questions:
        if answers.get(question["id"]) == States.YES:
            needs.extend(n for n in question["needs"] if n not in needs)
    return needs


def suggestions(mad, victim, per_need=3):
    """Services for each need the VNA found, in the victim's district; providers that fail are skipped.

    Called by the victim's page. Returns ``(list of Suggestion, names of unavailable providers)``.
    """
    found, unavailable = [], []
    for need in needs_found(victim, mad.config.care_log["vna_questions"]):
        answer = find(mad, need=need, district=victim.district, limit=per_need)
        unavailable.extend(u for u in answer.unavailable if u not in unavailable)
        found.append(Suggestion(need, NEEDS_BY_CODE[need].label, tuple(record for record, _ in answer.results)))
    return found, unavailable
