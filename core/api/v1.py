"""``/api/v1/``: templates, sending, message status, crimes' messages and chronology, services, referrals.

Every view is thin: it checks the token's scope, loads the request with a marshmallow schema and
calls the same service the web pages call (``core.messaging.service`` for sending, the directory
finder, ``core.referrals.service``).
"""

from types import SimpleNamespace

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import g, jsonify, request
from flask_smorest import Blueprint, abort
from marshmallow import RAISE
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from core.api import idempotency, schemas
from core.api.auth import audit, note_crime, requires
from core.api.paging import page
from core.api.problems import handle_http_exception, problem
from core.directory import signposting
from core.directory.finder import find, service_by_key
from core.directory.hsds import to_hsds
from core.messaging.service import SendInvalid, prepare, queue
from core.models.messages import Message
from core.models.records import RecordsEntry
from core.records.references import normalise_reference
from core.referrals import service as referrals
from core.web.access import current_mad

blueprint = Blueprint("api_v1", __name__, url_prefix="/api/v1",
                      description="The MaD Toolkit's REST API for records systems and partners' case systems.")
SECURITY = [{"bearer": []}]
IDEMPOTENCY_HEADER = {"in": "header", "name": "Idempotency-Key", "required": False,
                      "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                      "description": "Any unique string (a UUID). A replay with the same body returns the first "
                                     "answer and sends nothing; a different body under the same key is 409."}
# By code as well as by class: the app's own handlers for 404, 500... would otherwise win inside /api/v1/.
for _code in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500):
    blueprint.register_error_handler(_code, handle_http_exception)
blueprint.register_error_handler(HTTPException, handle_http_exception)
blueprint.after_request(audit)

PROBLEM = {"description": "Problem details (RFC 9457)",
           "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _field_schema(template):
    """JSON Schema of a template's personalisation fields (from its marshmallow schema)."""
    spec = APISpec("fields", "1", "3.1.0", plugins=[MarshmallowPlugin()])
    converter = spec.plugins[0].converter
    return converter.schema2jsonschema(template.fields)


def _template_answer(template):
    return {"id": template.id, "title": template.title, "description": template.description,
            "channels": list(template.channels), "fields_schema": _field_schema(template)}


def _offered_templates():
    return sorted((t for t in current_mad().templates.values() if t.offered), key=lambda t: t.id)


@blueprint.route("/templates")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "422": PROBLEM})
@requires("read:templates")
@blueprint.arguments(schemas.PageQuerySchema, location="query", as_kwargs=True, unknown=RAISE)
@blueprint.response(200, schemas.TemplatePageSchema)
def templates(cursor, limit):
    """The message templates a partner can send, with their personalisation fields' JSON Schema."""
    items, next_cursor = page(_offered_templates(), cursor, limit)
    return {"items": [_template_answer(t) for t in items], "next_cursor": next_cursor}


@blueprint.route("/templates/<template_id>")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "404": PROBLEM})
@requires("read:templates")
@blueprint.response(200, schemas.TemplateSchema)
def template(template_id):
    """One template, with the JSON Schema of its fields."""
    found = current_mad().templates.get(template_id)
    if found is None or not found.offered:
        abort(404, message=f"There is no template {template_id!r}: GET /api/v1/templates lists them.")
    return _template_answer(found)


def _actor(token):
    """Who the chronology names as sending: the token's name (it is not a user)."""
    return SimpleNamespace(id=None, display_name=f"API: {token.name}")


@blueprint.route("/messages", methods=["POST"])
@blueprint.doc(security=SECURITY, parameters=[IDEMPOTENCY_HEADER],
               responses={"default": PROBLEM, "200": {"description": "A replay: the first answer under this Idempotency-Key"},
                          "401": PROBLEM, "403": PROBLEM, "409": PROBLEM, "422": PROBLEM})
@requires("send")
@blueprint.arguments(schemas.SendSchema)
@blueprint.response(201, schemas.MessageSchema)
def send(body):
    """Send an update or signposting to a victim (stored, then delivered; its status is read by id)."""
    mad = current_mad()
    token = g.api_token
    note_crime(normalise_reference(body["crime_reference"]))
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key) <= 255):
        abort(422, messages={"headers": {"Idempotency-Key": ["Give a key of 1 to 255 characters (a UUID is best)"]}})
    if key is not None:
        try:
            first = idempotency.claim(mad, token.id, key, idempotency.request_hash(body))
        except idempotency.KeyConflict as exc:
            return problem(409, str(exc))
        if first is not None:
            _status, answer = first
            replay = jsonify(answer)
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
    payload = {"template_id": body["template_id"], "crime_reference": body["crime_reference"],
               "kind": body["kind"], "recipient": body["recipient"], "locale": body["locale"],
               "fields": {k: v for k, v in body["fields_values"].items() if v not in ("", None)},
               "idempotency_key": idempotency.message_key(token.id, key) if key else None}
    try:
        prepared = prepare(mad, payload)
    except SendInvalid as exc:
        if key is not None:
            idempotency.release(mad, token.id, key)
        errors = [{"field": name, "detail": text} for name, texts in exc.errors.items()
                  for text in (texts if isinstance(texts, list) else [texts])]
        return problem(422, "Correct the fields listed in errors and send the request again.", errors)
    except Exception:
        if key is not None:
            idempotency.release(mad, token.id, key)
        raise
    prepared = signposting.attach_leaflets(mad, prepared, body.get("service"))
    message, _created = queue(mad, prepared, _actor(token))
    if key is not None:
        idempotency.finish(mad, token.id, key, 201, schemas.MessageSchema().dump(message))
    return message


@blueprint.route("/messages/<message_id>")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "404": PROBLEM})
@requires("read:status")
@blueprint.response(200, schemas.MessageSchema)
def message_status(message_id):
    """Where a message is: queued, sending, sent, delivered or failed (with the reason)."""
    with current_mad().session() as session:
        message = session.scalar(select(Message).where(Message.id == message_id))
        if message is None:
            abort(404, message=f"There is no message {message_id!r}: use the id the send answered with.")
        note_crime(message.crime_reference)
        return message


@blueprint.route("/crimes/<path:reference>/messages")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "422": PROBLEM})
@requires("read:status")
@blueprint.arguments(schemas.PageQuerySchema, location="query", as_kwargs=True, unknown=RAISE)
@blueprint.response(200, schemas.MessagePageSchema)
def crime_messages(reference, cursor, limit):
    """The messages sent on a crime, oldest first."""
    reference = normalise_reference(reference)
    note_crime(reference)
    with current_mad().session() as session:
        rows = session.scalars(select(Message).where(Message.crime_reference == reference)
                               .order_by(Message.created_at, Message.id)).all()
        items, next_cursor = page(rows, cursor, limit)
        return {"items": items, "next_cursor": next_cursor}


@blueprint.route("/crimes/<path:reference>/chronology")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "422": PROBLEM})
@requires("read:chronology")
@blueprint.arguments(schemas.PageQuerySchema, location="query", as_kwargs=True, unknown=RAISE)
@blueprint.response(200, schemas.ChronologyPageSchema)
def crime_chronology(reference, cursor, limit):
    """The chronology entries made on a crime (what the records system is given), oldest first.

    Needs the ``read:chronology`` scope, not ``read:status``: entries carry the words sent to the
    victim, which a partner reading delivery statuses never needs.
    """
    reference = normalise_reference(reference)
    note_crime(reference)
    with current_mad().session() as session:
        rows = session.scalars(select(RecordsEntry).where(RecordsEntry.crime_reference == reference)
                               .order_by(RecordsEntry.created_at, RecordsEntry.id)).all()
        items, next_cursor = page(rows, cursor, limit)
        return {"items": items, "next_cursor": next_cursor}


@blueprint.route("/services")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "422": PROBLEM})
@requires("read:directory")
@blueprint.arguments(schemas.ServiceQuerySchema, location="query", as_kwargs=True, unknown=RAISE)
@blueprint.response(200, schemas.HsdsPageSchema)
def services(q, need, district, cursor, limit):
    """Support services in the HSDS 3.0 shape (the toolkit as an Open Referral feed), searched by words."""
    found = find(current_mad(), query=q, need=need, district=district, limit=None)
    items, next_cursor = page([record for record, _score in found.results], cursor, limit)
    contents = [to_hsds(record) for record in items]
    return {"total_items": len(found.results), "size": len(contents), "contents": contents,
            "next_cursor": next_cursor}


@blueprint.route("/services/<provider>/<service_id>")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "404": PROBLEM})
@requires("read:directory")
@blueprint.response(200, schemas.HsdsServiceSchema)
def service(provider, service_id):
    """One service in the HSDS 3.0 shape."""
    record = service_by_key(current_mad(), f"{provider}/{service_id}")
    if record is None:
        abort(404, message=f"There is no service {provider}/{service_id}: GET /api/v1/services lists them.")
    return to_hsds(record)


def _referral_answer(referral):
    answer = {name: getattr(referral, name) for name in ("id", "type_name", "crime_reference", "district", "summary",
                                                         "due_at", "created_at")}
    answer["notifications"] = [{"recipient_name": n.recipient_name, "recipient_kind": n.recipient_kind,
                                "message_id": n.message_id, "status": n.message.status}
                               for n in referral.notifications]
    return answer


@blueprint.route("/crimes/<path:reference>/referrals")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "422": PROBLEM})
@requires("read:referrals")
@blueprint.arguments(schemas.PageQuerySchema, location="query", as_kwargs=True, unknown=RAISE)
@blueprint.response(200, schemas.ReferralPageSchema)
def crime_referrals(reference, cursor, limit):
    """The referrals made on a crime (for example Operation Encompass), newest first, with each recipient's status."""
    reference = normalise_reference(reference)
    note_crime(reference)
    items, next_cursor = page(referrals.on_crime(current_mad(), reference), cursor, limit)
    return {"items": [_referral_answer(r) for r in items], "next_cursor": next_cursor}


@blueprint.route("/referrals/<referral_id>")
@blueprint.doc(security=SECURITY, responses={"default": PROBLEM, "401": PROBLEM, "403": PROBLEM, "404": PROBLEM})
@requires("read:referrals")
@blueprint.response(200, schemas.ReferralSchema)
def referral(referral_id):
    """One referral, with each recipient's delivery status."""
    found = referrals.get(current_mad(), referral_id)
    if found is None:
        abort(404, message=f"There is no referral {referral_id!r}.")
    note_crime(found.crime_reference)
    return _referral_answer(found)
