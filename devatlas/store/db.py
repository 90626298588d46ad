"""Opening the registry: one URL, SQLite (WAL, nothing to start) by default or PostgreSQL, always migrated."""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Dialect, Engine, Executable, Row, create_engine, event
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


def rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None,
         named: bool = True) -> Sequence[Row[Any]]:
    """Every row of a statement of plain columns (no ORM entities), run on the session's connection in its
    transaction. A page makes a dozen or more such reads, and SQLAlchemy's execution around each (compiled-cache
    lookup, execution context, result object) costs more than SQLite's own work on most of them: on SQLite a
    statement is compiled once (see `_ReadPlan`) and run on the driver's cursor. Rows read by either path have the
    same values, types and names; reads on the cursor pass by SQLAlchemy's engine events and its echo log. A
    caller that reads its rows by position only asks for `named=False`: on SQLite the driver's plain tuples, as a
    named row costs more to make than the driver took to read it (0.12 ms for a ranking's thousand rows)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        plan = _read_plan(statement, connection.dialect)
        found = plan.run(connection.connection.dbapi_connection, params or {}, named) if plan is not None else None
        if found is not None:
            return found
    return connection.execute(statement, params).all()


_PLANS: dict[int, tuple[Executable, _ReadPlan | None]] = {}
_PLANS_LOCK = threading.Lock()
MAX_PLANS = 256  # statements built once at import are a few dozen; one built per call is never planned twice


@dataclass(frozen=True, slots=True)
class _ReadPlan:
    """A plain-column SELECT compiled for SQLite once: its SQL (an expanding list's placeholder as `{name}`), its
    parameters in order, the values it binds itself, and the conversions of its parameters and result columns.
    Its rows are named tuples with the column names of the SQL, as SQLAlchemy's rows are."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]
    expanding: frozenset[str]
    bind_processors: Mapping[str, Callable[[Any], Any]]
    result_processors: tuple[Callable[[Any], Any] | None, ...] | None

    def run(self, dbapi_connection: Any, params: Mapping[str, Any], named: bool = True) -> list[Any] | None:
        """The rows (named, or the driver's tuples), or None for an empty list of values, which SQLAlchemy renders
        as its own empty set."""
        sql, values = self.sql, []
        for name in self.names:
            value = params[name] if name in params else self.fixed[name]
            convert = self.bind_processors.get(name)
            if name in self.expanding:
                items = [convert(v) for v in value] if convert else list(value)
                if not items:
                    return None
                sql = sql.replace(f"{{{name}}}", ", ".join("?" * len(items)), 1)
                values.extend(items)
            else:
                values.append(convert(value) if convert else value)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(sql, values)
            found = cursor.fetchall()
            names = tuple(d[0] for d in cursor.description or ()) if named else ()
        finally:
            cursor.close()
        if self.result_processors is not None:
            processors = self.result_processors
            found = [tuple(p(v) if p else v for p, v in zip(processors, row, strict=True)) for row in found]
        return list(map(_row_type(names), found)) if named else found


def _read_plan(statement: Executable, dialect: Dialect) -> _ReadPlan | None:
    held = _PLANS.get(id(statement))
    if held is not None and held[0] is statement:
        return held[1]
    plan = _compile_read(statement, dialect)
    with _PLANS_LOCK:
        if len(_PLANS) < MAX_PLANS:
            _PLANS[id(statement)] = (statement, plan)  # the statement is kept, so its id is not reused
    return plan


def _compile_read(statement: Executable, dialect: Dialect) -> _ReadPlan | None:
    """The plan of a statement, or None for one that SQLAlchemy must run itself (ORM entities, parameters
    computed at execution, anything but a SELECT or text)."""
    from sqlalchemy.sql.elements import TextClause
    from sqlalchemy.sql.selectable import Select
    from sqlalchemy.types import TypeEngine

    if not isinstance(statement, Select | TextClause):
        return None
    if isinstance(statement, Select) and not all(
            isinstance(d["type"], TypeEngine) for d in statement.column_descriptions):  # whole ORM objects
        return None
    compiled = statement.compile(dialect=dialect)
    if compiled.positiontup is None or any(b.callable is not None for b in compiled.binds.values()):
        return None
    names = tuple(compiled.positiontup)
    binds = {name: compiled.binds[name] for name in names}
    expanding = frozenset(name for name, b in binds.items() if b.expanding)
    sql = compiled.string
    for name in expanding:
        sql = sql.replace(f"__[POSTCOMPILE_{name}]", f"{{{name}}}")
    if "__[POSTCOMPILE_" in sql or sql.count("?") != len(names) - len(expanding):
        return None
    bind_processors = {name: convert for name, b in binds.items()
                       if (convert := b.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
    fixed = {name: b.effective_value for name, b in binds.items() if not b.required}
    result_processors = None
    if isinstance(statement, Select):
        processors = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None)
                           for c in statement.selected_columns)
        result_processors = processors if any(processors) else None
    return _ReadPlan(sql, names, fixed, expanding, bind_processors, result_processors)


_ROW_TYPES: dict[tuple[str, ...], Callable[[Any], Any]] = {}


def _row_type(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """A maker of rows with these column names: a named tuple built straight from the driver's tuple."""
    maker = _ROW_TYPES.get(names)
    if maker is None:
        row = namedtuple("Row", names, rename=True)  # type: ignore[misc]
        maker = _ROW_TYPES[names] = partial(tuple.__new__, row)
    return maker
