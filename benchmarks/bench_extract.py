"""Extraction speed and memory: `make bench-extract`.

Measures, in one run and on one core:
- start-up: a fresh interpreter importing devatlas, loading the gazetteer and extracting one document;
- throughput: documents per second over the samples replicated to N documents, read from disk;
- the same corpus through a bare pass (read, fold case and diacritics, one automaton scan of the gazetteer),
  so the ratio says what the understanding costs beyond touching every byte once;
- peak memory (max RSS) of a process that loaded the full gazetteer and extracted the corpus.
Each timing is the median of several rounds. Results go to `benchmarks/results/extract.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def corpus_texts() -> list[str]:
    from devatlas.ingest import read_text

    paths = sorted((ROOT / "samples").glob("*.txt"))
    if not paths:
        raise SystemExit("bench-extract: no documents in samples/ to replicate")
    return [read_text(p) for p in paths]


def write_corpus(texts: list[str], n_docs: int, folder: Path) -> list[Path]:
    paths = []
    for i in range(n_docs):
        path = folder / f"doc{i:06d}.txt"
        path.write_text(texts[i % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def run_extract(paths: list[Path]) -> float:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.ingest import read_text
    from devatlas.model import Document
    from devatlas.understand import extract

    gazetteer = load_gazetteer()
    start = time.perf_counter()
    for path in paths:
        extract(Document(text=read_text(path), name=path.name), gazetteer)
    return time.perf_counter() - start


def run_bare(paths: list[Path]) -> float:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.text.script import fold

    automaton = load_gazetteer().automaton
    start = time.perf_counter()
    for path in paths:
        folded = fold(path.read_bytes().decode("utf-8"))
        for _ in automaton.iter(folded):
            pass
    return time.perf_counter() - start


def startup_seconds() -> float:
    code = (
        "import time; t = time.perf_counter();"
        "from devatlas.gazetteer import load_gazetteer; from devatlas.model import Document;"
        "from devatlas.understand import extract;"
        "extract(Document('Načelnik općine Laktaši potpisao je ugovor 27.12.2022.'), load_gazetteer());"
        "print(time.perf_counter() - t)"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def peak_memory_mb(n_docs: int) -> float:
    code = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r});"
        "from benchmarks.bench_extract import corpus_texts;"
        "from devatlas.gazetteer import load_gazetteer; from devatlas.model import Document;"
        "from devatlas.understand import extract;"
        "g = load_gazetteer(); texts = corpus_texts();"
        f"[extract(Document(texts[i % len(texts)]), g) for i in range({n_docs})];"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the replicated corpus")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the median is reported")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal is stated per core
    texts = corpus_texts()
    mean_kb = statistics.mean(len(t.encode("utf-8")) for t in texts) / 1024
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(texts, args.docs, Path(tmp))
        run_extract(paths[:200])  # warm the caches and the file system
        extract_times, bare_times = [], []
        for _ in range(args.rounds):
            extract_times.append(run_extract(paths))
            bare_times.append(run_bare(paths))
    startups = [startup_seconds() for _ in range(5)]
    extract_s = statistics.median(extract_times)
    bare_s = statistics.median(bare_times)
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "documents": args.docs,
        "distinct_documents": len(texts),
        "mean_document_kb": round(mean_kb, 2),
        "rounds": args.rounds,
        "extract_docs_per_s": round(args.docs / extract_s, 1),
        "extract_ms_per_doc": round(1000 * extract_s / args.docs, 3),
        "bare_pass_docs_per_s": round(args.docs / bare_s, 1),
        "ratio_extract_to_bare": round(extract_s / bare_s, 2),
        "startup_s_median": round(statistics.median(startups), 3),
        "peak_memory_mb": round(peak_memory_mb(min(args.docs, 2000)), 1),
        "goals": {"docs_per_s": 300, "startup_s": 2.0, "peak_memory_mb": 400},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Extraction benchmark",
        "",
        f"{result['when']}, {result['machine']}; {args.docs} documents ({len(texts)} distinct samples, "
        f"mean {result['mean_document_kb']} KB), median of {args.rounds} rounds, one core.",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        f"| extraction throughput | {result['extract_docs_per_s']} docs/s ({result['extract_ms_per_doc']} ms/doc) "
        "| >= 300 docs/s |",
        f"| bare pass (read, fold, one automaton scan) | {result['bare_pass_docs_per_s']} docs/s | |",
        f"| extraction / bare pass time | {result['ratio_extract_to_bare']}x | |",
        f"| start-up (fresh process, gazetteer loaded, one document) | {result['startup_s_median']} s | < 2 s |",
        f"| peak memory (max RSS) | {result['peak_memory_mb']} MB | < 400 MB |",
        "",
    ]
    (RESULTS / "extract.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
