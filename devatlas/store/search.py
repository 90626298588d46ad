"""Search over the registry: the query normalised like the index (case forms, scripts, diacritics, standards),
ranked by the database's own full-text engine (SQLite FTS5 bm25, PostgreSQL ts_rank), with facet counts and
highlighted snippets."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.text.analyzer import query_tokens, tokens, words_with_offsets
from devatlas.text.script import fold

FACETS = ("country", "place", "funder", "org", "year", "lang")


@dataclass(frozen=True, slots=True)
class SearchResult:
    type: str
    id: int
    title: str
    source: str
    score: float
    snippet: str


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int
    results: list[SearchResult]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def query_groups(query: str) -> list[list[str]]:
    """One group of alternative tokens per query word. A place named in any case form also stands for its
    canonical name, since the index adds canonical names of recognised places."""
    groups = [[t] for t in query_tokens(query)]
    try:
        from devatlas.gazetteer import load_gazetteer
        from devatlas.understand.places import find_places

        for place in find_places(query, load_gazetteer(), "other"):
            canonical = tokens(place.name)
            for span in place.spans:
                surface = tokens(span.surface)
                for group in groups:
                    if group[0] in surface:
                        group.extend(t for t in canonical if t not in group)
    except Exception:  # the query still works on its words alone
        pass
    return [g for g in groups if g[0]]


def _fts5_expression(groups: list[list[str]]) -> str:
    def quote(token: str) -> str:
        return '"' + token.replace('"', "") + '"'

    return " AND ".join("(" + " OR ".join(quote(t) for t in group) + ")" for group in groups)


def _tsquery(groups: list[list[str]]) -> str:
    def clean(token: str) -> str:
        return "".join(ch for ch in token if ch.isalnum())

    return " & ".join("(" + " | ".join(clean(t) for t in group if clean(t)) + ")" for group in groups)


def snippet(document_text: str, groups: list[list[str]], width: int = 240) -> str:
    """The window of the text with the most query words, as HTML-escaped text with <mark> around matches."""
    wanted = {t for g in groups for t in g}
    words = words_with_offsets(document_text)
    hits = [(s, e) for s, e, tok in words if tok in wanted]
    if not hits:
        return html.escape(document_text[:width].strip())
    best_start, best_count = hits[0][0], 0
    for s, _ in hits:
        count = sum(1 for h, _ in hits if s <= h < s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - width // 4)
    end = min(len(document_text), start + width)
    out, pos = [], start
    for s, e in hits:
        if s < start or e > end:
            continue
        out.append(html.escape(document_text[pos:s]))
        out.append(f"<mark>{html.escape(document_text[s:e])}</mark>")
        pos = e
    out.append(html.escape(document_text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(document_text) else ""
    return prefix + "".join(out).replace("\n", " ").strip() + suffix


def _where(filters: dict[str, str], entity_type: str | None) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if entity_type:
        clauses.append("e.entity_type = :entity_type")
        params["entity_type"] = entity_type
    for i, (name, wanted) in enumerate(sorted(filters.items())):
        clauses.append(
            f"e.id IN (SELECT entry_id FROM search_facets WHERE name = :fn{i} AND value_key = :fv{i})"
        )
        params[f"fn{i}"], params[f"fv{i}"] = name, fold(wanted)
    return (" AND ".join(clauses) or "1 = 1"), params


def search(
    store: Store,
    query: str,
    filters: dict[str, str] | None = None,
    entity_type: str | None = None,
    limit: int = 20,
) -> SearchResults:
    """Ranked results for a query in any case form, script or standard, with facet counts over all matches."""
    filters = {k: v for k, v in (filters or {}).items() if v and k in FACETS}
    groups = query_groups(query)
    if not groups:
        return SearchResults(query, 0, [])
    if store.dialect == "sqlite":
        matches = ("SELECT rowid AS id, -bm25(search_fts) AS score FROM search_fts "
                   "WHERE search_fts MATCH :q")
        expression = _fts5_expression(groups)
    else:
        matches = ("SELECT id, ts_rank(to_tsvector('simple', tokens), to_tsquery('simple', :q)) AS score "
                   "FROM search_entries WHERE to_tsvector('simple', tokens) @@ to_tsquery('simple', :q)")
        expression = _tsquery(groups)
    where, params = _where(filters, entity_type)
    params.update(q=expression, limit=limit)
    base = f"WITH matches AS ({matches}) "
    joined = "FROM matches mt JOIN search_entries e ON e.id = mt.id WHERE " + where
    with store.session() as session:
        top = session.execute(
            text(base + f"SELECT e.id, e.entity_type, e.entity_id, e.title, mt.score {joined} "
                 "ORDER BY mt.score DESC, e.id LIMIT :limit"), params).all()
        total = session.execute(text(base + f"SELECT count(*) {joined}"), params).scalar() or 0
        with_facets = joined.replace("WHERE", "JOIN search_facets f ON f.entry_id = e.id WHERE", 1)
        facet_rows = session.execute(
            text(base + f"SELECT f.name, f.value, count(*) AS n {with_facets} "
                 "GROUP BY f.name, f.value ORDER BY n DESC, f.value"), params
        ).all()
        results = []
        for _, kind, entity_id, title, score in top:
            source, body = "", ""
            if kind == "doc":
                doc = session.get(m.Document, entity_id)
                if doc is not None:
                    source, body = doc.url or doc.source, doc.text
            results.append(SearchResult(kind, entity_id, title, source, round(float(score), 4),
                                        snippet(body, groups) if body else ""))
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, value, n in facet_rows:
        if len(facets.setdefault(name, [])) < 20:
            facets[name].append((value, n))
    return SearchResults(query, total, results, facets)
