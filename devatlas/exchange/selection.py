"""What an export covers: projects named by id, or those of the documents a search (query and facet filters, as in
`devatlas search`) finds; everything when nothing is asked."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.search import FACETS, search
from devatlas.text.script import fold

_ALL_MATCHES = 1_000_000


def matching_documents(store: Store, query: str | None, filters: dict[str, str] | None) -> list[int] | None:
    """Ids of the documents the query and filters select; None when neither is given (no restriction)."""
    filters = {k: v for k, v in (filters or {}).items() if v and k in FACETS}
    if not query and not filters:
        return None
    if query:
        found = search(store, query, filters, entity_type="doc", limit=_ALL_MATCHES)
        return [r.id for r in found.results]
    clauses, params = [], {}
    for i, (name, value) in enumerate(sorted(filters.items())):
        clauses.append(f"e.id IN (SELECT entry_id FROM search_facets WHERE name = :n{i} AND value_key = :v{i})")
        params[f"n{i}"], params[f"v{i}"] = name, fold(value)
    sql = "SELECT e.entity_id FROM search_entries e WHERE e.entity_type = 'doc' AND " + " AND ".join(clauses)
    with store.session() as session:
        return [row[0] for row in session.execute(text(sql), params)]


def project_ids(
    store: Store, ids: Iterable[int] = (), query: str | None = None, filters: dict[str, str] | None = None
) -> list[int]:
    """Projects to export, in id order."""
    wanted = sorted(set(ids))
    documents = matching_documents(store, query, filters)
    with store.session() as session:
        if wanted and documents is None:
            return [i for i in wanted if session.get(m.Project, i) is not None]
        if documents is None:
            return list(session.scalars(select(m.Project.id).order_by(m.Project.id)))
        found = set(subjects_of_documents(session, "project", documents))
        if wanted:
            found &= set(wanted)
        return sorted(found)


def subjects_of_documents(session: Session, subject_type: str, document_ids: list[int]) -> list[int]:
    """Ids of the projects, organisations or places (`subject_type`) the documents have facts about."""
    out: set[int] = set()
    for chunk in range(0, len(document_ids), 500):
        part = document_ids[chunk:chunk + 500]
        out.update(i for i in session.scalars(
            select(m.Fact.subject_id).where(m.Fact.subject_type == subject_type, m.Fact.document_id.in_(part))
        ) if i is not None)
    return sorted(out)


def source_documents(session: Session, project_id: int) -> list[m.Document]:
    """The documents that mention a project, oldest first."""
    doc_ids = select(m.Fact.document_id).where(m.Fact.subject_type == "project", m.Fact.subject_id == project_id)
    return list(session.scalars(select(m.Document).where(m.Document.id.in_(doc_ids)).order_by(m.Document.id)))


def projects_mentioned(session: Session, document_id: int) -> set[int]:
    return {
        i for i in session.scalars(select(m.Fact.subject_id).where(
            m.Fact.subject_type == "project", m.Fact.document_id == document_id)) if i is not None
    }
