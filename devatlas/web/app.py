"""The application factory: opens the registry once, mounts static files, includes every router in one place."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from devatlas.store import Store, StoreError
from devatlas.text import analyzer
from devatlas.web import i18n
from devatlas.web.page_cache import PageCache
from devatlas.web.queries import registry_version
from devatlas.web.templating import STATIC_DIR, context_hooks, render

# No inline scripts or styles, nothing from other hosts; map tiles are the one allowed image source outside.
CSP_BASE = ("default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'; form-action 'self'")


def _routers() -> list[APIRouter]:
    """Every router of the app, included in this order."""
    from devatlas.web import api, auth, pages, review

    return [pages.router, api.router, auth.router, review.router, review.api]


def _open_store(app: FastAPI, database_url: str | None) -> None:
    try:
        app.state.store = Store(database_url)
        app.state.store_error = ""
    except (StoreError, OSError) as exc:  # OSError: a SQLite file whose folder cannot be made
        app.state.store = None
        app.state.store_error = str(exc) if isinstance(exc, StoreError) else f"cannot open the registry: {exc}"


def create_app(database_url: str | None = None) -> FastAPI:
    """The web app over the registry at database_url (settings when not given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = request_threads()
        analyzer.prepare()
        # Everything loaded so far (the app, the word lists, the analyzers) lives as long as the process: kept out
        # of the cyclic garbage collector's full passes, each of which would otherwise walk it all and stop every
        # request for a tenth of a second or more.
        gc.collect()
        gc.freeze()
        yield
        if app.state.store is not None:
            app.state.store.close()

    # The interactive docs pages load their scripts from a CDN; /api lists the endpoints and /openapi.json
    # is the schema.
    app = FastAPI(title="devatlas", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who funds what, where, with whom, for how much and when: local development "
                              "in the Western Balkans, read from news items, press releases and project pages.")
    _open_store(app, database_url)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in _routers():
        app.include_router(router)
    if i18n.context not in context_hooks:
        context_hooks.append(i18n.context)

    from devatlas.settings import load_settings

    tiles = load_settings().map_tiles
    img_src = "img-src 'self' data:" + (f" {_origin(tiles)}" if tiles else "")
    csp = f"{CSP_BASE}; {img_src}"

    app.add_middleware(PagesInTurn)  # inside the page cache: a page it replays does not wait for a turn
    app.add_middleware(PageCache, version=lambda: _registry_version(app), max_bytes=page_cache_bytes())
    app.add_middleware(SecurityHeaders, csp=csp)  # added last: outside the page cache, so replayed pages get it too

    @app.exception_handler(StarletteHTTPException)
    async def friendly_errors(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                      detail=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def friendly_validation(request: Request, exc: RequestValidationError) -> Response:
        """Bad parameters: the API's usual 422 body; a page says which parameter is wrong."""
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        names = ", ".join(str(e["loc"][-1]) for e in exc.errors() if e.get("loc"))
        return render(request, "error.html", status_code=422, status=422, detail=f"Not a valid value: {names}.")

    return app


class SecurityHeaders:
    """The headers every response carries, and a ?ui= or ?script= choice remembered in a cookie. Plain ASGI:
    it only edits the response's start message, where a function middleware would cost every request an extra
    task and a copy of the body."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app, self.csp = app, csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        chooses = b"ui=" in query or b"script=" in query

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if chooses:
                    cookies = Response()
                    i18n.remember_choice(Request(scope), cookies)
                    for name, value in cookies.raw_headers:
                        if name == b"set-cookie":
                            headers.append("set-cookie", value.decode("latin-1"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PagesInTurn:
    """Pages and their JSON twins are computed one at a time in each process, in the order they came; writes,
    exports and static files go beside them in the other request threads. Pages are CPU-bound Python: computed
    side by side in several threads they only take turns with the interpreter lock, and switching between them
    cost CPU of its own (at 50 clients on two processes of 4 threads: 4.1-4.8 ms a project page and 5.2-6.4 ms a
    place page side by side, 3.7-3.8 and 4.3-4.9 ms in turn) while every page finished later. A page's turn ends
    when its answer starts: a slow reader does not hold up the next page."""

    EXEMPT = ("/static/", "/api/v1/export/")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.turns: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    def _turn(self) -> asyncio.Semaphore:
        """The semaphore of the running event loop (an app served by one loop after another, as a test client
        does, would otherwise wait on a semaphore bound to a loop that has ended)."""
        loop = asyncio.get_running_loop()
        if self.turns is None or self.turns[0] is not loop:
            self.turns = (loop, asyncio.Semaphore(1))
        return self.turns[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or scope["path"].startswith(self.EXEMPT)):
            await self.app(scope, receive, send)
            return
        turn = self._turn()
        await turn.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                turn.release()

        async def send_after_turn(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_after_turn)
        finally:
            release()


def request_threads() -> int:
    """The request threads of this process (DEVATLAS_WEB_THREADS; a value that is not a whole number from 1 to 256
    falls back to the default)."""
    from devatlas.settings import SETTINGS, load_settings

    value = load_settings().web_threads.strip()
    default = int(next(s.default for s in SETTINGS if s.name == "web_threads"))
    return int(value) if value.isdigit() and 1 <= int(value) <= 256 else default


def page_cache_bytes() -> int:
    """The page cache's memory (DEVATLAS_PAGE_CACHE_MB; 0 or a value that is not a whole number turns it off)."""
    from devatlas.settings import load_settings

    value = load_settings().page_cache_mb.strip()
    return int(value) * 1024 * 1024 if value.isdigit() else 0


def _registry_version(app: FastAPI) -> tuple[object, ...] | None:
    store = getattr(app.state, "store", None)
    if store is None:
        return None
    with store.session() as session:
        return registry_version(session)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _origin(template: str) -> str:
    """The scheme and host of a tile URL template, with {s} subdomains widened to a wildcard."""
    scheme, _, rest = template.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}"
