"""The first-character guard: the same matches as the plain pattern, found faster."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.regex import guarded, words_after

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
