"""Request-scoped access to the registry opened by the app."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from devatlas.store import Store


class RegistryUnavailable(HTTPException):
    """The registry could not be opened; pages answer with a friendly explanation instead of a traceback."""

    def __init__(self, reason: str) -> None:
        super().__init__(status_code=503, detail=reason)


def get_store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise RegistryUnavailable(getattr(request.app.state, "store_error", "") or "the registry is not open")
    return store


def get_session(request: Request) -> Iterator[Session]:
    """A read session on the app's registry, closed when the request ends (writers commit themselves)."""
    store = get_store(request)
    with store.session() as session:
        yield session
