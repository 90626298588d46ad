"""The page cache: replayed for readers who are not signed in, never older than the registry."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.corrections import rename_organisation
from devatlas.web import page_cache
from devatlas.web.app import create_app
from devatlas.web.page_cache import VERSION_SECONDS
from tests.web.conftest import sign_in


def _organisation(registry_url: str) -> tuple[int, str]:
    store = Store(registry_url)
    with store.session() as session:
        org = session.scalars(select(m.Organisation).order_by(m.Organisation.id)).first()
        assert org is not None
        found = org.id, org.name
    store.close()
    return found


def test_a_page_read_again_comes_from_the_cache_until_the_registry_changes(
        client: TestClient, registry_url: str, review_token: str) -> None:
    org_id, name = _organisation(registry_url)
    first = client.get(f"/organisations/{org_id}")
    again = client.get(f"/organisations/{org_id}")
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.text == first.text and again.headers["content-security-policy"]

    renamed = client.post("/api/v1/review/organisations/rename", json={"organisation": str(org_id),
                                                                       "name": "Renamed Body For The Test"},
                          headers={"Authorization": f"Bearer {review_token}"})
    assert renamed.status_code == 200, renamed.text
    after = client.get(f"/organisations/{org_id}")
    assert after.headers["x-cache"] == "miss", "an edit changes the registry's version: the page is made anew"
    assert "Renamed Body For The Test" in after.text and name != "Renamed Body For The Test"


def test_each_script_and_interface_language_has_its_own_page(client: TestClient, registry_url: str) -> None:
    org_id, _ = _organisation(registry_url)
    english = client.get(f"/organisations/{org_id}")
    client.cookies.set("devatlas_lang", "bs")
    local = client.get(f"/organisations/{org_id}")
    assert local.headers["x-cache"] == "miss" and 'lang="bs"' in local.text and 'lang="en"' in english.text
    client.cookies.clear()
    assert client.get(f"/organisations/{org_id}").text == english.text


def test_editors_errors_and_sign_in_pages_are_never_kept(client: TestClient) -> None:
    assert client.get("/organisations/999999").status_code == 404
    assert client.get("/organisations/999999").headers["x-cache"] == "miss"
    assert "x-cache" not in client.get("/login").headers
    assert sign_in(client).status_code == 303
    assert "x-cache" not in client.get("/search?q=projekat").headers, "a signed-in editor's pages are their own"


def test_a_session_among_odd_cookies_still_counts_as_signed_in(client: TestClient) -> None:
    """A cookie header the standard library's parser gives up on (a JSON value first, as some sites set) still
    names the session: an editor's page must never be kept and shown to others."""
    assert sign_in(client).status_code == 303
    session = client.cookies.get("devatlas_session")
    assert session
    client.cookies.clear()
    header = {"Cookie": f'prefs={{"a":1}}; devatlas_session={session}'}
    first = client.get("/search?q=projekat", headers=header)
    assert first.status_code == 200 and "x-cache" not in first.headers
    assert "x-cache" not in client.get("/search?q=projekat", headers=header).headers


def test_the_cache_can_be_turned_off(registry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVATLAS_PAGE_CACHE_MB", "0")
    with TestClient(create_app(registry_url)) as client:
        client.get("/search?q=projekat")
        assert "x-cache" not in client.get("/search?q=projekat").headers


def test_a_change_made_by_another_process_shows_within_the_version_interval(
        client: TestClient, registry_url: str) -> None:
    org_id, _ = _organisation(registry_url)
    client.get(f"/organisations/{org_id}")
    assert client.get(f"/organisations/{org_id}").headers["x-cache"] == "hit"
    store = Store(registry_url)  # as `devatlas rename` would, outside the app
    with store.session() as session:
        rename_organisation(session, str(org_id), "Renamed Elsewhere", "cli")
    store.close()
    time.sleep(VERSION_SECONDS + 0.05)
    after = client.get(f"/organisations/{org_id}")
    assert after.headers["x-cache"] == "miss" and "Renamed Elsewhere" in after.text


def test_pages_age_out_even_when_the_registry_version_is_the_same(
        client: TestClient, registry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some changes leave no newer row behind (a deleted document): a kept page is made again after a while."""
    org_id, _ = _organisation(registry_url)
    monkeypatch.setattr(page_cache, "CACHE_SECONDS", 0.0)
    client.get(f"/organisations/{org_id}")
    assert client.get(f"/organisations/{org_id}").headers["x-cache"] == "miss"
