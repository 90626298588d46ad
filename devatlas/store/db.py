"""Opening the registry: one URL, SQLite (WAL, nothing to start) by default or PostgreSQL, always migrated."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Executable, Row, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from devatlas.settings import load_settings

POOL_SIZE, POOL_OVERFLOW = 20, 80
MMAP_BYTES = 4 << 30  # address space, not memory: pages are read in as they are touched
CACHE_KIB = 16 << 10  # per connection


class StoreError(Exception):
    """The registry could not be opened or used; the message says why and what to do."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets readers (search, web) work while an ingest writes; NORMAL sync is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Reads through a memory map share the operating system's page cache between connections and processes
    # instead of copying pages into each connection's own cache; that one stays modest (a web server holds
    # dozens of connections) and temporary sort tables stay in memory.
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the registry URL (settings when not given)."""
    url = url or load_settings().database_url
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        # The web server answers many requests at once, some holding two connections (page and search): a pool
        # smaller than its threads makes requests queue for a connection instead of for the database.
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql+psycopg://")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("devatlas.store") / "migrations"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


class Store:
    """The registry: an engine, migrated on open, and sessions on it."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or load_settings().database_url
        self.engine = make_engine(self.url)
        try:
            migrate(self.engine)
        except Exception as exc:  # the driver's own message says what is wrong (server down, auth...)
            raise StoreError(f"cannot open the registry at {self.safe_url}: {exc}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back whole when it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None) -> Sequence[Row[Any]]:
    """Every row of a statement of plain columns (no ORM entities), run on the session's connection in its
    transaction: the ORM's own execute adds some 50 µs a statement, and a page makes a dozen or more reads."""
    return session.connection().execute(statement, params).all()
