"""Security of the web app: hostile text is shown, never run, on every page; sign-in, sessions, CSRF, the
sign-in rate limit, API tokens and scopes; review decisions through the form and the API, audited and kept
after re-extraction."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from devatlas.cli import app as cli_app
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.users import create_token, secret_key
from devatlas.web.app import create_app
from tests.web.conftest import EDITOR, EDITOR_PASSWORD, MARKER, reextract, sign_in

HOSTILE_QUERY = f"<script>alert('{MARKER}')</script>\"><img src=x onerror=alert(1)> javascript:alert(1)"
ID_PARAM = re.compile(r"\{(\w+)(?::int)?\}")


# -- escaping ---------------------------------------------------------------------------------------------------


def assert_inert(html: str, where: str) -> None:
    """No script, handler attribute, javascript: URL or frame that the page's own code did not put there."""
    tree = lxml.html.fromstring(html)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        assert tag not in ("iframe", "object", "embed"), f"{where}: a <{tag}> element"
        if tag == "script":
            src = element.get("src", "")
            assert src.startswith("/static/") and not (element.text or "").strip(), f"{where}: an inline script"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: <{tag} {name}={value!r}>"
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith("javascript:"), f"{where}: {name}={value!r}"


def _hostile_ids(registry_url: str) -> dict[str, list[int]]:
    """Ids of the hostile documents and of everything extracted from them."""
    store = Store(registry_url)
    with store.session() as session:
        docs = list(session.scalars(select(m.Document.id).where(m.Document.source.like("%hostile%"))))
        assert len(docs) == 2
        facts = list(session.execute(select(m.Fact.subject_type, m.Fact.subject_id)
                                     .where(m.Fact.document_id.in_(docs), m.Fact.subject_id.is_not(None))))
    store.close()
    ids: dict[str, list[int]] = {"document": docs}
    for kind, subject_id in facts:
        ids.setdefault(kind, []).append(subject_id)
    return {kind: sorted(set(values)) for kind, values in ids.items()}


def _get_paths(routes, prefix: str = ""):  # type: ignore[no-untyped-def]
    """The paths of the GET routes, through included routers (FastAPI keeps them as wrappers)."""
    for route in routes:
        if hasattr(route, "original_router"):
            inner = prefix + (getattr(route.include_context, "prefix", "") or "")
            yield from _get_paths(route.original_router.routes, inner)
        elif "GET" in (getattr(route, "methods", None) or ()):
            yield prefix + route.path


def _page_urls(app, ids: dict[str, list[int]]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET page of the app, with the hostile entities' ids filled in and a hostile query string."""
    kinds = {"project": "project", "organisation": "organisation", "org": "organisation", "place": "place",
             "document": "document", "doc": "document"}
    urls = []
    for path in _get_paths(app.routes):
        if path.startswith(("/static", "/docs", "/redoc")):
            continue
        if path in ("/openapi.json",) or path.startswith("/api/v1/export"):
            continue
        params = ID_PARAM.findall(path)
        if not params:
            urls.append(f"{path}?q={HOSTILE_QUERY}&funder=1&place={HOSTILE_QUERY}")
            continue
        if len(params) != 1:
            continue
        kind = next((kinds[k] for k in kinds if k in path.split("{")[0]), None)
        for item in ids.get(kind or "", [])[:6]:
            urls.append(ID_PARAM.sub(str(item), path))
    return urls


def test_hostile_text_is_shown_never_run_on_any_page(editor_client: TestClient, registry_url: str) -> None:
    ids = _hostile_ids(registry_url)
    assert ids.get("organisation") and ids.get("place"), ids
    urls = _page_urls(editor_client.app, ids)
    assert any(u.startswith("/documents/") for u in urls) and any(u.startswith("/search") for u in urls)
    urls += [f"/<script>alert('{MARKER}')</script>", f"/login?next=javascript:alert('{MARKER}')",
             f"/review?done={HOSTILE_QUERY}", "/review"]
    seen_marker = 0
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if "html" in response.headers.get("content-type", ""):
            assert_inert(response.text, url)
            seen_marker += MARKER in response.text
        else:
            assert response.headers["x-content-type-options"] == "nosniff"
    assert len(urls) >= 15
    # the hostile words are there, as text: escaping showed them instead of dropping them
    assert seen_marker >= 3


def test_pages_forbid_inline_scripts(client: TestClient) -> None:
    policy = client.get("/login").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


# -- signing in -------------------------------------------------------------------------------------------------


def test_session_cookie_is_secure_httponly_samesite(client: TestClient, registry_url: str) -> None:
    login_form = client.get("/login")
    assert re.search(r"devatlas_login_csrf=[^;]+;.*HttpOnly.*SameSite=strict.*Secure",
                     login_form.headers["set-cookie"], re.I)
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/review"
    session_cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("devatlas_session="))
    flags = {part.strip().lower() for part in session_cookie.split(";")}
    assert {"httponly", "secure", "samesite=lax"} <= flags
    # the cookie carries a random id, signed; the registry keeps only its hash
    raw = session_cookie.split(";")[0].split("=", 1)[1]
    store = Store(registry_url)
    with store.session() as session:
        hashes = list(session.scalars(select(m.UserSession.token_hash)))
        audit = [a.action for a in session.scalars(select(m.AuditEntry).where(m.AuditEntry.actor == EDITOR))]
    store.close()
    assert len(hashes) == 1 and hashes[0] not in raw
    assert "user.login" in audit


def test_wrong_password_is_refused_and_audited(client: TestClient, registry_url: str) -> None:
    response = sign_in(client, password="not-the-password")
    assert response.status_code == 401
    assert "Wrong user name or password." in response.text
    assert "devatlas_session" not in response.headers.get("set-cookie", "")
    store = Store(registry_url)
    with store.session() as session:
        failed = session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "user.login_failed")).all()
    store.close()
    assert [f.actor for f in failed] == [EDITOR]


def test_sign_in_is_rate_limited_per_user_and_per_address(client: TestClient) -> None:
    for _ in range(5):
        assert sign_in(client, password="guess").status_code == 401
    blocked = sign_in(client)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text and int(blocked.headers["retry-after"]) > 0
    # the same address trying other names is blocked too
    assert sign_in(client, name="someone-else", password="guess").status_code == 429


def test_sign_in_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": EDITOR, "password": EDITOR_PASSWORD, "csrf_token": "x"},
                           follow_redirects=False)
    assert response.status_code == 403 and "did not come from this site" in response.text


def test_next_after_sign_in_stays_on_this_site(client: TestClient) -> None:
    response = sign_in(client, next_path="//evil.example/")
    assert response.headers["location"] == "/review"


def test_logout_ends_the_session(editor_client: TestClient, registry_url: str) -> None:
    page = editor_client.get("/review")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert editor_client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    cookie = editor_client.cookies.get("devatlas_session")
    assert editor_client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    # replaying the old cookie does not bring the session back: its row is gone
    editor_client.cookies.set("devatlas_session", cookie, domain="testserver")
    assert editor_client.get("/review", follow_redirects=False).status_code == 303
    store = Store(registry_url)
    with store.session() as session:
        assert session.scalar(select(m.UserSession)) is None
        assert session.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "user.logout")) is not None
    store.close()


def test_a_forged_session_cookie_is_ignored(client: TestClient) -> None:
    client.cookies.set("devatlas_session", "InJhbmRvbSI.aaaa.bbbb", domain="testserver")
    assert client.get("/review", follow_redirects=False).headers["location"] == "/login?next=/review"


# -- refusals -------------------------------------------------------------------------------------------------


def _csrf(client: TestClient) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/review").text).group(1)


def _queue_fact(registry_url: str) -> m.Fact:
    store = Store(registry_url)
    with store.session() as session:
        fact = session.scalars(select(m.Fact).where(m.Fact.confidence < 0.8, m.Fact.review_state == "machine",
                                                    m.Fact.start.is_not(None)).order_by(m.Fact.id)).first()
        session.expunge(fact)
    store.close()
    return fact


def test_changes_need_a_signed_in_editor(client: TestClient, registry_url: str) -> None:
    fact = _queue_fact(registry_url)
    assert client.get("/review", follow_redirects=False).headers["location"] == "/login?next=/review"
    response = client.post(f"/review/facts/{fact.id}", data={"action": "reject"})
    assert response.status_code == 401 and "Sign in as an editor" in response.text
    response = client.post("/review/organisations/rename", data={"organisation": "1", "name": "X"})
    assert response.status_code == 401


def test_review_form_without_the_csrf_token_is_refused(editor_client: TestClient, registry_url: str) -> None:
    fact = _queue_fact(registry_url)
    response = editor_client.post(f"/review/facts/{fact.id}", data={"action": "reject", "csrf_token": "forged"})
    assert response.status_code == 403 and "reload the page" in response.text
    assert _queue_fact(registry_url).id == fact.id  # nothing changed


def test_api_refuses_missing_unknown_and_narrow_tokens(client: TestClient, registry_url: str) -> None:
    missing = client.get("/api/v1/review/queue")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in missing.json()["detail"]
    unknown = client.get("/api/v1/review/queue", headers={"Authorization": "Bearer dat_nonsense"})
    assert unknown.status_code == 401 and "not known" in unknown.json()["detail"]
    store = Store(registry_url)
    with store.session() as session:
        read_token = create_token(session, EDITOR, "read")
    store.close()
    narrow = client.post("/api/v1/review/facts/1", json={"action": "reject"},
                         headers={"Authorization": f"Bearer {read_token}"})
    assert narrow.status_code == 403 and "'read' scope" in narrow.json()["detail"]


# -- review decisions ---------------------------------------------------------------------------------------------


def test_form_decisions_are_audited_and_survive_reextraction(
    editor_client: TestClient, registry_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(registry_url)
    with store.session() as session:
        queue = list(session.scalars(select(m.Fact).where(m.Fact.confidence < 0.8).order_by(m.Fact.id).limit(3)))
        edited, rejected, accepted = ((f.id, f.document_id, f.predicate, f.value) for f in queue)
    store.close()
    token = _csrf(editor_client)
    for (fact_id, *_), action, value in ((edited, "edit", "Corrected by hand"), (rejected, "reject", ""),
                                         (accepted, "accept", "")):
        response = editor_client.post(f"/review/facts/{fact_id}", follow_redirects=False,
                                      data={"action": action, "value": value, "csrf_token": token})
        assert response.status_code == 303, response.text
    page = editor_client.get("/review?done=edit")
    assert "survives re-extraction" in page.text and "Corrected by hand" in page.text

    reextract(registry_url, monkeypatch, [edited[1], rejected[1], accepted[1]])

    store = Store(registry_url)
    with store.session() as session:
        def state(doc_id: int, predicate: str, value: str) -> set[str]:
            return set(session.scalars(select(m.Fact.review_state).where(
                m.Fact.document_id == doc_id, m.Fact.predicate == predicate, m.Fact.value == value)))

        assert state(edited[1], edited[2], "Corrected by hand") == {"edited"}
        assert state(rejected[1], rejected[2], rejected[3]) == {"rejected"}
        assert "accepted" in state(accepted[1], accepted[2], accepted[3])
        actions = [a.action for a in session.scalars(select(m.AuditEntry).where(m.AuditEntry.actor == EDITOR))]
    store.close()
    assert {"fact.edit", "fact.reject", "fact.accept"} <= set(actions)
    # and the page still shows the correction, now on the re-extracted fact
    page = editor_client.get("/review")
    assert "Corrected by hand" in page.text


def test_merge_and_rename_through_the_form(editor_client: TestClient, registry_url: str) -> None:
    store = Store(registry_url)
    with store.session() as session:
        orgs = list(session.scalars(select(m.Organisation).order_by(m.Organisation.id).limit(2)))
        (a_id, a_name), (b_id, _) = ((o.id, o.name) for o in orgs)
    store.close()
    token = _csrf(editor_client)
    response = editor_client.post("/review/organisations/merge", follow_redirects=False,
                                  data={"source": str(a_id), "target": str(b_id), "csrf_token": token})
    assert response.status_code == 303
    response = editor_client.post("/review/organisations/rename", follow_redirects=False,
                                  data={"organisation": str(b_id), "name": "Razvojna agencija <b>X</b>",
                                        "csrf_token": token})
    assert response.status_code == 303
    page = editor_client.get("/review")
    assert "Razvojna agencija &lt;b&gt;X&lt;/b&gt;" in page.text and a_name.split()[0] in page.text
    bad = editor_client.post("/review/organisations/merge", data={"source": str(b_id), "target": str(b_id),
                                                                  "csrf_token": token})
    assert bad.status_code == 400 and "cannot be merged into itself" in bad.text
    store = Store(registry_url)
    with store.session() as session:
        merged = session.get(m.Organisation, a_id)
        assert merged.merged_into_id == b_id
        assert session.get(m.Organisation, b_id).name == "Razvojna agencija <b>X</b>"
        assert {c.action for c in session.scalars(select(m.Correction))} == {"merge", "rename"}
    store.close()


def test_review_api(client: TestClient, review_token: str, registry_url: str) -> None:
    auth = {"Authorization": f"Bearer {review_token}"}
    queue = client.get("/api/v1/review/queue?limit=5", headers=auth).json()["items"]
    assert len(queue) == 5 and all(item["confidence"] < 0.8 for item in queue)
    first = queue[0]
    start, end = first["span"]
    assert first["sentence"] and end > start
    edited = client.post(f"/api/v1/review/facts/{first['id']}", headers=auth,
                         json={"action": "edit", "value": "Fixed value"})
    assert edited.status_code == 200 and edited.json()["review_state"] == "edited"
    assert edited.json()["value"] == "Fixed value"
    assert client.post("/api/v1/review/facts/999999", headers=auth, json={"action": "accept"}).status_code == 404
    empty_edit = client.post(f"/api/v1/review/facts/{queue[1]['id']}", headers=auth, json={"action": "edit"})
    assert empty_edit.status_code == 400 and "new value" in empty_edit.json()["detail"]
    renamed = client.post("/api/v1/review/organisations/rename", headers=auth,
                          json={"organisation": "1", "name": "Općina Gradačac"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Općina Gradačac"
    assert client.post("/api/v1/review/organisations/merge", headers=auth,
                       json={"source": "no such body", "target": "1"}).status_code == 404
    store = Store(registry_url)
    with store.session() as session:
        actions = {a.action for a in session.scalars(select(m.AuditEntry).where(m.AuditEntry.actor == EDITOR))}
    store.close()
    assert {"token.create", "fact.edit", "organisation.rename"} <= actions


# -- accounts and keys ------------------------------------------------------------------------------------------


def test_user_add_and_token_create_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    added = runner.invoke(cli_app, ["user", "add", "milica", "--role", "admin", "--password-stdin", "--db", url],
                          input="dugacka-lozinka\n")
    assert added.exit_code == 0, added.output
    again = runner.invoke(cli_app, ["user", "add", "milica", "--password-stdin", "--db", url], input="x" * 10)
    assert again.exit_code == 1 and "already exists" in again.output
    token = runner.invoke(cli_app, ["token", "create", "milica", "--scope", "review", "--db", url])
    assert token.exit_code == 0 and token.output.startswith("dat_")
    raw = token.output.strip()
    store = Store(url)
    with store.session() as session:
        user = session.scalar(select(m.User))
        stored = session.scalar(select(m.ApiToken))
    store.close()
    assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
    assert "dugacka-lozinka" not in user.password_hash
    assert stored.scope == "review" and raw not in stored.token_hash and stored.prefix == raw[:12]
    unknown = runner.invoke(cli_app, ["token", "create", "nobody", "--db", url])
    assert unknown.exit_code == 1 and "no user named 'nobody'" in unknown.output


def test_cookie_key_is_generated_once_beside_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEVATLAS_SECRET_KEY", raising=False)
    first = Store(f"sqlite:///{tmp_path / 'a.db'}")
    other = Store(f"sqlite:///{tmp_path / 'b.db'}")
    key = secret_key(first)
    assert key == secret_key(first) and len(key) >= 48
    assert secret_key(other) != key
    key_file = tmp_path / "a.secret"
    assert key_file.read_text().strip() == key
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    monkeypatch.setenv("DEVATLAS_SECRET_KEY", "from-the-environment")
    assert secret_key(first) == "from-the-environment"
    first.close()
    other.close()


def test_cookie_key_is_kept_with_each_kind_of_registry(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside a SQLite file; inside the registry on a database server, where there is no file to put it by."""
    monkeypatch.delenv("DEVATLAS_SECRET_KEY", raising=False)
    key = secret_key(store)
    assert key == secret_key(store)
    with store.session() as session:
        row = session.get(m.SiteSecret, "cookie_key")
    if store.dialect == "sqlite":
        assert row is None and Path(store.engine.url.database).with_suffix(".secret").read_text().strip() == key
    else:
        assert row is not None and row.value == key


def test_sessions_signed_with_another_key_are_refused(registry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVATLAS_SECRET_KEY", "key-one")
    with TestClient(create_app(registry_url), base_url="https://testserver") as one:
        assert sign_in(one).status_code == 303
        cookie = one.cookies.get("devatlas_session")
    monkeypatch.setenv("DEVATLAS_SECRET_KEY", "key-two")
    with TestClient(create_app(registry_url), base_url="https://testserver") as two:
        two.cookies.set("devatlas_session", cookie, domain="testserver")
        assert two.get("/review", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("html", [
    "<p>ok</p><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=' javascript:alert(1)'>x</a>",
    "<iframe src=/x></iframe>", "<svg><circle onload=alert(1)></circle></svg>",
])
def test_the_inertness_check_catches_injected_markup(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_inert(f"<html><body>{html}</body></html>", "sample")


def test_failed_sign_ins_are_forgotten_after_the_window() -> None:
    import time

    from devatlas.web.auth import FailureLimiter

    limiter = FailureLimiter(limit=2, window=0.3)
    limiter.fail("ip:1", "user:a")
    assert limiter.retry_after("ip:1") == 0
    limiter.fail("ip:1", "user:b")
    assert limiter.retry_after("ip:1") >= 1 and limiter.retry_after("user:a") == 0
    time.sleep(0.35)
    assert limiter.retry_after("ip:1") == 0
