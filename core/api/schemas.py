"""The API's marshmallow schemas: what each call takes and answers (the OpenAPI is generated from these)."""

from marshmallow import Schema, fields, validate

from core.api.paging import CURSOR_PATTERN

REFERENCE_HELP = "The crime reference, as the force writes it (for example 06/123456/26)."


class PageQuerySchema(Schema):
    cursor = fields.String(load_default=None, validate=validate.Regexp(
        CURSOR_PATTERN, error="This cursor was not made by this API: pass the next_cursor of the previous page "
                              "unchanged, or leave it out for the first page"),
        metadata={"description": "The next_cursor of the previous page."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200),
                           metadata={"description": "How many items per page (1 to 200)."})


class PageSchema(Schema):
    next_cursor = fields.String(allow_none=True, metadata={
        "description": "Pass as ?cursor= to get the next page; null on the last page."})


class TemplateSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    channels = fields.List(fields.String(), metadata={"description": "sms and/or email"})
    fields_schema = fields.Dict(data_key="fields", metadata={
        "description": "JSON Schema of the personalisation fields this template takes."})


class TemplatePageSchema(PageSchema):
    items = fields.List(fields.Nested(TemplateSchema))


def _required(what):
    return {"required": f"Give {what}", "null": f"Give {what}, not null"}


class SendSchema(Schema):
    template_id = fields.String(required=True, validate=validate.Length(min=1, max=64),
                                error_messages=_required("the template's id, from GET /api/v1/templates"),
                                metadata={"description": "A template id from GET /api/v1/templates."})
    crime_reference = fields.String(required=True, validate=validate.Length(min=1, max=40),
                                    error_messages=_required("the crime reference, like 06/123456/26"),
                                    metadata={"description": REFERENCE_HELP})
    kind = fields.String(required=True, error_messages=_required("the kind: sms or email"),
                         validate=validate.OneOf(["sms", "email"], error="Give sms or email"),
                         metadata={"description": "sms or email (one of the template's channels)."})
    recipient = fields.String(required=True, validate=validate.Length(min=1, max=254),
                              error_messages=_required("the victim's mobile number (for sms) or email address"),
                              metadata={"description": "The victim's UK mobile number or email address."})
    locale = fields.String(required=True, validate=validate.Length(min=2, max=16),
                           error_messages=_required("the victim's language code, like en or cy"),
                           metadata={"description": "The victim's language, one the force offers (for example en, cy)."})
    fields_values = fields.Dict(keys=fields.String(), values=fields.Raw(), data_key="fields", load_default=dict,
                                metadata={"description": "The template's personalisation fields."})
    service = fields.String(load_default=None, validate=validate.Length(max=300),
                            metadata={"description": "For signposting by email: the service's key (provider/id), "
                                                     "whose leaflets are attached."})


class MessageSchema(Schema):
    id = fields.String(required=True)
    crime_reference = fields.String()
    template_id = fields.String()
    kind = fields.String()
    channel = fields.String()
    locale = fields.String()
    status = fields.String(metadata={"description": "queued, sending, sent, delivered or failed"})
    failure_reason = fields.String(allow_none=True)
    attempts = fields.Integer()
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    failed_at = fields.DateTime(allow_none=True)


class MessagePageSchema(PageSchema):
    items = fields.List(fields.Nested(MessageSchema))


class ChronologyEntrySchema(Schema):
    id = fields.String()
    entry_type = fields.String()
    text = fields.String()
    english_text = fields.String(allow_none=True)
    author = fields.String()
    message_id = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ChronologyPageSchema(PageSchema):
    items = fields.List(fields.Nested(ChronologyEntrySchema))


class ServiceQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200), metadata={"description": "Words to search for."})
    need = fields.String(load_default=None, validate=validate.Length(max=64))
    district = fields.String(load_default=None, validate=validate.Length(max=120))


class HsdsServiceSchema(Schema):
    """An HSDS 3.0 service (organisation, phones, contacts, locations...) as the toolkit exports it."""

    class Meta:
        unknown = "include"

    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    status = fields.String()


class HsdsPageSchema(Schema):
    """An HSDS 3.0 ``/services`` page, with the toolkit's cursor for the next page."""

    total_items = fields.Integer()
    size = fields.Integer()
    contents = fields.List(fields.Dict())
    next_cursor = fields.String(allow_none=True)


class NotificationSchema(Schema):
    recipient_name = fields.String()
    recipient_kind = fields.String()
    message_id = fields.String()
    status = fields.String()


class ReferralSchema(Schema):
    id = fields.String()
    type_name = fields.String()
    crime_reference = fields.String()
    district = fields.String(allow_none=True)
    summary = fields.String()
    due_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    notifications = fields.List(fields.Nested(NotificationSchema))


class ReferralPageSchema(PageSchema):
    items = fields.List(fields.Nested(ReferralSchema))
