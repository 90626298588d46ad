"""How often each extraction rule is right: `python -m benchmarks.calibrate_confidence`.

Every item the extractor finds in `samples/` is checked against the gold file with the shared scorer's matching
(the same similarity and thresholds), grouped by field and by the rule that found it. The smoothed precision of
each (field, rule) becomes the confidence of the facts that rule produces in the registry, written to
`devatlas/resolve/data/rule_confidence.json`; the review queue shows the facts below a threshold first.
The samples are ours, not tuned rule by rule, so the figures are an honest prior rather than a flattering one.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.score_samples import SAMPLES, ScorerMissing, load_scorer

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "devatlas" / "resolve" / "data" / "rule_confidence.json"
NAME_FIELDS = ("places", "organizations", "funders", "projects")
PRIOR_HITS, PRIOR_MISSES = 2.0, 1.0  # a rule seen a few times starts near two thirds, not at 0 or 1


def _rules(item: dict[str, Any]) -> set[str]:
    spans = item.get("spans") or ([item["span"]] if item.get("span") else [])
    return {s["rule"] for s in spans if s.get("rule")} or {"unknown"}


def _hits(scorer: Any, field: str, item: dict[str, Any], gold: dict[str, Any]) -> bool:
    if field in NAME_FIELDS:
        names = gold[field] + gold.get("also_ok", {}).get(field, [])
        return any(scorer.similarity(scorer.norm(item["name"]), scorer.norm(x), field) >= 90
                   for aliases in names for x in aliases)
    if field == "people":
        return any(scorer.similarity(scorer.norm(item["name"]), scorer.norm(g["name"]), "people") >= 90
                   for g in gold["people"])
    if field == "money":
        return any(scorer.money_eq(item, g) for g in gold["money"])
    if field == "dates":
        return item["value"] in gold["dates"]
    raise ValueError(field)


def calibrate(folder: Path = SAMPLES) -> dict[str, dict[str, dict[str, float]]]:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.ingest import read_text
    from devatlas.model import Document
    from devatlas.output import extraction_record
    from devatlas.understand import extract

    scorer = load_scorer()
    gazetteer = load_gazetteer()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for path in sorted(folder.glob("*.txt")):
        gold_path = path.with_suffix(".gold.json")
        if not gold_path.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = extraction_record(extract(Document(text=read_text(path), name=path.name), gazetteer),
                                   with_spans=True)
        for field in (*NAME_FIELDS, "people", "money", "dates"):
            for item in record.get(field, []):
                hit = _hits(scorer, field, item, gold)
                for rule in _rules(item):
                    counts[(field, rule)][0 if hit else 1] += 1
    table: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for (field, rule), (hits, misses) in sorted(counts.items()):
        confidence = (hits + PRIOR_HITS) / (hits + misses + PRIOR_HITS + PRIOR_MISSES)
        table[field][rule] = {"confidence": round(confidence, 3), "right": hits, "wrong": misses}
    return dict(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the table without writing it")
    args = parser.parse_args()
    try:
        table = calibrate()
    except ScorerMissing as exc:
        print(f"calibrate_confidence: {exc}")
        return 2
    text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.check:
        print(text)
    else:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}: {sum(len(v) for v in table.values())} rules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
