"""Gettext catalogues: ``<locale>/LC_MESSAGES/messages.po`` (interface) and ``templates.po`` (messages to victims)."""
