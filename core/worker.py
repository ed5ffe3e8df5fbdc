"""Celery workers: ``mad worker`` and the plain ``celery -A core.worker worker`` equivalent.

The instance folder comes from ``MAD_INSTANCE`` (or ``mad --instance``); the broker from
``MAD_BROKER_URL``; the database from ``MAD_DATABASE_URL``. Importing this module with
``celery -A core.worker`` builds the toolkit once (like :mod:`core.wsgi` for gunicorn) and
exposes its Celery app as ``app``.
"""

import os
from pathlib import Path

from celery.signals import worker_process_init

from core.celery_app import sweep_queue
from core.config import ConfigError, load_config


def toolkit_for_workers(instance_path=None, config=None):
    """Build the toolkit a worker runs, checking it is in celery mode.

    Called by :func:`__getattr__` (``celery -A core.worker``) and ``mad worker``. Raises
    :class:`core.config.ConfigError` when there is no broker to take work from.
    """
    from core.runtime import Toolkit

    if config is None:
        config = load_config(Path(instance_path or os.environ.get("MAD_INSTANCE", "instance")))
    if config.dispatcher["mode"] != "celery" or not config.broker_url:
        raise ConfigError("Workers need a broker: set MAD_BROKER_URL (redis://… or amqp://…) "
                          "and leave [dispatcher] mode unset or \"celery\".")
    mad = Toolkit(config)

    def _fresh_connections(**_kwargs):  # a forked pool child must not share its parent's sockets
        mad.db.engine.dispose(close=False)

    worker_process_init.connect(_fresh_connections, weak=False)
    return mad


def worker_argv(mad, concurrency=8, pool="threads", beat=False, loglevel="INFO"):
    """The ``celery worker`` arguments ``mad worker`` runs with (also shown in the README)."""
    queue = mad.config.dispatcher["queue"]
    argv = ["worker", f"--pool={pool}", f"--concurrency={concurrency}", f"--loglevel={loglevel}",
            f"--queues={queue},{sweep_queue(queue)}", "--without-gossip", "--without-mingle",
            "--without-heartbeat"]
    if beat:
        argv.append("--beat")
    return argv


def run_worker(mad, **options):
    """Run a Celery worker for ``mad`` in this process until it is stopped. Called by ``mad worker``."""
    mad.dispatcher.celery.worker_main(worker_argv(mad, **options))


_app = None


def __getattr__(name):
    """``celery -A core.worker`` asks for ``app`` (or ``celery``): build it on first use."""
    global _app
    if name in ("app", "celery"):
        if _app is None:
            _app = toolkit_for_workers().dispatcher.celery
        return _app
    raise AttributeError(name)
