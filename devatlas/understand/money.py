"""Amounts of money: a number (digits or words), an optional multiplier, and a currency before or after it.

An amount is only money when a currency is stated next to it, so years, percentages, phone numbers and counts of
people never qualify. Exceptions, where the writer states the currency once for several figures:
1. a list, `Prelog 300.000, Strahoninec 150.000 ... 280.000 kuna` (`_list_members`);
2. a range, `od 5 do 10 miliona KM`, `EUR 2 to 3 million` (both ends; the first takes the multiplier);
3. a follow-up figure, `2,5 miliona KM, od čega 1,5 miliona iz budžeta` (`_carried`).
Matching is tried only where a figure or a multiplier word starts (`_starts`), never at every character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from devatlas.model import Money, Span
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.numbers import (
    LETTER_AHEAD,
    MULTIPLIER_PATTERN,
    NUMBER_PATTERN,
    NUMBER_WORDS,
    NUMBER_WORDS_PATTERN,
    parse_number,
    parse_quantity,
    trie_pattern,
)
from devatlas.text.regex import ahead, lower_case_alike, words_after
from devatlas.text.script import strip_diacritics, to_cyrillic

# Currency words in the forms that follow numbers (genitive plural mostly), and codes/signs.
_CURRENCY_WORDS: dict[str, str] = {
    # bare `marke`/`marka` are also brands and stamps; with figures marks are `maraka`
    "BAM": "convertible marks|konvertibilnih maraka|konvertibilne marke|konvertibilnih marki|maraka",
    "EUR": "evra|eura|evro|euro|euros|eur|evrima|eurima",
    "RSD": "dinara|dinari|dinars|dinar|din",
    "HRK": "kuna|kune|kunas|kn",
    "USD": "američkih dolara|americkih dolara|US dolara|dolara|dolari|dolar|dollars|dollar|US dollars",
    "CHF": "švajcarskih franaka|švicarskih franaka|franaka|franka|franci|swiss francs|francs",
    "MKD": "denara|denari|denars|denar",
    "ALL": "leka|lekë|lek",
    "GBP": "pounds|funti",
}
# Codes and signs, matched with their case: `KM` is marks, `km` kilometres; `ALL` is lek, `all` a word.
_CURRENCY_CODES: dict[str, str] = {
    "BAM": "KM|КМ|BAM",
    "EUR": "EUR|Eur|ЕУР|€",
    "RSD": "RSD|РСД|din\\.|дин\\.",
    "HRK": "HRK|kn\\.",
    "USD": "USD|US\\$|\\$",
    "CHF": "CHF",
    "MKD": "MKD|МКД|ден\\.",
    "ALL": "ALL",
    "GBP": "GBP|£",
    # donors' own currencies, by code only (their words are also common nouns: kruna, kruna)
    "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "JPY": "JPY", "TRY": "TRY", "HUF": "HUF", "CZK": "CZK",
    "PLN": "PLN", "BGN": "BGN", "RON": "RON", "CAD": "CAD", "AUD": "AUD",
}


def _word_alternation() -> tuple[str, dict[str, str]]:
    lookup: dict[str, str] = {}
    for code, forms in _CURRENCY_WORDS.items():
        for form in forms.split("|"):
            for v in (form, strip_diacritics(form), to_cyrillic(form)):
                lookup.setdefault(v.lower(), code)
    alt = trie_pattern(set(lookup))
    return alt, lookup


_WORD_ALT, _WORD_LOOKUP = _word_alternation()
_CODE_LOOKUP: dict[str, str] = {}
for _code, _forms in _CURRENCY_CODES.items():
    for _f in _forms.split("|"):
        _CODE_LOOKUP[_f.replace("\\", "")] = _code
_CODE_ALT = "|".join(_CURRENCY_CODES.values())

# A currency after the amount: a code (case kept) optionally with a case ending (`KM-a`, `EUR-a`), or a word.
_CUR_AFTER = rf"(?:(?-i:{_CODE_ALT})(?:-\w{{1,3}})?(?![\w])|{LETTER_AHEAD}(?:{_WORD_ALT})(?![\w-]))"
# A currency before the amount: a code or sign only (`EUR 4 m`, `€1.5 million`, `KM 60.000,00`).
_CUR_BEFORE = rf"(?-i:{_CODE_ALT})"

_QUALIFIERS: dict[str, str] = {
    "više od": "over", "vise od": "over", "preko": "over", "over": "over", "more than": "over",
    "in excess of": "over", "većoj od": "over", "vecoj od": "over", "veća od": "over", "veće od": "over",
    "oko": "about", "about": "about", "around": "about", "approximately": "about", "approx.": "about",
    "cca": "about", "cca.": "about", "otprilike": "about", "približno": "about", "priblizno": "about",
    "gotovo": "nearly", "skoro": "nearly", "nearly": "nearly", "almost": "nearly", "blizu": "nearly",
    "do": "up to", "up to": "up to", "najviše": "up to", "maksimalno": "up to", "najmanje": "at least",
    "at least": "at least", "minimum": "at least", "čak": "", "ukupno": "",
}
_QUAL_LOOKUP: dict[str, str] = {}
for _q, _v in _QUALIFIERS.items():
    for _form in (_q, to_cyrillic(_q)):
        _QUAL_LOOKUP[_form] = _v
_QUAL_ALT = "|".join(re.escape(q) for q in sorted(_QUAL_LOOKUP, key=len, reverse=True))
_QUAL_SOURCE = rf"(?<![\w]){ahead(_QUAL_ALT, re.IGNORECASE)}({_QUAL_ALT})\s+$"
_QUAL_RE = re.compile(_QUAL_SOURCE, re.IGNORECASE)


def _qty(p: str) -> str:
    """A quantity: a number with an optional multiplier, or a multiplier alone (`milion KM`); groups prefixed p."""
    return (
        rf"(?:(?P<{p}num>{NUMBER_PATTERN}|{NUMBER_WORDS_PATTERN})\s?(?P<{p}mult>{MULTIPLIER_PATTERN})?"
        rf"|(?P<{p}mult0>{MULTIPLIER_PATTERN}))"
    )


_MONEY_RE = re.compile(
    # 1. currency first: `EUR 4 m`, `€1.5 million`, `KM 60.000,00`, `USD 15.7 million`
    rf"(?<![\w])(?P<pre>{_CUR_BEFORE})\s?:?\s?{_qty('a')}(?![\w%])"
    # 2. amount first: `2.795.000,00 EUR`, `1,3 miliona KM`, `4m€`, `pet miliona evra`, `milion KM`
    rf"|(?<![\w]){_qty('b')}\s?(?P<post>{_CUR_AFTER})",
    re.IGNORECASE,
)

# Figures that may share a currency written once after the last of them.
# the look-behind after the first digit (`\d{1,3}` as `\d\d{0,2}`): the engine skips to the digits
_GROUPED_RE = re.compile(
    r"\d(?<![\d.,]\d)\d{0,2}(?:(?:[.,]|\.\ |[\ \u00a0\u202f\u2009])\d{3})+(?:,\d{2}(?!\d))?(?![\d])"
)
_LIST_GAP_RE = re.compile(r"^[^\d.!?;:()\n]{0,40}$")
# The figure is followed at once by the list separator (`Prelog 300.000, Strahoninec ...`); a figure followed by a
# noun (`1.200 grantova, ukupno 500.000 KM`) counts something else.
_LIST_JOIN_RE = re.compile(r"^\s*(?:[,;]|(?:i|и|and|te|ili|или|or)\s)", re.IGNORECASE)
_RANGE_GAP_RE = re.compile(r"^\s*(?:-|–|do|до|to)\s*$", re.IGNORECASE)

# Multipliers that stand for one unit when no number precedes them.
_SINGULAR_MULTIPLIERS = frozenset(
    w for f in ("milion", "milijun", "million", "hiljadu", "tisuću", "tisucu", "milijarda", "milijardu", "billion")
    for w in (f, to_cyrillic(f))
)


@lru_cache(maxsize=4096)
def _currency(token: str) -> str:
    """ISO code of a currency code, sign or word as written (`KM-a` -> BAM, `евра` -> EUR), or ''. Cached: table
    headers and rows ask it for the same few words on every line."""
    code = _CODE_LOOKUP.get(token)
    if code is not None:
        return code
    base = token.split("-")[0] if "-" in token else token
    code = _CODE_LOOKUP.get(base)
    if code is not None:
        return code
    return _WORD_LOOKUP.get(token.lower(), "")


_AFTER_NUMBER_RE = re.compile(r"\d[\d.,]*\s*(?:[\w.]+\s*)?$")


# the longest qualifier: one that ends where the white space before an amount begins starts at most this far back
_QUAL_LONGEST = max(map(len, _QUAL_LOOKUP))


def _qualifier(text: str, start: int, low: str | None = None) -> str:
    """`više od`, `oko`, `up to`... just before the amount; `do` after another figure closes a range instead.
    With `low`, the text's lower-case view, the qualifier is looked for there (`_QUAL_LOWER_RE`)."""
    lo = start - 20 if start > 20 else 0
    # `_QUAL_RE` ends with white space up to the amount: the qualifier ends where that white space begins, and
    # the engine need not try the places further back than the longest qualifier
    end = lo + len(text[lo:start].rstrip())
    if end == start:
        return ""
    if end - _QUAL_LONGEST > lo:
        lo = end - _QUAL_LONGEST
    m = _QUAL_RE.search(text, lo, start) if low is None else _QUAL_LOWER_RE.search(low, lo, start)
    if m is None:
        return ""
    value = _QUAL_LOOKUP.get(_written(text, m, 1).lower(), "")
    if value == "up to" and _AFTER_NUMBER_RE.search(text, m.start() - 30 if m.start() > 30 else 0, m.start()):
        return ""
    return value


def _list_members(text: str, anchor_start: int, currency: str, floor_pos: int, low: str | None) -> list[Money]:
    """Earlier figures of a list whose currency is written only after its last figure."""
    out: list[Money] = []
    floor = max(floor_pos, anchor_start - 600)  # never reach back into the previous amount
    candidates = [m for m in _GROUPED_RE.finditer(text, floor, anchor_start)]
    end = anchor_start
    for m in reversed(candidates):
        gap = text[m.end() : end]
        if not (_LIST_GAP_RE.match(gap) and (_LIST_JOIN_RE.match(gap) or _RANGE_GAP_RE.match(gap))):
            break
        value = parse_number(m.group(0))
        if value is None or value < 100:
            break
        span = Span(m.start(), m.end(), m.group(0), "money.list")
        out.append(Money(value, currency, _qualifier(text, m.start(), low), span))
        end = m.start()
    out.reverse()
    return out


_RANGE_START_SOURCE = (
    rf"(?<![\w.,])(?P<num>{NUMBER_PATTERN}|{NUMBER_WORDS_PATTERN})\s*(?:-|–|do|до|to|i|и|and|ili|или|or)\s*$"
)
_RANGE_START_RE = re.compile(_RANGE_START_SOURCE, re.IGNORECASE)
_RANGE_END_RE = re.compile(
    rf"\s*(?:-|–|do|до|to|i|и|and)\s*(?P<num>{NUMBER_PATTERN}|{NUMBER_WORDS_PATTERN})\s?(?P<mult>{MULTIPLIER_PATTERN})",
    re.IGNORECASE,
)


# the last letters of the dashes and conjunctions `_RANGE_START_RE` ends with that are written in ASCII
_RANGE_WORD_ENDS = frozenset("-oidr")

_PLAIN_RANGE_END_RE = re.compile(rf"\s*(?:-|–|do|до|to)\s*(?P<num>{NUMBER_PATTERN})(?![\w%.,]*\d)(?!\s?\w)")


def _range_start(text: str, start: int, multiplier: str, upper: float, currency: str,
                 low: str | None = None) -> Money | None:
    """The lower end of `od 5 do 10 miliona KM` / `2-3 million EUR`, which takes the multiplier of the upper end."""
    lo = start - 40 if start > 40 else 0
    # the window ends with a dash or a conjunction and white space: one that ends in another character written in
    # ASCII (`iznosi`, `KM`) cannot match, and costs one test instead of the engine's try at each of its places
    tail = text[lo:start].rstrip()
    if not tail or (tail[-1].isascii() and tail[-1].lower() not in _RANGE_WORD_ENDS):
        return None
    m = _RANGE_START_RE.search(text, lo, start) if low is None else _RANGE_START_LOWER_RE.search(low, lo, start)
    if m is None:
        return None
    num = _written(text, m, "num")
    amount = parse_quantity(num, multiplier)
    if amount is None or amount <= 0 or amount >= upper:
        return None
    span = Span(m.start("num"), m.end("num"), num, "money.range_start")
    return Money(amount, currency, _qualifier(text, m.start(), low), span)


# A figure with a multiplier and no currency (`2,5 miliona KM, od čega 1,5 miliona iz budžeta`). It takes the
# currency of the amount just before it, but only when what follows cannot be a counted noun (`1,5 miliona
# stanovnika` counts people): punctuation or a function word.
_BARE_SOURCE = (
    rf"(?P<num>{NUMBER_PATTERN}|{NUMBER_WORDS_PATTERN})\s?(?P<mult>{MULTIPLIER_PATTERN})"
    r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:iz|od|za|je|su|će|ce|bi|dolazi|dolaze|obezbijed\w*|obezbed\w*|osigura\w*|"
    r"izdvoj\w*|finansira\w*|financira\w*|из|од|за|је|су|ће|обезбиј\w*|обезбед\w*|издвој\w*|финансира\w*|"
    r"from|is|was|will|comes|came|provided|allocated|by|for|of\s+which)\b)"
)
# white space that is never given back (possessive): what follows each run of it in the pattern can always be read
# after the whole run, so a figure that is not a bare amount is not tried again with every shorter run
_BARE_SOURCE = _BARE_SOURCE.replace(r"\s*", r"\s*+").replace(r"\s?", r"\s?+").replace(r"\s+", r"\s++")
_BARE_RE = re.compile(_BARE_SOURCE, re.IGNORECASE)
# The qualifier, range-start and bare-figure patterns, read in the lower-case view without ignoring case where
# `lower_case_alike` says they find the same there (their letters are all lower case); what a group holds is read
# in the text.
# (the qualifiers' look-behind written after their first letters: the engine skips to those letters)
_QUAL_LOWER_RE = re.compile("(" + words_after(r"[\w]", sorted(_QUAL_LOOKUP, key=len, reverse=True)) + r")\s+$")
_RANGE_START_LOWER_RE = re.compile(_RANGE_START_SOURCE)
_BARE_LOWER_RE = re.compile(_BARE_SOURCE)


def _written(text: str, m: re.Match[str], group: str | int = 0) -> str:
    """What a group of a match holds, as the text writes it ('' for a group that did not take part)."""
    start, end = m.span(group)
    return text[start:end] if start >= 0 else ""
_CARRY_REACH = 250


def _carried(text: str, pending: list[re.Match[str]], found: list[Money], low: str | None) -> list[Money]:
    """Currency-less amounts that take the currency of a stated amount shortly before, in the same paragraph."""
    out: list[Money] = []
    for b in pending:
        before = [x for x in found if x.span is not None and b.start() - _CARRY_REACH <= x.span.end <= b.start()]
        if not before:
            continue
        prev = max(before, key=lambda x: x.span.end if x.span else 0)
        if prev.span is None or "\n\n" in text[prev.span.end : b.start()]:
            continue
        amount = parse_quantity(_written(text, b, "num"), _written(text, b, "mult"))
        if amount is None or amount <= 0:
            continue
        span = Span(b.start(), b.end(), _written(text, b), "money.carried_currency")
        out.append(Money(amount, prev.currency, _qualifier(text, b.start(), low), span))
    return out


def _read(m: re.Match[str]) -> tuple[str, str, str, str]:
    """(currency code, number, multiplier, rule) of one match of `_MONEY_RE`."""
    if m.group("pre"):
        mult = m.group("amult") or m.group("amult0") or ""
        return _currency(m.group("pre")), m.group("anum") or "", mult, "money.currency_first"
    mult = m.group("bmult") or m.group("bmult0") or ""
    return _currency(m.group("post")), m.group("bnum") or "", mult, "money.amount_first"


def _plausible(num: str, mult: str, m: re.Match[str]) -> bool:
    """Whether a match that has the shape of an amount really states one."""
    if mult and not num and (mult.lower() not in _SINGULAR_MULTIPLIERS or m.string[m.start() - 1 : m.start()] == "-"):
        # `milion KM` is one million; `miliona KM` alone follows a vague word (`desetine miliona KM`), and
        # `multi-billion dollar` is no figure at all
        return False
    if not mult and num.strip().lower() in ("a", "an", "а"):
        # a number word before a currency (`pet evra`) is an amount; the article `a` alone is not
        return False
    pre = m.group("pre")
    if pre == "ALL" and not mult and not (num[:1].isdigit() and len(num) >= 4):
        return False  # `ALL 20 MUNICIPALITIES` in a headline; lek amounts before a figure run to thousands
    # `EUR 2021` in a table header is a year next to a currency label, not an amount
    return not (pre and not mult and num.isdigit() and len(num) == 4 and 1990 <= int(num) <= 2099)


# written to open with a character class (not a repeat), which lets the engine skip ahead to where one can start
_DIGITS_RE = re.compile(r"\d\d*")
# What both patterns need after a figure that starts with a digit: the figure is digits and separators and ends in a
# digit, and at most two white space characters later a multiplier or a currency opens, with a letter or a sign.
# Years, dates, percentages and the like fail this one small test instead of the two large patterns.
_FIGURE_TAIL = re.compile(r"[\d.,'’\s]*?\d\s{0,2}(?:[^\W\d_]|[€$£])")
_WORD_RE = re.compile(r"[^\W\d_][^\W\d_]*")
# Every amount without digits has a multiplier word (`pet miliona evra`, `milion KM`); these are their stems.
# Matched on lower-cased text: a case-insensitive scan of the whole text costs several times more.
_MULT_STEMS = ("mil", "мил", "hilj", "хиљ", "илј", "tisu", "тису", "thousand", "billion", "mlrd", "млрд")
# found in the shared pass over the lower-case text; the pass also reports a stem inside another (`милј`), which
# follows a letter and is skipped as a regex scan would have skipped it
_MULT_STEM_KEYS = key_list("lower", lambda: {stem: len(stem) for stem in _MULT_STEMS})
_PRE_TOKEN_CHARS = frozenset("€$£")
# what may stand right before a figure that a currency code or sign precedes (besides a letter)
_BEFORE_CODE = frozenset(" :\u00a0€$£")


def _starts(doc: AnalysedText) -> list[int]:
    """Positions where an amount can begin: each run of digits, a currency code just before it, and number words
    before a multiplier. Matching only there keeps the cost proportional to the figures, not the text."""
    text = doc.text
    cands: set[int] = set()
    for p in doc.digit_starts:
        if p and text[p - 1].isdigit():
            continue
        cands.add(p)
        c = text[p - 1] if p else ""
        if not (c in _BEFORE_CODE or c.isalpha()):
            continue  # after a dot, a comma, a bracket or a line break no code is read (`1.200.000`, `12.05.2021`)
        # a code or sign right before the figure: `EUR 4 m`, `€1.5`, `US$ 2`, `KM: 60.000`
        j = p
        while j > 0 and p - j < 2 and text[j - 1] in " :\u00a0":
            j -= 1
        before = text[j - 4 if j > 4 else 0:j]
        if before.isalpha():  # most often a word of four letters or more: the steps below would take them all
            k = j - len(before)
        else:
            k = j
            while k > 0 and j - k < 4 and (text[k - 1].isalpha() or text[k - 1] in _PRE_TOKEN_CHARS):
                k -= 1
        if k < j:
            if not (k and (text[k - 1].isalnum() or text[k - 1] == "_")):
                # inside a word (`godine 2021`) no code opens: both patterns begin with `(?<![\w])` or a digit
                cands.add(k)
            if text[j - 1] in _PRE_TOKEN_CHARS:
                cands.add(j - 1)
    for q in _MULT_STEM_KEYS.starts(doc.lower):  # lower case letter for letter: offsets are the text's
        if q and text[q - 1].isalnum():
            continue
        cands.add(q)
        lo = q - 40 if q > 40 else 0
        # most multipliers follow digits: the words before are read one by one only when one is a number word
        if not any(w.lower() in NUMBER_WORDS for w in _WORD_RE.findall(text, lo, q)):
            continue
        for w in _WORD_RE.finditer(text, lo, q):
            if w.group(0).lower() in NUMBER_WORDS:
                cands.add(w.start())
    return sorted(cands)


_TABLE_HEADER_RE = re.compile(r"^.*\|.*$", re.MULTILINE)
_CELL_TOKEN = re.compile(r"[^\s()\[\]/,:]+")  # the words of a header cell, one of which may name the currency
_ANY_DIGIT = re.compile(r"\d")
_CELL_AMOUNT_RE = re.compile(r"^\s*(\d{1,3}(?:[.,\u00a0 ]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*$")


def _table_columns(text: str, found: list[Money]) -> list[Money]:
    """Amounts in a table column whose header states the currency once: `Iznos (KM)`, `Amount (EUR)`.

    Tables are lines of cells separated by `|`; a header cell holding a currency code or sign makes every figure
    below it, in a row with as many cells, an amount in that currency (a `Total` row included).
    """
    if "|" not in text:
        return []
    known = {(m.span.start, m.span.end) for m in found if m.span is not None}
    out: list[Money] = []
    lines = text.split("\n")
    pos = 0
    header: tuple[int, int, str] | None = None  # cell count, column, currency
    for line in lines:
        if "|" not in line:  # most lines of a page are no table row: nothing to split
            header = None
            pos += len(line) + 1
            continue
        cells = line.split("|")
        if header is None or len(cells) != header[0]:
            header = None
            for col, cell in enumerate(cells):
                # a cell with a figure heads no column: its words are read only when it has none
                if _ANY_DIGIT.search(cell):
                    continue
                code = next(filter(None, map(_currency, _CELL_TOKEN.findall(cell))), "")
                if code:
                    header = (len(cells), col, code)
                    break
        else:
            _cells, col, code = header
            start = pos + sum(len(c) + 1 for c in cells[:col])
            cm = _CELL_AMOUNT_RE.match(cells[col])
            value = parse_number(cm.group(1)) if cm else None
            if cm is not None and value is not None and value > 0:
                s, e = start + cm.start(1), start + cm.end(1)
                if not any(a <= s < b for a, b in known):
                    out.append(Money(value, code, "", Span(s, e, text[s:e], "money.table_column")))
        pos += len(line) + 1
    return out


def find_money(text: str | AnalysedText) -> list[Money]:
    """Every amount of money with its ISO 4217 currency, in document order, exact repeats dropped."""
    doc = analyse(text)
    text = doc.text
    # the lower-case view (letter for letter: offsets are the text's), where the smaller patterns read alike
    view = doc.lower if lower_case_alike(doc.lower) else None
    found: list[Money] = []
    prev_end = 0  # end of the last amount read: list members and range ends never reach back past it
    pending: list[re.Match[str]] = []
    last_end = 0
    for pos in _starts(doc):
        if pos < last_end:
            continue
        if text[pos].isdecimal() and _FIGURE_TAIL.match(text, pos) is None:
            continue  # a figure with nothing after it that a multiplier or a currency could open: neither pattern
        m = _MONEY_RE.match(text, pos)
        if m is None:
            bare = _BARE_RE.match(text, pos) if view is None else _BARE_LOWER_RE.match(view, pos)
            if bare is not None:
                last_end = bare.end()
                pending.append(bare)
            continue
        currency, num, mult, rule = _read(m)
        if currency and not _plausible(num, mult, m):
            continue  # `a EUR 3 million grant`: the article is no figure, the amount starts at the code
        last_end = m.end()
        if not currency:
            continue
        amount = parse_quantity(num, mult)
        if amount is None or amount <= 0:
            continue
        if num and not mult and m.group("pre"):
            # `EUR 2 to 3 million`: the first figure takes the multiplier of the second
            tail = _RANGE_END_RE.match(text, m.end())
            high = parse_quantity(tail.group("num"), tail.group("mult")) if tail else None
            low = parse_quantity(num, tail.group("mult")) if tail else None
            if tail is not None and high is not None and low is not None and low < high:
                amount = low
                span = Span(tail.start("num"), tail.end(), text[tail.start("num") : tail.end()], "money.range_end")
                found.append(Money(high, currency, "", span))
            else:
                # `BAM 20,000 – 80,000`: the upper end of a range shares the code written before the lower one
                tail = _PLAIN_RANGE_END_RE.match(text, m.end())
                high = parse_number(tail.group("num")) if tail else None
                if tail is not None and high is not None and high > amount:
                    span = Span(tail.start("num"), tail.end(), tail.group("num"), "money.range_end")
                    found.append(Money(high, currency, "", span))
        elif num and mult:
            lower = _range_start(text, m.start(), mult, amount, currency, view)
            if lower is not None and lower.span is not None and lower.span.start >= prev_end:
                found.append(lower)
        span = Span(m.start(), m.end(), m.group(0), rule)
        found.append(Money(amount, currency, _qualifier(text, m.start(), view), span))
        if _DIGITS_RE.search(text, m.start() - 45 if m.start() > 45 else 0, m.start()):
            found.extend(_list_members(text, m.start(), currency, prev_end, view))
        prev_end = m.end()
    found.extend(_carried(text, pending, found, view))
    found.extend(_table_columns(text, found))
    found.sort(key=lambda x: x.span.start if x.span else 0)
    out: list[Money] = []
    seen: set[tuple[float, str]] = set()
    for money in found:
        key = (round(money.amount, 2), money.currency)
        if key not in seen:
            seen.add(key)
            out.append(money)
    return out
