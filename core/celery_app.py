"""Celery for force-scale dispatch: the app, its tasks and the dispatcher the web app uses.

In celery mode (``MAD_BROKER_URL`` set, or ``[dispatcher] mode = "celery"``) the web app never
delivers in-process: :meth:`CeleryDispatcher.wake` enqueues only the stored message's id, and
``mad worker`` processes run the tasks of :mod:`core.tasks`, which call the same outbox code as
the embedded dispatcher. Redis (``redis://``) and RabbitMQ (``amqp://``) both work as brokers;
the broker holds ids only, and losing its copy of a task loses nothing (see :mod:`core.tasks`).
"""

import logging

from celery import Celery
from kombu import Exchange, Queue

from core import tasks
from core.compliance.refresh import REFRESH_EVERY_SECONDS
from core.conversations import schedule as conversation_tasks
from core.conversations.schedule import conversation_schedule
from core.dispatch_state import outbox_depths

log = logging.getLogger(__name__)

DELIVER_MESSAGE = "mad.deliver_message"
DELIVER_BATCH = "mad.deliver_batch"
WRITE_RECORDS = "mad.write_records"
SWEEP = "mad.sweep"
PURGE = "mad.purge_expired"
PURGE_EVERY_SECONDS = 3600
CONVERSATIONS = "mad.conversations_due"
FETCH_INBOUND = "mad.fetch_inbound"
DELIVER_WEBHOOKS = "mad.deliver_webhooks"
REFRESH_ROLLUPS = "mad.refresh_rollups"


#: How workers, beat and web processes ride out a broker that goes away (a Redis or RabbitMQ restart,
#: a network cut). Every Celery setting about connection loss is here. The broker holds task ids
#: only and the database is the truth (the sweeper enqueues again whatever is due), so the aim is
#: that every process comes back to the broker by itself, however long it was away:
BROKER_CONNECTION_LOSS = {
    # Keep trying to reach the broker, at start-up and after a loss, for ever (Celery's default
    # gives up after 100 tries, about 50 minutes, and the worker exits); kombu waits 2, 4, ... up
    # to 30 s between tries, so a worker is back within 30 s of the broker.
    "broker_connection_retry": True,
    "broker_connection_retry_on_startup": True,
    "broker_connection_max_retries": None,
    "broker_connection_timeout": 3,
    # A task in hand when the connection drops finishes its message: the database claim keeps anyone
    # else from sending it meanwhile, and a threads-pool worker could not stop it anyway. (Its ack
    # fails, "Couldn't ack", which is harmless: the task only carried an id.)
    "worker_cancel_long_running_tasks_on_connection_loss": False,
    # Tasks carry ids only, so taking a few more after a reconnect costs nothing; the reduction
    # has left workers at a lower prefetch after a reconnect (celery#9512).
    "worker_enable_prefetch_count_reduction": False,
}

#: The Redis side of the same (``broker_transport_options``). Routing by queue name only
#: (``task_routes`` in :func:`make_celery`) is the other half: a Redis restarted without
#: persistence has lost kombu's exchange bindings, and a process whose connection the redis client
#: re-opened by itself never declares them again, so tasks published through an exchange (the
#: sweeps, which catch up on everything else) vanished and workers waited for ever. The default
#: exchange needs no binding.
#: kombu's Redis transport with the fix in :mod:`core.redis_broker` (an ack that fails while Redis is
#: away still frees the worker's credit, else a worker can sit idle after a Redis restart).
REDIS_TRANSPORT = "core.redis_broker:Transport"

REDIS_CONNECTION_LOSS = {
    "socket_connect_timeout": 3,
    # A broker gone without closing the connection (failover, a firewall) is noticed: a blocking
    # command gives up after 10 s, an idle connection is checked before use after 10 s, and a
    # consumer's BRPOP that gets no answer is dropped and reopened (kombu 5.7).
    "socket_timeout": 10,
    "socket_keepalive": True,
    "health_check_interval": 10,
    # A task taken but never acknowledged (its worker died) goes back to the queue after this long;
    # the database lease has long since let another worker send its message.
    "visibility_timeout": 3600,
}


def make_celery(mad):
    """Build the Celery app for toolkit ``mad`` with its tasks and beat schedule.

    Called once per process by :class:`CeleryDispatcher` (web servers, workers, the CLI).
    """
    settings = mad.config.dispatcher
    queue, upkeep = settings["queue"], sweep_queue(settings["queue"])
    celery = Celery(f"mad-{queue}", broker=mad.config.broker_url, set_as_current=False)
    celery.conf.update(
        task_default_queue=queue,
        task_default_exchange=queue,
        task_default_routing_key=queue,
        # The sweeper has its own queue so that it runs on time even behind a backlog of deliveries.
        task_queues=[Queue(name, Exchange(name, type="direct"), routing_key=name) for name in (queue, upkeep)],
        # By queue name only: Celery then publishes through the broker's default exchange, which
        # needs no binding (see REDIS_CONNECTION_LOSS).
        task_routes={name: {"queue": upkeep}
                     for name in (SWEEP, PURGE, CONVERSATIONS, FETCH_INBOUND, DELIVER_WEBHOOKS,
                                  REFRESH_ROLLUPS)},
        task_ignore_result=True,
        task_acks_late=True,  # a task in hand when its worker dies goes back to the broker
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=settings["prefetch"],
        worker_enable_remote_control=False,
        worker_send_task_events=False,
        worker_hijack_root_logger=False,
        **BROKER_CONNECTION_LOSS,
        # The web request that enqueues must not hang on a broker outage: the sweeper catches up.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
        beat_schedule={  # a sweep not run soon is dropped: the next one does the same work
            "mad-sweep": {"task": SWEEP, "schedule": settings["sweep_seconds"],
                          "options": {"expires": max(3 * settings["sweep_seconds"], 10.0)}},
            "mad-purge": {"task": PURGE, "schedule": PURGE_EVERY_SECONDS,
                          "options": {"expires": PURGE_EVERY_SECONDS / 2}},
            **conversation_schedule(mad, CONVERSATIONS, FETCH_INBOUND),
            "mad-refresh-rollups": {"task": REFRESH_ROLLUPS, "schedule": REFRESH_EVERY_SECONDS,
                                    "options": {"expires": REFRESH_EVERY_SECONDS}},
        },
        beat_schedule_filename=str(mad.config.instance_path / f"celerybeat-schedule-{queue}"),
        timezone="UTC",
    )
    if mad.config.broker_url.startswith(("redis://", "rediss://")):
        # Keep each instance's unacknowledged tasks apart when forces (or test runs) share a Redis.
        if mad.config.broker_url.startswith("redis://"):
            celery.conf.broker_transport = REDIS_TRANSPORT  # frees a worker's credit when an ack fails
        celery.conf.broker_transport_options = {
            "unacked_key": f"{queue}.unacked", "unacked_index_key": f"{queue}.unacked_index",
            "unacked_mutex_key": f"{queue}.unacked_mutex", **REDIS_CONNECTION_LOSS,
        }
    _register_tasks(celery, mad)
    celery.mad = mad
    return celery


def sweep_queue(queue):
    """The name of the queue the sweeper and retention tasks use beside delivery queue ``queue``."""
    return f"{queue}.sweep"


def _register_tasks(celery, mad):
    @celery.task(name=DELIVER_MESSAGE, shared=False)
    def deliver_message(message_id):
        return tasks.deliver_message(mad, message_id)

    @celery.task(name=DELIVER_BATCH, shared=False)
    def deliver_batch():
        handled = tasks.deliver_batch(mad)
        if handled >= tasks.BATCH:  # more may be waiting: keep going without waiting for the sweeper
            deliver_batch.delay()
        return handled

    @celery.task(name=WRITE_RECORDS, shared=False)
    def write_records():
        return tasks.write_records(mad)

    @celery.task(name=DELIVER_WEBHOOKS, shared=False)
    def deliver_webhooks():
        return tasks.deliver_webhooks(mad)

    @celery.task(name=SWEEP, shared=False)
    def sweep():
        counts = tasks.sweep(mad, lambda n: [deliver_batch.delay() for _ in range(n)], write_records.delay,
                             deliver_webhooks.delay)
        return counts["batches_enqueued"]

    @celery.task(name=PURGE, shared=False)
    def purge_expired():
        return tasks.purge(mad)

    @celery.task(name=REFRESH_ROLLUPS, shared=False)
    def refresh_rollups():
        return tasks.refresh_rollups(mad)

    @celery.task(name=CONVERSATIONS, shared=False)
    def conversations_due():
        return conversation_tasks.run_due(mad)

    @celery.task(name=FETCH_INBOUND, shared=False)
    def fetch_inbound():
        return conversation_tasks.fetch(mad)


def broker_state(celery, timeout=2.0):
    """Whether the broker answers, and how many tasks wait in this instance's queue.

    Called by ``/healthz`` in celery mode. Returns ``{"state": "ok", "queue": ..., "tasks_waiting": n}``
    or ``{"state": "unavailable", "error": <exception class>}`` (never the URL, which may hold a password).
    """
    queue = celery.conf.task_default_queue
    try:
        with celery.connection_for_write(connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            channel = connection.channel()
            try:
                _, waiting, _ = channel.queue_declare(queue=queue, passive=True)
            except Exception:  # the queue does not exist yet: no worker has declared it
                waiting = 0
            finally:
                try:
                    channel.close()
                except Exception:
                    pass
    except Exception as exc:
        return {"state": "unavailable", "queue": queue, "error": type(exc).__name__}
    return {"state": "ok", "queue": queue, "tasks_waiting": waiting}


class CeleryDispatcher:
    """The dispatcher in celery mode: enqueues ids; ``mad worker`` processes deliver.

    ``run_once``/``drain`` still work here (``mad dispatch`` after an outage runs the same code);
    ``start`` does not start a delivery thread in the web process.
    """

    mode = "celery"

    running = False

    def __init__(self, mad):
        self.mad = mad
        self.celery = make_celery(mad)

    def start(self):
        """Do nothing: in celery mode web processes never deliver (workers do)."""
        log.info("celery mode: delivery runs in `mad worker` processes")

    def stop(self, timeout=10.0):
        """Do nothing: there is no delivery thread here to stop."""

    def drain(self, timeout=30.0):
        """Do what is due in this process now, as a worker would (``mad dispatch`` after an outage)."""
        return tasks.drain(self.mad, timeout)

    def wake(self, message_id=None):
        """Enqueue delivery of stored message ``message_id`` (called after its transaction commits).

        Without an id (a records write an officer retried, say) a batch and a records-write task
        are enqueued instead. A broker outage is logged, not raised: the work is already stored
        and the sweeper enqueues it again once the broker is back.
        """
        try:
            if message_id is None:
                self.celery.tasks[DELIVER_BATCH].apply_async(retry=True)
                self.celery.tasks[WRITE_RECORDS].apply_async(retry=True)
            else:
                self.celery.tasks[DELIVER_MESSAGE].apply_async(args=[message_id], retry=True)
        except Exception as exc:
            log.warning("could not enqueue delivery; the sweeper will pick it up",
                        extra={"message_id": message_id, "error": type(exc).__name__})

    def wake_webhooks(self):
        """Enqueue ``mad.deliver_webhooks`` (called after the webhooks listener stored deliveries).

        A broker outage is logged, not raised: the deliveries are stored and beat's sweep enqueues
        them again.
        """
        try:
            self.celery.tasks[DELIVER_WEBHOOKS].apply_async(retry=True)
        except Exception as exc:
            log.warning("could not enqueue webhook delivery; the sweeper will pick it up",
                        extra={"error": type(exc).__name__})

    def state(self):
        """What ``/healthz`` reports in celery mode: outbox depths and whether the broker answers."""
        return {"mode": self.mode, "state": "workers", **outbox_depths(self.mad), "last_run_at": None,
                "last_error": None, "broker": broker_state(self.celery)}
