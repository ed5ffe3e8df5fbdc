"""The Procfile, run by honcho as a force would: migrations, gunicorn, a Celery worker and beat.

One test starts the whole stack on loopback against PostgreSQL (``MAD_TEST_POSTGRES_URL``) and its
own redis-server, checks ``/healthz``, and has an officer sign in and send a signposting email
through the web pages; the email must reach the test's SMTP server once. ``benchmarks/load.py``
starts the same stack (see ``tests/procfile_stack.py``).
"""

import shutil
import time

import pytest
import requests

from core.testing import postgres_url
from tests.plugins.email_smtp.smtp_server import SmtpServer
from tests.procfile_stack import OfficerJourney, ProcfileStack


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The Procfile stack with one web worker, one Celery worker and beat, and an SMTP server."""
    pg = postgres_url()
    if not pg:
        pytest.skip("MAD_TEST_POSTGRES_URL is not set: the Procfile stack runs on PostgreSQL")
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed: the Procfile test starts its own Redis as the broker")
    smtp = SmtpServer().start()
    running = ProcfileStack(tmp_path_factory.mktemp("procfile"), pg, smtp.port, web_workers=1, web_threads=4,
                            workers=1, worker_threads=2)
    try:
        running.start()
        yield running, smtp
    finally:
        running.stop()
        smtp.stop()


@pytest.mark.timeout(120)
def test_the_procfile_stack_migrates_serves_and_delivers_an_officers_email(stack):
    running, smtp = stack
    health = requests.get(running.url + "/healthz", timeout=5)
    assert health.status_code == 200
    assert health.json()["dispatcher"]["mode"] == "celery"
    assert health.json()["dispatcher"]["broker"]["state"] == "ok"

    [email] = running.seed(officers=1, password="procfile-password-1")
    officer = OfficerJourney(requests.Session(), running.url)
    officer.sign_in(email, "procfile-password-1")
    message_id, _sent = officer.send_update(3, kind="email")

    deadline = time.monotonic() + 15
    while not smtp.handler.received and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # a second copy, if the stack doubled it, would arrive right behind the first
    ids = smtp.handler.message_ids()
    assert len(ids) == 1, f"expected one email at the SMTP server, got {len(ids)}"
    assert ids[0].startswith(f"<{message_id}@")
    assert smtp.handler.received[0]["rcpt_tos"] == ["victim003@example.org"]
