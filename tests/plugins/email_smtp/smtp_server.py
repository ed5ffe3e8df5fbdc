"""A real SMTP server on loopback (aiosmtpd) that records what arrives and answers as scripted."""

import socket
import subprocess
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingHandler:
    """Keeps every accepted message; ``rcpt_replies`` / ``data_replies`` script the next answers.

    A scripted data reply of ``"drop"`` keeps the message (the server has it) and closes the
    connection without answering: the ambiguous outcome a client cannot resolve.
    """

    def __init__(self):
        self.received = []
        self.rcpt_replies = []
        self.data_replies = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            reply = self.rcpt_replies.pop(0) if self.rcpt_replies else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            reply = self.data_replies.pop(0) if self.data_replies else None
        if reply and reply != "drop":
            return reply
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.received.append({"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                                  "peer": session.peer,
                                  "raw": envelope.original_content, "message": parsed})
        if reply == "drop":
            server.transport.close()
        return "250 Message accepted for delivery"

    def message_ids(self):
        with self.lock:
            return [r["message"]["Message-ID"] for r in self.received]


class SmtpServer:
    """Start, stop and restart one aiosmtpd server on a fixed loopback port."""

    def __init__(self, handler=None, port=None, tls_context=None, implicit_tls=False, authenticator=None):
        self.handler = handler or RecordingHandler()
        self.port = port or free_port()
        self.tls_context = tls_context
        self.implicit_tls = implicit_tls
        self.authenticator = authenticator
        self.controller = None

    def start(self):
        kwargs = {}
        if self.tls_context and not self.implicit_tls:
            kwargs.update(tls_context=self.tls_context, require_starttls=True)
        if self.implicit_tls:
            kwargs["ssl_context"] = self.tls_context
        if self.authenticator:
            kwargs.update(authenticator=self.authenticator, auth_required=True)
            # aiosmtpd counts only STARTTLS as TLS; on an implicit-TLS port the whole session is encrypted
            kwargs["auth_require_tls"] = not self.implicit_tls
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", enable_SMTPUTF8=True, **kwargs)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def self_signed_certificate(directory):
    """A certificate for ``localhost`` made with openssl; returns ``(cert_path, key_path)``."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key
