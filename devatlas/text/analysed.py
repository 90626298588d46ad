"""A document's text in every form the stages read it in, made once per document.

Places, countries, organisations and funders all match on the folded text; organisations and people read a
Latin transliteration. Each used to make its own copy of these for every document; the pipeline now makes one
`AnalysedText` and hands the same immutable object to every stage. The stages still accept a plain string
(tests and other callers use them so), which `analyse` turns into the same object, cached for the last few texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from devatlas.text.script import (
    code_point_mask,
    code_points,
    fold_aligned,
    latin_aligned,
    lower_keeping_offsets,
    lower_page,
    numpy_module,
)


@dataclass(frozen=True, slots=True, eq=False)
class AnalysedText:
    """The original text, its folded form and its Latin form, each with a map back to the original.

    `fold_offsets[i]` is the index in `text` of the character `folded[i]` came from, with one extra entry,
    `len(text)`, so that end offsets map as well; the same for `latin_offsets`. `fold_aligned` and
    `latin_aligned` say that the map is the identity (every character became exactly one).
    """

    text: str
    folded: str
    fold_offsets: Sequence[int]  # an array or a tuple, or a range when it is the identity
    fold_aligned: bool
    latin: str
    latin_offsets: Sequence[int]
    latin_aligned: bool
    lower: str  # lower case, one character for one, so offsets are the text's own
    latin_lower: str  # `latin.lower()` as str.lower makes it (longer where a letter lowers to two)
    digit_starts: tuple[int, ...]  # where each run of digits (`\\d+`) starts: amounts and counts both begin there

    def folded_index(self, pos: int) -> int:
        """The index in `folded` of the first character that comes from `text[pos:]`."""
        return pos if self.fold_aligned else bisect_left(self.fold_offsets, pos)

    def latin_index(self, pos: int) -> int:
        """The index in `latin` of the first character that comes from `text[pos:]`."""
        return pos if self.latin_aligned else bisect_left(self.latin_offsets, pos)


_CYRILLIC = re.compile("[\u0400-\u04ff]")
# `\d\d*` rather than `\d+`: a pattern that opens with a character class lets the engine skip to the digits
_DIGITS = re.compile(r"\d\d*")
_DIGIT = re.compile(r"\d")
_TABLE_END = 0x3000  # the scripts of the region and the punctuation around them lie below


@cache
def _decimal_table() -> Any:
    """For each code point below `_TABLE_END`, whether `\\d` matches it (a decimal digit), as the engine says."""
    return code_point_mask(_DIGIT, _TABLE_END)


def _cyrillic_and_digits(text: str) -> tuple[bool, tuple[int, ...]]:
    """Whether `text` holds a character of the Cyrillic block, and where each run of digits starts.

    For a page, both come from one array of its code points: the regex engine would test every character twice,
    in two passes. A short text, or one with a character from `_TABLE_END` on, is left to the engine."""
    if len(text) >= 256:
        np = numpy_module()
        if text.isascii():
            codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
            digit = (codes >= 0x30) & (codes <= 0x39)
            cyrillic = False
        else:
            codes = code_points(text)
            if int(codes.max()) < _TABLE_END:
                digit = _decimal_table().take(codes)  # `take`: a lookup loop, not fancy indexing
                cyrillic = bool(((codes >= 0x400) & (codes <= 0x4FF)).any())
            else:
                digit = None
        if digit is not None:
            first = digit.copy()
            first[1:] &= ~digit[:-1]  # a digit with no digit before it opens a run
            return cyrillic, tuple(np.flatnonzero(first).tolist())
    return _CYRILLIC.search(text) is not None, tuple(m.start() for m in _DIGITS.finditer(text))


def _make(text: str) -> AnalysedText:
    identity = range(len(text) + 1)  # an immutable identity map that costs nothing to make
    folded, f_offs = fold_aligned(text)
    cyrillic, digit_starts = _cyrillic_and_digits(text)
    if not cyrillic:  # Latin text is its own Latin view
        latin, l_offs = text, None
    else:
        latin, l_offs = latin_aligned(text)
    low = lower_page(text)
    return AnalysedText(
        text,
        folded,
        identity if f_offs is None else f_offs,
        f_offs is None,
        latin,
        identity if l_offs is None else l_offs,
        l_offs is None,
        low if len(low) == len(text) else lower_keeping_offsets(text),
        low if latin is text else latin.lower(),
        digit_starts,
    )


@lru_cache(maxsize=8)
def _cached(text: str) -> AnalysedText:
    return _make(text)


def analyse(text: str | AnalysedText) -> AnalysedText:
    """The analysed form of `text` (itself when it already is one)."""
    if isinstance(text, AnalysedText):
        return text
    return _cached(text)
