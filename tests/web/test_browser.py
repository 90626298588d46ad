"""The web app in a real headless Chromium over a real uvicorn server: searching, facets, the map, a project's
funders and source sentence, an editor's correction surviving re-extraction, and hostile documents that stay
inert. Screenshots of the main pages go to DEVATLAS_ARTIFACTS (default build/screenshots/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from devatlas.store import Store
from devatlas.store import models as m
from tests.web.conftest import EDITOR, EDITOR_PASSWORD, MARKER, LiveServer, reextract

TIMEOUT = 15_000  # ms


def shot(page, artifacts: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_search_and_open_a_result(page, live_server: LiveServer, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    shot(page, artifacts, "home")
    page.fill("input[name=q]", "Laktaši")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Lakta"), timeout=TIMEOUT)
    hits = page.locator("article.hit h3 a")
    assert hits.count() > 0
    shot(page, artifacts, "search")
    title = hits.first.inner_text()
    hits.first.click()
    page.wait_for_url(re.compile(r"/documents/\d+"), timeout=TIMEOUT)
    assert title.strip()[:20] in page.inner_text("main")
    shot(page, artifacts, "document")


def _total(page) -> int:  # type: ignore[no-untyped-def]
    return int(re.match(r"\s*(\d+)", page.inner_text("section.results p.muted")).group(1))


def test_a_facet_narrows_the_results(page, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/search?q=projekat")
    before = _total(page)
    facet = page.locator("aside.facets section.facet li a").first
    value = facet.inner_text().strip()
    count = int(facet.locator("xpath=../span[@class='count']").inner_text())
    facet.click()
    page.wait_for_load_state()
    assert re.search(r"[?&](country|place|funder|org|year|lang|type)=", page.url)
    assert value in page.inner_text("aside.facets li.selected")
    assert _total(page) == count <= before and page.locator("article.hit").count() > 0


def test_the_map_shows_markers(page, live_server: LiveServer, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/map")
    markers = page.locator("#bigmap path.leaflet-interactive")
    markers.first.wait_for(timeout=TIMEOUT)
    assert markers.count() >= 3
    shot(page, artifacts, "map")


def _project_with_funder(database_url: str) -> tuple[int, str]:
    store = Store(database_url)
    with store.session() as session:
        project_id, funder = session.execute(
            select(m.ProjectParticipant.project_id, m.Organisation.name)
            .join(m.Organisation, m.Organisation.id == m.ProjectParticipant.organisation_id)
            .where(m.ProjectParticipant.role == 1).order_by(m.ProjectParticipant.project_id)
        ).first()
    store.close()
    return project_id, funder


def test_project_page_shows_funders_and_the_source_sentence(page, live_server: LiveServer,  # type: ignore[no-untyped-def]
                                                            artifacts: Path) -> None:
    project_id, funder = _project_with_funder(live_server.database_url)
    page.goto(f"{live_server.url}/projects/{project_id}")
    assert funder in page.inner_text("main")
    highlighted = page.locator(".source blockquote mark")
    assert highlighted.count() > 0 and highlighted.first.is_visible()
    shot(page, artifacts, "project")
    place = page.locator("a[href^='/places/']").first
    if place.count():
        place.click()
        page.wait_for_url(re.compile(r"/places/\d+"), timeout=TIMEOUT)
        shot(page, artifacts, "place")
    page.goto(live_server.url + "/dashboards")
    shot(page, artifacts, "dashboards")


def test_an_editor_correction_is_shown_after_reextraction(page, live_server: LiveServer, artifacts: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(live_server.url + "/review")
    page.wait_for_url(re.compile(r"/login\?next=/review"), timeout=TIMEOUT)
    shot(page, artifacts, "login")
    page.fill("input[name=username]", EDITOR)
    page.fill("input[name=password]", EDITOR_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/review$"), timeout=TIMEOUT)
    first = page.locator("li.fact").first
    fact_id = int(first.get_attribute("id").removeprefix("fact-"))
    first.locator("input[name=value]").fill("Ispravljeno rukom")
    first.locator("button[value=edit]").click()
    page.wait_for_url(re.compile(r"/review\?done=edit"), timeout=TIMEOUT)
    assert "survives re-extraction" in page.inner_text(".form-done")

    # re-extract the fact's document under a newer extractor version, in this process, while the server runs
    store = Store(live_server.database_url)
    with store.session() as session:
        document_id = session.get(m.Fact, fact_id).document_id
    store.close()
    reextract(live_server.database_url, monkeypatch, [document_id])

    page.goto(live_server.url + "/review")
    decided = page.locator("table.decided tr.state-edited")
    assert "Ispravljeno rukom" in decided.first.inner_text()
    shot(page, artifacts, "review")


def test_hostile_documents_do_nothing(page, live_server: LiveServer, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(live_server.database_url)
    with store.session() as session:
        docs = list(session.scalars(select(m.Document.id).where(m.Document.source.like("%hostile%"))))
        orgs = list(session.scalars(select(m.Fact.subject_id).where(
            m.Fact.document_id.in_(docs), m.Fact.subject_type == "organisation").distinct()))
    store.close()
    paths = [f"/documents/{d}" for d in docs] + [f"/organisations/{o}" for o in orgs[:4]]
    paths += [f"/search?q=<script>alert('{MARKER}')</script><img src=x onerror=alert(1)>", "/search?q=Srbac",
              "/search?q=Laktaši"]
    flag = "__" + MARKER.replace("-", "_")
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(f"typeof window.{flag}") == "undefined", path
        injected = page.locator("img[src=x], svg[onload], iframe, [onerror], [onmouseover], a[href^='javascript:']")
        assert injected.count() == 0, path
        assert page.evaluate("Array.from(document.scripts).filter(s => !s.src).length") == 0, path
    # the hostile text is shown as text
    page.goto(f"{live_server.url}/documents/{docs[0]}")
    assert "<script>" in page.inner_text("main") or "onerror" in page.inner_text("main")
    shot(page, artifacts, "hostile-document")
    assert page.dialogs == []
