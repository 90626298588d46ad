"""Faster scanning with long alternations of cue phrases, without changing what they match.

Python's regex engine tries a pattern at every position of the text. A pattern that opens with a word boundary and
a long alternation (`\\b(?:finansira|sufinansira|uz podršku|...)`) descends into its branches at every word start.
Knowing the characters any match can begin with, a look-ahead on that set right after the opening lets the engine
leave most positions after one comparison. The set is read from the parsed pattern, so the guarded pattern
matches exactly what the original does; where it cannot be read (a class such as `\\w` first), the pattern is
left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as sre_c  # type: ignore[attr-defined]  # private, present since 3.11
from re import _parser as sre_parse  # type: ignore[attr-defined]  # private, present since 3.11

from devatlas.text.keyscan import key_list

try:  # the engine's table of the letters case-insensitive matching pairs beyond their lower case
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - a Python whose engine keeps it elsewhere: no text is read as alike
    _EXTRA_CASES = None

# Capital letters as the inside of a character class: every Latin capital up to U+024F (Ž, Đ, Ö...), and with
# Cyrillic the capitals Ѐ-Я
LATIN_CAPITALS = "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper())
CAPITALS = LATIN_CAPITALS + "\u0400-\u042f"

_ZERO_WIDTH = {sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT}


def _first(items: list[tuple], out: set[int]) -> bool | None:
    """Add to `out` the code points a match of the sequence `items` can start with.

    Returns True when the whole sequence can match the empty string (the next item's first characters count
    too), False when it cannot, None when the set cannot be known.
    """
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_c.LITERAL:
            out.add(av)
            return False
        if op is sre_c.IN:
            for kind, value in av:
                if kind is sre_c.LITERAL:
                    out.add(value)
                elif kind is sre_c.RANGE:
                    if value[1] - value[0] > 300:
                        return None
                    out.update(range(value[0], value[1] + 1))
                else:
                    return None  # a negated set or a category
            return False
        if op is sre_c.BRANCH:
            empty = False
            for branch in av[1]:
                res = _first(list(branch), out)
                if res is None:
                    return None
                empty = empty or res
            if not empty:
                return False
            continue
        if op is sre_c.SUBPATTERN:
            res = _first(list(av[3]), out)
            if res is None:
                return None
            if not res:
                return False
            continue
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            res = _first(list(av[2]), out)
            if res is None:
                return None
            if av[0] > 0 and not res:
                return False
            continue
        return None
    return True


def ahead(pattern: str, flags: int = 0) -> str:
    """`(?=[...])` on the characters a match of `pattern` can begin with, to be written right before it ('' when
    they cannot be known).

    For a case-insensitive alternation of words (`kill|died|...`) the engine neither skips ahead to where a match
    can start nor leaves a branch after one comparison: it tries every branch at every position. The look-ahead,
    compiled with the same flags, matches where one of the branches' first letters matches, in either case, so it
    changes no match and lets the engine leave every other position after one test.
    """
    first: set[int] = set()
    if _first(list(sre_parse.parse(pattern, flags).data), first) is not False or not first:
        return ""
    return "(?=[" + "".join(re.escape(chr(cp)) for cp in sorted(first)) + "])"


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, with a look-ahead on the possible first characters after its zero-width
    opening (`\\b`, look-behinds) when they can be known. Case-insensitive patterns are compiled as they are."""
    compiled = re.compile(pattern, flags)
    if flags & re.IGNORECASE:
        return compiled
    parsed = sre_parse.parse(pattern, flags)
    items = list(parsed.data)
    lead = 0
    while lead < len(items) and items[lead][0] in _ZERO_WIDTH:
        lead += 1
    first: set[int] = set()
    if lead == 0 or _first(items, first) is not False or not first:
        return compiled
    guard = "(?=[" + "".join(re.escape(chr(cp)) for cp in sorted(first)) + "])"
    # the guard goes after the zero-width opening, which the source writes first: find where it ends
    for prefix in (r"\b", r"(?<!\w)", r"(?<![\w])"):
        if pattern.startswith(prefix) and lead == 1:
            return re.compile(prefix + guard + pattern[len(prefix):], flags)
    return compiled


def behind_first(c: str, behind: str) -> str:
    """`c` and then the look-behind `(?<!{behind})` as it applied before `c`: `c(?<!{behind}c)`.

    A pattern that opens with a look-behind gives the engine nothing to skip ahead with, so it is tried at every
    position; one that opens with a literal or a small set of characters is only tried where one of them stands.
    `behind` must match exactly one character.
    """
    return re.escape(c) + f"(?<!{behind}{re.escape(c)})"


def words_after(behind: str, words: list[str]) -> str:
    """`(?<!{behind})(?:w1|w2|...)` written as `(?:a(?<!{behind}a)(?:...)|b(?<!{behind}b)(?:...)|...)`.

    The same matches (words are grouped by their first character, keeping their order within a group, and
    branches with different first characters exclude each other), but the engine skips every position that
    holds none of the first characters.
    """
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    parts = []
    for c, ws in groups.items():
        rest = [re.escape(w[1:]) for w in ws]
        parts.append(behind_first(c, behind) + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")"))
    return "(?:" + "|".join(parts) + ")"


def cue_starts(text: str, cues: tuple[str, ...], pos: int = 0, endpos: int | None = None) -> list[int]:
    """Where any of `cues` starts in `text[pos:endpos]`, in order, found by `str.find` (a few microseconds per cue
    on a page, where the regex engine spends tens trying its pattern at every position)."""
    end = len(text) if endpos is None else endpos
    starts: set[int] = set()
    for cue in cues:
        i = text.find(cue, pos, end)
        while i >= 0:
            starts.add(i)
            i = text.find(cue, i + 1, end)
    return sorted(starts)


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0,
                endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)` for a pattern that never matches the empty string, given the sorted
    positions where a match may begin (a superset of those where one does): the pattern is tried only there, left
    to right, each search resuming after the last match, which is what `finditer` does."""
    end = len(text) if endpos is None else endpos
    last = pos
    for start in starts:
        if start < last:
            continue
        m = pattern.match(text, start, end)
        if m is not None:
            yield m
            last = m.end()


def cued_finditer(pattern: re.Pattern[str], cues: tuple[str, ...], text: str, pos: int = 0,
                  endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)` for a pattern each match of which begins with one of `cues`."""
    return finditer_at(pattern, text, cue_starts(text, cues, pos, endpos), pos, endpos)


def _prefix_walk(items: list[tuple], acc: str, k: int, out: set[str], budget: list[int]) -> bool:
    """Add to `out` the strings of up to `k` characters that a match of `items` can start with, `acc` already
    read; False when that cannot be known (a class too large to spell out, a back-reference, too many strings)."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    for i, (op, av) in enumerate(items):
        if len(acc) >= k:
            break
        if op in _ZERO_WIDTH:
            continue
        rest = items[i + 1:]
        if op is sre_c.LITERAL:
            acc += chr(av)
            continue
        if op is sre_c.IN:
            chars: list[str] = []
            for kind, value in av:
                if kind is sre_c.LITERAL:
                    chars.append(chr(value))
                elif kind is sre_c.RANGE and value[1] - value[0] < 8:
                    chars.extend(map(chr, range(value[0], value[1] + 1)))
                else:
                    break
            else:
                return all(_prefix_walk(rest, acc + c, k, out, budget) for c in chars)
            break  # a negated set or a category: what follows is not known
        if op is sre_c.BRANCH:
            return all(_prefix_walk(list(branch) + rest, acc, k, out, budget) for branch in av[1])
        if op is sre_c.SUBPATTERN:
            if av[1] & sre_c.SRE_FLAG_IGNORECASE:
                return False  # `(?i:...)`: its letters match in either case
            return _prefix_walk(list(av[3]) + rest, acc, k, out, budget)
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            low, high, body = av
            once = list(body) + (rest if high == 1 else [(sre_c.ANY, None)])  # after one round: not known
            if low == 0 and not _prefix_walk(rest, acc, k, out, budget):
                return False
            return _prefix_walk(once, acc, k, out, budget)
        break  # anything else (any character, a category, a group reference): not known
    if not acc:
        return False  # a match could begin with anything
    out.add(acc)
    return True


def literal_prefixes(pattern: str, k: int = 4, flags: int = 0) -> frozenset[str] | None:
    """Strings of at most `k` characters one of which every match of `pattern` begins with, read from the parsed
    pattern (None when they cannot be known): an automaton of these finds where the pattern can match in one pass,
    instead of the engine descending into its alternation at every position."""
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None  # literals match in either case
    out: set[str] = set()
    if not _prefix_walk(list(parsed.data), "", k, out, [20000]):
        return None
    return frozenset(out)


def _case_paired() -> dict[str, str]:
    """The characters that case-insensitive matching pairs with a plain lower-case letter (Latin up to U+024F or
    Cyrillic) other than their own lower case: `ı` with `i`, `ſ` with `s`, the old Cyrillic forms with `в`, `т`..."""
    plain = {chr(c) for c in range(0x61, 0x250) if chr(c).islower() and chr(c) not in "ıſ"}
    plain |= {chr(c) for c in range(0x430, 0x460)}
    return {chr(v): chr(v) for k, vs in (_EXTRA_CASES or {}).items() if chr(k) in plain for v in vs}


# found in the shared pass over the lower-case text
_CASE_PAIRED_KEYS = key_list("lower", _case_paired)


def lower_case_alike(low: str) -> bool:
    """Whether a pattern whose letters are all plain lower-case ones (see `_case_paired`), compiled without
    IGNORECASE and matched on `low`, a text's lower-case view letter for letter, finds what it finds compiled with
    IGNORECASE and matched on the text: the engine compares a letter in either case by looking its lower case up
    at every comparison, several times the cost of reading the lower-case view. They differ only where the text
    holds a character that case-insensitive matching pairs with another letter than its lower case. What a group
    holds is to be read in the text itself (`str.lower` of `İ` is two characters, the view keeps one)."""
    return _EXTRA_CASES is not None and not _CASE_PAIRED_KEYS.hits(low)
