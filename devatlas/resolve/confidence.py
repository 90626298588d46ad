"""How much to trust an extracted fact: the measured precision of the rule that found it.

The table is measured on the project's own annotated samples by `benchmarks/calibrate_confidence.py` (smoothed, so
a rule seen rarely sits near the middle). A fact said several times, or found by several rules, is trusted more;
an unknown rule gets its field's pooled precision. The review queue shows the least trusted facts first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from devatlas.model import Span

DEFAULT = 0.7
REPEAT_DISCOUNT = 0.6  # each further mention keeps this share of the remaining doubt, up to three mentions


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, float]]:
    raw = json.loads((resources.files("devatlas.resolve") / "data" / "rule_confidence.json").read_text("utf-8"))
    table: dict[str, dict[str, float]] = {}
    for field, rules in raw.items():
        table[field] = {rule: float(info["confidence"]) for rule, info in rules.items()}
        right = sum(info["right"] for info in rules.values())
        wrong = sum(info["wrong"] for info in rules.values())
        table[field]["*"] = (right + 2) / (right + wrong + 3)
    return table


def rule_confidence(field: str, rule: str) -> float:
    """The measured precision of one rule for one field (`places`, `organizations`, `funders`, `projects`,
    `people`, `money`, `dates`)."""
    rules = _table().get(field, {})
    return rules.get(rule, rules.get("*", DEFAULT))


def confidence(field: str, spans: Iterable[Span | None]) -> float:
    """The best rule among the mentions, raised a little for each further mention."""
    found = [s for s in spans if s is not None]
    if not found:
        return rule_confidence(field, "*")
    best = max(rule_confidence(field, s.rule) for s in found)
    doubt = (1.0 - best) * REPEAT_DISCOUNT ** min(len(found) - 1, 2)
    return round(1.0 - doubt, 3)
