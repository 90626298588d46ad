"""Projects, organisations, places and facts as CSV, JSON or GeoJSON.

One row builder per kind of record gives flat rows (lists kept as lists); each format writes them its way: CSV
joins lists with "; ", JSON keeps them, GeoJSON makes a FeatureCollection of points (longitude, latitude order,
WGS 84, as RFC 7946 and QGIS want) with the row as properties, one feature per located place of the record.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from devatlas.settings import load_settings
from devatlas.store import Store
from devatlas.store import models as m

from .codelists import Codelists
from .organisations import iati_ref, iati_type
from .records import geonames_id, project_view
from .selection import matching_documents, project_ids, subjects_of_documents

KINDS = ("projects", "organisations", "places", "facts")
FORMATS = ("csv", "json", "geojson")
_ROLE_NAMES = {1: "funding", 2: "accountable", 3: "extending", 4: "implementing"}


@dataclass(slots=True)
class Row:
    """One record: its fields, and the points it is located at (lat, lon, place name)."""

    fields: dict[str, Any]
    points: list[tuple[float, float, str]]


def _number(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:.2f}"


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def project_rows(store: Store, ids: list[int], codes: Codelists | None = None) -> Iterator[Row]:
    codes = codes or Codelists()
    reporting_org = load_settings().reporting_org
    for project_id in ids:
        with store.session() as session:
            project = session.get(m.Project, project_id)
            if project is None:
                continue
            view = project_view(session, project, reporting_org)
            totals: dict[str, float] = {}
            for line in view.budgets:
                totals[line.currency] = totals.get(line.currency, 0.0) + line.amount
            fields = {
                "id": project.id,
                "iati_identifier": view.identifier,
                "title": project.title,
                "acronym": project.acronym,
                "status": view.status,
                "status_name": codes.name("ActivityStatus", view.status),
                "start_date": _iso(project.start_date),
                "end_date": _iso(project.end_date),
                "countries": view.countries,
                "places": [p.name for p in view.places],
                "funders": [p.organisation.name for p in view.participants if p.role == 1],
                "implementers": [p.organisation.name for p in view.participants if p.role == 4],
                "budget": [f"{_number(amount)} {currency}" for currency, amount in totals.items()],
                "sectors": view.sectors,
                "sector_names": [codes.name("Sector", s) for s in view.sectors],
                "origin": project.origin,
                "documents": len(view.documents),
            }
            points = [(p.lat, p.lon, p.name) for p in view.places if p.lat is not None and p.lon is not None]
            yield Row(fields, points)  # type: ignore[arg-type]


def _organisation_ids(session: Session, documents: list[int] | None, projects: list[int] | None) -> list[int]:
    if documents is None:
        return list(session.scalars(select(m.Organisation.id).where(m.Organisation.merged_into_id.is_(None))
                                    .order_by(m.Organisation.id)))
    found = set(subjects_of_documents(session, "organisation", documents))
    if projects:
        found.update(session.scalars(select(m.ProjectParticipant.organisation_id).where(
            m.ProjectParticipant.project_id.in_(projects))))
    return sorted(found)


def organisation_rows(session: Session, ids: list[int]) -> Iterator[Row]:
    for org_id in ids:
        org = session.get(m.Organisation, org_id)
        if org is None or org.merged_into_id is not None:
            continue
        place = session.get(m.Place, org.place_id) if org.place_id else None
        projects = session.execute(
            select(m.Project.title, m.ProjectParticipant.role).join(
                m.ProjectParticipant, m.ProjectParticipant.project_id == m.Project.id)
            .where(m.ProjectParticipant.organisation_id == org.id).order_by(m.Project.id)).all()
        fields = {
            "id": org.id, "name": org.name, "key": org.key, "kind": org.kind, "iati_type": iati_type(org),
            "iati_ref": iati_ref(org), "country": org.country or (place.country if place else ""),
            "place": place.name if place else "", "aliases": sorted({a.alias for a in org.aliases} - {org.name}),
            "projects": [f"{title} ({_ROLE_NAMES.get(role, role)})" for title, role in projects],
        }
        points = [(place.lat, place.lon, place.name)] if place and place.lat is not None else []
        yield Row(fields, points)  # type: ignore[arg-type]


def _place_ids(session: Session, documents: list[int] | None) -> list[int]:
    if documents is None:
        return list(session.scalars(select(m.Place.id).order_by(m.Place.id)))
    return subjects_of_documents(session, "place", documents)


def place_rows(session: Session, ids: list[int]) -> Iterator[Row]:
    for place_id in ids:
        place = session.get(m.Place, place_id)
        if place is None:
            continue
        projects = list(session.scalars(select(m.Project.title).join(
            m.ProjectPlace, m.ProjectPlace.project_id == m.Project.id).where(m.ProjectPlace.place_id == place.id)))
        fields = {
            "id": place.id, "gazetteer_id": place.gazetteer_id, "name": place.name, "country": place.country,
            "kind": place.kind, "parents": list(place.parents or []), "lat": place.lat, "lon": place.lon,
            "geonames_id": geonames_id(place) or "", "projects": projects,
        }
        points = [(place.lat, place.lon, place.name)] if place.lat is not None and place.lon is not None else []
        yield Row(fields, points)  # type: ignore[arg-type]


def fact_rows(session: Session, documents: list[int] | None) -> Iterator[Row]:
    query = select(m.Fact, m.Document.title, m.Document.source).join(
        m.Document, m.Document.id == m.Fact.document_id).order_by(m.Fact.id)
    if documents is not None:
        query = query.where(m.Fact.document_id.in_(documents))
    for fact, title, source in session.execute(query.execution_options(yield_per=1000)):
        points = []
        if fact.subject_type == "place" and fact.subject_id:
            place = session.get(m.Place, fact.subject_id)
            if place is not None and place.lat is not None and place.lon is not None:
                points.append((place.lat, place.lon, place.name))
        fields = {
            "id": fact.id, "document_id": fact.document_id, "document": title or source,
            "subject_type": fact.subject_type, "subject_id": fact.subject_id, "predicate": fact.predicate,
            "value": fact.value, "start": fact.start, "end": fact.end, "rule": fact.extractor,
            "confidence": fact.confidence, "review_state": fact.review_state,
        }
        yield Row(fields, points)


def rows(store: Store, what: str, query: str | None = None, filters: dict[str, str] | None = None,
         project_filter: Iterable[int] = ()) -> Iterator[Row]:
    """The records of one kind that the search (query and filters) selects; all of them without one."""
    if what not in KINDS:
        raise ValueError(f"unknown kind {what!r}: choose one of {', '.join(KINDS)}")
    if what == "projects":
        yield from project_rows(store, project_ids(store, project_filter, query, filters))
        return
    documents = matching_documents(store, query, filters)
    with store.session() as session:
        if what == "organisations":
            projects = project_ids(store, (), query, filters) if documents is not None else None
            yield from organisation_rows(session, _organisation_ids(session, documents, projects))
        elif what == "places":
            yield from place_rows(session, _place_ids(session, documents))
        else:
            yield from fact_rows(session, documents)


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def write_csv(records: Iterable[Row], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer: csv.DictWriter[str] | None = None
        for row in records:
            if writer is None:
                writer = csv.DictWriter(fh, fieldnames=list(row.fields))
                writer.writeheader()
            writer.writerow({k: _flat(v) for k, v in row.fields.items()})
            count += 1
    return count


def write_json(records: Iterable[Row], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        for row in records:
            fh.write(",\n" if count else "\n")
            fh.write(json.dumps(row.fields, ensure_ascii=False, default=str))
            count += 1
        fh.write("\n]\n")
    return count


def write_geojson(records: Iterable[Row], path: Path) -> int:
    """A FeatureCollection of points; records without coordinates are left out. Returns the feature count."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [')
        for row in records:
            for lat, lon, place_name in row.points:
                properties = {k: _flat(v) for k, v in row.fields.items()}
                properties["point_place"] = place_name
                feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6),
                                                                                             round(lat, 6)]},
                           "properties": properties}
                fh.write(",\n" if count else "\n")
                fh.write(json.dumps(feature, ensure_ascii=False, default=str))
                count += 1
        fh.write("\n]}\n")
    return count


WRITERS: dict[str, Callable[[Iterable[Row], Path], int]] = {
    "csv": write_csv, "json": write_json, "geojson": write_geojson,
}


def export_table(store: Store, fmt: str, what: str, path: Path, query: str | None = None,
                 filters: dict[str, str] | None = None, project_filter: Iterable[int] = ()) -> int:
    """Write one kind of record in one format; returns how many rows (GeoJSON: features) were written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    partial = path.with_name(path.name + ".partial")
    try:
        count = WRITERS[fmt](rows(store, what, query, filters, project_filter), partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return count
