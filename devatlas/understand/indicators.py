"""Quantified results: `at least 600 micro businesses`, `najmanje 200 nezaposlenih osoba`, `150 new jobs`.

An indicator is a count (digits or number words) followed by at most three modifying words and a countable
result noun (people, businesses, jobs, families, trainings...). Counts of places or projects, years, amounts
of money and percentages are not results and have no head noun here. To stay precise, a count counts only
when it reads as a result: a target qualifier (`najmanje`, `at least`, `do`, `više od`), a word for new
(`novih`, `new`), a head that is a result by itself (jobs), or an employing/training/supporting word just
before it. `Sastanku je prisustvovalo 40 osoba` (attendance) is not a result.
"""

from __future__ import annotations

import re

from devatlas.model import Indicator, Span
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.numbers import LETTER_AHEAD, NUMBER_WORDS, parse_number, parse_number_words, trie_pattern
from devatlas.text.regex import ahead, finditer_at, literal_prefixes, lower_case_alike
from devatlas.text.script import strip_diacritics, to_cyrillic

_WORD = r"[^\W\d_]"
# Countable result nouns, in the mini syntax of target_groups: ` ` white space, `~` a short ending.
_HEADS_BCS = [
    "osob~", "lic(a|e|ima)", "ljud(i|ima)", "građan~", "korisni(k|c)~", "učesni(k|c)~", "sudioni(k|c)~",
    "polaznik~", "polaznic~", "poljoprivredni(k|c)~", "preduzeć~", "poduzeć~", "firm(i|e|a|ama)",
    "kompanij~", "biznis~", "obrt~", "zadrug~", "porodic~", "obitelj~", "domaćinstv~", "kućanstv~",
    "mlad(ih|ima|e)", "žen(a|e|ama)", "nezaposlen~", "djec(a|e|i|om)", "dec(a|e|i|om)", "učeni(k|c)~",
    "student~", "radn(ih|a|o) m(j)?est(a|o)", "radionic~", "obuk(a|e|i)", "trening(a|e|ima)?", "zaposlen(ih|i|e)",
    "poslodav(ac|ci|aca|cima|ce)", "član(ova|a|ice|ica|icama)?", "preduzetni(k|c)~", "poduzetni(k|c)~",
    "kancelarij~", "ured(a|i)", "povratni(k|c)~", "stipendij~", "grant(a|ova)",
]
_HEADS_EN = [
    "persons", "person", "people", "citizens", "beneficiaries", "participants", "trainees", "farmers",
    "families", "households", "businesses", "enterprises", "companies", "firms", "smes", "cooperatives",
    "jobs", "job places", "workplaces", "youth", "young people", "women", "unemployed", "children", "pupils",
    "students", "trainings", "training sessions", "workshops", "employers", "members", "entrepreneurs",
    "offices", "returnees", "convicts", "grants", "scholarships", "employees", "workers",
]
# Heads that are results in themselves: new jobs and places of work.
_RESULT_HEAD_RE = re.compile(r"(?:radn\w* m(?:j)?est|радн\w* мј?ест|jobs|job places|workplaces)", re.IGNORECASE)

_QUALIFIERS: dict[str, str] = {
    "najmanje": "at least", "minimalno": "at least", "at least": "at least", "minimum": "at least",
    "minimum of": "at least", "više od": "more than", "vise od": "more than", "preko": "more than",
    "over": "more than", "more than": "more than", "do": "up to", "up to": "up to", "najviše": "up to",
    "oko": "about", "about": "about", "around": "about", "approximately": "about", "approx.": "about",
    "cca": "about", "cca.": "about", "približno": "about", "ukupno": "total", "a total of": "total",
    "total of": "total",
}
# Qualifiers that state a target (`najmanje 200`, `up to 50`); `oko`/`ukupno` also describe plain counts.
_TARGET_QUALIFIERS = frozenset({"at least", "more than", "up to"})
_NEW_WORDS = frozenset(
    w for f in ("novih", "nova", "novo", "nove", "novim", "new", "additional", "dodatnih", "novoosnovanih",
                "novootvorenih", "novozaposlenih", "newly")
    for w in (f, to_cyrillic(f))
)
# Verbs and nouns that introduce a result count: employing, creating, training, supporting, reaching.
_CUE_WORDS = (
    r"(?:zapošljav|zaposl|zapošl|kreira|otvar|otvori|stvar|stvori|obuč|obuk|obuci|educ|edukov|podrž|pomo|"
    r"dobil|dobij|rezultat|result|received|"
    r"osnaž|uključ|obuhvat|korist|dodijel|dodel|employ|creat|train|educat|support|assist|reach|benefit|"
    r"empower|includ|establish|register|запошљ|запосл|креир|отвар|обуч|едук|подрж|помо|укључ|обухват|користи)"
)


def _stems_trie(alternation: str) -> str:
    """`(?:a|b|...)` of plain stems as one trie (`trie_pattern`): both are searched only for whether a stem occurs
    in a window, which the order of the branches does not change, and with a case-insensitive flat alternation the
    engine tries every stem at every position that opens one."""
    return "(?:" + trie_pattern(alternation[3:-1].split("|")) + ")"


_CUE_RE = re.compile(ahead(_CUE_WORDS, re.IGNORECASE) + _stems_trie(_CUE_WORDS), re.IGNORECASE)


def _pattern(src: str) -> str:
    return src.replace("(", "(?:").replace(" ", r"\s+").replace("~", _WORD + "{0,5}")


def _heads() -> str:
    alts: list[str] = []
    for p in _HEADS_BCS:
        for v in (p, strip_diacritics(p), to_cyrillic(p)):
            if _pattern(v) not in alts:
                alts.append(_pattern(v))
    alts.extend(_pattern(p) for p in _HEADS_EN)
    return "(?:" + "|".join(alts) + rf")(?!{_WORD})"


# Words that end a noun phrase: a head after them is not what the number counts (`200 mladih kod poslodavaca`).
_FUNCTION_WORDS = r"(?:" + "|".join(
    w for f in ("kod", "sa", "od", "iz", "u", "na", "za", "i", "ili", "je", "su", "se", "će", "ce", "koji", "koje",
                "koja", "and", "or", "in", "of", "from", "for", "with", "to", "at", "by", "is", "are", "were", "was",
                "which", "who", "that")
    for w in (f, to_cyrillic(f))
) + ")"
_NUMBER_WORD_ALT = "|".join(
    re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True) if NUMBER_WORDS[w] >= 2
)
# The function words as one trie, and before the head the first letters every head opens with (also a trie): the
# engine tries the head at up to four places after each count, and the flat alternation of a hundred heads, like
# that of the function words before each modifier, was tried branch by branch at each of them. Both say only what
# the alternations they stand before already say, so what matches is unchanged. A word's letters and the white space
# after it are never given back (possessive): what follows each is a letter, which neither holds.
_FUNCTION_WORD_TRIE = "(?:" + trie_pattern(set(_FUNCTION_WORDS[3:-1].split("|"))) + ")"
_HEAD_AHEAD = "(?=(?:" + trie_pattern(literal_prefixes(_heads(), 4) or {""}) + "))"
_INDICATOR_RE = re.compile(
    rf"(?P<num>\d{{1,3}}(?:[.,\s]\d{{3}})+(?![\d])|\d+(?![\d.,]\d)|{LETTER_AHEAD}(?:{_NUMBER_WORD_ALT})(?!{_WORD}))"
    rf"\s++(?P<mods>(?:(?!{_FUNCTION_WORD_TRIE}\s){_WORD}[\w-]*+\s++){{0,3}}){_HEAD_AHEAD}(?P<head>{_heads()})"
)
_QUAL_ALT = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
_QUAL_RE = re.compile(r"(?<![\w])" + ahead(_QUAL_ALT, re.IGNORECASE) + "(" + _QUAL_ALT + r")\s+$", re.IGNORECASE)
# Counts of victims or of need are not results of the work (`killing at least 200 people`, `left 50 families
# homeless`).
_HARM_WORDS = (
    r"(?:kill|died|dead|death|injur|wound|homeless|traumati|missing|poginu|umrl|umr|nastrad|ranjen|povrijeđ|"
    r"povređ|stradal|beskućn|nestal|погину|умрл|настрад|рањен|страдал)"
)
_HARM_RE = re.compile(ahead(_HARM_WORDS, re.IGNORECASE) + _stems_trie(_HARM_WORDS), re.IGNORECASE)
# the qualifier, cue and harm patterns without ignoring case, read in the lower-case view where `lower_case_alike`
# says they find the same there (their letters are all lower case); the stems' tries need no look-ahead on their
# first letters there: the engine skips to those letters by itself when case counts
_QUAL_LOWER_RE = re.compile(_QUAL_RE.pattern)
_CUE_LOWER_RE = re.compile(_stems_trie(_CUE_WORDS))
_HARM_LOWER_RE = re.compile(_stems_trie(_HARM_WORDS))
_NUMBER_WORD_RE = re.compile(
    rf"(?<!{_WORD})" + trie_pattern({w for w, v in NUMBER_WORDS.items() if v >= 2}) + rf"(?!{_WORD})"
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# what `_INDICATOR_RE` needs after a count in digits (digits and separators, a digit, then white space)
_COUNT_TAIL = re.compile(r"[\d.,\s]*?\d\s")


# number words, found in the shared pass over the lower-case text
_NUMBER_WORD_KEYS = key_list("lower", lambda: {w: len(w) for w, v in NUMBER_WORDS.items() if v >= 2})
_STOP_MODS = frozenset(
    w for f in ("godine", "godina", "godini", "years", "year", "posto", "percent", "procenata", "km", "kn", "eur",
                "evra", "eura", "miliona", "milijuna", "hiljada", "tisuća", "million", "thousand", "dinara",
                "maraka", "dolara", "sati", "hours", "dana", "days", "mjeseci", "meseci", "months", "opština",
                "općina", "opštine", "općine", "municipalities", "gradova", "cities", "projekata", "projects",
                "od", "of", "from", "iz", "u", "in", "za", "for", "i", "and", "sa", "s", "with", "na", "on", "the")
    for w in (f, to_cyrillic(f))
)


def _candidates(doc: AnalysedText) -> list[int]:
    """Where a count can begin: runs of digits and number words."""
    low = doc.lower
    starts = {p for p in doc.digit_starts if not (p and low[p - 1].isdigit())}
    # number words are tried only where the automaton finds one (a pass of the engine costs more)
    words = _NUMBER_WORD_KEYS.starts(low)
    starts.update(m.start() for m in finditer_at(_NUMBER_WORD_RE, low, words))
    return sorted(starts)


def _value(num: str) -> float | None:
    """The count, written in digits or in words."""
    if num[0].isdigit():
        return parse_number(num)
    return parse_number_words(num)


def find_indicators(text: str | AnalysedText, language: str) -> list[Indicator]:
    """Counted results with their value, counted noun phrase (unit) and qualifier, in document order."""
    del language  # heads of every language are matched at once; pages mix them
    out: list[Indicator] = []
    seen: set[tuple[float, str]] = set()
    last_end = 0
    doc = analyse(text)
    text, low = doc.text, doc.lower
    alike = lower_case_alike(low)
    for pos in _candidates(doc):
        if pos < last_end:
            continue
        if low[pos].isdecimal() and _COUNT_TAIL.match(low, pos) is None:
            continue  # a count in digits ends in a digit that white space follows: years, dates, `15%` do not
        m = _INDICATOR_RE.match(low, pos)
        if m is None:
            continue
        # the patterns run on lower-cased text; what is reported is the original
        num = text[m.start("num") : m.end("num")]
        mods = text[m.start("mods") : m.end("mods")]
        head = text[m.start("head") : m.end("head")]
        mod_words = mods.split()
        if any(w.lower() in _STOP_MODS for w in mod_words):
            continue
        if num.isdigit() and _YEAR_RE.fullmatch(num) and not mods:
            continue
        value = _value(num)
        if value is None:
            continue
        lo = pos - 40 if pos > 40 else 0
        if alike:  # read in the lower-case view; what a group holds, in the text
            qm = _QUAL_LOWER_RE.search(low, pos - 20 if pos > 20 else 0, pos)
            cued = _CUE_LOWER_RE.search(low, lo, pos) is not None
        else:
            qm = _QUAL_RE.search(text, pos - 20 if pos > 20 else 0, pos)
            cued = _CUE_RE.search(text[lo:pos]) is not None
        qualifier = _QUALIFIERS.get(text[qm.start(1) : qm.end(1)].lower(), "") if qm else ""
        is_result = (
            qualifier in _TARGET_QUALIFIERS
            or any(w.lower() in _NEW_WORDS for w in mod_words)
            or bool(_RESULT_HEAD_RE.match(head))
            or cued
        )
        hi = min(len(text), m.end() + 40)
        if not is_result or (_HARM_LOWER_RE.search(low, lo, hi) if alike else _HARM_RE.search(text, lo, hi)):
            continue
        last_end = m.end()
        start = qm.start() if qm else m.start()
        unit = " ".join([*mod_words, head])
        key = (value, unit.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(Indicator(text=text[start : m.end()], value=value, unit=unit, qualifier=qualifier,
                             span=Span(start, m.end(), text[start : m.end()], "indicator.count")))
    return out
