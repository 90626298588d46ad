"""The HTML pages. Each reads through the same queries as its JSON twin under /api/v1."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, RedirectResponse

from devatlas.resolve.rates import RATES_SOURCE
from devatlas.settings import load_settings
from devatlas.store import models as m
from devatlas.store import search as search_lib
from devatlas.store.db import rows
from devatlas.web import queries as q
from devatlas.web.deps import RecordId, get_session, get_store
from devatlas.web.schemas import PlaceRef, SearchPage
from devatlas.web.templating import STATIC_DIR, number, render

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]

SEARCH_FACETS = ("country", "place", "funder", "org", "year", "lang")
ENTITY_TYPES = ("doc", "project", "org", "place")
RECORDS_SHOWN = 8  # projects, organisations and places each shown above the documents
TYPE_LINKS = {"doc": "/documents/", "project": "/projects/", "org": "/organisations/", "place": "/places/"}


def search_page(request: Request, session: Session, query: str, filters: dict[str, str],
                entity_type: str | None, limit: int = 20) -> SearchPage:
    """The search as the API gives it: `search_data` validated in one call."""
    return SearchPage.model_validate(search_data(request, session, query, filters, entity_type, limit))


def search_data(request: Request, session: Session, query: str, filters: dict[str, str],
                entity_type: str | None, limit: int = 20) -> dict[str, Any]:
    """One ranked search over every kind of record the index holds: a page of documents and the best few
    projects, organisations and places (or a page of the chosen kind), facet counts over them and a type facet
    with the matches of every kind; when the index finds nothing, records whose names hold the query. Plain values
    in the shape of `SearchPage`: the page renders them as they are (validating values this function made cost a
    search page 4% of its time), the API validates them."""
    store = get_store(request)
    indexed = indexed_types()
    limits = {k: (limit if entity_type or k == "doc" else RECORDS_SHOWN) if entity_type in (None, k) else 0
              for k in indexed}
    found = search_lib.search_kinds(store, query, limits, filters, session)
    type_counts = dict(found.counts)
    # Plain values, validated by the API in one call: a model made one by one (hits, their snippets' pieces, facet
    # values: near two hundred a page) costs a Python call each.
    hits = [{"type": r.type, "id": r.id, "title": r.title or r.source, "link": f"{TYPE_LINKS.get(r.type, '/')}{r.id}",
             "source": r.source, "score": r.score,
             "snippet": [{"text": text, "mark": marked} for text, marked in r.pieces]}
            for k in indexed for r in found.results.get(k, [])]
    shown = {(h["type"], h["id"]) for h in hits}
    # Names holding the query as written (a part of a word, say) when the index finds nothing at all: the
    # substring scans cost more than the search itself, so they are kept for queries they can rescue.
    by_name = q.entity_matches(session, query) if not any(type_counts.values()) else []
    for hit in by_name:
        type_counts[hit.type] = type_counts.get(hit.type, 0) + 1
    entities = [e.model_dump() for e in by_name if entity_type in (None, e.type) and (e.type, e.id) not in shown]
    facets = {name: [{"value": v, "count": n, "selected": filters.get(name) == v} for v, n in values]
              for name, values in found.facets.items()}
    facets["type"] = [{"value": t, "count": n, "selected": entity_type == t} for t, n in type_counts.items() if n]
    return {"query": query, "total": found.total, "total_exact": found.counts_exact, "total_capped": found.total_capped,
            "filters": filters, "results": hits, "entities": entities, "facets": facets}


def indexed_types() -> tuple[str, ...]:
    """The kinds of record the search index holds (documents at least)."""
    return tuple(getattr(search_lib, "ENTITY_TYPES", ("doc",)))


@router.get("/{collection}/{item_id:int}.json")
def json_twin(collection: str, item_id: int) -> RedirectResponse:
    """/projects/12.json and the like lead to the API's record."""
    if collection not in q.COLLECTIONS:
        raise HTTPException(404, "No such collection.")
    return RedirectResponse(f"/api/v1/{collection}/{item_id}", status_code=308)


_ANY_DOCUMENT = select(m.Document.id).limit(1)


def read_filters(request: Request) -> dict[str, str]:
    return {name: value for name in SEARCH_FACETS if (value := request.query_params.get(name, "").strip())}


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_view(request: Request, session: SessionDep, q_: Annotated[str, Query(alias="q")] = "",
                type_: Annotated[str | None, Query(alias="type")] = None) -> HTMLResponse:
    entity_type = type_ if type_ in ENTITY_TYPES else None
    documents = 1 if rows(session, _ANY_DOCUMENT) else 0  # only: any at all?
    if not q_.strip():
        recent = session.scalars(select(m.Project).order_by(m.Project.id.desc()).limit(30)).all()
        return render(request, "search.html", page=None, documents=documents,
                      counts=q.cached(session, "counts", _counts), recent=[q.project_ref(p) for p in recent])
    page = search_data(request, session, q_.strip(), read_filters(request), entity_type)
    # records (projects, organisations, places) are listed apart from the documents: split here, where a list
    # comprehension costs a tenth of the template's attribute filters
    records = [hit for hit in page["results"] if hit["type"] != "doc"] + page["entities"]
    documents_found = [hit for hit in page["results"] if hit["type"] == "doc"]
    return render(request, "search.html", page=page, documents=documents, counts=None, recent=[], records=records,
                  documents_found=documents_found)


def _counts(session: Session) -> dict[str, int]:
    return {name: session.scalar(select(func.count(model.id))) or 0
            for name, (model, _) in q.COLLECTIONS.items()}


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_view(request: Request, project_id: RecordId, session: SessionDep) -> HTMLResponse:
    project = q.project_detail(session, project_id)
    if project is None:
        raise HTTPException(404, "No such project.")
    return render(request, "project.html", project=project, place_points=_points(project.places),
                  rates_source=RATES_SOURCE, map_config=_map_config(), has_leaflet=_has_leaflet())


@router.get("/organisations/{org_id}", response_class=HTMLResponse)
def organisation_view(request: Request, org_id: RecordId, session: SessionDep) -> HTMLResponse:
    org = q.organisation_detail(session, org_id)
    if org is None:
        raise HTTPException(404, "No such organisation.")
    return render(request, "organisation.html", org=org)


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place_view(request: Request, place_id: RecordId, session: SessionDep) -> HTMLResponse:
    place = q.place_detail(session, place_id)
    if place is None:
        raise HTTPException(404, "No such place.")
    table = {(c.year, c.funder): c.eur for c in place.funding}
    # the funder × year table as rows of formatted cells: a busy place has hundreds of cells
    funding_rows = [(funder, [number(table[(year, funder)]) if table.get((year, funder)) else ""
                              for year in place.funding_years])
                    for funder in sorted({c.funder for c in place.funding})]
    here = PlaceRef(id=place.id, name=place.name, country=place.country, kind=place.kind, lat=place.lat,
                    lon=place.lon)
    points = _points([here]) + _points([n.place for n in place.nearby], weight=[n.projects for n in place.nearby])
    return render(request, "place.html", place=place, funding_rows=funding_rows, place_points=points,
                  map_config=_map_config(), has_leaflet=_has_leaflet())


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_view(request: Request, doc_id: RecordId, session: SessionDep) -> HTMLResponse:
    doc = q.document_detail(session, doc_id)
    if doc is None:
        raise HTTPException(404, "No such document.")
    return render(request, "document.html", doc=doc)


@router.get("/map", response_class=HTMLResponse)
def map_view(request: Request, session: SessionDep, funder: str = "", year: str = "", sector: str = "",
             size: str = "projects") -> HTMLResponse:
    """The filter form sends empty values for 'all', so the numbers are read leniently here."""
    funder_id, year_value = _whole_number(funder), _whole_number(year)
    data = q.map_data(session, funder_id, year_value, sector or None)
    return render(request, "map.html", data=data, funder=funder_id, year=year_value, sector=sector,
                  size="eur" if size == "eur" else "projects", map_config=_map_config(), has_leaflet=_has_leaflet())


def _whole_number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


@router.get("/dashboards", response_class=HTMLResponse)
def dashboards_view(request: Request, session: SessionDep) -> HTMLResponse:
    return render(request, "dashboards.html", data=q.dashboards(session))


@router.get("/api", response_class=HTMLResponse)
def api_view(request: Request) -> HTMLResponse:
    """A readable list of the JSON endpoints (the schema itself is /openapi.json)."""
    paths = sorted((path, sorted(ops), ops[next(iter(ops))].get("summary", ""))
                   for path, ops in request.app.openapi()["paths"].items() if path.startswith("/api/"))
    return render(request, "api.html", paths=paths)


def _points(places: list[PlaceRef], weight: list[int] | None = None) -> list[dict[str, object]]:
    """Marker data for static/map.js (only places with coordinates)."""
    weights = weight or [1] * len(places)
    return [{"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "n": n, "link": f"/places/{p.id}"}
            for p, n in zip(places, weights, strict=True) if p.lat is not None and p.lon is not None]


def _map_config() -> dict[str, str]:
    return {"tiles": load_settings().map_tiles}


@cache
def _has_leaflet() -> bool:
    """Whether the build vendored Leaflet (it does before the app starts): asked once, not with a file-system call
    on every page."""
    return (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").exists()
