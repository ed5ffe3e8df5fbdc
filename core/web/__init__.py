"""The officers' web interface: blueprints per area, thin over the services."""
