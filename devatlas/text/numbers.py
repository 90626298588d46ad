"""Numbers as people write them in the region: digits with either separator convention, words, multipliers.

The same string can mean different things: `1.500` is fifteen hundred in Sarajevo and in an English text that
copied local style, `1.5` is one and a half, `1,3 miliona` is 1.3 million. Which mark is the decimal one is
decided from the shape of the number (how many digit groups, how many digits after the last mark) and from
whether a multiplier follows. Number words are matched in both scripts and all genders and cases.
"""

from __future__ import annotations

import re

from devatlas.text.script import strip_diacritics, to_cyrillic

# A number in digits. Thousands groups may be separated by `.`, `,`, a space, a no-break or thin space or an
# apostrophe; `. ` (a stray space after the dot) is tolerated. The lookbehind keeps us from starting inside
# a longer digit run.
NUMBER_PATTERN = (
    r"(?<![\d.,])"
    r"(?:\d{1,3}(?:(?:[.,'’]|\.\ |[\ \u00a0\u202f\u2009])\d{3})+(?:[.,]\d{1,2}(?!\d))?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d])"
)
NUMBER_RE = re.compile(NUMBER_PATTERN)

_GROUP_SPACES = " \u00a0\u202f\u2009'’"


def parse_number(token: str, before_multiplier: bool = False) -> float | None:
    """Value of a number written in digits, in local (`1.234,5`) or English (`1,234.5`) style.

    A single separator followed by exactly three digits is a thousands mark (`235.000`, `1,500`), unless a
    multiplier follows (`1.250 miliona` is 1.25 million); any other single separator is decimal.
    """
    s = token.strip()
    if not s:
        return None
    s = s.replace(". ", ".")
    for ch in _GROUP_SPACES:
        s = s.replace(ch, "")
    if not s or not s[0].isdigit():
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        if s.count(dec) > 1:
            return None
        s = s.replace(grp, "").replace(dec, ".")
    elif dots + commas == 1:
        mark = "." if dots else ","
        tail = s.split(mark)[1]
        s = s.replace(mark, "") if len(tail) == 3 and not before_multiplier else s.replace(mark, ".")
    elif dots + commas > 1:
        mark = "." if dots else ","
        parts = s.split(mark)
        if all(len(p) == 3 for p in parts[1:]):
            s = s.replace(mark, "")
        elif all(len(p) == 3 for p in parts[1:-1]) and len(parts[-1]) <= 2:
            s = "".join(parts[:-1]) + "." + parts[-1]  # one mark for both jobs: `1.000.000.00`
        else:
            return None
    try:
        return float(s)
    except ValueError:
        return None


def _variants(forms: list[str]) -> list[str]:
    """Each form, without diacritics and in Cyrillic: the three ways a word reaches us."""
    out: list[str] = []
    for f in forms:
        for v in (f, strip_diacritics(f), to_cyrillic(f)):
            if v not in out:
                out.append(v)
    return out


def _forms(spec: dict[float, str]) -> dict[str, float]:
    table: dict[str, float] = {}
    for value, words in spec.items():
        for w in _variants(words.split()):
            table.setdefault(w.lower(), value)
    return table


# Number words, BCS (ekavian and ijekavian, genders and the cases used with nouns) and English.
NUMBER_WORDS: dict[str, float] = _forms(
    {
        0.5: "pola polovina half",
        1: "jedan jedna jedno jednu jednog jednoga jednom jedne one a an",
        2: "dva dvije dve dvaju dvama two",
        3: "tri triju trima three",
        4: "četiri četiriju four",
        5: "pet five",
        6: "šest six",
        7: "sedam seven",
        8: "osam eight",
        9: "devet nine",
        10: "deset ten",
        11: "jedanaest eleven",
        12: "dvanaest twelve",
        13: "trinaest thirteen",
        14: "četrnaest fourteen",
        15: "petnaest fifteen",
        16: "šesnaest sixteen",
        17: "sedamnaest seventeen",
        18: "osamnaest eighteen",
        19: "devetnaest nineteen",
        20: "dvadeset twenty",
        30: "trideset thirty",
        40: "četrdeset forty",
        50: "pedeset fifty",
        60: "šezdeset sixty",
        70: "sedamdeset seventy",
        80: "osamdeset eighty",
        90: "devedeset ninety",
        100: "sto stotinu stotina hundred",
        200: "dvjesto dvjesta dvesta dvesto",
        300: "tristo trista",
        400: "četiristo četiristotine",
        500: "petsto",
        600: "šesto šeststo",
        700: "sedamsto",
        800: "osamsto",
        900: "devetsto",
    }
)

# Multipliers: words in every case and script, and the abbreviations used in headlines and tables; Macedonian
# (`милиони`, `илјади`) and Albanian (`milionë`, `mijë`) forms too.
MULTIPLIERS: dict[str, float] = _forms(
    {
        1e3: "hiljada hiljade hiljadu hiljadama tisuća tisuće tisuću tisućama hiljd. thousand thousands tis. hilj. k "
        "iljadi илјади mijë mije",
        1e6: "milion miliona milione milioni milionë milionu milijun milijuna milijune milijunu mil. mil mio. mio mln "
        "mln. m million millions mn",
        1e9: "milijarda milijarde milijardi milijardu mlrd mlrd. billion billions bn miliardë miliarda",
    }
)


def trie_pattern(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation of literal words arranged as a trie (`n(?:ov(?:a|e)|ez)`).

    Python's regex engine tries the branches of a flat alternation one by one at every position; sharing
    prefixes lets it reject most positions after one character comparison, which makes scanning a whole
    document for a long word list several times faster.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


# Every number word and multiplier opens with a letter. Saying so first (`LETTER_AHEAD`, implied by the words, so
# nothing else changes) lets the engine leave a position that holds a digit or a sign after one test, where a
# case-insensitive alternation tries each of its first letters in turn.
LETTER_AHEAD = r"(?=[^\W\d_])"
NUMBER_WORD_PATTERN = LETTER_AHEAD + r"(?:" + trie_pattern(set(NUMBER_WORDS)) + r")(?![\w])"
MULTIPLIER_PATTERN = LETTER_AHEAD + r"(?:" + trie_pattern(set(MULTIPLIERS)) + r")(?![\w])"
# One or more number words in a row: `dvadeset pet`, `sto pedeset`, `two hundred`.
NUMBER_WORDS_PATTERN = r"(?<![\w])" + NUMBER_WORD_PATTERN + r"(?:[\ -](?:i\ |and\ )?" + NUMBER_WORD_PATTERN + r")*"

_WORD_SPLIT_RE = re.compile(r"[\s-]+")


def parse_number_words(phrase: str) -> float | None:
    """Value of a run of number words (`dvadeset pet` = 25, `two hundred` = 200, `pola` = 0.5)."""
    total = 0.0
    seen = False
    for raw in _WORD_SPLIT_RE.split(phrase.strip().lower()):
        if raw in ("i", "and", ""):
            continue
        value = NUMBER_WORDS.get(raw)
        if value is None:
            return None
        seen = True
        if value == 100 and 0 < total < 100:
            total *= 100
        else:
            total += value
    return total if seen else None


def multiplier_value(word: str) -> float | None:
    """10**3, 10**6 or 10**9 for a multiplier word or abbreviation, else None."""
    w = word.strip().lower()
    if w in MULTIPLIERS:
        return MULTIPLIERS[w]
    w2 = w.rstrip(".")
    return MULTIPLIERS.get(w2) or MULTIPLIERS.get(w2 + ".")


def parse_quantity(number: str, multiplier: str = "") -> float | None:
    """A number in digits or words, times an optional multiplier (`1,3` + `miliona` = 1,300,000)."""
    mult = multiplier_value(multiplier) if multiplier else 1.0
    if mult is None:
        return None
    stripped = number.strip()
    if not stripped:
        return mult if multiplier else None
    if stripped[0].isdigit():
        value = parse_number(stripped, before_multiplier=bool(multiplier))
    else:
        value = parse_number_words(stripped)
    if value is None:
        return None
    return round(value * mult, 2)



_QUANTITY_RE = re.compile(
    rf"\s*(?P<num>{NUMBER_PATTERN}|{NUMBER_WORDS_PATTERN})?\s?(?P<mult>{MULTIPLIER_PATTERN})?\s*",
    re.IGNORECASE,
)


def parse_quantity_text(phrase: str) -> float | None:
    """A whole phrase as one quantity: `1,3 miliona`, `pet miliona`, `4m`, `2.795.000,00`, `milion`; else None."""
    m = _QUANTITY_RE.fullmatch(phrase)
    if m is None or not (m.group("num") or m.group("mult")):
        return None
    return parse_quantity(m.group("num") or "", m.group("mult") or "")
