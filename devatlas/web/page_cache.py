"""Pages kept as sent, for readers who are not signed in, until the registry changes.

The registry changes only when documents are ingested or an editor corrects something, while the same project, place
and search pages are read again and again. A page is stored with the registry's version stamp (the newest document,
fact, place, project place, budget line, project participant and audit entry) and replayed while the stamp is
unchanged. The stamp is read again at most every VERSION_SECONDS, and at once after any change made through the app:
a reader sees an ingest by another process a fraction of a second later, and an edit made here at once. What varies
per reader is part of the key (interface language and script cookies); a signed-in editor's pages, answers to API
tokens, responses that set a cookie and anything but a complete 200 answer to a GET are never stored.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from devatlas.web.auth import SESSION_COOKIE
from devatlas.web.i18n import LANG_COOKIE, SCRIPT_COOKIE
from devatlas.web.queries import CACHE_SECONDS

# Paths whose answers are per reader or change without a new registry version.
UNCACHED_PREFIXES = ("/login", "/logout", "/review", "/static", "/api/v1/export", "/openapi.json")
MAX_PAGE_BYTES = 2 * 1024 * 1024  # a bigger answer (an export, a huge list) is sent, not kept
VERSION_SECONDS = 0.2


@dataclass(slots=True)
class _Page:
    version: tuple[Any, ...]
    start: Message
    body: bytes
    stored_at: float


class PageCache:
    """ASGI middleware: the newest `max_bytes` of pages, least recently read dropped first."""

    def __init__(self, app: ASGIApp, version: Callable[[], tuple[Any, ...] | None], max_bytes: int) -> None:
        self.app, self.version, self.max_bytes = app, version, max_bytes
        self.pages: OrderedDict[tuple[str, ...], _Page] = OrderedDict()
        self.size = 0
        self._version: tuple[Any, ...] | None = None
        self._version_read_at = float("-inf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if self.max_bytes > 0 else None
        version = self._current_version() if key is not None else None
        if key is None or version is None:
            try:
                await self.app(scope, receive, send)
            finally:  # whatever a change made, the next page asks the registry for its version
                if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                    self._version_read_at = float("-inf")
            return
        page = self.pages.get(key)
        # The stamp misses changes that leave no newer row behind (a deleted document): pages also age out, as
        # the per-registry summaries do.
        if page is not None and page.version == version and time.monotonic() - page.stored_at < CACHE_SECONDS:
            self.pages.move_to_end(key)
            await send({**page.start, "headers": [*page.start["headers"], (b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": page.body})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        size, keep = 0, True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200 and not any(
                    name.lower() == b"set-cookie" for name, _ in message.get("headers", []))
                message = {**message, "headers": [*message.get("headers", []), (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                keep = size <= MAX_PAGE_BYTES
                if not message.get("more_body", False) and keep and start is not None:
                    self._store(key, _Page(version, start, b"".join(chunks), time.monotonic()))
            await send(message)

        await self.app(scope, receive, capture)

    def _current_version(self) -> tuple[Any, ...] | None:
        """Read on the event loop itself (a few index lookups), where a trip through the request threads would
        queue the answer from memory behind the pages being computed."""
        now = time.monotonic()
        if now - self._version_read_at > VERSION_SECONDS:
            self._version, self._version_read_at = self.version(), now
        return self._version

    def _key(self, scope: Scope) -> tuple[str, ...] | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if path.startswith(UNCACHED_PREFIXES):
            return None
        cookies: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                # The parser the app itself reads cookies with: a stricter one gives up on a header with one odd
                # cookie in it and would not see a signed-in editor's session.
                cookies.update(cookie_parser(value.decode("latin-1")))
            elif name == b"authorization":  # an API token: answers may depend on its scope
                return None
        if SESSION_COOKIE in cookies:
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        return (path, query, cookies.get(LANG_COOKIE, ""), cookies.get(SCRIPT_COOKIE, ""))

    def _store(self, key: tuple[str, ...], page: _Page) -> None:
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.pages[key] = page
        self.size += len(page.body)
        while self.size > self.max_bytes and self.pages:
            _, dropped = self.pages.popitem(last=False)
            self.size -= len(dropped.body)
