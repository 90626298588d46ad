"""Alembic environment: the engine or connection comes from devatlas, never from an ini file."""

from __future__ import annotations

from alembic import context

from devatlas.store.models import Base

config = context.config


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """The FTS5 shadow tables belong to SQLite, not to the models."""
    return not (type_ == "table" and name.startswith("search_fts"))


connection = config.attributes.get("connection")
if connection is None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_object=include_object
        )
        context.run_migrations()
else:
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_object=include_object
    )
    context.run_migrations()
