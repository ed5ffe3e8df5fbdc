"""What victims are sent beyond updates: the resources library and sections prepared ahead."""
