"""The schools directory: import from the DfE register, DSL addresses kept by VSCs, search.

Import reads the "Get Information About Schools" (GIAS) establishment CSV as the DfE publishes
it (``URN``, ``EstablishmentName``, ``TypeOfEstablishment (name)``, ``PhaseOfEducation (name)``,
``LA (code)``, ``LA (name)``, ``Street``, ``Locality``, ``Address3``, ``Town``, ``Postcode``,
``EstablishmentStatus (name)``; the short headers without "(name)" are read too). A re-import
updates names and addresses and never loses the DSL addresses VSCs have entered. Closed schools
are skipped. Local authorities named in the file are added, so VSCs can give each one the address
that takes notifications for children in elective home education.

Search forgives typos (rapidfuzz) and reads the name and the town together: "st marys
ashby" finds St Mary's Catholic Primary School in Ashby.
"""

import csv
import io
import re
from dataclasses import dataclass

from marshmallow import ValidationError
from rapidfuzz import fuzz, utils
from sqlalchemy import delete, select

from core.db import utcnow
from core.messaging.recipients import normalise_email
from core.models.referrals import LocalAuthority, School, SchoolHoliday

COLUMNS = {
    "urn": ("URN",),
    "name": ("EstablishmentName",),
    "establishment_type": ("TypeOfEstablishment (name)", "TypeOfEstablishment"),
    "phase": ("PhaseOfEducation (name)", "PhaseOfEducation"),
    "la_code": ("LA (code)", "LA"),
    "la_name": ("LA (name)", "LAName"),
    "street": ("Street",),
    "locality": ("Locality",),
    "address3": ("Address3",),
    "town": ("Town",),
    "postcode": ("Postcode",),
    "status": ("EstablishmentStatus (name)", "EstablishmentStatus"),
}
REQUIRED = ("urn", "name", "la_code", "status")
CLOSED = "closed"
URN_IN_TEXT = re.compile(r"\bURN\s*(\d{5,8})\b", re.IGNORECASE)
#: Similarity (0–100) a search needs to be offered at all, and to be taken without asking.
SEARCH_CUTOFF = 70
SURE_SCORE = 85
SURE_MARGIN = 10


class SchoolImportError(ValueError):
    """The file cannot be imported; the message lists each problem with its line number."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    skipped_closed: int


def _column(fieldnames, names):
    return next((n for n in names if n in fieldnames), None)


def import_gias_csv(session, text, who):
    """Import schools from a GIAS CSV (the whole text); return an :class:`ImportResult`.

    Called by ``mad encompass schools import``. Raises :class:`SchoolImportError` naming every bad
    line before anything is stored.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fieldnames = reader.fieldnames or []
    columns = {key: _column(fieldnames, names) for key, names in COLUMNS.items()}
    missing = [COLUMNS[key][0] for key in REQUIRED if columns[key] is None]
    if missing:
        raise SchoolImportError("This is not a Get Information About Schools extract: it has no "
                                + ", ".join(missing) + " column. Download the establishment fields CSV from GIAS.")
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        row = {key: (raw.get(col) or "").strip() if col else "" for key, col in columns.items()}
        if not row["urn"].isdigit():
            problems.append(f"line {number}: URN must be a number (found {row['urn']!r})")
        elif not row["name"]:
            problems.append(f"line {number}: EstablishmentName is empty")
        else:
            rows.append(row)
    if problems:
        raise SchoolImportError("The schools file has problems (nothing was imported):\n" + "\n".join(problems))
    added = updated = closed = 0
    now = utcnow()
    authorities = {a.code: a for a in session.scalars(select(LocalAuthority))}
    for row in rows:
        if row["status"].lower().startswith(CLOSED):
            closed += 1
            continue
        school = session.get(School, row["urn"])
        if school is None:
            school = School(urn=row["urn"])
            session.add(school)
            added += 1
        else:
            updated += 1
        school.name = row["name"][:200]
        school.establishment_type = row["establishment_type"][:120]
        school.phase = row["phase"][:60]
        school.la_code, school.la_name = row["la_code"][:10], row["la_name"][:120]
        school.street = row["street"][:200]
        school.locality = ", ".join(filter(None, (row["locality"], row["address3"])))[:200]
        school.town, school.postcode = row["town"][:120], row["postcode"][:12]
        school.status = row["status"][:60]
        school.imported_at = now
        if row["la_code"] and row["la_code"] not in authorities:
            authorities[row["la_code"]] = LocalAuthority(code=row["la_code"][:10], name=row["la_name"][:120] or row["la_code"])
            session.add(authorities[row["la_code"]])
    return ImportResult(added, updated, closed)


def set_dsl_email(session, urn, email, who):
    """Record a school's DSL secure email address (``email`` empty clears it); return the school.

    Called by the VSCs' school page. Raises ValidationError with a message for the form.
    """
    school = session.get(School, urn)
    if school is None:
        raise LookupError(urn)
    school.dsl_email = normalise_email(email) if (email or "").strip() else None
    school.dsl_updated_by, school.dsl_updated_at = who, utcnow()
    return school


def set_ehe_email(session, code, email, who):
    """Record the address a local authority takes elective-home-education notifications at."""
    authority = session.get(LocalAuthority, code)
    if authority is None:
        raise LookupError(code)
    authority.ehe_email = normalise_email(email) if (email or "").strip() else None
    authority.updated_by, authority.updated_at = who, utcnow()
    return authority


def school_label(school):
    """How a school is shown and typed back: ``Name, Town (URN 123456)``."""
    return f"{school.name}, {school.town} (URN {school.urn})" if school.town else f"{school.name} (URN {school.urn})"


WORD = re.compile(r"[a-z0-9]+")
#: Words too common in school names to tell schools apart.
COMMON_WORDS = frozenset({"school", "the", "of", "and", "st", "saint", "ce", "c", "e"})


def _words(text):
    return [w for w in WORD.findall((text or "").lower().replace("'", "")) if w not in COMMON_WORDS]


def _score(query_words, school_words):
    """Mean, over the words typed, of each one's best similarity to a word of the school's name or town."""
    if not school_words:
        return 0.0
    return sum(max(fuzz.ratio(q, w) for w in school_words) for q in query_words) / len(query_words)


def search_schools(session, query, limit=10):
    """Schools matching ``query`` by name and town, typos forgiven; ``[(school, score)]`` best first.

    Each typed word is matched to its closest word in the school's name, locality or town, so
    "hilcrest primary" finds Hillcrest Church of England Primary School; a URN finds its school.
    """
    query = (query or "").strip()
    if not query:
        return []
    schools = {s.urn: s for s in session.scalars(select(School))}
    if (urn := URN_IN_TEXT.search(query)) and urn.group(1) in schools:
        return [(schools[urn.group(1)], 100.0)]
    if query.isdigit() and query in schools:
        return [(schools[query], 100.0)]
    query_words = _words(query) or WORD.findall(query.lower())
    if not query_words:
        return []
    scored = []
    for school in schools.values():
        text = f"{school.name} {school.locality} {school.town}"
        score = _score(query_words, _words(text))
        if score >= SEARCH_CUTOFF:
            scored.append((score, fuzz.token_sort_ratio(query, school.name, processor=utils.default_process),
                           school))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].name))
    return [(school, score) for score, _tiebreak, school in scored[:limit]]


def resolve_school(session, text):
    """The one school ``text`` names, or ``(None, candidates)`` when it is unclear.

    Returns ``(school, [])`` when the text gives a URN or one school clearly matches best, else
    ``(None, [school, ...])`` with up to three likely schools to offer the officer.
    """
    found = search_schools(session, text, limit=3)
    if not found:
        return None, []
    best, score = found[0]
    runner_up = found[1][1] if len(found) > 1 else 0
    if _names_urn(text, best) or (score >= SURE_SCORE and score - runner_up >= SURE_MARGIN):
        return best, []
    return None, [school for school, _ in found]


def _names_urn(text, school):
    urn = URN_IN_TEXT.search(text or "")
    return (urn and urn.group(1) == school.urn) or (text or "").strip() == school.urn


def all_schools(session):
    """Every school in the directory, by name (for the form's suggestions and the VSCs' list)."""
    return session.scalars(select(School).order_by(School.name)).all()


def local_authorities(session):
    """Every local authority, by name."""
    return session.scalars(select(LocalAuthority).order_by(LocalAuthority.name)).all()


def replace_holidays(session, holidays):
    """Replace the stored term holidays with ``holidays`` (from :func:`core.referrals.due.read_term_calendar`)."""
    session.execute(delete(SchoolHoliday))
    session.add_all(SchoolHoliday(first_day=h.first_day, last_day=h.last_day, description=h.description)
                    for h in holidays)
    return len(holidays)


def stored_holidays(session):
    """The stored term holidays, earliest first."""
    return session.scalars(select(SchoolHoliday).order_by(SchoolHoliday.first_day)).all()


__all__ = ["ImportResult", "all_schools", "SchoolImportError", "ValidationError", "import_gias_csv", "local_authorities",
           "replace_holidays", "resolve_school", "school_label", "search_schools", "set_dsl_email",
           "set_ehe_email", "stored_holidays"]
