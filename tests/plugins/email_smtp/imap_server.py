"""A real IMAP server on loopback for the tests: pymap's in-memory backend in its own process.

pymap (on PyPI, tested against real IMAP clients) serves one mailbox user; tests put mail in the
mailbox the way a mail server would, with IMAP APPEND, and the toolkit reads it with imapclient.
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

from imapclient import IMAPClient

USER, PASSWORD = "victim-care@example.org", "imap-test-password-0123"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ImapServer:
    """Start with :meth:`start`, stop with :meth:`stop`; :meth:`deliver` puts an email in INBOX."""

    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        pymap = Path(sys.executable).with_name("pymap")
        self.process = subprocess.Popen(
            [str(pymap), "--host", "127.0.0.1", "--port", str(self.port), "--no-tls", "dict",
             "--demo-user", USER, "--demo-password", PASSWORD],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the pymap IMAP server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self):
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw):
        """Put ``raw`` (bytes of an email) into INBOX, unread."""
        with self.client() as client:
            client.append("INBOX", raw)

    def flags(self):
        """``{uid: flags}`` of every message in INBOX."""
        with self.client() as client:
            client.select_folder("INBOX")
            uids = client.search(["ALL"])
            return {uid: set(data[b"FLAGS"]) for uid, data in client.fetch(uids, ["FLAGS"]).items()} if uids else {}
