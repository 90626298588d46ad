"""Word lists of several stages found in one automaton pass over a view of the text.

Target groups, counts, people's roles and the heads of organisation names each look for their words in the
lower-case text; the register of bodies, country names and funding cues in the folded text. An Aho-Corasick pass
costs about the same per character whatever the number of words, so one automaton per view, holding every
stage's words, replaces a pass per stage. Each stage declares its list once, at import (`key_list`), and reads
back only its own occurrences, in the order its own automaton gave them: by end position, the longest first.
The automaton is `ahocorasick_rs`'s contiguous NFA: its pass is about twice as fast as pyahocorasick's trie's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import ahocorasick_rs

# view -> the builders of its word lists (word -> value), in the order they were declared; filled at import
_BUILDERS: dict[str, list[Callable[[], Mapping[str, Any]]]] = {}


@dataclass(frozen=True, slots=True)
class KeyList:
    """One stage's words in one view: `hits(text)` is `[(end, value), ...]` for each occurrence in `text`, as
    `Automaton.iter` would give it for an automaton of these words alone. The list is shared: do not change it."""

    view: str
    index: int

    def hits(self, text: str) -> list[tuple[int, Any]]:
        return _scan(self.view, len(_BUILDERS[self.view]), text)[self.index]

    def starts(self, text: str) -> list[int]:
        """Where a word begins, sorted, for a list whose values are the words' lengths."""
        return sorted({end - n + 1 for end, n in self.hits(text)})


def key_list(view: str, build: Callable[[], Mapping[str, Any]]) -> KeyList:
    """Declare a word list (built on first use) to be looked for in the named view of every text."""
    builders = _BUILDERS.setdefault(view, [])
    builders.append(build)
    return KeyList(view, len(builders) - 1)


def automaton(words: list[str]) -> ahocorasick_rs.AhoCorasick:
    """An automaton of `words` (none empty) whose `find_matches_as_indexes(text, overlapping=True)` gives every
    occurrence as (word index, start, end), in the order of their ends, the longest first among equal ends.

    A contiguous NFA: in the pipeline, where a page's worth of other work has pushed the automaton out of the
    processor's caches before each pass, it is as fast as a DFA (which is faster only while it stays cached) and
    takes several times less memory."""
    kind = ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.AhoCorasick(words, implementation=kind, store_patterns=False)


@cache
def _automaton(
    view: str, size: int
) -> tuple[ahocorasick_rs.AhoCorasick | None, tuple[tuple[tuple[int, Any], ...], ...]]:
    """Every word of the first `size` lists of a view (None when there is none), and for each word the (list,
    value) pairs it stands for."""
    table: dict[str, list[tuple[int, Any]]] = {}
    for i, build in enumerate(_BUILDERS[view][:size]):
        for word, value in build().items():
            if word:  # an empty word is never found
                table.setdefault(word, []).append((i, value))
    return automaton(list(table)) if table else None, tuple(tuple(pairs) for pairs in table.values())


@lru_cache(maxsize=8)
def _scan(view: str, size: int, text: str) -> tuple[list[tuple[int, Any]], ...]:
    """The occurrences of every list's words in `text`, one list per word list (cached: each stage asks)."""
    per: tuple[list[tuple[int, Any]], ...] = tuple([] for _ in range(size))
    automaton, values = _automaton(view, size)
    if automaton is None:
        return per
    adds = [hits.append for hits in per]  # each list's `append`, looked up once rather than once a hit
    for word, _start, end in automaton.find_matches_as_indexes(text, overlapping=True):
        for i, value in values[word]:
            adds[i]((end - 1, value))
    return per
