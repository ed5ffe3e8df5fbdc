"""Helpers that act as an officer would on the real pages."""

from core.testing import csrf_from

SMS_UPDATE = {
    "crime_reference": "06/123456/26",
    "kind": "sms",
    "recipient": "07700 900123",
    "locale": "en",
    "field__officer_name": "PC 1234 Jones",
}


def compose_form(client, template_id):
    """Open the compose page; return ``(html, hidden idempotency key, csrf token)``."""
    html = client.get(f"/updates/new/{template_id}").get_data(as_text=True)
    key = html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    return html, key, csrf_from(html)


def preview(client, template_id, values):
    """Fill the compose form with ``values`` and press Preview; return the response."""
    _html, key, token = compose_form(client, template_id)
    data = {"idempotency_key": key, "csrf_token": token, "action": "preview", **values}
    return client.post(f"/updates/new/{template_id}", data=data)


def preview_and_send(client, template_id, values):
    """Preview, then press Send with exactly what the preview page carries; return the send response."""
    page = preview(client, template_id, values)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(f"/updates/send/{template_id}", data=hidden_fields(page.get_data(as_text=True)))


def hidden_fields(html):
    """Every hidden input of the send form, as the browser would post them."""
    import re

    form = html.split('action="/updates/send/', 1)[1]
    form = form.split("</form>", 1)[0]
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    from html import unescape

    return {name: unescape(value) for name, value in pairs}
