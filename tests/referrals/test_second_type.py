"""A second referral type, brought by a tiny plugin, works with no change to the core."""

from marshmallow import Schema, fields, validate

from core import hookimpl
from core.constants import MessageStatus
from core.messaging.outbox import deliver
from core.models import AccessRecord
from core.referrals import service
from core.testing import csrf_from
from core.toolkit import T_, MessageTemplate, Notification, Recipient, ReferralType

FORM = """{% extends "referrals/form_base.html" %}
{% from "referrals/macros.html" import input %}
{% block fields %}
{{ input("crime_reference", "Crime reference", values, errors) }}
{{ input("need", "What the victim needs", values, errors) }}
<button type="submit" class="govuk-button">Refer</button>
{% endblock %}"""


class HousingSchema(Schema):
    crime_reference = fields.String(required=True)
    need = fields.String(required=True, validate=validate.Length(min=3, error="Say what the victim needs"))


class Fields(Schema):
    need = fields.String()


HOUSING_EMAIL = MessageTemplate(id="housing_referral", title="Housing referral", description="", fields=Fields,
                                email_subject=T_("Housing referral %(crime_reference)s"),
                                email_body=T_("A victim needs: %(need)s"), offered=False)


class HousingReferral(ReferralType):
    name = "housing"
    title = "Refer to housing"
    form_template = "housing/form.html"

    def __init__(self, folder):
        self.template_folder = folder

    def schema(self, mad):
        return HousingSchema()

    def recipients(self, mad, data):
        return [Recipient(key="housing", kind="partner", name="Demo Housing Options", email="housing@example.org")]

    def notification(self, mad, data, recipient, context):
        return Notification(template_id="housing_referral", fields={"need": data["need"]},
                            records_text=f"Referred to {recipient.name} by {context['officer']}.")


class HousingPlugin:
    name = "housing_plugin"

    def __init__(self, folder):
        self.folder = folder

    @hookimpl
    def register_referral_types(self, mad):
        return [HousingReferral(self.folder)]

    @hookimpl
    def register_templates(self, mad):
        return [HOUSING_EMAIL]


def test_register_referral_types_a_plugin_adds_a_referral_type_with_its_own_form_and_delivery(make_mad_app, signed_in, tmp_path):
    (tmp_path / "housing").mkdir()
    (tmp_path / "housing" / "form.html").write_text(FORM)
    app = make_mad_app(plugins=[HousingPlugin(tmp_path)])
    client, _ = signed_in(app)
    crime = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "Refer to housing" in crime
    page = client.get("/referrals/new/housing?reference=06/123456/26").get_data(as_text=True)
    assert 'value="06/123456/26"' in page
    token = csrf_from(page)
    refused = client.post("/referrals/new/housing", data={"csrf_token": token, "crime_reference": "06/123456/26",
                                                           "need": "x"})
    assert refused.status_code == 400 and "Say what the victim needs" in refused.get_data(as_text=True)
    sent = client.post("/referrals/new/housing", data={"csrf_token": token, "crime_reference": "06/123456/26",
                                                        "need": "emergency accommodation", "idempotency_key": "k" * 16})
    assert sent.status_code == 302
    assert client.get(sent.location).status_code == 200
    mad = app.extensions["mad"]
    with mad.session() as session:  # the look at the referral is in the access audit
        assert [(r.what, r.crime_reference) for r in session.query(AccessRecord)] == [
            ("crime page", "06/123456/26"), ("referral", "06/123456/26")]
    referral = service.on_crime(mad, "06/123456/26")[0]
    message = referral.notifications[0].message
    assert (message.recipient, message.subject) == ("housing@example.org", "Housing referral 06/123456/26")
    assert deliver(mad, message.id)
    assert service.get(mad, referral.id).notifications[0].message.status == MessageStatus.SENT
    # The housing email is the toolkit's own wording: officers never pick it from "Update a victim".
    assert "Housing referral" not in client.get("/updates/new").get_data(as_text=True)
