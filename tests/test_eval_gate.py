"""The quality gate: extraction on the project's own samples must not fall under the pinned F1 floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import score_samples as ss
from devatlas.text.script import fold

SAMPLE_GOLD = sorted(ss.SAMPLES.glob("*.gold.json"))
FIELDS = ("countries", "places", "organizations", "funders", "projects", "people", "roles", "money", "dates")


def test_every_sample_has_gold_and_every_gold_has_a_sample() -> None:
    texts = {p.name for p in ss.SAMPLES.glob("*.txt")}
    docs = {json.loads(p.read_text(encoding="utf-8"))["doc"] for p in SAMPLE_GOLD}
    assert texts, "no sample documents"
    assert texts == docs


@pytest.mark.parametrize("path", SAMPLE_GOLD, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["language"] in {"bs", "hr", "sr", "en", "sq", "mk", "sl"}
    assert gold["script"] in {"latin", "cyrillic"}
    for field in ("places", "organizations", "funders", "projects"):
        assert all(isinstance(item, list) and item and all(isinstance(s, str) and s for s in item)
                   for item in gold[field]), field
    for person in gold["people"]:
        assert person["name"] and isinstance(person["role"], list)
    for money in gold["money"]:
        assert money["currency"] in {"EUR", "BAM", "RSD", "USD", "CHF", "MKD", "ALL", "HRK", "GBP", "SEK"}
        assert money["amount"] > 0
    for date in gold["dates"]:
        assert len(date) == 10 and date[4] == "-" and date[7] == "-"
    names = {s for item in gold["organizations"] for s in item}
    for funder in gold["funders"]:
        assert funder[0] in names, f"funder {funder[0]} is not among the organisations"


def _stem(word: str) -> str:
    """A crude stem, enough to find an inflected form (Gradačac ~ Gradačcu, Kovačević ~ Kovačevića)."""
    return word[:-2] if len(word) > 6 else word[:-1] if len(word) > 4 else word


def _said(name: str, folded_text: str) -> bool:
    """Every word of a name is in the text in some case form (fleeting vowels allowed: Gradačac, Gradačcu)."""
    words = [w for w in fold(name).replace("-", " ").split() if w.isalnum()]
    return bool(words) and all(_stem(w) in folded_text or _stem(w)[:-1].rstrip("a") in folded_text
                               for w in words)


@pytest.mark.parametrize("path", SAMPLE_GOLD, ids=lambda p: p.name)
def test_gold_names_are_in_the_text(path: Path) -> None:
    """Guards against typos in hand-made gold: each place, person and organisation is said in the document."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = fold((path.parent / gold["doc"]).read_text(encoding="utf-8"))
    for field in ("places", "organizations", "projects"):
        for item in gold[field]:
            assert any(_said(name, text) for name in item), f"{field}: {item[0]}"
    for person in gold["people"]:
        assert _said(person["name"].split()[-1], text), person["name"]


def test_floors_are_rounded_down_from_the_measure() -> None:
    result = {"fields": {"places": {"f1": 0.905}, "money": {"f1": 0.01}}, "mean_f1": 0.5}
    floors = ss.floors_from(result)
    assert floors == {"places": 0.88, "money": 0.0, "mean_f1": 0.48}
    assert ss.below_floors(result, floors) == []
    assert ss.below_floors(result, {"places": 0.95}) == ["places: F1 0.905 < floor 0.950"]


def test_missing_scorer_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ss.ScorerMissing, match="not found"):
        ss.load_scorer(tmp_path / "score.py")


def test_main_exits_2_without_the_scorer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ss, "SCORER", tmp_path / "missing" / "score.py")
    assert ss.main([]) == 2
    assert "shared scorer not found" in capsys.readouterr().err


def test_samples_stay_above_pinned_floors() -> None:
    if not ss.SCORER.is_file():
        pytest.skip("the shared scorer (../shared/tools/score.py next to the repository) is absent")
    if not ss.FLOORS.is_file():
        pytest.skip("no floors pinned yet: run python -m benchmarks.score_samples --write-floors")
    floors = json.loads(ss.FLOORS.read_text(encoding="utf-8"))
    assert set(FIELDS) | {"mean_f1"} <= set(floors)
    result = ss.score()
    assert result["documents"] == len(SAMPLE_GOLD)
    failures = ss.below_floors(result, floors)
    assert not failures, "quality fell under the pinned floors:\n" + "\n".join(failures)
