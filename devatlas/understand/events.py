"""What happened, as the document reports it: a signing, a kick-off, a training, a conference, an opening, a
call for proposals, a handover. A project's documents are mostly such events; kinds let the registry put them on
one timeline. Cues are word stems in folded text (lower case, Latin, no diacritics), so both scripts and every
case form match; a cue counts once per document, and kinds are ordered by where they are first said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from devatlas.model import Span
from devatlas.text.script import fold_with_offsets

# Stems in the folded alphabet. Each list mixes bs/hr/sr and English; Cyrillic folds to the same Latin stems.
_CUES: dict[str, tuple[str, ...]] = {
    "signing": (r"potpisa[nlt]\w*", r"potpisivanj\w*", r"signed?\b", r"signing", r"memorandum\w* o (?:razumijevanju|"
                r"razumevanju|saradnji|suradnji)", r"ugovor\w* (?:je|su) potpisan\w*"),
    "kick-off": (r"kick-?off", r"pocet\w* (?:projekta|programa|provedbe|implementacije)", r"pokrenut\w* (?:je|su)?\s*"
                 r"(?:projek\w*|program\w*)", r"zvanicno pocinje", r"launch(?:ed|es|ing)?\b", r"predstavljen\w* "
                 r"(?:je|su)? ?(?:projek\w*|program\w*)", r"uvodn\w* (?:konferencij\w*|sastan\w*)"),
    "training": (r"obuk\w*", r"trening\w*", r"radionic\w*", r"edukacij\w*", r"seminar\w*", r"training\w*",
                 r"workshops?\b", r"osposobljavanj\w*"),
    "conference": (r"konferencij\w*", r"conferences?\b", r"forum\w*", r"okrugl\w* sto\w*", r"round ?table",
                   r"sajam\w*", r"sajm\w*", r"fair\b"),
    "closing": (r"zavrsn\w* (?:konferencij\w*|dogadja\w*|sastan\w*)", r"zavrsen\w* (?:je|su)? ?(?:projek\w*|"
                r"program\w*)", r"closing (?:conference|event|ceremony)", r"final conference"),
    "opening": (r"svecan\w* otvar\w*", r"otvoren\w* (?:je|su)\b", r"otvorio\b|otvorila\b|otvorili\b",
                r"opening ceremony", r"officially opened", r"inaugurat\w*", r"pusten\w* u (?:rad|upotrebu)"),
    "call": (r"javn\w* poziv\w*", r"konkurs\w*", r"natjecaj\w*", r"calls? for (?:proposals|"
             r"applications)", r"poziv\w* za (?:dostavljanje|podnosenje)"),
    "handover": (r"urucen\w*", r"uruci\w*", r"predaj\w* (?:oprem\w*|kljuc\w*)", r"handed over", r"handover",
                 r"donira\w*", r"donated"),
}
_PATTERN = re.compile("|".join(f"(?P<{kind.replace('-', '_')}>\\b(?:{'|'.join(stems)}))"
                               for kind, stems in _CUES.items()))


@dataclass(frozen=True, slots=True)
class EventMention:
    kind: str  # signing, kick-off, training, conference, closing, opening, call, handover
    span: Span


def find_events(text: str) -> list[EventMention]:
    """One mention per kind, the first place the text says it; a closing conference is a closing, not both."""
    folded, offsets = fold_with_offsets(text)
    first: dict[str, EventMention] = {}
    for match in _PATTERN.finditer(folded):
        kind = (match.lastgroup or "").replace("_", "-")
        if kind in first:
            continue
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        first[kind] = EventMention(kind, Span(start, end, text[start:end], f"event.{kind}"))
    if "closing" in first and "conference" in first and first["conference"].span.start >= first["closing"].span.start:
        del first["conference"]
    return sorted(first.values(), key=lambda e: e.span.start)
