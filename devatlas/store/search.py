"""Search over the registry: the query normalised like the index (case forms, scripts, diacritics, standards),
ranked by the database's own full-text engine (SQLite FTS5 bm25, PostgreSQL ts_rank), with facet counts and
highlighted snippets."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.text.analyzer import normalise_word, query_tokens, tokens, words_with_offsets
from devatlas.text.script import fold

FACETS = ("country", "place", "funder", "org", "year", "lang")
CANDIDATES = 5000


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


def _matches_filters(facets: dict[str, Any], filters: dict[str, str]) -> bool:
    for name, wanted in filters.items():
        values = [fold(str(v)) for v in facets.get(name, [])]
        target = fold(wanted)
        if not any(v == target or normalise_word(v) == normalise_word(target) for v in values):
            return False
    return True


def search(
    store: Store,
    query: str,
    filters: dict[str, str] | None = None,
    entity_type: str | None = None,
    limit: int = 20,
) -> SearchResults:
    """Ranked results for a query in any case form, script or standard, with facet counts."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    groups = query_groups(query)
    if not groups:
        return SearchResults(query, 0, [])
    with store.session() as session:
        if store.dialect == "sqlite":
            rows = session.execute(
                text("SELECT rowid, bm25(search_fts) AS rank FROM search_fts WHERE search_fts MATCH :q "
                     "ORDER BY rank LIMIT :n"),
                {"q": _fts5_expression(groups), "n": CANDIDATES},
            ).all()
            scored = [(rowid, -rank) for rowid, rank in rows]
        else:
            rows = session.execute(
                text("SELECT id, ts_rank(to_tsvector('simple', tokens), to_tsquery('simple', :q)) AS rank "
                     "FROM search_entries WHERE to_tsvector('simple', tokens) @@ to_tsquery('simple', :q) "
                     "ORDER BY rank DESC LIMIT :n"),
                {"q": _tsquery(groups), "n": CANDIDATES},
            ).all()
            scored = [(rowid, float(rank)) for rowid, rank in rows]
        entries = {e.id: e for e in session.scalars(
            select(m.SearchEntry).where(m.SearchEntry.id.in_([r for r, _ in scored]))
        )} if scored else {}
        kept = []
        counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        for rowid, score in scored:
            entry = entries.get(rowid)
            if entry is None or (entity_type and entry.entity_type != entity_type):
                continue
            if not _matches_filters(entry.facets or {}, filters):
                continue
            kept.append((entry, score))
            for name in FACETS:
                for value in set(entry.facets.get(name, [])):
                    counts[name][value] += 1
        results = []
        for entry, score in kept[:limit]:
            source, body = "", ""
            if entry.entity_type == "doc":
                doc = session.get(m.Document, entry.entity_id)
                if doc is not None:
                    source, body = doc.url or doc.source, doc.text
            results.append(SearchResult(entry.entity_type, entry.entity_id, entry.title, source,
                                        round(score, 4), snippet(body, groups) if body else ""))
    facets = {name: c.most_common(20) for name, c in counts.items() if c}
    return SearchResults(query, len(kept), results, facets)
