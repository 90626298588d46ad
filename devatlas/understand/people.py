"""People named in a document, in the nominative, with the role the text gives them.

There is no NER model for BCS offline, so a person is a run of capitalised words that something vouches for: a
known given name in one of its case forms, a role word around it (`gradonačelnik Valjeva dr Zoran Ilić`,
`Goran Babić, gradonačelnik grada Šapca`), a title (`Mr`, `dr`, `gospođa`), or a verb of saying (`naglasio je
ministar Kovač`, `Hendriks je istaknula`). What vouches for a name also gives its role and, through role words
and verb endings, its gender, which decides the nominative (`Dragana Lukića` is Dragan, `Vesne Jovanović` is
Vesna). Capitalised runs inside organisation and place names, quoted titles and street or school names are not
people. A later bare surname of someone already named is the same person.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from devatlas.model import Organisation, Person, Place, Span
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.names import first_name_gender, is_first_name_form, nominative_name, surname_forms
from devatlas.text.regex import LATIN_CAPITALS as _UP
from devatlas.text.regex import finditer_at, words_after
from devatlas.text.script import fold, to_latin
from devatlas.text.sentences import line_bounds
from devatlas.understand.countries import is_country_name
from devatlas.understand.organisations import HOLDER_NAMED_FORMS

_LO = "".join(ch for ch in map(chr, range(0x61, 0x250)) if ch.islower() and ch.isalpha())
_WORD = rf"[{_UP}](?:[{_LO}]+(?:['’][{_UP}][{_LO}]+)?|['’][{_UP}][{_LO}]+)(?:-[{_UP}][{_LO}]+)*"
# a run of capitalised words separated by single spaces: the raw material of names
_PARTICLE = r"(?:von|van|den|der|de|del|della|du|dos|ter|bin|al|el)"
# a middle initial (`Marko M. Marković`) may stand between two words of a name
# the first word's look-behind stands after its capital, so that scanning skips to the capitals
_FIRST_WORD = _WORD.replace(f"[{_UP}]", f"[{_UP}](?<![\\w\\-][{_UP}])", 1)
_RUN_RE = re.compile(
    rf"{_FIRST_WORD}(?:(?: {_PARTICLE}| [{_UP}]\.)* (?:{_WORD}))*(?![\w\-])"
)

_TITLES = frozenset(
    "mr ms mrs miss dr prof doc mag ing dipl h.e he gosp g gđa gđica gospodin gospođa gospođica gospodina "
    "gospođe gospodinom gospođom gospođu sir lady dame др мр проф".split()
)
_TITLE_WORDS = frozenset(
    "mr ms mrs miss dr prof doc mag ing dipl sir lady dame gospodin gospođa gospođica gospodina gospođe g gđa "
    "h.e. he his excellency".split()
)

_SPEECH = (
    r"(?:rekao|rekla|reče|istakao|istakla|istaknuo|istaknula|naglasio|naglasila|izjavio|izjavila|kazao|kazala|"
    r"dodao|dodala|naveo|navela|objasnio|objasnila|pojasnio|pojasnila|podsjetio|podsjetila|podsetio|podsetila|"
    r"ocijenio|ocijenila|ocenio|ocenila|poručio|poručila|zahvalio|zahvalila|najavio|najavila|izrazio|izrazila|"
    r"kaže|ističe|navodi|naglašava|smatra|poručuje|istaknuo|istaknula|izjavio|izjavila|"
    r"said|says|stated|added|emphasized|emphasised|noted|explained|stressed|underlined|announced|told|highlighted|"
    r"pointed)"
)
_PREPOSITIONS = frozenset(
    "u na iz za sa s od do po prema kod ka ke o in at from to with of for by on into near".split()
)

# `[.!?:](?=...)|\n` with its first characters in one class, so that the engine skips to them
_SENT_END_RE = re.compile(r"[.!?:\n](?:(?<=\n)|(?=\s+[\"„“”«]?[" + _UP + r"]))")
_ABBREV = frozenset("mr dr mrs ms prof st g gđa br tzv v.d d doc mag ing dipl h.e sc d.o.o o.o d.d a.d".split())

# words that end a name run, or show that a run is an organisation, a place or a date: stems of head nouns
# (with any case ending) and whole function words, month and day names
_BLOCK_STEM_RE = re.compile(
    r"(?:opcin|opstin|ministarstv|ministry|ministries|vlad|government|agencij|agency|fond|fund|fondacij|"
    r"foundation|centr|centar|center|centre|udruzenj|udrug|association|savez|program|programme|projek|"
    r"project|delegacij|delegation|ambasad|embassy|kancelarij|office|ured|zavod|institut|skol|school|"
    r"univerzitet|university|sveucilist|republik|republic|federacij|federation|kanton|canton|zupanij|county|"
    r"bank|komor|chamber|sluzb|service|direkcij|grad|city|cities|municipalit|town|unij|union|drzav|skupstin|"
    r"assembly|sabor|parlament|parliament|fakultet|faculty|bolnic|hospital|muzej|museum|gimnazij|"
    r"akademij|academy|asocijacij|mrez|network|klaster|cluster|inkubator|zajednic|community|naselj|regij|"
    r"region|vijec|odbor|komisij|commission|council|committee|nacij|nation|evrop|europ|balkan|srbij|"
    r"hrvatsk|bosn|hercegovin|makedonij|albanij|kosov|sloven|japan|svajcarsk|svicarsk|switzerland|"
    r"svedsk|njemack|nemack|german|austrij|norvesk|americk|america|sjedinjen|united|ujedinjen|nizozemsk|"
    r"holandij|netherland|dansk|denmark|finsk|francusk|france|britanij|britain|ital|turs|turk|kin|"
    r"januar|februar|mart|april|avgust|august|septemb|oktob|novemb|decemb|sijecanj|sijecnj|veljac|ozujk|"
    r"ozujak|travanj|travnj|svibanj|svibnj|lipanj|lipnj|srpanj|srpnj|kolovoz|rujan|rujn|listopad|studen|"
    r"prosinac|prosinc|january|february|march|june|july|september|october|november|december|ponedjelj|"
    r"ponedelj|utor|srijed|sred|cetvrt|petak|petk|subot|nedjelj|nedelj|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|foto|photo|izvor|source|video|vijest|vest|tanjug|fena|srna|hina|anadolij|"
    r"ministar|ministr|premijer|predsjednik|predsednik|direktor|nacelnik|gradonacelnik|ambasador|mayor|"
    r"director|minister|president|deputy|acting|ambassador|manager|representative|secretar|chairman|"
    r"gospodin|gospodj|zakon|strategij|strategy|memorandum|sporazum|ugovor|agreement|javn|public|lokaln|"
    r"local|razvoj|development|park|ulic|street|bulevar|aerodrom|airport|stadion|dvoran|hotel|crkv|church|"
    r"dzamij|mosque|sector|sektor|department|odjel|odjeljenj|odeljenj|operation|initiative|inicijativ|"
    r"fondov|ekonomsk|economic|socijaln|social|forum|konferencij|conference|festival|sajam|fair|promet|trade|"
    r"komerc|comerc|commerce|export|eksport|import|group|grup|invest|holding|consulting|konsalting|kompanij|"
    r"company|compan|firm|transport|gradnj|build|tours|tour|agro|energij|energy|media|medij|pharm|farm|"
    r"solutions|servis|tehnik|tech|logistik|logistic|market|shop|auto|mljekar|pekar|mesar|hotel|motel|"
    r"restoran|restaurant|cafe|kafe|pizzeria|studio|radio|televizij|television|portal|magazin|bashki|"
    r"bashkis|komun|qark|opstina|opstinat|grado)"
    r"(?:a|e|i|u|o|om|oj|ama|ima|em|ov|ovi|ova|s|es|ska|ske|skoj|sku|ski|skog|skom|ija|ije|iji|iju|ies|y|al|"
    r"se|ne|es|ut|ta|ot)?",
)
# words that start sentences and headlines: they end a run but say nothing about what follows
_BLOCK_FUNCTION = frozenset(
    "the a an of and in on at for to by with from this that these those u na za po od iz sa s kod do o i ali te "
    "kao koji koja koje ovaj ova ovo taj ta to nakon prije pre tokom tijekom prema uz putem kroz during while "
    "meanwhile also however after before according mr ms mrs dr prof sir gospodin gospodja foto photo izvor "
    "source video".split()
)
_BLOCK_EXACT = frozenset(
    "eu un bih rs fbih the a an of and in on at for to by with from this that these those u na za po od iz sa s "
    "kod do o i ali te kao koji koja koje ovaj ova ovo taj ta to nakon prije pre tokom tijekom prema uz putem "
    "kroz head prime mr ms mrs dr prof sir st sv sveti sveta svetog svete saint maj maja may jun juna jul jula "
    "plan most dom doma domu hall sala kuca house news beta klix during while meanwhile also however after "
    "before according on ona ono oni one ja mi vi he she they we it his her its their istok zapad sjever sever "
    "jug polje brdo vakuf novo novi nova novog novom nove donji donja donje donjeg donjem gornji gornja gornje "
    "gornjeg gornjem veliki velika veliko velikog velikoj velike mali mala malo malog maloj stari stara staro "
    "starog istočni istocni istočno istocno istočnog istocnog zapadni zapadno južni juzni sjeverni severni "
    "bosanski bosanska bosansko bosanskog bosanskoj banja banje banji banjoj srpski srpska srpsko srpske srpskoj "
    "istočna istocna istočne istocne istočnoj istocnoj zapadna južna juzna sjeverna severna zapadnoj južnoj "
    "sanski sanskog sanskom slavonski slavonskog slavonskom nova novoj novu stara staroj stare "
    "crna crne crnoj grada dana danas".split()
)
# countries of the donors (the region's own are `is_country_name`'s), in English and in the local languages (folded,
# the case forms a donor country's name takes most), and the words of the region's names of two words:
# `Ambassador of Switzerland to North Macedonia`, `funded by Sweden`
_OTHER_COUNTRY_WORDS = frozenset(
    "gore herzegovina slovenia slovenija sweden svedska svedske switzerland svicarska svicarske svajcarska "
    "svajcarske norway norveska norveske japan japana germany njemacka njemacke nemacka nemacke austria austrija "
    "austrije czechia czech ceska ceske netherlands holland nizozemska nizozemske holandija holandije denmark danska "
    "danske finland finska finske italy italija italije france francuska francuske spain spanija spanjolska turkey "
    "turska turske hungary madjarska madjarske luxembourg luksemburg luksemburga america amerika amerike britain "
    "britanija britanije kingdom canada kanada kanade korea koreja koreje china kina kine russia rusija rusije "
    "ukraine ukrajina ukrajine poland poljska poljske greece grcka grcke bulgaria bugarska bugarske romania rumunija "
    "rumunjska".split()
)
# the word right before a name that makes it the name of a street, school, prize or body
_ORG_BEFORE_RE = re.compile(
    r"(?:ulic[aeiu]|ul|trg[u]?|bulevar[u]?|naselj[eau]|škol[aeiu]|skol[aeiu]|oš|sš|ju|jp|jkp|"
    r"gimnazij[aeiu]|univerzitet[au]?|sveučilišt[eau]|fakultet[au]?|aerodrom[au]?|stadion[au]?|dom[au]?|"
    r"bolnic[aeiu]|nagrad[aeiu]|"
    r"imena|memorijal[au]?|street|school|university|airport|award|d\.o\.o|doo|d\.d|a\.d|"
    r"firm[aeiu]|preduzeć[aeu]|poduzeć[aeu]|kompanij[aeiu]|company|radnj[aeiu]|obrt[au]?|szr|"
    r"marke|brend[au]?|brand|list[au]?|portal[au]?|časopis[au]?)\.?"
)


_LEGAL_FORM_RE = re.compile(r"(?:d\.o\.o|doo|d\.d|a\.d)\.?")


def _names_a_company_before(text: str, pos: int) -> bool:
    """Whether a legal form ending at `pos` follows the company's name (`„Drvo Plus“ d.o.o.`), so that what comes
    after it is not the name (`i d.o.o. Alma Ras` writes the form first)."""
    before = text[pos - 40 if pos > 40 else 0 : pos].rstrip()
    if before.endswith(("“", "”", "\"", "»")):
        return True
    words = before.split()
    return bool(words) and words[-1][:1].isupper()


def _last_word(text: str, start: int) -> str:
    """The lower-case word right before `start` (after at most a few spaces), or ''."""
    j = start
    while j > 0 and text[j - 1] == " ":
        j -= 1
    if j == start:
        return ""
    # most often the word is all letters back to a space: found by `rfind` and one test instead of a step a letter
    lo = j - 20 if j > 20 else 0
    i = text.rfind(" ", lo, j) + 1 or lo
    word = text[i:j]
    if word.replace(".", "").isalpha():
        return word.lower()
    i = j
    while i > 0 and j - i < 20 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:j].lower()
_ADDRESS_AFTER_RE = re.compile(r" (?:br\. ?)?\d{1,3}[a-zA-Z]?(?:,| [" + _UP + r"]|\n|$)")
_OPEN_QUOTES = "„“\"«»‘'‚"
_CLOSE_QUOTES = "“”\"»«’'"

_MOD = (
    r"(?:(?:općinsk|opštinsk|opcinsk|opstinsk|gradsk|državn|drzavn|pokrajinsk|izvršn|izvrsn|projektn|glavn|"
    r"federaln|kantonaln|resorn|republičk|regionaln|generaln|lokaln|stručn|tehničk|izvanredn|posebn|"
    r"opunomoćen|županijsk|zupanijsk|stalni|stalna|viš|programsk|samostaln|mlađ)"
    r"(?:i|a|og|oga|om|ome|oj|e|u|im|ih)|"
    r"v\.\s?d\.|vd|vršilac dužnosti|vršioca dužnosti|vršiocem dužnosti|vršiteljica dužnosti|"
    r"acting|deputy|executive|vice|state|prime|general|chief|regional|national|senior|project|programme|"
    r"program|team|country|managing|assistant|interim|local|municipal|provincial|former|resident|the)"
)
# `[,;:()\n"„“”!?]|\.(?=\s+\S*[UP]|\s*$)| (?:i|and|te) (?=[UP])| – | - `, where a cut may start, with the characters
# every branch opens with in one class first and each branch told by the one it took: the engine skips to them,
# where a pattern that opens with a choice of branches is tried at every place (only where a cut starts is read)
_AFTER_CUT_RE = re.compile(
    r"[,;:()\n\"„“”!?. ](?:(?<=[,;:()\n\"„“”!?])|(?<=\.)(?=\s+\S*[" + _UP + r"]|\s*$)"
    r"|(?<= )(?:(?:i|and|te) (?=[" + _UP + r"])|– |- ))"
)
_CONJ_START_RE = re.compile(
    r"^(?:i|te|a|and|or|ili|kao|as|but|ali|koji|koja|who|which|zatim|potom|then|while|dok|made|during|u|na|in|at)\b"
)
# `\b(?:je|su|...)\b` with the boundary before each word read after its first letter: the engine skips to them
_VERBISH_RE = re.compile(words_after(r"\w", "je su će ce bi da koji koja koje što sto is are was were has have who "
                                            "which that".split()) + r"\b")


def _role_forms(nom: str, gender: str, stem: str) -> list[tuple[str, bool]]:
    """All case forms of a role word (singular and plural), each with whether it is plural."""
    if gender == "-":
        return [(nom, nom.endswith("s") and not nom.endswith("ss"))]
    out = [(nom, False)]
    if gender == "f" or (nom.endswith(("a", "e")) and gender == "f"):
        s = nom[:-1] if nom.endswith(("a", "e")) else nom
        out += [(s + e, False) for e in ("e", "i", "u", "om", "oj")]
        out += [(s + e, True) for e in ("ama",)]
        return out
    s = stem or nom
    if nom.endswith("i") or nom.endswith("ći"):  # adjectival noun: predsjedavajući
        b = nom[:-1]
        return out + [(b + e, False) for e in ("eg", "ega", "em", "emu", "im")]
    out += [(s + e, False) for e in ("a", "u", "om", "em", "e")]
    plural = [s + "i", s + "ima", s + "e"]
    if s.endswith("k"):
        plural += [s[:-1] + "ci", s[:-1] + "cima"]
    out += [(p, True) for p in plural]
    return out


@dataclass(frozen=True, slots=True)
class _RoleLex:
    nominative: dict[str, tuple[str, str, bool]]  # form -> (nominative, gender, plural)
    regex: re.Pattern[str]  # every form, as a trie so that a match costs the length of a word

    def finditer(self, low: str) -> Iterator[re.Match[str]]:
        """`regex.finditer(low)`, the regex tried only where the shared pass over the lower-case text finds a
        form as a whole word: the pass reports every form at every place, so where none has a word boundary on both
        sides (`ministar` in `ministarstvo`) the regex cannot match either."""
        n = len(low)
        starts = {end - k + 1 for end, k in _ROLE_KEYS.hits(low)
                  if (end + 1 == n or not _in_word(low[end + 1])) and (end < k or not _in_word(low[end - k]))}
        return finditer_at(self.regex, low, sorted(starts))


def _in_word(c: str) -> bool:
    """What `[\\w\\-]` matches, the class the role regex's boundaries exclude."""
    return c.isalnum() or c == "_" or c == "-"


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation per shared prefix (`direktor(?:a|ica|ka)?...`): matching no longer tries every word."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


@functools.lru_cache(maxsize=1)
def _roles() -> _RoleLex:
    """Role words in every case form (lower case, Latin, with and without diacritics); built once."""
    path = resources.files("devatlas.understand").joinpath("data", "people_roles.tsv")
    table: dict[str, tuple[str, str, bool]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        nom, gender = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "-")
        stem = parts[2].strip() if len(parts) > 2 else ""
        for form, plural in _role_forms(nom, gender, stem):
            table.setdefault(form, (nom, gender, plural))
            plain = form.translate(_PLAIN)
            if plain != form:
                table.setdefault(plain, (nom, gender, plural))
    regex = re.compile(r"(?<![\w\-])" + _trie_pattern(sorted(table)) + r"(?![\w\-])")
    return _RoleLex(table, regex)


# every role form: where in a text `_RoleLex.regex` can match
_ROLE_KEYS = key_list("lower", lambda: {form: len(form) for form in _roles().nominative})


def _find_role(low: str) -> re.Match[str] | None:
    """The first role word in lower-case text."""
    return _roles().regex.search(low)


_PLAIN = str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "d"})


_MOD_RE = re.compile(_MOD)
# possessive: a word's letters and its hyphenated parts are never given back (what follows is white space, which
# they do not hold), so the search does not retry every split of each word before the role
_PREV_WORD_RE = re.compile(r"(v\.\s?d\.|vršio?(?:ca|cem|lac) dužnosti|[^\W\d_]++(?:-[^\W\d_]++)*+)\s+$")
# the same, with the word read only from its first letter (no letter or hyphen before it): the search no longer
# reads the rest of a word from each of its letters. It finds what `_PREV_WORD_RE` finds, or nothing where the window
# opens inside the last word (or after a hyphen), which `_prev_word` then leaves to `_PREV_WORD_RE`
_PREV_WORD_AT_START_RE = re.compile(
    r"(v\.\s?d\.|vršio?(?:ca|cem|lac) dužnosti|(?<!-)(?<![^\W\d_])[^\W\d_]++(?:-[^\W\d_]++)*+)\s+$")


def _prev_word(lw: str, pos: int, endpos: int) -> re.Match[str] | None:
    """`_PREV_WORD_RE.search(lw, pos, endpos)`: the word (or `v.d.`, `vršioca dužnosti`) that white space alone
    parts from `endpos`."""
    return _PREV_WORD_AT_START_RE.search(lw, pos, endpos) or _PREV_WORD_RE.search(lw, pos, endpos)


@dataclass(slots=True)
class _Mention:
    start: int  # offsets in the original text
    end: int
    tokens: list[str]  # Latin script
    nominative: list[str]
    gender: str
    confidence: float
    role: str = ""
    role_kind: str = ""  # after | before
    role_at: int = -1  # where the role phrase starts
    evidence: str | None = None  # what the verbs around say of the gender (`_gender_evidence` without a role)


@dataclass(slots=True)
class _PersonAcc:
    name: list[str]
    gender: str
    confidence: float
    surface: list[str] = field(default_factory=list)  # the words of the mention the name was read from
    spans: list[Span] = field(default_factory=list)
    roles: list[tuple[int, str, int, int]] = field(default_factory=list)  # (priority, role, start, end)
    votes: list[str] = field(default_factory=list)  # gender evidence from every mention


def _orig_end(end: int, offs: Sequence[int]) -> int:
    """The original offset just after the Latin-view character before `end` (a span's end)."""
    return offs[end - 1] + 1 if end > 0 else 0


@functools.lru_cache(maxsize=32768)
@functools.lru_cache(maxsize=32768)
def _folded_surname_forms(surname: str) -> tuple[str, ...]:
    """Every form of a surname, folded (cached: a document names the same people several times, and every
    document the same public figures)."""
    return tuple(fold(f) for f in surname_forms(surname))


@functools.lru_cache(maxsize=32768)
def _block_kind(tok: str) -> int:
    """0: may be part of a name; 1: a function or role word; 2: a word of an organisation's or place's name."""
    if not _blocked(tok):
        return 0
    return 1 if fold(tok) in _BLOCK_FUNCTION or tok.lower() in _roles().nominative else 2


@functools.lru_cache(maxsize=32768)
def _blocked(tok: str) -> bool:
    f = fold(tok)
    if f in _BLOCK_EXACT or f in _OTHER_COUNTRY_WORDS or is_country_name(f) or tok.lower() in _roles().nominative:
        return True
    return bool(_BLOCK_STEM_RE.fullmatch(f)) and first_name_gender(tok) is None


def _sentence_starts(lt: str) -> list[int]:
    """Where sentences start (after a full stop before a capital, or a line break), found once per text."""
    out = [0]
    for m in _SENT_END_RE.finditer(lt):
        j = m.start()  # a match is the one character that ends the sentence
        # an abbreviation before the full stop (dr., Mr., v.d.) does not end the sentence; six letters or dots
        # before it make a word too long to be one (none has six)
        if lt[j] != "\n" and (j < 6 or not lt[j - 6 : j].replace(".", "").isalpha()):
            k = j
            while k > 0 and j - k < 6 and (lt[k - 1].isalpha() or lt[k - 1] == "."):
                k -= 1
            if lt[k:j].lower() in _ABBREV or j - k == 1:
                continue
        out.append(j + 1)
    return out


# small patterns of the role phrases, compiled once
_VRSIOC_RE = re.compile(r"\bvršioc(?:a|em|u)\b")
_ACTING_END_RE = re.compile(r"\b(?:v\.\s?d\.|vd|vršilac|dužnosti)\s*$")
_ADJ_ENDING_RE = re.compile(r"\b(\w+?)(?:og|oga|om|ome|oj|e|u|im|ih|i|a)\b(?=\s)")
_APPOSITION_RE = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?(,|\(|–|-)\s*")


def _nominative_role(phrase: str, gender_hint: str | None) -> tuple[str, str]:
    """The role phrase with its role word (and the adjectives before it) in the nominative; and its gender.

    A role word that depends on another (`v.d. direktora`, `vršioca dužnosti direktora`) stays as it is.
    """
    lex = _roles()
    m = _find_role(phrase)
    if not m:
        return phrase, ""
    nom, gender, plural = lex.nominative[m.group()]
    before = phrase[: m.start()]
    if gender == "-":
        if plural and m.group().endswith("s"):  # `mayors of X and Y, A and B`: each is a mayor
            return before + m.group()[:-1] + phrase[m.end() :], ""
        return phrase, ""
    before = _VRSIOC_RE.sub("vršilac", before)
    if _ACTING_END_RE.search(before):
        return before + phrase[m.start() :], gender
    # adjectives before the head agree with it: put them in the nominative of its gender
    ending = "a" if gender == "f" else "i"
    before = _ADJ_ENDING_RE.sub(
        lambda mm: mm.group(1) + ending if _MOD_RE.fullmatch(mm.group(0)) else mm.group(0),
        before,
    )
    return before + nom + phrase[m.end() :], gender


# the quotes a role phrase sheds: most phrases hold none, and one search says so (a translation looks every
# character of a phrase with diacritics up in a table, the search only scans)
_QUOTES_RE = re.compile("[\"„“”«»]")


def _clean_role(phrase: str) -> str:
    if _QUOTES_RE.search(phrase) is not None:
        phrase = _QUOTES_RE.sub("", phrase)
    # runs of white space become one space by a split and a join, not a regex substitution: the two differ only at
    # the ends, which the strip takes off either way
    phrase = " ".join(phrase.split()).strip(" ,;:–-—'()")
    words = phrase.split(" ")
    while words and words[-1].strip(".").lower() in _TITLE_WORDS:
        words.pop()
    while words and words[0].lower() in ("the", "a", "an", "zatim", "potom", "i", "and"):
        words.pop(0)
    return " ".join(words).strip(" ,;:–-—")


def _role_after(lt: str, end: int) -> tuple[str, int, bool]:
    """`NAME, ROLE ...` or `NAME (ROLE)`: the role phrase right after a name.

    Returns the phrase, where it starts, and whether it runs straight into another name (`NAME, ROLE NAME2`,
    where the role may be the second person's instead).
    """
    tail = lt[end : end + 200]
    # white space, then a comma, a bracket or a dash (a bracketed number first is a bracket too): most names have none
    m = _APPOSITION_RE.match(tail) if tail.lstrip()[:1] in (",", "(", "–", "-") else None
    if not m:
        return "", -1, False
    rest = tail[m.end() :]
    if m.group(1) == "(":
        stop = rest.find(")")
        rest = rest[:stop] if stop >= 0 else ""
    cut = len(rest)
    for mm in _AFTER_CUT_RE.finditer(rest):
        cut = mm.start()
        break
    phrase = rest[:cut]
    into_name = False
    # another person's name inside the phrase ends it
    for mm in _RUN_RE.finditer(phrase):
        words = mm.group().split(" ")
        for i, w in enumerate(words[:-1]):
            if is_first_name_form(w) and not _blocked(words[i + 1]):
                cut = mm.start() + sum(len(x) + 1 for x in words[:i])
                phrase = phrase[:cut]
                into_name = True
                break
        if into_name:
            break
    low = phrase.lower()
    vm = _VERBISH_RE.search(low)
    if vm:  # `..., representative of X were also present`: the clause ends at its verb
        phrase, low = phrase[: vm.start()], low[: vm.start()]
    if not low.strip() or _CONJ_START_RE.match(low):
        return "", -1, False
    m2 = _find_role(low)
    if not m2:
        return "", -1, False
    # only modifiers or capitalised words (an organisation's name) may stand before the role word
    pre_words = phrase[: m2.start()].split()
    if len(pre_words) > 3 or any(not (w[:1].isupper() or _MOD_RE.fullmatch(w.lower())) for w in pre_words):
        return "", -1, False
    return _clean_role(low), end + m.end(), into_name


def _role_before(
    lw: str, start: int, sent_start: int, hits: list[re.Match[str]], hit_starts: list[int],
    taken: list[tuple[int, int]], owned: set[int],
) -> tuple[str, bool, int]:
    """`ROLE (ORG|PLACE) NAME`: the nearest role word before a name in the same sentence, if nothing bars it.

    `hits` are the role words of the whole text (found once). Returns the phrase and whether the role word is
    plural (a role shared by a list of names).
    """
    i = bisect.bisect_left(hit_starts, start) - 1
    if i < 0 or hits[i].start() < (start - 220 if start - 220 > sent_start else sent_start):
        return "", False, -1
    last = hits[i]
    lex = _roles()
    rs = last.start()
    # take in role words and modifiers right before it: `zamenik direktora`, `državni sekretar`, `v.d.`
    while rs > sent_start:
        mm = _prev_word(lw, rs - 40 if rs - 40 > sent_start else sent_start, rs)
        if not mm:
            break
        w = mm.group(1)
        if w in lex.nominative or _MOD_RE.fullmatch(w) or w.startswith(("v.", "vrši")):
            rs = mm.start()
            continue
        break
    seg = lw[last.end() : start]
    plural = lex.nominative[last.group()][2]
    if seg.count(" ") > 15 or _VERBISH_RE.search(seg):
        return "", False, -1
    # a name between the role and this one: the role is that person's, unless a plural role heads a list
    inside = [t for t in taken if rs <= t[0] < start]
    if inside:
        if not plural:
            return "", False, -1
        gap = lw[inside[-1][1] : start].strip(" ,")
        if gap not in ("i", "and", "te", ""):
            return "", False, -1
        return _clean_role(lw[rs : inside[0][0]]), True, rs
    # `X, ROLE Y`: the role was read as X's apposition and is theirs
    if rs in owned or last.start() in owned:
        return "", False, -1
    return _clean_role(lw[rs:start]), plural, rs


def _gender_evidence(lw: str, start: int, end: int, role_gender: str) -> str | None:
    """`f` or `m` from a feminine role word or the ending of the verb the person is the subject of.

    A masculine role word says nothing: women are often called `načelnik`, `ministar`, `predstavnik`.
    """
    if role_gender == "f":
        return role_gender
    after = lw[end : end + 50].split()[:4]
    before = lw[start - 40 if start > 40 else 0 : start].split()[-3:]
    for words, near in ((after, range(len(after))), (before, range(len(before) - 1, -1, -1))):
        for i in near:
            w = words[i].strip(",.;:")
            g = _participle_gender(w)
            if g and (w in _speech_words() or any(x in _JE for x in words[i - 1 if i > 1 else 0 : i + 2])):
                return g
    return None


def _participle_gender(word: str) -> str | None:
    """`rekla` -> f, `rekao` / `naglasio` -> m: the past participle agrees with its subject."""
    if len(word) >= 4 and word.endswith("la") and word[-3] not in "l":
        return "f"
    if len(word) >= 4 and word[-1] == "o" and word[-2] in "aeiu":
        return "m"
    return None


_JE = frozenset(("je", "su", "ga", "is", "has", "had", "was"))
_ADVERBS = frozenset("danas tada takođe također takodje još i also then today".split())


@functools.lru_cache(maxsize=1)
def _speech_words() -> frozenset[str]:
    return frozenset(_SPEECH[3:-1].split("|"))


# what people do in these stories besides speaking: enough to vouch for two capitalised words, not for one
_ACTS = frozenset(
    "potpisao potpisala posjetio posjetila posetio posetila obišao obišla pozdravio pozdravila zahvalio zahvalila "
    "uručio uručila predstavio predstavila otvorio otvorila prisustvovao prisustvovala izrazio izrazila čestitao "
    "čestitala podsjetio podsjetila podsetio podsetila obratio obratila sastao sastala razgovarao razgovarala "
    "signed visited met welcomed thanked appreciated presented opened handed attended expressed reiterated "
    "confirmed congratulated addressed recalled urged invited praised".split()
)


@functools.lru_cache(maxsize=1)
def _acts_and_speech() -> frozenset[str]:
    return _speech_words() | _ACTS


def _spoken(lw: str, start: int, end: int, broad: bool = False) -> bool:
    """A verb of saying right before (`naglasio je ministar X`, `said X`) or after (`X je istakla`, `X said`).

    `broad` also takes other verbs people are the subject of (`X je potpisao`, `X visited`).
    """
    speech = _acts_and_speech() if broad else _speech_words()
    roles = _roles().nominative
    before = lw[start - 50 if start > 50 else 0 : start].rsplit(None, 3)[-3:]  # the last three words, split no further
    if before:
        if before[-1] in speech:
            return True
        if len(before) >= 2 and (before[-1] in _JE or before[-1] in roles) and before[-2] in speech:
            return True
        if len(before) == 3 and before[-1] in roles and before[-2] in _JE and before[-3] in speech:
            return True
        if before[-1] in _PREPOSITIONS:
            return False  # `u Zagrebu je potpisao`: a place, not a speaker
    if lw[end : end + 1] != " ":
        return False
    after = lw[end : end + 50].split(None, 4)[:4]
    while after and (after[0] in _JE or after[0] in _ADVERBS):
        after.pop(0)
    return bool(after) and after[0] in speech


def _titled(before: str) -> bool:
    w = _last_word(before, len(before))
    return w in _TITLES or w.rstrip(".") in _TITLES


_AND_RE = re.compile(r"\s(?:i|and|te)\s+")


def _lists_other_roles(phrase: str) -> bool:
    """Whether a role phrase goes on with `i`/`and` and another role word: roles of other people."""
    for m in _AND_RE.finditer(phrase):
        rm = _find_role(phrase[m.end():])
        if rm is not None and rm.start() <= 20:
            return True
    return False


def _role_for(
    lt: str, lw: str, start: int, end: int, sent_starts: list[int], hits: list[re.Match[str]],
    hit_starts: list[int], taken: list[tuple[int, int]], owned: set[int],
) -> tuple[str, str, int]:
    """The role a name is given: after it (`NAME, ROLE`) first, else before it (`ROLE NAME`)."""
    role, role_at, into_name = _role_after(lt, end)
    role_kind = "after" if role else ""
    # `Gradonačelnik X, šef Delegacije ... i predstavnica ... uručili su`: roles of others listed after the name,
    # when the name has a role of its own before it (`X, gradonačelnika ... i predsednika SKGO` are X's both)
    listed = bool(role) and _lists_other_roles(role)
    if not role or into_name or listed:
        k = bisect.bisect_right(sent_starts, start) - 1
        if k > 0 and not lt[sent_starts[k]:start].strip() and lt[sent_starts[k] - 1 : sent_starts[k]] == ":":
            k -= 1  # `Voditeljica projekta: Marina Perica`: a label's role names the person after the colon
        sent_start = sent_starts[k]
        role_b, _, rs = _role_before(lw, start, sent_start, hits, hit_starts, taken, owned)
        if role_b:
            role, role_kind, role_at = role_b, "before", rs
    if not role:
        role_s, rs = _signature_role(lt, lw, start, end)
        if role_s:
            role, role_kind, role_at = role_s, "before", rs
    return role, role_kind, role_at


# what may follow a signature's name on its line: `v.r.` (signed by hand), `s.r.`, a degree (`dipl. ecc.`, `mr. sc.`)
_SIGNED_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:(?:v\.\s?r|s\.\s?r|dipl\.(?:\s?[a-z]{2,5}\.?){0,2}|mr\.\s?sc|dr\.\s?sc"
                           r"|mag\.(?:\s?[a-z]{2,5}\.?){0,2}|prof|ing|oec|ecc)\.?[ \t,]*)+")


def _signature_role(lt: str, lw: str, start: int, end: int) -> tuple[str, int]:
    """`OPĆINSKI NAČELNIK` on the line above a name that stands alone on its line: a signature's role."""
    line_start, line_end = line_bounds(lt, start, end)
    if lt[line_start:start].strip(" \t-–•*") or (lt[end:line_end].strip(" \t.,")
                                                   and not _SIGNED_AFTER.fullmatch(lt, end, line_end)):
        return "", -1
    if line_start < 2:
        return "", -1
    above_start = lt.rfind("\n", 0, line_start - 1) + 1
    above = lw[above_start:line_start - 1]
    if not above.strip() or len(above.split()) > 8 or any(c.isdigit() for c in above) or ":" in above:
        return "", -1
    rm = _find_role(above)
    if rm is None or above[: rm.start()].strip(" \t-–•*").count(" ") > 2:
        return "", -1
    return _clean_role(above), above_start


def _name_beats_place(toks: list[tuple[int, int, str]], i: int, place_cover: _Cover) -> bool:
    """A place found on one word of `Given Surname` (a village called like a surname or a given name) yields.

    A place span over both words (`Han Pijesak`) still wins.
    """
    s, e, _ = toks[i]
    # a place over this word that covers more: one that starts before it and reaches into it, or one that starts
    # inside it and ends after it (the spans by start, beside the running maximum of their ends)
    k = bisect.bisect_left(place_cover.starts, s)
    if place_cover.max_end[k] > s or any(
            place_cover.ends[j] > e for j in range(k, bisect.bisect_left(place_cover.starts, e, k))):
        return False  # the place covers more than this word
    if i > 0 and is_first_name_form(toks[i - 1][2]) and not _block_kind(toks[i - 1][2]):
        return True
    if i + 1 < len(toks) and is_first_name_form(toks[i][2]) and not _block_kind(toks[i + 1][2]):
        ns, ne, _ = toks[i + 1]
        return not _span_blocked(ns, ne, place_cover)
    return False


class _Cover:
    """Spans, asked whether one of them contains a given span: sorted starts beside the running maximum of the
    ends answer in one bisection instead of a scan of every span for every word."""

    __slots__ = ("ends", "max_end", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.max_end = list(itertools.accumulate((e for _, e in spans), max, initial=-1))

    def __bool__(self) -> bool:
        return bool(self.starts)


def _span_blocked(start: int, end: int, cover: _Cover) -> bool:
    return cover.max_end[bisect.bisect_right(cover.starts, start)] >= end


class _Named:
    """The names of the organisations (then the places) whose spans a role phrase may name: their spans by start,
    each with the index of its name, so that the spans over a phrase are found by bisection instead of a scan of
    every span for every phrase."""

    __slots__ = ("longest", "names", "spans", "starts")

    def __init__(self, organisations: list[Organisation], places: list[Place]) -> None:
        self.names = [o.name for o in organisations] + [p.name for p in places]
        named_spans = [o.spans for o in organisations] + [p.spans for p in places]
        self.spans = sorted((sp.start, sp.end, k) for k, spans in enumerate(named_spans) for sp in spans)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def over(self, start: int, end: int) -> str:
        """The first organisation (else place) with a span over [start, end), as a scan in their order finds it; a
        span that starts more than the longest span's length before `start` cannot reach it."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        first = min((k for _, e, k in self.spans[lo:hi] if e > start), default=-1)
        return self.names[first] if first >= 0 else ""


def find_people(
    text: str | AnalysedText, organisations: list[Organisation], places: list[Place], language: str
) -> list[Person]:
    """Every named person, once, in the nominative and Latin script, with role and all spans."""
    doc = analyse(text)
    text, lt, offs = doc.text, doc.latin, doc.latin_offsets
    if lt is text:  # a Latin text: its lower-case view is made already
        lw = doc.lower
    else:
        lw = doc.latin_lower
        if len(lw) != len(lt):  # a letter whose lower case is longer: keep offsets by lowering one by one
            lw = "".join(c.lower()[:1] or c for c in lt)
    declines = language not in ("en", "sq", "mk")
    # a one-person business named after its holder (`OPG Pleše Marko`) names a person too
    org_spans = [(sp.start, sp.end) for o in organisations if o.name.split(" ", 1)[0] not in HOLDER_NAMED_FORMS
                 for sp in o.spans]
    place_spans = [(sp.start, sp.end) for p in places for sp in p.spans]
    # work on the Latin view: map other modules' spans into it when Cyrillic letters became two (or none)
    if not doc.latin_aligned:
        org_spans = [(doc.latin_index(s), doc.latin_index(e)) for s, e in org_spans]
        place_spans = [(doc.latin_index(s), doc.latin_index(e)) for s, e in place_spans]
    place_starts = {s for s, _ in place_spans}
    place_cover, org_cover = _Cover(place_spans), _Cover(org_spans)
    hits = list(_roles().finditer(lw))
    hit_starts = [m.start() for m in hits]
    sent_starts = _sentence_starts(lt)

    mentions: list[_Mention] = []
    singles: list[tuple[int, int, str]] = []  # start, end, token
    taken: list[tuple[int, int]] = []
    owned: set[int] = set()  # where role phrases start that already belong to someone named before them
    for run in _RUN_RE.finditer(lt):
        g = run.group()
        if " " not in g:  # a lone capitalised word: kept for when every full name is known
            # `_blocked` is whether `_block_kind` is non-zero, without a call around it
            if not _blocked(g) and not (place_spans and _span_blocked(run.start(), run.end(), place_cover)):
                singles.append((run.start(), run.end(), g))
            continue
        toks = []
        pos = run.start()
        for w in run.group().split(" "):
            toks.append((pos, pos + len(w), w))
            pos += len(w) + 1
        # the name is what follows the last word that cannot be part of a name
        last_block = -1
        org_block = False  # a word of an organisation's or place's name (not a role word) before the name
        for i, (s, e, w) in enumerate(toks):
            kind = _block_kind(w)
            if not kind and place_spans and (s in place_starts or _span_blocked(s, e, place_cover)):
                kind = 0 if _name_beats_place(toks, i, place_cover) else 2
            if kind:
                last_block = i
                org_block = org_block or kind == 2
        had_block = last_block >= 0
        cand = toks[last_block + 1 :]
        if not cand:
            continue
        if len(cand) > 2:
            # `Kupresa Ante Jurić`: the name starts at its given name
            for i in range(len(cand) - 1):
                if is_first_name_form(cand[i][2]):
                    cand = cand[i:]
                    break
            else:
                if not had_block or not _titled(lt[cand[0][0] - 25 if cand[0][0] > 25 else 0 : cand[0][0]]):
                    # no given name known: after a role or a place the last two words are the likeliest name
                    cand = cand[-2:]
        if len(cand) > 4:
            continue
        start, end = cand[0][0], cand[-1][1]
        if _span_blocked(start, end, org_cover):
            continue
        before = lt[start - 40 if start > 40 else 0 : start]
        if (before and before[-1] in _OPEN_QUOTES) or (end < len(lt) and lt[end] in _CLOSE_QUOTES):
            continue  # a quoted title or a name inside one
        if lt[end : end + 1] == " " and _ADDRESS_AFTER_RE.match(lt, end):  # the pattern opens with a space
            continue  # `Boška Tošića 4, Banja Luka`: a street named after a person
        prev = _last_word(lt, start)
        if (_ORG_BEFORE_RE.fullmatch(prev) and _last_word(lw, start - len(prev) - 1) not in _roles().nominative
                and not (_LEGAL_FORM_RE.fullmatch(prev) and is_first_name_form(cand[0][2])
                         and _names_a_company_before(lt, start - len(prev) - 1))):
            continue  # `škola Nikola Tesla`; but after `d.o.o.` the company's name has ended: `d.o.o. Milica X`
        words = [w for _, _, w in cand]
        if len(words) == 1:
            singles.append((start, end, words[0]))
            continue
        role, role_kind, role_at = _role_for(lt, lw, start, end, sent_starts, hits, hit_starts, taken, owned)
        if role_kind == "after":
            owned.add(role_at)
        if had_block and not role and (org_block or not is_first_name_form(words[0])) and not _titled(before):
            continue  # `Agencija Razvoj Plus`, `Škola Nikola Tesla`: words of an organisation's name
        role_gender = ""
        oblique_role = False
        if role:
            rm = _find_role(role)
            if rm:
                role_nominative, role_gender, plural = _roles().nominative[rm.group()]
                # `predsjednici` is a plural or a woman's dative: only a singular form is declined with the name
                oblique_role = role_kind == "before" and rm.group() != role_nominative and not plural
        # a feminine role word decides, and so does a masculine one declined with the name (`gradonačelniku Milanu
        # Pejinu`: a woman would be `gradonačelnici`); otherwise the verbs around, read once for the hint and the vote
        evidence = "m" if oblique_role and role_gender == "m" else _gender_evidence(lw, start, end, "")
        hint = "f" if role_gender == "f" else evidence
        nom, gender, conf = _nominative_keeping_initials(words, hint, declines)
        known = first_name_gender(nom[0]) is not None
        if not (known or role):
            titled = _titled(before)
            if not (titled or _spoken(lw, start, end, broad=True)) or (len(words) > 3 and not titled):
                continue
        if not known and (_in_headline(lt, start) or any(_common_word(lt, w) for w in words)):
            continue  # `Mayor Opens New Kindergarten`: capitalised common words, not a name
        if role:
            role = _nominative_role(role, gender)[0]
        mentions.append(_Mention(start, end, words, nom, gender, conf, role, role_kind, role_at, evidence))
        taken.append((start, end))

    # one person per full name; the reading with the most confidence names them
    people: list[_PersonAcc] = []
    by_key: dict[str, _PersonAcc] = {}
    for m in mentions:
        key = fold(m.nominative[-1]) + "|" + fold(m.nominative[0])[:3]
        acc = by_key.get(key)
        if acc is None:
            acc = _PersonAcc(m.nominative, m.gender, m.confidence, m.tokens)
            by_key[key] = acc
            people.append(acc)
        elif m.confidence > acc.confidence:
            acc.name, acc.gender, acc.confidence, acc.surface = m.nominative, m.gender, m.confidence, m.tokens
        acc.spans.append(_span(text, offs, m.start, m.end, "people:" + (m.role_kind or "name")))
        if m.role:
            acc.roles.append((2 if m.role_kind == "after" else 1, m.role, m.role_at, m.role_at + len(m.role)))
        vote = m.evidence
        if vote:
            acc.votes.append(vote)

    # bare surnames: the same person when already named, otherwise a person of their own when vouched for
    forms: dict[str, _PersonAcc] = {}
    for acc in people:
        for tok in acc.name[1:]:
            for f in _folded_surname_forms(tok):
                forms.setdefault(f, acc)
    for start, end, tok in singles:
        acc = forms.get(fold(tok))
        if acc is None:
            if len(tok) < 3 or first_name_gender(tok) is not None:
                continue
            # the cheap tests first: a word in quotes or inside an organisation's name is no one's surname
            if (start and lt[start - 1] in _OPEN_QUOTES) or (end < len(lt) and lt[end] in _CLOSE_QUOTES):
                continue
            if _span_blocked(start, end, org_cover):
                continue
            if not (
                _titled(lt[start - 40 if start > 40 else 0 : start])
                or _spoken(lw, start, end)
                or _role_right_before(lw, start, end, hits, hit_starts)
            ):
                continue
            if _common_word(lt, tok):
                continue
        role, _, role_at = _role_for(lt, lw, start, end, sent_starts, hits, hit_starts, taken, owned)
        if acc is None:
            acc = _PersonAcc([tok], "", 0.0, [tok])
            people.append(acc)
            for f in _folded_surname_forms(tok):
                forms.setdefault(f, acc)
        acc.spans.append(_span(text, offs, start, end, "people:surname"))
        if role:
            acc.roles.append((0, _nominative_role(role, acc.gender or None)[0], role_at, role_at + len(role)))
        vote = _gender_evidence(lw, start, end, "")
        if vote:
            acc.votes.append(vote)

    people = _merge_original_spellings(people, text)
    out: list[Person] = []
    named: _Named | None = None  # made for the first role
    for acc in people:
        if len(acc.surface) > 1 and acc.votes and declines:
            # what every mention says of the person's gender may overrule one mention's reading
            vote = max(("f", "m"), key=acc.votes.count)
            if acc.votes.count(vote) > len(acc.votes) / 2 and vote != acc.gender:
                nom, gender, _ = nominative_name(acc.surface, vote, declines)
                if gender == vote:
                    acc.name = nom
        role = org = ""
        if acc.roles:
            _, role, rs, re_ = max(acc.roles, key=lambda r: (r[0] > 0, len(r[1].split()) <= 12, len(r[1]), r[0]))
            if rs >= 0:
                if named is None:
                    named = _Named(organisations, places)
                org = named.over(offs[rs], _orig_end(min(re_, len(lt)), offs))
        spans = tuple(sorted(set(acc.spans), key=lambda s: s.start))
        out.append(Person(name=" ".join(to_latin(t) for t in acc.name), role=role, organisation=org, spans=spans))
    return out


def _merge_original_spellings(people: list[_PersonAcc], text: str) -> list[_PersonAcc]:
    """`Томас Шнајдер (Thomas Schneider)`: a name in brackets right after a transcribed one is the same person
    in the original spelling, which becomes the name."""
    merged: set[int] = set()
    # only a person named in brackets somewhere can be the original spelling of another: the others are not paired
    bracketed = {b for b, other in enumerate(people)
                 if any(s.start >= 2 and text[s.start - 2 : s.start] == " (" and text[s.end : s.end + 1] == ")"
                        for s in other.spans)}
    if not bracketed:
        return people
    for a, acc in enumerate(people):
        for b, other in enumerate(people):
            if b not in bracketed or a == b or b in merged or a in merged or len(other.name) != len(acc.name):
                continue
            if any(text[sa.end : sb.start] == " (" and text[sb.end : sb.end + 1] == ")"
                   for sa in acc.spans for sb in other.spans):
                acc.name, acc.surface, acc.gender = other.name, other.surface, acc.gender or other.gender
                acc.spans.extend(other.spans)
                acc.roles.extend(other.roles)
                merged.add(b)
                bracketed.add(a)  # it holds the bracketed span now
    return [acc for n, acc in enumerate(people) if n not in merged]


def _role_right_before(lw: str, start: int, end: int, hits: list[re.Match[str]], hit_starts: list[int]) -> bool:
    """`ministrica Perić je`, `ministrica Perić i načelnik Babić`: a nominative role word, then the surname."""
    i = bisect.bisect_left(hit_starts, start) - 1
    if i < 0 or hits[i].end() != start - 1:
        return False
    form = hits[i].group()
    nom, _, plural = _roles().nominative[form]
    if form != nom or plural:
        return False  # `gradonačelnika Tuzle`: a genitive after a declined role word is a place
    words = lw[end : end + 40].split()[:2]
    if words and words[0] in ("i", "and", "te") and len(words) > 1:
        return words[1] in _roles().nominative  # `ministrica Perić i načelnik Babić`
    return bool(words) and (words[0] in _JE or words[0] in _speech_words())


def _in_headline(lt: str, pos: int) -> bool:
    """Whether `pos` lies in a short line whose words are nearly all capitalised (an English-style title)."""
    a = lt.rfind("\n", 0, pos) + 1
    b = lt.find("\n", pos)
    line = lt[a : b if b >= 0 else len(lt)]
    if len(line) > 160:
        return False
    if "," in line or ". " in line:
        return False  # a sentence or a caption listing people, not a title
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _nominative_keeping_initials(
    words: list[str], hint: str | None, declines: bool
) -> tuple[list[str], str, float]:
    """`Marka M. Markovića` -> `Marko M. Marković`: initials and particles do not decline; the rest is read."""
    keep = [w for w in words if not (w.endswith(".") or w.islower())]
    if len(keep) == len(words) or not keep:
        return nominative_name(words, hint, declines)
    nom, gender, conf = nominative_name(keep, hint, declines)
    it = iter(nom)
    return [w if (w.endswith(".") or w.islower()) else next(it) for w in words], gender, conf


def _common_word(lt: str, tok: str) -> bool:
    """Whether a capitalised word also occurs in lower case in the text: a common word, not a surname."""
    low = tok.lower()
    i = lt.find(low)
    while i >= 0:
        if (i == 0 or not lt[i - 1].isalpha()) and not lt[i + len(low) : i + len(low) + 1].isalpha():
            return True
        i = lt.find(low, i + 1)
    return False


def _span(text: str, offs: Sequence[int], start: int, end: int, rule: str) -> Span:
    s, e = offs[start], _orig_end(end, offs)
    return Span(s, e, text[s:e], rule)
