"""Amounts of money: a number (digits or words), an optional multiplier, and a currency before or after it.

An amount is only money when a currency is stated next to it, so years, percentages, phone numbers and counts of
people never qualify. One exception: in a list such as `Prelog 300.000, Strahoninec 150.000 ... 280.000 kuna`
the currency is written once, after the last figure, and the earlier figures take it (`_list_members`).
"""

from __future__ import annotations

import re

from devatlas.model import Money, Span
from devatlas.text.numbers import (
    MULTIPLIER_PATTERN,
    NUMBER_PATTERN,
    NUMBER_RE,
    NUMBER_WORDS_PATTERN,
    parse_number,
    parse_quantity,
)
from devatlas.text.script import strip_diacritics, to_cyrillic

# Currency words in the forms that follow numbers (genitive plural mostly), and codes/signs.
_CURRENCY_WORDS: dict[str, str] = {
    "BAM": "konvertibilnih maraka|konvertibilne marke|konvertibilnih marki|maraka|maraka|marke|marki|marka",
    "EUR": "evra|eura|evro|euro|euros|eur|evrа|evrima|eurima|eurа",
    "RSD": "dinara|dinari|dinar|din",
    "HRK": "kuna|kune|kunа|kn",
    "USD": "američkih dolara|americkih dolara|US dolara|dolara|dolari|dolar|dollars|dollar|US dollars",
    "CHF": "švajcarskih franaka|švicarskih franaka|franaka|franka|franci|swiss francs|francs",
    "MKD": "denara|denari|denars|denar",
    "ALL": "leka|lekë|lek",
    "GBP": "pounds|funti",
}
# Codes and signs, matched with their case: `KM` is marks, `km` kilometres; `ALL` is lek, `all` a word.
_CURRENCY_CODES: dict[str, str] = {
    "BAM": "KM|КМ|BAM|Km",
    "EUR": "EUR|Eur|ЕУР|€",
    "RSD": "RSD|РСД|din\\.|дин\\.",
    "HRK": "HRK|kn\\.",
    "USD": "USD|US\\$|\\$",
    "CHF": "CHF",
    "MKD": "MKD|МКД|ден\\.",
    "ALL": "ALL",
    "GBP": "GBP|£",
}


def _word_alternation() -> tuple[str, dict[str, str]]:
    lookup: dict[str, str] = {}
    for code, forms in _CURRENCY_WORDS.items():
        for form in forms.split("|"):
            for v in (form, strip_diacritics(form), to_cyrillic(form)):
                lookup.setdefault(v.lower(), code)
    alt = "|".join(re.escape(w) for w in sorted(lookup, key=len, reverse=True))
    return alt, lookup


_WORD_ALT, _WORD_LOOKUP = _word_alternation()
_CODE_LOOKUP: dict[str, str] = {}
for _code, _forms in _CURRENCY_CODES.items():
    for _f in _forms.split("|"):
        _CODE_LOOKUP[_f.replace("\\", "")] = _code
_CODE_ALT = "|".join(_CURRENCY_CODES.values())

# A currency after the amount: a code (case kept) optionally with a case ending (`KM-a`, `EUR-a`), or a word.
_CUR_AFTER = rf"(?:(?-i:{_CODE_ALT})(?:-\w{{1,3}})?(?![\w])|(?:{_WORD_ALT})(?![\w]))"
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
_QUAL_RE = re.compile(rf"(?<![\w])({_QUAL_ALT})\s+$", re.IGNORECASE)



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
_GROUPED_RE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:(?:[.,]|\.\ |[\ \u00a0\u202f\u2009])\d{3})+(?:,\d{2}(?!\d))?(?![\d])"
)
_LIST_GAP_RE = re.compile(r"^[^\d.!?;:()\n]{0,40}$")
_LIST_JOIN_RE = re.compile(r",|\s(?:i|и|and|te|ili|or)\s", re.IGNORECASE)
_RANGE_GAP_RE = re.compile(r"^\s*(?:-|–|do|до|to)\s*$", re.IGNORECASE)


def _currency(token: str) -> str:
    code = _CODE_LOOKUP.get(token)
    if code is not None:
        return code
    base = token.split("-")[0] if "-" in token else token
    code = _CODE_LOOKUP.get(base)
    if code is not None:
        return code
    return _WORD_LOOKUP.get(token.lower(), "")


def _qualifier(text: str, start: int) -> str:
    m = _QUAL_RE.search(text, max(0, start - 20), start)
    return _QUAL_LOOKUP.get(m.group(1).lower(), "") if m else ""


def _list_members(text: str, anchor_start: int, currency: str, taken: list[tuple[int, int]]) -> list[Money]:
    """Earlier figures of a list whose currency is written only after its last figure."""
    out: list[Money] = []
    floor = max(0, anchor_start - 600)
    candidates = [m for m in _GROUPED_RE.finditer(text, floor, anchor_start)]
    end = anchor_start
    for m in reversed(candidates):
        if any(s <= m.start() < e for s, e in taken):
            break
        gap = text[m.end() : end]
        if not (_LIST_GAP_RE.match(gap) and (_LIST_JOIN_RE.search(gap) or _RANGE_GAP_RE.match(gap))):
            break
        value = parse_number(m.group(0))
        if value is None or value < 100:
            break
        span = Span(m.start(), m.end(), m.group(0), "money.list")
        out.append(Money(value, currency, _qualifier(text, m.start()), span))
        end = m.start()
    out.reverse()
    return out


def find_money(text: str) -> list[Money]:
    """Every amount of money with its ISO 4217 currency, in document order, exact repeats dropped."""
    found: list[tuple[int, Money]] = []
    taken: list[tuple[int, int]] = []
    for m in _MONEY_RE.finditer(text):
        if m.group("pre"):
            currency = _currency(m.group("pre"))
            num, mult = m.group("anum") or "", m.group("amult") or m.group("amult0") or ""
            rule = "money.currency_first"
        else:
            currency = _currency(m.group("post"))
            num, mult = m.group("bnum") or "", m.group("bmult") or m.group("bmult0") or ""
            rule = "money.amount_first"
        if not currency:
            continue
        if not mult and num.strip().lower() in ("a", "an", "а"):
            # a number word before a currency (`pet evra`) is an amount; the article `a` alone is not
            continue
        amount = parse_quantity(num, mult)
        if amount is None or amount <= 0:
            continue
        if num and NUMBER_RE.fullmatch(num) and not mult and _looks_like_year(num, text, m):
            continue
        start = m.start()
        span = Span(m.start(), m.end(), m.group(0), rule)
        found.append((start, Money(amount, currency, _qualifier(text, m.start()), span)))
        for extra in _list_members(text, m.start(), currency, taken):
            found.append((extra.span.start if extra.span else 0, extra))
        taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[0])
    out: list[Money] = []
    seen: set[tuple[float, str]] = set()
    for _, money in found:
        key = (round(money.amount, 2), money.currency)
        if key in seen:
            continue
        seen.add(key)
        out.append(money)
    return out


def _looks_like_year(num: str, text: str, m: re.Match[str]) -> bool:
    """`EUR 2021` in a table header is a year next to a currency label, not an amount."""
    return bool(m.group("pre")) and len(num) == 4 and num.isdigit() and 1990 <= int(num) <= 2099
