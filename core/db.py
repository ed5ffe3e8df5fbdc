"""The database: engine, sessions and the declarative base every model shares.

SQLite by default (WAL mode, so the web app and the dispatcher can write at once), PostgreSQL
through ``MAD_DATABASE_URL``. Services receive a session and never commit behind their caller's
back unless they say so; :meth:`Database.session` is the unit of work.
"""

from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every toolkit model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored and returned in UTC, aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use core.db.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


#: A replacement clock (a callable returning an aware datetime), set only by tests and the fault
#: suite through :func:`set_clock` to move time on without waiting; None means the real clock.
_clock = None


def utcnow():
    """Return the current time, aware, in UTC (from the clock set by :func:`set_clock`, if any)."""
    return _clock() if _clock is not None else datetime.now(UTC)


def set_clock(clock):
    """Make :func:`utcnow` read ``clock`` (a callable returning an aware datetime); None restores the real clock.

    Called by tests and ``benchmarks/faults.py`` to run retry windows of hours or days in moments.
    Returns the clock that was in use before.
    """
    global _clock
    previous, _clock = _clock, clock
    return previous


def _sqlite_pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """One engine and session factory for one instance."""

    def __init__(self, url, keyring=None):
        self.url = url
        self.keyring = keyring
        # hide_parameters: a database error's text never carries a victim's number or message into a log.
        kwargs = {"hide_parameters": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = create_engine(url, **kwargs)
        # Encrypted columns (core/crypto.py) find the keys on the dialect of the engine they run on.
        self.engine.dialect.mad_keyring = keyring
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self):
        """The SQLAlchemy dialect name: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self):
        """Yield a session that commits when the block ends and rolls back on an exception."""
        session = self.Session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def transaction(self):
        """Yield a Core connection in a transaction that commits when the block ends (rolls back on an exception).

        Called by the outbox's hot path (:mod:`core.messaging.outbox`, :mod:`core.messaging.claims`),
        where a few Core statements need no ORM session around them.
        """
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self):
        """Yield a Core connection in autocommit, for reads on a hot path that need no snapshot in common.

        No transaction is begun and rolled back around the statements: on PostgreSQL that is two
        round trips fewer for a check made once a message or a search (the directory's version and
        services, whether any webhook endpoint or recorded victim is concerned). Not for anything
        that writes.
        """
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection

    def dispose(self):
        """Close every pooled connection (at shutdown and between tests)."""
        self.engine.dispose()
