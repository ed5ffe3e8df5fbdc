"""Faults that need whole processes: processes killed with SIGKILL, PostgreSQL connections cut, a broker restarted.

Registered into :mod:`benchmarks.faults` (run that). The PostgreSQL and Celery faults need
``MAD_TEST_POSTGRES_URL`` (and ``MAD_TEST_REDIS_URL`` for the broker's URL scheme); without them
the fault prints "not run" with the reason.
"""
