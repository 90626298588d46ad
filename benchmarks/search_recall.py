"""Search quality on the samples: `make bench-search-recall`.

Runs the judged queries of `benchmarks/search_queries.json` against a registry of the project's `samples/` and,
beside it, against plain SQLite FTS5 over the raw texts (unicode61 tokenizer, no stemming, no script or standard
folding: what the registry would do without its analyzer). Recall@10 of a query is the share of its relevant
documents among the first ten results (out of ten when more than ten are relevant). Results:
`benchmarks/results/search_recall.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
QUERIES = ROOT / "benchmarks" / "search_queries.json"
RESULTS = ROOT / "benchmarks" / "results"
K = 10


def load_queries(path: Path = QUERIES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def judged_documents(path: Path = QUERIES, samples: Path = SAMPLES) -> list[Path]:
    """The sample files the queries were judged over: recall is measured on a registry of these alone."""
    names = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return [samples / f"{name}.txt" for name in names]


def recall_at(found: list[str], relevant: list[str], k: int = K) -> float:
    wanted = set(relevant)
    return len(wanted.intersection(found[:k])) / min(k, len(wanted))


def devatlas_ranker(store):  # type: ignore[no-untyped-def]
    """Sample names of the first K documents our search returns for a query."""
    from devatlas.store.search import search

    def run(query: str) -> list[str]:
        return [Path(r.source).stem for r in search(store, query, entity_type="doc", limit=K).results]

    return run


def plain_fts5_ranker(documents: list[Path] | None = None):  # type: ignore[no-untyped-def]
    """The baseline: FTS5 with its default unicode61 tokenizer over the raw text of each judged sample."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(name UNINDEXED, body, tokenize='unicode61')")
    db.executemany("INSERT INTO docs(name, body) VALUES (?, ?)",
                   [(p.stem, p.read_text(encoding="utf-8")) for p in documents or judged_documents()])

    def run(query: str) -> list[str]:
        words = ['"' + w.replace('"', "") + '"' for w in query.split()]
        rows = db.execute("SELECT name FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (" ".join(words), K))
        return [r[0] for r in rows]

    return run


def evaluate(rankers: dict, queries: list[dict]) -> dict:  # type: ignore[type-arg]
    """Recall@K of each ranker on each query, and their means overall, by kind and by query language."""
    rows = []
    for q in queries:
        row = {"query": q["query"], "lang": q["lang"], "kind": q["kind"], "relevant": len(q["relevant"])}
        for name, run in rankers.items():
            found = run(q["query"])
            row[name] = round(recall_at(found, q["relevant"]), 3)
            row[f"{name}_missed"] = sorted(set(q["relevant"][:]) - set(found))[: K]
        rows.append(row)
    summary: dict[str, dict[str, float]] = {}
    for name in rankers:
        groups: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            for key in ("all", f"kind:{row['kind']}", f"lang:{row['lang']}"):
                groups[key].append(row[name])
        summary[name] = {key: round(sum(v) / len(v), 3) for key, v in sorted(groups.items())}
    return {"queries": rows, "summary": summary}


def build_registry(url: str, documents: list[Path] | None = None):  # type: ignore[no-untyped-def]
    from devatlas.ingest.pipeline import ingest
    from devatlas.store import Store

    store = Store(url)
    summary = ingest(store, documents or judged_documents())
    if summary.failed:
        raise RuntimeError(f"samples failed to ingest: {summary.failed}")
    return store


def write_report(result: dict, path_json: Path, path_md: Path) -> None:
    path_json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ours, base = result["summary"]["devatlas"], result["summary"]["plain_fts5"]
    lines = [
        "# Search recall on the samples", "",
        f"{result['when']}, {len(result['queries'])} judged queries over {result['documents']} sample documents "
        f"(`benchmarks/search_queries.json`), SQLite registry.", "",
        f"Recall@{K}: **devatlas {ours['all']:.3f}**, plain FTS5 (unicode61, raw text) {base['all']:.3f}.", "",
        "| group | devatlas | plain FTS5 |", "|---|---|---|",
    ]
    lines += [f"| {key} | {ours[key]:.3f} | {base[key]:.3f} |" for key in ours if key != "all"]
    lines += ["", "| query | relevant | devatlas | plain FTS5 | devatlas missed |", "|---|---|---|---|---|"]
    for row in result["queries"]:
        missed = ", ".join(row["devatlas_missed"])
        lines.append(f"| {row['query']} | {row['relevant']} | {row['devatlas']:.2f} | {row['plain_fts5']:.2f} | "
                     f"{missed} |")
    path_md.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="registry URL to build the samples into (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        store = build_registry(args.db or f"sqlite:///{Path(tmp) / 'samples.db'}")
        result = evaluate({"devatlas": devatlas_ranker(store), "plain_fts5": plain_fts5_ranker()}, queries)
        store.close()
    result["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    result["documents"] = len(judged_documents())
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_report(result, RESULTS / "search_recall.json", RESULTS / "search_recall.md")
    summary = result["summary"]
    print(f"recall@{K}: devatlas {summary['devatlas']['all']:.3f}, plain FTS5 {summary['plain_fts5']['all']:.3f}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
