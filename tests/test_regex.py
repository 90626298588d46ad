"""The first-character guard: the same matches as the plain pattern, found faster."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.regex import cue_starts, cued_finditer, finditer_at, guarded, literal_prefixes, words_after

PATTERNS = [
    r"\b(?:(?:su)?finan(?:c|s)ira\w*|uz (?:\w+ ){0,2}podrsk\w*|od strane|(?:je|su) (?:obezbijedil|osigural)\w*)",
    r"(?<!\w)(?:[Kk]ompanij|[Ff]irm|x?y?z)",
    r"\b(?:a|b*c|(?:d|e)?f)",
]


def test_the_guard_lists_the_first_characters() -> None:
    assert guarded(PATTERNS[0]).pattern.startswith(r"\b(?=[fjosu])")
    assert guarded(r"\b\w+").pattern == r"\b\w+"  # `\w` first: left as it is
    assert guarded(r"\b(?:a|b)", re.IGNORECASE).pattern == r"\b(?:a|b)"


@given(st.text(alphabet="abcdefijknorstuvxyzKF ", max_size=80))
def test_guarded_patterns_match_exactly_what_the_plain_ones_do(text: str) -> None:
    for source in PATTERNS:
        plain, fast = re.compile(source), guarded(source)
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]


WORDS = ["Fond", "Fonda", "Fondacija", "Vlada", "ab", "a", "b-c"]


@given(st.text(alphabet="FondacijVlbA-x „", max_size=80))
def test_words_after_matches_what_the_look_behind_first_does(text: str) -> None:
    plain = re.compile(r"(?<![\w„-])(?:" + "|".join(map(re.escape, WORDS)) + r")(?!\w)")
    fast = re.compile(words_after(r"[\w„-]", WORDS) + r"(?!\w)")
    for lo in (0, 1, 3):
        assert [m.span() for m in plain.finditer(text, lo)] == [m.span() for m in fast.finditer(text, lo)]


def test_words_after_opens_with_the_first_characters() -> None:
    pattern = words_after(r"\w", ["Fond", "Fonda", "Vlada"])
    assert pattern == r"(?:F(?<!\wF)(?:ond|onda)|V(?<!\wV)lada)"
    assert re.compile(pattern).search("xFond Fonda").span() == (6, 10)


CUED = re.compile(r"\b(?:put|puta|cest[ae])\s+([A-Z]\w+)\s*-\s*([A-Z]\w+)")


@given(st.text(alphabet="putcesaAB -x", max_size=80), st.integers(0, 5), st.integers(0, 5))
def test_cued_finditer_finds_what_finditer_does(text: str, lo: int, cut: int) -> None:
    hi = max(lo, len(text) - cut)
    expected = [(m.span(), m.groups()) for m in CUED.finditer(text, lo, hi)]
    assert [(m.span(), m.groups()) for m in cued_finditer(CUED, ("put", "cest"), text, lo, hi)] == expected


def test_finditer_at_tries_only_the_given_starts() -> None:
    text = "put Aa-Bb, cesta Cc - Dd"
    assert [m.group(1) for m in finditer_at(CUED, text, [0, 11])] == ["Aa", "Cc"]
    assert [m.group(1) for m in finditer_at(CUED, text, [11])] == ["Cc"]
    assert cue_starts(text, ("put", "cest", "a")) == [0, 5, 11, 15]


def test_literal_prefixes_spell_out_the_openings() -> None:
    assert literal_prefixes(r"\b(?:(?:su)?finan(?:c|s)ira|uz (?:\w+ ){0,2}podrsk)") == {"sufi", "fina", "uz ", "uz p"}
    assert literal_prefixes(r"\b[ab]x?y", k=3) == {"axy", "ay", "bxy", "by"}
    assert literal_prefixes(r"\w+x") is None  # a match may begin with any letter
    assert literal_prefixes(r"(?i)abc") is None
    assert literal_prefixes(r"x(?i:abc)") is None


@given(st.text(alphabet="abcdefijknorstuvxyzKF ", max_size=80))
def test_matching_only_where_a_prefix_stands_finds_every_match(text: str) -> None:
    for source in PATTERNS:
        prefixes = literal_prefixes(source)
        assert prefixes is not None
        pattern = re.compile(source)
        starts = sorted({i for p in prefixes for i in range(len(text)) if text.startswith(p, i)})
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in finditer_at(pattern, text, starts)]
