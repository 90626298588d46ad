"""Sentence bounds: where a fact's supporting sentence starts and ends, for showing it and for cues that must share
a sentence with what they qualify.

A sentence ends at `.`, `!`, `?` or `;` followed by space and a capital, an opening quote or a digit-free line
start, and at blank lines (headlines and list items have no full stop). Ordinals and dates (`20. novembra`,
`27.12.2012.`) do not end a sentence because a digit or a lower-case word follows them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_SENTENCE_END = re.compile(r"(?<=[.!?;…])[\"”“»']?\s+(?=[\"„“«(]?[A-ZČĆŠĐŽА-ЯЂЈЉЊЋЏ])|\n[ \t]*\n\s*")


def sentence_starts(text: str) -> list[int]:
    """The offset where each sentence begins, the first being 0."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def sentence_at(text: str, start: int, end: int | None = None, starts: list[int] | None = None) -> tuple[int, int]:
    """The bounds of the sentence (or sentences) holding `text[start:end]`, without surrounding space."""
    starts = starts if starts is not None else sentence_starts(text)
    end = start if end is None else max(start, end - 1)
    first = starts[bisect_right(starts, start) - 1]
    k = bisect_right(starts, end)
    last = starts[k] if k < len(starts) else len(text)
    while last > first and text[last - 1].isspace():
        last -= 1
    return first, last


def line_starts(text: str) -> list[int]:
    """Where each line of the text begins (0 and every position after a line break)."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def line_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The bounds of the line (or lines) holding `text[start:end]`, without the line breaks."""
    line_end = text.find("\n", start if end is None else end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def opens_sentence(text: str, pos: int) -> bool:
    """Whether only spaces, quotes, dashes or bullets stand between `pos` and the end of the previous sentence, a
    colon or a line break: the word at `pos` is capitalised because of where it stands, not because it is a name."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\"'„“”«»‘’•*-–—":
        i -= 1
    return i < 0 or text[i] in ".!?:\n"
