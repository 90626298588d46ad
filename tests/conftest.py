"""Shared fixtures: real registries on SQLite files and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from devatlas.store import Store
from tests.support.postgres import PostgresUnavailable, start_postgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    try:
        return start_postgres()
    except (PostgresUnavailable, OSError) as exc:
        pytest.fail(f"PostgreSQL is required for the registry tests: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty registry URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.db'}"
        return
    base = request.getfixturevalue("postgres_url")
    name = f"devatlas_t{next(_counter)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()
