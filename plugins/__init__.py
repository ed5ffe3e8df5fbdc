"""Plugins shipped with the toolkit, each found through the ``mad_toolkit`` entry-point group."""
