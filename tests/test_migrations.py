"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from devatlas.store import Store
from devatlas.store.db import migrate
from devatlas.store.models import Base


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        # the full-text index objects are made by the migration alone (FTS5 table, GIN expression index)
        differences = [
            d for d in compare_metadata(context, Base.metadata)
            if "search_fts" not in str(d) and "ix_search_entries_tsv" not in str(d)
        ]
    assert differences == []


def test_migrating_twice_changes_nothing(store: Store) -> None:
    migrate(store.engine)
    migrate(store.engine)
