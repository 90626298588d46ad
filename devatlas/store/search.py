"""Search over the registry: the query normalised like the index (case forms, scripts, diacritics, standards),
ranked by the database's own full-text engine (SQLite FTS5 bm25, PostgreSQL ts_rank), with facet counts and
highlighted snippets.

Documents are indexed by the repository as they are stored; projects, organisations and places get their entries
from `index_entities` (`devatlas db reindex` runs it over all of them). A query is counted (up to COUNT_CAP), its
best matches are ranked once (the newest RANK_WINDOW of a very broad query), and the page of results and the facet
counts both come from that ranking, so a query's cost stays bounded however many documents match. The search
page asks `search_kinds` for the best few of every kind of record at once: one ranking, not one search per kind.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy
from sqlalchemy import TextClause, bindparam, delete, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.db import rows
from devatlas.text.analyzer import prefix_of, spans_of_tokens, tokens
from devatlas.text.script import fold

FACETS = ("country", "place", "funder", "org", "year", "lang")  # a facet's place here is its number
FACET_BITS = 3  # `SearchEntryValues` writes a value as value_id << FACET_BITS | the number of its facet
_FACET_MASK = (1 << FACET_BITS) - 1
ENTITY_TYPES = ("doc", "project", "org", "place")
FACET_DEPTH = 300  # facet counts are exact up to this many matches, and over the best this many beyond it
# At 100,000 documents bm25 costs about 1.2 µs a ranked match (after weighing each query word once, which reads
# all its documents) and counting about 40 ns a match: the two bounds keep a broad query's cost bounded at any size
RANK_WINDOW = 1_000  # SQLite ranks at most the newest this many matches of a query (see `_rowid_floor`)
COUNT_CAP = 20_000  # SQLite counts matches up to this many; beyond it the total is "at least COUNT_CAP"
FACET_VALUES = 20  # values shown per facet
# What a fact's subject_type calls each searchable entity
_FACT_SUBJECT = {"project": "project", "org": "organisation", "place": "place"}


@dataclass(frozen=True, slots=True)
class SearchResult:
    type: str
    id: int
    title: str
    source: str
    score: float
    pieces: tuple[tuple[str, bool], ...] = ()  # the snippet: plain text, query words marked True

    @property
    def snippet(self) -> str:
        """The snippet as HTML with <mark> around the query words."""
        return snippet_html(self.pieces)


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int
    results: list[SearchResult]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_exact: bool = True  # False when counted over the best FACET_DEPTH matches only
    total_exact: bool = True  # False when the count stopped at COUNT_CAP or a filtered count was extrapolated


@dataclass(frozen=True, slots=True)
class Term:
    """One alternative for a query word: a token, or a phrase of tokens that must stand together (a place name of
    several words), and whether its last token also matches longer words (see `prefix_of`)."""

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def match_prefix(self) -> str | None:
        return prefix_of(self.tokens[-1]) if self.prefix else None


def query_groups(query: str) -> list[list[Term]]:
    """One group of alternative terms per query word; every group must match. A place the gazetteer recognises in
    the query (`u Srpcu`, `Gornjoj Rijeci`) is one group, matched exactly as written or by its canonical name,
    which the index adds to the documents that mention it, and never by prefix: `Srebrenik` must not find
    `Srebrenica`. Other words of five letters or more also match longer words."""
    from devatlas.text.analyzer import query_words

    places: list[tuple[int, int, list[Term]]] = []
    words = query_words(query)
    try:
        from devatlas.gazetteer import load_gazetteer
        from devatlas.understand.places import find_places

        for place in find_places(query, load_gazetteer(), "other"):
            canonical = Term(tuple(tokens(place.name)))
            for span in place.spans:
                surface = Term(tuple(tokens(span.surface)))
                terms = [t for t in dict.fromkeys((surface, canonical)) if t.tokens]
                if terms and span.surface == query[span.start:span.end]:
                    places.append((span.start, span.end, terms))
    except Exception:  # the query still works on its words alone
        places = []
    groups: list[list[Term]] = []
    used: set[int] = set()
    for start, _, token in words:
        place = next((i for i, (s, e, _) in enumerate(places) if s <= start < e), None)
        if place is None:
            if token:
                groups.append([Term((token,), prefix=prefix_of(token) is not None)])
        elif place not in used:
            used.add(place)
            groups.append(places[place][2])
    return groups


def _fts5_expression(groups: list[list[Term]], expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 query: groups joined by AND, a group's terms by OR. A prefix with a known expansion becomes the
    exact words that start with it (FTS5 streams those; a prefix it merges in full first)."""
    expansions = expansions or {}

    def phrase(words: list[str], prefix: bool = False) -> str:
        return '"' + " ".join(w.replace('"', "") for w in words) + '"' + ("*" if prefix else "")

    def quote(term: Term) -> list[str]:
        prefix = term.match_prefix
        if prefix is None:
            return [phrase(list(term.tokens))]
        if expansions.get(prefix):
            return [phrase([*term.tokens[:-1], word]) for word in expansions[prefix]]
        return [phrase([*term.tokens[:-1], prefix], prefix=True)]

    return " AND ".join("(" + " OR ".join(q for t in group for q in quote(t)) + ")" for group in groups)


_FTS_WORD = re.compile(r"[^\W_]+")
MAX_EXPANSION = 40  # words a prefix may stand for; a prefix of more is left to FTS5


_LIST_TERMS = text("INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(:terms)")


def remember_terms(session: Session, token_texts: Iterable[str]) -> None:
    """Add the words of new search entries to `search_terms` (SQLite; PostgreSQL expands prefixes itself). Called
    wherever search entries are written, in the same transaction."""
    if session.get_bind().dialect.name != "sqlite":
        return
    listed: set[str] = session.info.setdefault("devatlas.listed_terms", set())  # in this transaction already
    terms = sorted({w for t in token_texts for w in _FTS_WORD.findall(t.lower())} - listed)
    listed.update(terms)
    if terms:
        session.execute(_LIST_TERMS, {"terms": json.dumps(terms)})


_FACET_VALUES_OF = select(m.SearchFacetValue.name, m.SearchFacetValue.value, m.SearchFacetValue.id).where(
    m.SearchFacetValue.value.in_(bindparam("values", expanding=True)))


def insert_facets(session: Session, facet_rows: list[dict[str, Any]]) -> None:
    """Write facet rows ({entry_id, name, value, value_key}), each with the number of its name and value, which
    is made for a pair not seen before, and add them to their entries' rows of values. Called wherever
    search entries are written, in the same transaction; facets written anew are first removed by
    `forget_facets`."""
    if not facet_rows:
        return
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    pairs = {(row["name"], row["value"]) for row in facet_rows}
    values = sorted({value for _, value in pairs})
    known = {(name, value): id_ for name, value, id_ in session.execute(_FACET_VALUES_OF, {"values": values})}
    missing = [{"name": name, "value": value} for name, value in sorted(pairs - known.keys())]
    if missing:
        # another writer may add the same pair meanwhile: its number is read back either way
        session.execute(dialect.insert(m.SearchFacetValue.__table__).on_conflict_do_nothing(), missing)
        known.update({(name, value): id_ for name, value, id_ in session.execute(
            _FACET_VALUES_OF, {"values": sorted({row["value"] for row in missing})})})
    facet_rows = [row | {"value_id": known[(row["name"], row["value"])]} for row in facet_rows]
    session.execute(insert(m.SearchFacet.__table__), facet_rows)
    tagged: dict[int, list[str]] = {}
    for row in facet_rows:
        if row["name"] in FACETS:
            tagged.setdefault(row["entry_id"], []).append(str(entry_value(row["name"], row["value_id"])))
    if tagged:
        table = m.SearchEntryValues.__table__
        upsert = dialect.insert(table)  # rows added to an entry's facets are added to its row of values
        session.execute(upsert.on_conflict_do_update(
                            index_elements=["entry_id"],
                            set_={"value_ids": table.c.value_ids + " " + upsert.excluded.value_ids}),
                        [{"entry_id": entry_id, "value_ids": " ".join(ids)} for entry_id, ids in tagged.items()])


def entry_value(facet: str, value_id: int) -> int:
    """How `SearchEntryValues` writes the value `value_id` of a facet."""
    return value_id << FACET_BITS | FACETS.index(facet)


def forget_facets(session: Session, entry_ids: Any) -> None:
    """Remove the facets of the entries `entry_ids` (a list of ids or a SELECT of them), before the entries go or
    their facets are written anew."""
    session.execute(delete(m.SearchFacet).where(m.SearchFacet.entry_id.in_(entry_ids)))
    session.execute(delete(m.SearchEntryValues).where(m.SearchEntryValues.entry_id.in_(entry_ids)))


COMPACT_SEGMENTS = 3  # a full-text index in this many pieces or more is merged into one after an ingest


def index_segments(session: Session) -> int:
    """How many separately written pieces (b-trees) SQLite's full-text index is made of; 0 on PostgreSQL."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    return session.execute(text("SELECT count(DISTINCT segid) FROM search_fts_idx")).scalar() or 0


def compact_index(session: Session, at_least: int = COMPACT_SEGMENTS) -> bool:
    """Merge SQLite's full-text index into one piece when it has `at_least` pieces; True when it did. FTS5 writes
    every committed batch as a piece of its own and merges pieces only level by level, so a registry ingested in
    many batches keeps a dozen or more, and a query looks every word up in each of them: on 100,000 documents in
    15 pieces a search page's reads took 3.6 ms, in one 2.5 ms. Merging rewrites the index (about a second at
    100,000 documents), which is why it waits for a few pieces. PostgreSQL's index needs nothing of the kind."""
    if index_segments(session) < max(at_least, 2):
        return False
    session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    return True


_TERMS_FROM = text("SELECT term FROM search_terms WHERE term >= :low AND term < :high ORDER BY term LIMIT :n")


def _expansions(session: Session, groups: list[list[Term]]) -> dict[str, list[str]]:
    """The indexed words each prefix of the query stands for (those with at most MAX_EXPANSION words)."""
    out: dict[str, list[str]] = {}
    for prefix in {p for group in groups for t in group if (p := t.match_prefix) and p.isalnum()}:
        words = rows(session, _TERMS_FROM, {"low": prefix, "high": prefix + "\U0010ffff", "n": MAX_EXPANSION + 1})
        if len(words) <= MAX_EXPANSION:
            out[prefix] = [word for (word,) in words]
    return out


def _tsquery(groups: list[list[Term]]) -> str:
    def clean(term: Term) -> str:
        prefix = term.match_prefix
        words = [w for w in ("".join(ch for ch in x if ch.isalnum()) for x in (*term.tokens[:-1],
                                                                              prefix or term.tokens[-1])) if w]
        if not words:
            return ""
        return " <-> ".join(words) + (":*" if prefix else "")

    cleaned = [[c for t in group if (c := clean(t))] for group in groups]
    return " & ".join("(" + " | ".join(group) + ")" for group in cleaned if group)


def snippet_pieces(document_text: str, groups: list[list[Term]], width: int = 240) -> tuple[tuple[str, bool], ...]:
    """The window of the text with the most query words, as pieces of plain text, the query words marked True:
    a page escapes them itself, and the command line makes them HTML (`snippet`)."""
    wanted = {token for group in groups for term in group for token in term.tokens}
    prefixes = tuple(p for group in groups for term in group if (p := term.match_prefix))
    hits = spans_of_tokens(document_text, wanted, prefixes)
    if not hits:
        head = document_text[:width].strip()
        return ((head, False),) if head else ()
    # The hit that opens the window of `width` characters holding the most hits (the first such): the window's
    # far end only moves forward (never behind its own hit), so this is one pass however many hits a text has.
    best_start, best_count, end_index = hits[0][0], 0, 0
    for index, (s, _) in enumerate(hits):
        while end_index < len(hits) and hits[end_index][0] < s + width:
            end_index += 1
        if end_index - index > best_count:
            best_start, best_count = s, end_index - index
    start = max(0, best_start - width // 4)
    end = min(len(document_text), start + width)
    pieces: list[tuple[str, bool]] = []
    pos = start
    for s, e in hits:
        if s < start or e > end:
            continue
        pieces.append((document_text[pos:s].replace("\n", " "), False))
        pieces.append((document_text[s:e], True))
        pos = e
    pieces.append((document_text[pos:end].replace("\n", " "), False))
    # the window reads as one line, without blanks at its ends, and says where the text goes on
    pieces[0] = (("…" if start > 0 else "") + pieces[0][0].lstrip(), pieces[0][1])
    pieces[-1] = (pieces[-1][0].rstrip() + ("…" if end < len(document_text) else ""), pieces[-1][1])
    return tuple(piece for piece in pieces if piece[0])


def snippet(document_text: str, groups: list[list[Term]], width: int = 240) -> str:
    """The snippet as HTML-escaped text with <mark> around the query words."""
    return snippet_html(snippet_pieces(document_text, groups, width))


def snippet_html(pieces: tuple[tuple[str, bool], ...]) -> str:
    return "".join(f"<mark>{html.escape(text)}</mark>" if marked else html.escape(text) for text, marked in pieces)


def _where(filters: dict[str, str], entity_type: str | None) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if entity_type:
        clauses.append("e.entity_type = :entity_type")
        params["entity_type"] = entity_type
    for i, (name, wanted) in enumerate(sorted(filters.items())):
        # one index probe per candidate (name, value_key, entry_id), never the whole set of a common value
        clauses.append(f"EXISTS (SELECT 1 FROM search_facets f{i} WHERE f{i}.name = :fn{i} "
                       f"AND f{i}.value_key = :fv{i} AND f{i}.entry_id = e.id)")
        params[f"fn{i}"], params[f"fv{i}"] = name, fold(wanted)
    return " AND ".join(clauses), params


def _matches_sql(dialect: str, where: str, columns: str, tail: str = "") -> str:
    """SELECT `columns` over the matches of `:q` passing `where` (SQLite: from rowid `:floor` on), then `tail`.
    In `columns` and `tail`, {score} and {order} stand for the dialect's relevance and best-first order ({order}
    may name the column `score`, so `columns` selects {score} AS score wherever `tail` orders by {order})."""
    and_where = f" AND {where}" if where else ""
    # SQLite orders by the selected score, not by the rank column again: each mention of FTS5's rank runs bm25 once
    # more for every match, and a second mention doubled the cost of ranking.
    if dialect == "sqlite":
        if not where and "e." not in columns:  # FTS5 alone: no join, the rank computed in C, a heap of :n kept
            fill = {"score": "-rank", "order": "score DESC"}  # the rank named once (see below)
            return (f"SELECT {columns.format(**fill).replace('search_fts.rowid', 'rowid')} FROM search_fts "
                    f"WHERE search_fts MATCH :q AND rowid >= :floor {tail.format(**fill)}")
        # CROSS JOIN keeps the full-text scan as the outer loop: with a plain JOIN the planner may walk the entries
        # of one type and run the MATCH once per entry (seconds at ten thousand documents).
        fill = {"score": "-search_fts.rank", "order": "score DESC"}
        return (f"SELECT {columns.format(**fill)} FROM search_fts CROSS JOIN search_entries e "
                f"WHERE e.id = search_fts.rowid AND search_fts MATCH :q AND search_fts.rowid >= :floor{and_where} "
                f"{tail.format(**fill)}")
    fill = {"score": "ts_rank(to_tsvector('simple', e.tokens), query)", "order": "score DESC, e.id"}
    return (f"SELECT {columns.replace('search_fts.rowid', 'e.id').format(**fill)} "
            f"FROM search_entries e, to_tsquery('simple', :q) query "
            f"WHERE to_tsvector('simple', e.tokens) @@ query{and_where} {tail.format(**fill)}")


def _ranked_sql(dialect: str, where: str) -> str:
    """(entry id, score) of every match from rowid `:floor` on, best first; `:n` bounds how many are read."""
    return _matches_sql(dialect, where, "search_fts.rowid AS id, {score} AS score", "ORDER BY {order} LIMIT :n")


def _count_sql(dialect: str, where: str) -> str:
    """Matches from rowid `:floor` on (SQLite; PostgreSQL always counts all)."""
    return _matches_sql(dialect, where, "count(*)")


def _rowid_floor(session: Session, dialect: str, params: dict[str, Any], total: int) -> int:
    """The lowest entry id worth ranking. bm25 costs a few microseconds a match, so a query matching hundreds of
    thousands of entries would take seconds to rank in full: beyond RANK_WINDOW matches only the newest
    RANK_WINDOW are ranked (FTS5 walks a term's entries by rowid, so finding the floor is cheap). The newest
    documents of a broad query are the ones a reader of the news wants first; totals and filters stay exact."""
    if dialect != "sqlite" or total <= RANK_WINDOW:
        return 0
    return session.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q ORDER BY rowid DESC "
                                "LIMIT 1 OFFSET :window"), {"q": params["q"], "window": RANK_WINDOW}).scalar() or 0


def _ids_param(dialect: str) -> str:
    """An SQL list of ids passed as one parameter (no statement per result count, no limit on its length)."""
    return "(SELECT value FROM json_each(:ids))" if dialect == "sqlite" else "(SELECT unnest(CAST(:ids AS integer[])))"


def _ids_value(dialect: str, ids: list[int]) -> Any:
    return json.dumps(ids) if dialect == "sqlite" else ids


def _facet_counts(session: Session, dialect: str, entry_ids: list[int]) -> dict[str, list[tuple[str, int]]]:
    """The FACET_VALUES most frequent values of each facet among the entries `entry_ids`, the most frequent first
    (then by value); the facets in the order of their first values. The database hands over the entries' values
    (`SearchEntryValues`) as one string of numbers, counted here by numpy, each facet's counts apart by the facet
    number the values carry; only the values that can be shown (those at least as frequent as a facet's
    FACET_VALUES-th) are then read as text. Grouped in SQL, a broad query's 540 entries and their 2,200 values went
    through a temporary b-tree (4.5 ms); read from the facet index by entry, 1.1 ms; from one row an entry, half
    that; and counting the numbers took a search page 0.49 ms in a Counter of strings, 0.14 ms in numpy."""
    joined = rows(session, _statement(_entry_values_sql(dialect)), {"ids": _ids_value(dialect, entry_ids)})
    if not joined or not joined[0][0]:
        return {}
    numbers, counts = numpy.unique(numpy.fromstring(joined[0][0], dtype=numpy.int64, sep=" "), return_counts=True)
    facets = numbers & _FACET_MASK
    # each facet's FACET_VALUES-th count (or its last one, when it has fewer values): the least count shown
    by_facet = numpy.lexsort((-counts, facets))
    starts = numpy.searchsorted(facets[by_facet], numpy.arange(len(FACETS) + 1))
    present = starts[1:] > starts[:-1]
    least = numpy.zeros(len(FACETS), dtype=counts.dtype)
    least[present] = counts[by_facet][numpy.minimum(starts[:-1] + FACET_VALUES - 1, starts[1:] - 1)[present]]
    shown = counts >= least[facets]
    wanted = {number >> FACET_BITS: (FACETS[number & _FACET_MASK], n)
              for number, n in zip(numbers[shown].tolist(), counts[shown].tolist(), strict=True)}
    by_name: dict[str, list[tuple[int, str]]] = {}
    named = rows(session, _statement(_facet_names_sql(dialect)), {"ids": _ids_value(dialect, list(wanted))},
                 named=False)
    for value_id, value in named:
        name, n = wanted[value_id]
        by_name.setdefault(name, []).append((-n, value))
    best = {name: sorted(values)[:FACET_VALUES] for name, values in by_name.items()}
    order = sorted(best, key=lambda name: (*best[name][0], name))
    return {name: [(value, -negated) for negated, value in best[name]] for name in order}


def _entry_values_sql(dialect: str) -> str:
    """The values of the entries `:ids` (`SearchEntryValues`), joined by spaces in one string."""
    joined = "group_concat(value_ids, ' ')" if dialect == "sqlite" else "string_agg(value_ids, ' ')"
    return f"SELECT {joined} FROM search_entry_values WHERE entry_id IN {_ids_param(dialect)}"


def _facet_names_sql(dialect: str) -> str:
    return f"SELECT id, value FROM search_facet_values WHERE id IN {_ids_param(dialect)}"


def _prepare(session: Session, dialect: str, query: str, filters: dict[str, str] | None, entity_type: str | None,
             ) -> tuple[list[list[str]], str, dict[str, Any]] | None:
    """Query groups, the filters' WHERE clause and the parameters, in the transaction the search runs in."""
    filters = {k: v for k, v in (filters or {}).items() if v and k in FACETS}
    groups = query_groups(query)
    if not groups:
        return None
    where, params = _where(filters, entity_type)
    if dialect == "sqlite":
        params["q"] = _fts5_expression(groups, _expansions(session, groups))
    else:
        params["q"] = _tsquery(groups)
    return (groups, where, params) if params["q"] else None


def matching_ids(
    store: Store, query: str, filters: dict[str, str] | None = None, entity_type: str | None = "doc"
) -> list[int]:
    """Entity ids (document ids by default) of every match, best first: for exports and selections, which need
    all matches but no snippets."""
    with store.session() as session:
        prepared = _prepare(session, store.dialect, query, filters, entity_type)
        if prepared is None:
            return []
        _, where, params = prepared
        limit = -1 if store.dialect == "sqlite" else None
        rows = session.execute(text(_ranked_sql(store.dialect, where)), params | {"n": limit, "floor": 0}).all()
        entry_ids = [r[0] for r in rows]
        if not entry_ids:
            return []
        found = dict(session.execute(
            text(f"SELECT id, entity_id FROM search_entries WHERE id IN {_ids_param(store.dialect)}"),
            {"ids": _ids_value(store.dialect, entry_ids)}).all())
    return [found[i] for i in entry_ids if i in found]


def search(
    store: Store,
    query: str,
    filters: dict[str, str] | None = None,
    entity_type: str | None = None,
    limit: int = 20,
) -> SearchResults:
    """Ranked results for a query in any case form, script or standard, with facet counts over the matches."""
    dialect = store.dialect
    depth = max(limit, FACET_DEPTH)
    page_sized = limit < RANK_WINDOW  # a caller asking for more wants every match: no window, no cap
    with store.session() as session:
        prepared = _prepare(session, dialect, query, filters, entity_type)
        if prepared is None:
            return SearchResults(query, 0, [])
        groups, where, params = prepared
        if dialect == "sqlite" and page_sized:  # walking a very common word's whole list costs more than ranking
            matches = session.execute(text("SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts "
                                           "MATCH :q LIMIT :cap)"), {"q": params["q"], "cap": COUNT_CAP + 1}).scalar()
        else:
            matches = session.execute(text(_count_sql(dialect, "")), {"q": params["q"], "floor": 0}).scalar()
        matches = matches or 0
        floor = _rowid_floor(session, dialect, params, matches) if page_sized else 0
        total, total_exact = (min(matches, COUNT_CAP), matches <= COUNT_CAP) if page_sized else (matches, True)
        ranked = session.execute(text(_ranked_sql(dialect, where)), params | {"n": depth, "floor": floor}).all()
        if where and floor and len(ranked) < limit:
            floor = 0  # a narrow filter on a broad query: too few of its matches are among the newest, rank them all
            ranked = session.execute(text(_ranked_sql(dialect, where)), params | {"n": depth, "floor": 0}).all()
        if where:
            total = session.execute(text(_count_sql(dialect, where)), params | {"floor": floor}).scalar() or 0
            if floor:  # counted in the window only: scaled to all matches
                total, total_exact = round(total * matches / RANK_WINDOW), False
        exact = total_exact and total <= depth
        if not ranked:
            return SearchResults(query, 0, [])
        facets = _facet_counts(session, dialect, [r[0] for r in ranked])
        page = ranked[:limit]
        entries = {row.id: row for row in session.execute(
            select(m.SearchEntry.id, m.SearchEntry.entity_type, m.SearchEntry.entity_id, m.SearchEntry.title)
            .where(m.SearchEntry.id.in_([r[0] for r in page]))
        )}
        bodies = _bodies(session, [(entries[r[0]].entity_type, entries[r[0]].entity_id) for r in page
                                   if r[0] in entries])
        results = []
        for entry_id, score in page:
            entry = entries.get(entry_id)
            if entry is None:
                continue
            source, body = bodies.get((entry.entity_type, entry.entity_id), ("", ""))
            results.append(SearchResult(entry.entity_type, entry.entity_id, entry.title, source,
                                        round(float(score), 4), snippet_pieces(body, groups) if body else ()))
    return SearchResults(query, total, results, facets, exact, total_exact)


@dataclass(slots=True)
class KindResults:
    """One search over several kinds of record: the best few of each kind, how many of each match, and facet
    counts over the best matches of all of them."""

    query: str
    results: dict[str, list[SearchResult]]
    counts: dict[str, int]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_exact: bool = True
    counts_exact: bool = True  # False when counted in the window of a broad query and scaled to all matches
    total_capped: bool = False  # True when the matches were counted up to COUNT_CAP only: "at least"


def _kinds_sql(dialect: str, where: str) -> str:
    """(entry id, kind, entity id, score) of every match from rowid `:floor` on, best first, at most `:n`."""
    return _matches_sql(dialect, where, "e.id, e.entity_type, e.entity_id, {score} AS score",
                        "ORDER BY {order} LIMIT :n")


def _kind_counts_sql(dialect: str, where: str) -> str:
    """Matches per kind from rowid `:floor` on (SQLite; PostgreSQL counts all)."""
    return _matches_sql(dialect, where, "e.entity_type, count(*)", "GROUP BY e.entity_type")


@lru_cache(maxsize=256)
def _statement(sql: str) -> TextClause:
    """One statement object per SQL text, so that the reads of the search page are compiled once (see
    store.db.rows) although their SQL is put together per query from the filters and kinds it has."""
    return text(sql)


_KIND = itemgetter(1)  # of a ranked row (entry id, kind, entity id, score)
_COUNT_MATCHES = text("SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :q LIMIT :cap)")
_WINDOW_FLOOR = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q ORDER BY rowid DESC "
                     "LIMIT 1 OFFSET :window")
_TITLES = select(m.SearchEntry.id, m.SearchEntry.title).where(m.SearchEntry.id.in_(bindparam("ids", expanding=True)))


def search_kinds(store: Store, query: str, limits: dict[str, int], filters: dict[str, str] | None = None,
                 session: Session | None = None) -> KindResults:
    """The search page's one search: the kinds in `limits` ranked together once (only the newest RANK_WINDOW
    matches of a very broad query, as in `search`), the best `limits[kind]` of each kind kept (a kind with
    limit 0 is only counted), the matches of each kind counted from that same ranking (scaled to all matches
    when it was windowed) and facets counted over the best FACET_DEPTH of each shown kind. One ranking instead
    of one search per kind: the full-text match, the count and the window are computed once. A page that has a
    session already passes it, and the search reads in its transaction."""
    kinds = [k for k in dict.fromkeys(limits) if k in ENTITY_TYPES]
    shown = [k for k in kinds if limits[k] > 0]
    empty = KindResults(query, {k: [] for k in shown}, {k: 0 for k in kinds}, 0)
    if not shown:
        return empty
    if session is None:
        with store.session() as own:
            return search_kinds(store, query, limits, filters, own)
    prepared = _prepare(session, store.dialect, query, filters, None)
    if prepared is None:
        return empty
    groups, filter_where, params = prepared
    dialect = store.dialect

    def where_for(chosen: list[str]) -> str:
        if len(chosen) == len(ENTITY_TYPES):
            return filter_where
        clause = "e.entity_type IN (" + ", ".join(f":kind_{k}" for k in chosen) + ")"
        return f"{clause} AND {filter_where}" if filter_where else clause

    params.update({f"kind_{k}": k for k in kinds})
    where = where_for(kinds)

    def ranked(where: str, floor: int) -> list[Any]:
        statement = _statement(_kinds_sql(dialect, where))
        return list(rows(session, statement, params | {"n": RANK_WINDOW + 1, "floor": floor}, named=False))

    def counted(where: str, found: list[Any], chosen: list[str]) -> dict[str, int]:
        """Matches per kind: from the ranking when it holds them all, else counted in full."""
        if len(found) <= RANK_WINDOW:
            return Counter(r[1] for r in found if r[1] in chosen)
        counts = rows(session, _statement(_kind_counts_sql(dialect, where)), params | {"floor": 0})
        return {k: n for k, n in counts if k in chosen}

    matches, floor = 0, 0
    if dialect == "sqlite":
        # The newest match beyond the window is the floor of the ranking: only a query that has one is counted in
        # full; a narrower one is ranked whole, and its ranking is its count.
        floor = (rows(session, _WINDOW_FLOOR, {"q": params["q"], "window": RANK_WINDOW}) or [(0,)])[0][0] or 0
        if floor:
            matches = rows(session, _COUNT_MATCHES, {"q": params["q"], "cap": COUNT_CAP + 1})[0][0] or 0
    found = ranked(where, floor)
    if dialect == "sqlite" and not floor:
        matches = len(found)  # all of them when nothing narrows `where`, the only case that reads it as a total
    counts_exact = not floor
    if floor:  # ranked in the newest RANK_WINDOW + 1 matches only: scaled to all of them
        counts = {k: round(n * matches / (RANK_WINDOW + 1)) for k, n in Counter(map(_KIND, found)).items()}
    else:
        counts = dict(counted(where, found, kinds))
    shown_rows = [r for r in found if r[1] in shown]
    if floor and len(shown_rows) < max(limits[k] for k in shown):
        # a narrow filter or a rare kind on a broad query: too few among the newest, rank all of its matches
        where = where_for(shown)
        shown_rows = ranked(where, 0)
        counts.update({k: 0 for k in shown} | dict(counted(where, shown_rows, shown)))
        counts_exact = len(shown) == len(kinds)
    total = sum(counts.get(k, 0) for k in shown)
    if not filter_where and dialect == "sqlite" and len(shown) == len(ENTITY_TYPES):
        total = min(matches, COUNT_CAP)  # every kind, no filter: the count of all matches
    depth = {k: max(limits[k], FACET_DEPTH) for k in shown}
    of_kind = {k: [row for row in shown_rows if row[1] == k] for k in shown}  # each best first
    faceted = [row[0] for k in shown for row in of_kind[k][:depth[k]]]
    best = [row for k in shown for row in of_kind[k][:limits[k]]]
    if not best:
        return KindResults(query, {k: [] for k in shown}, {k: counts.get(k, 0) for k in kinds}, total,
                           counts_exact=counts_exact)
    facets = _facet_counts(session, dialect, faceted)
    titles = dict(rows(session, _TITLES, {"ids": [r[0] for r in best]}, named=False))
    bodies = _bodies(session, [(kind, entity_id) for _, kind, entity_id, _ in best])
    results: dict[str, list[SearchResult]] = {k: [] for k in shown}
    for entry_id, kind, entity_id, score in best:
        source, body = bodies.get((kind, entity_id), ("", ""))
        results[kind].append(SearchResult(kind, entity_id, titles.get(entry_id, ""), source,
                                          round(float(score), 4), snippet_pieces(body, groups) if body else ()))
    facets_exact = counts_exact and all(counts.get(k, 0) <= depth[k] for k in shown)
    return KindResults(query, results, {k: counts.get(k, 0) for k in kinds}, total, facets, facets_exact,
                       counts_exact, matches > COUNT_CAP)


_DOCUMENT_BODIES = select(m.Document.id, m.Document.url, m.Document.source, m.Document.text).where(
    m.Document.id.in_(bindparam("ids", expanding=True)))
_DOCUMENT_SOURCES = select(m.Document.id, m.Document.url, m.Document.source).where(
    m.Document.id.in_(bindparam("ids", expanding=True)))
# the lowest document id per entity, read from the (subject, document) index alone
_FIRST_DOCUMENTS = select(m.Fact.subject_id, func.min(m.Fact.document_id)).where(
    m.Fact.subject_type == bindparam("subject"), m.Fact.subject_id.in_(bindparam("ids", expanding=True))
).group_by(m.Fact.subject_id)


def _bodies(session: Session, entries: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(source, text to cut the snippet from) of each result (kind, entity id): a document's URL or path and its
    text; for an entity, the first document that mentions it and its names."""
    out: dict[tuple[str, int], tuple[str, str]] = {}
    doc_ids = [entity_id for kind, entity_id in entries if kind == "doc"]
    if doc_ids:
        for doc_id, url, source, body in rows(session, _DOCUMENT_BODIES, {"ids": doc_ids}):
            out[("doc", doc_id)] = (url or source, body)
    first_doc: dict[tuple[str, int], int] = {}
    names: dict[tuple[str, int], str] = {}
    for kind, subject in _FACT_SUBJECT.items():
        ids = [entity_id for entry_kind, entity_id in entries if entry_kind == kind]
        if not ids:
            continue
        for entity_id, doc_id in rows(session, _FIRST_DOCUMENTS, {"subject": subject, "ids": ids}):
            first_doc[(kind, entity_id)] = doc_id
        for entity_id, (_, text_) in _entity_texts(session, kind, ids).items():
            names[(kind, entity_id)] = text_
    sources: dict[int, str] = {}
    if first_doc:
        sources = {doc_id: url or source for doc_id, url, source in rows(
            session, _DOCUMENT_SOURCES, {"ids": list(set(first_doc.values()))})}
    for key, text_ in names.items():
        out[key] = (sources.get(first_doc.get(key, -1), ""), text_)
    return out


_IDS = bindparam("ids", expanding=True)
# What each kind's search entry is made of, for all entities or (the `_OF` forms) for some ids; built once, as
# the search page reads them for its results on every request.
_PLACE_TEXTS = select(m.Place.id, m.Place.name, m.Place.country, m.Place.kind, m.Place.parents)
_ORG_TEXTS = select(m.Organisation.id, m.Organisation.name, m.Organisation.kind).where(
    m.Organisation.merged_into_id.is_(None))
_PROJECT_TEXTS = select(m.Project.id, m.Project.title, m.Project.acronym, m.Project.description)
_ENTITY_TEXTS = {
    "place": (_PLACE_TEXTS, _PLACE_TEXTS.where(m.Place.id.in_(_IDS))),
    "org": (_ORG_TEXTS, _ORG_TEXTS.where(m.Organisation.id.in_(_IDS))),
    "project": (_PROJECT_TEXTS, _PROJECT_TEXTS.where(m.Project.id.in_(_IDS))),
}
_ORG_ALIASES = select(m.OrganisationAlias.organisation_id, m.OrganisationAlias.alias).where(
    m.OrganisationAlias.organisation_id.in_(_IDS))
_PROJECT_TITLES = select(m.ProjectTitle.project_id, m.ProjectTitle.title).where(m.ProjectTitle.project_id.in_(_IDS))


def _entity_texts(session: Session, kind: str, ids: Collection[int] | None) -> dict[int, tuple[str, str]]:
    """(title, every name and description it goes by) of each entity of a kind: what its search entry holds."""
    out: dict[int, tuple[str, str]] = {}
    if kind not in _ENTITY_TEXTS:
        return out
    every, some = _ENTITY_TEXTS[kind]
    found = rows(session, every) if ids is None else rows(session, some, {"ids": list(ids)})
    if kind == "place":
        for pid, name, country, place_kind, parents in found:
            out[pid] = (name, " · ".join([name, *(parents or []), country, place_kind]))
    elif kind == "org":
        names: dict[int, list[str]] = {}
        for oid, name, org_kind in found:
            names[oid] = [name]
            out[oid] = (name, org_kind)
        if names:
            for oid, alias in rows(session, _ORG_ALIASES, {"ids": list(names)}):
                if alias not in names[oid]:
                    names[oid].append(alias)
            out = {oid: (out[oid][0], " · ".join(names[oid])) for oid in names}
    else:
        titles: dict[int, list[str]] = {}
        for pid, title, acronym, description in found:
            titles[pid] = [t for t in (title, acronym) if t]
            out[pid] = (title, description or "")
        if titles:
            for pid, title in rows(session, _PROJECT_TITLES, {"ids": list(titles)}):
                if title not in titles[pid]:
                    titles[pid].append(title)
            out = {pid: (out[pid][0], " · ".join(titles[pid] + ([out[pid][1]] if out[pid][1] else [])))
                   for pid in titles}
    return out


def _entity_facets(session: Session, kind: str, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Facet values of entities: country and place for all; funders, organisations and years for projects."""
    facets: dict[int, dict[str, list[str]]] = {i: {} for i in ids}

    def add(entity_id: int, name: str, value: Any) -> None:
        if value:
            values = facets[entity_id].setdefault(name, [])
            if str(value) not in values:
                values.append(str(value))

    if kind == "place":
        for pid, name, country in session.execute(
                select(m.Place.id, m.Place.name, m.Place.country).where(m.Place.id.in_(ids))):
            add(pid, "country", country)
            add(pid, "place", name)
    elif kind == "org":
        for oid, name, country, place in session.execute(
                select(m.Organisation.id, m.Organisation.name, m.Organisation.country, m.Place.name)
                .outerjoin(m.Place, m.Place.id == m.Organisation.place_id).where(m.Organisation.id.in_(ids))):
            add(oid, "org", name)
            add(oid, "country", country)
            add(oid, "place", place)
    elif kind == "project":
        for pid, name, country in session.execute(
                select(m.ProjectPlace.project_id, m.Place.name, m.Place.country)
                .join(m.Place, m.Place.id == m.ProjectPlace.place_id).where(m.ProjectPlace.project_id.in_(ids))):
            add(pid, "place", name)
            add(pid, "country", country)
        for pid, name, role in session.execute(
                select(m.ProjectParticipant.project_id, m.Organisation.name, m.ProjectParticipant.role)
                .join(m.Organisation, m.Organisation.id == m.ProjectParticipant.organisation_id)
                .where(m.ProjectParticipant.project_id.in_(ids))):
            add(pid, "org", name)
            if role == 1:
                add(pid, "funder", name)
        for pid, start, end in session.execute(
                select(m.Project.id, m.Project.start_date, m.Project.end_date).where(m.Project.id.in_(ids))):
            for day in (start, end):
                add(pid, "year", day.year if day else None)
    return facets


def index_entities(session: Session, only: dict[str, Iterable[int]] | None = None) -> int:
    """Search entries for projects, organisations and places, so that `--type project|org|place` finds them by
    any of their names in any case form or script. `only` limits the work to some ids per type ("project",
    "org", "place"); without it every entity is (re)indexed. Merged organisations lose their entry. Runs in the
    caller's transaction; returns the number of entries written."""
    written = 0
    for kind in ("project", "org", "place"):
        wanted = None if only is None else list(dict.fromkeys(only.get(kind, ())))
        if wanted is not None and not wanted:
            continue
        texts = _entity_texts(session, kind, wanted)
        stale = select(m.SearchEntry.id, m.SearchEntry.entity_id, m.SearchEntry.title, m.SearchEntry.tokens,
                       m.SearchEntry.facets).where(m.SearchEntry.entity_type == kind)
        if wanted is not None:
            stale = stale.where(m.SearchEntry.entity_id.in_(wanted))
        stale_ids, current = [], {}
        for entry_id, entity_id, title, words, facets in session.execute(stale):
            if wanted is not None and entity_id in texts and entity_id not in current:
                current[entity_id] = (entry_id, title, words, facets)
            else:
                stale_ids.append(entry_id)
        rows = []
        ids = list(texts)
        for start in range(0, len(ids), 2000):
            chunk = ids[start:start + 2000]
            facets = _entity_facets(session, kind, chunk)
            for i in chunk:
                row = {"entity_type": kind, "entity_id": i, "title": texts[i][0],
                       "tokens": " ".join(tokens(texts[i][1])), "facets": facets[i]}
                held = current.get(i)
                # Most entities an ingest batch touches are named again, not changed: their entry stays as it is
                # (rewriting an FTS entry costs a delete and an insert of every word).
                if held is not None and held[1:] == (row["title"], row["tokens"], row["facets"]):
                    continue
                if held is not None:
                    stale_ids.append(held[0])
                rows.append(row)
        for start in range(0, len(stale_ids), 5000):
            chunk = stale_ids[start:start + 5000]
            forget_facets(session, chunk)
            session.execute(delete(m.SearchEntry).where(m.SearchEntry.id.in_(chunk)))
        for start in range(0, len(rows), 2000):
            chunk_rows = rows[start:start + 2000]
            chunk = [row["entity_id"] for row in chunk_rows]
            # one executemany, then the new ids in one query: ids returned in order would cost one statement a row
            session.execute(insert(m.SearchEntry.__table__), chunk_rows)
            remember_terms(session, [row["tokens"] for row in chunk_rows])
            entry_ids = dict(session.execute(select(m.SearchEntry.entity_id, m.SearchEntry.id).where(
                m.SearchEntry.entity_type == kind, m.SearchEntry.entity_id.in_(chunk))).all())
            facet_rows = [
                {"entry_id": entry_ids[row["entity_id"]], "name": name, "value": value[:400],
                 "value_key": fold(value)[:400]}
                for row in chunk_rows for name, values in row["facets"].items() for value in values
            ]
            insert_facets(session, facet_rows)
            written += len(chunk_rows)
    return written
