"""The shared automaton pass: each word list reads back what an automaton of its own words would find."""

from __future__ import annotations

import ahocorasick
from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.keyscan import automaton, key_list


def _alone(words: dict[str, object], text: str) -> list[tuple[int, object]]:
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return list(automaton.iter(text))


def test_each_list_gets_its_own_hits_in_the_order_of_its_own_automaton() -> None:
    first = {"ban": 3, "banja": 5, "luka": 4, "a l": 3}
    second = {"banja luka": "city", "anj": "x", "uka": "y"}
    a, b = key_list("test-view", lambda: first), key_list("test-view", lambda: second)
    for text in ("u banja luka i banja", "banjaluka", "", "luka banja luka"):
        assert a.hits(text) == _alone(first, text)
        assert b.hits(text) == _alone(second, text)
    assert a.starts("u banja luka") == [2, 6, 8]


_ALPHABET = "abčđ -лљ"


@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True),
       st.text(_ALPHABET, max_size=40))
def test_the_automaton_finds_what_a_trie_automaton_finds_in_the_same_order(words: list[str], text: str) -> None:
    found = [(end - 1, k) for k, _start, end in automaton(words).find_matches_as_indexes(text, True)]
    assert found == _alone({w: k for k, w in enumerate(words)}, text)
