"""The JSON API (/api/v1): every page's data, keyset pages with opaque cursors, and JSON-lines export of a whole
collection or search without page limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import StreamingResponse

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store import search as search_lib
from devatlas.web import queries as q
from devatlas.web import schemas as s
from devatlas.web.deps import RecordId, get_session, get_store
from devatlas.web.pages import ENTITY_TYPES, read_filters, search_page

router = APIRouter(prefix="/api/v1", tags=["registry"])
SessionDep = Annotated[Session, Depends(get_session)]
Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
Country = Annotated[str | None, Query(description="ISO 3166 alpha-2 code (places, organisations)")]
EXPORT_MEDIA_TYPE = "application/x-ndjson"
T = TypeVar("T")


def _page(session: Session, collection: str, cursor: str | None, limit: int, country: str | None) -> dict:
    try:
        after = q.decode_cursor(cursor)
    except ValueError as exc:
        raise HTTPException(400, f"cursor: {exc}") from None
    items, last = q.collection_page(session, collection, after, limit, country)
    return {"items": items, "next_cursor": q.encode_cursor(last) if last is not None else None}


@router.get("/projects", response_model=s.Page[s.ProjectRef], summary="Projects, a page at a time")
def list_projects(session: SessionDep, cursor: Cursor = None, limit: Limit = 50) -> dict:
    return _page(session, "projects", cursor, limit, None)


@router.get("/organisations", response_model=s.Page[s.OrganisationRef], summary="Organisations, a page at a time")
def list_organisations(session: SessionDep, cursor: Cursor = None, limit: Limit = 50, country: Country = None) -> dict:
    return _page(session, "organisations", cursor, limit, country)


@router.get("/places", response_model=s.Page[s.PlaceRef], summary="Places, a page at a time")
def list_places(session: SessionDep, cursor: Cursor = None, limit: Limit = 50, country: Country = None) -> dict:
    return _page(session, "places", cursor, limit, country)


@router.get("/documents", response_model=s.Page[s.DocumentRef], summary="Documents, a page at a time")
def list_documents(session: SessionDep, cursor: Cursor = None, limit: Limit = 50) -> dict:
    return _page(session, "documents", cursor, limit, None)


@router.get("/projects/{project_id}", response_model=s.ProjectDetail, summary="A project and its evidence")
def get_project(project_id: RecordId, session: SessionDep) -> s.ProjectDetail:
    return _found(q.project_detail(session, project_id), "project")


@router.get("/organisations/{org_id}", response_model=s.OrganisationDetail, summary="An organisation")
def get_organisation(org_id: RecordId, session: SessionDep) -> s.OrganisationDetail:
    return _found(q.organisation_detail(session, org_id), "organisation")


@router.get("/places/{place_id}", response_model=s.PlaceDetail, summary="A place's profile")
def get_place(place_id: RecordId, session: SessionDep) -> s.PlaceDetail:
    return _found(q.place_detail(session, place_id), "place")


@router.get("/documents/{doc_id}", response_model=s.DocumentDetail, summary="A document with its facts")
def get_document(doc_id: RecordId, session: SessionDep) -> s.DocumentDetail:
    return _found(q.document_detail(session, doc_id), "document")


@router.get("/search", response_model=s.SearchPage, summary="Search with facets (filters as query parameters)")
def search(request: Request, session: SessionDep, q_: Annotated[str, Query(alias="q")] = "",
           type_: Annotated[str | None, Query(alias="type", description="doc, project, org or place")] = None,
           limit: Annotated[int, Query(ge=1, le=100)] = 20,
           country: str | None = None, place: str | None = None, funder: str | None = None, org: str | None = None,
           year: str | None = None, lang: str | None = None) -> s.SearchPage:
    if not q_.strip():
        raise HTTPException(400, "q: a search needs at least one word")
    entity_type = type_ if type_ in ENTITY_TYPES else None
    return search_page(request, session, q_.strip(), read_filters(request), entity_type, limit)


@router.get("/map", response_model=s.MapData, summary="Places with activity, for the map")
def get_map(session: SessionDep, funder: int | None = None, year: int | None = None,
            sector: str | None = None) -> s.MapData:
    return q.map_data(session, funder, year, sector)


@router.get("/dashboards", response_model=s.Dashboards, summary="Funding and projects in figures")
def get_dashboards(session: SessionDep) -> s.Dashboards:
    return q.dashboards(session)


@router.get("/export/search.jsonl", summary="Every document matching a search, best first, as JSON lines",
            response_class=StreamingResponse,
            responses={200: {"content": {EXPORT_MEDIA_TYPE: {}}, "description": "one JSON object per line"}})
def export_search(request: Request, q_: Annotated[str, Query(alias="q")]) -> StreamingResponse:
    store = get_store(request)
    filters = read_filters(request)
    ids = _matching_document_ids(store, q_, filters)

    def lines() -> Iterator[str]:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            with store.session() as session:
                docs = {d.id: d for d in session.scalars(select(m.Document).where(m.Document.id.in_(chunk)))}
            for rank, doc_id in enumerate(chunk, start + 1):
                if doc_id in docs:
                    record = q.document_ref(docs[doc_id]).model_dump(mode="json") | {"rank": rank}
                    yield json.dumps(record, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type=EXPORT_MEDIA_TYPE)


def _matching_document_ids(store: Store, query: str, filters: dict[str, str]) -> list[int]:
    """Every matching document id, best first (through the index's own export query when it has one)."""
    if hasattr(search_lib, "matching_ids"):
        return search_lib.matching_ids(store, query, filters, "doc")
    first = search_lib.search(store, query, filters, "doc", 1)
    return [r.id for r in search_lib.search(store, query, filters, "doc", max(first.total, 1)).results]


@router.get("/export/{collection}.jsonl", summary="A whole collection as JSON lines, streamed",
            response_class=StreamingResponse,
            responses={200: {"content": {EXPORT_MEDIA_TYPE: {}}, "description": "one JSON object per line"}})
def export_collection(request: Request, collection: str, country: Country = None) -> StreamingResponse:
    if collection not in q.COLLECTIONS:
        raise HTTPException(404, f"no collection {collection!r}: one of {', '.join(q.COLLECTIONS)}")
    store = get_store(request)

    def lines() -> Iterator[str]:
        for item in q.iter_collection(store.session, collection, country):
            yield item.model_dump_json() + "\n"

    return StreamingResponse(lines(), media_type=EXPORT_MEDIA_TYPE)


def _found(value: T | None, what: str) -> T:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value
