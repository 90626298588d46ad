"""Whether a figure is a promise or an achievement: "the goal is that at least 150 new jobs open by 2024" is a
target, "64 jobs were opened last year" an actual value. IATI results keep the two apart, and a project's closing
news mostly report actuals while its kick-off news set targets.

The clause around the figure decides (a sentence often holds both: "64 jobs opened last year, and our goal is 150
more"): a word of intention or future (cilj, planirano, očekuje, će, will, expected, by the end of) makes a target;
otherwise a word of completion or a past form (do sada, prošle godine, otvoreno je, podržao, were, has trained,
so far) makes an actual; a figure with neither stays a target, the more common reading in project news. Cues are
matched on folded text (Latin, lower case, no diacritics), so both scripts read alike.
"""

from __future__ import annotations

import re

from devatlas.text.script import fold
from devatlas.text.sentences import sentence_at

_CLAUSE_BREAK = re.compile(r"[;•\n]|,\s+(?:a|ali|dok|while|whereas|but|and our)\s|\s[–—]\s")
_TARGET = re.compile(
    r"\b(?:cilj\w*|plan\w*|predvi\w*|ocekuj\w*|ocekivan\w*|namjerav\w*|namerav\w*|najav\w*|treba\w*|moraju|"
    r"ce|cemo|cete|bice|bit ce|do kraja|expected|expect\w*|objectives?|targets?|aims?|aimed|goal|will|shall|"
    r"by the end|should|is to|are to|eligible|applicants?|\w+(?:ice|ace)\s+(?:se\s+)?(?:najmanje|vise|oko|\d))\b"
)
# Verbs of saying ("rekao je", "istakla je da") frame a statement; their past form says nothing of the figure.
_REPORTING = re.compile(
    r"\b(?:(?:je|su) )?(?:rek|istak|istaknu|izjavi|nave|kaz|podsjeti|podseti|doda|naglasi|objasni|saopsti|saopci|"
    r"poruci|ocijeni|oceni|precizira|poja[sš]nji)\w{0,3}(?: (?:je|su))?\b")
_ACTUAL = re.compile(
    r"\b(?:do sada|trenutno|currently|dosad\w*|do danas|vec|ukupno|prosl\w* godin\w*|proslogodisnj\w*|"
    r"u posljednj\w*|u poslednj\w*|od pocetka|tijekom (?:prve|druge|prethodn)\w*|so far|to date|already|since|"
    r"last year|in total|ran from|was|were|has been|have been|had been|(?:has|have|had) \w+ed|"
    r"\w+ed (?:\d+|at least|more than|over|about|some|nearly|almost)|"
    r"(?:je|su)(?: \w+){0,2} \w+(?:eno|ano|jeno|ljeno|ena|ana|eni|ani|ilo|alo|ao|io|la|li)|"
    r"\w+(?:eno|ano|jeno|ljeno|ena|ana|eni|ani|ilo|alo|ao|io|la|li) (?:je|su))\b"
)


def _clause(text: str, start: int, end: int) -> str:
    """The folded clause that holds text[start:end], within its sentence."""
    first, last = sentence_at(text, start, end)
    before, after = text[first:start], text[end:last]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    head = before[breaks[-1].end():] if breaks else before
    tail_break = _CLAUSE_BREAK.search(after)
    tail = after[:tail_break.start()] if tail_break else after
    return fold(f"{head}{text[start:end]}{tail}")


def is_achieved(text: str, start: int, end: int) -> bool:
    """True when the figure at text[start:end] reports what was done, False when it states what is to be done."""
    clause = _REPORTING.sub(" ", _clause(text, start, end))
    if _TARGET.search(clause):
        return False
    return bool(_ACTUAL.search(clause))
