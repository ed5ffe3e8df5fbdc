"""Operation Encompass: tell each child's school (or local authority) before the next school day."""
