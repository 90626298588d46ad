"""Registry benchmark: `make bench-search` (sizes with `SIZES=10000,100000`).

For each corpus size of the synthetic generator, in one run:

- ingest throughput (documents/s, reading, extraction, resolution, storage and indexing included) with two
  workers over the whole corpus and with one worker over its first `--one-worker-docs` documents;
- database size per 1000 documents;
- search latency p50/p95/p99 of one-, two- and three-word queries with and without a facet filter, and the same
  queries on a tantivy index of the same texts (its default tokenizer), timed alternately query by query so both
  see the same machine load;
- recall and precision against the generator's ground truth (every document knows its place, donor and topic) for
  queries written in another case, script or standard than many of the documents use, ours and tantivy's.

Sizes above `--ingest-max` are not ingested (the extraction alone would take hours on two cores): their registry
is loaded directly from the generator, which knows each document's place, donor and topic, with the same search
entries ingest writes (the document's tokens plus the canonical names of what it mentions, facet rows for
country, place, funder and language). After their search figures, `--top-up` more documents are ingested into
them with two workers: the ingest rate of a registry of that size.
Results: `benchmarks/results/search.json` and `.md`, with the machine's load average during each phase.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from benchmarks.synthetic import DONORS, TOPICS, SyntheticDoc, case_form, documents, write_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BCS = ("bs", "hr", "sr")
GOALS = {"ingest_docs_per_s_2_workers": 150.0, "search_p95_ms": 50.0}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summarise(timings: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(timings, 50), 2), "p95_ms": round(percentile(timings, 95), 2),
            "p99_ms": round(percentile(timings, 99), 2), "queries": len(timings)}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def _place_names() -> dict[str, tuple[str, str]]:
    from devatlas.gazetteer import load_gazetteer

    return {p.place_id: (p.name, p.country) for p in load_gazetteer().places}


# ---------------------------------------------------------------- queries from the ground truth


def latency_queries(truth: list[SyntheticDoc], n: int, seed: int) -> dict[int, list[str]]:
    """n queries of one, two and three words, each built from a random document so that it has matches: its place
    (in the nominative, another case or Cyrillic), a word of its topic, a word of its donor."""
    rng = random.Random(seed)
    names = _place_names()
    out: dict[int, list[str]] = {1: [], 2: [], 3: []}
    from devatlas.text.script import to_cyrillic

    def place_form(doc: SyntheticDoc) -> str:
        name = names[doc.place_id][0].split()[-1]
        return rng.choice([name, case_form(name, "d"), to_cyrillic(name)]) if doc.lang != "en" else name

    def word(phrase: str) -> str:
        return max(re.findall(r"[^\W\d_]+", phrase), key=len)

    for words in (1, 2, 3):
        while len(out[words]) < n:
            doc = rng.choice(truth)
            parts = [place_form(doc), word(TOPICS[doc.topic][doc.lang][rng.randint(0, 1)]),
                     word(DONORS[doc.donor][doc.lang][0])]
            if words == 1:
                parts = [rng.choice(parts[:2])]
            out[words].append(" ".join(parts[:words]))
    return out


def recall_queries(truth: list[SyntheticDoc], seed: int, places: int = 30) -> list[dict]:
    """Queries with known relevant sets: places in four spellings (all documents about the place, any language),
    donors and topics in another standard or case than most documents use (documents of the language family)."""
    rng = random.Random(seed)
    names = _place_names()
    from devatlas.text.script import strip_diacritics, to_cyrillic

    by_place: dict[str, list[int]] = defaultdict(list)
    by_donor: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_topic: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, doc in enumerate(truth):
        family = "bcs" if doc.lang in BCS else "en"
        by_place[doc.place_id].append(i)
        by_donor[(doc.donor, family)].append(i)
        by_topic[(doc.topic, family)].append(i)
    queries = []
    latin_places = [p for p in by_place if names[p][1] in ("BA", "HR", "RS", "ME")]
    for place_id in rng.sample(latin_places, min(places, len(latin_places))):
        name = names[place_id][0]
        forms = {"nominative": name, "no diacritics": strip_diacritics(name), "locative": case_form(name, "d"),
                 "cyrillic": to_cyrillic(name)}
        for how, query in forms.items():
            queries.append({"query": query, "kind": f"place, {how}", "relevant": by_place[place_id]})
    for donor in DONORS:
        lang = rng.choice(BCS)
        queries.append({"query": DONORS[donor][lang][1], "kind": "donor, genitive",
                        "relevant": by_donor[(donor, "bcs")]})
        queries.append({"query": to_cyrillic(DONORS[donor]["sr"][0]), "kind": "donor, cyrillic",
                        "relevant": by_donor[(donor, "bcs")]})
        queries.append({"query": DONORS[donor]["en"][0], "kind": "donor, english", "relevant": by_donor[(donor, "en")]})
    for topic in TOPICS:
        queries.append({"query": TOPICS[topic]["hr"][1], "kind": "topic, croatian genitive",
                        "relevant": by_topic[(topic, "bcs")]})
        queries.append({"query": to_cyrillic(TOPICS[topic]["sr"][0]), "kind": "topic, cyrillic",
                        "relevant": by_topic[(topic, "bcs")]})
    return [q for q in queries if q["relevant"]]


# ---------------------------------------------------------------- the two engines


class Tantivy:
    """A tantivy index of the same texts with its default tokenizer; queries require every word, like ours."""

    def __init__(self, folder: Path, texts: Iterable[tuple[int, str]]) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False)
        builder.add_integer_field("i", stored=True, indexed=False)
        self.index = tantivy.Index(builder.build(), path=str(folder))
        writer = self.index.writer(heap_size=256_000_000)
        started = time.perf_counter()
        count = 0
        for i, body in texts:
            writer.add_document(tantivy.Document(body=body, i=i))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.docs_per_s = count / (time.perf_counter() - started)
        self.index.reload()
        self.searcher = self.index.searcher()

    def _query(self, query: str):  # type: ignore[no-untyped-def]
        words = re.findall(r"[^\W_]+", query.lower())
        return self.index.parse_query(" ".join(f"+{w}" for w in words) or '""', ["body"])

    def top(self, query: str, k: int = 10) -> list[int]:
        return [self.searcher.doc(addr)["i"][0] for _, addr in self.searcher.search(self._query(query), k).hits]

    def all(self, query: str, cap: int) -> list[int]:
        return self.top(query, cap)


def interleaved_latency(runs: dict[str, Callable[[str], object]], queries: list[str]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for query in queries:
        for name, run in runs.items():
            start = time.perf_counter()
            run(query)
            timings[name].append((time.perf_counter() - start) * 1000)
    return timings


# ---------------------------------------------------------------- building the registry


def ingest_corpus(corpus: Path, paths: list[Path], db: Path, workers: int) -> dict:
    from devatlas.ingest.pipeline import ingest
    from devatlas.store import Store

    store = Store(f"sqlite:///{db}")
    load_before, started = load(), time.perf_counter()
    summary = ingest(store, paths if paths else [corpus], workers=workers)
    seconds = time.perf_counter() - started
    store.close()
    return {"documents": summary.read, "seconds": round(seconds, 1), "docs_per_s": round(summary.read / seconds, 1),
            "failed": len(summary.failed), "load_before": load_before, "load_after": load()}


def direct_load(db: Path, docs: Iterable[SyntheticDoc], batch: int = 5000) -> dict:
    """Documents and their search entries written straight from the generator (see the module docstring)."""
    from sqlalchemy import insert, select

    from devatlas.store import Store
    from devatlas.store import models as m
    from devatlas.store.search import remember_terms
    from devatlas.text.analyzer import tokens
    from devatlas.text.script import fold

    names = _place_names()
    store = Store(f"sqlite:///{db}")
    started, load_before, count = time.perf_counter(), load(), 0
    pending: list[SyntheticDoc] = []

    def flush() -> None:
        with store.session() as session:
            doc_rows = [{"content_hash": hashlib.sha256(d.text.encode()).hexdigest(),
                         "source": f"synthetic/{count0 + k}", "title": d.text.split("\n", 1)[0], "url": "",
                         "language": d.lang, "script": d.script,
                         "text": d.text, "extractor_version": "direct"} for k, d in enumerate(pending)]
            ids = session.execute(insert(m.Document).returning(m.Document.id, sort_by_parameter_order=True),
                                  doc_rows).scalars().all()
            entries = []
            facets_of = []
            for doc_id, d in zip(ids, pending, strict=True):
                place, country = names[d.place_id]
                donor = DONORS[d.donor][d.lang][0]
                entries.append({"entity_type": "doc", "entity_id": doc_id, "title": d.text.split("\n", 1)[0],
                                "tokens": " ".join(tokens(f"{d.text}\n{place}\n{donor}")), "facets": {}})
                facets_of.append({"country": country, "place": place, "funder": donor, "lang": d.lang})
            entry_ids = session.execute(insert(m.SearchEntry).returning(m.SearchEntry.id, sort_by_parameter_order=True),
                                        entries).scalars().all()
            remember_terms(session, [e["tokens"] for e in entries])
            session.execute(insert(m.SearchFacet), [
                {"entry_id": e, "name": k, "value": v, "value_key": fold(v)}
                for e, f in zip(entry_ids, facets_of, strict=True) for k, v in f.items()])
        pending.clear()

    count0 = 0
    for doc in docs:
        pending.append(doc)
        count += 1
        if len(pending) >= batch:
            flush()
            count0 = count
    if pending:
        flush()
    with store.session() as session:
        assert session.scalar(select(m.Document.id).limit(1)) is not None
    store.close()
    seconds = time.perf_counter() - started
    return {"documents": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds, 1),
            "load_before": load_before, "load_after": load()}


def db_size_mb(db: Path) -> float:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1024 / 1024


# ---------------------------------------------------------------- one size


def bench_size(n: int, args: argparse.Namespace, tmp: Path) -> dict:
    from devatlas.store import Store
    from devatlas.store.search import matching_ids, search

    result: dict = {"documents": n, "load_start": load()}
    db = tmp / f"registry{n}.db"
    corpus = tmp / f"corpus{n}"
    ingested = n <= args.ingest_max
    print(f"[{n}] generating and loading...", file=sys.stderr)
    if ingested:
        started = time.perf_counter()
        paths, truth = write_corpus(corpus, n, seed=args.seed)
        result["generate_seconds"] = round(time.perf_counter() - started, 1)
        one = min(n, args.one_worker_docs)
        result["ingest_1_worker"] = ingest_corpus(corpus, paths[:one], tmp / f"one{n}.db", workers=1)
        print(f"[{n}] one worker: {result['ingest_1_worker']}", file=sys.stderr)
        result["ingest_2_workers"] = ingest_corpus(corpus, [], db, workers=2)
        print(f"[{n}] two workers: {result['ingest_2_workers']}", file=sys.stderr)
        texts: Iterable[tuple[int, str]] = ((i, p.read_text(encoding="utf-8")) for i, p in enumerate(paths))
    else:
        truth = []

        def remember(docs: Iterable[SyntheticDoc]) -> Iterable[SyntheticDoc]:
            for d in docs:
                truth.append(SyntheticDoc(d.lang, d.script, d.place_id, d.donor, d.topic, ""))
                yield d

        result["direct_load"] = direct_load(db, remember(documents(n, seed=args.seed)))
        print(f"[{n}] direct load: {result['direct_load']}", file=sys.stderr)
        texts = ((i, d.text) for i, d in enumerate(documents(n, seed=args.seed)))
    result["ingested"] = ingested
    result["db_mb_per_1000_docs"] = round(db_size_mb(db) / (n / 1000), 2)
    tantivy_dir = tmp / f"tantivy{n}"
    tantivy_dir.mkdir()
    print(f"[{n}] tantivy index...", file=sys.stderr)
    engine = Tantivy(tantivy_dir, texts)
    result["tantivy_index_docs_per_s"] = round(engine.docs_per_s, 1)
    store = Store(f"sqlite:///{db}")
    with store.session() as session:
        from sqlalchemy import text

        # document id -> position in the corpus (ingest numbers documents in file order, but skips duplicates)
        position = {doc_id: int(re.sub(r"\D", "", Path(source).stem) or 0)
                    for doc_id, source in session.execute(text("SELECT id, source FROM documents"))}
    queries = latency_queries(truth, args.queries, args.seed)
    for warm in queries[1][:20]:
        search(store, warm, limit=10)
        engine.top(warm)
    print(f"[{n}] latency...", file=sys.stderr)
    latency: dict[str, dict] = {}
    facet = {"country": "BA"}
    load_before = load()
    for words, qs in queries.items():
        timings = interleaved_latency({
            "devatlas": lambda q: search(store, q, limit=10),
            "devatlas + facet": lambda q: search(store, q, filters=facet, limit=10),
            "tantivy": engine.top,
        }, qs)
        latency[f"{words}-word"] = {name: summarise(t) for name, t in timings.items()}
    result["latency"] = latency
    result["latency_load"] = [load_before, load()]
    result["latency_ratio_p50_devatlas_to_tantivy"] = {
        k: round(v["devatlas"]["p50_ms"] / max(v["tantivy"]["p50_ms"], 1e-3), 1) for k, v in latency.items()}
    print(f"[{n}] recall...", file=sys.stderr)
    rows = []
    for q in recall_queries(truth, args.seed):
        relevant = set(q["relevant"])
        ours = {position[i] for i in matching_ids(store, q["query"]) if i in position}
        theirs = set(engine.all(q["query"], cap=min(n, 4 * len(relevant) + 1000)))
        rows.append({"query": q["query"], "kind": q["kind"], "relevant": len(relevant),
                     "devatlas_recall": round(len(ours & relevant) / len(relevant), 3),
                     "devatlas_precision": round(len(ours & relevant) / len(ours), 3) if ours else 1.0,
                     "tantivy_recall": round(len(theirs & relevant) / len(relevant), 3),
                     "tantivy_precision": round(len(theirs & relevant) / len(theirs), 3) if theirs else 1.0})
    by_kind: dict[str, dict[str, float]] = {}
    for kind in [*sorted({r["kind"] for r in rows}), "all"]:
        chosen = [r for r in rows if kind in ("all", r["kind"])]
        by_kind[kind] = {key: round(sum(r[key] for r in chosen) / len(chosen), 3)
                         for key in ("devatlas_recall", "devatlas_precision", "tantivy_recall", "tantivy_precision")}
    result["recall"] = {"by_kind": by_kind, "queries": rows}
    store.close()
    if not ingested and args.top_up:  # the ingest rate at this size: new documents written into the full registry
        print(f"[{n}] ingest of {args.top_up} more documents...", file=sys.stderr)
        more = tmp / f"more{n}"
        write_corpus(more, args.top_up, seed=args.seed + 1000)
        result["ingest_into_loaded"] = ingest_corpus(more, [], db, workers=2)
        print(f"[{n}] top-up: {result['ingest_into_loaded']}", file=sys.stderr)
        shutil.rmtree(more, ignore_errors=True)
    result["load_end"] = load()
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(tantivy_dir, ignore_errors=True)
    return result


def report(payload: dict) -> str:
    lines = ["# Registry benchmark", "",
             f"{payload['when']}, {payload['cores']} cores (shared with other work: load averages below), "
             f"SQLite registry, synthetic corpus (`benchmarks/synthetic.py`). Goals at 1M documents: ingest ≥ "
             f"{GOALS['ingest_docs_per_s_2_workers']:.0f} documents/s with 2 workers, search p95 ≤ "
             f"{GOALS['search_p95_ms']:.0f} ms." + (f" {payload['note']}" if payload.get("note") else ""), ""]
    for r in payload["results"]:
        lines += [f"## {r['documents']:,} documents", ""]
        if r["ingested"]:
            one, two = r["ingest_1_worker"], r["ingest_2_workers"]
            lines += [
                f"- ingest (read, extract, resolve, store, index): **{two['docs_per_s']} documents/s with 2 workers** "
                f"({two['documents']:,} documents in {two['seconds']} s, load {two['load_before']} → "
                f"{two['load_after']}); {one['docs_per_s']} documents/s with 1 worker (first {one['documents']:,} "
                f"documents)",
            ]
        else:
            d = r["direct_load"]
            lines += [f"- loaded directly from the generator's known mentions ({d['docs_per_s']} documents/s, no "
                      f"extraction) for the search figures"]
            if "ingest_into_loaded" in r:
                top = r["ingest_into_loaded"]
                lines += [f"- ingest into the loaded registry (read, extract, resolve, store, index): "
                          f"**{top['docs_per_s']} documents/s with 2 workers** ({top['documents']:,} more documents "
                          f"in {top['seconds']} s, load {top['load_before']} → {top['load_after']})"]
        lines += [f"- database size: {r['db_mb_per_1000_docs']} MB per 1000 documents",
                  f"- tantivy indexing (no extraction): {r['tantivy_index_docs_per_s']} documents/s",
                  f"- latency measured with load {r['latency_load'][0]} → {r['latency_load'][1]}", "",
                  "| queries | devatlas p50 | p95 | p99 | + facet filter p50 | p95 | p99 | tantivy p50 | p95 | "
                  "p50 ratio |", "|---|---|---|---|---|---|---|---|---|---|"]
        for key, v in r["latency"].items():
            a, f, t = v["devatlas"], v["devatlas + facet"], v["tantivy"]
            lines.append(f"| {key} | {a['p50_ms']} | {a['p95_ms']} | {a['p99_ms']} | {f['p50_ms']} | {f['p95_ms']} | "
                         f"{f['p99_ms']} | {t['p50_ms']} | {t['p95_ms']} | "
                         f"{r['latency_ratio_p50_devatlas_to_tantivy'][key]}× |")
        lines += ["", "Recall and precision against the generator's ground truth (all matches, not only the first "
                  "ten):", "", "| queries | devatlas recall | precision | tantivy recall | precision |",
                  "|---|---|---|---|---|"]
        for kind, v in r["recall"]["by_kind"].items():
            lines.append(f"| {kind} | {v['devatlas_recall']:.3f} | {v['devatlas_precision']:.3f} | "
                         f"{v['tantivy_recall']:.3f} | {v['tantivy_precision']:.3f} |")
        lines.append("")
    lines += [
        "## Reading these figures", "",
        "- The machine's two cores were shared with other work during the run; the load averages say how much. "
        "tantivy's own latency moving with the load shows its effect: compare ratios measured in the same run, not "
        "absolute figures across runs.",
        "- Recall counts every match, not only the first ten. Relevant sets: a place query, every document about "
        "the place in any language; donor and topic queries in Bosnian, Croatian or Serbian, the documents of those "
        "languages (both scripts); English queries, the English documents. Acronyms (UNDP, USAID) occur in every "
        "language, so English donor queries find Bosnian, Croatian and Serbian documents that their relevant set "
        "leaves out: the low precision of that row is the same for both engines.",
        "- Sizes loaded directly hold documents and search entries only (no facts, entities or corrections), so "
        "their database size per 1000 documents is smaller than an ingested registry's.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="latency queries per query length")
    parser.add_argument("--ingest-max", type=int, default=100_000, help="largest size that is really ingested")
    parser.add_argument("--one-worker-docs", type=int, default=2000, help="documents ingested with one worker")
    parser.add_argument("--top-up", type=int, default=3000,
                        help="documents ingested into each directly loaded registry after its search figures")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--report-only", action="store_true", help="rewrite search.md from search.json")
    args = parser.parse_args(argv)
    if args.report_only:
        payload = json.loads((RESULTS / "search.json").read_text(encoding="utf-8"))
        (RESULTS / "search.md").write_text(report(payload) + "\n", encoding="utf-8")
        return 0
    results = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": os.cpu_count(), "goals": GOALS,
               "results": results}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(bench_size(size, args, Path(tmp)))
            # written after each size, so a long run leaves its finished sizes behind
            (RESULTS / "search.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
            (RESULTS / "search.md").write_text(report(payload) + "\n", encoding="utf-8")
    print(report(payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
