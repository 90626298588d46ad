"""Request-scoped access to the registry opened by the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import HTTPException, Path, Request
from sqlalchemy.orm import Session

from devatlas.store import Store

# Ids are 64-bit in every backend; a larger number names no record (and would overflow the driver).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id")]


class RegistryUnavailable(HTTPException):
    """The registry could not be opened; pages answer with a friendly explanation instead of a traceback."""

    def __init__(self, reason: str) -> None:
        super().__init__(status_code=503, detail=reason)


def get_store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise RegistryUnavailable(getattr(request.app.state, "store_error", "") or "the registry is not open")
    return store


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A read session on the app's registry, closed when the request ends (writers commit themselves).

    Opened and closed on the event loop, where neither step waits on the database (the session connects at its
    first read, in the request's thread, and ending a read transaction is immediate): a plain generator would be
    entered and left in the request threads, two more trips through the thread pool that cost a page some 0.5 ms
    of CPU."""
    store = get_store(request)
    with store.session() as session:
        session.info["reads_only"] = True  # pages and the API only read (see queries.cached)
        yield session
