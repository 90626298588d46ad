"""Calendar dates complete to the day, and month-level periods, in every local and English form.

Complete dates are found first (ranges before single dates, so that `5.11. – 28.12.2021.` gives both ends);
a month and year with no day is only a period (`April 2017 – December 2018` -> `2017-04/2018-12`), never a
date with an invented day. A day and month without a year are left out: the year cannot be known safely.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from devatlas.model import DateMention, Span
from devatlas.text.analysed import analyse
from devatlas.text.keyscan import key_list
from devatlas.text.numbers import trie_pattern
from devatlas.text.regex import lower_case_alike
from devatlas.text.script import strip_diacritics, to_cyrillic

# Month names in the forms that occur next to a day or year: sr/bs (nominative, genitive, locative),
# hr (nominative, genitive, locative), Macedonian, English with abbreviations, Albanian.
_MONTH_FORMS: dict[int, str] = {
    1: "januar januara januaru januari siječanj siječnja siječnju january jan sij janar janarit",
    2: "februar februara februaru februari veljača veljače veljači february feb velj shkurt shkurtit",
    3: "mart marta martu ožujak ožujka ožujku march mar ožu mars marsit",
    4: "april aprila aprilu travanj travnja travnju apr tra prill prillit",
    5: "maj maja maju svibanj svibnja svibnju may majit",
    6: "jun juna junu juni lipanj lipnja lipnju june qershor qershorit",
    7: "jul jula julu juli srpanj srpnja srpnju july korrik korrikut",
    8: "avgust avgusta avgustu august augusta augustu kolovoz kolovoza kolovozu aug avg gusht gushtit",
    9: "septembar septembra septembru september septembar septemvri rujan rujna rujnu sep sept shtator shtatorit",
    10: "oktobar oktobra oktobru oktomvri listopad listopada listopadu october oct okt tetor tetorit",
    11: "novembar novembra novembru noemvri studeni studenoga studenog studenom november nov nëntor nëntorit",
    12: "decembar decembra decembru dekemvri prosinac prosinca prosincu december dec dek dhjetor dhjetorit",
}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for month, forms in _MONTH_FORMS.items():
        for form in forms.split():
            for v in (form, strip_diacritics(form), to_cyrillic(form)):
                table.setdefault(v.lower(), month)
    return table


_MONTHS = _month_table()
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# the look-ahead for a letter is implied by the names; it lets the engine leave a position that holds a digit or a
# dot after one test, instead of trying each first letter of the case-insensitive trie in turn
_MONTH = r"(?=[^\W\d_])(?:" + trie_pattern(set(_MONTHS)) + r")\.?(?![\w])"
_YEAR = r"(?:19[5-9]\d|20\d\d)(?!\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
# Year ending: a trailing dot, `godine`/`године`/`g.` belong to the date.
_YEAR_END = r"(?:\.?(?:\s*(?:godine|godini|године|години|god\.|г\.|g\.)(?![\w]))?)"
_DASH = r"\s*(?:-|–|—|do|до|to|until|till|through)\s*"
# Two days of one month named together (`15. i 16. marta`) give both days, like a range.
_DASH_OR_AND = r"\s*(?:-|–|—|do|до|to|until|till|through|i|и|and|&)\s*"
_ORD = r"(?:\s?(?:st|nd|rd|th))?"

_PATTERNS: list[tuple[str, str]] = [
    # ranges first
    ("date.range_numeric",
     rf"(?<![\d.])(?P<d1>{_DAY})\.\s?(?P<m1>{_MON_NUM})\.?{_DASH}(?P<d2>{_DAY})\.\s?(?P<m2>{_MON_NUM})\.\s?"
     rf"(?P<y2>{_YEAR}){_YEAR_END}"),
    ("date.range_day_numeric",
     rf"(?<![\d.])(?P<d1>{_DAY})\.?{_DASH}(?P<d2>{_DAY})\.\s?(?P<m2>{_MON_NUM})\.\s?(?P<y2>{_YEAR}){_YEAR_END}"),
    ("date.range_named",
     rf"(?<![\d.])(?P<d1>{_DAY})\.?{_ORD}(?:\s*(?P<mn1>{_MONTH}))?{_DASH_OR_AND}(?:the\s+)?(?P<d2>{_DAY})\.?{_ORD}\s*"
     rf"(?:of\s+)?(?P<mn2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR}){_YEAR_END}"),
    ("date.range_named_en",
     rf"(?<![\w])(?P<mn2>{_MONTH})\s+(?P<d1>{_DAY}){_ORD}{_DASH}(?P<d2>{_DAY}){_ORD},?\s+(?P<y2>{_YEAR})"),
    # single dates
    ("date.iso", rf"(?<![\d.])(?P<y2>{_YEAR})-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])(?![\d])"),
    ("date.numeric",
     rf"(?<![\d.,])(?P<d2>{_DAY})\.\s?(?P<m2>{_MON_NUM})\.\s?(?P<y2>{_YEAR}){_YEAR_END}(?!\.?\d)"),
    ("date.iso_slash", rf"(?<![\d/.])(?P<y2>{_YEAR})/(?P<m2>0?[1-9]|1[0-2])/(?P<d2>{_DAY})(?![\d/])"),
    ("date.slash", rf"(?<![\d/])(?P<d2>\d{{1,2}})/(?P<m2>\d{{1,2}})/(?P<y2>{_YEAR})(?![\d/])"),
    # two digits each, so that reference numbers such as `01-1-2019` are not read as dates
    ("date.dash_numeric", rf"(?<![\d-])(?P<d2>0[1-9]|[12]\d|3[01])-(?P<m2>0[1-9]|1[0-2])-(?P<y2>{_YEAR})(?![\d-])"),
    ("date.named",
     rf"(?<![\d.])(?P<d2>{_DAY})\.?{_ORD}\s*(?:of\s+|day\s+of\s+)?(?P<mn2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})"
     rf"{_YEAR_END}"),
    ("date.roman",
     rf"(?<![\d.])(?P<d2>{_DAY})\.\s?(?-i:(?P<rm>XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I))\.?\s?(?P<y2>{_YEAR})"
     rf"{_YEAR_END}"),
    ("date.named_en", rf"(?<![\w])(?P<mn2>{_MONTH})\s+(?P<d2>{_DAY}){_ORD},?\s+(?P<y2>{_YEAR})"),
]


def _prefixed(i: int, pattern: str) -> str:
    """Pattern i as one branch of the combined regex, its groups renamed `x{i}_...` so that names stay unique, and
    its white space possessive (`_spaces_kept`)."""
    return f"(?P<r{i}>" + _spaces_kept(pattern).replace("(?P<", f"(?P<x{i}_") + ")"


def _spaces_kept(pattern: str) -> str:
    """White space that is never given back (`\\s*+`, `\\s?+`, `\\s++`): in these patterns what follows a run of it
    (a digit, a letter, a dash or comma, or more white space that another run would take) can always be read after
    the whole run, so a date that fails is not tried again with every shorter run."""
    return pattern.replace(r"\s*", r"\s*+").replace(r"\s?", r"\s?+").replace(r"\s+", r"\s++")


# One regex, branches in priority order: at each position the first branch that matches wins, and matches
# never overlap, so a range is not also read as two single dates.
_DATE_RE = re.compile("|".join(_prefixed(i, p) for i, (_, p) in enumerate(_PATTERNS)), re.IGNORECASE)
_RULES = [name for name, _ in _PATTERNS]
# for each branch, its group names in the combined regex and as the branch's own pattern names them
_RULE_GROUPS = [
    tuple((name, name[len(f"x{i}_") :]) for name in _DATE_RE.groupindex if name.startswith(f"x{i}_"))
    for i in range(len(_RULES))
]

_PERIOD_SOURCE = (
    rf"(?<![\w.])(?P<m1>{_MONTH})\s*(?:(?P<y1>{_YEAR})\.?)?(?:\s*(?:godine|године)(?![\w]))?"
    rf"(?:{_DASH}(?P<m2>{_MONTH})\s*(?P<y2>{_YEAR}))?"
)
_PERIOD_RE = re.compile(_spaces_kept(_PERIOD_SOURCE), re.IGNORECASE)

# Both patterns, read on the lower-case text without ignoring case: the engine compares a letter in either case by
# looking its lower case up for each character, which cost more than half of matching a date. Every letter the
# patterns hold is lower case, save the Roman months (`XII`), which must stay capitals: they are read in lower case
# here and a date found with them is read again by `_DATE_RE` in the text as written (`lower_case_alike` says when
# the two ways agree; a text for which they may not is read as written).
_ROMAN_MONTHS = "XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I"
_ROMAN_BRANCH = _RULES.index("date.roman")
_DATE_LOWER_RE = re.compile("|".join(
    _prefixed(i, p.replace(f"(?-i:(?P<rm>{_ROMAN_MONTHS}))", f"(?P<rm>{_ROMAN_MONTHS.lower()})"))
    for i, (_, p) in enumerate(_PATTERNS)))
_PERIOD_LOWER_RE = re.compile(_spaces_kept(_PERIOD_SOURCE))


def _day(y: int, m: int, d: int) -> str | None:
    """ISO day, or None for a day the calendar does not have (31.02.)."""
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_of(groups: dict[str, str | None], key_num: str, key_name: str) -> int | None:
    """Month number from a numeric group or a month-name group, whichever matched."""
    num = groups.get(key_num)
    if num:
        return int(num)
    roman = groups.get("rm")
    if roman and key_num == "m2":
        return _ROMAN.index(roman) + 1
    name = groups.get(key_name)
    if name:
        return _MONTHS.get(name.rstrip(".").lower())
    return None


def _dates_of(rule: str, g: dict[str, str | None]) -> list[str]:
    """The ISO day(s) of one match: one for a date, two for a range, whose start borrows the end's month and
    year (and the year before when the range crosses New Year). An invalid day drops the whole match."""
    y2 = int(g["y2"] or 0)
    d2 = int(g["d2"] or 0)
    m2 = _month_of(g, "m2", "mn2")
    if rule == "date.slash" and m2 is not None and m2 > 12 and d2 <= 12:
        d2, m2 = m2, d2  # US order, 12/13/2016
    if m2 is None:
        return []
    out: list[str] = []
    if g.get("d1"):
        m1 = _month_of(g, "m1", "mn1") or m2
        d1 = int(g["d1"] or 0)
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        first = _day(y1, m1, d1)
        if first is None:
            return []
        out.append(first)
    last = _day(y2, m2, d2)
    if last is None:
        return []
    out.append(last)
    return out


# `(?<!\d)` + _YEAR, the look-behind after the first digit so that scanning skips to the digits 1 and 2
_YEAR_RE = re.compile(r"(?:1(?<!\d1)9[5-9]\d|2(?<!\d2)0\d\d)(?!\d)")
# written to open with a character class (not a repeat), which lets the engine skip ahead to where one can start
_WORD_RE = re.compile(r"[^\W\d_][^\W\d_]*")
# month names in every case form, found in the shared pass over the lower-case text
_MONTH_KEYS = key_list("lower", lambda: {form: len(form) for form in _MONTHS})
_REACH = 60  # how far before its year a date or range can begin (`od 5. novembra do 28. decembra 2021`)


def _is_letter(c: str) -> bool:
    """What `[^\\W\\d_]` matches: a word character that is neither a digit nor `_`."""
    return c.isalnum() and not c.isdecimal()


def _month_words(text: str, low: str) -> list[int]:
    """Where a whole word (a run of letters) that names a month starts, sorted: from the shared lower-case pass,
    each hit kept when it is a whole word that lower-cases to the same form on its own."""
    n = len(text)
    out: set[int] = set()
    for end, k in _MONTH_KEYS.hits(low):
        p, q = end - k + 1, end + 1
        if (p and _is_letter(text[p - 1])) or (q < n and _is_letter(text[q])):
            continue
        if text[p:q].lower() == low[p:q]:
            out.add(p)
    return sorted(out)


def _years(text: str, runs: tuple[int, ...]) -> list[int]:
    """Where `_YEAR_RE` matches: the runs of digits that are a year of four digits, told by string tests (a call
    into the engine for each run of a page costs more than the year it finds)."""
    out = []
    for p in runs:
        y = text[p:p + 4]
        # `_YEAR_RE`: 195x-199x or 20xx, the four digits a whole run (`\d` is what `isdecimal` says, `[5-9]` ASCII)
        if ((y[:2] == "20" or (y[:2] == "19" and y[2:3] in _FIFTIES_ON)) and y.isdecimal() and len(y) == 4
                and not text[p + 4:p + 5].isdecimal()):
            out.append(p)
    return out


_FIFTIES_ON = frozenset("56789")


def _starts(text: str) -> tuple[list[int], list[int]]:
    """Where a date can begin (digit runs and month names shortly before a year) and where a period can begin
    (month names). Every date and period holds a year, so matching only there is exact and cheap."""
    date_starts: set[int] = set()
    month_starts: set[int] = set()
    doc = analyse(text)
    runs = doc.digit_starts  # where each run of digits starts, found once per text
    months: list[int] | None = None
    # a year opens a run of digits (its look-behinds say so): it is tried only where one starts
    for y in _years(text, runs):
        lo = y - _REACH if y > _REACH else 0
        for i in range(bisect.bisect_left(runs, lo), bisect.bisect_right(runs, y)):
            d = runs[i]
            if not (d and text[d - 1].isdigit()):
                date_starts.add(d)
        # month names among the words before the year, the first one cut where the window opens
        if months is None:
            months = _month_words(text, doc.lower)
        if lo and _is_letter(text[lo - 1]):
            w = _WORD_RE.match(text, lo, y)
            if w is not None and w.group(0).lower() in _MONTHS:
                month_starts.add(lo)
        for i in range(bisect.bisect_left(months, lo), bisect.bisect_left(months, y)):
            month_starts.add(months[i])
    date_starts |= month_starts
    return sorted(date_starts), sorted(month_starts)


def _no_date_opens(text: str, pos: int) -> bool:
    """Whether a run of three digits or more starts at `pos` that is not a year before `-` or `/`: every form of
    `_DATE_RE` opens with a day (one or two digits, then no digit), a month's name, or an ISO year followed by `-`
    or `/`. Most runs of digits before a year are the year itself (`2021. godine`), which the engine would try
    every form of the alternation on."""
    head = text[pos:pos + 3]
    return len(head) == 3 and head.isdecimal() and text[pos + 4:pos + 5] not in ("-", "/")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint spans."""
    i = bisect.bisect_left(spans, (end, -1)) - 1
    return i >= 0 and spans[i][1] > start


def find_dates(text: str) -> list[DateMention]:
    """Dates complete to the day (ISO), then month-level periods, each once, in document order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    date_starts, month_starts = _starts(text)
    low = analyse(text).lower  # letter for letter: its offsets are the text's
    lower_case = lower_case_alike(low)
    date_re, period_re, read = (_DATE_LOWER_RE, _PERIOD_LOWER_RE, low) if lower_case else (_DATE_RE, _PERIOD_RE, text)
    last_end = 0
    for pos in date_starts:
        if pos < last_end or _no_date_opens(text, pos):
            continue
        m = date_re.match(read, pos)
        if m is None:
            continue
        idx = next(i for i in range(len(_RULES)) if m.group(f"r{i}") is not None)
        if idx == _ROMAN_BRANCH and read is not text:
            m = _DATE_RE.match(text, pos)  # a Roman month counts in capitals only
            if m is None:
                continue
            idx = next(i for i in range(len(_RULES)) if m.group(f"r{i}") is not None)
        groups = {short: _as_written(text, m, name) for name, short in _RULE_GROUPS[idx]}
        rule = _RULES[idx]
        values = _dates_of(rule, groups)
        if not values:
            continue
        last_end = m.end()
        span = Span(m.start(), m.end(), text[m.start() : m.end()], rule)
        found.extend(DateMention(v, "date", span) for v in values)
        taken.append((m.start(), m.end()))
    last_end = 0
    for pos in month_starts:
        if pos < last_end:
            continue
        m = period_re.match(read, pos)
        if m is None or _overlaps(taken, m.start(), m.end()):
            continue
        value = _period(text, m)
        if value:
            last_end = m.end()
            span = Span(m.start(), m.end(), text[m.start() : m.end()], "date.period")
            found.append(DateMention(value, "period", span))
    found.sort(key=lambda d: d.span.start if d.span else 0)
    out: list[DateMention] = []
    seen: set[tuple[str, str]] = set()
    for d in found:
        key = (d.value, d.kind)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _as_written(text: str, m: re.Match[str], group: str) -> str | None:
    """A group of a match as the text writes it (the match may have been read in the lower-case view, whose
    letters `str.lower` of the group would not always give back: `İ`)."""
    start, end = m.span(group)
    return None if start < 0 else text[start:end]


def _period(text: str, m: re.Match[str]) -> str:
    """`2020-03` for a month and year, `2017-04/2018-12` for a span of months; '' when no year is given."""
    m1 = _MONTHS.get((_as_written(text, m, "m1") or "").rstrip(".").lower())
    y1, m2, y2 = _as_written(text, m, "y1"), _as_written(text, m, "m2"), _as_written(text, m, "y2")
    if m1 is None:
        return ""
    if m2 and y2:
        mm2 = _MONTHS.get(m2.rstrip(".").lower())
        if mm2 is None:
            return ""
        start_year = int(y1) if y1 else (int(y2) if m1 <= mm2 else int(y2) - 1)
        return f"{start_year:04d}-{m1:02d}/{int(y2):04d}-{mm2:02d}"
    if y1:
        return f"{int(y1):04d}-{m1:02d}"
    return ""
