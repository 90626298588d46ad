"""The read side of the web app over a registry ingested from samples/: every page and its JSON twin, search
facets and filters in the URL, cursors, bulk export, language and script switches, 404s, hostile text, an empty
or unreachable registry, and the euro conversion and asset building behind the pages."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from devatlas.ingest.pipeline import ingest
from devatlas.resolve.rates import BAM_PER_EUR, to_eur
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.web import assets
from devatlas.web import queries as q
from devatlas.web.app import create_app
from tests.conftest import SAMPLES

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def reader(registry_file: Path) -> Iterator[TestClient]:
    """One client for the whole module over the session's ingested registry: these tests only read."""
    with TestClient(create_app(f"sqlite:///{registry_file}")) as client:
        yield client


@pytest.fixture(scope="module")
def ids(registry_file: Path) -> dict[str, int]:
    """A project with budget and funders, its funder, one of its places, a Cyrillic and a Latin Serbian document."""
    store = Store(f"sqlite:///{registry_file}")
    with store.session() as session:
        project = session.scalars(select(m.Project).join(m.BudgetLine).join(m.ProjectParticipant)
                                  .join(m.ProjectPlace).order_by(m.Project.id)).first()
        assert project is not None
        funder = next(p.organisation_id for p in project.participants if p.role == 1)
        place = project.places[0].place_id
        cyrillic = session.scalar(select(m.Document.id).where(m.Document.script == "cyrillic").order_by(m.Document.id))
        latin_sr = session.scalar(select(m.Document.id).where(m.Document.language == "sr",
                                                              m.Document.script == "latin").order_by(m.Document.id))
        hostile = session.scalar(select(m.Document.id).where(m.Document.text.like("%<script>%")))
    store.close()
    return {"project": project.id, "funder": funder, "place": place, "cyrillic": cyrillic, "latin_sr": latin_sr,
            "hostile": hostile}


# -- every page and its JSON twin ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["projects", "organisations", "places", "documents"])
def test_record_pages_and_json_twins(reader: TestClient, ids: dict[str, int], kind: str) -> None:
    key = {"projects": "project", "organisations": "funder", "places": "place", "documents": "cyrillic"}[kind]
    record = reader.get(f"/api/v1/{kind}/{ids[key]}")
    assert record.status_code == 200
    data = record.json()
    page = reader.get(f"/{kind}/{ids[key]}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    name = data.get("title") or data.get("name") or data["document"]["title"]
    assert escape_like_jinja(name) in page.text
    twin = reader.get(f"/{kind}/{ids[key]}.json", follow_redirects=True)
    assert twin.json() == data


def escape_like_jinja(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


def test_project_page_shows_money_in_eur_with_rate_and_evidence(reader: TestClient, ids: dict[str, int]) -> None:
    data = reader.get(f"/api/v1/projects/{ids['project']}").json()
    assert data["budget"] and data["participants"] and data["places"]
    for line in data["budget"]:
        year = int(line["value_date"][:4]) if line["value_date"] else None
        converted = to_eur(line["amount"], line["currency"], year)
        assert line["eur"] == (round(converted.eur, 2) if converted else None)
    evidenced = [line for line in data["budget"] if line["evidence"]]
    assert evidenced, "a budget line points at the sentence that states it"
    marked = [s["text"] for s in evidenced[0]["evidence"]["segments"] if s["mark"]]
    assert len(marked) == 1 and any(ch.isdigit() for ch in marked[0])
    assert data["documents"] and all(d["sentences"] for d in data["documents"])
    page = reader.get(f"/projects/{ids['project']}").text
    assert "EUR" in page and "<mark" in page and "Funding" in page and 'data-map="mini"' in page


def test_organisation_page_lists_projects_by_role_and_partner_network(reader: TestClient, ids: dict[str, int]) -> None:
    data = reader.get(f"/api/v1/organisations/{ids['funder']}").json()
    funded = {p["id"] for group in data["projects_by_role"] if group["role"] == 1 for p in group["projects"]}
    assert ids["project"] in funded
    assert data["network"]["nodes"][0]["id"] == ids["funder"] and data["network"]["nodes"][0]["centre"]
    assert len(data["network"]["nodes"]) == len(data["partners"][:24]) + 1
    page = reader.get(f"/organisations/{ids['funder']}").text
    if data["partners"]:
        assert '<svg class="network"' in page


def test_organisation_page_gives_the_contacts_and_standing_the_sources_name(reader: TestClient,
                                                                          registry_file: Path) -> None:
    store = Store(f"sqlite:///{registry_file}")
    with store.session() as session:
        org_id = session.scalar(select(m.Fact.subject_id).join(m.Organisation, m.Organisation.id == m.Fact.subject_id)
                                .where(m.Fact.subject_type == "organisation", m.Fact.predicate == "email",
                                       m.Organisation.kind == "municipality"))
    store.close()
    data = reader.get(f"/api/v1/organisations/{org_id}").json()
    assert data["status"] == "local government"
    email = next(c["value"] for c in data["contacts"] if c["kind"] == "email")
    assert f'href="mailto:{email}"' in reader.get(f"/organisations/{org_id}").text


def test_place_profile_has_funding_and_nearby_activity(reader: TestClient, ids: dict[str, int]) -> None:
    data = reader.get(f"/api/v1/places/{ids['place']}").json()
    assert ids["project"] in {p["id"] for p in data["projects"]}
    assert data["funding"], "the project's money shows under the place"
    distances = [n["distance_km"] for n in data["nearby"]]
    assert distances == sorted(distances) and all(n["projects"] + n["mentions"] > 0 for n in data["nearby"])
    assert ids["place"] not in {n["place"]["id"] for n in data["nearby"]}


def test_nearby_places_are_the_nearest_active_ones_and_follow_new_activity(registry_url: str) -> None:
    """Nearby activity comes from a summary kept per registry version: exactly the eight nearest active places,
    and a place that gains a project shows up at once."""
    store = Store(registry_url)
    with store.session() as session:
        activity = q.place_activity(session)
        located = session.scalars(select(m.Place).where(m.Place.lat.is_not(None))).all()
        here = next(p for p in located if p.id in activity)
        expected = sorted((q.haversine_km(here.lat, here.lon, p.lat, p.lon), p.id) for p in located
                          if p.id in activity and p.id != here.id)[:8]
        before = q.place_detail(session, here.id)
        assert before is not None
        assert [n.place.id for n in before.nearby] == [i for _, i in expected]
        quiet = m.Place(gazetteer_id="test-next-door", name="Next Door", country=here.country, kind="village",
                        parents=[], lat=here.lat + 0.001, lon=here.lon)
        session.add(quiet)
        session.flush()
        project_id = session.scalar(select(m.Project.id).limit(1))
        session.add(m.ProjectPlace(project_id=project_id, place_id=quiet.id))
    with store.session() as session:
        after = q.place_detail(session, here.id)
        assert after is not None
        assert after.nearby[0].place.id == quiet.id, "the new activity is not hidden by the summary"
    store.close()


def test_a_pages_session_reads_the_registry_version_once_and_a_writers_session_every_time(
        registry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(registry_url)
    versions: list[tuple[object, ...]] = []
    read_version = q.registry_version
    monkeypatch.setattr(q, "registry_version", lambda session: versions.append(read_version(session)) or versions[-1])
    with store.session() as session:
        session.info["reads_only"] = True  # as the pages' sessions are
        q.cached(session, "place_activity", q.place_activity)
        q.cached(session, "active_places", q._active_places)
    assert len(versions) == 1
    with store.session() as session:
        first = q.cached(session, "place_activity", q.place_activity)
        quiet = m.Place(gazetteer_id="test-quiet", name="Quiet", country="BA", kind="village", parents=[])
        session.add(quiet)
        session.flush()
        assert quiet.id not in first
        session.add(m.ProjectPlace(project_id=session.scalar(select(m.Project.id).limit(1)), place_id=quiet.id))
        session.flush()
        assert quiet.id in q.cached(session, "place_activity", q.place_activity), "a writer sees its own change"
    assert len(versions) == 3
    store.close()


def test_place_funding_adds_up_its_projects_money_and_follows_a_new_budget_line(registry_url: str) -> None:
    """A place's funding table comes from per-project sums kept per registry version: it equals the sums of its
    projects' budget lines per year and funders, converted per currency, and money added later shows at once."""
    store = Store(registry_url)
    with store.session() as session:
        place_id = session.scalar(select(m.ProjectPlace.place_id).join(
            m.BudgetLine, m.BudgetLine.project_id == m.ProjectPlace.project_id).order_by(m.ProjectPlace.id))
        assert place_id is not None
        project_ids = set(session.scalars(select(m.ProjectPlace.project_id).where(m.ProjectPlace.place_id == place_id)))

        def expected() -> dict[tuple[int | None, str], float]:
            sums: dict[tuple[int | None, str, str], float] = {}
            for project_id in sorted(project_ids):
                funders = session.scalars(select(m.Organisation.name).join(
                    m.ProjectParticipant, m.ProjectParticipant.organisation_id == m.Organisation.id).where(
                    m.ProjectParticipant.project_id == project_id, m.ProjectParticipant.role == 1)).all()
                label = " + ".join(sorted(funders)) or "—"
                for line in session.scalars(select(m.BudgetLine).where(m.BudgetLine.project_id == project_id)):
                    key = (line.value_date.year if line.value_date else None, label, line.currency)
                    sums[key] = sums.get(key, 0.0) + line.amount
            cells: dict[tuple[int | None, str], float] = {}
            for (year, label, currency), amount in sums.items():
                converted = to_eur(amount, currency, year)
                if converted is not None:
                    cells[(year, label)] = cells.get((year, label), 0.0) + converted.eur
            return {key: round(value, 2) for key, value in cells.items()}

        def shown() -> dict[tuple[int | None, str], float]:
            detail = q.place_detail(session, place_id)
            assert detail is not None
            return {(c.year, c.funder): c.eur for c in detail.funding}

        before = shown()
        assert before and before == pytest.approx(expected())
        session.add(m.BudgetLine(project_id=min(project_ids), amount=1_955_830, currency="BAM",
                                 value_date=date(2031, 5, 1)))
    with store.session() as session:
        after = shown()
        assert after == pytest.approx(expected())
        assert any(year == 2031 for year, _ in after) and not any(year == 2031 for year, _ in before)
    store.close()


def test_document_page_marks_every_fact_and_links_entities(reader: TestClient, ids: dict[str, int]) -> None:
    data = reader.get(f"/api/v1/documents/{ids['cyrillic']}").json()
    assert "".join(s["text"] for s in data["segments"]) == reader_text(ids["cyrillic"], reader)
    marked = [s for s in data["segments"] if s["mark"]]
    assert marked and any(s["link"] for s in marked)
    page = reader.get(f"/documents/{ids['cyrillic']}").text
    link = next(s["link"] for s in marked if s["link"])
    assert f'href="{link}"' in page


def reader_text(doc_id: int, client: TestClient) -> str:
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        return session.get(m.Document, doc_id).text


def test_map_dashboards_and_api_index(reader: TestClient, ids: dict[str, int]) -> None:
    everything = reader.get("/api/v1/map").json()
    assert everything["points"] and all(p["place"]["lat"] is not None for p in everything["points"])
    by_funder = reader.get(f"/api/v1/map?funder={ids['funder']}").json()
    assert by_funder["points"] and len(by_funder["points"]) < len(everything["points"])
    assert ids["place"] in {p["place"]["id"] for p in by_funder["points"]}
    page = reader.get(f"/map?funder={ids['funder']}&size=eur")
    assert page.status_code == 200 and 'data-size="eur"' in page.text and "/static/map.js" in page.text
    assert "sector" not in page.text or everything["sectors"]
    assert reader.get("/map?funder=&year=&size=projects").status_code == 200, "the form's 'all' is an empty value"
    dashboards = reader.get("/api/v1/dashboards").json()
    assert dashboards["funding_by_funder"] and dashboards["projects_by_year"]
    assert dashboards["totals"]["projects"] > 0
    assert reader.get("/dashboards").text.count('<svg class="chart"') >= 4
    api = reader.get("/api").text
    assert "/api/v1/projects/{project_id}" in api
    schema = reader.get("/openapi.json").json()
    assert schema["paths"]["/api/v1/projects/{project_id}"]["get"]["responses"]["200"]["content"]
    assert "ProjectDetail" in schema["components"]["schemas"]


# -- search ------------------------------------------------------------------------------------------------------


def test_search_facets_and_filters_live_in_the_url(reader: TestClient) -> None:
    everything = reader.get("/api/v1/search?q=projekat").json()
    assert everything["total"] > 1
    countries = everything["facets"]["country"]
    assert countries and sum(c["count"] for c in countries) >= 1
    country = countries[-1]["value"]
    filtered = reader.get(f"/api/v1/search?q=projekat&country={country}").json()
    assert 0 < filtered["total"] <= everything["total"]
    assert filtered["filters"] == {"country": country}
    assert any(f["selected"] for f in filtered["facets"]["country"])
    page = reader.get(f"/search?q=projekat&country={country}").text
    assert f'name="country" value="{country}"' in page, "the search box keeps the filter"
    assert "&amp;country=" not in page.split('class="facets"', 1)[1].split("Clear filters", 1)[0]
    assert f"/search?q=projekat&amp;country={country}&amp;year=" in page or "year" not in filtered["facets"]


def test_search_snippets_keep_only_marks_and_escape_text(reader: TestClient) -> None:
    data = reader.get("/api/v1/search?q=Gradačac").json()
    assert data["results"]
    segments = data["results"][0]["snippet"]
    assert any(s["mark"] for s in segments)
    assert not any("<mark>" in s["text"] or "&lt;" in s["text"] for s in segments)
    page = reader.get("/search?q=Gradačac").text
    assert "<mark" in page


def test_page_sessions_open_and_close_on_the_event_loop(registry_url: str, ids: dict[str, int]) -> None:
    """A read page's session is opened and closed by the event loop, not in the thread pool (two fewer trips
    through it for every page); the page itself still reads in a request thread."""
    import threading
    from contextlib import contextmanager

    where: list[str] = []
    with TestClient(create_app(registry_url)) as client:
        store = client.app.state.store  # type: ignore[attr-defined]
        opened = store.session

        @contextmanager
        def watched():  # type: ignore[no-untyped-def]
            where.append(threading.current_thread().name)
            with opened() as session:
                yield session
            where.append(threading.current_thread().name)

        store.session = watched
        assert client.get(f"/projects/{ids['project']}").status_code == 200
        assert client.get(f"/api/v1/places/{ids['place']}").status_code == 200
    assert len(where) >= 4 and not any("worker" in name.lower() for name in where), where


def test_search_page_reads_in_the_pages_own_transaction(registry_url: str) -> None:
    """The search page passes its session to the search: one connection and one snapshot for the whole page, and
    the same results as a search in a session of its own."""
    from devatlas.store.search import search_kinds

    store = Store(registry_url)
    limits = {"doc": 20, "project": 8, "org": 8, "place": 8}
    alone = search_kinds(store, "opština", limits)
    assert alone.total and alone.facets
    with store.session() as session:
        assert search_kinds(store, "opština", limits, session=session) == alone
        session.execute(text("DELETE FROM search_entry_values"))  # seen only inside this transaction
        assert not search_kinds(store, "opština", limits, session=session).facets
        assert search_kinds(store, "opština", limits).facets, "another connection still sees them"
        session.rollback()
    store.close()


def test_search_type_facet_and_name_matches(reader: TestClient, ids: dict[str, int]) -> None:
    data = reader.get("/api/v1/search?q=Gradačac").json()
    types = {f["value"] for f in data["facets"]["type"]}
    assert "doc" in types and ("place" in types or "org" in types)
    only_places = reader.get("/api/v1/search?q=Gradačac&type=place").json()
    assert all(h["type"] == "place" for h in only_places["results"] + only_places["entities"])


def test_empty_query_shows_overview_and_api_rejects_it(reader: TestClient) -> None:
    page = reader.get("/")
    assert page.status_code == 200 and "/projects/" in page.text
    assert reader.get("/api/v1/search?q=").status_code == 400


# -- paging and export -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", ["projects", "organisations", "places", "documents"])
def test_cursors_page_through_everything_once(reader: TestClient, collection: str) -> None:
    seen: list[int] = []
    url = f"/api/v1/{collection}?limit=7"
    pages = 0
    while True:
        body = reader.get(url).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        if not body["next_cursor"]:
            break
        assert re.fullmatch(r"[A-Za-z0-9_-]+", body["next_cursor"]), "the cursor is one opaque URL-safe token"
        url = f"/api/v1/{collection}?limit=7&cursor={body['next_cursor']}"
    assert seen == sorted(set(seen)), "every id once, in order"
    exported = [json.loads(line) for line in reader.get(f"/api/v1/export/{collection}.jsonl").text.splitlines()]
    assert [item["id"] for item in exported] == seen
    assert pages >= len(seen) / 7 > 1, "several pages, none of them over the limit"


def test_bad_cursor_is_a_clear_400(reader: TestClient) -> None:
    response = reader.get("/api/v1/projects?cursor=not-a-cursor")
    assert response.status_code == 400 and "cursor" in response.json()["detail"]
    assert q.decode_cursor(q.encode_cursor(41)) == 41


def test_search_export_streams_every_match(reader: TestClient) -> None:
    total = reader.get("/api/v1/search?q=projekat&type=doc&limit=1").json()["total"]
    response = reader.get("/api/v1/export/search.jsonl?q=projekat")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == total > 20, "more than one page of results, all of them"
    assert [line["rank"] for line in lines] == list(range(1, total + 1))
    assert reader.get("/api/v1/export/nothing.jsonl").status_code == 404


# -- language and script -----------------------------------------------------------------------------------------


def test_language_switch_is_remembered(reader: TestClient) -> None:
    reader.cookies.clear()
    local = reader.get("/dashboards?ui=bs")
    assert "Finansiranje po donatoru" in local.text and local.cookies.get("devatlas_lang") == "bs"
    assert "Finansiranje po donatoru" in reader.get("/dashboards").text
    assert "Funding by funder" in reader.get("/dashboards?ui=en").text
    assert "Funding by funder" in reader.get("/dashboards").text
    reader.cookies.clear()


def test_script_switch_shows_serbian_in_either_script(reader: TestClient, ids: dict[str, int]) -> None:
    reader.cookies.clear()
    original = reader.get(f"/documents/{ids['cyrillic']}").text
    body = lambda html: html.split('class="doctext"', 1)[1].split("</div>", 1)[0]  # noqa: E731
    assert CYRILLIC.search(body(original))
    latin = reader.get(f"/documents/{ids['cyrillic']}?script=latin").text
    assert not CYRILLIC.search(body(latin)) and "<mark" in body(latin)
    cyrillic = reader.get(f"/documents/{ids['latin_sr']}?script=cyrillic").text
    assert CYRILLIC.search(body(cyrillic))
    reader.cookies.clear()


# -- errors, emptiness, hostile text -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["projects", "organisations", "places", "documents"])
def test_unknown_ids_are_404(reader: TestClient, kind: str) -> None:
    page = reader.get(f"/{kind}/987654")
    assert page.status_code == 404 and "Page not found." in page.text
    api = reader.get(f"/api/v1/{kind}/987654")
    assert api.status_code == 404 and api.json()["detail"].startswith("no such")
    too_big = reader.get(f"/{kind}/{2**70}")
    assert too_big.status_code == 422 and "Not a valid value" in too_big.text
    assert reader.get(f"/api/v1/{kind}/{2**70}").status_code == 422


def test_empty_registry_gives_friendly_pages(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}")) as client:
        home = client.get("/")
        assert home.status_code == 200 and "The registry is empty." in home.text
        for path in ("/search?q=anything", "/map", "/dashboards", "/api/v1/projects", "/api/v1/map"):
            assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("url", ["mysql://nobody@nowhere/db", "sqlite:////dev/null/inside/a/file.db"])
def test_unusable_registry_gives_a_503_page_not_a_traceback(url: str) -> None:
    with TestClient(create_app(url)) as client:
        page = client.get("/")
        assert page.status_code == 503 and "The registry is not available." in page.text
        assert "registry" in page.text.split("<main>", 1)[1] and "Traceback" not in page.text
        assert client.get("/api/v1/projects").status_code == 503


def test_hostile_document_and_names_render_escaped(registry_url: str, ids: dict[str, int]) -> None:
    store = Store(registry_url)
    with store.session() as session:
        org = m.Organisation(name='<script>alert("org")</script> d.o.o.', key="org:hostile-test", kind="company")
        project = m.Project(key="project:hostile-test", title="<img src=x onerror=alert(2)> Projekat")
        session.add_all([org, project])
        session.flush()
        project.participants.append(m.ProjectParticipant(organisation_id=org.id, role=4))
        org_id, project_id = org.id, project.id
    store.close()
    with TestClient(create_app(registry_url)) as client:
        for path in (f"/documents/{ids['hostile']}", f"/organisations/{org_id}", f"/projects/{project_id}",
                     "/search?q=script", "/search?q=<script>alert(1)</script>"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "<script>alert" not in response.text and "<img src=x" not in response.text, path
            assert "&lt;script&gt;" in response.text or "&lt;img" in response.text, path
            csp = response.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# -- units behind the pages --------------------------------------------------------------------------------------


def test_euro_conversion_rates() -> None:
    assert to_eur(1_955_830, "BAM", 2019).eur == pytest.approx(1_000_000)  # type: ignore[union-attr]
    assert to_eur(1, "BAM", None).rate == BAM_PER_EUR  # type: ignore[union-attr]
    usd = to_eur(1119.5, "USD", 2019)
    assert usd is not None and usd.eur == pytest.approx(1000) and usd.year == 2019
    assert to_eur(100, "EUR", 2001).eur == 100  # type: ignore[union-attr]
    assert to_eur(100, "XYZ", 2019) is None
    later = to_eur(100, "RSD", 2099)
    assert later is not None and later.year is not None and later.year < 2099, "nearest year, and it says which"


def test_sentence_bounds_and_marked_text() -> None:
    text = "Prva rečenica. Druga rečenica o novcu od 5 KM. Treća."
    start = text.index("5 KM")
    assert text[slice(*q.sentence_bounds(text, start, start + 4))].strip() == "Druga rečenica o novcu od 5 KM."
    facts = [m.Fact(id=1, start=0, end=4, subject_type="place", subject_id=3, predicate="mentions",
                    review_state="machine"),
             m.Fact(id=2, start=2, end=6, subject_type="organisation", subject_id=4, predicate="mentions",
                    review_state="machine")]
    pieces = q.marked_text(text, facts)
    assert "".join(p.text for p in pieces) == text
    assert [p.link for p in pieces if p.mark] == ["/places/3"], "overlapping spans: the first wins"


def test_record_links_escape_and_follow_the_readers_script() -> None:
    from devatlas.web.schemas import DocumentRef, ProjectRef
    from devatlas.web.templating import templates

    page = templates.env.from_string("{{ link_items('project', projects) }}|{{ doc_link(doc) }}|{{ place_link(p) }}")
    projects = [ProjectRef(id=7, title="Voda <b>za</b> sve", acronym="V&S"), ProjectRef(id=8, title="Mladi")]
    doc = DocumentRef(id=3, title="Опћина", source="x.txt", language="sr", published=date(2021, 3, 12))
    place = {"id": 5, "name": "Laktaši"}

    html = page.render(projects=projects, doc=doc, p=type("P", (), place), sc=lambda text, language="": text.upper())
    assert html == ('<li><a href="/projects/7">VODA &lt;B&gt;ZA&lt;/B&gt; SVE</a> <span class="muted">(V&amp;S)</span>'
                    '</li><li><a href="/projects/8">MLADI</a></li>|<a href="/documents/3">ОПЋИНА</a> '
                    '<span class="muted">2021-03-12</span>|<a href="/places/5">LAKTAŠI</a>')
    assert "Voda &lt;b&gt;" in page.render(projects=projects, doc=doc, p=type("P", (), place)), "no sc(): as written"


def test_project_and_place_parts_escape_and_follow_the_readers_script() -> None:
    """The timeline, the source quotations, the place list and the funding table are written in Python (a busy
    page has hundreds of rows): hostile names stay text, content follows sc() and interface words t()."""
    from devatlas.web.schemas import DocumentRef, Evidence, PlaceRef, Segment, SourceDocument, TimelineItem
    from devatlas.web.templating import templates

    page = templates.env.from_string(
        "{{ timeline_items(items) }}|{{ source_blocks(sources) }}|{{ place_items(places) }}|{{ number_rows(rows) }}")
    hostile = "<script>alert(1)</script>"
    place = PlaceRef(id=5, name="Laktaši", country="BA")
    items = [TimelineItem(date=date(2021, 3, 12), kind="amount", amount=1300000, currency="BAM", document_id=3),
             TimelineItem(date=date(2021, 4, 1), kind="published", label=hostile, document_id=4, place=place),
             TimelineItem(date=date(2022, 1, 1), kind="end")]
    sources = [SourceDocument(document=DocumentRef(id=3, title=hostile, source="x.txt", language="sr"),
                              sentences=[Evidence(document_id=3, start=0, end=4, segments=[
                                  Segment(text="Opština "), Segment(text="<b>", mark=True, kind="place", start=8)])])]
    html = page.render(items=items, sources=sources, places=[place], rows=[(hostile, ["1\u202f000", ""])],
                       sc=lambda text, language="": (text or "").upper(), t=lambda text: f"[{text}]")
    assert "<script>" not in html and html.count("&lt;SCRIPT&gt;") == 3
    assert ('<li class="ev-amount"><time datetime="2021-03-12">2021-03-12</time> <span class="tag">[amount]</span> '
            '<a href="/documents/3">1\u202f300\u202f000 BAM</a></li>') in html
    assert '[published]</span> <a href="/documents/4">&lt;SCRIPT&gt;' in html
    assert ' · <a href="/places/5">LAKTAŠI</a>' in html
    assert '<span class="tag">[end]</span> </li>' in html, "no label, no document: nothing after the kind"
    assert '<blockquote>OPŠTINA <mark class="k-place" id="at-8">&lt;B&gt;</mark></blockquote>' in html
    assert '<li><a href="/places/5">LAKTAŠI</a> <span class="muted">BA</span></li>' in html
    assert html.endswith('<tr><td>&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;</td><td class="num">1\u202f000</td>'
                         '<td class="num"></td></tr>')


def test_facet_values_link_to_the_search_with_them_added_or_dropped() -> None:
    from starlette.requests import Request

    from devatlas.web.templating import query_with, templates

    request = Request({"type": "http", "query_string": b"q=voda&place=Lakta%C5%A1i&lang=bs"})
    page = templates.env.from_string("{{ facet_items('place', places) }}|{{ facet_items('type', types) }}")
    html = page.render(places=[{"value": "<b>Brod</b>", "count": 3, "selected": False},
                               {"value": "Laktaši", "count": 2, "selected": True}],
                       types=[{"value": "doc", "count": 9, "selected": False}],
                       query_with=query_with(request),
                       sc=lambda text, language="": text.upper(), type_label=lambda kind: f"[{kind}]")
    assert html == ('<li><a href="/search?q=voda&amp;lang=bs&amp;place=%3Cb%3EBrod%3C%2Fb%3E">'
                    '&lt;B&gt;BROD&lt;/B&gt;</a> <span class="count">3</span></li>'
                    '<li class="selected"><a href="/search?q=voda&amp;lang=bs">LAKTAŠI</a> '
                    '<span class="count">2</span></li>|'
                    '<li><a href="/search?q=voda&amp;place=Lakta%C5%A1i&amp;lang=bs&amp;type=doc">[doc]</a> '
                    '<span class="count">9</span></li>')


def test_a_quotation_keeps_the_document_offsets_of_its_facts_and_links_nothing() -> None:
    text = "Prva rečenica. Općina Laktaši daje 5 KM. Treća."
    left = text.index("Općina")
    facts = [m.Fact(id=1, start=text.index("Laktaši"), end=text.index("Laktaši") + 7, subject_type="place",
                    subject_id=3, predicate="mentions", review_state="machine")]
    sentence = q.sentences_with_marks(type("D", (), {"id": 9, "text": text})(), facts)  # type: ignore[arg-type]
    assert [(p.text, p.mark, p.start, p.link) for p in sentence[0]["segments"]] == [
        ("Općina ", False, None, None), ("Laktaši", True, text.index("Laktaši") - left, None),
        (" daje 5 KM.", False, None, None)]
    assert (sentence[0]["start"], sentence[0]["end"]) == (facts[0].start, facts[0].end)
    assert q.marked_text(text, facts)[1].link == "/places/3", "the whole text links its marks"


def test_sentence_bounds_agree_with_a_scan_of_the_text_before_the_fact() -> None:
    """The previous sentence end is looked up among the text's ends found once; it must be the one a scan of the
    text cut at the fact's start finds, also where an end's two characters straddle that start."""
    import random

    def scanned(text: str, start: int, end: int) -> tuple[int, int]:
        left = 0
        for match in re.finditer(r"[.!?…]\s|\n", text[:start]):
            left = match.end()
        right = re.compile(r"[.!?…]\s|\n").search(text, end)
        return left, min(right.start() + 1 if right else len(text), len(text))

    assert q.sentence_bounds("Kraj. Novi", 5, 9) == (0, 10), "'. ' straddles the start: no end before it"
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice("ab .!?…\n ") for _ in range(rng.randrange(2, 30)))
        start = rng.randrange(len(text) - 1)
        end = rng.randrange(start + 1, len(text) + 1)
        assert q.sentence_bounds(text, start, end) == scanned(text, start, end), (text, start, end)


def _npm_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_assets_check_integrity_and_stay_inside_the_package() -> None:
    data = _npm_tarball({"package/dist/a.js": b"ok", "package/../../evil.js": b"no", "package/README.md": b"x"})
    good = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    assets.verify(data, good, "test")
    with pytest.raises(assets.AssetError, match="integrity"):
        assets.verify(data + b"x", good, "test")
    assert assets.members(data, "dist/") == {"a.js": b"ok"}


def test_topojson_outlines_are_decoded() -> None:
    topology = {
        "type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 40]},
        "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "070", "properties": {"name": "Bosnia and Herz."}, "arcs": [[0]]},
            {"type": "Polygon", "id": "999", "properties": {"name": "Elsewhere"}, "arcs": [[0]]},
        ]}},
    }
    outlines = assets.topojson_to_geojson(topology, "countries", {"070": "BA"}, {})
    assert [f["properties"]["code"] for f in outlines["features"]] == ["BA"]
    ring = outlines["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] == [10.0, 40.0] and [11.0, 40.0] in ring


def test_every_page_and_api_on_postgresql(postgres_url: str) -> None:
    """The same queries on the other backend (NULL ordering, LIKE, grouping): a few samples, every view."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS devatlas_web_pages"))
        conn.execute(text("CREATE DATABASE devatlas_web_pages"))
    url = postgres_url.rsplit("/", 1)[0] + "/devatlas_web_pages"
    store = Store(url)
    ingest(store, sorted(SAMPLES.glob("*.txt"))[:12])
    store.close()
    try:
        with TestClient(create_app(url)) as client:
            first = {kind: client.get(f"/api/v1/{kind}?limit=1").json()["items"][0]["id"]
                     for kind in ("projects", "organisations", "places", "documents")}
            paths = [f"/{kind}/{ident}" for kind, ident in first.items()]
            paths += [f"/api/v1/{kind}/{ident}" for kind, ident in first.items()]
            paths += ["/", "/search?q=projekat", "/api/v1/search?q=projekat", "/map", "/dashboards",
                      "/api/v1/export/places.jsonl", "/api/v1/export/search.jsonl?q=projekat"]
            for path in paths:
                assert client.get(path).status_code == 200, path
            assert client.get("/api/v1/search?q=projekat").json()["total"] > 0
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS devatlas_web_pages WITH (FORCE)"))
        admin.dispose()


def test_request_threads_come_from_the_settings(registry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import anyio.to_thread

    from devatlas.web.app import request_threads

    monkeypatch.setenv("DEVATLAS_WEB_THREADS", "3")
    with TestClient(create_app(registry_url)) as client:
        assert client.portal is not None
        assert client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens) == 3
        assert client.get("/search?q=Laktaši").status_code == 200
    monkeypatch.setenv("DEVATLAS_WEB_THREADS", "many")
    assert request_threads() == 4


def test_interface_language_and_language_facet_are_separate_choices(reader: TestClient) -> None:
    """?lang= filters the search by document language; ?ui= chooses the interface. Neither changes the other."""
    reader.cookies.clear()
    filtered = reader.get("/search?q=projekat&lang=bs")
    assert filtered.status_code == 200 and "devatlas_lang" not in filtered.cookies
    assert 'lang="en"' in filtered.text, "a document-language filter must not switch the interface"
    local = reader.get("/search?q=projekat&lang=bs&ui=bs")
    assert 'lang="bs"' in local.text and local.cookies.get("devatlas_lang") == "bs"
    assert 'name="lang" value="bs"' in local.text, "the filter survives the interface switch"
    reader.cookies.clear()
