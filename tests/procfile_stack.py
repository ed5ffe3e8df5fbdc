"""The force-scale stack of the ``Procfile``, started by honcho on loopback, and an officer's journey.

Used by ``tests/test_procfile.py`` and ``benchmarks/load.py``: :class:`ProcfileStack` starts its
own ``redis-server`` (the broker), makes a PostgreSQL schema (from ``MAD_TEST_POSTGRES_URL``),
writes an instance folder whose channels point at the caller's SMTP server and Twilio stand-in,
and runs ``honcho start`` on the project's Procfile (migrations, gunicorn, Celery workers, beat).
:class:`OfficerJourney` does what an officer does in a browser (sign in with the form's CSRF token,
search the directory, open a service, compose, preview, send) over any ``requests.Session``,
including Locust's.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "procfile-stack-secret-" + "x" * 32
TWILIO_ACCOUNT = "AC" + "0123456789abcdef" * 2
TWILIO_TOKEN = "procfile-stack-auth-token-0123456789"
TWILIO_SERVICE = "MG" + "fedcba9876543210" * 2
DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]

MAD_TOML = '''
[force]
name = "Testshire Police"
districts = {districts}
locales = ["en", "cy"]
crime_reference_pattern = '^[0-9]{{2}}/[0-9]{{5,6}}/[0-9]{{2}}$'
crime_reference_example = "06/123456/26"

[plugins]
enabled = {enabled}

[plugins.email_smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
from_address = "updates@example.org"
from_name = "Testshire Police"
reply_to = "victim-care@example.org"
{twilio}
[dispatcher]
mode = "celery"
queue = "{queue}"
sweep_seconds = 1.0
backoff_seconds = 0.5
prefetch = 4
'''

TWILIO_TOML = '''
[plugins.sms_twilio]
account_sid = "{account}"
auth_token = {{ "$env" = "MAD_STACK_TWILIO_TOKEN" }}
messaging_service_sid = "{service}"
public_base_url = "https://mad.example.org"
api_base_url = "{url}"
messages_per_second = 10000

[channels]
sms = "sms_twilio"
'''


def free_port():
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, log, timeout=20.0):
    """Poll until something listens on loopback ``port``; raise with ``log``'s tail if ``process`` ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process ended early:\n{Path(log).read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:g} s")


class RedisServer:
    """A throwaway ``redis-server`` on a loopback port, without persistence."""

    def __init__(self, folder, port):
        self.folder, self.port, self.process = Path(folder), port, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        log = self.folder / "redis.log"
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.folder), "--logfile", str(log)]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        log.touch()
        wait_for_port(self.port, self.process, log)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class ProcfileStack:
    """``honcho start`` on the project's Procfile against PostgreSQL and a private Redis.

    ``web_workers`` gunicorn workers (``WEB_CONCURRENCY``) with ``web_threads`` threads each,
    ``workers`` Celery worker processes (``honcho start -c worker=N``) with ``worker_threads``
    threads each, and beat. The web process applies the migrations to the empty schema first.
    """

    def __init__(self, folder, postgres_url, smtp_port, twilio_url=None, base_port=None, web_workers=2,
                 web_threads=4, workers=1, worker_threads=4):
        self.folder = Path(folder)
        self.postgres_url, self.smtp_port, self.twilio_url = postgres_url, smtp_port, twilio_url
        self.base_port = base_port or free_port()  # honcho's PORT for web.1 (MAD_BIND below decides)
        self.web_port = free_port()
        self.web_workers, self.web_threads = web_workers, web_threads
        self.workers, self.worker_threads = workers, worker_threads
        self.instance = self.folder / "instance"
        self.queue = f"mad-stack-{uuid.uuid4().hex[:8]}"
        self.redis = RedisServer(self.folder, free_port())
        self.honcho = None
        self.schemas = None
        self.db = None
        self.env = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.web_port}"

    def write_instance(self):
        """The instance folder: mad.toml with email (and SMS when there is a stand-in) in celery mode."""
        self.instance.mkdir(parents=True, exist_ok=True)
        enabled = ["email_smtp"] + (["sms_twilio"] if self.twilio_url else [])
        twilio = TWILIO_TOML.format(account=TWILIO_ACCOUNT, service=TWILIO_SERVICE, url=self.twilio_url) \
            if self.twilio_url else ""
        (self.instance / "mad.toml").write_text(MAD_TOML.format(
            districts=str(DISTRICTS).replace("'", '"'), enabled=str(enabled).replace("'", '"'),
            smtp_port=self.smtp_port, twilio=twilio, queue=self.queue))

    def start(self, timeout=90.0):
        """Start Redis and honcho; return once ``/healthz`` answers 200 with the workers' broker ok."""
        from core.testing import PostgresSchemas

        self.write_instance()
        self.schemas = PostgresSchemas(self.postgres_url)
        self.redis.start()
        self.env = {**os.environ, "MAD_INSTANCE": str(self.instance), "MAD_SECRET_KEY": SECRET,
                    "MAD_DATABASE_URL": self.schemas.new_url(), "MAD_BROKER_URL": self.redis.url,
                    "MAD_STACK_TWILIO_TOKEN": TWILIO_TOKEN, "MAD_BIND": f"127.0.0.1:{self.web_port}",
                    "WEB_CONCURRENCY": str(self.web_workers), "MAD_WEB_THREADS": str(self.web_threads),
                    "MAD_WORKER_THREADS": str(self.worker_threads), "PYTHONUNBUFFERED": "1",
                    "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")])}
        self.env.pop("MAD_ENCRYPTION_KEYS", None)
        log = self.folder / "honcho.log"
        no_env_file = self.folder / "empty.env"  # never a developer's own .env beside the Procfile
        no_env_file.touch()
        argv = [str(BIN / "honcho"), "start", "--procfile", str(PROJECT / "Procfile"), "--app-root", str(PROJECT),
                "--env", str(no_env_file),
                "--no-colour", "--port", str(self.base_port), "--concurrency", f"worker={self.workers}",
                "web", "worker", "beat"]
        with log.open("wb") as out:
            self.honcho = subprocess.Popen(argv, env=self.env, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT,
                                           start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.honcho.poll() is not None:
                raise RuntimeError(f"honcho stopped:\n{self.log_tail()}")
            try:
                answer = requests.get(self.url + "/healthz", timeout=2)
                if answer.status_code == 200 and answer.json()["dispatcher"]["broker"]["state"] == "ok" \
                        and self.workers_ready():
                    return self
            except (requests.RequestException, KeyError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the stack did not answer /healthz within {timeout:g} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def workers_ready(self):
        """True once every Celery worker process has said it is ready (in honcho's log)."""
        return (self.folder / "honcho.log").read_bytes().count(b" ready.") >= self.workers

    def log_tail(self, chars=4000):
        return (self.folder / "honcho.log").read_text(errors="replace")[-chars:]

    def database(self):
        """This process's own connection to the stack's database (to seed it and read outcomes)."""
        if self.db is None:
            from core.config import load_config
            from core.crypto import Keyring
            from core.db import Database

            config = load_config(self.instance, environ=self.env)
            self.db = Database(config.database_url, keyring=Keyring(config.encryption_keys, config.secret_key))
        return self.db

    def seed(self, officers=1, password="load-test-password-1"):
        """The demo directory and ``officers`` officer accounts sharing one password (hashed once).

        Returns the officers' email addresses (``officer0001@example.org``...).
        """
        from werkzeug.security import generate_password_hash

        from core.directory.demo import load_demo_services
        from core.models.people import User

        hashed = generate_password_hash(password)
        emails = [f"officer{i:04d}@example.org" for i in range(1, officers + 1)]
        with self.database().session() as session:
            load_demo_services(session, DISTRICTS)
            session.add_all([User(email=email, display_name=f"PC {1000 + i} Officer {i}", role="officer",
                                  password_hash=hashed, team="Response North", district="Northtown")
                             for i, email in enumerate(emails, start=1)])
        return emails

    def stop(self):
        """Stop honcho (it stops gunicorn, the workers and beat), Redis, and drop the schema."""
        try:
            if self.honcho is not None and self.honcho.poll() is None:
                self.honcho.send_signal(signal.SIGTERM)
                try:
                    self.honcho.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(self.honcho.pid, signal.SIGKILL)
                    self.honcho.wait(5)
        finally:
            if self.db is not None:
                self.db.engine.dispose()
            self.redis.stop()
            if self.schemas is not None:
                self.schemas.drop_all()


def form_values(page, action):
    """The fields a browser would post from the form on ``page`` (a response) posting to ``action``.

    Hidden and text inputs with their values, checked radios and checkboxes, the selected option of
    each select. Parsed with lxml (which zeep already brings); a form without an action posts to
    the page's own address.
    """
    from lxml import html as lxml_html

    document = lxml_html.fromstring(page.text)
    for form in document.forms:
        target = form.get("action") or urlsplit(page.url).path
        if target.split("?")[0].endswith(action):
            return dict(form.form_values())
    raise AssertionError(f"no form posting to {action} on the page")


def links(html, pattern):
    """Every link on the page whose href matches ``pattern`` (a compiled regex), in order."""
    return [m.group(0) for m in pattern.finditer(html)]


SERVICE_LINK = re.compile(r"/directory/services/[^\"'?#/]+/[^\"'?#/]+")
SEND_TO_VICTIM = re.compile(r'href="([^"]*/updates/new/signposting\?[^"]*)"')
STATUS_PATH = re.compile(r"/updates/([0-9a-f-]{36})$")


class OfficerJourney:
    """What an officer does in the browser, over ``session`` (a requests.Session or Locust's HttpSession).

    ``named`` passes Locust's ``name=`` so each step is counted under its own name.
    """

    SEARCHES = ("domestic abuse", "fraud", "hate crime", "burglary", "stalking", "young people", "bereaved")

    def __init__(self, session, base_url, named=False):
        self.session, self.base, self.named = session, base_url.rstrip("/"), named

    def _call(self, method, path, name, **kwargs):
        if self.named:
            kwargs["name"] = name
        kwargs.setdefault("timeout", 30)
        answer = self.session.request(method, urljoin(self.base + "/", path.lstrip("/")), **kwargs)
        answer.raise_for_status()
        return answer

    def sign_in(self, email, password):
        """GET the sign-in page for its CSRF token, then POST the form; raises unless signed in."""
        page = self._call("GET", "/sign-in", "sign-in page")
        fields = form_values(page, "/sign-in")
        fields.update(email=email, password=password)
        answer = self._call("POST", "/sign-in", "sign in", data=fields)
        if "/sign-in" in answer.url:
            raise AssertionError(f"sign-in refused for {email}")

    def send_update(self, number, kind="email", service_index=0, pause=lambda: None):
        """Search, open a service, compose, preview and send a signposting update.

        ``number`` picks the search words, the crime reference and the fictional recipient;
        ``pause()`` is called between the steps (an officer's think time under Locust).
        Returns ``(message id, time.time() just before Send was posted)``.
        """
        words = self.SEARCHES[number % len(self.SEARCHES)]
        found = self._call("GET", "/directory/", "search directory", params={"q": words})
        services = list(dict.fromkeys(links(found.text, SERVICE_LINK)))
        if not services:
            raise AssertionError(f"the directory found nothing for {words!r}")
        pause()
        service = self._call("GET", services[service_index % len(services)], "open service")
        compose_url = SEND_TO_VICTIM.search(service.text).group(1).replace("&amp;", "&")
        pause()
        form = self._call("GET", compose_url, "compose")
        fields = form_values(form, "/updates/new/signposting")
        recipient = f"victim{number % 1000:03d}@example.org" if kind == "email" else f"07700 900{number % 1000:03d}"
        fields.update(crime_reference=f"06/{100000 + number % 900000}/26", kind=kind, recipient=recipient)
        fields.pop("action", None)
        pause()
        preview = self._call("POST", "/updates/new/signposting", "preview", data=fields)
        confirmed = form_values(preview, "/updates/send/signposting")
        pause()
        sent_at = time.time()
        status = self._call("POST", "/updates/send/signposting", "send", data=confirmed)
        match = STATUS_PATH.search(status.url.split("?")[0])
        if match is None:
            raise AssertionError(f"Send did not lead to the message's status page ({status.url})")
        return match.group(1), sent_at
