"""Built-in capabilities, each a plugin on the same hooks a force's plugin uses."""
