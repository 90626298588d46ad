"""Serbian Cyrillic <-> Latin, and the folded form every matcher compares on.

Matching happens on one folded alphabet (lower case, Latin, no diacritics, đ -> dj) so that `Лакташи`,
`Laktaši` and `Laktasi` meet. `fold_with_offsets` keeps a map back to the original characters so that a
match in folded text still points at the right span of the document.
"""

from __future__ import annotations

import unicodedata

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    # Macedonian letters, and Russian ones that turn up in names copied from other sources
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ѐ": "e", "ѝ": "i", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja",
    "щ": "šč", "ь": "", "ъ": "", "ё": "e", "є": "je", "і": "i", "ї": "ji",
}
_CYR_TO_LAT.update({k.upper(): v.capitalize() for k, v in list(_CYR_TO_LAT.items())})

_LAT_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "LJ": "Љ", "Nj": "Њ", "NJ": "Њ", "Dž": "Џ", "DŽ": "Џ"}
_LAT_TO_CYR = {
    v: k for k, v in _CYR_TO_LAT.items()
    if len(v) == 1 and k in "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ"
}

# What each character becomes in the folded alphabet; anything not listed is lower-cased and stripped of marks.
_FOLD_SPECIAL = {"đ": "dj", "Đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "ı": "i"}


def to_latin(text: str) -> str:
    """Serbian (and Macedonian) Cyrillic to Serbian Latin, keeping diacritics."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in text):
        return text
    out = []
    for i, ch in enumerate(text):
        lat = _CYR_TO_LAT.get(ch)
        if lat is None:
            out.append(ch)
        elif len(lat) > 1 and lat[0].isupper():
            # Љ in an all-capitals word is LJ, in a capitalised word Lj
            nxt = text[i + 1] if i + 1 < len(text) else ""
            out.append(lat.upper() if nxt.isupper() else lat)
        else:
            out.append(lat)
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Serbian Latin to Cyrillic (lj, nj, dž as single letters). Foreign words are transliterated as well."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _LAT_DIGRAPHS:
            out.append(_LAT_DIGRAPHS[pair])
            i += 2
            continue
        ch = text[i]
        out.append(_LAT_TO_CYR.get(ch, ch))
        i += 1
    return "".join(out)


def _fold_char(ch: str) -> str:
    if ch in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[ch]
    lat = _CYR_TO_LAT.get(ch)
    if lat is not None:
        return "".join(_fold_char(c) for c in lat)
    low = ch.lower()
    if low.isascii():
        return low
    if low in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[low]
    base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return base


_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character in the folded alphabet (may be empty or two letters)."""
    out = _FOLD_CACHE.get(ch)
    if out is None:
        out = _FOLD_CACHE[ch] = _fold_char(ch)
    return out


def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics, đ -> dj: the alphabet all matching happens in."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(ch) for ch in text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from.

    The list has one extra entry, `len(text)`, so that an end offset maps as well.
    """
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        parts.append(f)
        offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(parts), offsets


def strip_diacritics(text: str) -> str:
    """Latin text without diacritics, case kept (`Čelinac` -> `Celinac`, `Đurđevac` -> `Djurdjevac`)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("dj" if ch == "đ" else "Dj")
        else:
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def detect_script(text: str) -> str:
    """`cyrillic` when most letters are Cyrillic, else `latin`."""
    cyr = lat = 0
    for ch in text:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u04ff":
                cyr += 1
            elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
                lat += 1
    return "cyrillic" if cyr > lat else "latin"
