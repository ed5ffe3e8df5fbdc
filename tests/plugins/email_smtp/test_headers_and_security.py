"""No header injection through any field; STARTTLS, implicit TLS and login against a real server; settings."""

import dataclasses
import ssl

import pytest
from aiosmtpd.smtp import AuthResult

from core.messaging.service import prepare, queue
from core.plugins import PluginError
from core.toolkit import Attachment
from tests.plugins.email_smtp.conftest import EMAIL_REQUEST, send_email, smtp_settings
from tests.plugins.email_smtp.smtp_server import SmtpServer, self_signed_certificate

INJECTED = "Testshire Police\r\nBcc: attacker@example.com\r\n"


def test_line_breaks_in_subject_names_and_filenames_add_no_header(make_mad_app, smtp_server, make_user):
    settings = smtp_settings(smtp_server, from_name="Updates\nBcc: attacker@example.com", reply_to_officer=True)
    app = make_mad_app(enabled=["email_smtp"], settings={"email_smtp": settings}, name=INJECTED)
    mad = app.extensions["mad"]
    officer, _ = make_user(app, display_name="PC Jones\r\nBcc: attacker@example.com", email="pc.jones@example.org")
    prepared = dataclasses.replace(prepare(mad, EMAIL_REQUEST), attachments=(
        Attachment("leaflet.pdf\r\nBcc: attacker@example.com", "application/pdf", b"%PDF-1.4"),))
    queue(mad, prepared, officer)

    mad.dispatcher.drain()

    [arrived] = smtp_server.handler.received
    email, head = arrived["message"], arrived["raw"].split(b"\r\n\r\n", 1)[0]
    assert arrived["rcpt_tos"] == ["victim@example.org"]
    assert email["Bcc"] is None and b"\nBcc:" not in head  # (the body may say it: that is text, not a header)
    assert [name for name, _ in email.items()] == ["From", "To", "Reply-To", "Subject", "Date", "Message-ID",
                                                    "MIME-Version", "Content-Type", "Content-Language"]
    assert "\n" not in email["Subject"] and email["Subject"].startswith("Testshire Police Bcc: attacker@example.com")
    assert email["From"].addresses[0].addr_spec == "updates@example.org"
    assert email["From"].addresses[0].display_name == "Updates Bcc: attacker@example.com"
    assert email["Reply-To"].addresses[0].addr_spec == "pc.jones@example.org"  # the officer who sent it
    assert email["Reply-To"].addresses[0].display_name == "PC Jones Bcc: attacker@example.com"
    [part] = list(email.iter_attachments())
    assert part.get_filename() == "leaflet.pdf Bcc: attacker@example.com"
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))


def test_reply_to_is_the_team_mailbox_unless_officer_replies_are_enabled(email_app, smtp_server, make_user):
    app = email_app()
    officer, _ = make_user(app, email="pc.jones@example.org")
    send_email(app.extensions["mad"], user=officer)
    app.extensions["mad"].dispatcher.drain()
    assert smtp_server.handler.received[0]["message"]["Reply-To"] == "victim-care@example.org"


@pytest.fixture
def certificate(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


def accept_one_login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"mad-toolkit" and auth_data.password == b"s3cret-from-env"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.mark.parametrize("security", ["starttls", "tls"])
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd counts only STARTTLS
def test_tls_and_login_with_the_password_from_the_environment(make_mad_app, certificate, monkeypatch, security):
    cert, context = certificate
    server = SmtpServer(tls_context=context, implicit_tls=security == "tls", authenticator=accept_one_login).start()
    monkeypatch.setenv("MAD_TEST_SMTP_PASSWORD", "s3cret-from-env")
    try:
        settings = {"host": "localhost", "port": server.port, "security": security, "ca_file": str(cert),
                    "username": "mad-toolkit", "password": {"$env": "MAD_TEST_SMTP_PASSWORD"},
                    "from_address": "updates@example.org", "timeout_seconds": 5}
        mad = make_mad_app(enabled=["email_smtp"], settings={"email_smtp": settings}).extensions["mad"]
        message_id = send_email(mad)
        mad.dispatcher.drain()
        assert server.handler.message_ids() == [f"<{message_id}@example.org>"]
    finally:
        server.stop()


def test_a_wrong_password_is_retried_not_failed_and_says_what_to_fix(make_mad_app, certificate, monkeypatch):
    cert, context = certificate
    server = SmtpServer(tls_context=context, authenticator=accept_one_login).start()
    monkeypatch.setenv("MAD_TEST_SMTP_PASSWORD", "wrong")
    try:
        settings = {"host": "localhost", "port": server.port, "ca_file": str(cert), "username": "mad-toolkit",
                    "password": {"$env": "MAD_TEST_SMTP_PASSWORD"}, "from_address": "updates@example.org",
                    "timeout_seconds": 5}
        mad = make_mad_app(enabled=["email_smtp"], settings={"email_smtp": settings}).extensions["mad"]
        send_email(mad)
        mad.dispatcher.run_once()
        with mad.session() as session:
            from core.models import Message
            [stored] = session.query(Message).all()
        assert stored.status == "queued" and "username and password" in stored.failure_reason
        assert server.handler.received == []
    finally:
        server.stop()


@pytest.mark.parametrize("changes, key, words", [
    ({"host": "smtp.example.org", "security": "none"}, "security", "unencrypted"),
    ({"username": "mad", "password": None, "security": "starttls"}, "password", "$env"),
    ({"from_address": "not an address"}, "from_address", "email"),
    ({"security": "ssl"}, "security", "starttls"),
])
def test_bad_settings_stop_start_up_with_what_to_fix(make_mad_app, smtp_server, changes, key, words):
    with pytest.raises(PluginError) as error:
        make_mad_app(enabled=["email_smtp"], settings={"email_smtp": smtp_settings(smtp_server, **changes)})
    assert f"setting {key!r}" in str(error.value) and words in str(error.value).lower().replace("$env", "$env")
