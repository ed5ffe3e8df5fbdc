"""The MaD Toolkit core: ``create_app()`` and the ``hookimpl`` marker plugins use."""

from pluggy import HookimplMarker

hookimpl = HookimplMarker("mad_toolkit")


def create_app(instance_path=None, config=None, extra_plugins=(), start_dispatcher=False):
    """Build the Flask app for one force's instance.

    Called by ``mad`` (the CLI), WSGI servers (``core.wsgi``) and tests. Give ``instance_path``
    (a folder with ``mad.toml``) or an already parsed ``config``; ``extra_plugins`` registers
    plugin objects directly (tests, embedding hosts).
    """
    from core.app import build_app

    return build_app(instance_path=instance_path, config=config, extra_plugins=extra_plugins,
                     start_dispatcher=start_dispatcher)


__all__ = ["create_app", "hookimpl"]
