"""The shape of an HSDS 3.0 service, as the toolkit reads it: one marshmallow schema.

Every file, feed page or import row passes through :func:`check_service_shape` before its fields
are mapped (:func:`core.directory.hsds.from_hsds`), so a field of the wrong type
(``"languages": "en"``, a phone number given as a number, a list where an object belongs) is a
per-row error naming the field, never a silent drop. Fields the toolkit does not read are let be.
"""

from marshmallow import EXCLUDE, Schema, ValidationError, fields


class _Part(Schema):
    class Meta:
        unknown = EXCLUDE


def _text():
    return fields.String(allow_none=True)


def _many(schema):
    return fields.List(fields.Nested(schema, allow_none=True), allow_none=True)


class PhoneShape(_Part):
    number = _text()


class AddressShape(_Part):
    address_1, address_2, city, postal_code = _text(), _text(), _text(), _text()


class LocationShape(_Part):
    addresses = _many(AddressShape)


class ServiceAtLocationShape(_Part):
    location = fields.Nested(LocationShape, allow_none=True)
    phones = _many(PhoneShape)


class ContactShape(_Part):
    phones = _many(PhoneShape)


class TaxonomyTermShape(_Part):
    taxonomy, code, name = _text(), _text(), _text()


class AttributeShape(_Part):
    taxonomy_term = fields.Nested(TaxonomyTermShape, allow_none=True)
    value = _text()


class LanguageShape(_Part):
    code, name = _text(), _text()


class AreaShape(_Part):
    name = _text()


class ScheduleShape(_Part):
    description = _text()


class OrganizationShape(_Part):
    id, name = _text(), _text()


class ServiceShape(_Part):
    """An HSDS ``service`` object: the fields the toolkit maps, each of the type HSDS gives it."""

    id, name, description, status = _text(), _text(), _text(), _text()
    email, url, organization_id, eligibility_description = _text(), _text(), _text(), _text()
    assured_date, assurer_email = _text(), _text()
    organization = fields.Nested(OrganizationShape, allow_none=True)
    languages = _many(LanguageShape)
    service_areas = _many(AreaShape)
    phones = _many(PhoneShape)
    contacts = _many(ContactShape)
    schedules = _many(ScheduleShape)
    attributes = _many(AttributeShape)
    service_at_locations = _many(ServiceAtLocationShape)


def check_service_shape(service):
    """Raise ``ValidationError`` naming every field of ``service`` that is not HSDS's shape.

    Called by :func:`core.directory.hsds.from_hsds` (so by the importer and the feed provider).
    """
    if not isinstance(service, dict):
        raise ValidationError({"service": ["Expected an object (an HSDS service)"]})
    errors = ServiceShape().validate(service)
    if errors:
        raise ValidationError(dict(_flat(errors)))


#: marshmallow's words → the toolkit's, saying what HSDS expects there.
_PLAIN = {"Not a valid string.": "Expected text (HSDS gives this field as a string)",
          "Not a valid list.": "Expected a list of objects",
          "Invalid input type.": "Expected an object"}


def _flat(errors, path=""):
    """``{"attributes": {0: {"_schema": [...]}}}`` → ``("attributes[0]", [...])`` pairs in plain words."""
    for key, value in errors.items():
        if key == "_schema":
            name = path or "service"
        elif isinstance(key, int):
            name = f"{path}[{key}]"
        else:
            name = f"{path}.{key}" if path else str(key)
        if isinstance(value, dict):
            yield from _flat(value, name)
        else:
            yield name, [_PLAIN.get(message, message) for message in value]
