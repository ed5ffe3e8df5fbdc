"""The running toolkit: configuration, plugins, database and what the plugins registered.

One :class:`Toolkit` per app (``app.extensions["mad"]``); Celery workers and the CLI build the
same object, so every face of the toolkit delivers through the same code. Plugins receive it as
the ``mad`` argument of hooks.
"""

from contextlib import contextmanager

from core.crypto import Keyring
from core.db import Database
from core.defaults.care_evidence import CareEvidence
from core.defaults.webhooks import WebhookEvents
from core.dispatcher import Dispatcher
from core.events import track
from core import labels
from core.log_privacy import cap_payload_loggers
from core.i18n import TEMPLATES_DOMAIN, UI_DOMAIN, CatalogueSet, LocaleInfo
from core.plugins import PluginError, list_plugins, make_plugin_manager
from core.referrals.types import checked_types
from core.working_days import calendar_for


class Toolkit:
    """Everything a service needs, built once at start-up and validated there."""

    def __init__(self, config, extra_plugins=(), database=None):
        self.config = config
        cap_payload_loggers()  # before any plugin builds a client that logs payloads
        self.pm, self._settings, self.versions = make_plugin_manager(config, extra_plugins)
        self.pm.register(CareEvidence(self), name=CareEvidence.name)
        self.versions[CareEvidence.name] = self.versions.get("templates", "unknown")
        self.db = database or Database(config.database_url, keyring=Keyring(config.encryption_keys, config.secret_key))
        self.calendar = calendar_for(config)
        self.locales = self._collect_locales()
        dirs = [d for answer in self.pm.hook.register_translation_dirs() for d in (answer or [])]
        self.translation_dirs = dirs
        self.template_catalogue = CatalogueSet(dirs, TEMPLATES_DOMAIN)
        self.ui_catalogue = CatalogueSet(dirs, UI_DOMAIN)
        self.templates = self._collect_named(self.pm.hook.register_templates, "message template", key="id")
        self.channels = self._collect_channels()
        self.writers = self._collect_named(self.pm.hook.register_records_writers, "records writer")
        self.directory_providers = self._collect_named(self.pm.hook.register_directory_providers, "directory provider")
        self.referral_types = checked_types(self._collect_named(self.pm.hook.register_referral_types, "referral type"))
        for answer in self.pm.hook.register_labels(mad=self):
            for kind, mapping in (answer or {}).items():
                labels.register(kind, mapping)
        self.dispatcher = make_dispatcher(self)
        # Integrator events go to partners' webhook endpoints through the webhooks outbox.
        self.pm.register(WebhookEvents(self), name=WebhookEvents.name)
        self.versions[WebhookEvents.name] = self.versions[CareEvidence.name]

    # -- what plugins may use ------------------------------------------------------------------

    def plugin_settings(self, name):
        """Return plugin ``name``'s validated settings (an empty dict when it has none)."""
        return self._settings.get(name, {})

    @contextmanager
    def session(self):
        """Yield a database session that commits at the end of the block."""
        with self.db.session() as session:
            yield session

    # -- registries ------------------------------------------------------------------------------

    def _collect_locales(self):
        known = {}
        for answer in self.pm.hook.register_locales():
            for info in answer or []:
                known.setdefault(info.code, info)
        offered = []
        for code in self.config.force["locales"]:
            if code not in known:
                raise PluginError(
                    f"force.locales lists {code!r} but no plugin provides it (known: {', '.join(sorted(known))})"
                )
            offered.append(known[code])
        return offered

    def _collect_channels(self):
        named = self._collect_named(self.pm.hook.register_channels, "channel")
        by_kind = {}
        for channel in named.values():
            by_kind.setdefault(channel.kind, channel)
        for kind, name in self.config.channels.items():
            if name not in named:
                raise PluginError(f"[channels] {kind} = {name!r}, but no channel has that name (known: {', '.join(sorted(named))})")
            by_kind[kind] = named[name]
        self.channels_by_name = named
        return by_kind

    def _collect_named(self, hook, what, key="name"):
        """Collect objects with unique ``key`` attributes from every plugin's answer to ``hook``."""
        found = {}
        for answer in hook(mad=self):
            for item in answer or []:
                ident = getattr(item, key)
                if ident in found:
                    raise PluginError(f"{what} {ident!r} is registered twice")
                found[ident] = item
        return found

    def track_event(self, event):
        """Tell every plugin that ``event`` happened (the ``track_event`` hook); return the event.

        Called by the services after the transaction that stored what happened commits, e.g.
        ``mad.track_event(MessageSent(message_id=..., crime_reference=..., status=...))``.
        """
        return track(self, event)

    def wake_dispatcher(self, message_id=None):
        """Tell the dispatcher that new work is waiting (no-op if it is not running here).

        In celery mode this enqueues a delivery task for ``message_id`` (see core/celery_app.py).
        """
        self.dispatcher.wake(message_id)

    def locale(self, code):
        """Return the offered :class:`LocaleInfo` for ``code``, or None."""
        return next((info for info in self.locales if info.code == code), None)

    def describe_plugins(self):
        """Every plugin, its version and hooks (for ``mad plugins`` and ``/-/plugins``)."""
        return list_plugins(self.pm, self.versions)

    def template_context(self, crime_reference):
        """Values every template may use besides its own fields."""
        return {
            "force_name": self.config.force["name"],
            "force_phone": self.config.force.get("phone", "101"),
            "crime_reference": crime_reference,
        }


def make_dispatcher(mad):
    """The driver that delivers for ``mad``, by its ``[dispatcher] mode``. Called once by :class:`Toolkit`.

    Both drivers are thin: claiming is :mod:`core.messaging.claims`, delivering
    :mod:`core.messaging.outbox`. Returns the embedded :class:`core.dispatcher.Dispatcher` (a
    background thread in this process), or in celery mode a
    :class:`core.celery_app.CeleryDispatcher` that hands work to ``mad worker`` processes.
    """
    if mad.config.dispatcher.get("mode") == "celery":
        from core.celery_app import CeleryDispatcher  # Celery is imported only where it is used

        return CeleryDispatcher(mad)
    return Dispatcher(mad)


__all__ = ["LocaleInfo", "Toolkit", "make_dispatcher"]
