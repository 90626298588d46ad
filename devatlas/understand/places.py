"""Places named in a document: local government units, settlements, cantons, counties and entities.

One automaton pass over the folded text finds every case form of every gazetteer name; cheap checks then
decide which of those mentions really name a place, and which place when a name is shared:
- the surface must be capitalised (`Topola` the town, `topola` the tree);
- names that are also common words, first names or rivers need evidence: a place noun or a locative
  preposition before them, or a form no common word has;
- a capitalised first name right before a match makes it a surname;
- shared names go to the country most of the document's other places are in, then to a local government
  unit, then to the larger place;
- a small settlement from a country the document is otherwise not about is dropped.

Villages too small for the gazetteer are taken from the text where it leaves no doubt: after a settlement
noun (`u naselju Lauš`), as the two ends of a road (`puta Sapna - Vitinica`), and in an enumeration that
a known place opens (`iz Benkovca, Smilčića, Lisičića i Kistanja`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from re import _parser as sre_parse  # type: ignore[attr-defined]  # private, present since 3.11

from devatlas.gazetteer import Gazetteer
from devatlas.gazetteer.lookup import GazetteerPlace, Match
from devatlas.model import REGION_KINDS, Place, Span
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import KeyList, key_list
from devatlas.text.names import is_first_name_form
from devatlas.text.regex import finditer_at
from devatlas.text.script import fold, to_latin
from devatlas.text.sentences import opens_sentence
from devatlas.understand.countries import is_country_name

# Folded names that are also ordinary words, first names or rivers: they count only with evidence.
_COMMON_WORDS = frozenset(
    w.strip()
    for w in """
luka|most|grad|lipa|mira|polje|brod|kula|topola|voda|rijeka|reka|selo|banja|gora|dolina|ada|bor|han|ravno|centar|
sopot|ub|rama|prozor|jezero|zeta|tuzi|plav|bar|drina|sava|una|bosna|vrbas|neretva|morava|ibar|
dunav|timok|lim|tara|sana|vrbanja|drim|vardar|kosovo|srbija|crna gora|hrvatska|makedonija|albanija|hercegovina|
europa|evropa|krajina|marija|ana|jelena|maja|mila|sofija|sofia|nada|vera|dragan|ivan|petar|marko|milan|stefan|sara|lana|tina|
kruna|sloboda|brda|brdo|glavica|kosa|strana|vrh|potok|kamen|dol|breza|lug|ravne|ravni|dobro|dobra|mali|mala|
velika|veliki|nova|novo|stara|staro|sveti|sveta|crkva|crkve|kraj|put|park|trg|sela|bijela|bela|crna|zelena|
centar|jug|sjever|sever|istok|zapad|rakovica|rakovice|palilula|pale|
most|mosta|mostu|dom|skola|ilinden|gradac|gradina|kolonija|lukavica|dubrava|sloga|mir|
bor|ada|kula|zupa|plan|plana|han|vis|polja|reka|banjica|vrela|vrelo|izvor|livade|
livada|njiva|njive|bare|bara|ostrvo|otok|lug|log|hrast|bukva|jela|smreka|ruza|ljubica|zora|danica|vesna|
has|bila|sela|kuce|vrsi|sali|bilje|istog|puke|okrug|trnje|bistra|gradsko|
""".replace("\n", "").split("|")
    if w.strip()
)

# Words before a name that show a place is meant.
_PLACE_CUES = frozenset(
    """u iz na kod do od ka prema blizu pored ispred opcina opcine opcini opcinu opstina opstine opstini opstinu
    grad grada gradu gradom gradovima naselje naselja naselju selo sela selu mjesna mesna zajednica zajednice
    mz municipality municipalities town city village of in from near at to around kanton kantona zupanija
    zupanije okrug okruga komuna bashkia qyteti ul ulica""".split()
)
_LIST_GAP = re.compile(r"\s*(?:,|-|–|/|\bi\b|\band\b|\bte\b|\bili\b|\bor\b|\bи\b)\s*$", re.IGNORECASE)


def _is_list_gap(gap: str) -> bool:
    """Whether `gap` only separates two items of a list. What `_LIST_GAP` allows is at most three characters
    between white space, so most gaps (a sentence or more between two names) are told by their length."""
    return len(gap.strip()) <= 3 and _LIST_GAP.fullmatch(gap) is not None


# A named settlement not in the gazetteer, shown by the noun before it: `u naselju Lauš`, `village of Rusinovo`
_SETTLEMENT_CUE = re.compile(
    r"\b(?=[nszmviсн])(?:naselj(?:[eua]|ima)|naseljenom mjestu|sel(?:[oua]|ima)|zaseo[ck]u?|mjesnoj zajednici|"
    r"mesnoj zajednici|mjesna zajednica|mesna zajednica|villages? of|villages?|settlements? of|inhabited area|"
    r"насељ(?:[еуа]|има)|сел(?:[оуа]|има))"
    # `u 38 naselja, među kojima su Duzluk, ...`, `villages such as Radljevo and ...`: the list after a few words
    r"(?:,?[ \t]+(?:među kojima su|medju kojima su|uključujući|ukljucujuci|poput|kao što su|such as|including|"
    r"међу којима су|укључујући|попут))?"
    r"[ \t]+[\"“„«'(]?"
    r"((?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)(?:[ -](?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+))?)"
)
# a sentence may open with the noun: `Naselja Cvilin i Previla ljeti ostaju bez vode`
_SETTLEMENT_CUE_OPENING = re.compile(r"(?:Naselj(?:[eua]|ima)|Sela|Villages|Насељ(?:[еуа]|има)|Села)(?=[ \t])")
_MORE_SETTLEMENTS = re.compile(
    # the same village in the other language after a slash (`Koretište/Koretishtë and Vrbovac/Vërboc`)
    r"(?:/[^\s,;/]+)?"
    r"(?:[ \t]*,[ \t]*|[ \t]+(?:i|и|and)[ \t]+)"
    r"((?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)(?:[ -](?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+))?)(?![\w-])"
)
# A road or section named by its two ends, both in the nominative: `lokalnog puta Sapna - Vitinica`
_ROAD = re.compile(
    r"\b(?=[pdrscPDRSCпдрс])(?:put|puta|putu|putem|dionic[aeiu]|deonic[aeiu]|relacij[aeiu]|cest[aeiu]|"
    r"road|section|пут|пута|путу|диониц[аеиу]|деониц[аеиу]|релациј[аеиу])\s+[\"“„«']?"
    r"([A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+(?: [A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)?)\s*[-–—]\s*"
    r"([A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+(?: [A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)?)"
)
# what every match of the two patterns above begins with: the pattern is tried only where one stands
_SETTLEMENT_CUES = ("naselj", "sel", "zaseo", "mjesn", "mesn", "village", "settlement", "inhabited", "насељ", "сел")
_ROAD_CUES = ("put", "dionic", "deonic", "relacij", "cest", "road", "section", "пут", "диониц", "деониц", "релациј")
# both lists in the shared lower-case pass; a hit counts where the text holds the cue as written (case and all)
_SETTLEMENT_CUE_KEYS = key_list("lower", lambda: {cue: cue for cue in _SETTLEMENT_CUES})
_ROAD_CUE_KEYS = key_list("lower", lambda: {cue: cue for cue in _ROAD_CUES})


# one or two capitalised words that open a list item or follow a comma, just before `(` (`, Sunger (Mrkopalj)`)
_ITEM_BEFORE_BRACKET = re.compile(
    r"(?:^|(?<=[,;\n])|(?<=\d\.))[ \t]*([A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+(?:[ -][A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)?)[ \t]*\($",
    re.MULTILINE)


def _villages_of_municipalities(text: str, kept: list[tuple[Match, GazetteerPlace]]) -> list[tuple[int, int, str]]:
    """`OPG Jakovac Ana, Lič (Fužine)`: an item of a list named with its municipality in brackets is a settlement of
    that municipality, known to the gazetteer or not."""
    out = []
    for m, p in kept:
        if not (p.is_lgu or p.kind in ("municipality", "city")):
            continue
        if m.start < 2 or text[m.start - 1] != "(" or text[m.end : m.end + 1] != ")":
            continue
        item = _ITEM_BEFORE_BRACKET.search(text, m.start - 60 if m.start > 60 else 0, m.start)
        if item is not None:
            out.append((item.start(1), item.end(1), "village-of-municipality"))
    return out


def _cue_starts(text: str, low: str, keys: KeyList) -> list[int]:
    """`cue_starts(text, cues)`: where one of the cues stands in `text` exactly as written, sorted."""
    return sorted({end - len(cue) + 1 for end, cue in keys.hits(low) if text.startswith(cue, end - len(cue) + 1)})
# Towns named after their river, and the words that show the river is meant
_RIVERS = frozenset("vrbas vrbanja krivaja sana una drina sava bosna neretva morava ibar lim tara".split())
_RIVER_CUES = frozenset("na uz niz duz preko rijeka rijeke rijeci rijeku reka reke reci reku river obala obali".split())
_ADJ_COMMON = frozenset(
    "mala mali malo velika veliki veliko nova novi novo stara stari staro donja donji donje gornja gornji gornje "
    "bijela bela crna crni sveti sveta".split()
)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Common first names of the region (folded), to tell `Marko Kula` the person from `Kula` the town."""
    path = resources.files("devatlas.understand") / "data" / "people_first_names.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    out = set()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].isdigit() and int(parts[2]) >= 6:
            out.add(fold(parts[0]))
    return frozenset(out)


_DATELINE_AFTER = re.compile(r"\s*(?:,\s*\d|[–—-]\s)")
_SETTLEMENT_NOUNS = frozenset("selo sela selu naselje naselja naselju zaseok zaseoku village".split())


def _is_dateline(text: str, m: Match) -> bool:
    """`BROD, 12. maja` or `Pale – ` opening a line: where the item was filed from (`Izvor:` is a label)."""
    return (m.start == 0 or text[m.start - 1] == "\n") and _DATELINE_AFTER.match(text, m.end) is not None


def _is_acronym(text: str, m: Match) -> bool:
    """`SIDA` in running text is an acronym, not the genitive of Šid; headlines in capitals are not."""
    if not m.surface.isupper() or len(m.surface) > 6 or _is_dateline(text, m):
        return False
    around = text[m.start - 30 if m.start > 30 else 0 : m.end + 30]
    return any(c.islower() for c in around)


def _before(text: str, m: Match) -> tuple[str, str, bool]:
    """The word before a match (raw), what lies between it and the match, and whether the match opens a sentence."""
    i = m.start
    lo = i - 60 if i > 60 else 0
    j = i
    while j > lo and not text[j - 1].isalnum():
        j -= 1
    gap = text[j:i]
    # most often the word is all letters back to a space: found by `rfind` and one test instead of a step a letter
    k = text.rfind(" ", lo, j) + 1 or lo
    if not text[k:j].isalpha():
        k = j
        while k > lo and text[k - 1].isalpha():
            k -= 1
    if k == j:
        return "", gap, True
    stripped = gap.strip(" \t\"'„“”«»(*-–")
    starts = (bool(stripped) and stripped[-1] in ".!?:;\n•") or "\n" in gap
    return text[k:j], gap, starts


_ADJECTIVE_FORM = re.compile(r"(?:sk|ck|čk|šk)(?:a|e|i|o|u|og|om|oj|ih|im)$")
_LOWER_NOUN_AFTER = re.compile(r"[ \t]+[a-zčćšžđа-яђјљњћџ]{3,}")


@dataclass(frozen=True, slots=True)
class _Readings:
    """The places one gazetteer form may name, and what the checks of `find_places` ask about them as a group."""

    places: tuple[GazetteerPlace, ...]
    river: bool  # one is a town named after its river
    common: bool  # one is named like a common word
    adjective: bool  # one is named by an adjective alone (`Nova`, `Mala`)
    lgu: bool  # one is a local government unit (or a unit above one)
    country: str | None  # the one country they all lie in; None when they lie in several


@lru_cache(maxsize=16384)
def _readings(gazetteer: Gazetteer, candidates: tuple[int, ...]) -> _Readings:
    """`_Readings` of a form's candidates, worked out once per form: a page names the same places again and again,
    and the checks read them for every mention."""
    places = tuple(gazetteer.places[i] for i in candidates)
    countries = {p.country for p in places}
    return _Readings(
        places,
        any(p.folded in _RIVERS for p in places),
        any(p.folded in _COMMON_WORDS for p in places),
        any(p.folded in _ADJ_COMMON for p in places),
        any(p.is_lgu for p in places),
        next(iter(countries)) if len(countries) == 1 else None,
    )


def _choose(cands: tuple[GazetteerPlace, ...], votes: Counter[str]) -> GazetteerPlace:
    """The most likely place for a shared name: the document's country, then a local unit, then size."""
    if len(cands) == 1:
        return cands[0]  # most names are one place's
    return max(cands, key=lambda p: (votes.get(p.country, 0), p.is_lgu, p.population, -len(p.name)))


def _next_is_capitalised(text: str, end: int) -> bool:
    nxt = text[end : end + 2]
    return len(nxt) == 2 and nxt[0] == " " and nxt[1].isupper()


_CAP = r"[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][a-zčćšžđа-яђјљњћџ]{2,}"
# group 1: the separator, group 2: the next item, one or two capitalised words (Brijesnice Velike)
_NEXT_ITEM = re.compile(
    r"[ \t]*(,|\bi\b|\band\b|\bte\b|\bili\b|\bor\b|\bи\b|\bте\b|\bили\b)[ \t]*"
    rf"({_CAP}(?: {_CAP})?)(?![\w-]| [A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ]| d\.)"
)
# the item before a known place, and the word before that item: `iz Dobrovca, Badljevine`
# possessive: nothing given back could let the next part match (a word never holds a space, a name's lower-case
# letters never a space or comma), and the search no longer retries every split of each word in the window
_PREV_ITEM = re.compile(rf"(\w*+)[ \t]++({_CAP}+)(?:[ \t]*,|[ \t]+i)[ \t]*$")
# Regions and other capitalised words that turn up in lists of places without being one
_NOT_LISTED = ("hercegovin", "krajin", "posavin", "slavonij", "dalmacij", "srem", "banat", "backa", "backe",
               "sumadij", "podrinj", "balkan", "europ", "evrop", "semberij", "zagorj", "istr", "lik")


# `Općina Vogošća i Općina Trnovo`: an item that opens with the word for a local government is a body, not a village
_BODY_WORDS = frozenset("opcina opcine opcini opstina opstine opstini grad grada gradu city town municipality "
                        "zupanija zupanije kanton kantona".split())


def _genitive_to_nominative(word: str) -> str | None:
    """A guess at the nominative of a genitive place name: Smilčića -> Smilčić, Dobrovca -> Dobrovac."""
    low = word.lower()
    if low.endswith("ca") and len(word) > 4 and low[-3] not in "aeiou":
        return word[:-2] + "ac"
    if low.endswith("ica") and len(word) > 5:
        return word[:-1] + "e"  # Brezojevica -> Brezojevice: no nominative ends in -ic
    if low.endswith(("ova", "eva")) and len(word) > 5:
        return word[:-1] + "o"  # Bobova -> Bobovo: names in -ovo, -evo are many, men's in -ov few
    if (low.endswith("a") and len(low) > 4 and low[-2] not in "aeiou" and low[-3] not in "aeiou"
            and low[-3:-1] not in ("st", "št", "nj", "lj", "dž", "zd", "žd", "šć", "sk", "šk")):
        return word[:-1] + "o"  # Kasinda -> Kasindo: no nominative ends in such a pair of consonants
    if low.endswith("e"):
        return word[:-1] + "a"
    if low.endswith("a") and low[-2] not in "aeiou" and not low.endswith(("ka", "ga")):
        return word[:-1]
    return None


def _locative_to_nominative(word: str) -> str | None:
    """A guess at the nominative of a locative place name (in Latin script), where the ending tells it: Utrinama ->
    Utrine, Đuraševićima -> Đuraševići, Obornjači -> Obornjača, Izvarici -> Izvarica, Molu -> Mol, Rabrovu -> Rabrovo,
    Donjoj -> Donja. Endings that several nominatives share (-inu, -cu, -om) give no guess."""
    low = word.lower()
    if len(low) < 4:
        return None
    if low.endswith("ima"):
        return word[:-2]
    if low.endswith("ama"):
        return word[:-3] + "e"
    if low.endswith("oj"):
        return word[:-2] + "a"
    if low.endswith(("ovu", "evu")):
        return word[:-1] + "o"
    if low.endswith("ici") or (low[-1] == "i" and low[-2] not in "aeioucszgkh"):
        return word[:-1] + "a"
    if low[-1] == "u" and low[-2] not in "aeioucj" and not low.endswith("inu"):
        return word[:-1]
    return None


_CAP_WORD = r"[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w-]*+"
# a locative preposition, then the items of the list before this one: `u Adi, Molu, ` before `Utrinama`
_LOCATIVE_LIST_BEFORE = re.compile(
    rf"(?<!\w)(?:u|na|o|po|pri|у|на|о|по|при)[ \t]+(?:{_CAP_WORD}(?:[ \t]+{_CAP_WORD})?[ \t]*"
    r"(?:,|\bi\b|\bili\b|\bи\b|\bили\b)[ \t]*)*$"
)


def _list_neighbours(
    text: str, kept: list[tuple[Match, GazetteerPlace]], known: set[int], first: frozenset[str], gazetteer: Gazetteer
) -> list[tuple[int, int, str]]:
    """Villages the gazetteer does not know, named in an enumeration right after a known place.

    `iz Benkovca, Smilčića, Lisičića i Kistanja`: the items share the case of the known place, so their
    nominative follows from it (only nominative and genitive lists are read; other cases are too ambiguous).
    """
    out: list[tuple[int, int, str]] = []
    spans = [(m.start, m.end) for m, _ in kept]  # `Hum na Sutli`: no word inside a known name is an item
    for m, p in kept:
        if p.kind not in ("settlement", "municipality", "city"):
            continue
        nominative = gazetteer.is_nominative(m.form)
        genitive = not nominative and m.form.endswith(("a", "e")) and not p.folded.endswith(m.form[-1])
        # `u Adi, Molu, Utrinama ili Sterijinu`: after a locative preposition the list is in the locative
        locative = (not nominative and not genitive and m.form[-1:] in ("u", "i")
                    and _NEXT_ITEM.match(text, m.end) is not None
                    and _LOCATIVE_LIST_BEFORE.search(text, m.start - 100 if m.start > 100 else 0, m.start) is not None)
        if not (nominative or genitive or locative):
            continue
        case = "nominative" if nominative else "genitive" if genitive else "locative"
        pos = m.end
        items: list[tuple[int, int, str]] = []
        closed = False
        while True:
            nm = _NEXT_ITEM.match(text, pos)
            if nm is None:
                break
            if nm.start(2) in known:
                closed = True  # the enumeration goes on with a known place
                break
            name = _item_name(nm.group(2), case, first)
            if name is None:
                break
            if name:
                items.append((nm.start(2), nm.end(2), name))
            pos = nm.end(2)
            if nm.group(1) != ",":
                # `..., Y i Z.`: the conjunction before the last item and nothing after it closes the list
                closed = text[pos : pos + 1] in ("", ".", ",", ";", ":", ")", "\n")
                break
        if closed:
            out.extend(items)
        pre = text[m.start - 3 if m.start > 3 else 0 : m.start]
        pm = None
        if "," in pre or pre.endswith("i "):
            pm = _PREV_ITEM.search(text, m.start - 60 if m.start > 60 else 0, m.start)
        if pm and fold(pm.group(1)) in _PLACE_CUES and not any(a <= pm.start(2) < b for a, b in spans):
            # `iz Dobrovca, Badljevine i Poljane`: a place preposition opens the list before the known place
            name = _item_name(pm.group(2), case, first)
            if name:
                out.append((pm.start(2), pm.end(2), name))
    return out


# village names in the plural of a family or clan name (Pavlovići, Đuraševići, Otinovci), in the locative after `u` or
# `na`: no other kind of word is written so, so the form alone says it is a place, known to the gazetteer or not
_PLURAL_ENDINGS = ("ićima", "ovcima", "evcima", "incima", "ићима", "овцима", "евцима", "инцима")
_PLURAL_ENDING_KEYS = key_list("lower", lambda: {e: len(e) for e in _PLURAL_ENDINGS})
# the preposition and the word that ends where a plural ending was found
_PLURAL_VILLAGE = re.compile(r"(?<!\w)(?:[uU]|[nN]a|[уУ]|[нН]а)[ \t]+([A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ]\w+)$")
_NEXT_PLURAL_VILLAGE = re.compile(
    r"[ \t]*(?:,|\bi\b|\bte\b|\bи\b)[ \t]*([A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ]\w+(?:" + "|".join(_PLURAL_ENDINGS) + r"))(?!\w)")


# the people of a place, and the place in the genitive after them: `mještani Bobova i Crkvenca`, `стanovnici Kasinda`
_INHABITANTS = re.compile(
    r"(?<![\w-])(?:[mM]j?eštan(?:i|a|ima)|[sS]tanovni(?:ci|ka|cima)|[žŽ]itelj(?:i|a|ima)|[мМ]ј?ештан(?:и|а|има)"
    r"|[сС]тановни(?:ци|ка|цима)|[жЖ]итељ(?:и|а|има)|(?:residents|villagers|inhabitants) of)[ \t]+"
    r"((?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)(?:[ -](?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+))?)(?![\w-])"
)


_INHABITANT_STEMS = ("mještan", "meštan", "stanovni", "žitelj", "мјештан", "мештан", "становни", "житељ",
                     "residents of", "villagers of", "inhabitants of")
_INHABITANT_KEYS = key_list("lower", lambda: {stem: len(stem) for stem in _INHABITANT_STEMS})


def _inhabited_places(text: str, low: str, first: frozenset[str]) -> list[tuple[int, int, str]]:
    """`mještani Dinoše, Milješa i Sukuruća`: the places whose people the text names, in the genitive (English
    `residents of` in the nominative)."""
    out = []
    starts = sorted({end - n + 1 for end, n in _INHABITANT_KEYS.hits(low)})
    for m in finditer_at(_INHABITANTS, text, starts):
        case = "nominative" if m.group().endswith(" of " + m.group(1)) else "genitive"
        pos = m.end(1)
        item: re.Match[str] | None = m
        while item is not None:
            name = _item_name(item.group(1), case, first)
            if not name:
                break
            out.append((item.start(1), item.end(1), name))
            pos = item.end(1)
            item = _MORE_SETTLEMENTS.match(text, pos)
    return out


def _plural_villages(text: str, low: str) -> list[tuple[int, int, str]]:
    """`u Pavlovićima i Kričićima`: villages named by a plural family name, in the locative (nominative -ići).
    The endings are found in the shared pass over the lower-case text; only the words they close are read."""
    out: list[tuple[int, int, str]] = []
    done = -1
    for end, _ in _PLURAL_ENDING_KEYS.hits(low):
        word_end = end + 1
        if word_end <= done or (word_end < len(text) and text[word_end].isalnum()):
            continue
        m = _PLURAL_VILLAGE.search(text, word_end - 40 if word_end > 40 else 0, word_end)
        if m is None:
            continue
        out.append((m.start(1), m.end(1), to_latin(m.group(1)[:-2])))
        pos = m.end(1)
        while (nm := _NEXT_PLURAL_VILLAGE.match(text, pos)) is not None:
            out.append((nm.start(1), nm.end(1), to_latin(nm.group(1)[:-2])))
            pos = nm.end(1)
        done = pos
    return out


# `Sigetcu Ludbreškom`, `Malom Stonu`: a known place with an adjective that makes a longer name the gazetteer lacks
_ADJ_AFTER = re.compile(
    r"[ \t]+([A-ZČĆŠŽĐ][a-zčćšžđ]+(?:sk|šk|čk|ck|ćk)(?:oga|ome|og|om|oj|ima|ih|im|i|a|o|e|u))(?!\w)")
# `(?<!\w)` before a capital, written after it: the search skips to the capitals
_ADJ_BEFORE = re.compile(r"([A-ZČĆŠŽĐ](?<!\w[A-ZČĆŠŽĐ])[a-zčćšžđ]++)[ \t]++$")
_LEADING_ADJECTIVES = ("mal", "velik", "nov", "star", "donj", "gornj", "srednj", "bijel", "bel", "crn", "svet")
# an adjective whose stem ends so takes -e, not -o, in the neuter (Srednje Selo, Gornje Polje)
_SOFT_STEMS = ("nj", "lj", "j", "č", "ć", "š", "ž")
_ADJ_CASE_ENDINGS = {  # the endings an adjective takes in each gender of its noun, nominative first
    "f": ("a", "oj", "om", "e", "u"),
    "n": ("o", "e", "oga", "ome", "og", "om", "im"),
    "m": ("i", "oga", "ome", "og", "om", "im", "e", "ima", "ih"),
}


def _agreeing_adjective(word: str, noun: str) -> str | None:
    """The nominative of an adjective in a case form that agrees with a noun of `noun`'s gender (Ludbreškom with
    Sigetec -> Ludbreški, Malom with Ston -> Mali), or None when its ending does not fit that gender."""
    last = noun.lower()[-1:]
    gender = "f" if last == "a" else "n" if last in ("o", "e") else "m"
    for ending in sorted(_ADJ_CASE_ENDINGS[gender], key=len, reverse=True):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            nominative = _ADJ_CASE_ENDINGS[gender][0]
            if gender == "n" and stem.lower().endswith(_SOFT_STEMS):
                nominative = "e"  # Srednje Selo, Gornje Polje
            return stem + nominative
    return None


def _composite_names(text: str, kept: list[tuple[Match, GazetteerPlace]]) -> list[tuple[str, int, int, int, str]]:
    """Known places that are part of a longer name: (the place's id, where its own mention starts, the longer
    name's start and end, its nominative), where an adjective agrees with the place's noun."""
    out = []
    for m, p in kept:
        if p.kind not in ("settlement", "municipality") or " " in p.name:
            continue
        # both patterns need a space or a tab next to the mention: most mentions have none after them
        am = _ADJ_AFTER.match(text, m.end) if text[m.end : m.end + 1] in (" ", "\t") else None
        if am is not None:
            adjective = _agreeing_adjective(to_latin(am.group(1)), p.name)
            name = None if adjective is None else p.name + " " + adjective
            start, end = m.start, am.end(1)
        else:
            bm = _ADJ_BEFORE.search(text, m.start - 20 if m.start > 20 else 0, m.start)
            if bm is None or not fold(bm.group(1)).startswith(_LEADING_ADJECTIVES):
                continue
            adjective = _agreeing_adjective(to_latin(bm.group(1)), p.name)
            name = None if adjective is None else adjective + " " + p.name
            start, end = bm.start(1), m.end
        if name is not None:
            out.append((p.place_id, m.start, start, end, name))
    return out


# neuter nouns that close many village names (Novo Selo, Gornje Polje), by their oblique forms
_NEUTER_PLACE_NOUNS = {form: noun for noun in ("Selo", "Polje", "Brdo", "Jezero", "Blato", "Vrelo")
                       for form in (noun[:-1] + "a", noun[:-1] + "u", noun[:-1] + ("em" if noun[-1] == "e" else "om"))}


def _neuter_name(words: list[str]) -> str | None:
    """`Vojnog Sela`, `Novom Selu`, `Gornjeg Polja` -> Vojno Selo, Novo Selo, Gornje Polje."""
    noun = _NEUTER_PLACE_NOUNS.get(words[1])
    adjective = words[0]
    low = adjective.lower()
    ending = next((e for e in ("oga", "ome", "ega", "emu", "og", "om", "eg", "em") if low.endswith(e)), None)
    if noun is None or ending is None:
        return None
    stem = adjective[: -len(ending)]
    return stem + ("e" if stem.lower().endswith(_SOFT_STEMS) else "o") + " " + noun


def _item_name(item: str, case: str, first: frozenset[str]) -> str | None:
    """The nominative Latin name of an unknown list item, or None when it does not look like a place ("" for a
    place whose nominative cannot be told)."""
    words = to_latin(item).split()
    if len(words) == 2 and case != "nominative" and (neuter := _neuter_name(words)) is not None:
        return neuter
    names = []
    for word in words:
        fw = fold(word)
        if fw in first or (fw in _COMMON_WORDS and len(words) == 1) or fw.startswith(_NOT_LISTED) or fw in _BODY_WORDS:
            return None
        if is_country_name(fw):
            return None
        name = (word if case == "nominative" else _genitive_to_nominative(word) if case == "genitive"
                else _locative_to_nominative(word))
        if name is None:
            # a locative whose nominative cannot be told (`Sterijinu`: Sterijin or Sterijino) is still an item
            return "" if case == "locative" else None
        names.append(name)
    return " ".join(names)


_DIACRITICS = re.compile(r"[čćšžđČĆŠŽĐ]|[Dd]j")


# what `_DIACRITICS` matches, the likeliest first: its matches never overlap, so their counts add up
_DIACRITIC_MARKS = ("č", "š", "ž", "ć", "đ", "dj", "Č", "Š", "Ž", "Ć", "Đ", "Dj")


def _writes_diacritics(latin: str) -> bool:
    """Whether a text spells its words with č, ć, š, ž and đ (most do; some are typed without them): five
    matches of `_DIACRITICS` are enough. Counted with `str.count`, which runs through a page many times faster
    than the regex engine tries its alternation at every position of a text that has few or none."""
    seen = 0
    for mark in _DIACRITIC_MARKS:
        seen += latin.count(mark)
        if seen >= 5:
            return True
    return False


def _lost_diacritics(m: Match, gazetteer: Gazetteer) -> bool:
    """`Sida` for the agency where the gazetteer knows Šid, `Moravcu` for a village Moravac where it knows Moravče:
    in a text that writes its diacritics, a mention without any cannot be a place whose every name has one (a
    case ending does not drop them)."""
    surface = m.surface if m.surface.isascii() else to_latin(m.surface)
    if ("dj" in surface or "Dj" in surface) if surface.isascii() else _DIACRITICS.search(surface) is not None:
        return False  # in plain ASCII only `dj` can match
    return _every_name_marked(gazetteer, m.candidates)


@lru_cache(maxsize=8192)
def _every_name_marked(gazetteer: Gazetteer, candidates: tuple[int, ...]) -> bool:
    """Whether every name and alias (in Latin script) of each of the places carries a diacritic or `dj`.

    Cached per form's candidates, as `_readings` is: keyed by the places themselves, each lookup hashed every field
    of each place (a dataclass's hash is not kept), which cost more than the answer it looked up."""
    return all(_DIACRITICS.search(to_latin(n)) for i in candidates
               for n in (gazetteer.places[i].name, *gazetteer.places[i].aliases))


# a table column of settlements: `Rb. | Podnosilac | Naselje | Iznos`
_PLACE_HEADER = re.compile(r"(?:naselj[ea]|mjesto|mesto|sel[oa]|lokacija|location|village|settlement|населе?ј?[ea]"
                           r"|мјесто|место|сел[оа]|локација|sj?edi[sš]te|prebivali[sš]te|сј?едиште|пребивалиште"
                           r"|op[cćš]tina|општина|municipality|seat)", re.IGNORECASE)
# how long a header cell can be, stripped (the shortest and the longest word of the pattern): most cells of a
# table's rows are longer or shorter, and are not tried
_PLACE_HEADER_WIDTH = sre_parse.parse(_PLACE_HEADER.pattern, _PLACE_HEADER.flags).getwidth()


def _is_place_header(cell: str) -> bool:
    cell = cell.strip()
    return _PLACE_HEADER_WIDTH[0] <= len(cell) <= _PLACE_HEADER_WIDTH[1] and _PLACE_HEADER.fullmatch(cell) is not None


# a cell names one place, or a settlement and the municipality it belongs to (`Tupanari, Šekovići`)
_PLACE_NAME = r"(?:[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+)(?:[ -][A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ][\w]+){0,2}"
_PLACE_CELL = re.compile(rf"[ \t]*({_PLACE_NAME})(?:,[ \t]*({_PLACE_NAME}))?[ \t]*")


def _table_column_places(text: str) -> list[tuple[int, int, str]]:
    """The names in a table column headed `Naselje`, `Mjesto`, `Location`...: each row names a settlement.

    Tables are lines of cells separated by `|`; a row with as many cells as the header belongs to it.
    """
    if "|" not in text:
        return []
    out: list[tuple[int, int, str]] = []
    header: tuple[int, int] | None = None  # cell count, column
    pos = 0
    for line in text.split("\n"):
        if "|" not in line:  # most lines of a page are no table row: nothing to split
            header = None
            pos += len(line) + 1
            continue
        cells = line.split("|")
        if header is None or len(cells) != header[0]:
            header = next(((len(cells), col) for col, cell in enumerate(cells) if _is_place_header(cell)), None)
        else:
            col = header[1]
            start = pos + sum(len(c) + 1 for c in cells[:col])
            cm = _PLACE_CELL.fullmatch(cells[col])
            if cm is not None:
                out.extend((start + cm.start(g), start + cm.end(g), "table-column") for g in (1, 2) if cm.group(g))
        pos += len(line) + 1
    return out


def find_places(text: str | AnalysedText, gazetteer: Gazetteer, language: str) -> list[Place]:
    """Every place named in `text`, nominative Latin names, deduplicated with all their spans."""
    doc = analyse(text)
    text = doc.text
    matches = [m for m in gazetteer.match(doc, capitalised=True) if not _is_acronym(text, m)]
    if language in ("bs", "hr", "sr") and _writes_diacritics(doc.latin):
        matches = [m for m in matches if not _lost_diacritics(m, gazetteer)]
    first = _first_names()
    accepted: list[tuple[Match, _Readings, bool, bool]] = []
    for k, m in enumerate(matches):
        readings = _readings(gazetteer, m.candidates)
        prev_raw, gap, sent_start = _before(text, m)
        prev = fold(prev_raw)
        single = " " not in m.form
        if prev in first and prev_raw[:1].isupper() and gap == " " and not sent_start:
            continue  # a surname after a first name
        if gap.endswith("(") and text[m.end : m.end + 1] == ")" and not gazetteer.is_nominative(m.form):
            continue  # `(Sida)`: an abbreviation in brackets, not a declined place name
        if m.form in first and _next_is_capitalised(text, m.end):
            continue  # `Marina Perica`: a first name before a surname
        if prev in _SETTLEMENT_NOUNS and not gazetteer.is_nominative(m.form):
            continue  # `u selu Bošnjace`: after a settlement noun the name is nominative, so this is another place
        if prev in _RIVER_CUES and readings.river:
            continue  # `na Vrbasu`, `rijeke Vrbanje`: the river, not the town
        cued = (prev in _PLACE_CUES and not sent_start) or _is_dateline(text, m)
        listed = (k > 0 and _is_list_gap(text[matches[k - 1].end : m.start])) or (
            k + 1 < len(matches) and _is_list_gap(text[m.end : matches[k + 1].start])
        )
        common = m.form in _COMMON_WORDS or readings.common
        if common and gap == " " and prev_raw[:1].isupper() and not sent_start and not cued:
            continue  # `Brijesnice Velike`, `Lukavice Rijeke`: the second word of a name the gazetteer lacks
        if readings.adjective and _next_is_capitalised(text, m.end):
            continue  # the first word of a longer name the gazetteer does not know
        if (single and language != "en" and _ADJECTIVE_FORM.search(m.form)
                and _LOWER_NOUN_AFTER.match(text, m.end)):
            continue  # `Gradska uprava`, `Gradsko vijeće`: an adjective before a common noun, not Gradsko
        if common and not (cued or listed):
            continue
        lgu = readings.lgu
        if sent_start and single and not lgu and not cued:
            continue  # a capitalised first word is weak evidence for a small settlement
        if sent_start and single and not cued and f" {m.surface.lower()} " in text:
            continue  # the same word in lower case elsewhere in the text: a common word that opens a sentence
        weak = (sent_start or not gazetteer.is_nominative(m.form)) and not (cued or listed)
        accepted.append((m, readings, lgu or cued or listed, weak))
    votes: Counter[str] = Counter()
    for _, readings, strong, _ in accepted:
        if readings.country is not None:
            votes[readings.country] += 2 if strong else 1
    chosen: dict[str, tuple[GazetteerPlace | None, str, list[Span]]] = {}
    kept: list[tuple[Match, GazetteerPlace]] = []
    top_cc, top = votes.most_common(1)[0] if votes else ("", 0)
    for m, readings, strong, weak in accepted:
        p = _choose(readings.places, votes)
        if not p.is_lgu and not strong and votes.get(p.country, 0) < max(2, top // 3):
            continue  # a lone small settlement abroad is more likely a word or a person than a place
        if weak and p.kind != "foreign city" and p.country != top_cc and top >= 4 and votes.get(p.country, 0) <= 2:
            continue  # one declined or sentence-initial word that would be the only place of its country
        span = Span(m.start, m.end, m.surface, "gazetteer")
        name = p.name
        if language == "en" and p.kind in REGION_KINDS and m.form != p.folded and gazetteer.is_nominative(m.form):
            name = to_latin(m.surface)  # English text names a canton or entity in English: Federation of BiH
        chosen.setdefault(p.place_id, (p, name, []))[2].append(span)
        kept.append((m, p))
    known = {m.start for m, _, _, _ in accepted}
    for place_id, inner, start, end, name in _composite_names(text, kept):
        # the known place inside is not a mention of its own; the longer name is a place the gazetteer lacks
        entry = chosen[place_id]
        entry[2][:] = [sp for sp in entry[2] if sp.start != inner]
        key = "text:" + fold(name).replace(" ", "-")
        chosen.setdefault(key, (None, name, []))[2].append(Span(start, end, text[start:end], "place-adjective"))
    chosen = {k: v for k, v in chosen.items() if v[2]}
    # a name the gazetteer knows but whose reading was dropped (a village of the same name abroad) is still the
    # village a noun, a list or the word for its inhabitants announces
    kept_starts = {m.start for m, _ in kept}
    unknown = (_list_neighbours(text, kept, known, first, gazetteer) + _plural_villages(text, doc.lower)
               + _inhabited_places(text, doc.lower, first))
    for start, end, name in unknown:
        if start in kept_starts:
            continue
        key = "text:" + fold(name).replace(" ", "-")
        chosen.setdefault(key, (None, name, []))[2].append(Span(start, end, text[start:end], "place-list"))
    main_country = votes.most_common(1)[0][0] if votes else ""
    found: list[tuple[int, int, str]] = []
    cue_starts = _cue_starts(text, doc.lower, _SETTLEMENT_CUE_KEYS)
    opening = [m.start() for m in _SETTLEMENT_CUE_OPENING.finditer(text) if opens_sentence(text, m.start())]
    cue_text = text
    for at in opening:
        # the pattern reads the noun in lower case: a copy of the text with the opening capital lowered
        cue_text = cue_text[:at] + cue_text[at].lower() + cue_text[at + 1 :]
    if opening:
        cue_starts = sorted({*cue_starts, *opening})
    for cm in finditer_at(_SETTLEMENT_CUE, cue_text, cue_starts):
        found.append((cm.start(1), cm.end(1), "settlement-noun"))
        pos = cm.end(1)
        # `naselja Žitkovac, Moravac i Vakup`: the noun names every item of the list after it
        while (lm := _MORE_SETTLEMENTS.match(text, pos)) is not None:
            if fold(lm.group(1).split()[0]) in _BODY_WORDS:
                break  # `u naselju Vesela, Općina Bugojno`: the list has ended
            found.append((lm.start(1), lm.end(1), "settlement-noun"))
            pos = lm.end(1)
    found.extend(_villages_of_municipalities(text, kept))
    for rm in finditer_at(_ROAD, text, _cue_starts(text, doc.lower, _ROAD_CUE_KEYS)):
        found.extend((rm.start(g), rm.end(g), "road-ends") for g in (1, 2))
    found.extend(_table_column_places(text))
    first_names = _first_names()
    longer: list[tuple[int, int]] = []
    for start, end, rule in found:
        words = text[start:end].split()
        if start in kept_starts or fold(words[0]) in first_names or (len(words) == 2 and is_first_name_form(words[0])):
            continue  # `o selu Goranu Nikoliću`: a person after the noun
        if any(is_country_name(fold(w)) for w in words):
            continue  # `Ministarstvo za brigu o selu Republike Srbije`
        name = to_latin(text[start:end])
        if is_country_name(fold(name)) or fold(name).startswith(_NOT_LISTED):
            continue
        key = "text:" + fold(name).replace(" ", "-")
        chosen.setdefault(key, (None, name, []))[2].append(Span(start, end, text[start:end], rule))
        longer.append((start, end))
    if longer:
        # `Gornja Kamenica` read whole: the known Kamenica inside it is not a mention of its own
        for entry in chosen.values():
            if entry[0] is not None:
                entry[2][:] = [sp for sp in entry[2] if not any(a <= sp.start and sp.end <= b and (a, b) != (
                    sp.start, sp.end) for a, b in longer)]
        chosen = {k: v for k, v in chosen.items() if v[2]}
    named = {fold(name) for p, name, _ in chosen.values() if p is not None}
    out = []
    for key, (gazetteer_entry, name, spans) in chosen.items():
        if gazetteer_entry is None and fold(name) in named:
            continue  # an unknown-village guess that turns out to be a known place's name
        if gazetteer_entry is None:
            out.append(Place(name=name, place_id=key, country=main_country, kind="settlement", spans=tuple(spans)))
        else:
            out.append(Place(name=name, place_id=gazetteer_entry.place_id, country=gazetteer_entry.country,
                             kind=gazetteer_entry.kind, parents=gazetteer_entry.parents, lat=gazetteer_entry.lat,
                             lon=gazetteer_entry.lon, spans=tuple(spans)))
    out.sort(key=lambda pl: pl.spans[0].start)
    return out
