"""Language and script of a document.

Off-the-shelf detectors confuse the three standards of one language (Bosnian, Croatian, Serbian), so the decision
is made in two steps: script first, then a small weighted vote over forms that differ between the standards
(ekavian vs ijekavian reflexes, općina/opština, tisuća/hiljada, Europa/Evropa, Croatian month names...). No single
word decides: Serbian from Republika Srpska or Montenegro is ijekavian, Bosnian shares `općina` with Croatian and
`hiljada` with Serbian.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import filterfalse, repeat

from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.script import detect_script, fold

_WORD = re.compile(r"[^\W\d_]+")

# Function words: which language family a text is in. Short, frequent, rarely shared.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in for with is was on by that this from are be as at an which will has have".split()
    ),
    "bcs": frozenset(
        "i u je za na se da od su sa iz o kao koji koja koje što sto će ce bi bio bila ali ili te još".split()
    ),
    "sq": frozenset("dhe të te në ne për per një nje nga është eshte janë jane me si edhe ka kjo".split()),
    "mk": frozenset("во со ќе кои ги го беше низ преку нивните".split()),
    "sr_cyrillic": frozenset("је у су ће који која које из са због још био била били".split()),
    "sl": frozenset("in je za na se so ki tudi pri da bo bila bil ter kot".split()),
}

# Weighted forms (folded, matched as word prefixes) that vote for one standard.
_VOTES: dict[str, tuple[tuple[str, float], ...]] = {
    "sr": (
        ("opstin", 3.0), ("opstinsk", 1.0), ("takodje", 2.0), ("evra", 1.0), ("dinar", 1.5), ("uopste", 1.0),
        ("sprovod", 1.0), ("sprovede", 1.0), ("bezbednost", 1.0), ("nedelj", 0.5), ("hleb", 1.0),
        ("istovremeno", 0.3), ("nauk", 0.5), ("porodic", 0.3), ("vaspit", 0.5), ("lokalne samouprave", 1.0),
    ),
    "hr": (
        ("europsk", 2.0), ("tisuc", 3.0), ("tijekom", 2.0), ("suradnj", 2.0),
        ("zupanij", 2.0), ("sveucilist", 2.0), ("tjedan", 1.5), ("tjedn", 1.5), ("obitelj", 1.5), ("kuna", 1.5),
        ("sijecnj", 3.0), ("sijecanj", 3.0), ("veljac", 3.0), ("ozujk", 3.0), ("ozujak", 3.0), ("travnj", 3.0),
        ("travanj", 3.0), ("svibnj", 3.0), ("svibanj", 3.0), ("lipnj", 3.0), ("lipanj", 3.0), ("srpnj", 3.0),
        ("srpanj", 3.0), ("kolovoz", 3.0), ("rujn", 3.0), ("rujan", 3.0), ("listopad", 3.0), ("studenog", 3.0),
        ("studeni", 2.0), ("prosinc", 3.0), ("prosinac", 3.0), ("sustav", 1.5), ("izvjesc", 1.0), ("izvjesce", 1.0),
        ("glede", 1.0), ("nazocn", 2.0), ("cimbenik", 2.0), ("primjerice", 1.5), ("uporab", 1.5), ("tko", 1.0),
        ("vlastit", 0.5), ("znanost", 1.5), ("ucinkovit", 1.5), ("dužnosnik", 1.5), ("duznosnik", 1.5),
        ("hrvatsk", 1.0), ("ravnatelj", 2.0), ("djelatnik", 1.0), ("opcinsk", 0.3), ("financ", 2.0),
        ("sufinanc", 1.0), ("proracun", 2.0), ("razin", 1.0), ("uvjet", 1.5), ("nositelj", 1.5), ("izmedju", 0.3),
    ),
    "bs": (
        ("hiljad", 1.0), ("historij", 2.0), ("lahko", 2.0), ("sedmic", 1.0), ("kanton", 1.0), ("evropsk", 0.5),
        ("saradnj", 0.5), ("projekat", 0.5), ("bosansk", 0.5), ("bih", 0.3), ("mahal", 1.0), ("hljeb", 1.0),
        ("opcinski nacelnik", 2.0), ("opcinsk", 0.5),
    ),
}
# Forms shared by two standards: they split their weight.
_SHARED: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("opcin", ("bs", "hr"), 2.0),
    ("takodjer", ("bs", "hr"), 2.0),
    ("hiljad", ("bs", "sr"), 1.0),
    ("saradnj", ("bs", "sr"), 1.0),
    ("evrop", ("bs", "sr"), 1.0),
    ("projekat", ("bs", "sr"), 2.0),
    ("finans", ("bs", "sr"), 2.0),
    ("budzet", ("bs", "sr"), 1.0),
    ("nosilac", ("bs", "sr"), 1.5),
    ("uslov", ("bs", "sr"), 1.5),
    ("realizov", ("bs", "sr"), 1.0),
    ("nivo", ("bs", "sr"), 1.0),
    ("januar", ("bs", "sr"), 1.5), ("februar", ("bs", "sr"), 1.5), ("mart", ("bs", "sr"), 0.5),
    ("april", ("bs", "sr"), 1.0), ("maj", ("bs", "sr"), 0.5), ("jun", ("bs", "sr"), 1.0), ("jul", ("bs", "sr"), 1.0),
    ("avgust", ("bs", "sr"), 1.5), ("august", ("bs", "sr"), 0.5), ("septemb", ("bs", "sr"), 1.5),
    ("oktob", ("bs", "sr"), 1.5), ("novemb", ("bs", "sr"), 1.5), ("decemb", ("bs", "sr"), 1.5),
)

# ekavian vs ijekavian reflexes of jat in frequent words (folded prefixes)
_EKAVIAN = (
    "vreme", "vremen", "mesto", "mesta", "mestu", "mesec", "uspe", "uspes", "rec ", "posle", "gde", "ovde", "dete",
    "deca", "sediste", "sednic", "celokup", "primen", "primer", "resen", "obezbed", "obezbe", "razume", "predsedni",
    "svet ", "sveta", "savet", "odeljenj", "zameni", "cena", "cene", "vest", "posetio", "poseti", "poseta", "mera",
    "mere", "deo ", "delo", "sever", "celo", "telo", "tela", "uvek", "lepo", "reke", "reka", "verovat", "vredn",
    "zdravlj", "napred", "ocekuje", "ocekivan", "sprovede", "uvede", "rezultat",
)
_IJEKAVIAN = (
    "vrijeme", "vremena", "mjesto", "mjesta", "mjestu", "mjesec", "uspje", "rijec", "poslije", "gdje", "ovdje",
    "dijete", "djeca", "sjediste", "sjednic", "cjelokup", "primjen", "primjer", "rjesen", "obezbijed", "obezbje",
    "razumje", "predsjedni", "svijet", "savjet", "odjeljenj", "zamjeni", "cijen", "vijest", "posjet", "mjer",
    "dio ", "djelo", "sjever", "cijel", "tijel", "uvijek", "lijep", "rijek", "vjerovat", "vrijedn", "naprijed",
    "ocekuje", "vijec", "vijeće", "sprovede", "uvede", "nije",
)
_NEUTRAL = frozenset({"vremena", "ocekuje", "sprovede", "uvede", "nije", "rezultat", "zdravlj", "napred", "vijeće"})


def _prefix_index() -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """Every voting form under its first three letters: (form, what it votes for, whether it must end a word).

    Counting each form with its own regex costs a pass over the text per form; looking up the forms that can
    start at each word start is one pass for all of them, and counts exactly what `\\bform` would.
    """
    index: dict[str, list[tuple[str, str, bool]]] = {}

    def add(form: str, key: str) -> None:
        whole = form.endswith(" ")
        form = form.rstrip()
        index.setdefault(form[:3], []).append((form, key, whole))

    for standard, votes in _VOTES.items():
        for form, _ in votes:
            add(form, "vote:" + standard + ":" + form)
    for form, _, _ in _SHARED:
        add(form, "shared:" + form)
    for prefix in _EKAVIAN:
        if prefix not in _NEUTRAL:
            add(prefix, "ekavian:" + prefix)
    for prefix in _IJEKAVIAN:
        if prefix not in _NEUTRAL:
            add(prefix, "ijekavian:" + prefix)
    return {k: tuple(v) for k, v in index.items()}


_PREFIXES = _prefix_index()


def _is_word_char(c: str) -> bool:
    """What `\\w` matches (a letter, a digit or `_`), tested without a call into the regex engine: a form counts
    only where no word character stands before it (and, for a whole word, after it)."""
    return c.isalnum() or c == "_"


def _form_table() -> dict[str, tuple[int, tuple[tuple[str, bool], ...]]]:
    """Every voting form -> its length and (what it votes for, whether it must end a word) for each of its votes."""
    table: dict[str, list[tuple[str, bool]]] = {}
    for entries in _PREFIXES.values():
        for form, key, whole in entries:
            table.setdefault(form, []).append((key, whole))
    return {form: (len(form), tuple(votes)) for form, votes in table.items()}


# the voting forms, found in the shared pass over the folded text
_FORM_KEYS = key_list("folded", _form_table)


def _form_counts(folded: str) -> Counter[str]:
    """How often each voting form opens a word of the folded text (a form ending in a space: a whole word)."""
    counts: Counter[str] = Counter()
    n = len(folded)
    for end, (k, votes) in _FORM_KEYS.hits(folded):
        p = end - k + 1
        if p and _is_word_char(folded[p - 1]):
            continue  # inside a word
        q = end + 1
        for key, whole in votes:
            if whole and q < n and _is_word_char(folded[q]):
                continue
            counts[key] += 1
    return counts


# punctuation that sticks to a word (`je,`, `(UNDP)`, `„Zelena`): none of it is a letter, a digit or `_`
_STUCK = ".,;:!?\"'()[]„“”«»‘’…"


def _words(low: str) -> list[str]:
    """`_WORD.findall(low)`, faster: most chunks between spaces are one word of letters, perhaps with punctuation
    stuck to its ends, and need no regex (a word never spans white space, and the punctuation is no part of one)."""
    out: list[str] = []
    for chunk in low.split():
        if chunk.isalpha():
            out.append(chunk)
        else:
            out.extend(_chunk_words(chunk))
    return out


# digits and signs that stand alone between spaces: none is a letter, so a chunk made of them only holds no word
_NO_LETTERS = "0123456789.,:;/%|–—-›‹>•©€$+*#=()[]\"'„“”«»"


@lru_cache(maxsize=8192)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    """The words of a chunk between spaces that is not all letters; the answers for the chunks every page has
    (`|`, `–`, `2024.`, `d.o.o.`) are kept."""
    word = chunk.strip(_STUCK)
    if word.isalpha():
        return (word,)
    if word.strip(_NO_LETTERS):  # figures and punctuation alone (`2021.`, `1,5`, `|`, `–`) hold no word
        return tuple(_WORD.findall(chunk))
    return ()


# what a chunk between spaces may hold at its ends that is no letter: stripped, the chunk has the same words
_NOT_LETTERS = "".join(dict.fromkeys(_STUCK + _NO_LETTERS))

# every family's function words; each is letters only (a test says so), so a chunk of text that is not all letters
# is none of them
_ANY_FUNCTION_WORD = frozenset().union(*_FUNCTION_WORDS.values())


def _function_words(low: str) -> list[str]:
    """The words of `_words(low)` that are a function word of some family, in no particular order: all the family
    vote counts. The chunks between spaces that are a function word as they stand are picked out by `filter`, a
    loop in C; only the chunks that are not all letters are taken apart (`_chunk_words`)."""
    chunks = low.split()
    found = list(filter(_ANY_FUNCTION_WORD.__contains__, chunks))
    # a chunk that is not all letters, stripped in C of the punctuation and figures at its ends (none of them a
    # letter, so its words stay as they are), is most often one word or nothing (`je,` `2021.` `|`): those are
    # looked up as they stand, and only the few left with something inside them are taken apart
    stripped = list(filter(None, map(str.strip, filterfalse(str.isalpha, chunks), repeat(_NOT_LETTERS))))
    found += filter(_ANY_FUNCTION_WORD.__contains__, stripped)
    for word in filterfalse(str.isalpha, stripped):
        found += filter(_ANY_FUNCTION_WORD.__contains__, _chunk_words(word))
    return found


def _family(low: str) -> str:
    """The family whose function words occur most often in `low`; on a tie, the one whose words come first."""
    seen = Counter(_function_words(low))
    # `get` with a default through `map`: the sum of the counts in C, 0 for a word the text lacks
    counts = {family: sum(map(seen.get, vocab, repeat(0))) for family, vocab in _FUNCTION_WORDS.items()}
    best = max(counts.values())
    if best < 2:
        return "other"
    tied = [family for family, n in counts.items() if n == best]
    if len(tied) > 1:
        # the order in which the words first occur: a tie is rare, so the text is split into words only then
        first = {w: i for i, w in enumerate(dict.fromkeys(_words(low)))}
        return min(tied, key=lambda f: min(first[w] for w in _FUNCTION_WORDS[f] if w in first))
    return tied[0]


def bcs_standard(text: str) -> str:
    """bs, hr or sr for a Latin-script BCS text, by a weighted vote over distinguishing forms."""
    return _standard_of_folded(fold(text))


def _score_terms() -> dict[str, tuple[int, tuple[tuple[str, float, int], ...]]]:
    """Every vote's key -> its place in the order the scores are summed, and (standard, weight, how many standards
    share it) for each standard it votes for."""
    terms: dict[str, tuple[int, tuple[tuple[str, float, int], ...]]] = {}
    for standard, votes in _VOTES.items():
        for form, weight in votes:
            terms["vote:" + standard + ":" + form] = (len(terms), ((standard, weight, 1),))
    for form, standards, weight in _SHARED:
        terms["shared:" + form] = (len(terms), tuple((standard, weight, len(standards)) for standard in standards))
    return terms


_SCORE_TERMS = _score_terms()


def _standard_of_folded(folded: str) -> str:
    counts = _form_counts(folded)
    scores = {"bs": 0.0, "hr": 0.0, "sr": 0.0}
    # only the forms the text holds add to a score (the others add 0.0), in the order of the tables
    present = sorted((_SCORE_TERMS[k], n) for k, n in counts.items() if k in _SCORE_TERMS)
    for (_, shares), n in present:
        for standard, weight, sharing in shares:
            scores[standard] += weight * min(n, 3) / sharing
    ekavian = sum(n for k, n in counts.items() if k.startswith("ekavian:"))
    ijekavian = sum(n for k, n in counts.items() if k.startswith("ijekavian:"))
    # Ekavian is Serbian from Serbia; ijekavian is everybody else (Serbian in BiH and Montenegro too).
    scores["sr"] += 1.5 * min(ekavian, 6)
    scores["bs"] += 0.5 * min(ijekavian, 6)
    scores["hr"] += 0.5 * min(ijekavian, 6)
    return max(("sr", "bs", "hr"), key=lambda s: (scores[s], s == "sr"))


def detect_language(text: str | AnalysedText) -> tuple[str, str]:
    """(language, script): en, bs, hr, sr, mk, sq, sl or other; latin or cyrillic."""
    doc = analyse(text)
    text = doc.text
    # a text without a character of the Cyrillic block is its own Latin view: no Cyrillic letter to count
    script = "latin" if doc.latin is text else detect_script(text)
    family = _family(doc.lower[:6000])
    if script == "cyrillic":
        macedonian = sum(text.count(ch) for ch in "ѓќѕЃЌЅ") - sum(text.count(ch) for ch in "ђћЂЋ")
        if family == "mk" or macedonian > 2:
            return "mk", script
        return "sr", script
    if family == "bcs":
        return _standard_of_folded(doc.folded[: doc.folded_index(20000)]), script
    if family in ("en", "sq", "sl"):
        return family, script
    return "other", script
