"""Web fixtures: a registry ingested from samples/ (plus hostile documents), apps and clients over copies of it,
an editor account, a real uvicorn server on a free port, and Debian's Chromium driven by Playwright.

The ingested registry is built once per test session; each test that changes data gets its own copy of the file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from devatlas.ingest import pipeline
from devatlas.ingest.pipeline import ingest
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.users import add_user, create_token
from devatlas.web.app import create_app
from tests.conftest import ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
EDITOR, EDITOR_PASSWORD = "vesna", "tri-mosta-na-uni"
MARKER = "devatlas-hostile"
# Documents that try to run code wherever their words are shown: titles, text, organisation names, queries.
HOSTILE_DOCUMENTS = {
    "hostile_script.html": (
        f"<html><head><title>Laktaši <script>window.__{MARKER.replace('-', '_')}=1;alert('{MARKER}')</script>"
        "</title></head><body><h1>Projekat &lt;script&gt;alert(1)&lt;/script&gt; u Laktašima</h1>"
        "<p>Opština Laktaši i Evropska unija potpisali su 12. marta 2021. godine ugovor o projektu "
        f"\"<img src=x onerror=alert('{MARKER}')>\" vrijedan 200.000 KM. Projekat finansira Evropska unija.</p>"
        f"<p>Udruženje <b onmouseover=alert(1)>Zora</b> <script>alert('{MARKER}')</script> iz Laktaša "
        "učestvuje u projektu.</p></body></html>"
    ),
    "hostile_text.txt": (
        f"<script>alert('{MARKER}')</script> Općina Srbac <img src=x onerror=\"alert('{MARKER}')\">\n\n"
        f"Općina Srbac i Vlada Švicarske potpisali su 3. aprila 2020. ugovor. Link: javascript:alert('{MARKER}') "
        f"i <a href=\"javascript:alert('{MARKER}')\">klik</a>. Udruženje \"<svg onload=alert('{MARKER}')>\" "
        "iz Srpca i Fondacija <iframe src=javascript:alert(1)> učestvuju. Vrijednost projekta je 50.000 KM.\n"
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE_DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def registry_file(tmp_path_factory: pytest.TempPathFactory, hostile_dir: Path) -> Path:
    """A SQLite registry of every sample document and the hostile ones, with an editor and some facts marked
    uncertain so that the review queue has work in it whatever the extractor's confidence rules say."""
    path = tmp_path_factory.mktemp("registry") / "registry.db"
    store = Store(f"sqlite:///{path}")
    summary = ingest(store, [*sorted(SAMPLES.glob("*.txt")), hostile_dir])
    assert summary.new > 0, summary.failed
    with store.session() as session:
        add_user(session, EDITOR, EDITOR_PASSWORD, "editor")
        ids = list(session.scalars(select(m.Fact.id).where(m.Fact.start.is_not(None)).order_by(m.Fact.id)))
        uncertain = ids[::7][:40]
        session.execute(update(m.Fact).where(m.Fact.id.in_(uncertain)).values(confidence=0.4))
    store.close()
    return path


@pytest.fixture
def registry_url(registry_file: Path, tmp_path: Path) -> str:
    """A private copy of the ingested registry for one test (its cookie key is generated beside it)."""
    copy = tmp_path / "registry.db"
    shutil.copyfile(registry_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def client(registry_url: str) -> Iterator[TestClient]:
    """A client of the app over HTTPS (the cookies are Secure, so plain http would never send them back)."""
    with TestClient(create_app(registry_url), base_url="https://testserver") as test_client:
        yield test_client


def sign_in(client: TestClient, name: str = EDITOR, password: str = EDITOR_PASSWORD, next_path: str = "/review"):  # type: ignore[no-untyped-def]
    """Post the sign-in form the way a browser does: fetch it, then send its CSRF token back."""
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token,
                                       "next": next_path}, follow_redirects=False)


def reextract(registry_url: str, monkeypatch: pytest.MonkeyPatch, document_ids: list[int]) -> None:
    """Ingest the documents' files again under a newer extractor version: their facts are rebuilt from the text
    (and the corrections replayed on top)."""
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "re-extraction-test")
    store = Store(registry_url)
    with store.session() as session:
        sources = sorted(set(session.scalars(select(m.Document.source).where(m.Document.id.in_(document_ids)))))
    summary = pipeline.ingest(store, sources)
    store.close()
    assert summary.reextracted == len(sources) and summary.new == 0, summary


@pytest.fixture
def editor_client(client: TestClient) -> TestClient:
    response = sign_in(client)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def review_token(registry_url: str) -> str:
    store = Store(registry_url)
    with store.session() as session:
        token = create_token(session, EDITOR, "review")
    store.close()
    return token


# -- a real server and a real browser -------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    database_url: str


@pytest.fixture
def live_server(registry_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """The app in a real uvicorn server on a free 127.0.0.1 port, in a thread of this process (no map tiles:
    nothing is fetched from outside)."""
    import uvicorn

    monkeypatch.setenv("DEVATLAS_MAP_TILES", "")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(registry_url), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start within 20 s")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", registry_url)
    server.should_exit = True
    thread.join(timeout=10)


def _install_chromium() -> str | None:
    """Install Debian's chromium when missing; the reason it is impossible, or None when it is there."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0:
        return "Debian's chromium is not installed and installing it needs root (apt-get install -y chromium)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{' '.join(command)} failed: {exc}"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}"
    return None if CHROMIUM.exists() else "apt-get installed chromium but /usr/bin/chromium is missing"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Headless Debian Chromium through Playwright (never a browser build Playwright downloads itself)."""
    reason = _install_chromium()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh browser context per test; any JavaScript dialog fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    # Only this machine is reachable: any request elsewhere (a tile, a font) is refused, not attempted.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:")) else route.abort())
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert not dialogs, f"a JavaScript dialog opened: {dialogs}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: DEVATLAS_ARTIFACTS, or build/screenshots/ in the repository."""
    folder = Path(os.environ.get("DEVATLAS_ARTIFACTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
