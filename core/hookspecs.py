"""Every hook the MaD Toolkit core calls, grouped by family.

A plugin implements any of these with ``@core.hookimpl``. The core's own capabilities (sandbox
channels, the local audit writer, the built-in message templates) are plugins on these same hooks,
so a force's plugin can do anything a built-in does. Hooks that collect answers from every plugin
return lists; hooks where one answer wins are ``firstresult`` and say "Stops at first non-None
result."

Every hook receives only what it names. ``mad`` is the running toolkit
(:class:`core.toolkit.Toolkit`): ``mad.config`` is the force configuration,
``mad.plugin_settings("plugin_name")`` a plugin's own validated settings and ``mad.session()`` a
database session for plugins that keep state in the toolkit's database.
"""

from pluggy import HookspecMarker

hookspec = HookspecMarker("mad_toolkit")


# --- Plugin settings ----------------------------------------------------------------------------


@hookspec
def register_settings_schemas():
    """Declare the marshmallow schema that validates a plugin's settings.

    Called once by the plugin manager when the app starts, before any other hook. Every enabled
    plugin's settings (the ``[plugins.<name>]`` table of the force configuration) are validated in
    one pass, and start-up stops with a message naming each plugin and bad key.

    :returns: a dict ``{plugin_name: SchemaClass}`` (or None).
    """


# --- Message channels ---------------------------------------------------------------------------


@hookspec
def register_channels(mad):
    """Contribute channels that deliver outbound messages (SMS, email, ...).

    Called once when the app starts. The dispatcher delivers each message through the first
    channel registered for its kind, unless the force configuration's ``[channels]`` table names
    one. Built-in: the sandbox SMS and email channels (registered ``trylast`` so that a force's
    own channel wins).

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`core.toolkit.Channel` objects (or None).
    """


@hookspec
def fetch_inbound(mad, receive):
    """Fetch what victims sent to a channel that must be asked (an IMAP mailbox), and hand it in.

    Called on a schedule (every ``[conversations] fetch_seconds``) by the embedded dispatcher and
    by the Celery beat task ``mad.fetch_inbound``. A channel whose provider pushes messages to a
    webhook (Twilio) does not implement this: its webhook calls
    :func:`core.toolkit.receive_inbound` instead. Call ``receive`` once per message, and only
    after it returns mark the message as handled at the provider (flag it seen, delete it): a
    message fetched again after a crash is stored once, because ``receive`` is keyed by the
    provider's message id. Raise nothing for one bad message; log its id and go on.

    :param mad: the running toolkit (see the module docstring).
    :param receive: ``receive(inbound)`` stores one :class:`core.toolkit.InboundMessage` and
        returns ``(reply_id, created)``; it raises :class:`core.toolkit.InboundInvalid` for a
        message that cannot be stored.
    :returns: how many messages were handed in (or None); the sum is logged.
    """


@hookspec(firstresult=True)
def satisfaction_check_wanted(crime_reference, message_id, mad):
    """Say whether the victim of a closed crime may be sent the satisfaction check.

    Called by the satisfaction service (:mod:`core.conversations.satisfaction`) after a closing
    message was sent, before the check is queued, when the force's ``[conversations]
    satisfaction_check`` is on. A plugin that knows the victim's contact plan (what they agreed
    to hear about) answers False when the victim did not agree to be asked; with no answer the
    check is sent.

    :param crime_reference: the closed crime's reference.
    :param message_id: the closing message's id.
    :param mad: the running toolkit (see the module docstring).
    :returns: True or False. Stops at first non-None result.
    """


# --- Translations -------------------------------------------------------------------------------


@hookspec
def register_locales():
    """Contribute locales that victims' messages can be written in.

    Called once when the app starts. The force configuration still decides which locales
    officers are offered.

    :returns: a list of :class:`core.toolkit.LocaleInfo` (or None).
    """


@hookspec
def register_translation_dirs():
    """Contribute gettext catalogue directories for message templates and the interface.

    Called once when the app starts. Each directory is laid out as ``<locale>/LC_MESSAGES/<domain>.mo``
    (domains ``templates`` and ``messages``); catalogues from every plugin are merged, a later
    directory's wording overriding an earlier one's (the core's own ``locales/`` comes first). Compile
    them with ``core.i18n.compile_catalogues`` (``mad translations compile``), which leaves out copies
    of the English not flagged ``#, identical``.

    :returns: a list of :class:`core.toolkit.TranslationDir` (or None).
    """


@hookspec
def register_templates(mad):
    """Contribute pre-worded message templates officers can send.

    Called once when the app starts. A template names its channels, the typed fields the officer
    fills (a marshmallow schema) and its English wording, which the catalogues translate: wording
    sent to victims is marked ``T_`` (``templates`` domain), titles, labels and hints ``N_``
    (``messages`` domain). A template id registered twice stops start-up.

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`core.toolkit.MessageTemplate` (or None).
    """


# --- Records writers ----------------------------------------------------------------------------


@hookspec
def register_records_writers(mad):
    """Contribute writers that put chronology entries into a crime records system.

    Called once when the app starts. Every registered writer receives every entry (a message sent,
    a referral made, a care-log step); each write is retried until it lands and is de-duplicated
    by the entry id. Built-in: the local audit writer.

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`core.toolkit.RecordsWriter` objects (or None).
    """


@hookspec(firstresult=True)
def check_crime_reference(reference, mad):
    """Say whether a crime reference is acceptable before anything is stored against it.

    Called by the messaging and referral services for every send. A plugin that knows the records
    system may check that the crime exists; the built-in checks the configured pattern.

    :param reference: the crime reference as the officer typed it, stripped.
    :param mad: the running toolkit (see the module docstring).
    :returns: a :class:`core.toolkit.ReferenceCheck`. Stops at first non-None result.
    """


# --- Directory providers ------------------------------------------------------------------------


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

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of provider objects, each with a unique ``name`` (or None).
    """


# --- Referral types -----------------------------------------------------------------------------


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

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`core.toolkit.ReferralType` objects, each with a unique ``name`` (or None).
    """


# --- Web ----------------------------------------------------------------------------------------


@hookspec
def register_blueprints(mad):
    """Contribute Flask blueprints (pages and callbacks a plugin serves).

    Called once by the app factory. Every route must declare who may reach it: a blueprint's
    views are signed-in only unless the view is marked public with ``core.toolkit.public``
    (for example a delivery-status callback that checks its own signature).

    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`flask.Blueprint` (or None).
    """


@hookspec
def menu_links(mad, user):
    """Contribute links to the header's navigation for pages a plugin adds.

    Called on every page for the signed-in ``user``. A link is shown only when the user may open
    its view (the view's ``roles_required`` roles), so a plugin never offers a link that answers
    403; order 10–90 places it among the core's links (lower first).

    :param mad: the running toolkit (see the module docstring).
    :param user: the signed-in user (``user.role`` is one of :class:`core.constants.Roles`).
    :returns: a list of :class:`core.toolkit.MenuLink` (or None).
    """


@hookspec
def register_labels(mad):
    """Contribute labels in words for codes a person may see (a writer, an entry type, a status).

    Called once when the app starts. Each label is interface text: mark it ``N_`` so it is
    translated into the interface language when shown. Pages show every code through
    ``{{ code|label('kind') }}`` (:func:`core.labels.label`); the core's kinds are ``status``,
    ``write_status``, ``entry_type``, ``writer``, ``role``, ``channel``, ``language``, ``need``,
    ``vulnerability``, ``access``, ``service_status``; a plugin may add its own kind.

    :param mad: the running toolkit (see the module docstring).
    :returns: a dict ``{kind: {code: label}}`` (or None).
    """


# --- Command line -------------------------------------------------------------------------------


@hookspec
def register_commands(cli):
    """Add commands to the ``mad`` command line (for example ``mad records-simulator``).

    Called once by ``core.cli`` when the ``mad`` command starts, before any instance is read: the
    command line is built before ``--instance`` is known, so every *installed* plugin (found
    through the ``mad_toolkit`` entry points) is asked, enabled or not. A command that needs no
    instance (a simulator) simply runs; a command that acts on an instance should check that its
    plugin is enabled there. A plugin that fails to import is skipped with a warning, and a plugin
    may not replace a command the core or another plugin already added.

    :param cli: the ``mad`` :class:`click.Group`; add commands with ``cli.add_command(command)``.
    :returns: nothing (the return value is ignored).
    """


# --- Events for integrators ---------------------------------------------------------------------
# Each receives a :class:`core.toolkit.Event`: ids and states only, never a recipient or the text.


@hookspec
def message_queued(event):
    """A message was stored in the outbox and will be delivered.

    Called after the transaction that stored it commits. The return value is ignored.

    :param event: the event, with ``message_id`` and ``crime_reference``.
    """


@hookspec
def message_sent(event):
    """A channel accepted a message (or reported it delivered).

    Called by the dispatcher after the status is stored. The return value is ignored.

    :param event: the event, with ``message_id``, ``crime_reference`` and ``status``.
    """


@hookspec
def message_failed(event):
    """A message failed for good, or may have been delivered but nobody can tell: a person must act.

    It failed for good after a permanent error or when its retry window ended.
    Called by the dispatcher after the status is stored. The return value is ignored.

    :param event: the event, with ``message_id``, ``crime_reference``, ``reason`` and ``status``
        (``failed``, or ``unknown`` when the message may have been delivered); ``extra`` holds
        ``gave_up_after_seconds`` when the retry window ran out.
    """


@hookspec
def records_entry_written(event):
    """A records writer wrote a chronology entry.

    Called by the dispatcher after the write is stored. The return value is ignored.

    :param event: the event, with ``entry_id``, ``crime_reference`` and ``writer``.
    """


@hookspec
def records_entry_failed(event):
    """A records writer gave up on a chronology entry (a permanent error or its retry window ended).

    Called by the dispatcher after the failure is stored. The return value is ignored.

    :param event: the event, with ``entry_id``, ``crime_reference``, ``writer`` and ``reason``;
        ``extra`` holds ``gave_up_after_seconds`` when the retry window ran out.
    """


@hookspec
def referral_made(event):
    """A referral was stored and will be delivered.

    Called by the referral service after the transaction commits. The return value is ignored.

    :param event: the event, with ``referral_id`` and ``crime_reference``.
    """


@hookspec
def care_log_completed(event):
    """A victim care log was completed for a crime.

    Called by the care-log service after the transaction commits, once per victim: when every
    duty the log needs has an answer. The return value is ignored.

    :param event: the event, with ``crime_reference`` and ``extra`` holding ``victim_id``.
    """


@hookspec
def care_log_step_recorded(event):
    """A step of a victim's care log was recorded (an officer's answer, or evidence from a message sent).

    Called by the care-log service after the transaction that stored the step and its chronology
    entry commits. The return value is ignored.

    :param event: the event, with ``crime_reference``, ``entry_id`` (the chronology entry), ``status``
        (the answer: yes, no or not_applicable) and ``extra`` holding ``victim_id`` and ``duty``.
    """


@hookspec(firstresult=True)
def lookup_crime_victims(reference, mad):
    """Ask the records system for the victims it holds on a crime, to prefill the toolkit's record.

    Called by the "Record a victim" page (through :func:`core.victims.lookup.victims_from_records`)
    when an officer opens it for a crime reference. Optional: a records-writer plugin that cannot
    look victims up leaves it unimplemented.

    :param reference: the crime reference, normalised.
    :param mad: the running toolkit (see the module docstring).
    :returns: a list of :class:`core.toolkit.RecordedVictim` (empty when the crime has none
        recorded), or None when this plugin has no lookup; raise :class:`core.toolkit.RecordsError`
        when the records system cannot answer. Stops at first non-None result.
    """


@hookspec
def resource_sent(event):
    """A resource from the library was stored in the outbox for a victim.

    Called by :func:`core.resources.sending.send_resource` after the message and its records entry
    are committed (once per message, never for a repeated press), before the channel has the
    message: for plugins that count or mirror sends. The care log's "leaflet given" duty is
    completed later, once the channel accepted the message (``message_sent``, see
    :mod:`core.victims.evidence`), so a leaflet that never went is never recorded as given. The
    return value is ignored.

    :param event: the event, with ``message_id``, ``crime_reference`` and
        ``extra={"resource_id": ..., "kind": ...}``.
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


@hookspec
def reply_received(event):
    """A victim's reply (or STOP, START, HELP or satisfaction answer) was stored.

    Called by :func:`core.conversations.inbound.receive` after the transaction commits, once per
    reply however often the provider delivered it. The return value is ignored.

    :param event: the event, with ``crime_reference`` (None when the reply matched no message)
        and ``extra["reply_id"]``; never the sender or the words.
    """
