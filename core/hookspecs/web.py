"""The web app and command line: blueprints, navigation links, labels and ``mad`` commands."""

from core.hookspecs.marker import hookspec


@hookspec
def register_blueprints(mad):
    """Contribute Flask blueprints (pages and callbacks a plugin serves).

    Called once by the app factory. Every route must declare who may reach it: a blueprint's
    views are signed-in only unless the view is marked public with ``core.toolkit.public``
    (for example a delivery-status callback that checks its own signature).

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`flask.Blueprint` (or None).
    """


@hookspec
def menu_links(mad, user):
    """Contribute links to the header's navigation for pages a plugin adds.

    Called on every page for the signed-in ``user``. A link is shown only when the user may open
    its view (the view's ``roles_required`` roles), so a plugin never offers a link that answers
    403; order 10–90 places it among the core's links (lower first).

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
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

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a dict ``{kind: {code: label}}`` (or None).
    """


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
