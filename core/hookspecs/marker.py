"""The marker every hook spec module uses (the ``mad_toolkit`` project's :class:`pluggy.HookspecMarker`)."""

from pluggy import HookspecMarker

hookspec = HookspecMarker("mad_toolkit")
