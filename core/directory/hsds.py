"""Open Referral UK / HSDS 3.0 ↔ the directory's own fields.

Needs, vulnerabilities, how to access a service and its review date travel as HSDS
``attributes`` whose taxonomy terms belong to the toolkit's taxonomies (``mad-needs``,
``mad-vulnerabilities``, ``mad-access``, ``mad-directory``); districts as ``service_areas``;
opening hours as a schedule's description; the address as a physical location. Leaflets stay in
the toolkit (HSDS has no place for a file). Ids of the parts are derived from the service's id,
so exporting twice gives the same document.
"""

import uuid

from marshmallow import ValidationError

from core.directory.hsds_shape import check_service_shape
from core.directory.needs import NEEDS_BY_CODE, VULNERABILITIES, Access, need_code

NEEDS_TAXONOMY = "mad-needs"
VULNERABILITIES_TAXONOMY = "mad-vulnerabilities"
ACCESS_TAXONOMY = "mad-access"
DIRECTORY_TAXONOMY = "mad-directory"
REVIEW_DUE = "review_due"


def _id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "mad-toolkit:" + ":".join(parts)))


def _attribute(service_id, taxonomy, code, name, value=None):
    term_id = _id(taxonomy, code)
    return {
        "id": _id(service_id, "attribute", taxonomy, code), "link_id": service_id, "link_type": taxonomy,
        "link_entity": "service", "taxonomy_term_id": term_id, "value": value or code,
        "taxonomy_term": {"id": term_id, "code": code, "name": name, "description": name, "taxonomy": taxonomy},
    }


def to_hsds(record):
    """One :class:`ServiceRecord` as an HSDS 3.0 service object (for export).

    Called by :mod:`core.directory.exporting`.
    """
    sid = record.id
    service = {"id": sid, "name": record.name, "description": record.description or record.name, "status": "active"}
    if record.web:
        service["url"] = record.web
    if record.email:
        service["email"] = record.email
    if record.eligibility:
        service["eligibility_description"] = record.eligibility
    service["application_process"] = Access.LABELS.get(record.access, record.access)
    if record.last_assured_on:
        service["assured_date"] = record.last_assured_on.isoformat()
    if record.assured_by:
        service["assurer_email"] = record.assured_by
    if record.organisation:
        org_id = record.organisation_id or _id("organisation", record.organisation)
        service["organization"] = {"id": org_id, "name": record.organisation, "description": record.organisation}
    service["phones"] = [{"id": _id(sid, "phone"), "service_id": sid, "number": record.phone}] if record.phone else []
    service["languages"] = [{"id": _id(sid, "language", code), "service_id": sid, "code": code, "name": code}
                            for code in record.languages]
    service["service_areas"] = [{"id": _id(sid, "area", name), "service_id": sid, "name": name}
                                for name in record.districts]
    service["schedules"] = ([{"id": _id(sid, "schedule"), "service_id": sid, "description": record.opening_hours}]
                            if record.opening_hours else [])
    if record.address:
        location_id = _id(sid, "location")
        service["service_at_locations"] = [{
            "id": _id(sid, "service_at_location"), "service_id": sid, "location_id": location_id,
            "location": {"id": location_id, "location_type": "physical", "addresses": [{
                "id": _id(sid, "address"), "location_id": location_id, "address_1": record.address, "city": "",
                "state_province": "", "postal_code": "", "country": "GB", "address_type": "physical"}]},
        }]
    attributes = [_attribute(sid, NEEDS_TAXONOMY, code, NEEDS_BY_CODE[code].label) for code in record.needs
                  if code in NEEDS_BY_CODE]
    attributes += [_attribute(sid, VULNERABILITIES_TAXONOMY, code, VULNERABILITIES[code])
                   for code in record.vulnerabilities if code in VULNERABILITIES]
    attributes.append(_attribute(sid, ACCESS_TAXONOMY, record.access, Access.LABELS.get(record.access, record.access)))
    if record.review_due_on:
        attributes.append(_attribute(sid, DIRECTORY_TAXONOMY, REVIEW_DUE, "Review due",
                                     record.review_due_on.isoformat()))
    service["attributes"] = attributes
    return service


def _objects(value, where):
    """The objects of a list in an HSDS document (``None`` items read as empty objects).

    A file or a remote feed may hold anything: another shape raises ``ValidationError`` naming
    ``where``, so the service is refused like any other invalid one instead of crashing the reader.
    """
    if not value:
        return []
    if not isinstance(value, list) or not all(item is None or isinstance(item, dict) for item in value):
        raise ValidationError({where: ["Expected a list of objects"]})
    return [item or {} for item in value]


def _object(value, where):
    """An object in an HSDS document (missing reads as empty); another shape raises ``ValidationError``."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({where: ["Expected an object"]})
    return value


def _text_or_none(value):
    return value if isinstance(value, str) else None


def _first_phone(service):
    places = [service.get("phones")] + [c.get("phones") for c in service.get("contacts") or [] if isinstance(c, dict)]
    places += [s.get("phones") for s in service.get("service_at_locations") or [] if isinstance(s, dict)]
    for phones in places:
        for phone in phones or []:
            if isinstance(phone, dict) and phone.get("number"):
                return str(phone["number"]).strip().strip('"').strip()
    return None


def has_contact(service):
    """True when an HSDS service object carries a phone number or an email address officers can pass on.

    Called by the HSDS feed provider: a ``/services`` list answer often leaves these out, and the
    service's own ``/services/{id}`` answer is read instead.
    """
    if _first_phone(service):
        return True
    return bool(service.get("email")) or any(isinstance(c, dict) and c.get("email") for c in service.get("contacts") or [])


def _address(service):
    for link in _objects(service.get("service_at_locations"), "service_at_locations"):
        location = _object(link.get("location"), "service_at_locations.location")
        for address in _objects(location.get("addresses"), "service_at_locations.location.addresses"):
            parts = [address.get(k) for k in ("address_1", "address_2", "city", "postal_code")]
            text = ", ".join(str(p).strip() for p in parts if p and str(p).strip())
            if text:
                return text
    return ""


def _terms(service):
    for attribute in _objects(service.get("attributes"), "attributes"):
        term = _object(attribute.get("taxonomy_term"), "attributes.taxonomy_term")
        yield term.get("taxonomy"), term.get("code"), term.get("name"), attribute.get("value")


def from_hsds(service, districts=()):
    """Map an HSDS service object to the directory's fields; returns ``(fields, warnings)``.

    Called by the importer and the HSDS feed provider, which then validate ``fields`` with
    :func:`core.directory.schemas.load_service`. Raises ``ValidationError`` when a part of the
    service is not the shape HSDS gives it (a list that is not a list of objects). Service areas that name none of ``districts``
    are reported in ``warnings`` (the service then serves the whole force area).
    """
    check_service_shape(service)
    warnings = []
    needs, vulnerabilities, access, review_due = [], [], None, None
    for taxonomy, code, name, value in _terms(service):
        if taxonomy == VULNERABILITIES_TAXONOMY:
            vulnerabilities.append(code)
        elif taxonomy == ACCESS_TAXONOMY:
            access = code
        elif taxonomy == DIRECTORY_TAXONOMY and code == REVIEW_DUE:
            review_due = value
        elif (found := need_code(_text_or_none(code)) or need_code(_text_or_none(name))) is not None:
            needs.append(found)
    areas = [str(a.get("name") or "").strip() for a in _objects(service.get("service_areas"), "service_areas")]
    matched = [a for a in areas if a in districts]
    if areas and not matched and districts:
        warnings.append("service_areas names none of this force's districts: imported as serving the whole area")
    organisation = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    schedules = [s for s in service.get("schedules") or [] if isinstance(s, dict)]
    fields = {
        "id": service.get("id"), "name": service.get("name"), "description": service.get("description") or "",
        "status": service.get("status") or "active",
        "organisation_id": organisation.get("id") or service.get("organization_id"),
        "organisation_name": organisation.get("name"),
        "needs": list(dict.fromkeys(needs)), "vulnerabilities": list(dict.fromkeys(vulnerabilities)),
        "eligibility": service.get("eligibility_description") or "",
        "languages": [str(lang.get("code") or lang.get("name")) for lang in service.get("languages") or []
                      if isinstance(lang, dict) and (lang.get("code") or lang.get("name"))],
        "districts": matched if districts else areas,
        "phone": _first_phone(service), "email": service.get("email"), "web": service.get("url"),
        "address": _address(service), "access": access or Access.SIGNPOST,
        "opening_hours": (schedules[0].get("description") or "") if schedules else "",
        "last_assured_on": service.get("assured_date"), "assured_by": service.get("assurer_email"),
        "review_due_on": review_due,
    }
    return fields, warnings
