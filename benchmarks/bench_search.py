"""Registry benchmark: `make bench-search` (sizes with `--sizes 10000,100000`).

For each corpus size, in one run: ingest throughput with one and with two workers (extraction, resolution and
storage included), database size per 1000 documents, and search latency p50/p95/p99 for one-, two- and
three-word queries with and without a facet filter; the same queries on a tantivy index of the same corpus
(its default tokenizer) for the latency ratio, and recall on queries written in other case forms and scripts
than the documents use (what normalisation is for). Results: `benchmarks/results/search.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import DONORS, TOPICS, places_by_language, write_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def make_queries(rng: random.Random, n: int) -> dict[int, list[str]]:
    places = [p.name for p in places_by_language()["en"]]
    words = [w for topic in TOPICS["bs"] + TOPICS["sr"] for w in topic.split() if len(w) > 3]
    donors = [d for d in DONORS["sr"] + DONORS["bs"]]
    queries: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for _ in range(n):
        queries[1].append(rng.choice([rng.choice(places), rng.choice(words)]))
        queries[2].append(f"{rng.choice(places)} {rng.choice(words)}")
        queries[3].append(f"{rng.choice(places)} {rng.choice(words)} {rng.choice(donors).split()[0]}")
    return queries


def time_queries(run, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def summarise(timings: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(timings, 50), 2), "p95_ms": round(percentile(timings, 95), 2),
            "p99_ms": round(percentile(timings, 99), 2)}


def tantivy_index(paths: list[Path], folder: Path):  # type: ignore[no-untyped-def]
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False)
    builder.add_text_field("path", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer()
    for path in paths:
        writer.add_document(tantivy.Document(body=path.read_text(encoding="utf-8"), path=str(path)))
    writer.commit()
    index.reload()
    return index


def bench_size(n: int, rounds_queries: int, tmp: Path) -> dict:
    from devatlas.ingest.pipeline import ingest
    from devatlas.store import Store
    from devatlas.store.search import search

    corpus = tmp / f"corpus{n}"
    paths = write_corpus(corpus, n)
    sample = min(n, 3000)
    one = Store(f"sqlite:///{tmp / f'one{n}.db'}")
    start = time.perf_counter()
    ingest(one, [p for p in paths[:sample]], workers=1)
    one_rate = sample / (time.perf_counter() - start)
    one.close()
    db_path = tmp / f"two{n}.db"
    store = Store(f"sqlite:///{db_path}")
    start = time.perf_counter()
    ingest(store, [corpus], workers=2)
    two_rate = n / (time.perf_counter() - start)
    size_per_1000 = os.path.getsize(db_path) / (n / 1000) / 1024 / 1024
    rng = random.Random(n)
    queries = make_queries(rng, rounds_queries)
    latency: dict[str, dict[str, float]] = {}
    for words, qs in queries.items():
        latency[f"{words}-word"] = summarise(time_queries(lambda q: search(store, q, limit=10), qs))
        latency[f"{words}-word + facet"] = summarise(
            time_queries(lambda q: search(store, q, filters={"country": "BA"}, limit=10), qs))
    index = tantivy_index(paths, Path(tempfile.mkdtemp(dir=tmp)))
    searcher = index.searcher()

    def tantivy_search(q: str) -> None:
        searcher.search(index.parse_query(q, ["body"]), 10)

    tantivy_latency = {f"{w}-word": summarise(time_queries(tantivy_search, qs)) for w, qs in queries.items()}
    store.close()
    return {
        "documents": n,
        "ingest_docs_per_s_1_worker": round(one_rate, 1),
        "ingest_docs_per_s_2_workers": round(two_rate, 1),
        "db_mb_per_1000_docs": round(size_per_1000, 2),
        "latency": latency,
        "tantivy_latency": tantivy_latency,
        "latency_ratio_p95_devatlas_to_tantivy": {
            k: round(latency[k]["p95_ms"] / max(v["p95_ms"], 1e-3), 2) for k, v in tantivy_latency.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="queries per query length")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"benchmarking {size} documents...", file=sys.stderr)
            results.append(bench_size(size, args.queries, Path(tmp)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": os.cpu_count(), "results": results}
    (RESULTS / "search.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    lines = ["# Registry benchmark", "", f"{payload['when']}, {payload['cores']} cores, SQLite backend.", ""]
    for r in results:
        lines += [
            f"## {r['documents']} documents", "",
            f"- ingest: {r['ingest_docs_per_s_1_worker']} docs/s with 1 worker, "
            f"{r['ingest_docs_per_s_2_workers']} docs/s with 2 workers",
            f"- database size: {r['db_mb_per_1000_docs']} MB per 1000 documents", "",
            "| queries | devatlas p50 | p95 | p99 | tantivy p95 |", "|---|---|---|---|---|",
        ]
        for key, value in r["latency"].items():
            t = r["tantivy_latency"].get(key)
            lines.append(f"| {key} | {value['p50_ms']} ms | {value['p95_ms']} ms | {value['p99_ms']} ms | "
                         f"{t['p95_ms'] if t else ''}{' ms' if t else ''} |")
        lines.append("")
    (RESULTS / "search.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
