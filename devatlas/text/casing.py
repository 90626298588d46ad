"""Capitals given back to a phrase that extraction lower-cased.

Roles are compared in lower case (`načelnik opštine bratunac`), but a catalogue or a web page should print them
as the source wrote their words: `načelnik opštine Bratunac`, `šef delegacije EU u BiH`. Each word takes the
capitalised spelling the text uses for it inside a sentence; a word the text only capitalises at the start of a
sentence stays in lower case. Words of a Cyrillic text are also known in Latin script, in which its roles are given.
"""

from __future__ import annotations

import re
from collections import Counter

from devatlas.text.regex import CAPITALS
from devatlas.text.script import to_latin

_WORD = re.compile(r"[^\W_]+")
# words that open with a capital: the only ones a text can spell with capitals for a role (found by the engine,
# not by a test of every word)
_CAPITALISED = re.compile(rf"(?<![^\W_])[{CAPITALS}][^\W_]*")
_OPENERS = frozenset(".!?:;\n„“\"«»([–—-•*")


def written_capitals(text: str) -> dict[str, str]:
    """The most frequent capitalised spelling of each word the text capitalises inside a sentence (keyed by
    the word in lower case)."""
    seen: dict[str, Counter[str]] = {}
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if _starts_sentence(text, match.start()):
            continue
        seen.setdefault(word.lower(), Counter())[word] += 1
    capitals = {lower: forms.most_common(1)[0][0] for lower, forms in seen.items()}
    # a Cyrillic text's roles are given in Latin script: its words are keyed in Latin too
    for lower, form in list(capitals.items()):
        if not lower.isascii():
            capitals.setdefault(to_latin(lower), to_latin(form))
    return capitals


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, a line, a quotation or a list item."""
    i = start - 1
    while i >= 0 and text[i] in " \t\r\xa0":
        i -= 1
    return i < 0 or text[i] in _OPENERS


def restore_case(phrase: str, capitals: dict[str, str]) -> str:
    """The phrase with each word spelt as `capitals` (from `written_capitals`) has it; other words unchanged."""
    if not capitals:
        return phrase
    return _WORD.sub(lambda m: capitals.get(m.group(), m.group()) if m.group().islower() else m.group(), phrase)
