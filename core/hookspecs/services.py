"""Support services, referrals and sections: directory providers, referral forms, shipped sections."""

from core.hookspecs.marker import hookspec


@hookspec
def register_directory_providers(mad):
    """Contribute sources of support services (a database, an Open Referral feed, ...).

    Called once when the app starts. Built-in: the force's own directory in the toolkit's
    database (``database``, registered ``trylast``, edited by VSCs) and one provider per Open
    Referral UK / HSDS feed listed under ``[plugins.directory_hsds] feeds``. The finder
    (``core.directory.finder``) searches every provider, merges the answers and keeps one copy
    of each service (same HSDS id, or same normalised name and phone number); on equal scores
    the provider registered first wins.

    A provider (subclass :class:`core.toolkit.DirectoryProvider`, or
    :class:`core.toolkit.IndexedProvider` to get typo-tolerant search over ``all()`` for free)
    has a unique ``name``, a ``title`` shown to officers, ``editable`` (False for all but the
    built-in) and:

    - ``search(query="", need=None, district=None, limit=20)`` → ``[(ServiceRecord, score)]``,
      best first; ``need`` is a need code (``core.directory.needs``), ``district`` one of the
      force's districts, ``limit=None`` means all;
    - ``get(service_id)`` → a :class:`core.toolkit.ServiceRecord` or None;
    - ``all()`` → every service it offers;
    - ``leaflet(service_id, leaflet_id)`` → a :class:`core.toolkit.Attachment` or None.

    A provider that raises is left out of that search and named to the officer as unavailable.

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of provider objects, each with a unique ``name`` (or None).
    """


@hookspec
def register_referral_types(mad):
    """Contribute referral forms (for example Operation Encompass).

    Called once when the app starts. A referral type subclasses :class:`core.toolkit.ReferralType`
    and declares its marshmallow schema, its form (a Jinja template and how posted fields become
    the schema's payload), its prefill, its recipients, what each recipient is sent (a registered
    message template, attachments, the chronology text) and its due time. The referral service
    stores each referral with one outbox email and one chronology entry per recipient, in one
    transaction, and the message outbox delivers them. A type that does not subclass the base
    class stops start-up.

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`core.toolkit.ReferralType` objects, each with a unique ``name`` (or None).
    """


@hookspec
def register_sections(mad):
    """Sections a plugin ships, ready for a VSC to schedule (e.g. a force roll-out's templates).

    Called by :func:`core.resources.sections.sync_plugin_sections` when the sections pages are
    opened. Each section is a dict validated by :class:`core.resources.sections.SectionSchema`: ``id``, ``title``,
    ``guidance``, and optionally ``template_ids``, ``resource_ids``, ``service_ids`` and
    ``live_from`` (an aware datetime; none means a VSC schedules it). A section already stored is
    not changed, so a VSC's schedule or retirement stands.

    :param mad: the running toolkit.
    :returns: a list of section dicts, or None.
    """
