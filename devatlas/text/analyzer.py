"""Search tokens: the same word in any case form, script, standard or spelling becomes one token.

`Laktaši`, `u Laktašima` and `Лакташи` -> `laktas`; `zapošljavanje`/`zapošljavanja` -> `zaposljavanj`;
`opština`/`općina`/`општина` -> `opstin`. Tokens are the Serbian Snowball stem (which also reads Cyrillic and
folds ijekavian to ekavian) of the word, then folded; a few lexical pairs of the standards are mapped together.
Place names whose stems differ between cases (`Srbac`/`Srpcu`) are covered by indexing each recognised place's
canonical name beside the text.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import snowballstemmer

from devatlas.text.script import fold, fold_char_uncached

_WORD_REST = r"[^\W_]*(?:[-'][^\W_]+)*"  # what follows a word's first letter or digit
_WORD = re.compile(r"[^\W_]" + _WORD_REST)
# The same words, found faster: \w is one test a character where [^\W_] is a set with a category in it (15% less
# time over a page). A match that holds an underscore, which is rare, is split by `_WORD` itself.
_WORD_OR_UNDERSCORE = re.compile(r"\w+(?:[-']\w+)*")
_JOINERS = "-'"  # the characters that join two runs of letters and digits into one word in `_WORD`

# Stems of words that differ between the standards but mean the same (after stemming and folding).
_VARIANTS = {
    "opcin": "opstin",
    "opcinsk": "opstinsk",
    "suradnj": "saradnj",
    "surad": "sarad",
    "tisuc": "hiljad",
    "tisu": "hiljad",
    "europsk": "evropsk",
    "europ": "evrop",
    "financij": "finansij",
    "financir": "finansir",
    "sveucilist": "univerzitet",
    "svicarsk": "svajcarsk",
    "ucinkovit": "efikasn",
    "poduzetnistv": "preduzetnistv",
    "poduzetnik": "preduzetnik",
    "poduzec": "preduzec",
    "gospodarsk": "ekonomsk",
    "vodoopskrb": "vodosnabdevanj",
    "opcinsk nacelnik": "opstinsk nacelnik",
}

# A Snowball stemmer keeps the word it works on inside the stemmer object: two threads sharing one corrupt each
# other's word. Each thread (web request threads, search) gets its own.
_THREAD = threading.local()


def _stemmer() -> Any:
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("serbian")
    return stemmer

# Words a query can drop: prepositions, conjunctions and auxiliaries of BCS and English (folded).
STOPWORDS = frozenset(
    "i u na za od do sa s iz o po pri kod uz te a ali ili da je su se ce bi biti sto koji koja koje "
    "the of and in on for to a an at by with from is are was were be".split()
)


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """One word as a search token."""
    stem = fold(_stemmer().stemWord(word.lower()))
    return _VARIANTS.get(stem, stem)


def words(text: str) -> list[str]:
    """The words of a text, in order, as `_WORD` finds them."""
    found = _WORD_OR_UNDERSCORE.findall(text)
    if "_" not in text:
        return found
    return [word for chunk in found for word in (_WORD.findall(chunk) if "_" in chunk else (chunk,))]


def tokens(text: str) -> list[str]:
    """The search tokens of a text, in order."""
    return list(map(normalise_word, words(text)))


def prefix_of(token: str) -> str | None:
    """The prefix a query token also matches, or None to match it exactly. The stemmer strips case endings but
    not every derivation or short name form (`poljoprivreda`/`poljoprivrednih`, `Zoran`/`Zorana` stem to
    `zora`/`zoran`), so a query token of five letters or more matches any token that starts with all but its
    last letter; shorter ones stay exact, where a prefix would match too many unrelated words."""
    return token[:-1] if len(token) >= 5 else None


def spans_of_tokens(text: str, wanted: set[str] | frozenset[str], prefixes: tuple[str, ...] = ()
                    ) -> list[tuple[int, int]]:
    """(start, end) of each word of the text whose token is wanted or starts with one of the prefixes. The text's
    distinct words that can have such a token (see `_candidate_words`) are read in one pass of the regex engine
    and each is made a token once; only the few that match are then looked for, by plain string search, where
    they stand as whole words."""
    candidates = _candidate_words(frozenset(wanted), prefixes)
    found = []
    for word in set(candidates.findall(text) if candidates is not None else words(text)):
        token = normalise_word(word)
        if token in wanted or token.startswith(prefixes):
            found.extend(_whole_word_spans(text, word))
    found.sort()
    return found


# A word's token begins with the folded form of the word's first character: the stemmer rewrites endings only,
# and its ijekavian rule needs a consonant before it (checked for every letter and digit in the tests). So only
# the words whose first character folds to a wanted first letter can match, and the regex engine finds those
# by that character alone, in a fraction of the time it takes to cut the whole text into words.
_BEYOND_TABLE = 0x30000  # characters from here on (rare scripts) are always candidates


@lru_cache(maxsize=1)
def _first_letter_classes() -> dict[str, str]:
    """The letters and digits below _BEYOND_TABLE, as the body of a regex class, by the first letter of their
    folded form ("" for those that fold to nothing); only the letters that more characters than themselves fold
    to are kept (most of Unicode folds to itself alone: see `_first_letter_class`). Built once, in about a third
    of a second, without filling the fold caches."""
    others: dict[str, list[str]] = {}  # the characters that fold to another first letter than themselves
    for point in range(_BEYOND_TABLE):
        char = chr(point)
        if char.isalnum() and (letter := fold_char_uncached(char)[:1]) != char:
            others.setdefault(letter, []).append(char)
    return {letter: "".join(map(re.escape, ([letter] if _folds_to_itself(letter) else []) + chars))
            for letter, chars in others.items()}


def _folds_to_itself(letter: str) -> bool:
    return letter.isalnum() and fold_char_uncached(letter)[:1] == letter


def _first_letter_class(letter: str) -> str:
    """The characters whose folded form begins with `letter`, as the body of a regex class."""
    kept = _first_letter_classes().get(letter)
    if kept is not None:
        return kept
    return re.escape(letter) if _folds_to_itself(letter) else ""


def prepare() -> None:
    """Build the table the snippets' word search reads (about a third of a second), so that a server does it at
    start instead of in its first search."""
    _first_letter_classes()


@lru_cache(maxsize=256)
def _candidate_words(wanted: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern that finds the words of `_WORD` whose first character can begin a wanted token or prefix (with
    the sources of `_VARIANTS` that become one), or None when every word can (an empty token or prefix)."""
    letters = {token[:1] for token in (*wanted, *prefixes)}
    if "" in letters:
        return None
    letters |= {source[:1] for source, target in _VARIANTS.items() if target[:1] in letters}
    first = "".join(_first_letter_class(letter) for letter in sorted(letters | {""}))
    # the first character, where `_WORD` would start a word: not after a letter or digit, nor after one joined on
    return re.compile(rf"[{first}\U{_BEYOND_TABLE:08x}-\U0010ffff](?<![^\W_][^\W_])(?<![^\W_][-'][^\W_])"
                      + _WORD_REST)


def _whole_word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands in the text as a whole word of `_WORD`: not inside a longer run of letters and digits,
    nor a part of a word joined by a hyphen or apostrophe (`_WORD` takes `a-b` whole)."""
    spans, size, length = [], len(word), len(text)
    at = text.find(word)
    while at >= 0:
        end = at + size
        joined_before = at > 0 and (text[at - 1].isalnum() or (
            text[at - 1] in _JOINERS and at > 1 and text[at - 2].isalnum()))
        joined_after = end < length and (text[end].isalnum() or (
            text[end] in _JOINERS and end + 1 < length and text[end + 1].isalnum()))
        if not joined_before and not joined_after:
            spans.append((at, end))
        at = text.find(word, at + 1)
    return spans


def query_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of a query's words without its function words (all kept if nothing else is left)."""
    words = list(_WORD.finditer(text))
    kept = [m for m in words if fold(m.group()) not in STOPWORDS] or words
    return [(m.start(), m.end(), normalise_word(m.group())) for m in kept]


def query_tokens(text: str) -> list[str]:
    """Search tokens of a query without its function words (all of them kept if nothing else is left)."""
    return [token for _, _, token in query_words(text)]
