"""What conversations do on a schedule: fetch mailboxes, send satisfaction checks, retry notifications.

The embedded dispatcher calls :meth:`ConversationSchedule.tick` on every loop; in celery mode
the beat schedule runs :func:`run_due` and :func:`fetch` as tasks. Everything works from what is
stored, so a missed run only delays the work.
"""

import logging
import time

from core.conversations import notify, satisfaction
from core.conversations.inbound import receive
from core.conversations.settings import conversation_settings

log = logging.getLogger(__name__)

#: How often satisfaction checks and failed notifications are looked at.
DUE_EVERY_SECONDS = 5.0


def fetch(mad):
    """Ask every channel that fetches replies (hook ``fetch_inbound``) for new ones; return how many.

    Called by :class:`ConversationSchedule` and the Celery beat task. A plugin that raises is
    logged (its name only) and the others still run.
    """
    total = 0
    for impl in mad.pm.hook.fetch_inbound.get_hookimpls():
        try:
            total += impl.function(mad=mad, receive=lambda inbound: receive(mad, inbound)) or 0
        except Exception:
            log.exception("fetching replies failed", extra={"plugin": impl.plugin_name})
    if total:
        log.info("replies fetched", extra={"count": total})
    return total


def run_due(mad):
    """Queue due satisfaction checks and retry failed notifications; return how many were handled."""
    return len(satisfaction.queue_due(mad)) + notify.retry_due(mad)


def conversation_schedule(mad, due_task, fetch_task):
    """Celery beat entries for the conversations' tasks (``mad.conversations_due``, ``mad.fetch_inbound``).

    Called by :func:`core.celery_app.make_celery`. A run not started soon is dropped: the next does
    the same work.
    """
    fetch_seconds = conversation_settings(mad.config)["fetch_seconds"]
    return {
        "mad-conversations": {"task": due_task, "schedule": DUE_EVERY_SECONDS,
                              "options": {"expires": 3 * DUE_EVERY_SECONDS}},
        "mad-fetch-inbound": {"task": fetch_task, "schedule": fetch_seconds, "options": {"expires": fetch_seconds}},
    }


class ConversationSchedule:
    """Keeps the times of the last runs for one toolkit's embedded dispatcher."""

    def __init__(self, mad):
        self.mad = mad
        self._last_due = 0.0
        self._last_fetch = 0.0

    def tick(self):
        """Run what is due now; never raises (a failure is logged and tried again next time)."""
        now = time.monotonic()
        try:
            if now - self._last_due >= DUE_EVERY_SECONDS:
                self._last_due = now
                run_due(self.mad)
            if now - self._last_fetch >= conversation_settings(self.mad.config)["fetch_seconds"]:
                self._last_fetch = now
                fetch(self.mad)
        except Exception:
            log.exception("conversations schedule failed")
