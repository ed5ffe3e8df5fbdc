"""Reading SOAP requests and writing SOAP answers for the simulator, with lxml.

Requests are parsed with entity resolution and network access turned off. The answers follow the
shipped WSDL (document/literal, SOAP 1.1).
"""

import base64
import hashlib
import hmac

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
PW = "urn:policeworks:records:v1"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DIGEST = "#PasswordDigest"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)


class SoapRequestError(Exception):
    """The request cannot be understood; answered with a soap:Client fault."""


def parse_request(body):
    """Return ``(operation name, {child local name: element}, envelope)`` for a SOAP request body."""
    try:
        envelope = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapRequestError(f"The request is not XML: {exc}") from None
    found = envelope.find(f"{{{SOAP_ENV}}}Body")
    if envelope.tag != f"{{{SOAP_ENV}}}Envelope" or found is None or len(found) != 1:
        raise SoapRequestError("The request is not a SOAP 1.1 envelope with one body element")
    operation = found[0]
    if etree.QName(operation).namespace != PW:
        raise SoapRequestError(f"Unknown operation {operation.tag}")
    return etree.QName(operation).localname, {etree.QName(c).localname: c for c in operation}, envelope


def text_of(children, name, required=True):
    """The text of child ``name`` ('' when empty); raises :class:`SoapRequestError` if required and absent."""
    element = children.get(name)
    if element is None:
        if required:
            raise SoapRequestError(f"{name} is missing")
        return None
    return element.text or ""


def details_of(children):
    """The optional Details list as a dict of name to value."""
    found = children.get("Details")
    if found is None:
        return {}
    return {d.findtext(f"{{{PW}}}Name"): d.findtext(f"{{{PW}}}Value") or "" for d in found.iter(f"{{{PW}}}Detail")}


def credentials_ok(envelope, username, password):
    """True when the WS-Security UsernameToken carries ``username`` and ``password`` (text or digest)."""
    token = envelope.find(f"{{{SOAP_ENV}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
    if token is None:
        return False
    given_user = token.findtext(f"{{{WSSE}}}Username") or ""
    given = token.find(f"{{{WSSE}}}Password")
    if given is None or not hmac.compare_digest(given_user, username):
        return False
    if (given.get("Type") or "").endswith(DIGEST):
        nonce = base64.b64decode(token.findtext(f"{{{WSSE}}}Nonce") or "")
        created = token.findtext(f"{{{WSU}}}Created") or ""
        expected = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode()).digest()).decode()
        return hmac.compare_digest(given.text or "", expected)
    return hmac.compare_digest(given.text or "", password)


def _envelope(body_child):
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV, "pw": PW})
    etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body").append(body_child)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def response(operation, values):
    """A ``<operation>Response`` element holding ``values`` (name → text, in order; None left out)."""
    element = etree.Element(f"{{{PW}}}{operation}Response")
    for name, value in values.items():
        if value is not None:
            etree.SubElement(element, f"{{{PW}}}{name}").text = value
    return _envelope(element)


def response_with_list(operation, values, item_name, items):
    """A ``<operation>Response`` with ``values`` then one ``item_name`` element per dict in ``items``."""
    element = etree.Element(f"{{{PW}}}{operation}Response")
    for name, value in values.items():
        if value is not None:
            etree.SubElement(element, f"{{{PW}}}{name}").text = value
    for item in items:
        child = etree.SubElement(element, f"{{{PW}}}{item_name}")
        for name, value in item.items():
            if value is not None:
                etree.SubElement(child, f"{{{PW}}}{name}").text = str(value)
    return _envelope(element)


def care_log_step_of(children):
    """The optional CareLogStep of an entry as a dict (None when absent)."""
    found = children.get("CareLogStep")
    if found is None:
        return None
    return {etree.QName(c).localname: c.text or "" for c in found}


def fault(code, message, detail_name=None, detail_values=None):
    """A SOAP 1.1 fault; ``code`` is qualified (``soap:Client``, ``soap:Server``, ``wsse:...``)."""
    element = etree.Element(f"{{{SOAP_ENV}}}Fault", nsmap={"wsse": WSSE})
    etree.SubElement(element, "faultcode").text = code
    etree.SubElement(element, "faultstring").text = message
    if detail_name:
        detail = etree.SubElement(element, "detail")
        inner = etree.SubElement(detail, f"{{{PW}}}{detail_name}")
        for name, value in (detail_values or {}).items():
            etree.SubElement(inner, f"{{{PW}}}{name}").text = value
    return _envelope(element)
