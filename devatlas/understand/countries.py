"""The countries a document is about, as ISO 3166-1 alpha-2 codes (XK for Kosovo).

Evidence comes from two sides: the places found (each local unit or settlement belongs to one country)
and the countries named, in every language and case devatlas reads (`Srbiji`, `Србија`, `Crnoj Gori`,
`BiH`, `Shqipëria`, `North Macedonia`). Only the seven countries of the region are reported: donor
countries (Switzerland, Japan, Germany) are named in almost every document but are not what it is about.
"""

from __future__ import annotations

import re
from collections import Counter

from devatlas.model import Organisation, Place
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.regex import finditer_at

_NAMES: dict[str, tuple[str, ...]] = {
    "BA": (
        "bosna i hercegovina", "bosne i hercegovine", "bosni i hercegovini", "bosnu i hercegovinu",
        "bosnom i hercegovinom", "bih", "b&h", "bosnia and herzegovina", "bosnia & herzegovina",
        "bosnia-herzegovina", "bosnia and hercegovina", "bosnia", "bosnje dhe hercegovines", "bosna-hercegovina",
    ),
    "RS": ("srbija", "srbije", "srbiji", "srbiju", "srbijom", "serbia", "serbi", "serbise", "serbia's"),
    "ME": (
        "crna gora", "crne gore", "crnoj gori", "crnu goru", "crnom gorom", "montenegro", "montenegrin",
        "mali i zi", "malit te zi",
    ),
    "HR": ("hrvatska", "hrvatske", "hrvatskoj", "hrvatsku", "hrvatskom", "croatia", "kroacia", "kroacise"),
    "XK": ("kosovo", "kosova", "kosovu", "kosovom", "kosove", "kosoves", "kosovar", "kosovo's"),
    "MK": (
        "makedonija", "makedonije", "makedoniji", "makedoniju", "makedonijom", "macedonia", "north macedonia",
        "sjeverna makedonija", "sjeverne makedonije", "sjevernoj makedoniji", "severna makedonija",
        "severne makedonije", "severnoj makedoniji", "maqedonia", "maqedonise", "maqedonia e veriut",
        "makedonija", "republic of macedonia", "fyrom",
    ),
    "AL": (
        "albanija", "albanije", "albaniji", "albaniju", "albanijom", "albania", "shqiperia", "shqiperi", "shqiperise",
    ),
}
_FORM_TO_CC = {form: cc for cc, forms in _NAMES.items() for form in forms}
_FIRST_LETTERS = "".join(sorted({f[0] for f in _FORM_TO_CC}))
_ALTERNATION = "|".join(re.escape(f) for f in sorted(_FORM_TO_CC, key=len, reverse=True))
# the lookahead on first letters lets the engine skip most positions before trying the alternation
_PATTERN = re.compile(rf"(?<![\w&])(?=[{_FIRST_LETTERS}])({_ALTERNATION})(?![\w&])")


# Every name form, to find where `_PATTERN` can match in the shared pass over the folded text instead of trying it
# at every position.
_FORM_KEYS = key_list("folded", lambda: {form: len(form) for form in _FORM_TO_CC})


_PAIR_GAP = re.compile(r"\s*[-–—/]\s*")
# How much one place says about its country: an entity or a city more than a village
_PLACE_WEIGHT = {"entity": 3, "canton": 2, "district": 2, "county": 2, "okrug": 2, "province": 2, "city": 2}


def is_country_name(folded: str) -> bool:
    """Whether a folded word or phrase is a name of a country of the region, in some case."""
    return folded in _FORM_TO_CC


def country_mentions(text: str | AnalysedText) -> Counter[str]:
    """How often each country of the region is named in `text`, in any language or case.

    A name in a hyphenated pair (a cross-border programme) does not count.
    """
    folded = analyse(text).folded
    counts: Counter[str] = Counter()
    starts = _FORM_KEYS.starts(folded)
    found = list(finditer_at(_PATTERN, folded, starts))
    for i, m in enumerate(found):
        # `Serbia-Montenegro`, `Hrvatska – BiH`: the name of a cross-border programme, not a topic
        paired = (i > 0 and _PAIR_GAP.fullmatch(folded, found[i - 1].end(), m.start()) is not None) or (
            i + 1 < len(found) and _PAIR_GAP.fullmatch(folded, m.end(), found[i + 1].start()) is not None
        )
        if paired:
            continue
        counts[_FORM_TO_CC[m.group(1)]] += 1
    return counts


def find_countries(text: str | AnalysedText, places: list[Place], organisations: list[Organisation]) -> list[str]:
    """Countries of the region the document is about, sorted for stable output."""
    place_score: Counter[str] = Counter()
    for p in places:
        if p.country in _NAMES:  # the region only: Brussels or Geneva do not make a document Belgian or Swiss
            place_score[p.country] += _PLACE_WEIGHT.get(p.kind, 1)
    named = country_mentions(text)
    top = max(place_score.values(), default=0)
    # A country counts when its places weigh 2 (or as much as the strongest country's, when that is less),
    # when it is named twice, or when it is named once and one of its places is named too. One passing
    # mention (`exports to Bosnia and Herzegovina`) is not enough, unless no place at all is named.
    return sorted(
        cc
        for cc in set(place_score) | set(named)
        if place_score.get(cc, 0) >= min(2, top)
        or named.get(cc, 0) >= 2
        or (named.get(cc, 0) >= 1 and place_score.get(cc, 0) >= 1)
    )
