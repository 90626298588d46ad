"""Who the work is for: unemployed people, youth, women, Roma, persons with disabilities, returnees...

A multilingual lexicon: each group is written once as compact patterns over lower-case Latin text (a space
stands for any white space, `~` for a short case ending), and every pattern is expanded at import to its form
without diacritics and its Serbian Cyrillic form. Matching runs on the lower-cased text and is tried only at
word starts whose first three letters can open a pattern, found in one pass, which keeps it cheap.

Names of bodies are not target groups: `Ministarstvo za ljudska prava i izbjeglice` or `Sekretarijat za
raseljena lica` name an office, so a group word governed by `za`/`for` after an office noun is skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from devatlas.model import Span, TargetGroup
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.regex import cued_finditer, literal_prefixes, words_after
from devatlas.text.script import strip_diacritics, to_cyrillic

_END = "~"  # a case ending of up to five letters
# (canonical English label, BCS patterns, English patterns); `(a|b)` groups, `?` optional.
_LEXICON: list[tuple[str, list[str], list[str]]] = [
    ("unemployed", ["nezaposlen(i|ih|im|ima|e|a|om|oj|u)?", "tražioc~ (posla|zaposlenja)",
                    "traži(lac|lo|lj)~ (posla|zaposlenja)", "lica koja traže posao", "osobe koje traže posao"],
     ["unemployed", "jobseekers?", "job seekers?", "job-seekers?"]),
    ("youth", ["mlad(i|ih|ima|e|ež|eži|eži)", "omladin(a|e|i|u|om)", "mlad(i|ih|e|im|ima) (ljud|osob|lic)~"],
     ["youth", "young (people|persons|women|men)"]),
    ("women", ["žen(e|a|ama)", "poduzetnic(e|a|ama)", "preduzetnic(e|a|ama)"],
     ["women", "female entrepreneurs"]),
    ("Roma", ["rom(i|a|ima|e)", "romkinj~", "romsk(e|a|i|ih|oj|om|im|ima|u|og)"],
     ["roma", "romani", "ashkali", "egyptians"]),
    ("persons with disabilities", ["(osob|lic)~ (sa|s) invaliditetom", "invalid(i|a|ima|e)",
                                   "(osob|lic|djec|dec)~ (sa|s) posebnim potrebama",
                                   "(osob|lic)~ sa smetnjama u razvoju"],
     ["(persons|people|children) with (disabilities|disability|special needs)", "disabled (people|persons)"]),
    ("returnees", ["povratni(k|ci|ka|cima|ke|čke|čkih|čkim|čka)"], ["returnees?"]),
    ("displaced persons", ["raseljen~ (lic|osob)~", "interno raseljen~", "prognani(k|ci|ka|cima)"],
     ["internally displaced (persons|people)", "displaced (persons|people)", "idps"]),
    ("refugees", ["izbjeglic(e|a|ama|i)", "izbeglic(e|a|ama|i)"], ["refugees?"]),
    ("diaspora", ["dijaspor(a|e|i|u|om)", "iseljeništv(o|a|u|om)", "iseljeni(k|ci|ka|cima)"], ["diaspora"]),
    ("farmers", ["poljoprivredni(k|ci|ka|cima|ke)", "poljoprivredn(ih|e|i) proizvođač~", "ratar(i|a|ima)",
                 "stočar(i|a|ima)", "seljac(i|ima)", "seljak(a)?", "voćar(i|a|ima)"],
     ["farmers?", "agricultural producers"]),
    ("SMEs", ["mal(a|ih|im|ih) i srednj(a|ih|im) (preduzeć|poduzeć|privredn|kompanij|firm|društv)~"],
     ["smes?", "small and medium(-sized| sized)? (enterprises|companies|businesses)"]),
    ("micro businesses", ["mikro (preduzeć|poduzeć|biznis|firm|kompanij)~", "mikropreduzeć~", "mikropoduzeć~"],
     ["micro (businesses|enterprises|companies|entrepreneurs)", "micro-(businesses|enterprises)"]),
    ("entrepreneurs", ["preduzetni(k|ci|ka|cima|ke)", "poduzetni(k|ci|ka|cima|ke)", "obrtni(k|ci|ka|cima)",
                       "zanatlij(e|a|ama)"],
     ["entrepreneurs?", "start-ups", "startups"]),
    ("children", ["djec(a|e|i|om)", "dec(a|e|i|om)"], ["children"]),
    ("elderly", ["star(ije|ijih|ijim|ija) (osob|lic|građan|stanovni)~", "penzioner(i|a|ima|e)",
                 "umirovljeni(ci|ka|cima|ke)", "stari(h|m|ma)? lica"],
     ["elderly", "older (people|persons)", "pensioners", "senior citizens"]),
    ("vulnerable groups", ["socijalno (ugrožen|ranjiv|isključen|osjetljiv)~", "ranjiv(e|ih|im|ima) (grup|kategorij)~",
                           "marginalizovan~ (grup|zajednic)~", "marginaliziran~ (grup|zajednic)~"],
     ["vulnerable (groups|people|population|persons|families)", "socially vulnerable",
      "marginali[sz]ed (groups|communities)"]),
    ("national minorities", ["nacionaln(e|ih|im) manjin~"], ["national minorities", "minorities"]),
    ("rural population", ["ruraln(o|og|om) stanovništv~", "seosk(o|og|om) stanovništv~"], ["rural population"]),
    ("civil society organisations", ["organizacij~ civilnog društva", "nevladin(e|ih|im) organizacij~",
                                     "udruženj(a|ima) građana", "udrug(e|a|ama) građana"],
     ["civil society organi[sz]ations", "non-governmental organi[sz]ations"]),
    ("students", ["student(i|a|ima|ice|e)", "učeni(ci|ka|cima|ce)"], ["students", "pupils"]),
    ("employers", ["poslodav(ci|aca|cima|ce)"], ["employers"]),
    ("victims of violence", ["žrtv~ (nasilja|porodičnog nasilja|obiteljskog nasilja|trgovine ljudima)"],
     ["victims of (violence|domestic violence|trafficking)"]),
]
# Written in capitals and matched with their case on the original text.
_ACRONYMS: dict[str, str] = {
    "MSP": "SMEs", "МСП": "SMEs", "SME": "SMEs", "SMEs": "SMEs", "MMSP": "micro businesses",
    "IDP": "displaced persons", "IDPs": "displaced persons", "RAE": "Roma", "NVO": "civil society organisations",
    "НВО": "civil society organisations", "OCD": "civil society organisations", "CSO": "civil society organisations",
    "CSOs": "civil society organisations", "NGOs": "civil society organisations",
}

_WORD = r"[^\W\d_]"


def _compile_pattern(src: str) -> str:
    """Mini syntax to regex: ` ` -> white space, `~` -> short ending, `(` -> non-capturing group."""
    return src.replace("(", "(?:").replace(" ", r"\s+").replace(_END, _WORD + "{0,5}")


def _expand(bcs: list[str], en: list[str]) -> list[str]:
    out: list[str] = []
    for p in bcs:
        for v in (p, strip_diacritics(p), to_cyrillic(p)):
            if v not in out:
                out.append(v)
    for p in en:
        if p not in out:
            out.append(p)
    return out


def _build() -> tuple[list[tuple[str, frozenset[str]]], dict[str, re.Pattern[str]]]:
    """Every pattern as a regex, in lexicon order, with the prefixes it can open with; and each label's regex."""
    label_res: dict[str, re.Pattern[str]] = {}
    alternatives: list[tuple[str, frozenset[str]]] = []
    for label, bcs, en in _LEXICON:
        alts = [_compile_pattern(p) for p in _expand(bcs, en)]
        for p, alt in zip(_expand(bcs, en), alts, strict=True):
            head = re.match(r"[^\W\d_]+", p)
            if head is None or len(head.group(0)) < 3:
                # a pattern that opens with a group: take the prefixes of each branch of that group
                first = re.match(r"\(([^)]*)\)", p)
                if first is None:
                    raise ValueError(f"target group pattern needs a literal start: {p!r}")
                opens = frozenset(b[:3] for b in first.group(1).split("|"))
            else:
                opens = frozenset({head.group(0)[:3]})
            alternatives.append((alt, opens))
        label_res[label] = re.compile("(?:" + "|".join(alts) + rf")(?!{_WORD})")
    return alternatives, label_res


_ALTERNATIVES, _LABEL_RES = _build()
_PREFIXES = frozenset(q for _, opens in _ALTERNATIVES for q in opens)
if not all(c.isalnum() or c == "_" for q in _PREFIXES for c in q):
    raise ValueError("target group prefixes must be word characters: `_word_starts` relies on it")


@lru_cache(maxsize=1024)
def _patterns_opening(prefix: str) -> re.Pattern[str]:
    """The alternation of every pattern (in lexicon order), cut down to those that can open at a word start whose
    longest prefix is `prefix`: the others cannot match at that position, so the first branch that matches is the
    one the whole alternation would take, and the engine does not try the rest in turn."""
    alts = [alt for alt, opens in _ALTERNATIVES if any(prefix.startswith(q) for q in opens)]
    return re.compile("(?:" + "|".join(alts) + rf")(?!{_WORD})")


@lru_cache(maxsize=1024)
def _openings(prefix: str) -> tuple[str, ...] | None:
    """Up to five letters, one of which every match of `_patterns_opening(prefix)` begins with (None when they
    cannot be read): most word starts that hold a prefix (`pro` of `projekat`) hold none of them, and are passed
    over without a call into the regex engine."""
    found = literal_prefixes(_patterns_opening(prefix).pattern, 5)
    return None if found is None else tuple(sorted(found))


@lru_cache(maxsize=4096)
def _label_of(matched: str) -> str | None:
    """The label whose patterns match the whole of a matched phrase (the first in lexicon order)."""
    return next((lab for lab, rx in _LABEL_RES.items() if rx.fullmatch(matched)), None)


def _openers() -> dict[str, int]:
    """What the shared pass over the lower-case text looks for (each with its length): for every pattern, the
    strings of up to five letters one of which each of its matches begins with, or its prefixes where those cannot
    be read. A prefix of three letters stands inside many words (`pro`, `ras`), an opening of five in few: the pass
    reports a fifth as many places, and where none stands no pattern can match."""
    out: dict[str, int] = {}
    for alt, opens in _ALTERNATIVES:
        found = literal_prefixes(alt, 5)
        if found is None or any(len(o) < 3 or o[:3] not in opens for o in found):
            found = opens
        out.update((o, len(o)) for o in found)
    return out


# The openings, found in the shared pass over the lower-case text instead of a try at every position.
_OPENER_KEYS = key_list("lower", _openers)


def _word_starts(low: str) -> list[tuple[int, str]]:
    """Each word start (`\\b`) where an opening begins, in order, with the prefix there (its first three letters):
    the openings are word characters, so a start is a word start when no word character stands before it."""
    starts = {end - n + 1 for end, n in _OPENER_KEYS.hits(low)}
    return [(start, low[start : start + 3]) for start in sorted(starts)
            if not start or not (low[start - 1].isalnum() or low[start - 1] == "_")]


_ACRONYM_RE = re.compile(
    "(" + words_after(r"[\w-]", sorted(_ACRONYMS, key=len, reverse=True)) + r")(?:-\w{1,3})?(?![\w])"
)
_ACRONYM_CUES = tuple(_ACRONYMS)
# An office noun, then `za`/`for`/`of` and up to four words: a group word there is part of a body's name.
_OFFICE_RE = re.compile(
    r"(?:minist|минист|sekretarijat|секретаријат|komesarijat|комесаријат|agencij|агенциј|fond|фонд|"
    r"ured|kancelarij|канцелариј|služb|служб|odjel|odsjek|direkcij|дирекциј|zavod|завод|ministry|"
    r"office|commission|commissariat|secretariat|agency|fund|department)\w*"
    r"(?:\s+[\w.-]+){0,4}?\s+(?:za|за|for|of)\s+(?:[\w-]+\s+){0,4}$"
)
_GOVERNING = (" za ", " за ", " for ", " of ")


def _not_roma(matched: str, first: str, language: str) -> bool:
    """`Romi`, `Roma` are capitalised (the adjective `romski` need not be); `Rome` in English is the city."""
    if matched.startswith(("romsk", "ромск")):
        return False
    return not first.isupper() or (matched == "rome" and language == "en")


def find_target_groups(text: str | AnalysedText, language: str) -> list[TargetGroup]:
    """Each group the text names as beneficiaries, once, with the span where it is first named."""
    # the lexicon covers all languages at once (pages mix them); the language only settles `Rome`
    doc = analyse(text)
    text, low = doc.text, doc.lower
    hits: dict[str, tuple[int, int]] = {}
    last_end = 0
    for start, prefix in _word_starts(low):
        if start < last_end:
            continue
        opens = _openings(prefix)
        if opens is not None and not low.startswith(opens, start):
            continue
        m = _patterns_opening(prefix).match(low, start)
        if m is None:
            continue
        last_end = m.end()
        window = low[start - 80 if start > 80 else 0 : start + 1]
        if any(g in window for g in _GOVERNING) and _OFFICE_RE.search(low, start - 80 if start > 80 else 0, start):
            continue
        matched = m.group(0)
        label = _label_of(matched)
        if label == "Roma" and _not_roma(matched, text[start], language):
            continue
        if label is not None and label not in hits:
            hits[label] = (start, m.end())
    # every match opens with one of the acronyms as written: found by `str.find`, not a try at every capital
    for m in cued_finditer(_ACRONYM_RE, _ACRONYM_CUES, text):
        label = _ACRONYMS[m.group(1)]
        if label not in hits:
            hits[label] = (m.start(), m.end())
    ordered = sorted(hits.items(), key=lambda kv: kv[1][0])
    return [TargetGroup(label, Span(s, e, text[s:e], "target_group.lexicon")) for label, (s, e) in ordered]
