"""The registry: SQLAlchemy models, Alembic migrations, the search index and the queries on them."""

from devatlas.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
