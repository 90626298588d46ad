"""Named projects, programmes, funds and initiatives, with acronym and full title linked into one item.

A project name is almost never in a closed list: it is found next to a word that says "project" (in any case
form, either script, BCS or English) as a quoted title, as the capitalised words that follow or precede that word,
or as a title that starts with the project word itself (`Programa finansiranja ...`, mid-sentence, capitalised).
An acronym in parentheses after a title joins the two (`Projekat integralnog lokalnog razvoja (ILDP)`); the same
acronym written elsewhere is the same project. Where the head word is declined it is put back in the nominative.
Donors, kinds of bodies and organisations found by the organisation module are never returned as projects.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from devatlas.model import Organisation, Project, Span
from devatlas.text.analysed import analyse
from devatlas.text.inflect import phrase_forms
from devatlas.text.keyscan import key_list
from devatlas.text.names import first_name_gender
from devatlas.text.regex import finditer_at, lower_case_alike
from devatlas.text.script import fold, to_latin
from devatlas.text.sentences import line_starts, opens_sentence

# --- word classes -------------------------------------------------------------------------------------------------

# Project words in every case form. The family decides the nominative; `plural` forms only count in a title.
_CUE_FORMS: dict[str, tuple[str, ...]] = {
    "projekt_sg": ("projekat", "projekt", "projekta", "projektu", "projektom", "пројекат", "пројекта", "пројекту",
                   "пројектом", "проект", "проектот", "projektit", "projektin"),
    "projekt_pl": ("projekti", "projekte", "projekata", "projektima", "пројекти", "пројекте", "пројеката",
                   "пројектима", "проекти", "проектите"),
    "program_sg": ("program", "programa", "programu", "programom", "програм", "програма", "програму", "програмом",
                   "програмата", "програмот", "programit", "programin"),
    "program_pl": ("programi", "programe", "programima", "програми", "програме", "програмима"),
    "fond_sg": ("fond", "fonda", "fondu", "fondom", "фонд", "фонда", "фонду", "фондом", "фондот",
                "fondit", "fondin"),
    "fond_pl": ("fondovi", "fondova", "fondove", "fondovima", "фондови", "фондова", "фондове", "фондовима"),
    "inic_sg": ("inicijativa", "inicijative", "inicijativi", "inicijativu", "inicijativom", "иницијатива",
                "иницијативе", "иницијативи", "иницијативу", "иницијативом"),
    "en": ("project", "programme", "initiative", "fund", "activity"),  # USAID names its projects `... Activity`
    # campaigns and actions count only with a quoted name (`u okviru akcije „Zelena Topola“`)
    "act": ("akcija", "akcije", "akciji", "akciju", "akcijom", "kampanja", "kampanje", "kampanji", "kampanju",
            "kampanjom", "campaign", "акција", "акције", "акцији", "акцију", "кампања", "кампање", "кампањи",
            "кампању"),
    "sec": ("akademija", "akademije", "akademiji", "akademiju", "akademijom", "академија", "академије",
            "академији", "академију", "academy", "instrument", "instrumenta", "instrumentu", "instrumenata",
            "инструмент", "инструмента", "инструмената"),
}
_CUE_FAMILY = {form: fam for fam, forms in _CUE_FORMS.items() for form in forms}
_NOMINATIVE = {"projekt_sg": "Projekat", "projekt_pl": "Projekti", "program_sg": "Program", "program_pl": "Programi",
               "fond_sg": "Fond", "fond_pl": "Fondovi", "inic_sg": "Inicijativa"}
_FEMININE = {"inic_sg", "sec"}

# Words are found by stem and then looked up: one pass over the text that only tries word starts.
_CUE_STEMS = ("proj", "prog", "fond", "fund", "inic", "init", "akad", "acad", "instr", "akcij", "kampanj", "campaign",
              "activit",
              "пројек", "програм", "фонд", "иницијат", "академ", "инструм", "акциј", "кампањ", "проект")
_CUE_RE = re.compile(r"(?<!\w)(?=[pfiakcпфиакPFIAKCПФИАК])(?:" + "|".join(_CUE_STEMS) + r")\w*", re.I)
# The stems in the shared pass over the lower-case text: `_CUE_RE` is tried only where one stands. Case-insensitive
# matching also takes a few letters whose lower case is another letter (dotless ı for i, long ſ for s, old
# Cyrillic forms of д, о, с, т); a text holding one is scanned in full.
_CUE_KEYS = key_list("lower", lambda: {stem: len(stem) for stem in _CUE_STEMS})
_CUE_ODD_LETTERS = "ıſᲁᲂᲃᲄᲅ"
# Scraped pages lose the break between a headline and the next sentence (`Vijeća EvropeAkademiju za lidere`).
# a lower-case letter, then Projek|Program|Akadem|Fond|Inicij: the look-behind stands after the capital, so that
# scanning skips to the capitals
_CUE_JOINED_RE = re.compile(r"(?:P(?<=[a-zčćšžđ]P)(?:rojek|rogram)|A(?<=[a-zčćšžđ]A)kadem|F(?<=[a-zčćšžđ]F)ond"
                            r"|I(?<=[a-zčćšžđ]I)nicij)\w*")
_CUE_JOINED_KEYS = key_list("lower", lambda: {w: len(w) for w in ("projek", "program", "akadem", "fond", "inicij")})
_TOK = re.compile(r"\d{4}\.?[ \t]?[-–][ \t]?\d{4}(?:\.(?=[ \t]*[“”\"»)]))?|[^\W_]+(?:[-'’/.][^\W_]+)*|[^\w\s]")


def _skip_space(text: str, pos: int) -> int:
    """Where `[ \t\u00a0]*` matched at `pos` ends, stepped over in Python: after a word there is one space or none,
    which costs less to step over than a call into the regex engine."""
    n = len(text)
    if pos > n:
        pos = n
    while pos < n and text[pos] in " \t\u00a0":
        pos += 1
    return pos


# Words that end a title: verbs of being, relative pronouns, clause conjunctions (BCS, Cyrillic, English).
_STOP = frozenset(
    "je su će ce bi se sam smo ste biti bio bila bilo bili nije nisu koji koja koje kojeg kojega kojem kojemu kojim "
    "kojima kojoj koju kojih čiji čija čije čijeg što šta čemu kome a ali te dok kao jer da kako gdje gde kada kad "
    "ni niti pa "
    # verbs that follow a project word as its predicate (`Projekt financira ...`, `Fond sufinancira ...`)
    "finansira financira finansiraju financiraju sufinansira sufinancira podržava podržavaju sprovodi provodi "
    "realizuje realizira implementira obuhvata obuhvaća uključuje predviđa traje ima vodi počinje završava "
    "финансира суфинансира подржава спроводи реализује обухвата укључује предвиђа траје "
    "је су ће би се нису није који која које којег којем којим којима којој коју чији чија што а али те док као "
    "да како гдје где када "
    "is was are were will would be been being has have had which that who whose where when as by through under "
    "within from while whereas this these".split()
)
# Small words that may stand inside a title but never end one.
_CONNECT = frozenset(
    "i u na za sa s o od do iz po pri prema kroz ka ili и у на за са с о од до из по при кроз "
    "of for and the in on to with a an at or".split()
)
# Organisation head nouns: a title stops before them (`Programu ... Ministarstva regionalnog razvoja`).
# `programa Evropske unije`: the owner of the programme, not its name
_EU_GENITIVE = re.compile(r"(?:Evropsk|Europsk|Европск)\w*[ \t]+(?:[Uu]nij|[Уу]ниј)")


def _eu_genitive_at(text: str, pos: int) -> bool:
    """Whether `_EU_GENITIVE` matches at `pos`; its words open with a Latin or a Cyrillic E, tested first."""
    return text[pos : pos + 1] in ("E", "Е") and _EU_GENITIVE.match(text, pos) is not None


_ORG_HEAD = re.compile(
    r"(?:Vijeć|Већ|Savjet|Savet|Council|Ministarstv|Министарств|Ministry|Vlad[aeiuo]|Влад[аеиуо]|Government|Agencij|Агенциј|Agency|Ambasad|"
    r"Амбасад|Embassy|Delegacij|Делегациј|Delegation|Zavod|Завод|Ured[a-z]*$|Kancelarij|Канцеларij|Фондациј|"
    r"Fondacij|Foundation|Općin|Opštin|Општин|Municipalit|Grad(?:a|u|om)$|Града$|Граду$|Udruženj|Udrug|Удружењ|"
    r"Savez|Савез|Komor|Комор|Univerzitet|Sveučilišt|Универзитет|Kanton|Кантон|Županij)"
)
_PARTICIPLE = re.compile(r"(?:[ae]n[aeio]?|[uj]t[aeio]?|[aeiou]o|[aeiu]l[aeio]|[ае]н[аеио]?|[аеиу]л[аеио])$")
_AUX_AFTER = frozenset("je su će bi se је су ће би се is was are were".split())
_ORDINAL = frozenset(
    "prvi prvog prvom drugi drugog drugom treći trećeg trećem četvrti četvrtog četvrtom peti petog petom "
    "први првог другог други трећи трећег четврти четвртог first second third fourth fifth next another each "
    "ovaj ovog ovom taj tog tom ovaj ovi ove ovih svaki svakog jedan jednog jedne naš našeg vaš njihov "
    "овај овог овом тај тог том сваки".split()
)
_ROLE_AFTER = re.compile(
    r"[ \t]+(?:manager|director|coordinator|officer|team|assistant|implementation|unit|office|board|committee|"
    r"steering|staff|partners?|proposals?|cycles?|area|sites?|budget|value|period|duration|website|activities|"
    r"documentation|menadžer|menadžerka|menadžerica|direktor|"
    r"direktorica|direktorka|koordinator|koordinatorica|koordinatorka|tim|менаџер|директор|координатор)\b",
    re.IGNORECASE,
)
_FUNDED = re.compile(r"-(?:fund|financ|support|back|led|run|sponsor|finans|podrž|подрж|финанс)")
# Words before a project word that make the capitalised words after it a person (`koordinator projekta Marko ...`).
_ROLE_BEFORE = re.compile(
    r"(?:direktor\w*|koordinator\w*|menadžer\w*|manager|director|coordinator|officer|voditelj\w*|rukovodi\w*|"
    r"šef\w*|predstavni\w*|asistent\w*|savjetni\w*|savetni\w*|leader|head|директор\w*|координатор\w*|"
    r"менаџер\w*|руководи\w*|представни\w*)[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?$",
    re.IGNORECASE,
)
# Funds that are public institutions, not programmes (environment, pension and health insurance funds).
_INSTITUTION_FUND = re.compile(
    r"\bfond\w* (?:za )?(?:zastit\w* (?:okolis|zivotne sredine|prirode)|zdravstven|penzij|mirovinsk|invalid|pio|mio)"
)
# The EU's own funds (`Europski fond za regionalni razvoj`) are sources of money, not projects.
_EU_FUND = re.compile(r"(?:europsk|evropsk|european)\w* (?:\w+ )?(?:fond|fund)")
_CUE_IN_NAME = re.compile(r"(?:program|projek|project|fond|fund|inicijativ|initiative)")


@lru_cache(maxsize=4096)
def _named_by_cue(name: str) -> bool:
    """Whether a body's name opens with a project word (`Fond za ...`, `Program ...`) and may name a programme; a
    fund that a state, entity or local government owns (`Fond za razvoj Republike Srbije`) is that body."""
    folded = fold(name)
    return _CUE_IN_NAME.match(folded) is not None and _OWNER.search(folded) is None


_OWNER = re.compile(r"\b(?:republike|federacije|crne gore|kantona|zupanije|distrikta|grada|opcine|opstine)\b")
_UN = re.compile(r"\b(?:ujedinjenih nacija|ujedinjenih naroda|united nations|un|уједињених нација)\b", re.IGNORECASE)
_NAMING = re.compile(
    r"(?:pod nazivom|pod imenom|naziva|(?:koji|koja|koje) nosi (?:naziv|ime)|nazvan\w*|под називом|под именом|"
    r"(?:који|која|које) носи (?:назив|име)|titled|entitled|called|named|dubbed)[ \t]+",
    re.IGNORECASE
)
# the two patterns read in the lower-case view without ignoring case, where `lower_case_alike` says they find the
# same there (their letters are all lower case, and only where they end is read)
_ROLE_AFTER_LOWER = re.compile(_ROLE_AFTER.pattern)
_NAMING_LOWER = re.compile(_NAMING.pattern)
_QUOTED = re.compile(
    r"''(?P<q2>[^'\n]{2,200}?)''|'(?P<q3>[^'\n]{2,200}?)'(?!\w)|[„“”\"«»‘’‚](?P<q1>[^„“”\"«»‘’\n]{2,200}?)[“”\"»«’‘]"
)
_OPENERS = "„“”\"«»‘’‚"
_PAREN_BEFORE = re.compile(r"\((?P<acr>[^()\n]{2,15})\)[ \t]*$")
_PAREN_ACR = re.compile(r"[ \t]*\((?P<acr>[^()\n]{2,20})\)")
_LOWER_EN_TITLE = frozenset("of for and the in on to with a an at".split())
# Adjective endings (`Regionalnom programu`, `Razvojnog programa`, `Nacionalna inicijativa`).
_ADJ_ANY = re.compile(r"[nskčvjl](?:i|a|e|u|og|oga|om|omu|em|im|oj)$|[нскчвјл](?:и|а|е|у|ог|ом|ој|им)$")
_ADJ_MASC = re.compile(r"(?:oga|omu|og|om|em|eg|ega|emu|im|ог|ом|ем|им)$")
_ADJ_FEM = re.compile(r"(?:oj|om|e|u|ој|ом|е|у)$")


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Donors, countries and kinds of bodies that sit next to project words but are not project names."""
    path = resources.files("devatlas.understand").joinpath("data", "project_not_names.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(x.strip()) for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def _programmes() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The register of funding programmes: per programme, its declining names (`head > rest`) and fixed ones."""
    raw = resources.files("devatlas.understand").joinpath("data", "programme_register.tsv").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, declined, fixed = line.split("\t")
        out.append((tuple(a.strip() for a in declined.split("|") if a.strip()),
                    tuple(a.strip() for a in fixed.split("|") if a.strip())))
    return tuple(out)


def _programme_forms() -> dict[str, tuple[str, int, str, bool]]:
    """Folded form -> (form, programme index, name, acronym?): every case form of the declining names, and the
    fixed names as they are."""
    table: dict[str, tuple[int, str, bool]] = {}
    for i, (declined, fixed) in enumerate(_programmes()):
        for alias in declined:
            head, _, rest = alias.partition(">")
            name = " ".join(alias.replace(">", " ").split())
            for form in phrase_forms(head, rest):
                table.setdefault(form, (i, name, False))
        for alias in fixed:
            table.setdefault(fold(alias), (i, alias, _is_acronym(alias.split()[0])))
    return {form: (form, *val) for form, val in table.items()}


_PROGRAMME_KEYS = key_list("folded", _programme_forms)


_CAPITALISED_NEXT = re.compile(r"[ \t]+(?:[IVX]+\b|[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ])")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """`Interreg IPA Serbia – Bosnia`, `IPA II`: an acronym between capitalised words belongs to a longer name."""
    if _CAPITALISED_NEXT.match(text, end):
        return True
    prev = _WORD_BEFORE.search(text, max(0, start - 40), start)
    # a capitalised word just before, unless it only opens the sentence (`Sredstva NPOO-a`)
    return prev is not None and prev.group(1)[:1].isupper() and not opens_sentence(text, prev.start(1))


def _programme_mentions(text: str) -> list[_Cand]:
    """Registered programmes named anywhere (`iz Nacionalnog plana oporavka i otpornosti`, `NextGenerationEU`):
    a declining name written with its capital, an acronym written exactly. All mentions of one programme share
    its acronym, so that they make one project."""
    doc = analyse(text)
    folded, offs = doc.folded, doc.fold_offsets
    n = len(folded)
    programmes = _programmes()
    out = []
    for end, (form, idx, name, acro) in _PROGRAMME_KEYS.hits(folded):
        start = end - len(form) + 1
        if (start > 0 and folded[start - 1].isalnum()) or (end + 1 < n and folded[end + 1].isalnum()):
            continue
        s, e = offs[start], offs[end] + 1
        written = to_latin(text[s:e])
        if (written != name) if acro else not written[:1].isupper():
            continue
        if acro and _inside_longer_name(text, s, e):
            continue
        _, fixed = programmes[idx]
        acronym = next((a for a in fixed if " " not in a and _is_acronym(a)), "")
        out.append(_Cand(name, s, e, "programme-register", acronym=name if acro else acronym, programme=idx))
    return out


# --- candidates ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    name: str
    start: int
    end: int
    rule: str
    acronym: str = ""
    link: int = -1  # a title starting here belongs to the same project (`MEG projekta - Projekat ...`)
    programme: int = -1  # the entry of the programme register this mention names


def _is_acronym(tok: str) -> bool:
    """`ILDP`, `ReLOaD2`, `EU4M`, `D4D`, `ELoGE`: capitals beyond the first letter, or letters mixed with digits."""
    if len(tok) < 2 or not tok[0].isalnum() or not any(c.isalpha() for c in tok):
        return False
    caps = sum(c.isupper() for c in tok)
    return caps >= 2 or (caps >= 1 and any(c.isdigit() for c in tok))


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


# small patterns, compiled once
# the look-behinds after the first letter: a search starts only at a word's first letter, not at each of its letters
_LAST_WORD = re.compile(r"([^\W\d_](?<![^\W\d_]{2})[^\W\d_]*+)[ \t]*+$")
_WORD_BEFORE = re.compile(r"([^\W\d_](?<![^\W\d_]{2})[^\W\d_]*+)[ \t]++$")
_CLAUSE_PUNCT = re.compile(r"[,;]|\.\s")
_DASH_AFTER = re.compile(r"[ \t]*[-–—][ \t]*")
_ACR_AT_END = re.compile(r"\((?P<acr>[^()]{2,20})\)\s*$")


def _prev_word(text: str, pos: int) -> str:
    m = _LAST_WORD.search(text[pos - 40 if pos > 40 else 0 : pos])
    return m.group(1).lower() if m else ""


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


_NO_END = sys.maxsize  # beyond every span's end: `(pos, _NO_END)` sorts after every span that starts at `pos`


def _walk(text: str, pos: int, english: bool, org_spans: list[tuple[int, int]], limit: int = 22) -> list[
        tuple[int, int]]:
    """Tokens of a title that starts at `pos`, up to the first word that cannot be part of one."""
    toks: list[tuple[int, int]] = []
    start0 = pos
    # only the spans after the start can hold a token of the title (`org_spans` is sorted)
    after_start = org_spans[bisect_left(org_spans, (start0, -1)):]
    subtitle = sub_lower = False
    n = len(text)
    while len(toks) < limit:
        pos = _skip_space(text, pos)
        if pos >= n:
            break
        m = _TOK.match(text, pos)
        if m is None:
            break
        tok = m.group()
        if not tok[0].isalnum():
            if tok in "-–—&+" and toks:
                nxt = _TOK.match(text, _skip_space(text, m.end()))
                if nxt is not None and nxt.group()[0].isalnum():
                    subtitle = subtitle or tok != "&"
                    pos = m.end()
                    continue
            break
        low = tok.lower()
        # an organisation inside a title ends it; at its first word the project word has already said what it is
        in_org = bool(toks) and any(
            b > m.start() for _, b in after_start[:bisect_right(after_start, (m.start(), _NO_END))])
        if low in _STOP or _ORG_HEAD.match(tok) or in_org or _eu_genitive_at(text, pos):
            break
        if (not english and low in ("u", "na", "iz", "у", "на", "из") and toks
                and all(text[a].isupper() for a, _ in toks)):
            nxt = _TOK.match(text, _skip_space(text, m.end()))
            if nxt is not None and nxt.group()[:1].isupper():
                break  # `projekta MEG u Srebreniku`: the place is where, not part of the name
        if not english and low in ("i", "и") and toks and all(text[a].isupper() for a, _ in toks):
            nxt = _TOK.match(text, _skip_space(text, m.end()))
            if nxt is not None and nxt.group()[:1].isupper():
                break  # `programa EU PROGRES i Evropski PROGRES`: two names, not one
        if tok[0].islower():
            if (not english and len(toks) >= 2 and low not in _CONNECT
                    and all(text[a].isupper() for a, _ in toks)):
                break  # `programa Hrvatska – Crna Gora poboljšati ...`: a run of names, then the sentence goes on
            if english and low not in _LOWER_EN_TITLE and not sub_lower:
                break
            if english and subtitle and low in _LOWER_EN_TITLE:
                sub_lower = True  # `LEP Krajina – Improving the labour market ...`: a sentence-case subtitle
            nxt = _TOK.match(text, _skip_space(text, m.end()))
            if nxt is not None and nxt.group().lower() in _AUX_AFTER and _PARTICIPLE.search(low):
                break
        toks.append((m.start(), m.end()))
        pos = m.end()
    while toks and text[toks[-1][0] : toks[-1][1]].lower() in _CONNECT:
        toks.pop()
    last = text[toks[-1][0] : toks[-1][1]] if toks else ""
    if len(toks) >= 2 and last.isdigit() and len(last) == 4 and text[toks[-2][0] : toks[-2][1]].lower() in _CONNECT:
        toks = toks[:-2]  # `... za 2025. godinu`: the year is not the title
    return toks


def _walk_back_en(text: str, pos: int, org_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised words just before an English project word (`the LEP Krajina project`, `IPA Programme`)."""
    lo = pos - 160 if pos > 160 else 0
    nl = text.rfind("\n", lo, pos)
    lo = nl + 1 if nl >= 0 else lo
    toks = [(m.start() + lo, m.end() + lo, m.group()) for m in _TOK.finditer(text[lo:pos])]
    out: list[tuple[int, int]] = []
    for i in range(len(toks) - 1, -1, -1):
        s, e, tok = toks[i]
        if tok in "-–—" and (out or i == len(toks) - 1):
            continue
        if not tok[0].isalnum():
            break
        low = tok.lower()
        if _FUNDED.search(low) or low.endswith(("'s", "’s")) or _in_spans(s, org_spans):
            break  # `the EU-funded ...`, `USAID's ...`: the donor is not in the title
        title_word = _is_cap(tok) and low not in ("the", "a", "an", "this", "that", "our", "its", "their")
        # `Development in the Danube Region`: `the` after a connector stays inside the title
        inner_the = low == "the" and out and i > 0 and toks[i - 1][2] in ("in", "of", "for", "on", "to")
        if title_word or inner_the or (low in _LOWER_EN_TITLE and low not in ("the", "a", "an") and out):
            out.append((s, e))
        else:
            break
    while out and text[out[-1][0] : out[-1][1]].lower() in _CONNECT:
        out.pop()
    out.reverse()
    if (len(out) > 2 and opens_sentence(text, out[0][0]) and not _is_acronym(text[out[0][0] : out[0][1]])
            and text[out[1][0] : out[1][1]] in ("of", "for", "in", "on")):
        out = out[2:]  # `Partners of the LEP Krajina project`: the sentence's first word is not in the title
        if out and text[out[0][0] : out[0][1]] == "the":
            out = out[1:]
    if len(out) == 1 and opens_sentence(text, out[0][0]) and not _is_acronym(text[out[0][0] : out[0][1]]):
        return []  # `Municipal project ...` at the start of a sentence: an ordinary capital
    return out


_ROMAN = re.compile(r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)")


def _acr_before(text: str, pos: int) -> tuple[int, int] | None:
    """An acronym (optionally with a number) just before a BCS project word: `MEG projekta`, `ReLOaD 2 programa`."""
    lo = pos - 40 if pos > 40 else 0
    toks = [(m.start() + lo, m.end() + lo, m.group()) for m in _TOK.finditer(text[lo:pos])]
    if not toks:
        return None
    s, e, tok = toks[-1]
    numbered = (tok.isdigit() and len(tok) <= 2) or _ROMAN.fullmatch(tok) is not None
    if numbered and len(toks) >= 2 and _is_acronym(toks[-2][2]):
        s = toks[-2][0]  # `ReLOaD 2 programa`, `IPA III programa`
        tok = toks[-2][2]
    elif numbered or not _is_acronym(tok):
        return None
    if "-" in tok:  # `UNDP-a`: a declined acronym is an organisation
        return None
    return s, e


def _person_after(text: str, cue_start: int, first: re.Match[str]) -> bool:
    """`koordinator projekta Marko Marković`: a role before the project word, or a known given name after it."""
    if _ROLE_BEFORE.search(text, cue_start - 40 if cue_start > 40 else 0, cue_start):
        return True
    tok = to_latin(first.group())
    if tok[:1].isupper() and not _is_acronym(tok) and first_name_gender(tok) is not None:
        nxt = _TOK.match(text, _skip_space(text, first.end()))
        return nxt is not None and nxt.group()[:1].isupper()
    return False


def _nominative_head(words: list[str], family: str, head_idx: int, language: str) -> list[str]:
    """The project word (and capitalised adjectives before it) back in the nominative."""
    out = list(words)
    head = to_latin(out[head_idx])
    nom = _NOMINATIVE.get(family)
    if family == "projekt_sg" and (language in ("hr", "mk", "sq") or head.lower() in ("projekt", "проект")):
        nom = "Projekt"
    if family == "sec":
        low = head.lower()
        nom = "Akademija" if low.startswith("akademij") else "Instrument" if low.startswith("instrumen") else None
    if nom is not None:
        out[head_idx] = nom if head[:1].isupper() else nom.lower()
    fem = family in _FEMININE or (family == "sec" and nom == "Akademija")
    for i in range(head_idx):
        w = to_latin(out[i])
        if fem:
            out[i] = _ADJ_FEM.sub("a", w) if _ADJ_FEM.search(w) else w
        else:
            out[i] = _ADJ_MASC.sub("i", w) if _ADJ_MASC.search(w) else w
    return out


def _surface(text: str, toks: list[tuple[int, int]]) -> str:
    return text[toks[0][0] : toks[-1][1]]


def _paren_acronym(text: str, pos: int) -> tuple[str, int] | None:
    """`(ILDP)` right after a title: the acronym and where the parenthesis ends."""
    i, n = pos, len(text)
    while i < n and text[i] in " \t":
        i += 1
    if text[i : i + 1] != "(":
        return None  # `_PAREN_ACR` opens with spaces or tabs and a bracket: most titles have none after them
    m = _PAREN_ACR.match(text, pos)
    if m is None:
        return None
    acr = m.group("acr").strip()
    words = acr.split()
    if not words or len(words) > 3 or not any(_is_acronym(w) for w in words):
        return None
    return acr, m.end()


def _quoted_at(text: str, pos: int, view: str | None) -> re.Match[str] | None:
    pos = _skip_space(text, pos)
    if text.startswith(",", pos):  # `Najveći projekt, „Obnova tvrđave Brod – faza III“`
        q = _QUOTED.match(text, _skip_space(text, pos + 1))
        return q if q is not None and _title_like(q.group("q1") or q.group("q2") or q.group("q3") or "") else None
    nm = _NAMING.match(text, pos) if view is None else _NAMING_LOWER.match(view, pos)
    if nm is not None:
        pos = nm.end()
    return _QUOTED.match(text, pos)


_QUOTE_CHARS = frozenset("„“”\"«»")


# A kind of body just before a quoted name makes the name that body's (`Udruženje „...“`, `JKP „...“`).
_BODY_BEFORE = re.compile(
    r"(?<!\w)(?:Udruženj\w*|Udrug\w*|Fondacij\w*|Zaklad\w*|Centa?r\w*|Center|JKP|JP|JU|ОШ|OŠ|Škol\w*|Dom\w*|Klub\w*|"
    r"Društv\w*|Zadrug\w*|Preduzeć\w*|Poduzeć\w*|Kompanij\w*|Company|Association|Foundation|NVO|NGO|"
    r"Удружењ\w*|Фондациј\w*|Центар\w*|ЈКП|ЈП|ЈУ|Школ\w*|Дом\w*|Клуб\w*|Друштв\w*|Задруг\w*|Предузећ\w*)"
    r"[ \t]*$",
    re.IGNORECASE,
)


# one quote mark: the engine skips to the next one, where a loop over the characters would test each
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")


def _inside_quotes(text: str, cs: int, ce: int) -> tuple[int, int] | None:
    """The quoted span around a project word, when an odd number of quote marks stands before it on its line."""
    lo = text.rfind("\n", 0, cs) + 1
    if lo < cs - 150:
        lo = cs - 150
    marks = [m.start() for m in _QUOTE_MARK.finditer(text, lo, cs)]
    if len(marks) % 2 == 0:
        return None
    hi = text.find("\n", ce)
    hi = len(text) if hi < 0 else hi
    if hi > ce + 200:
        hi = ce + 200
    close = _QUOTE_MARK.search(text, ce, hi)
    if close is None:
        return None
    return marks[-1], close.start() + 1


def _title_like(quoted: str) -> bool:
    """A quoted name rather than quoted speech: short, no clause punctuation, no verb of being or pronoun."""
    words = quoted.split()
    if not 2 <= len(words) <= 18 or not quoted[:1].isupper() or _CLAUSE_PUNCT.search(quoted):
        return False
    return not any(w.lower() in _STOP and w.lower() not in ("a", "а") for w in words)


# a closing quote, an acronym in brackets, then `, a three-year`, `, an EU-funded`: what the project word names
_APPOSITION_BEFORE = re.compile(r"[“”\"»](?:[ \t]*\((?P<acr>[^()\n]{2,20})\))?[ \t]*,[ \t]*(?:a|an)[ \t]+"
                                r"(?:[\w-]+[ \t]+){0,3}$")


def _quoted_before(text: str, pos: int) -> tuple[int, int, str] | None:
    """A quoted title that ends just before `pos` (`the “We can” project`)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 1 or text[i] not in "“”\"»’'":
        return None
    j = i - 1
    lo = i - 200 if i > 200 else 0
    while j >= lo and text[j] not in _OPENERS and text[j] != "\n":
        j -= 1
    if j < lo or text[j] == "\n" or i - j < 3:
        return None
    return j, i + 1, text[j + 1 : i]


# `\b` written after the first capital (as no word character before it): the engine skips to the capitals
_ACR_CASE = re.compile(
    r"([A-ZА-Я](?<!\w[A-ZА-Я])[\w]*[A-ZА-Я0-9][\w]*)[-–](?:a|u|om|e|ov|ova|ija|iju|ijem|ом|а|у|е|ија)\b")


def _clean(name: str) -> str:
    """Spaces collapsed, quotes and dashes trimmed, declined acronyms back in the base form (`PROGRES-a`)."""
    name = _ACR_CASE.sub(r"\1", " ".join(name.split()))
    return name.strip(" ,.;:-–—'\"“”„«»‘’")


def _candidates(text: str, org_spans: list[tuple[int, int]], language: str) -> list[_Cand]:
    """Every place a project name is written, before grouping."""
    out: list[_Cand] = []
    english = language == "en"
    low = analyse(text).lower
    view = low if lower_case_alike(low) else None  # where the smaller patterns read alike in lower case
    if any(c in text for c in _CUE_ODD_LETTERS):
        found = _CUE_RE.finditer(text)
    else:
        found = finditer_at(_CUE_RE, text, _CUE_KEYS.starts(low))
    cues = [m for m in found if m.group().lower() in _CUE_FAMILY]
    joined = [m for m in finditer_at(_CUE_JOINED_RE, text, _CUE_JOINED_KEYS.starts(low))
              if m.group().lower() in _CUE_FAMILY]
    if joined:
        cues = sorted(cues + joined, key=lambda m: m.start())
    for m in cues:
        cue = m.group()
        family = _CUE_FAMILY[cue.lower()]
        cs, ce = m.start(), m.end()
        cue_cap = cue[:1].isupper()
        en_cue = family == "en" or (english and family == "program_sg")
        plural = family.endswith("_pl")
        if (text[ce : ce + 1] in (" ", "\t")
                and (_ROLE_AFTER.match(text, ce) if view is None else _ROLE_AFTER_LOWER.match(view, ce))) or (
                not cue_cap and cue.lower() == "activity"):
            continue  # an activity is a project's name only as `... Activity`
        # 0. the project word inside a quoted title (`konferencija “IPA prekogranični program Hrvatska – Crna Gora”`)
        inside = _inside_quotes(text, cs, ce) if not plural and family != "act" else None
        if inside is not None and _BODY_BEFORE.search(text, inside[0] - 30 if inside[0] > 30 else 0, inside[0]):
            continue  # `Udruženje „Fond za pomoć djeci“`: a body's quoted name
        if inside is not None:
            title = _clean(text[inside[0] + 1 : inside[1] - 1])
            if _title_like(title):
                out.append(_Cand(title, inside[0], inside[1], "quoted-with-cue"))
                continue
        if family == "act" and _prev_word(text, cs) not in _ACT_FRAME:
            continue  # `Forum civilne akcije „FORCA“`: the word is part of a name
        # 1. a quoted title after the project word (`projekta „Dijaspora za razvoj“`, `project “We can”`)
        q = _quoted_at(text, ce, view) if family != "sec" else None
        if q is not None:
            title = _clean(q.group("q1") or q.group("q2") or q.group("q3") or "")
            if any(c.isalpha() for c in title) and (family != "act" or _title_like(title)):
                cand = _Cand(title, q.start(), q.end(), "quoted-after-cue")
                pa = _paren_acronym(text, q.end())
                if pa is not None:
                    cand.acronym = pa[0]
                out.append(cand)
                continue
        if family == "act" or (cue.isupper() and len(cue) > 3):
            continue  # `PROJECT FACT SHEET`: a heading in capitals says nothing about a name after it
        # 2. English: a quoted title or capitalised words before the project word
        if en_cue and _in_spans(cs, org_spans):
            continue  # `Open Society Fund`, `United Nations Development Programme`: the word is in a body's name
        if en_cue and not plural:
            qb = _quoted_before(text, cs)
            if qb is not None and any(c.isalpha() for c in qb[2]):
                out.append(_Cand(_clean(qb[2]), qb[0], qb[1], "quoted-before-cue"))
                continue
            # `launching "Skills for Jobs" (S4J), a three-year project`: a quoted title in apposition
            ap = _APPOSITION_BEFORE.search(text, cs - 80 if cs > 80 else 0, cs)
            qb = _quoted_before(text, ap.start() + 1) if ap is not None else None
            if ap is not None and qb is not None and _title_like(_clean(qb[2])):
                acr = (ap.group("acr") or "").strip()
                out.append(_Cand(_clean(qb[2]), qb[0], qb[1], "quoted-before-cue",
                                 acronym=acr if acr and _is_acronym(acr.split()[0]) else ""))
                continue
            # `the Municipal Economic Development in the Danube Region (KWD) project`
            pb = _PAREN_BEFORE.search(text, cs - 30 if cs > 30 else 0, cs)
            back_acr = ""
            if pb is not None and _is_acronym(pb.group("acr").split()[0]):
                back_acr = pb.group("acr").strip()
                qb = _quoted_before(text, pb.start())
                if qb is not None and any(c.isalpha() for c in qb[2]):
                    # `the "Municipal Services for All" (MS4A) programme`
                    out.append(_Cand(_clean(qb[2]), qb[0], qb[1], "quoted-before-cue", acronym=back_acr))
                    continue
                back = _walk_back_en(text, pb.start(), org_spans)
            else:
                back = _walk_back_en(text, cs, org_spans)
            while (len(back) > 2 and _key(text[back[0][0] : back[0][1]]) in _not_names()
                   and _is_acronym(text[back[0][0] : back[0][1]]) and text[back[1][0]].isupper()):
                back = back[1:]  # `USAID Sustainable Local Development Project`: the donor is not in the title
            if not back and cue_cap and not opens_sentence(text, cs):
                fwd = _walk(text, ce, True, org_spans)
                if fwd and any(text[s0].isupper() for s0, _ in fwd):
                    cand = _Cand(_clean(text[cs : fwd[-1][1]]), cs, fwd[-1][1], "title-with-cue")
                    pa = _paren_acronym(text, fwd[-1][1])
                    if pa is not None:
                        cand.acronym = pa[0]
                    out.append(cand)
                    continue
            if back and cue.lower() == "fund":
                continue  # `Open Society Fund`, `Western Balkans Fund`: in English a named fund is mostly a body
            if back:
                fwd = _walk(text, ce, True, org_spans)
                if fwd and not _is_cap(text[fwd[0][0] : fwd[0][1]]) and not (
                        cue_cap and text[fwd[0][0] : fwd[0][1]] in ("for", "of", "on")
                        and any(text[a].isupper() for a, _ in fwd)):
                    fwd = []  # `the LEP Krajina project continues`, but `Programme on Local Democracy`
                # `IPA Programme`, `IPA II CBC programme Serbia – Montenegro`, but `the LEP I project`
                toks = [*back, (cs, ce), *fwd] if cue_cap or fwd else back
                name = _clean(_surface(text, toks))
                end = toks[-1][1]
                cand = _Cand(name, toks[0][0], end, "words-before-cue", acronym=back_acr)
                pa = _paren_acronym(text, max(end, ce))
                if pa is not None:
                    cand.acronym = pa[0]
                out.append(cand)
                continue
        # 3. BCS: an acronym before the project word (`MEG projekta`, `ELoGE programu`)
        if not en_cue and not plural and family != "sec":
            ab = _acr_before(text, cs)
            if ab is not None:
                toks = _walk(text, ce, False, org_spans) if cue_cap else []
                if len(toks) >= 2:  # `IPA Programa prekogranične saradnje Crna Gora – Kosovo`
                    head = _nominative_head([cue], family, 0, language)[0]
                    name = _clean(f"{text[ab[0] : ab[1]]} {head} {_surface(text, toks)}")
                    out.append(_Cand(name, ab[0], toks[-1][1], "acronym-title-with-cue"))
                    continue
                cand = _Cand(_clean(text[ab[0] : ab[1]]), ab[0], ab[1], "acronym-before-cue")
                dm = _DASH_AFTER.match(text, ce)
                if dm is not None:
                    cand.link = dm.end()
                out.append(cand)
                continue
        # 4. an acronym in parentheses right after the project word (`претприступних фондова (IPA)`)
        pa = _paren_acronym(text, ce)
        if pa is not None and family != "sec":
            out.append(_Cand(pa[0], ce, pa[1], "acronym-after-cue", acronym=pa[0]))
            continue
        # a capitalised adjective before a lower-case project word starts the title (`Regionalnom programu`)
        adj = None
        if not cue_cap and not en_cue:
            pm = _WORD_BEFORE.search(text[cs - 40 if cs > 40 else 0 : cs])
            if (pm is not None and pm.group(1)[0].isupper() and not _is_acronym(pm.group(1))
                    and _ADJ_ANY.search(pm.group(1)) and not _ORG_HEAD.match(pm.group(1))
                    and not opens_sentence(text, cs - len(pm.group(0)))):
                adj = (cs - len(pm.group(0)), cs - len(pm.group(0)) + len(pm.group(1)))
        # 5. capitalised words after the project word (`projekat Rekonstrukcije ...`, `programu ReLOaD2`)
        at = _skip_space(text, ce)
        nm = _NAMING.match(text, at) if view is None else _NAMING_LOWER.match(view, at)
        nxt = _TOK.match(text, nm.end() if nm is not None else at)
        if (nxt is not None and _is_cap(nxt.group()) and not nxt.group()[0].isdigit() and not plural
                and family != "sec" and _prev_word(text, cs) not in _ORDINAL):
            first = nxt.group()
            if (not (_is_acronym(first.split("-")[0]) and "-" in first) and first.lower() not in _CUE_FAMILY
                    and not _eu_genitive_at(text, nxt.start())
                    and not _person_after(text, cs, nxt)):
                toks = _walk(text, nxt.start(), en_cue, org_spans)
                if toks and not (len(toks) == 1 and not _is_acronym(text[toks[0][0] : toks[0][1]])
                                 and len(text[toks[0][0] : toks[0][1]]) < 4):
                    name = _clean(_surface(text, toks))
                    start = toks[0][0]
                    if adj is not None:  # `Operativnog programa Konkurentnost i kohezija`
                        adj_head = _nominative_head([text[adj[0] : adj[1]], cue], family, 1, language)
                        name, start = " ".join(adj_head) + " " + name, adj[0]
                    cand = _Cand(name, start, toks[-1][1], "words-after-cue")
                    pa = _paren_acronym(text, toks[-1][1])
                    if pa is not None:
                        cand.acronym = pa[0]
                    out.append(cand)
                    continue
        # 7. a programme named after what it covers: `u sklopu programa prekogranične suradnje Bosne i ...`
        if (family == "program_sg" and not cue_cap and not en_cue
                and _FRAMED_BEFORE.search(text, cs - 12 if cs > 12 else 0, cs)):
            toks = _walk(text, ce, False, org_spans)
            if len(toks) >= 2 and text[toks[0][0]].islower() and any(text[s][0].isupper() for s, _ in toks[1:]):
                out.append(_Cand(_clean("Program " + _surface(text, toks)), cs, toks[-1][1], "framed-programme"))
                continue
        # 6. a title that starts with the project word itself, or with a capitalised adjective before it
        if not (cue_cap or adj is not None):
            # `za tri projekta mehanizma integriranih teritorijalnih ulaganja (ITU)`: the acronym names it
            before = text[cs - 40 if cs > 40 else 0 : cs].split()[-2:]
            if not en_cue and family != "sec" and not any(w[:1].isupper() for w in before):
                toks = _walk(text, ce, False, org_spans, limit=8)
                pa = _paren_acronym(text, toks[-1][1]) if toks else None
                if pa is not None and all(text[a].islower() for a, _ in toks):
                    out.append(_Cand(pa[0], toks[0][0], toks[-1][1], "acronym-after-phrase", acronym=pa[0]))
            continue
        if en_cue:
            continue
        toks = _walk(text, ce, False, org_spans)
        pa = _paren_acronym(text, toks[-1][1] if toks else ce)
        if family == "sec" and pa is None:
            continue
        start = adj[0] if adj is not None else cs
        initial = opens_sentence(text, start)
        if initial and pa is None and adj is None:
            continue
        if initial and adj is None and any(text[a].isupper() for a, _ in toks):
            continue  # `Projekt financira Američka agencija (USAID)`: a sentence about the project
        if len(toks) < 2 and pa is None:
            continue  # `Programom rada`: too short to be a name
        if (family == "fond_sg" and pa is None and adj is None and toks
                and text[toks[0][0] : toks[0][1]] not in ("za", "за")):
            continue  # `je Fond od početka godine`: the fund named before, not the title of one (`Fond za ...`)
        if toks and text[toks[0][0] : toks[0][1]][0].isupper() and pa is None and adj is None:
            continue  # `Projekt Diaspora Invest` is handled by rule 5
        words_pre = [text[adj[0] : adj[1]]] if adj is not None else []
        head_idx = len(words_pre)
        words = [*words_pre, cue]
        nom = _nominative_head(words, family, head_idx, language)
        rest = _surface(text, toks) if toks else ""
        name = _clean(" ".join(nom) + (" " + rest if rest else ""))
        end = toks[-1][1] if toks else ce
        if plural and pa is None and not cue_cap:
            continue
        cand = _Cand(name, start, end, "title-with-cue")
        if pa is not None:
            cand.acronym = pa[0]
        out.append(cand)
    if ":" in text:
        # `_LABEL` opens with `^`: tried only at line starts whose first character can open it (nine in ten lines
        # open with another letter, which costs a call into the engine for nothing)
        starts = [p for p in line_starts(text) if text[p:p + 1] in _LABEL_FIRST]
        for m in finditer_at(_LABEL, text, starts):
            if m.group("generic") and not cues:
                continue  # a bare `Naziv:` names a project only on a page about projects
            title = m.group("title").strip()
            label_acronym = ""
            pm = _ACR_AT_END.search(title)
            if pm is not None and _is_acronym(pm.group("acr").split()[0]):
                label_acronym, title = pm.group("acr").strip(), title[: pm.start()]
            title = _clean(title)
            if title and len(title.split()) <= 20:
                out.append(_Cand(title, m.start("title"), m.end("title"), "label", acronym=label_acronym))
    return out


# `Naziv projekta: ...`, `Project title: ...`: a form or a fact sheet
_LABEL = re.compile(
    r"^[ \t]*(?:(?P<generic>naziv|назив|title)|naziv[ \t]+(?:projekta|programa|inicijative)|"
    r"назив[ \t]+(?:пројекта|програма)|"
    r"project[ \t]+(?:title|name)|(?:title|name)[ \t]+of[ \t]+the[ \t]+(?:project|programme)|projekat|projekt|"
    r"пројекат|programme|project)[ \t]*:[ \t]*(?P<title>[^\n]{3,200})",
    re.IGNORECASE | re.MULTILINE,
)
# what a line that `_LABEL` matches begins with: white space or the first letter of a label word in either case
_LABEL_FIRST = frozenset(" \tnNtTpPнНпП")


# Words that put a programme in the role of a framework (`u sklopu programa ...`, `under the programme`).
_ACT_FRAME = frozenset(
    "okviru sklopu kroz u na za o iz tokom povodom nakon pokrenuli pokrenula pokrenuo organizovali organizovala "
    "the a of in within during under оквиру кроз у на за о из током поводом".split()
)
_FRAMED_BEFORE = re.compile(r"(?:u sklopu|u okviru|kroz|iz|у оквиру|кроз|из)[ \t]+$", re.IGNORECASE)


# --- grouping -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _key(s: str) -> str:
    """Folded words only; cached because the same names are compared many times per document."""
    return " ".join(_NON_WORD.sub(" ", fold(s)).split())


@lru_cache(maxsize=4096)
def _acr_key(s: str) -> str:
    return _NON_WORD.sub("", fold(s))


_NON_WORD = re.compile(r"[^\w]+")


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    short = a if len(a) < len(b) else b
    if " " in short and (a.startswith(b + " ") or b.startswith(a + " ")):
        return True
    if len(short) < 12 or abs(len(a) - len(b)) > 0.2 * max(len(a), len(b)):
        return False
    matcher = SequenceMatcher(None, a, b)
    # the quick ratios are upper bounds of the ratio: most pairs are told apart without the full comparison
    return matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9


def _rejected(name: str, org_keys: set[str]) -> bool:
    key = _key(name)
    if not key or len(key) < 2 or not any(c.isalpha() for c in key):
        return True
    if key in _not_names() or key in org_keys or _acr_key(name) in _not_names():
        return True
    if _UN.search(to_latin(name)) or _INSTITUTION_FUND.search(key) or _EU_FUND.match(key):
        return True
    words = [w for w in key.split() if w not in _CONNECT]
    return all(w in _not_names() for w in words)


# Names the text itself ties to a project word (`projekat „X“`, `projekta ... (ITU)`): kept even when the
# organisation module lists the same words as a body.
_TIED_RULES = frozenset(
    {"quoted-after-cue", "quoted-with-cue", "label", "title-with-cue", "acronym-after-cue", "acronym-after-phrase",
     "programme-register"}
)


def _kept(c: _Cand, org_spans: list[tuple[int, int]], org_keys: set[str]) -> bool:
    """Whether a candidate survives the organisations found over the same words."""
    if fold(c.name).startswith("fond") and (any(s < c.end and c.start < e for s, e in org_spans)
                                            or any(k.startswith(_key(c.name)) for k in org_keys)):
        return False  # a fund the organisations stage reads as a body (`Fond za razvoj Republike Srbije`), or its
        # short name (`Fonda za razvoj`)
    if c.rule in _TIED_RULES:
        return not _rejected(c.name, set())
    if _rejected(c.name, org_keys):
        return False
    if c.rule == "words-after-cue":  # `projekat Crvenog krsta`: the owner, unless the title runs on past it
        return not any(s <= c.start and c.end <= e for s, e in org_spans)
    return not any(s < c.end and c.start < e for s, e in org_spans)


def _same_programme(m: _Cand, o: _Cand, keys: dict[int, tuple[str, str, str]]) -> bool:
    """Whether a registered programme's mention `m` names what the candidate `o` names: another mention of the
    programme, the same name, the same acronym, or the acronym with one word after it (`IPA Programme`), but not
    a longer title that merely holds the acronym (`IPA II Cross-border Cooperation Programme ...`)."""
    mkey, macr, mname_acr = keys[id(m)]
    okey, oacr, oname_acr = keys[id(o)]
    if (o.programme >= 0 and o.programme == m.programme) or okey == mkey or (macr and macr in (oacr, oname_acr)):
        return True
    if not _is_acronym(m.name):
        return False
    words = okey.split()
    return mname_acr == oacr or (words[0] == mkey and len(words) == 2)


def find_projects(text: str, organisations: list[Organisation], language: str) -> list[Project]:
    """Every named project, programme or initiative in `text`, once each, with the spans of all its mentions."""
    # A body named by a project word (`Fond za ...`, `Program ...`) may be either; this module's own rules decide.
    orgs = [o for o in organisations if not _named_by_cue(o.name)]
    org_spans = sorted((sp.start, sp.end) for o in orgs for sp in o.spans)  # sorted for `_walk`'s bisections
    org_keys = {_key(n) for o in orgs for n in (o.name, *o.aliases) if n}
    # `novog MEG projekta`: capitals the organisations stage only guessed at a body from (an acronym known to no
    # register) do not hold back the project word after them, as a known body's acronym does (`UNDP projekta`)
    firm = [o for o in orgs if o.register_id or not all(sp.rule == "acronym" for sp in o.spans)]
    firm_spans = [(sp.start, sp.end) for o in firm for sp in o.spans]
    firm_keys = {_key(n) for o in firm for n in (o.name, *o.aliases) if n}
    cands = [c for c in _candidates(text, org_spans, language)
             if (_kept(c, firm_spans, firm_keys) if c.rule == "acronym-before-cue" else _kept(c, org_spans, org_keys))]
    # a registered programme inside a longer name (`IPA` in `Interreg IPA Serbia - Bosnia ...`) is part of it
    registered = [m for m in _programme_mentions(text)
                  if not any(c.start <= m.start and m.end <= c.end for c in cands) and _kept(m, org_spans, org_keys)]
    if not (cands or registered):
        return []
    keys = {id(c): (_key(c.name), _acr_key(c.acronym) if c.acronym else "", _acr_key(c.name))
            for c in (*cands, *registered)}
    groups: list[list[_Cand]] = []
    for c in sorted(cands, key=lambda c: c.start):
        ckey, cacr, cname_acr = keys[id(c)]
        ctoks = ckey.split()
        target = None
        for g in groups:
            for o in g:
                okey, oacr, oname_acr = keys[id(o)]
                if (_similar(ckey, okey) or (cacr and cacr in (oacr, oname_acr))
                        or (len(ctoks) == 1 and ckey in okey.split())
                        or (" " not in okey and okey in ctoks)
                        or (oacr and cname_acr == oacr)
                        or (o.link >= 0 and o.link == c.start)):
                    target = g
                    break
            if target is not None:
                break
        if target is None:
            groups.append([c])
        else:
            target.append(c)
    for m in registered:
        # a programme joins its other mentions, or a name found by the rules that is the same name or acronym,
        # never a longer title that merely holds its acronym (`IPA` and `IPA II Cross-border ... Programme`)
        target = next((g for g in groups for o in g if _same_programme(m, o, keys)), None)
        if target is None:
            groups.append([m])
        else:
            target.append(m)
    projects: list[Project] = []
    for g in groups:
        acronym = next((c.acronym for c in g if c.acronym), "")
        if not acronym:
            acronym = next((c.name for c in g if _is_acronym(c.name.split()[0]) and len(c.name.split()) <= 2
                            and len(g) > 1), "")
        titles = [c for c in g if c.name != acronym]
        best = max(titles or g, key=lambda c: (c.rule != "acronym-before-cue", len(c.name)))
        name = to_latin(best.name)
        aliases = tuple(dict.fromkeys(to_latin(c.name) for c in g if to_latin(c.name) not in (name, acronym)))
        spans = tuple(Span(c.start, c.end, text[c.start : c.end], c.rule) for c in sorted(g, key=lambda c: c.start))
        projects.append(Project(name=name, acronym=to_latin(acronym), aliases=aliases, spans=spans))
    return projects
