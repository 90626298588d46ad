"""Plain-column reads on SQLite run on the driver's cursor (store.db.rows): the rows must be the ones SQLAlchemy
would give, value for value, type for type and name for name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable, select, text

from devatlas.ingest.pipeline import ingest
from devatlas.store import Store, db
from devatlas.store import models as m
from devatlas.store import search as search_lib
from devatlas.web import queries as q

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("rows") / "registry.db"
    store = Store(f"sqlite:///{path}")
    summary = ingest(store, sorted(SAMPLES.glob("*.txt"))[:24])
    assert summary.new > 0, summary.failed
    return store


def _ids(store: Store, model: Any) -> list[int]:
    with store.session() as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


def _reads(store: Store) -> list[tuple[str, Executable, dict[str, Any]]]:
    """The page reads with parameters that find rows in the sample registry."""
    projects, places = _ids(store, m.Project), _ids(store, m.Place)
    orgs, docs = _ids(store, m.Organisation), _ids(store, m.Document)
    reads: list[tuple[str, Executable, dict[str, Any]]] = [
        (f"project part {name}", statement, {"project_id": pid})
        for name, statement in q._PROJECT_PARTS.items() for pid in projects[:6]]
    reads += [
        ("project", q._PROJECT, {"id": projects[0]}),
        ("organisations", q._ORGANISATIONS, {"ids": orgs[:9]}),
        ("documents", q._DOCUMENTS, {"ids": docs[:5]}),
        ("places", q._PLACES, {"ids": places[:12]}),
        ("place", q._PLACE, {"place_id": places[0]}),
        ("place projects", q._PLACE_PROJECTS, {"place_id": places[0]}),
        ("place organisations", q._PLACE_ORGANISATIONS, {"place_id": places[0]}),
        ("place documents", q._PLACE_DOCUMENTS, {"place_id": places[0]}),
        ("first documents", search_lib._FIRST_DOCUMENTS, {"subject": "project", "ids": projects[:8]}),
        ("terms", search_lib._TERMS_FROM, {"low": "a", "high": "b", "n": 50}),
        ("facets", search_lib._statement("SELECT name, value, count(*) AS n FROM search_facets WHERE entry_id IN "
                                         "(SELECT value FROM json_each(:ids)) GROUP BY name, value ORDER BY n DESC"),
         {"ids": "[1, 2, 3, 4, 5, 6, 7, 8]"}),
    ]
    return reads


def test_plain_reads_match_sqlalchemy_rows(sample_store: Store) -> None:
    reads = _reads(sample_store)
    found_any = False
    with sample_store.session() as session:
        for name, statement, params in reads:
            assert db._read_plan(statement, session.connection().dialect) is not None, name
            fast = db.rows(session, statement, params)
            plain = db.rows(session, statement, params, named=False)
            core = session.connection().execute(statement, params).all()
            assert [tuple(r) for r in fast] == [tuple(r) for r in core] == plain, name
            assert [[type(v) for v in r] for r in fast] == [[type(v) for v in r] for r in core], name
            assert all(type(r) is tuple for r in plain), name
            assert [[type(v) for v in r] for r in plain] == [[type(v) for v in r] for r in core], name
            if core:
                found_any = True
                assert fast[0]._fields == core[0]._fields, name
                assert fast[0]._asdict() == core[0]._asdict(), name
    assert found_any


def test_dates_and_json_columns_come_back_converted(sample_store: Store) -> None:
    """Dates and JSON are stored as text by SQLite: the cursor path converts them as the column types say."""
    with sample_store.session() as session:
        statement = select(m.Project.start_date, m.Project.sectors).where(m.Project.start_date.is_not(None))
        found = db.rows(session, statement)
    assert found
    assert all(type(row.start_date).__name__ == "date" and isinstance(row.sectors, list | type(None))
               for row in found)


def test_reads_it_cannot_plan_go_through_sqlalchemy(sample_store: Store) -> None:
    """Whole ORM objects and an empty list of values are left to SQLAlchemy, with the same answers."""
    with sample_store.session() as session:
        dialect = session.connection().dialect
        assert db._read_plan(select(m.Project), dialect) is None
        assert db.rows(session, q._ORGANISATIONS, {"ids": []}) == []
        literal = select(m.Document.id).limit(2)
        assert [tuple(r) for r in db.rows(session, literal)] == [tuple(r) for r in session.execute(literal)]
        assert db.rows(session, text("SELECT 1 AS one, 'x' AS letter"))[0]._fields == ("one", "letter")
