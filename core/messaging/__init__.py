"""Messaging: templates and their fields, SMS encoding, the outbox and the dispatcher."""
