"""Translations and message templates: locales, catalogues and pre-worded templates."""

from core.hookspecs.marker import hookspec


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

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`core.toolkit.MessageTemplate` (or None).
    """
