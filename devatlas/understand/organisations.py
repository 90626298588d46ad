"""Organisations named in a text: the register of funders and international bodies, and open-set rules.

Two strategies, each where it fits. The donors and international bodies of the region are a closed set: every
case form of every alias (both scripts, all standards) goes into one automaton, matched over the folded text.
Everything else (ministries, agencies, municipalities, schools, NGOs, companies) is an open set, found by rules
around the head nouns that start such names, then put back in the nominative (`devatlas.text.nominative`).
Precision matters as much as recall: a lower-case generic mention (`ministarstvo`, `the municipality`) is not a
named body, so a head noun only makes a name together with a capital letter and a complement.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from devatlas.gazetteer import load_gazetteer
from devatlas.model import REGION_KINDS, Organisation, Place, Span
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import KeyList, key_list
from devatlas.text.names import first_name_gender, is_first_name_form
from devatlas.text.nominative import case_forms, head_forms, head_of, nominative
from devatlas.text.regex import LATIN_CAPITALS as _UP
from devatlas.text.regex import finditer_at, words_after
from devatlas.text.script import code_point_mask, code_points, fold, numpy_module, to_latin
from devatlas.text.sentences import line_bounds


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One body of the curated register."""

    reg_id: str
    iati_type: str
    country: str
    kind: str
    aliases: tuple[str, ...]


def _is_acronym(alias: str) -> bool:
    """Acronyms must match in capitals (`EU`, `SlovakAid` is a name, `KfW` an acronym)."""
    letters = [c for c in alias if c.isalpha()]
    if " " in alias or len(letters) < 2:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper == len(letters) or (upper >= 2 and upper * 2 >= len(letters) and len(letters) <= 5)


@lru_cache(maxsize=1)
def load_register() -> tuple[RegisterEntry, ...]:
    """The curated register shipped with the package."""
    raw = resources.files("devatlas.understand").joinpath("data/org_register.tsv").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        reg_id, iati, country, kind, aliases = line.split("\t")
        out.append(RegisterEntry(reg_id, iati, country, kind, tuple(a.strip() for a in aliases.split("|"))))
    return tuple(out)


def _register_forms() -> dict[str, tuple[str, int, str, bool]]:
    """Folded case form -> (form, entry index, alias, acronym?)."""
    table: dict[str, tuple[int, str, bool]] = {}
    for i, e in enumerate(load_register()):
        for alias in e.aliases:
            acro = _is_acronym(alias)
            forms = {fold(alias)} if acro else case_forms(alias)
            for f in forms:
                table.setdefault(f, (i, alias, acro))
    return {form: (form, *val) for form, val in table.items()}


# every case form of the register's names, found in the shared pass over the folded text
_REGISTER_KEYS = key_list("folded", _register_forms)


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    name: str
    rule: str
    reg: int = -1
    kind: str = ""
    acronym: bool = False




def _lower_ok(surface: str, alias: str) -> bool:
    """A register name in lower case still counts when a later word is capitalised (`vladi Japana`) or when it
    opens with a nationality adjective, which is written in lower case (`slovačke razvojne pomoći`)."""
    if " " not in surface:
        return False
    if any(w[:1].isupper() for w in surface.split()[1:]):
        return True
    return fold(alias.split()[0]).endswith(("ska", "cka", "sko", "ski"))


def _register_matches(doc: AnalysedText) -> list[_Cand]:
    text, folded, offs = doc.text, doc.folded, doc.fold_offsets
    n = len(folded)
    entries = load_register()
    out: list[_Cand] = []
    for end, (form, idx, alias, acro) in _REGISTER_KEYS.hits(folded):
        start = end - len(form) + 1
        if (start > 0 and folded[start - 1].isalnum()) or (end + 1 < n and folded[end + 1].isalnum()):
            continue
        s, e = offs[start], offs[end] + 1
        name = _register_name(text[s:e], alias, acro)
        if name is not None:
            out.append(_Cand(s, e, name, "register", idx, entries[idx].kind, acro))
    return out


@lru_cache(maxsize=8192)
def _register_name(written: str, alias: str, acro: bool) -> str | None:
    """The name a mention of a register entry's alias gives (the alias, or the mention in the nominative), or None
    when the mention as written is not the body's name. Kept per mention and alias: a page names the same bodies
    again and again."""
    surface = to_latin(written)
    if acro:
        if surface.replace(" ", "") != alias.replace(" ", "") and surface.upper() != surface:
            return None
        if surface.upper() != surface and alias.upper() == alias:
            return None
    elif not surface[:1].isupper() and not _lower_ok(surface, alias):
        return None
    if not acro and " " not in alias and to_latin(surface).lower() != alias.lower():
        return None  # one-word names are not declined here, and `Šida` is not `Sida`
    if acro or surface.lower() == alias.lower() or fold(surface) == fold(alias):
        return alias
    name = nominative(surface)
    return alias if fold(name) == fold(alias) else name


_TOKEN = re.compile(r"\w+(?:[.\-]\w+)*|[„“”\"«»]|[^\w\s]")
_QUOTE_OPEN = "„“\"«”"
_QUOTE_CLOSE = {"„": "“”\"", "“": "”“\"", "\"": "\"”“", "«": "»", "”": "”\""}
_CONNECT = {"za", "i", "u", "na"}
_STOP = {
    "je", "su", "će", "ce", "bi", "da", "koji", "koja", "koje", "kojeg", "kojem", "kojoj", "kojim", "sa", "s", "iz",
    "od", "do", "o", "po", "kroz", "prema", "te", "a", "ali", "ili", "kao", "što", "sto", "se", "sam", "smo", "ste",
    "kod",
    "bio", "bila", "bilo", "bili", "ima", "imaju", "nije", "nisu", "već", "vec", "još", "jos", "sve", "svi", "ovaj",
    "ova", "ovo", "ove", "ovog", "ovih", "tog", "toga", "tom", "taj", "ta", "to", "njihov", "njegov", "njen", "uz",
    "pri", "nakon", "prije", "pre", "tokom", "tijekom", "između", "izmedju", "danas", "juče", "jučer", "jer",
    "godine", "godina", "godini", "godinu", "ukupno", "iznosu", "vrijednosti", "vrednosti", "mjesta", "mesta",
    "projekat", "projekt", "projekta", "projektu", "projekte", "projekata", "program", "programa", "sredstva",
    "sredstava", "sredstvima", "ugovor", "ugovora", "ugovore", "sporazum", "sporazuma", "memorandum", "načelnik",
    "gradonačelnik", "direktor", "direktorica", "direktorka", "ministar", "ministrica", "ministarka", "predsjednik",
    "predsednik", "premijer", "šef", "sef", "ambasador", "ambasadorka", "veleposlanik", "zamjenik", "zamenik",
    "potpisali", "potpisan", "potpisala", "potpisao", "nastavak", "saopćenje", "saopštenje", "vijesti",
    # prepositions that end like adjectives (`Vlada Švajcarske preko Švajcarske agencije`)
    "preko", "blizu", "iznad", "ispod", "pored", "protiv", "umjesto", "umesto", "ispred", "poslije", "posle", "oko",
    "putem", "radi", "zbog", "osim", "unutar", "izvan", "prilikom", "povodom",
}
_VERB_END = ("ira", "iraju", "irala", "irao", "uje", "uju", "ava", "avaju", "aju", "ao", "ala", "alo", "ali", "ili",
             "ila", "ilo", "eli", "ela", "elo", "ti", "ći", "će", "ću", "mo", "te", "io", "jeli", "jela")
_MUNI_HEADS = {"općina", "opština", "opčina", "grad"}
_LOWER_OK_HEADS = {"ministarstvo", "općina", "opština", "grad"}
# heads whose names take lower-case genitive or `za` complements
_COMPLEMENT_HEADS = {
    "jedinica",
    "ministarstvo", "agencija", "zavod", "fond", "fondacija", "fundacija", "zaklada", "udruženje", "udruga", "savez",
    "centar", "institut", "kancelarija", "ured", "biro", "služba", "direkcija", "uprava", "komora", "sekretarijat",
    "dom", "vlada", "komitet", "savjet", "savet", "vijeće", "veće", "forum", "škola", "ustanova",
    "knjižnica", "biblioteka", "zajednica", "organizacija", "delegacija", "ambasada", "unija", "banka", "mreža",
    "odjeljenje", "odeljenje", "skupština", "komisija", "fakultet", "univerzitet", "sveučilište", "društvo",
    "klaster", "inkubator", "partnerstvo", "asocijacija", "preduzeće", "poduzeće", "pozorište", "kazalište",
    "predstavništvo", "veleposlanstvo", "kanton", "odjel", "obrt", "radnja", "zadruga",
}
# two words glued where a scraped page lost the break between them: a lower-case letter ends one, a capital opens
# the next, both words long (`EvropeAkademiju`; `CenTriR`, `EU4Business` and `LiNK` are names of their own)
_GLUED = re.compile(r"(?<=[a-zčćšžđ]{3})[a-zčćšžđ](?=[A-ZČĆŠŽĐ][a-zčćšžđ]{3})")
# a trade or a cooperative is a body with a name of its own after its description
_TRADE_HEADS = {"obrt", "radnja", "zadruga"}
# the units inside a body, named as bodies of their own only with an adjective (`Upravni odjel za ...`)
_UNIT_HEADS = {"odjel", "odsjek", "sektor"}
# heads that name events as often as bodies: a name needs more than the capital that opens a sentence
_EVENT_HEADS = {"konferencija", "festival"}
# heads that are common words too: they need a capital letter or a quoted/named complement to count
_WEAK_HEADS = {"program", "dom", "park", "tim", "sektor", "festival", "pokret", "mreža", "inicijativa", "kuća",
               "konferencija", "platforma", "pomoć", "vlast", "tijelo", "telo", "sud", "odbor", "kanton", "županija",
               "zajednica", "komisija", "unija", "misija", "partnerstvo", "društvo", "odjel", "odsjek", "krst", "križ",
               "policija", "pošta", "federacija", "konzorcij", "konzorcijum", "kompanija", "korporacija",
               "berza", "burza", "organizacija", "akademija", "klinika", "bolnica", "muzej", "fakultet",
               "izaslanstvo", "povjerenstvo", "poverenstvo", "predsjedništvo", "predsedništvo", "odjeljenje",
               "odeljenje", "skupština", "koalicija", "grupa"}
# head words that name programmes, places or generic things more often than bodies
_NOT_ORG_HEADS = {"program", "kanton", "županija", "federacija", "pomoć", "vlast", "park", "festival", "tim", "sektor",
                  "inicijativa", "platforma", "partnerstvo", "pokret", "tijelo", "telo", "kuća", "misija"}
# bodies often named after a person or a place right after their head (`Osnovna škola Dragutina Domjanića`)
_NAMED_AFTER_HEADS = {"univerzitet", "sveučilište", "škola", "fakultet", "dom", "centar", "bolnica", "knjižnica",
                      "vrtić", "biblioteka", "ustanova", "institut", "gimnazija", "klinika", "muzej", "pozorište",
                      "kazalište"}
# bodies named by their seat: Univerzitet u Banjoj Luci, Osnovna škola u Priluci
_SEATED_HEADS = {"univerzitet", "sveučilište", "škola", "fakultet", "dom", "centar", "bolnica", "knjižnica", "vrtić",
                 "biblioteka", "ustanova", "zavod", "institut", "gimnazija", "klinika", "muzej", "pozorište",
                 "kazalište", "ambasada", "delegacija", "kancelarija", "ured", "predstavništvo", "veleposlanstvo"}
_GENERIC_COMPLEMENT = {"zdravlja", "kulture", "mladih", "omladine", "zdravlje"}

_EN_HEADS = {
    "ministry", "government", "municipality", "city", "embassy", "delegation", "agency", "association",
    "foundation", "institute", "centre", "center", "office", "fund", "council", "chamber", "school", "university",
    "bank", "service", "secretariat", "directorate", "administration", "committee", "union", "network",
    "organization", "organisation", "institution", "home", "library", "authority", "commission", "cooperative",
    "assembly", "mission", "company", "corporation", "department", "inspectorate", "hospital", "bureau",
}
# plural heads: they end a name before `and` (Ministry of Finance and Kratovo and Berovo Municipalities)
_EN_PLURAL_HEADS = {"municipalities", "ministries", "agencies", "associations", "organisations", "organizations",
                    "governments", "cities", "embassies", "schools", "foundations", "institutes", "centres"}
_EN_ROLES = {"head", "acting", "director", "ambassador", "minister", "mayor", "president", "chief", "manager",
             "coordinator", "secretary", "representative", "deputy", "chairman", "chairwoman", "chair", "governor",
             "executive", "general", "team", "leader", "officer", "advisor", "adviser", "spokesperson", "member"}
_EN_CONNECT = {"of", "for", "and", "the", "in", "to", "on", "&"}
_EN_LEAD_DROP = {"the", "in", "a", "an", "by", "with", "from", "for", "to", "and", "of", "on", "at", "as", "this",
                 "that", "under", "through", "between", "both", "his", "her", "its", "their", "our", "while",
                 "when", "after", "before", "during", "also", "new", "local", "all", "each", "every", "many",
                 # a site's menu: `News Centre`, `About the Centre`
                 "news", "about"}
_EN_GENERIC = {"government", "municipality", "city", "ministry", "embassy", "delegation", "agency", "office",
               "council", "school", "bank", "union", "fund", "university", "mission", "department", "committee",
               "assembly", "association", "foundation", "institute", "centre", "center", "service"}

# the look-behinds stand after each first letter, so that scanning skips to the letters a match can start with
_COMPANY_SUFFIX = re.compile(r"(d(?<!\wd)\.\s?o\.\s?o\.?|a(?<!\wa)\.\s?d\.|d(?<!\wd)\.\s?d\.|D(?<!\wD)OO"
                             r"|D(?<!\wD)\.O\.O\.)(?!\w)")
# every legal form begins `d.`, `a.` or `doo` in any case: where the shared lower-case pass finds one
_COMPANY_SUFFIX_KEYS = key_list("lower", lambda: {"d.": 2, "a.": 2, "doo": 3})
# up to three capitalised words before the legal form, or a capitalised adjective and its noun (`Triljski vodovod
# d.o.o.`)
_COMPANY_NAME = re.compile(
    r"((?:[A-ZČĆŠĐŽ][\w&\-]*[ \t]+){1,3}|[A-ZČĆŠĐŽ]\w*(?:ski|ški|čki|ni|ji)[ \t]+[a-zčćšđž]{3,}[ \t]+)$")
# terms for a kind of body, not names of one: `jedinica lokalne samouprave` is any municipality
_GENERIC_TERMS = {"jedinica lokalne samouprave", "jedinica lokalne uprave", "jedinica lokalne i podrucne samouprave",
                  "jedinica podrucne samouprave"}
_COMPANY_HEADS = {"tvrtka", "kompanija", "preduzeće", "poduzeće", "društvo", "korporacija", "firma"}
_QUOTED_BEFORE = re.compile(r"[„“\"«]([^„“”\"«»\n]{2,50})[“”\"»],?[ \t]*$")
# an acronym (`UNDP`, declined `UNDP-a`), or two joined by a hyphen (`HAMAG-BICRO`)
_ACRONYM = re.compile(r"([A-ZČĆŠĐŽ](?<![\w\-][A-ZČĆŠĐŽ])[A-ZČĆŠĐŽ0-9]{1,6}(?:-[A-ZČĆŠĐŽ][A-ZČĆŠĐŽ0-9]{1,6})?)"
                      r"(?:-(?:[a-zčćšđž]{1,4}))?(?![\w])")
_ACRO_STOP = {
    # currency codes, time zones and technical abbreviations
    "SEK", "NOK", "DKK", "JPY", "TRY", "HUF", "CZK", "PLN", "BGN", "RON", "CAD", "AUD", "GBP", "CET", "CEST", "GMT",
    "UTC", "CNC", "LCD", "WIFI", "QR", "IOT",
    "BIH", "BH", "RS", "FBIH", "EUR", "KM", "BAM", "RSD", "USD", "CHF", "MKD", "HRK", "ALL", "LER", "LED", "NVO",
    "OCD", "JLS", "COVID", "PDV", "PR", "IT", "ICT", "MSP", "SME", "NGO", "CSO", "SAD", "USA", "UK", "TV", "FTV",
    "RTRS", "BHT", "OBN", "N1", "ID", "CV", "PDF", "HTML", "URL", "WWW", "GDP", "BDP", "DOO", "AD", "DD", "JP", "JU",
    "JKP", "PU", "OŠ", "OS", "SŠ", "DZ", "MZ", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "CO2", "EE",
    "KS", "TK", "ZDK", "USK", "SBK", "HNK", "ZHK", "BPK", "PK", "HBŽ", "BD", "AP", "RH", "CG", "MK", "SRB", "HR",
    "BA", "ME", "AL", "XK", "EN", "BS", "SR", "FOTO", "VIDEO", "FAQ", "ISO", "PVC", "IPA", "IPARD", "SDG",
    "SDGS", "COP", "NATO", "OK", "CEO", "PhD", "MSc", "EIA", "RZ", "HE", "MW", "KW", "KWH", "MWH", "GWH",
    "PRES", "INFO", "NEWS", "PHP", "SQL", "API", "GPS", "SMS", "USB", "HTTP", "HTTPS", "RSS",
    "DOC", "DOCX", "XLS", "XLSX", "PPT", "PPTX", "ODT", "ZIP", "RAR", "JPG", "JPEG", "PNG", "KB", "MB",
    "KOSOVO", "JAPAN", "SRBIJA", "BOSNA", "HRVATSKA", "ALBANIJA", "MAKEDONIJA", "EVROPA",
}
# the stems of the words for a project, capitalised or not: a window is tested for them by string search, several
# times faster than the regex engine's try at each of its positions
_PROJECT_WORDS = ("projek", "Projek", "program", "Program", "project", "Project", "inicijativ", "Inicijativ",
                  "initiative", "Initiative", "schem", "Schem", "šem", "Šem")


# small patterns, compiled once
_NON_SPACE = re.compile(r"\S+")
# the look-behind after the first letter: a search starts only at a word's first letter, not at each of its letters
_WORD_BEFORE = re.compile(r"(\w(?<!\w\w)\w*+)\W{0,3}$")
_WORD_AFTER = re.compile(r"\W{0,3}(\w+)")
_QUOTED_NAME = re.compile(r"[„“\"«]([^„“”\"«»\n]{2,40})[“”\"»]")
_BRACKET_GAP = re.compile(r"\s*[(\-–]\s*")


def _title(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(latin: str, pos: int, colon: bool = True) -> bool:
    """Whether `pos` opens a sentence (or, with `colon`, follows a colon), where every word is capitalised."""
    j = pos - 1
    while j >= 0 and latin[j] in " \t\"„“”«»(":
        j -= 1
    return j < 0 or latin[j] in (".!?:\n" if colon else ".!?\n")


_OWNER_HEADS = ("federacij", "republik", "kanton", "zupanij", "distrikt", "entitet")


def _owner_end(latin: str, toks: list[tuple[int, int, str]], k: int, places_idx: dict[int, Place],
               offs: Sequence[int]) -> int:
    """Where the name of a state or region that starts at `toks[k]` ends (`Federacije BiH`, `Republike Srbije`,
    `Kantona Sarajevo`), or 0: the owner a body's name closes with."""
    p = places_idx.get(offs[toks[k][0]])
    if p is not None and p.kind in REGION_KINDS:
        span = next((sp for sp in p.spans if sp.start == offs[toks[k][0]]), None)
        if span is not None:
            return toks[k][0] + len(to_latin(span.surface))
    if not fold(toks[k][2]).startswith(_OWNER_HEADS):
        return 0
    # `Federacije BiH`, `Republike Srbije`, `Federacije Bosne i Hercegovine`, `Kantona Sarajevo`
    end, j = 0, k + 1
    while j < len(toks) and j - k <= 4:
        w = toks[j][2]
        if w == "i" and end and j + 1 < len(toks) and _title(toks[j + 1][2]):
            j += 1
            continue
        if not (_title(w) or w.isupper() or w.isdigit()) or "\n" in latin[toks[j - 1][1]:toks[j][0]]:
            break
        end = toks[j][1]
        j += 1
    return end


@lru_cache(maxsize=8192)
def _place_mention(name: str, surface: str) -> tuple[str, int]:
    """The name a place's mention gives and the mention's length in Latin script (kept per place name and surface:
    a page names its places several times)."""
    latin = to_latin(surface)
    extra = latin.split()[len(name.split()):]
    if extra and all(x[:1].isupper() for x in extra):
        name += " " + " ".join(extra)  # `Centar Sarajevo`: the district and its city
    return name, len(latin)


def _place_at(latin: str, pos: int, places_idx: dict[int, Place], orig_pos: int) -> tuple[str, int] | None:
    """The nominative place name that starts at `pos` and where it ends (in latin-text offsets)."""
    p = places_idx.get(orig_pos)
    if p is not None:
        for sp in p.spans:
            if sp.start == orig_pos:
                name, length = _place_mention(p.name, sp.surface)
                return name, pos + length
    window = latin[pos:pos + 40]
    gaz = load_gazetteer()
    m = gaz.match_at_start(window)
    if m is None:
        return None
    cands = [gaz.places[i] for i in m.candidates]
    best = max(cands, key=lambda c: (c.is_lgu, c.population))
    return best.name, pos + m.end


def _quoted(latin: str, pos: int) -> int:
    """End (after the closing quote) of a quoted name starting at `pos`, or -1."""
    q = latin[pos]
    close = _QUOTE_CLOSE.get(q, "")
    for j in range(pos + 1, min(len(latin), pos + 70)):
        if latin[j] in close:
            return j + 1 if j > pos + 1 else -1
        if latin[j] == "\n":
            return -1
    return -1


def _looks_verb(low: str) -> bool:
    # `solidarnosti`, `djelatnosti`: abstract nouns in -ost end like infinitives
    return (low.endswith(_VERB_END) and len(low) > 3 and not low.endswith("osti")) or low in _FINITE_VERBS


# Present-tense verbs of press releases whose endings are a noun's too (`sprovodi`, `ulaže`): named one by one
_FINITE_VERBS = frozenset(
    "ulaže ulažu sprovodi sprovode provodi provode daje daju pruža pružaju pomaže pomažu ističe ističu navodi navode "
    "kaže kažu gradi grade nudi nude traži traže želi žele može mogu treba radi rade čini postaje ostaje dobija "
    "dobiva dobijaju dobivaju osigura obezbijedi obezbedi podrži otvara otvaraju zatvara razmatra predstavlja "
    "obnavlja pokreće pokreću podstiče potiče okuplja okupljaju donosi donose nosi vrši obavlja dodjeli dodeli "
    "uloži ulože preuzima preuzimaju upravlja upravljaju zapošljava nagrađuje izdvaja izdvajaju plaća plaćaju "
    "snosi snose pokriva pokrivaju podupire podupiru doprinosi dostave dostavi dostavlja dostavljaju podnese podnesu "
    "podnosi podnose".split()
)
# After `za` the complement names what a body is for, a noun whose ending may look like a verb's (`za ljudska
# prava`, `za posao`); only a past participle or a verb in -ira/-uje there ends the name (`za brigu o selu
# objavilo je`)
_PARTICIPLE_END = ("io", "ilo", "ila", "ili", "alo", "ala", "ali", "eli", "ira", "iraju", "irao", "irala", "irali",
                   "uje", "uju")


def _ends_name_after_za(low: str) -> bool:
    return len(low) > 4 and (low.endswith(_PARTICIPLE_END) or low in _FINITE_VERBS)


# how many tokens before and after a head noun a window makes at first: `_at_head` reads five of a window's thirty
# or so tokens on average (from the word before the head to the third after it), rarely more than these; the rest
# of the page's tokens are never made into tuples
_NEAR_BEFORE = 6
_NEAR_AFTER = 8


class _MadeTokens:
    """The (start, end, token) tuples of the text's tokens, made as windows first need them: `made[x]` is token
    `made_from + x`. Windows move forward and overlap, so most of a window's tokens were made for the one before;
    a window apart from those made so far starts the list again."""

    __slots__ = ("ends", "latin", "made", "made_from", "starts")

    def __init__(self, latin: str, starts: list[int], ends: list[int]) -> None:
        self.latin, self.starts, self.ends = latin, starts, ends
        self.made: list[tuple[int, int, str]] = []
        self.made_from = 0

    def window(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """Tokens `a` to `b` (not included), as a new list."""
        made_to = self.made_from + len(self.made)
        if not self.made_from <= a <= made_to:
            self.made, self.made_from, made_to = [], a, a
        if b > made_to:
            latin = self.latin
            # a comprehension slices each token inline, cheaper than a slice object and a call for each
            self.made += [(ts, te, latin[ts:te])
                          for ts, te in zip(self.starts[made_to:b], self.ends[made_to:b], strict=True)]
        return self.made[a - self.made_from:b - self.made_from]


def _cut_last(latin: str, toks: list[Any], hi: int) -> None:
    """A window that cuts its last word holds that word as far as the window goes."""
    if toks and toks[-1] is not None and toks[-1][1] > hi:
        cut = _TOKEN.match(latin, toks[-1][0], hi)
        assert cut is not None  # a token starts there
        toks[-1] = (cut.start(), cut.end(), cut.group())


def _at_head_window(latin: str, offs: Sequence[int], places_idx: dict[int, Place], tokens: _MadeTokens,
                    a: int, b: int, k: int, hi: int, out: list[_Cand]) -> int:
    """`_at_head` on the window of tokens `a` to `b` whose token `k` is the head, and the window ending at `hi`.

    Only the tokens near the head are made at first; the others stand as None. `_at_head` reads a token only by
    indexing or unpacking it, which on None raises TypeError: then nothing it found is kept, and it reads the
    head again with every token of the window made. Either way it reads the same tokens, so finds the same."""
    near_a = k - _NEAR_BEFORE if k - _NEAR_BEFORE > a else a
    near_b = k + _NEAR_AFTER if k + _NEAR_AFTER < b else b
    toks: list[Any] = [None] * (near_a - a)
    toks += tokens.window(near_a, near_b)
    if near_b == b:
        _cut_last(latin, toks, hi)
    else:
        toks += [None] * (b - near_b)
    found = len(out)
    try:
        return _at_head(latin, offs, places_idx, toks, k - a, out)
    except TypeError:
        if near_a == a and near_b == b:
            raise  # every token was made: a fault of its own
        del out[found:]
    toks = tokens.window(a, b)
    _cut_last(latin, toks, hi)
    return _at_head(latin, offs, places_idx, toks, k - a, out)


def _open_bcs(latin: str, low: str, offs: Sequence[int], places_idx: dict[int, Place]) -> list[_Cand]:
    """Organisation names built around BCS head nouns.

    Head nouns are found in one automaton pass over the lower-cased text; the windows of a few hundred characters
    around them are read from one split of the whole text into tokens, whose tuples are made only as they are read
    (`_at_head_window`).
    """
    out: list[_Cand] = []
    n = len(low)
    skip_until = 0
    tokens: _MadeTokens | None = None  # the text's tokens, found when a window first needs them
    for end_idx, form in _HEAD_KEYS.hits(low):
        start = end_idx - len(form) + 1
        if start < skip_until:
            continue
        if (start > 0 and (low[start - 1].isalnum() or low[start - 1] in "-_")) or (
                end_idx + 1 < n and (low[end_idx + 1].isalnum() or low[end_idx + 1] in "_")):
            continue
        nom = _head_automaton_nom(form)
        if nom in _NOT_ORG_HEADS:
            continue
        if not latin[start].isupper() and nom not in _LOWER_OK_HEADS and latin[end_idx + 2:end_idx + 3] not in \
                _QUOTE_OPEN:
            # a lower-case head needs a capitalised adjective before it: Federalno ministarstvo
            pm = _PREV_CAP.search(latin, start - 60 if start > 60 else 0, start)
            if pm is None:
                continue
        lo = start - 45 if start > 45 else 0
        if lo > 0:
            sp = latin.find(" ", lo, start)
            lo = sp + 1 if sp >= 0 else start
        if lo == start and start > 0:  # no space within reach before the head: split from the head itself
            toks = _tokens(latin, lo, end_idx + 170 if end_idx + 170 < n else n)
            if toks and toks[0][0] == start:
                skip_until = _at_head(latin, offs, places_idx, toks, 0, out)
            continue
        hi = end_idx + 170 if end_idx + 170 < n else n
        if tokens is None:
            tokens = _MadeTokens(latin, *_token_bounds(latin))
        tok_starts = tokens.starts
        # a window starts after a space, where a token of the whole text starts too
        a, b = bisect_left(tok_starts, lo), bisect_left(tok_starts, hi)
        k = bisect_left(tok_starts, start, a, b)
        if k >= b or tok_starts[k] != start:
            continue
        skip_until = _at_head_window(latin, offs, places_idx, tokens, a, b, k, hi, out)
    return out


def _tokens(latin: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """`_TOKEN`'s tokens of `latin[start:end]` as (start, end, token): a chunk between spaces that is one word of
    letters and digits is one token as it stands (no token holds a space), and only the others are split by the
    regex engine, which costs a call and a match object for each token."""
    out: list[tuple[int, int, str]] = []
    pos = start
    for chunk in latin[start:end].split(" "):
        if chunk:
            if chunk.isalnum():
                out.append((pos, pos + len(chunk), chunk))
            else:
                out += [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(latin, pos, pos + len(chunk))]
        pos += len(chunk) + 1
    return out


# what `\w` and `\s` match, looked up for a page's code points at once (`_token_bounds`)
_WORD_CHAR = re.compile(r"\w")
_SPACE_CHAR = re.compile(r"\s")
_TABLE_END = 0x3000  # the scripts of the region and the punctuation around them lie below


@cache
def _char_tables() -> tuple[Any, Any]:
    return code_point_mask(_WORD_CHAR, _TABLE_END), code_point_mask(_SPACE_CHAR, _TABLE_END)


@cache
def _char_classes() -> Any:
    """For each code point below `_TABLE_END` (and a last slot, 0, for every one from there on): 1 for a word
    character, 2 for white space, 4 for `.` and `-`, which join two word characters. One lookup of a page's code
    points gives all three."""
    word, space = _char_tables()
    classes = word.astype("uint8") | (space.astype("uint8") << 1)
    classes[0x2E] |= 4
    classes[0x2D] |= 4
    return classes


def _token_bounds(latin: str) -> tuple[list[int], list[int]]:
    """Where each of `_TOKEN`'s tokens of the whole text starts and ends.

    Read from one array of the text's code points instead of a Python step per word: a token is a run of word
    characters, with a `.` or `-` between two of them inside it, or any other character that is not white space
    alone. A short text is left to the engine: a process that reads only short ones never imports numpy."""
    if len(latin) < 256:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(latin)]
        return [a for a, _ in found], [b for _, b in found]
    np = numpy_module()
    # `take` is numpy's lookup loop, several times cheaper than indexing by an array; it clips a code point from
    # `_TABLE_END` on to the last slot
    if latin.isascii():
        codes = np.frombuffer(latin.encode("ascii"), dtype=np.uint8)
        classes = _char_classes().take(codes)
    else:
        codes = code_points(latin)  # the page's own, when it is its Latin view
        classes = _char_classes().take(codes, mode="clip")
        if int(codes.max()) >= _TABLE_END:
            for p in np.flatnonzero(codes >= _TABLE_END).tolist():  # beyond the tables: asked one by one, as `\w`
                c = latin[p]                                          # and `\s` define them
                classes[p] = (c.isalnum() or c == "_") | (c.isspace() << 1)
    joined = (classes & 1).view(np.bool_)  # word characters, then the `.` or `-` between two of them
    # the right side is made before it is or-ed in: it reads the word characters alone
    joined[1:-1] |= (classes[1:-1] == 4) & joined[:-2] & joined[2:]
    # a token starts at a character that is not white space unless it and the one before are both joined, and
    # ends after one unless it and the one after are: both arrays are one longer, their entry p + 1 telling of
    # characters p and p + 1, so that the ends come out as they are (and each array is made by one call, into
    # the array: numpy's fixed cost a call outweighs the work of a page's few thousand characters)
    inside = np.zeros(len(codes) + 1, np.bool_)  # characters p - 1 and p both joined, at p
    np.bitwise_and(joined[:-1], joined[1:], out=inside[1:-1])
    solid = np.zeros(len(codes) + 1, np.bool_)  # character p - 1 not white space, at p
    np.not_equal(classes, 2, out=solid[1:])
    # booleans: `a > b` is `a and not b`
    return np.flatnonzero(solid[1:] > inside[:-1]).tolist(), np.flatnonzero(solid > inside).tolist()


_PREV_CAP = re.compile(r"[A-ZČĆŠĐŽ][\w-]+[ \t]+(?:\w+[ \t]+){0,2}$")


def _head_automaton_nom(form: str) -> str:
    hit = head_of(form)
    return hit[0] if hit else ""


# the case forms of head nouns, found in the shared pass over the lower-case text
_HEAD_KEYS = key_list("lower", lambda: {f: f for f in head_forms()})


def _at_head(latin: str, offs: Sequence[int], places_idx: dict[int, Place], toks: list[tuple[int, int, str]], i: int,
             out: list[_Cand]) -> int:
    """The organisation name around the head noun `toks[i]`, if any; returns where the next search resumes."""
    nt = len(toks)
    ts0, e, w = toks[i]
    h = head_of(w)
    if h is None:
        return toks[i][1]
    nom, _gender = h
    if nom in _NOT_ORG_HEADS or (nom == "grad" and _title(w) and i > 0 and _title(toks[i - 1][2])
                                 and toks[i - 1][2].isalpha() and not _sentence_start(latin, ts0)):
        # `Novi Grad`, `Mrkonjić Grad` are place names
        return toks[i][1]
    # adjectives before the head agree with it: Federalno ministarstvo, Regionalna razvojna agencija
    first = i
    quoted_next = i + 1 < len(toks) and toks[i + 1][2] in _QUOTE_OPEN
    j = i - 1
    while (j >= 0 and i - j <= 4 and toks[j][2][:1].isalpha() and head_of(toks[j][2]) is None
           and "\n" not in latin[toks[j][1]:toks[j + 1][0]]):
        if toks[j][2] == "i" and j > 0 and j + 1 < i:
            # two adjectives joined: Nacionalna i sveučilišna knjižnica
            j -= 1
            continue
        lw = toks[j][2].lower()
        if offs[toks[j][0]] in places_idx:
            break  # `Fakultet u Čačku i Turistička organizacija`: a place's case ending is not an adjective's
        if not (len(lw) > 4 and lw.endswith(("ska", "ske", "skoj", "sku", "skom", "ski", "skog", "skim", "sko",
                                             "na", "ne", "noj", "nu", "nom", "ni", "nog", "nim", "no", "ka",
                                             "ke", "koj", "ku", "kom", "ki", "kog", "kim", "ko", "lna", "lne",
                                             "lni", "lno", "vna", "vne", "vni", "čji", "čja", "čje", "čjeg",
                                             "čjem", "čjoj", "čju"))):
            break
        if toks[j][2].lower() in _STOP:
            break
        j -= 1
        if _title(toks[j + 1][2]) or (quoted_next and not _title(w)):
            first = j + 1
    if toks[first][2] == "i":
        first += 1
    capital = _title(toks[first][2])
    if nom in _MUNI_HEADS and first != i:
        return toks[i][1]  # `Bistrički grad`, `Stari grad`: a description or a place, not the body
    if first == i and not capital and nom not in _LOWER_OK_HEADS and not quoted_next:
        return toks[i][1]
    if first == i and nom in _UNIT_HEADS:
        return toks[i][1]  # `Odjela za saradnju Delegacije EU`: a unit is a body of its own with its adjective only
    head_start = toks[first][0]
    # after a colon BCS writes lower case, so a capital there is a name's (`Izvor financiranja: Europski ... fond`)
    lead_sentence = _sentence_start(latin, head_start, colon=False)
    # complement
    k = i + 1
    end = e
    has_name = False
    lower_words = 0
    named_bits = 0
    pending = 0  # connectors not yet confirmed
    after_za = False
    portfolio = False  # inside a comma list of a ministry's portfolios: genitives, whatever they end in
    last_portfolio = False  # past the `i` before the last portfolio: a verb ends the name again
    joined = False  # an `i` is in the name already: a ministry's portfolios have one
    if nom in _MUNI_HEADS and first == i:
        if k < nt and "\n" in latin[e:toks[k][0]]:
            return toks[i][1]  # `НАЧЕЛНИК ОПШТИНЕ` over a signature: the name on the next line is a person's
        if k < nt and _title(toks[k][2]):
            region = places_idx.get(offs[toks[k][0]])
            if region is not None and region.kind in REGION_KINDS:
                return toks[i][1]  # `dvije općine Kantona Sarajevo`: municipalities of a canton, not one body
            pl = _place_at(latin, toks[k][0], places_idx, offs[toks[k][0]])
            if pl is not None:
                word = "Grad" if nom == "grad" else _muni_word(w)
                # city districts carry the city's name: Općina Centar Sarajevo, Opština Novi Grad Beograd
                nxt_word = _word_near(latin, pl[1], False)
                if (latin[pl[1]:pl[1] + 1] == " " and latin[pl[1] + 1:pl[1] + 2].isupper()
                        and first_name_gender(nxt_word) is None):
                    city = _place_at(latin, pl[1] + 1, places_idx, offs[pl[1] + 1])
                    if city is not None:
                        pl = (pl[0] + " " + city[0], city[1])
                out.append(_Cand(offs[head_start], offs[pl[1] - 1] + 1, word + " " + pl[0], "municipality",
                                 kind="municipality"))
                # a list of municipalities after one head: općina Teočak, Sapna i Kladanj
                pos = pl[1]
                while True:
                    mm = _LIST_NEXT.match(latin, pos)
                    if mm is None:
                        break
                    nxt = _place_at(latin, mm.end(), places_idx, offs[mm.end()])
                    if nxt is None:
                        break
                    out.append(_Cand(offs[mm.end()], offs[nxt[1] - 1] + 1, word + " " + nxt[0], "municipality",
                                     kind="municipality"))
                    pos = nxt[1]
                while i < nt and toks[i][0] < pos:
                    return toks[i][1]
            if capital and not lead_sentence:
                words: list[str] = []
                while k < nt and _title(toks[k][2]) and len(words) < 3 and head_of(toks[k][2]) is None:
                    words.append(toks[k][2])
                    end = toks[k][1]
                    k += 1
                if words and all(x.isalpha() for x in words):
                    name = ("Grad" if nom == "grad" else _muni_word(w)) + " " + " ".join(words)
                    out.append(_Cand(offs[head_start], offs[end - 1] + 1, name, "municipality",
                                     kind="municipality"))
                    return end
        return toks[i][1]
    while k < nt and k - i <= 12:
        ts, te, t = toks[k]
        low = t.lower()
        pe = toks[k - 1][1]
        if ts != pe + 1 or latin[pe] != " ":  # most words stand one space apart
            gap = latin[pe:ts]
            if "\n" in gap or "\t" in gap or ts - pe >= 3:
                break  # a line break, a tab or a run of spaces: the columns of a menu or a table
        if t in _QUOTE_OPEN:
            qe = _quoted(latin, ts)
            if qe < 0:
                break
            end = qe
            has_name = True
            named_bits += 1
            pending = 0
            while k < nt and toks[k][0] < qe:
                k += 1
            # a place after the quoted name: „LiNK“ Mostar
            if k < nt and _title(toks[k][2]) and toks[k][2].isalpha():
                pl = _place_at(latin, toks[k][0], places_idx, offs[toks[k][0]])
                if pl is not None:
                    end = pl[1]
                    while k < nt and toks[k][0] < end:
                        k += 1
            break
        # a glued word is a capitalised one of eight letters or more with a capital after its fourth: most are not
        glued = _GLUED.search(t) if t[:1].isupper() and len(t) >= 8 and not t[4:].islower() else None
        if glued is not None:
            # `Vijeća EvropeAkademiju za lidere`: a page lost the break after a headline; the name ends inside
            end = ts + glued.start() + 1
            has_name = True
            named_bits += 1
            pending = 0
            break
        if t[:1].isupper() or (t[:1].isdigit() and lower_words == 0 and named_bits > 0) or (
            t.isdigit() and k == i + 1
        ):
            if head_of(t) is not None and k > i + 1:
                owner = _owner_end(latin, toks, k, places_idx, offs)
                if owner > 0 and lower_words:
                    # `Fond za zaštitu okoliša Federacije BiH`, `... o selu Republike Srbije`: the state or region
                    # the body belongs to ends its name
                    end = owner
                    has_name = True
                    pending = 0
                break
            # a given name ends the name (`Kancelarije Vesni Stević`: its director), save one in the genitive
            # right after a school's or a centre's head, which is named after a person (`Osnovna škola Dragutina
            # Domjanića`) or a place (`Kulturni centar Novi Pazar`)
            named_after = nom in _NAMED_AFTER_HEADS and k == i + 1
            if low in _STOP or (t.isalpha() and (first_name_gender(t) is not None
                                                 or (not named_after and is_first_name_form(t)))):
                break
            end = te
            has_name = True
            named_bits += 1
            pending = 0
            after_za = False
            k += 1
            continue
        if low in _CONNECT:
            last_portfolio = last_portfolio or (portfolio and low == "i")
            if low == "i" and (named_bits > 0 or k == i + 1) and not (
                    # `Bosne i Hercegovine` is one name
                    k + 1 < nt and fold(toks[k - 1][2]).startswith("bosn")
                    and fold(toks[k + 1][2]).startswith("hercegovin")):
                break
            if low == "i" and any(head_of(x[2]) is not None and x[2][:1].isalpha() for x in toks[k + 1:k + 4]) and not (
                    # a ministry is named by its portfolios: `i fondova Europske unije`, `i obrta` go on the name
                    (nom == "ministarstvo" or portfolio) and not joined and k + 1 < nt and toks[k + 1][2].isalpha()
                    and toks[k + 1][2].islower()):
                break  # `Fondacija za otvoreno društvo i Američke ambasade`: a second body
            joined = joined or low == "i"
            if (low == "u" and after_za and lower_words and k + 2 < nt and toks[k + 1][2].isalpha()
                    and toks[k + 1][2].islower() and toks[k + 1][2].endswith(("i", "u"))
                    and toks[k + 1][2] not in _STOP and toks[k + 2][2] in (",", "i")):
                # `Agencija za plaćanja u poljoprivredi, ribarstvu i ruralnom razvoju`: the fields it works in
                pending += 1
                k += 1
                continue
            if low in ("u", "na"):
                if k + 1 < nt and _title(toks[k + 1][2]) and toks[k + 1][2].isalpha():
                    pl = _place_at(latin, toks[k + 1][0], places_idx, offs[toks[k + 1][0]])
                    if pl is not None and (has_name or lower_words or (capital and nom in _SEATED_HEADS)):
                        end = pl[1]
                        has_name = True
                        while k < nt and toks[k][0] < end:
                            k += 1
                        pending = 0
                        break
                    if (named_bits == 0 and capital and low == "u" and k + 2 <= nt
                            and not (k + 2 < nt and _title(toks[k + 2][2]))):
                        end = toks[k + 1][1]
                        has_name = True
                        k += 2
                        break
                break
            if low == "za":
                if nom not in _COMPLEMENT_HEADS and not capital:
                    break
                after_za = True
            pending += 1
            k += 1
            continue
        if t[:1].isalpha() and t.islower():
            prev_adj = toks[k - 1][2][:1].isupper() and toks[k - 1][2].lower()
            # `Kancelarija Ujedinjenih nacija`, `Zavod Tuzlanskog kantona`, `Lokalna akcijska grupa Gorskog kotara`:
            # a capitalised genitive adjective and its noun
            adjective_noun = bool(prev_adj and prev_adj.endswith(("ih", "og", "oga")) and low not in _STOP
                                  and not _looks_verb(low) and low.endswith(("a", "e", "i")))
            if named_bits > 0 and not after_za and not (
                    prev_adj and prev_adj.endswith(("ske", "ne", "ke", "ve")) and head_of(t) is not None) and not (
                    adjective_noun):
                break
            verb = ((_looks_verb(low) and not after_za and (last_portfolio or not portfolio))
                    or (after_za and _ends_name_after_za(low)))
            if (low == "o" and after_za and lower_words and k + 1 < nt and toks[k + 1][2].islower()
                    and toks[k + 1][2].isalpha() and toks[k + 1][2] not in _STOP
                    and toks[k + 1][2].endswith(("u", "i"))):
                # `Ministarstvo za brigu o selu`: what the body cares for, in the locative
                pending += 1
                k += 1
                continue
            if (nom not in _COMPLEMENT_HEADS and not adjective_noun) or low in _STOP or verb:
                break
            if lower_words >= 6 and not portfolio:
                break
            if not after_za and named_bits == 0 and lower_words == 0 and not low.endswith(
                    ("a", "e", "i", "ja", "og", "ih", "nja", "va")):
                break
            lower_words += 1
            end = te
            has_name = True
            pending = 0
            k += 1
            continue
        if (t == "," and (nom == "ministarstvo" or after_za or portfolio) and k + 2 < nt
                and toks[k + 1][2][:1].isalpha()):
            # `Federalno ministarstvo razvoja, poduzetništva i obrta`, `Ministarstvo rada, mirovinskoga sustava,
            # obitelji i socijalne politike`: portfolios listed up to the last one after `i`
            listed = []
            for x in toks[k + 1:k + 12]:
                if not (x[2] == "," or (x[2].isalpha() and x[2].islower())) or x[2] in _STOP:
                    break
                listed.append(x[2])
            if "i" in listed:
                pending += 1
                k += 1
                portfolio = True
                continue
        break
    if not has_name and not (first < i and capital and not lead_sentence and nom not in _WEAK_HEADS):
        # `Europskog socijalnog fonda`, `Federalno ministarstvo`: capitalised adjectives make the name
        return toks[i][1]
    if not capital and named_bits == 0 and lower_words < 2:
        return toks[i][1]
    if nom in _WEAK_HEADS and not capital:
        return toks[i][1]
    if nom in _TRADE_HEADS and named_bits == 0:
        return toks[i][1]  # `Obrt za proizvodnju sira „Sirana Cvilin“` is a name, `Obrt za proizvodnju je ...` not
    if lower_words == 1 and named_bits == 0:
        comp = latin[toks[i][1]:end].strip().lower()
        if nom in _WEAK_HEADS and comp not in _GENERIC_COMPLEMENT and lead_sentence:
            return toks[i][1]
    if nom in _EVENT_HEADS and named_bits == 0 and lead_sentence and first == i:
        # an event capitalised only because it opens the sentence, with common words after it: `Konferencija za
        # potencijalne investitore planirana je ...`
        return toks[i][1]
    phrase = latin[head_start:end]
    name = nominative(" ".join(phrase.split()))
    name = name.strip(" ,")
    out.append(_Cand(offs[head_start], offs[end - 1] + 1, name, "head-noun", kind=nom))
    return end
    return toks[i][1]


_LIST_NEXT = re.compile(r"(?:,[ \t]*|[ \t]+(?:i|and|te)[ \t]+|,[ \t]*(?:i|and)[ \t]+)(?=[A-ZČĆŠĐŽ])")


def _muni_word(w: str) -> str:
    f = fold(w)
    if f.startswith("opc"):
        return "Općina"
    return "Opština"


# `Ministry of Development, Entrepreneurship and Crafts`: single title-case words between commas belong to the name
# when the list ends with `and` and another one
_EN_LISTED = rf"[{_UP}][a-zčćšđž'’\-]+"
_EN_RUN = re.compile(rf"[{_UP}][\w'’\-]*(?:(?:[ \t]+(?:of|for|and|the|in|to|on|&)){{0,2}}[ \t]+[{_UP}][\w'’\-]*"
                     rf"|,[ \t]+{_EN_LISTED}(?=(?:,[ \t]+{_EN_LISTED})*[ \t]+and[ \t]+[{_UP}])"
                     # `The European Union (EU) Office in Kosovo`: an acronym in brackets inside the name
                     rf"|[ \t]+\([{_UP}]{{2,8}}\)(?=[ \t]+[{_UP}]))*")


_EN_HEAD_ANY = re.compile(words_after(r"[\w-]", sorted(h.capitalize() for h in _EN_HEADS)) + r"s?(?!\w)")
_EN_HEAD_KEYS = key_list("lower", lambda: {h: len(h) for h in _EN_HEADS})


# words that open the name of a plan or a programme; a body named after them is its owner (`Programme for Balanced
# Regional Development of the Ministry of Local Self-Government`)
_EN_PLAN_WORDS = frozenset({"programme", "program", "project", "plan", "strategy", "initiative", "scheme"})


def _english_body_start(low: list[str], st: int, en: int) -> int:
    """Where the body's name starts in the run `low[st:en]`: after `in` when no head word comes before it (`Ginovci
    in the Municipality of Rankovce` is a village in a municipality), after the `of` that follows a programme's name
    (`Programme for ... of the Ministry of ...`)."""
    first_in = next((x for x in range(st, en) if low[x] == "in"), -1)
    if first_in > st and not any(low[x] in _EN_HEADS for x in range(st, first_in)):
        st = first_in + 1
    elif low[st] in _EN_PLAN_WORDS:
        head = next((x for x in range(st, en) if low[x] in _EN_HEADS), -1)
        of = max((x for x in range(st, head) if low[x] == "of"), default=-1)
        if of < 0:
            return st
        st = of + 1
    else:
        return st
    while st < en and low[st] in _EN_LEAD_DROP:
        st += 1
    return st


def _open_english(latin: str, lowered: str, offs: Sequence[int]) -> list[_Cand]:
    """English names: a run of capitalised words with of/for/and/the between them, holding a head word."""
    out: list[_Cand] = []
    if next(_at_words(_EN_HEAD_ANY, _EN_HEAD_KEYS, latin, lowered), None) is None:
        return out
    for m in _EN_RUN.finditer(latin):
        if m.start() > 0 and latin[m.start() - 1] in _QUOTE_OPEN:
            continue  # a quoted title: a project, not a body
        run = m.group()
        # the words `\S+` finds, split without offsets first: most runs hold no head word and go no further
        low = [x.lower() for x in run.split()]
        if len(low) < 2 or not any(x in _EN_HEADS for x in low):
            continue
        words = [(w.start() + m.start(), w.end() + m.start(), w.group()) for w in _NON_SPACE.finditer(run)]
        # `and` joins two bodies unless an `of`/`for` complement before it holds it (Ministry of X and Y)
        cuts = [0]
        for a in range(1, len(words)):
            if low[a] == "and" and (not any(x in ("of", "for") for x in low[cuts[-1]:a])
                                    or any(x in _EN_HEADS or x in _EN_PLURAL_HEADS for x in low[a + 1:])
                                    # `... Planning Region and ZELS`: an acronym of its own after the last `and`
                                    or (a + 2 == len(words) and len(words[a + 1][2]) >= 3
                                        and words[a + 1][2].isupper())):
                cuts.append(a)
        cuts.append(len(words))
        for c0, c1 in itertools.pairwise(cuts):
            st, en = c0, c1
            while st < en and low[st] in _EN_LEAD_DROP:
                st += 1
            # `Head of the EU Office`, `Acting Director of the Agency`: a role before the body's name
            if st < en and low[st] in _EN_ROLES:
                of = next((x for x in range(st, en) if low[x] == "of"), -1)
                if of < 0:
                    continue
                st = of + 1
                while st < en and low[st] in _EN_LEAD_DROP:
                    st += 1
            while en > st and low[en - 1] in _EN_CONNECT:
                en -= 1
            st = _english_body_start(low, st, en)
            seg = words[st:en]
            segl = low[st:en]
            if len(seg) < 2 or not any(x in _EN_HEADS for x in segl):
                continue
            if all(x in _EN_GENERIC or x in _EN_CONNECT for x in segl):
                continue
            s, e = seg[0][0], seg[-1][1]
            name = " ".join(x[2] for x in seg if not x[2].startswith("("))
            if segl[-1] in _EN_HEADS and e + 1 < len(latin):
                j = e + 1 if latin[e] == " " else e
                if j < len(latin) and latin[j] in _QUOTE_OPEN:
                    qe = _quoted(latin, j)
                    if qe > 0:
                        name = name + " " + latin[j:qe]
                        e = qe
            out.append(_Cand(offs[s], offs[e - 1] + 1, name, "english"))
    return out


_EN_SEATED = re.compile(
    r"(?<![\w-])([A-Z][a-z]+(?:[ \t]+(?:and|of|for|[a-z]{3,})){0,3}[ \t]+(?:school|college|institution|hospital|library"
    r"|centre|center|home|kindergarten|university|faculty|institute)(s?))[ \t]+(?:in[ \t]+|of[ \t]+)?(?=[A-Z])")


_SEATED_WORDS = ("school", "college", "institution", "hospital", "library", "centre", "center", "home",
                 "kindergarten", "university", "faculty", "institute")
_EN_SEATED_HEAD = re.compile("(?:" + "|".join(_SEATED_WORDS) + r")s?[ \t]+(?:in[ \t]+|of[ \t]+)?[A-Z]")
# where `_EN_SEATED_HEAD` can match: its words, found in the shared pass over the lower-case text
_SEATED_KEYS = key_list("lower", lambda: {w: len(w) for w in _SEATED_WORDS})


# English names of a local government: `City of Laktaši`, `Municipality of Prizren`, `Kratovo Municipality`
_EN_LOCAL_GOVERNMENT = re.compile(
    rf"^(?:(?:City|Municipality|Town)[ \t]+of[ \t]+[{_UP}]"
    rf"|[{_UP}][\w'’-]*(?:[ \t]+[{_UP}][\w'’-]*){{0,2}}[ \t]+"
    rf"(?:Municipality|City[ \t]+Council|Municipal[ \t]+Council)$)")


def _kind_from_name(name: str) -> str:
    """The kind an English name of a local government says it has, when no rule that found it gave one."""
    return "municipality" if _EN_LOCAL_GOVERNMENT.match(name) else ""


_EN_MUNI_OF = re.compile(rf"m(?<![\w-]m)unicipalit(y|ies)[ \t]+of[ \t]+(?=[{_UP}])")
_ALT_NAME = re.compile(r"/[^\s,;()/]+")


def _at_words(pattern: re.Pattern[str], keys: KeyList, latin: str, low: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(latin)`, the pattern tried only where the shared pass over the lower-case text (`low`) finds
    one of the words every match begins with, in any case."""
    if len(low) != len(latin):  # a letter whose lower case is longer: offsets differ, scan in full
        return pattern.finditer(latin)
    return finditer_at(pattern, latin, keys.starts(low))


def _english_seated(latin: str, low: str, offs: Sequence[int], places_idx: dict[int, Place]) -> list[_Cand]:
    """English names written in lower case but for a place: `Vocational and technical school Derventa`, `the
    municipalities of Prizren and Peja` (one body per place)."""
    out = []
    for m in _EN_MUNI_OF.finditer(latin):
        pos = m.end()
        while True:
            pl = _place_at(latin, pos, places_idx, offs[pos])
            if pl is None:
                break
            out.append(_Cand(offs[pos], offs[pl[1] - 1] + 1, f"Municipality of {pl[0]}", "english",
                             kind="municipality"))
            # `Novo Brdo/Novobërdë, Ranilug/Ranillug and ...`: the name in the other language after a slash
            alt = _ALT_NAME.match(latin, pl[1])
            after = alt.end() if alt else pl[1]
            mm = _LIST_NEXT.match(latin, after) if m.group(1) == "ies" else None
            if mm is None:
                break
            pos = mm.end()
    found = []
    last = -1
    # the head words first (tried only where the lower-case pass found one), the full pattern only around hits
    for h in _at_words(_EN_SEATED_HEAD, _SEATED_KEYS, latin, low):
        seated = _EN_SEATED.search(latin, max(last, h.start() - 70), h.end())
        if seated is not None:
            found.append(seated)
            last = seated.end()
    for m in found:
        first = m.group(1).split()[0].lower()
        if first in _EN_LEAD_DROP:
            continue
        pl = _place_at(latin, m.end(), places_idx, offs[m.end()])
        if pl is None:
            continue
        head = m.group(1)[:-1] if m.group(2) else m.group(1)
        out.append(_Cand(offs[m.start(1)], offs[pl[1] - 1] + 1, f"{head} {pl[0]}", "english"))
        # `Correctional institutions in Niš and Sremska Mitrovica`: one body per place
        pos = pl[1]
        while m.group(2):
            mm = _LIST_NEXT.match(latin, pos)
            nxt = _place_at(latin, mm.end(), places_idx, offs[mm.end()]) if mm else None
            if mm is None or nxt is None:
                break
            out.append(_Cand(offs[mm.end()], offs[nxt[1] - 1] + 1, f"{head} {nxt[0]}", "english"))
            pos = nxt[1]
    return out


def _companies(latin: str, low: str, offs: Sequence[int]) -> list[_Cand]:
    """Companies: a quoted name or up to three capitalised words before a legal-form suffix (d.o.o., a.d., d.d.)."""
    out = []
    for m in _at_words(_COMPANY_SUFFIX, _COMPANY_SUFFIX_KEYS, latin, low):
        lo = m.start() - 60 if m.start() > 60 else 0
        qm = _QUOTED_BEFORE.search(latin, lo, m.start())
        if qm is not None and qm.group(1)[:1].isupper():
            # `„Kamen-Kop“ d.o.o.`: the quotes hold the whole name, hyphens, places and all
            suffix = m.group(1).replace(" ", "")
            out.append(_Cand(offs[qm.start(1)], offs[m.end() - 1] + 1, qm.group(1).strip() + " " + suffix, "company",
                             kind="company"))
            continue
        nm = _COMPANY_NAME.search(latin, lo, m.start())
        if nm is None:
            continue
        words = nm.group(1).split()
        while words and (words[0].lower() in _EN_LEAD_DROP or words[0].lower() in _STOP or head_of(words[0])):
            words.pop(0)
        if not words:
            continue
        s = nm.start(1) + nm.group(1).find(words[0])
        suffix = m.group(1).replace(" ", "")
        out.append(_Cand(offs[s], offs[m.end() - 1] + 1, " ".join(words) + " " + suffix, "company", kind="company"))
    return out


_ABBR_HEADS = {"JKP", "JP", "JU", "PU", "OŠ", "DZ", "MUP", "KPZ", "SŠ", "SŠC", "RRA", "LDA", "NVO", "UG", "MZ", "KJKP",
               "JZU", "ZZO", "CSR", "CZR", "SOS",
               # legal forms of small businesses and local groups written before their name: SZR „Hrast“, LAG „Una“
               "SZR", "STR", "SUR", "SZTR", "OPG", "PG", "PZ", "ZZ", "LAG", "NGO",
               # a company's legal form written before its quoted name: DOO „Vodovod i kanalizacija“ Tuzi
               "DOO"}
# legal forms of one person's business, named after its holder: `OPG Pleše Marko`, `SZR Marko Kovačević`
HOLDER_NAMED_FORMS = frozenset({"OPG", "PG", "SZR", "STR", "SUR", "SZTR"})
_HOLDER_NAME = re.compile(r"[ \t]+((?:[A-ZČĆŠĐŽ][a-zčćšđž]+)(?:[ \t]+[A-ZČĆŠĐŽ][a-zčćšđž]+){0,2})(?![\w-])")
_COMPANY_WORDS = "Kompanij kompanij Firm firm Preduze preduze Poduze poduze Compan compan".split()
_COMPANY_WORD = re.compile(words_after(r"\w", _COMPANY_WORDS))
_COMPANY_WORD_KEYS = key_list("lower", lambda: {w.lower(): len(w) for w in _COMPANY_WORDS})
_QUOTED_LIST = re.compile(
    r"(?:kompanij\w*|firm[aeiou]\w*|preduzeć\w*|preduzec\w*|poduzeć\w*|poduzec\w*|companies|company|firms?)"
    r"((?:\s*(?:,|i|and)?\s*[„“\"«][^„“”\"«»\n]{2,40}[“”\"»])+)", re.IGNORECASE)


def _word_near(latin: str, pos: int, before: bool) -> str:
    if before:
        m = _WORD_BEFORE.search(latin[pos - 30 if pos > 30 else 0:pos])
    else:
        m = _WORD_AFTER.match(latin[pos:pos + 30])
    return m.group(1) if m else ""


def _after_name(latin: str, pos: int, places_idx: dict[int, Place], offs: Sequence[int]) -> tuple[str, int]:
    """A quoted name and/or a place right after an abbreviation: JKP „Zelenilo“ Smederevo, RRA Zlatibor."""
    parts = []
    j = pos
    while j < len(latin) and latin[j] == " ":
        j += 1
    if j < len(latin) and latin[j] in _QUOTE_OPEN:
        qe = _quoted(latin, j)
        if qe > 0:
            parts.append(latin[j:qe])
            pos = qe
            j = qe
            while j < len(latin) and latin[j] == " ":
                j += 1
    if j < len(latin) and latin[j].isupper():
        pl = _place_at(latin, j, places_idx, offs[j])
        if pl is not None:
            parts.append(pl[0])
            pos = pl[1]
    return " ".join(parts), pos


_NAMED_PROJECT_AFTER = re.compile(
    r"(?:[ \t]+[A-ZČĆŠĐŽ]\w*){1,2}[ \t]+(?:[Pp]roje[ck]\w*|[Pp]rogram\w*|[Ii]nicijativ\w*)")
_ROMAN_AFTER = re.compile(r"[ \t]+(?:I{1,3}|IV|V|VI{1,3}|[0-9])(?!\w)")


def _plausible_acronym(a: str, latin: str, start: int, end: int, offs: Sequence[int],
                       places_idx: dict[int, Place]) -> bool:
    """Capitals that are a headline word, a place or a project phase are not an organisation's acronym."""
    if any(c in "ČĆŠĐŽ" for c in a):
        return False
    if latin[end:end + 1] == ":" or offs[start] in places_idx:
        return False
    if len(a) >= 5 and (a.endswith(("IH", "OG", "OM", "IMA", "AMA", "NJE", "NJA")) or
                        sum(c in "AEIOU" for c in a) * 5 >= 2 * len(a)):
        return False
    return _ROMAN_AFTER.match(latin, end) is None


# a line that is one word in capitals, with an enumeration before it (`IV. KONTAKT`) or a colon after it
_HEADING_LINE = re.compile(r"[ \t]*(?:[IVX]+\.?[ \t]|\d+\.)?[ \t]*\w+[ \t]*:?[ \t]*")


def _acronyms(latin: str, low: str, offs: Sequence[int], places_idx: dict[int, Place]) -> list[_Cand]:
    """Acronyms in capitals (`UNDP-a` is UNDP), abbreviated heads with a name (`JKP „2. oktobar“ Vršac`)."""
    out = []
    for m in _ACRONYM.finditer(latin):
        a = m.group(1)
        if a in _ABBR_HEADS:
            rest, end = _after_name(latin, m.end(1), places_idx, offs)
            if not rest and a in HOLDER_NAMED_FORMS and (hm := _HOLDER_NAME.match(latin, m.end(1))) is not None:
                rest, end = hm.group(1), hm.end(1)
            if rest:
                out.append(_Cand(offs[m.start(1)], offs[end - 1] + 1, f"{a} {rest}", "abbreviation"))
            continue
        if len(a) < 3 or a.upper() in _ACRO_STOP or a.isdigit() or not a[0].isalpha():
            continue
        if sum(c.isdigit() for c in a) > 1:
            continue
        if not _plausible_acronym(a, latin, m.start(1), m.end(), offs, places_idx):
            continue
        if len(a) >= 5 and _HEADING_LINE.fullmatch(latin, *line_bounds(latin, m.start(1), m.end())):
            continue  # `V. KONTAKT`, `KRATKO`: a word in capitals that is a whole line is a page's heading
        window = latin[m.start() - 60 if m.start() > 60 else 0:m.start()]
        if any(w in window for w in _PROJECT_WORDS):
            continue  # the acronym of a project or programme, which the projects module reports
        # a word of a headline written in capitals is not an acronym
        prev, nxt = _word_near(latin, m.start(1), True), _word_near(latin, m.end(), False)
        # (`NJ` of a Cyrillic word in capitals may come out as `Nj`: `BANjA LUKA`)
        if any(len(x) >= 2 and x.isalpha() and x.replace("j", "J").isupper() and x not in _ACRO_STOP
               for x in (prev, nxt)):
            continue
        rest, end = _after_name(latin, m.end(), places_idx, offs)
        if _NAMED_PROJECT_AFTER.match(latin, m.end()):
            continue  # `LEP Krajina project`: the acronym is part of a project's name
        if rest and rest[:1] not in _QUOTE_OPEN:
            out.append(_Cand(offs[m.start(1)], offs[end - 1] + 1, f"{a} {rest}", "acronym"))
            continue
        out.append(_Cand(offs[m.start(1)], offs[m.end(1) - 1] + 1, a, "acronym", acronym=True))
    for listed in (_QUOTED_LIST.match(latin, t.start())
                   for t in _at_words(_COMPANY_WORD, _COMPANY_WORD_KEYS, latin, low)):
        if listed is None:
            continue
        for q in _QUOTED_NAME.finditer(listed.group(1)):
            name = q.group(1).strip()
            if name[:1].isupper() and len(name.split()) <= 4:
                s = listed.start(1) + q.start(1)
                out.append(_Cand(offs[s], offs[s + len(q.group(1)) - 1] + 1, name, "company", kind="company"))
    return out


_INNER_SEAT = re.compile(r"(?<=\s)([A-ZČĆŠĐŽ]\w+)\s+u\s+\S")


def _universities_inside(cands: list[_Cand], doc: AnalysedText) -> list[_Cand]:
    """`Poljoprivredni fakultet Univerziteta u Sarajevu` names the university too: a university or its
    Croatian name in the genitive, seated by `u` + place, inside a longer name is a body of its own."""
    out = []
    for c in cands:
        if c.rule != "head-noun" or c.kind not in ("fakultet", "institut", "zavod", "centar", "katedra"):
            continue
        a, b = doc.latin_index(c.start), doc.latin_index(c.end)
        m = _INNER_SEAT.search(doc.latin, a, b)
        if m is None:
            continue
        h = head_of(m.group(1))
        if h is None or h[0] not in ("univerzitet", "sveučilište") or fold(m.group(1)) == fold(h[0]):
            continue
        s = doc.latin_offsets[m.start(1)]
        rest = doc.latin[m.end(1):b]
        out.append(_Cand(s, c.end, h[0].capitalize() + " " + " ".join(rest.split()), "head-noun", kind=h[0]))
    return out


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Longest span wins where mentions overlap; the register wins ties."""
    order = {"register": 0, "head-noun": 1, "municipality": 1, "company": 1, "abbreviation": 1, "english": 2,
             "acronym": 3}
    cands.sort(key=lambda c: (-(c.end - c.start), order.get(c.rule, 9), c.start))
    # The spans kept never overlap, so in the order of (start, end) their ends do not decrease either: of those
    # that start before a candidate ends, the last reaches furthest, and it alone decides whether the candidate
    # overlaps one (one bisection instead of a test of every span kept).
    taken: list[tuple[int, int]] = []
    ends: list[int] = []
    kept: list[_Cand] = []
    for c in cands:
        if c.end < c.start:  # not a span: tested against every span kept, as the rule says
            if any(c.start < e and s < c.end for s, e in taken):
                continue
        else:
            i = bisect_left(taken, (c.end, -1))  # the spans that start before c ends
            if i and ends[i - 1] > c.start:
                continue
        j = bisect_left(taken, (c.start, c.end))
        taken.insert(j, (c.start, c.end))
        ends.insert(j, c.end)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)
def _first_word_key(name: str) -> str:
    """The folded first word of a name: the head noun of a BCS body's name (cached: asked for every group)."""
    words = name.split(None, 1)
    return fold(words[0]) if words else ""


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """Folded words only: spellings that differ in quotes or hyphens are one name (cached: each name is keyed
    several times per document)."""
    return " ".join(_NON_WORD.sub(" ", fold(name)).split())


_BARE_HEAD_WORDS = ("Ministarstvo Ministarstva Ministarstvu Ministarstvom Vlada Vlade Vladi Vladom Ambasada "
                    "Ambasade Ambasadi Ambasadom Agencija Agencije Agenciji Agencijom Fondacija Fondacije Fondaciji "
                    "Fondacijom Sekretarijat Sekretarijata Sekretarijatu Fond Fonda Fondu Fondom").split()
_BARE_HEAD = re.compile(words_after(r"[\w„“\"]", _BARE_HEAD_WORDS) + r"(?=[ \t,.]+[a-zčćšđž])")
_BARE_HEAD_KEYS = key_list("lower", lambda: {w.lower(): len(w) for w in _BARE_HEAD_WORDS})
_EN_BARE_HEAD = re.compile(r"[Tt](?<!\w[Tt])he[ \t]+(Municipality|Ministry|Government|Embassy|Agency|Delegation"
                           r"|City|Foundation|Association)(?![ \t]+(?:of|for|to|in)\b)(?![ \t]*[A-Z])")
_THE_KEYS = key_list("lower", lambda: {"the": 3})
_ROLE_MINISTRY_KEYS = key_list("lower", lambda: {"minist": len("minist")})
_ROLE_MINISTRY = re.compile(
    r"[Mm](?<!\w[Mm])inist(?:ar|ra|rica|rka|arka|rice|rici|ricom|arke|arki|arkom|arku)(?:a|u|om|e)?[ \t]+"
    r"((?:za[ \t]+)?[a-zčćšđž]{3,}(?:[ \t]+(?:i[ \t]+)?[a-zčćšđž]{3,}){0,5})")


def _ministries_from_roles(latin: str, low: str, offs: Sequence[int]) -> list[_Cand]:
    """`ministar finansija`, `ministarkom za ljudska prava i izbjeglice` name a ministry: the minister's title is
    the ministry's name with the head changed."""
    out = []
    for m in _at_words(_ROLE_MINISTRY, _ROLE_MINISTRY_KEYS, latin, low):
        words = m.group(1).split()
        keep: list[str] = []
        after_za = words[0] == "za"
        for w in words:
            if w in _STOP or (_looks_verb(w) and not after_za):
                break
            keep.append(w)
        while keep and keep[-1] in ("i", "za"):
            keep.pop()
        if not keep or keep == ["za"] or (len(keep) == 1 and not keep[0].endswith(("a", "e", "i"))):
            continue
        if keep[0] != "za" and not keep[0].endswith(("a", "e", "i", "ja")):
            continue
        s = m.start(1)
        e = s + _span_len(m.group(1), keep)
        out.append(_Cand(offs[s], offs[e - 1] + 1, "Ministarstvo " + " ".join(keep), "role-ministry",
                         kind="ministarstvo"))
    return out


def _complete_role_ministries(cands: list[_Cand]) -> None:
    """`ministricom rada, mirovinskoga sustava, ...` stops at the comma; where the text names a ministry whose name
    goes on from there (`Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike`), the minister's
    ministry is that one."""
    full = [c.name for c in cands if c.rule == "head-noun" and c.kind == "ministarstvo"]
    if not full:
        return
    for c in cands:
        if c.rule == "role-ministry":
            longer = [n for n in full if n.startswith(c.name + ",")]
            if len(longer) == 1:
                c.name = longer[0]


def _span_len(raw: str, keep: list[str]) -> int:
    pos = 0
    for w in keep:
        pos = raw.find(w, pos) + len(w)
    return pos


def find_organisations(text: str | AnalysedText, places: list[Place], language: str) -> list[Organisation]:
    """Every organisation named in `text`, once each, canonical name in the nominative, with spans."""
    doc = analyse(text)
    text, latin, offs = doc.text, doc.latin, doc.latin_offsets
    places_idx: dict[int, Place] = {}
    for p in places:
        for sp in p.spans:
            places_idx.setdefault(sp.start, p)
    cands = _register_matches(doc)
    low = doc.latin_lower
    cands += _open_bcs(latin, low, offs, places_idx)
    cands += _open_english(latin, low, offs)
    cands += _companies(latin, low, offs)
    cands += _english_seated(latin, low, offs, places_idx)
    cands += _acronyms(latin, low, offs, places_idx)
    cands += _ministries_from_roles(latin, low, offs)
    _complete_role_ministries(cands)
    named_companies = [c.start for c in cands if c.rule == "company" and c.kind == "company"]
    if named_companies:
        # `zagrebačka tvrtka „Eko-Projekt“ d.o.o.`: the company is named by its own name, not by the word for one
        cands = [c for c in cands if not (c.rule == "head-noun" and c.kind in _COMPANY_HEADS
                                          and any(c.start <= s < c.end for s in named_companies))]
    cands = [c for c in cands if _key(c.name) not in _GENERIC_TERMS]
    cands = _resolve_overlaps(cands)
    cands += _universities_inside(cands, doc)
    entries = load_register()

    # acronym in brackets right after a name: one body
    groups: list[dict] = []
    by_key: dict[str, int] = {}
    for n, c in enumerate(cands):
        key = f"reg:{entries[c.reg].reg_id}" if c.reg >= 0 else _key(c.name)
        gi = by_key.get(key)
        if gi is None and (c.acronym or text[c.start:c.end].isupper()) and n > 0:
            prev = cands[n - 1]
            between = text[prev.end:c.start]
            if _BRACKET_GAP.fullmatch(between):
                pk = f"reg:{entries[prev.reg].reg_id}" if prev.reg >= 0 else _key(prev.name)
                gi = by_key.get(pk)
        if gi is None:
            gi = len(groups)
            groups.append({"cands": [], "reg": c.reg})
        by_key[key] = gi
        groups[gi]["cands"].append(c)
    out: list[Organisation] = []
    # a bare capitalised head (`Ministarstvo je ...`) stands for the one body of that kind the text names
    bare: dict[str, list[tuple[int, int]]] = {}
    taken = [(c.start, c.end) for c in cands]
    for m in _at_words(_BARE_HEAD, _BARE_HEAD_KEYS, latin, low):
        a, b = offs[m.start()], offs[m.end() - 1] + 1
        if any(x <= a < y for x, y in taken):  # inside a name already found
            continue
        h = head_of(m.group())
        if h is not None:
            bare.setdefault(fold(h[0]), []).append((a, b))
    for m in _at_words(_EN_BARE_HEAD, _THE_KEYS, latin, low):
        a, b = offs[m.start(1)], offs[m.end(1) - 1] + 1
        if not any(x <= a < y for x, y in taken):
            bare.setdefault(m.group(1).lower(), []).append((a, b))
    heads_count: dict[str, int] = {}
    for g in groups:
        first = _first_word_key(max((c.name for c in g["cands"] if not c.acronym), key=len, default=""))
        if first:
            heads_count[first] = heads_count.get(first, 0) + 1
    for g in groups:
        cs: list[_Cand] = g["cands"]
        names = []
        for c in cs:
            if c.name not in names:
                names.append(c.name)
        full = [c.name for c in cs if not c.acronym]
        canonical = max(full, key=len) if full else cs[0].name
        if g["reg"] >= 0 and entries[g["reg"]].aliases[0] in full:
            canonical = entries[g["reg"]].aliases[0]  # the register's own name when the text uses it
        canonical = canonical[:1].upper() + canonical[1:]  # names start with a capital: `švajcarska Kancelarija`
        reg = next((c.reg for c in cs if c.reg >= 0), -1)
        kind = next((c.kind for c in cs if c.kind), "") or _kind_from_name(canonical)
        country = ""
        reg_id = ""
        if reg >= 0:
            e = entries[reg]
            reg_id, country, kind = e.reg_id, e.country, e.kind
        spans = tuple(Span(c.start, c.end, text[c.start:c.end], c.rule) for c in cs)
        head_word = _first_word_key(canonical)
        if heads_count.get(head_word) == 1:
            spans += tuple(Span(a, b, text[a:b], "anaphora") for a, b in bare.get(head_word, ()))
        out.append(Organisation(name=canonical, aliases=tuple(x for x in names if x != canonical), kind=kind,
                                register_id=reg_id, country=country, spans=spans))
    return out
