"""Serbian Cyrillic <-> Latin, and the folded form every matcher compares on.

Matching happens on one folded alphabet (lower case, Latin, no diacritics, đ -> dj) so that `Лакташи`,
`Laktaši` and `Laktasi` meet. `fold_with_offsets` keeps a map back to the original characters so that a
match in folded text still points at the right span of the document.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import cache, cached_property, lru_cache
from types import ModuleType
from typing import Any

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


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_TO_LATIN = str.maketrans(_CYR_TO_LAT)
# capitals that become two letters: before another capital they are written in capitals (ЉУБОВИЈА -> LJUBOVIJA)
_CAPITAL_PAIR_RE = re.compile(
    "[" + "".join(k for k, v in _CYR_TO_LAT.items() if len(v) > 1 and v[0].isupper()) + "](?=.)", re.DOTALL
)


def to_latin(text: str) -> str:
    """Serbian (and Macedonian) Cyrillic to Serbian Latin, keeping diacritics."""
    # `isascii` reads a flag and `max` of a word is quick: most words are plain ASCII or Latin with diacritics
    if text.isascii() or (len(text) < 64 and max(text) < "\u0400") or _CYRILLIC_RE.search(text) is None:
        return text
    if not any(text[m.end()].isupper() for m in _CAPITAL_PAIR_RE.finditer(text)):
        return text.translate(_TO_LATIN)
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


def fold_char_uncached(ch: str) -> str:
    """`fold_char` without keeping the result: for a pass over every character of Unicode."""
    return _fold_char(ch)


def fold_char(ch: str) -> str:
    """One character in the folded alphabet (may be empty or two letters)."""
    out = _FOLD_CACHE.get(ch)
    if out is None:
        out = _FOLD_CACHE[ch] = _fold_char(ch)
    return out


class _Table(dict[int, str]):
    """A `str.translate` table that converts the characters it was not built with on first sight.

    The table is filled in advance for the scripts of the region (a lookup that misses costs `translate` far
    more than a hit, so unchanged characters are listed too); any other character goes through the same
    per-character function, so the result is exactly that function applied to every character.
    """

    def __init__(self, convert: Callable[[str], str], ranges: tuple[range, ...]) -> None:
        super().__init__((cp, convert(chr(cp))) for r in ranges for cp in r)
        self._convert = convert
        # characters that do not become exactly one (đ -> dj, љ -> lj, combining marks -> nothing), and every
        # character outside the prepared ranges: only around these do offsets need work. One negated class (the
        # prepared characters that become exactly one) lets the engine skip from one such character to the next.
        plain = sorted(cp for cp, out in self.items() if len(out) == 1)
        runs = []
        for _, group in itertools.groupby(enumerate(plain), lambda k: k[1] - k[0]):
            cps = [cp for _, cp in group]
            runs.append(re.escape(chr(cps[0])) + ("-" + re.escape(chr(cps[-1])) if len(cps) > 1 else ""))
        self.odd = re.compile("[^" + "".join(runs) + "]")
        # a tuple indexed by code point up to the last prepared one: `str.translate` reads it about twice as fast
        # as a dict; a text with a character beyond it is translated through the dict
        self.limit = max(r.stop for r in ranges)
        self.fast = tuple(self[cp] for cp in range(self.limit))
        self.top = chr(self.limit - 1)
        self.beyond = re.compile(f"[^\\x00-{re.escape(self.top)}]")

    def __missing__(self, cp: int) -> str:
        out = self[cp] = self._convert(chr(cp))
        return out

    def convert(self, text: str) -> str:
        if len(text) < 64:  # `max` is the cheaper test for a word or a name, a scan for a page
            return text.translate(self.fast if text.isascii() or max(text) <= self.top else self)
        return text.translate(self if self.beyond.search(text) else self.fast)

    @cached_property
    def plain(self) -> Any:
        """A numpy array indexed by code point up to `limit`: whether `odd` passes the character over (it becomes
        exactly one); the last slot, for every code point from `limit` on, says no."""
        mask = ~code_point_mask(self.odd, self.limit)
        mask[self.limit] = False
        return mask

    @cached_property
    def single(self) -> Any:
        """A numpy array indexed by code point up to the last prepared one: the code point of the one character
        it becomes, 0 for those that do not become exactly one."""
        return numpy_module().array([ord(out) if len(out) == 1 else 0 for out in self.fast], dtype="uint32")

    def _translate_page(self, text: str, odd: list[int], points: Any = None) -> str:
        """`text.translate(self)`, where `odd` are the characters that do not become exactly one (see `odd`).

        `str.translate` looks each character of a text that is not plain ASCII up in the table one by one; for a
        page it is several times cheaper to look every code point up at once in an array and to splice in the
        few odd characters.
        """
        beyond = any(ord(text[p]) >= self.limit for p in odd)
        if len(text) < 256 or text.isascii():
            return text.translate(self if beyond else self.fast)
        if points is None:
            points = code_points(text)
        # every character beyond the array is an odd one, replaced below: `clip` reads the last slot for it
        single = self.single.take(points, mode="clip").tobytes().decode("utf-32-le")
        if not odd:
            return single
        pieces: list[str] = []
        prev = 0
        for p in odd:
            pieces += (single[prev:p], self[ord(text[p])])
            prev = p + 1
        pieces.append(single[prev:])
        return "".join(pieces)

    def convert_with_offsets(self, text: str) -> tuple[str, Sequence[int] | None]:
        """The converted text and, per output character, the index of its source character (plus `len(text)`);
        None instead of the offsets when every character became exactly one."""
        if len(text) >= 256 and not text.isascii():
            # a page: its code points looked up at once in `plain` find the odd characters, and the same array
            # serves the translation
            np = numpy_module()
            points = code_points(text)
            # `take` clips a code point from `limit` on to the last slot (numpy's lookup loop, several times
            # cheaper than indexing by an array)
            odd = np.flatnonzero(~self.plain.take(points, mode="clip")).tolist()
            out = self._translate_page(text, odd, points)
        else:
            odd = [m.start() for m in self.odd.finditer(text)]  # characters beyond the tuple are among these
            out = self._translate_page(text, odd)
        if not odd:
            return out, None
        if len(text) >= 256:
            # a page: each index repeated as often as its character's output is long, in one array operation
            # rather than a Python integer per character (an `array` indexes and bisects like a tuple)
            np = numpy_module()
            counts = np.ones(len(text) + 1, dtype=np.int64)
            counts[odd] = [len(self[ord(text[p])]) for p in odd]
            return out, array("q", np.repeat(np.arange(len(text) + 1, dtype=np.int64), counts).tobytes())
        parts: list[Iterable[int]] = []  # the runs between odd characters, joined once
        prev = 0
        for p in odd:
            parts.append(range(prev, p))
            parts.append((p,) * len(self[ord(text[p])]))
            prev = p + 1
        parts.append(range(prev, len(text) + 1))
        return out, tuple(itertools.chain.from_iterable(parts))


@cache
def numpy_module() -> ModuleType:
    """numpy, imported when a page is first converted: a process that only converts words never pays for it."""
    import numpy

    return numpy


@lru_cache(maxsize=4)
def code_points(text: str) -> Any:
    """The code points of a page as a read-only numpy array, made once per text (cached): its fold, its Latin view,
    its lower case, its digits and script, and the organisation stage's tokens all read them."""
    np = numpy_module()
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_NOT_ONE = 0xFFFFFFFF  # in `_lower_table`: a character whose lower case is not one character of its own
_LOWER_END = 0x3000  # the scripts of the region and the punctuation around them lie below


@cache
def _lower_table() -> Any:
    """For each code point below `_LOWER_END` (and a last slot for every one from there on), the code point of
    its lower case, or `_NOT_ONE` where `str.lower` makes more or less than one character of it, or reads the
    characters around it (a capital sigma lowers to a final one at the end of a word)."""
    np = numpy_module()
    out = []
    for cp in range(_LOWER_END):
        low = chr(cp).lower()
        out.append(ord(low) if len(low) == 1 and cp != 0x3A3 else _NOT_ONE)
    out.append(_NOT_ONE)
    return np.array(out, dtype=np.uint32)


def lower_page(text: str) -> str:
    """`text.lower()` for a page: its code points looked up at once in a table (`str.lower` looks each character
    of a text that is not plain ASCII up in the Unicode database); a page with a character the table cannot
    answer for is lowered by `str.lower` itself."""
    if len(text) < 256 or text.isascii():
        return text.lower()
    low = _lower_table().take(code_points(text), mode="clip")
    if (low == _NOT_ONE).any():
        return text.lower()
    return low.tobytes().decode("utf-32-le")


def code_point_mask(pattern: re.Pattern[str], limit: int) -> Any:
    """A numpy array of `limit + 1` booleans: for each code point below `limit`, whether `pattern` matches that
    character alone, as the regex engine says; the last slot, standing for every code point from `limit` on, is
    False. A page's code points looked up in it at once answer what a scan of the page would."""
    np = numpy_module()
    mask = np.zeros(limit + 1, dtype=bool)
    mask[[m.start() for m in pattern.finditer("".join(map(chr, range(limit))))]] = True
    return mask


_RANGES = (range(0x0, 0x530), range(0x1E00, 0x1F00), range(0x2000, 0x2070), range(0x20AC, 0x20AD))
_FOLD = _Table(fold_char, _RANGES)
_LATIN = _Table(lambda ch: to_latin(ch) if "\u0400" <= ch <= "\u04ff" else ch, _RANGES)


def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics, đ -> dj: the alphabet all matching happens in."""
    return _fold_short(text) if len(text) <= 32 else _FOLD.convert(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    """`fold` of a word or a name, cached: the stages fold the same few hundred words of a document, each several
    times, and a cache hit costs a fraction of a translation."""
    return _FOLD.convert(text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from.

    The list has one extra entry, `len(text)`, so that an end offset maps as well.
    """
    folded, offsets = _FOLD.convert_with_offsets(text)
    return folded, list(range(len(text) + 1) if offsets is None else offsets)


def fold_aligned(text: str) -> tuple[str, Sequence[int] | None]:
    """`fold_with_offsets`, with None for the offsets when each folded character is the one at the same index."""
    return _FOLD.convert_with_offsets(text)


def latin_aligned(text: str) -> tuple[str, Sequence[int] | None]:
    """The text in Latin script letter by letter (`Љ` -> `Lj`, case and diacritics kept) and offsets back to it
    as in `fold_aligned`. Unlike `to_latin`, an all-capitals `ЉУБИЦА` gives `LjUBICA`: one letter at a time."""
    return _LATIN.convert_with_offsets(text)


def lower_keeping_offsets(text: str) -> str:
    """Lower case with one character for each character (`İ` lowers to two; it keeps the first)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[:1] or ch for ch in text)
    return low


def _strip_char(ch: str) -> str:
    if ch in "đĐ":
        return "dj" if ch == "đ" else "Dj"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


class _CharMap(dict[int, str]):
    """A `str.translate` table that converts each character on first sight, by a per-character function: nothing
    is prepared in advance (start-up stays short), and what a text holds is converted once per process."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, cp: int) -> str:
        out = self[cp] = self._convert(chr(cp))
        return out


# one character at a time, so one translation table: a name is stripped in one `str.translate`
_STRIP = _CharMap(_strip_char)


def strip_diacritics(text: str) -> str:
    """Latin text without diacritics, case kept (`Čelinac` -> `Celinac`, `Đurđevac` -> `Djurdjevac`)."""
    return text.translate(_STRIP)


def _letters_in(*ranges: range) -> re.Pattern[str]:
    """A character class of the letters (`str.isalpha`) in the given code point ranges."""
    return re.compile("[" + "".join(re.escape(chr(cp)) for r in ranges for cp in r if chr(cp).isalpha()) + "]")


_CYR_RANGES = (range(0x400, 0x500),)
_LAT_RANGES = (range(0x80), range(0xC0, 0x250))
_CYR_LETTER = _letters_in(*_CYR_RANGES)
_LAT_LETTER = _letters_in(*_LAT_RANGES)
_PAST_LETTERS = 0x500  # every code point from here on is neither


@cache
def _letter_tables() -> tuple[Any, Any]:
    """For each code point below `_PAST_LETTERS` and one slot for all above: whether it is a Cyrillic letter, and
    whether a Latin one, as `_CYR_LETTER` and `_LAT_LETTER` match them."""
    np = numpy_module()
    tables = []
    for ranges in (_CYR_RANGES, _LAT_RANGES):
        table = np.zeros(_PAST_LETTERS + 1, dtype=bool)
        table[[cp for r in ranges for cp in r if chr(cp).isalpha()]] = True
        tables.append(table)
    return tables[0], tables[1]


def _letter_counts(text: str) -> tuple[int, int]:
    """How many Cyrillic and how many Latin letters `text` holds. A page is counted by one array lookup of its
    code points; the regex engine would make a copy of it without those letters (`subn`) to count them."""
    if len(text) < 256:
        return _CYR_LETTER.subn("", text)[1], _LAT_LETTER.subn("", text)[1]
    points = code_points(text)
    cyrillic, latin = _letter_tables()  # `take` clips a code point past the letters to the last slot
    return int(cyrillic.take(points, mode="clip").sum()), int(latin.take(points, mode="clip").sum())


def detect_script(text: str) -> str:
    """`cyrillic` when most letters are Cyrillic, else `latin`."""
    if text.isascii():
        return "latin"
    cyr, lat = _letter_counts(text)
    return "cyrillic" if cyr and cyr > lat else "latin"
