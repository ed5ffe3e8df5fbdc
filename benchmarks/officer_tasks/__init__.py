"""Officer tasks for ``benchmarks/officer_time.py``: one module per area, each registering its
tasks with ``benchmarks.officer_time.task``."""
