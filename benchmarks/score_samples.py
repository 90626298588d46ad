"""Quality of the extractor on the project's own sample documents: `python -m benchmarks.score_samples`.

Each `samples/NAME.txt` has a hand-made `samples/NAME.gold.json` (format: the shared eval SCHEMA). The documents
are run through `devatlas.understand.extract` and scored with the shared scorer, so the figures here are
comparable with the dev and seed sets. `--write-floors` pins the current per-field F1 (a little lower, so noise
does not break the build) in `benchmarks/samples_floors.json`, which `tests/test_eval_gate.py` enforces.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
FLOORS = ROOT / "benchmarks" / "samples_floors.json"
MARGIN = 0.02


class ScorerMissing(RuntimeError):
    """The shared scorer is not next to the repository, so no score can be computed."""


def load_scorer(path: Path | None = None) -> ModuleType:
    """The shared scorer, imported by path: it is a script outside the package, not a dependency."""
    path = path if path is not None else SCORER
    if not path.is_file():
        raise ScorerMissing(f"shared scorer not found at {path} (expected ../shared/tools/score.py)")
    spec = importlib.util.spec_from_file_location("devatlas_shared_score", path)
    if spec is None or spec.loader is None:
        raise ScorerMissing(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(folder: Path = SAMPLES) -> dict[str, dict[str, Any]]:
    """Extraction records, keyed by file name, for every sample text, exactly as `devatlas extract` makes them."""
    from devatlas.gazetteer import load_gazetteer
    from devatlas.ingest import read_text
    from devatlas.model import Document
    from devatlas.output import extraction_record
    from devatlas.understand import extract

    gazetteer = load_gazetteer()
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.txt")):
        extraction = extract(Document(text=read_text(path), name=path.name), gazetteer)
        out[path.name] = extraction_record(extraction)
    return out


def score(folder: Path = SAMPLES, scorer: ModuleType | None = None) -> dict[str, Any]:
    """Per-field precision, recall and F1 (micro over documents), mean F1 and per-document counts."""
    sc = scorer if scorer is not None else load_scorer()
    preds = predict(folder)
    fields: list[str] = list(sc.FIELDS)
    totals = {f: [0, 0, 0] for f in fields}
    per_doc: dict[str, dict[str, Any]] = {}
    lang_ok = script_ok = docs = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = preds.get(gold["doc"], {})
        res, (lang, script) = sc.score_doc(gold, pred)
        docs += 1
        lang_ok += lang == gold["language"]
        script_ok += script == gold["script"]
        per_doc[gold["doc"]] = {f: list(res[f]) for f in fields}
        for f in fields:
            for i in range(3):
                totals[f][i] += res[f][i]
    summary: dict[str, dict[str, float | int]] = {}
    for f in fields:
        p, r, f1 = sc.prf(*totals[f])
        summary[f] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                      "tp": totals[f][0], "fp": totals[f][1], "fn": totals[f][2]}
    mean = sum(float(s["f1"]) for s in summary.values()) / len(fields) if fields else 0.0
    return {
        "documents": docs,
        "fields": summary,
        "mean_f1": round(mean, 3),
        "language_accuracy": round(lang_ok / docs, 3) if docs else 0.0,
        "script_accuracy": round(script_ok / docs, 3) if docs else 0.0,
        "per_document": per_doc,
    }


def floors_from(result: dict[str, Any], margin: float = MARGIN) -> dict[str, float]:
    """Floors a little under the measured F1, rounded down to two decimals, never below zero."""
    def down(x: float) -> float:
        return max(0.0, math.floor((x - margin) * 100 + 1e-9) / 100)

    floors = {f: down(float(s["f1"])) for f, s in result["fields"].items()}
    floors["mean_f1"] = down(float(result["mean_f1"]))
    return floors


def below_floors(result: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """One line per field (or the mean) whose F1 is under its pinned floor."""
    measured = {f: float(s["f1"]) for f, s in result["fields"].items()}
    measured["mean_f1"] = float(result["mean_f1"])
    return [f"{name}: F1 {measured.get(name, 0.0):.3f} < floor {floor:.3f}"
            for name, floor in sorted(floors.items()) if measured.get(name, 0.0) < floor]


def table(result: dict[str, Any]) -> str:
    """The same table the shared scorer prints."""
    lines = [f"{'field':14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for f, s in result["fields"].items():
        lines.append(f"{f:14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                     f"{s['tp']:5} {s['fp']:5} {s['fn']:5}")
    lines.append(f"language accuracy {result['language_accuracy']:.3f}, script accuracy "
                 f"{result['script_accuracy']:.3f}, {result['documents']} documents")
    lines.append(f"mean F1 {result['mean_f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score the samples; print a table or JSON; optionally pin the floors."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.score_samples", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--write-floors", action="store_true", help=f"pin floors in {FLOORS.name}")
    args = parser.parse_args(argv)
    try:
        scorer = load_scorer()
    except ScorerMissing as exc:
        print(f"score_samples: {exc}", file=sys.stderr)
        return 2
    result = score(SAMPLES, scorer)
    if result["documents"] == 0:
        print(f"score_samples: no gold files in {SAMPLES}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else table(result))
    if args.write_floors:
        FLOORS.write_text(json.dumps(floors_from(result), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
