"""Funders: the organisations a text says fund or finance the work.

A funder is told by a cue phrase close to the organisation, in the right direction: `financira`, `sufinansira`,
`obezbijedila sredstva` follow their subject (`EU finansira ...`), while `uz podršku`, `sredstvima`,
`funded by`, `donacijom` come before it (`... uz finansijsku podršku Vlade Švajcarske`). Cues are matched in
the folded text, so Cyrillic, text without diacritics and all three standards meet one list. Implementing,
organising or merely supporting is not funding.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from devatlas.model import Organisation
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.keyscan import key_list
from devatlas.text.regex import finditer_at, guarded, literal_prefixes, words_after
from devatlas.text.script import fold

# cue right before the funder, which follows in the genitive or after `by`: `uz podršku Vlade Švajcarske`
_BEFORE_FUNDER = guarded(
    r"\b(?:"
    r"(?:donori?|donatori?|donors?|funders?|financed by|funded by|(?:su)?finan(?:s|c)iranje|co-?funding|co-?financing"
    r"|funding|financing|izvori? (?:finan\w*|sredstava)|sources? of funding):"
    r"|(?:su)?finan(?:c|s)ir(?:an|ana|ano|ani|ane|anog|anih|anim)\b(?:\s+(?:je|su|od strane|iz|sa|s|kroz|putem"
    r"|sredstvima|iz sredstava|bespovratnim sredstvima|iz bespovratnih sredstava)\b)*"
    r"|(?:su)?finan(?:c|s)ij\w* (?:podrsk|potpor|pomoc|sredstv)\w*"
    r"|uz (?:\w+ ){0,2}(?:podrsk|potpor|pomoc|donacij|sredstv|sufinan|finan)\w*"
    r"|zahvaljujuci (?:\w+ ){0,2}(?:podrsci|potpori|donacij\w*|sredstvima|finan\w*|grant\w*|pomoci)"
    r"|(?:sredstvima|sredstava|budzeta|proracuna)"
    r"|(?:grantom|granta|grantova|donacijom|donacije|donacijama|donaciji|donaciju|donacija|darovnicom|donator\w*"
    r"|donor\w*|zajmom|kreditom)"
    # a participle of providing, then where from: `85 posto osigurano iz Europskog fonda za regionalni razvoj`
    r"|(?:osiguran|obezbijedjen|obezbedjen|obezbjedjen|obezbijeden|obezbeden|obezbjeden)[oaie]? (?:je |su )?(?:iz|od)"
    r"|(?:obezbijedil|obezbedil|osigural|izdvojil|doniral|finansiral|financiral|sufinansiral|sufinancirala)\w*"
    r" (?:je|su)\b"
    r"|od strane"
    # verb before its subject: `Investiciju je podržala Agencija ...`, `ostatak obezbjeđuje Općina`, `koju obezbeđuje X`
    r"|(?:je|su) podrza(?:la|lo|o|li|le)\b"
    r"|(?:ostatak|preostal\w*|razlik\w*) (?:sredstava |iznosa )?(?:od (?:oko )?\S+ (?:\S+ )?(?:km|kn|kuna|eur\w*|evr\w*"
    r"|dinara|rsd|bam|maraka) )?(?:obezb\w*|osigura\w*|finan\w*|sufinan\w*|pokriva\w*)"
    r"|(?:koj[aeiu]\w*|sto) (?:je |su |ce )?(?:obezbjedjuje|obezbedjuje|obezbjeduje|obezbeduje|osigurava"
    r"|finansira|financira|sufinansira|sufinancira|donira|dodjeljuje|dodeljuje|daje|podrzava|podrzal)\w*"
    r"|(?:je|su) (?:obezbijedil|obezbedil|osigural|izdvojil|doniral|finansiral|financiral|sufinansiral"
    r"|sufinancirala)\w*"
    r"|(?:su)?finan(?:c|s)ira(?:ju|la|lo|li|o)?\b"
    r"|(?:funds?|funding|grants?|money|means|provided) (?:provided )?(?:from|by)(?: the)?"
    # the recipients between the verb and the giver: `provided to municipalities in the region by the Government`
    r"|(?:provided|donated|granted|awarded|given) to (?:[\w,-]+ ){1,6}?by(?: the)?"
    r"|(?:co-?)?(?:funded|financed|sponsored|funding|financing|grants?|donations?|donated|contributions?)"
    r" (?:by|from|of)(?: the)?"
    r"|(?:with|through|thanks to) (?:the )?(?:generous |financial |kind )*(?:support|funding|assistance|grants?"
    r"|donations?)s? (?:of|from|by)(?: the)?"
    r"|financial support (?:of|from|by)(?: the)?"
    # an amount and where it comes from: `EUR 2.6 million from the European Union`
    r"|(?:million|billion|thousand|euros?|dollars?|francs?|eur|usd|chf|mkd|rsd|bam|all) from(?: the)?"
    # the money first, its giver after the verb: `Sredstva NPOO-a osigurava Europska unija`
    r"|(?:(?:dio|deo|dijel|ostatak|vecinu|polovinu|trecinu|cetvrtinu) )?(?:sredstva|sredstava|novac|novca)"
    r" (?:\S+ ){0,3}?(?:osigurava|osiguravaju|obezbjedjuje|obezbedjuje|obezbjeduje|obezbeduje"
    r"|obezbjedjuju|obezbedjuju|dodjeljuje|dodeljuje|daje|daju)\b"
    # a fact sheet's line: `Učešće Fonda za zaštitu životne sredine: 300.000 KM`
    r"|(?:ucesce|udio|udjel|doprinos|(?:su)?finan(?:s|c)iranje)(?=[^\n:]{1,120}:[ \t]*(?:po[ \t]+)?\d)"
    # an amount and where it comes from: `dobio 2.350.000,00 kn iz Fonda za zaštitu okoliša`, `100.000 KM od Vlade`
    r"|(?:km|kn|kuna|eur|eura|evra|dinara|rsd|bam|maraka|usd|chf|dolara|franaka) (?:iz|od)\b"
    # reflexive passive: `natječaj se financira iz Europskog poljoprivrednog fonda`, `financira se iz ...`
    r"|(?:su)?finan(?:c|s)ira(?:ju)? se (?:iz|od strane|sredstvima|kroz|putem)\b"
    r")",
)
# cue after the funder, its subject: `EU finansira`, `Vlada je obezbijedila sredstva`, `the EU financed`
_AFTER_FUNDER = guarded(
    r"\b(?:"
    r"(?:su)?finan(?:c|s)ira(?:la|lo|li|le|o|ju|ti|ce|t ce)?\b"
    r"|(?:su)?finan(?:c|s)irat\w*"
    r"|(?:obezbijedi|obezbedi|osigura|izdvoji|izdvaja|donira|ulozi|ulaze|ulazu|dodijeli|dodeli|odobri"
    r"|dodjeljuje|dodeljuje|obezbjedi|obezbjedjuje|obezbedjuje|obezbjeduje|obezbeduje|osigurava|daruje|darova|subvencionis|subvencionir"
    r"|ucestvova\w* sa?\b|ucestvuje sa?\b|ucestvuju sa?\b|sudjeluje sa?\b|sudjeluju sa?\b|sudjelova\w* sa?\b)\w*"
    r"|(?:grant\w* sredstvima|finansijski|financijski|novcano) podrza\w*"
    r"|podrza\w* (?:kreditom|zajmom|grantom|donacijom|sredstvima|iznosom)"
    r"|supported (?:it |the \w+ )?with (?:a |an )?(?:loan|grant|donation|contribution)"
    r"|raspis\w* (?:\w+ ){0,2}(?:poziv|konkurs|natjecaj)\w* za (?:su)?finan\w*"
    r"|na (?:\w+ ){0,2}(?:donaciji|donacijama|finansiranju|financiranju|finansijskoj podrsci|financijskoj potpori)"
    r"|(?:je |su )?(?:bio |bila |bili |glavni |jedini )?(?:donator|donor|finansijer|financijer|sufinansijer"
    r"|sufinancijer)\w*"
    r"|(?:co-?)?(?:funds|funded(?! by| from)|finances|financed(?! by| from)|donated(?! by| from)"
    r"|provides? funding|provided funding|is funding|are funding"
    r"|has funded|have funded|granted|allocated|contributed|invested|co-?financ\w*|co-?fund\w*)"
    r"|(?:to|will|would|shall) (?:co-?)?(?:finance|fund)"
    r"|(?:has |have |had )?(?:co-?)?(?:granted|allocated|donated|contributed)"
    r"|(?:grants|allocates|donates|contributes)\b|(?:will|would) (?:grant|allocate|donate|contribute)\b"
    r"|(?:is |are |was |were |will )?lend(?:s|ing)?\b|lent\b|(?:provides?|provided|extends?|extended) (?:a |the )?loan"
    # the subject gives an amount: `SDC provides MKD 18.5 million`, `the Ministry will add up to MKD 150,000`
    r"|(?:provides?|provided|adds?|added|will add|contributes|contributed) (?:up to |another |a further |over |some )?"
    r"(?:eur|usd|chf|mkd|rsd|bam|all|\d|€|\$)"
    # the body pays from its own budget: `Opština Plav iz budžeta pokriva troškove kamate`
    r"|iz (?:svog |svojeg |vlastitog |sopstvenog |svojih |vlastitih )?(?:budzeta|proracuna|sredstava)\b"
    r")",
)


def _cue_openings() -> dict[str, tuple[int, int]]:
    """The first letters every cue of either kind begins with (up to six: shorter openings stand inside many
    words), each with its length and which kind (1 before, 2 after): the shared pass over the folded text finds
    every place a cue can begin, where the engine would otherwise descend into both long alternations at almost
    every letter."""
    kinds: dict[str, int] = {}
    for bit, pattern in ((1, _BEFORE_FUNDER), (2, _AFTER_FUNDER)):
        prefixes = literal_prefixes(pattern.pattern, 6)
        if prefixes is None:  # pragma: no cover - the patterns are constants whose openings can be read
            raise ValueError("a funding cue must open with known letters")
        for prefix in prefixes:
            kinds[prefix] = kinds.get(prefix, 0) | bit
    return {prefix: (len(prefix), bits) for prefix, bits in kinds.items()}


_CUE_KEYS = key_list("folded", _cue_openings)


def _cue_starts(folded: str) -> tuple[list[int], list[int]]:
    """Where a cue before its funder and where a cue after it can begin, sorted."""
    before: set[int] = set()
    after: set[int] = set()
    for end, (n, bits) in _CUE_KEYS.hits(folded):
        start = end - n + 1
        if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            continue  # inside a word: both patterns open with `\b` before a letter
        if bits & 1:
            before.add(start)
        if bits & 2:
            after.add(start)
    return sorted(before), sorted(after)


def _within(starts: list[int], lo: int, hi: int) -> list[int]:
    return starts[bisect_left(starts, lo):bisect_left(starts, hi)]


# `projekta, koji (zajednički) finansira X`: after a relative pronoun the subject follows the verb
_RELATIVE_BEFORE = re.compile(r"\b(?:koj[aeiu]\w*|sto)\s+(?:[a-z]+\s+){0,2}$")
# `[.!?][\"”“»]?\s+(?=...)|\n` with its first characters in one class, so that the engine skips to them
_SENT_END = re.compile(r"[.!?\n](?:(?<=\n)|[\"”“»]?\s+(?=[\"„“«]?[A-ZČĆŠĐŽ\u0400-\u042f]))")
_TIGHT = 40  # characters between a cue and the funder it introduces
_LIST_GAP = 60  # characters between funders of one list
_SUBJECT_WINDOW = 110
_PREPOSITIONS = frozenset({"u", "na", "iz", "sa", "s", "kod", "za", "od", "o", "po", "in", "at", "from", "with",
                           "to", "for", "by", "pri", "prema", "ka", "k",
                           # a body after these is the channel, not the subject: `Vlada je putem ministarstva odobrila`
                           "putem", "posredstvom", "preko", "kroz", "through", "via"})
# words that may stand between a genitive cue and its funder: `uz podršku naše Vlade`, `funded by the EU`
_GAP_OK = frozenset({"the", "of", "from", "by", "an", "a", "strane", "od", "iz", "se", "sa", "s", "putem", "kroz",
                     "preko",
                     "nase", "naseg", "nasih", "svoje", "svojih", "njihove", "generous", "ukljucujuci", "including",
                     "medju", "kojima", "among", "them", "kind", "financial", "su", "je", "projekta", "projekata",
                     "programa", "ovog", "ovoga", "ovih", "ovaj", "this", "project", "programme",
                     "finansijsku", "financijsku", "i", "and", "vlade", "ambasade",
                     # clitics between a funding verb and its subject: `sufinansiraju ga gradovi ...`
                     "ga", "ih", "joj", "mu", "through", "via",
                     # the instrument between the cue and its giver: `finansira se iz kredita Svjetske banke`
                     "kredita", "zajma", "granta", "sredstava", "bespovratnih", "budzeta", "proracuna"})
# an amount or instrument between two funders of one list: `EBRD kreditom od dva miliona eura i Vlada ...`
_INSTRUMENT = re.compile(
    r"\s*(?:kreditom|zajmom|grantom|donacijom|iznosom|sredstvima|sa|s|with(?: a (?:loan|grant) of)?)\s+"
    r"(?:od |of |u iznosu od )?(?:oko |about |around |vise od |more than )?(?:€ ?|eur ?|\$ ?)?"
    r"(?:\d[\d.,]*(?:\s+(?:milion\w*|milijun\w*|million|hiljad\w*|tisuc\w*|thousand|mil\.))?"
    r"|[a-z]+(?:\s+[a-z]+)?\s+(?:milion\w*|milijun\w*|million|hiljad\w*|tisuc\w*|thousand))"
    r"\s*(?:eura|evra|euro|eur|km|bam|maraka|dolara|usd|kuna|hrk|dinara|rsd|chf|franaka|€)?(?!\w)")
# a funder's channel: `Vlada Švicarske putem Švicarske agencije za razvoj (SDC)`, `through its agency Sida`
_CHANNEL = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?,?\s*(?:(?:je|su)\s+)?"
                      r"(?:putem|posredstvom|preko|kroz|through|via|iz)\s+"
                      r"(?:the\s+|its\s+|svoje\s+)?"
                      r"(?:(?:agencij\w*|agency|organizacij\w*|organi[sz]ation|fondacij\w*|fond\w*|fund|ambasad\w*"
                      r"|embassy|ured\w*|kancelarij\w*|office)\s+)?")
# the words of a channel that say the body before it pays (`iz`, `from` do not: `Općina iz Fonda ... dobila je`)
_PAID_THROUGH = re.compile(r"\b(?:putem|posredstvom|preko|through|via)\b")
_ADJ_ENDS = ("ske", "skih", "skog", "skoj", "ne", "nog", "nih", "ski", "ska", "sko")
_NOT_LIST = re.compile(r"(?:sprovodi|provodi|implementira|realizuje|realizira|implemented|organiz|partner|korisni"
                       r"|beneficiar|dobil|primil|received|[;:])")


# A state body that signs contracts or agreements with local governments pays for what they build: ministries,
# secretariats, funds and governments sign `ugovori o sufinansiranju` with municipalities. Folded text.
# `\b(?:potpis\w*|signed|signs|signing|zakljuc\w*|sklopljen\w*)`, each word's first letter first and the boundary
# read after it (as `words_after` writes a list): the engine skips to the letters the words open with, where a
# pattern that opens with a boundary is tried at every place of the sentence
_SIGNED = re.compile(r"(?:p(?<!\wp)otpis\w*|s(?<!\ws)(?:igned|igns|igning|klopljen\w*)|z(?<!\wz)akljuc\w*)")
_CONTRACT = guarded(r"\b(?:ugovor\w*|sporazum\w*|contracts?|agreements?)\b")
_LOCAL_SIDE = guarded(r"\b(?:opcin\w*|opstin\w*|gradov\w*|gradom|gradovima|grada"
                      r"|lokaln\w* (?:vlast|samouprav|zajednic)\w*|jedinic\w* lokaln\w*|municipalit\w*"
                      r"|local (?:governments?|authorities|self-governments?)|cities|towns)\b")
_STATE_BODY = re.compile(r"\b(?:ministarstv\w*|ministry|ministries|sekretarijat\w*|secretariat|vlad[aei]|government"
                         r"|fond(?:a|om)?|fund)\b")
_LOCAL_BODY = re.compile(r"\b(?:opcin\w*|opstin\w*|grad\w*|municipal\w*|city|town|kanton\w*|zupanij\w*)\b")


@lru_cache(maxsize=4096)
def _state_body(name: str) -> bool:
    """Whether a body's name is a state body's and not a local government's (cached: every page names the same
    ministries and donors, each asked about by two searches)."""
    folded = fold(name)
    return _STATE_BODY.search(folded) is not None and _LOCAL_BODY.search(folded) is None


def _contract_signers(doc: AnalysedText, organisations: list[Organisation], sentence_bounds: list[int]) -> set[int]:
    """The state bodies named in a sentence that tells of contracts or agreements signed with local governments."""
    out: set[int] = set()
    tells: dict[int, bool] = {}  # sentence -> whether it tells of such a contract (several bodies share one)
    for n, org in enumerate(organisations):
        if not _state_body(org.name):
            continue
        for span in org.spans:
            k = bisect_right(sentence_bounds, span.start)
            told = tells.get(k)
            if told is None:
                lo = doc.folded_index(sentence_bounds[k - 1])
                hi = doc.folded_index(min(sentence_bounds[k], len(doc.text)))
                sentence = doc.folded[lo:hi]
                told = tells[k] = bool(_SIGNED.search(sentence) and _CONTRACT.search(sentence)
                                       and _LOCAL_SIDE.search(sentence))
            if told:
                out.add(n)
                break
    return out


# `X učestvuje sa 16.000 eura, a Y i Z sa po 9.000 eura`, `X izdvaja 3,2 miliona, Grad Y 4,5 miliona, a opština Z
# 1,8 miliona`: the verb is left out of the clauses after the first; each names its bodies, then their amount
_ELLIPSIS_OPEN = re.compile(r",\s+(?:(?:a|а|dok|док|while|and|i|и)\s+)?(?:the\s+)?$")
_ELLIPSIS_AMOUNT = re.compile(
    r"\s+(?:(?:sa|s|with|са|с)\s+)?(?:po\s+|по\s+|each\s+|oko\s+|око\s+|about\s+)?(?:€\s*|eur\s*|km\s*|\$\s*)?\d",
    re.IGNORECASE)
_GROUP_JOIN = re.compile(r"\s*(?:,|i|и|and|te)\s*")


def _elliptic_contributors(text: str, mentions: list[tuple[int, int, int]], after: int, sentence_end: int
                           ) -> list[int]:
    """The bodies of the clauses after `after` that repeat a contribution with its verb left out: each clause
    opens after a comma and ends in an amount (`, a Opštine Mojkovac i Kolašin sa po 9.000 eura`)."""
    out: list[int] = []
    group: list[tuple[int, int, int]] = []

    def close() -> None:
        if group and _ELLIPSIS_AMOUNT.match(text, group[-1][1]):
            out.extend(n for _, _, n in group)
        group.clear()

    for ms, me, n in mentions:
        if ms < after or ms >= sentence_end:
            continue
        if group and _GROUP_JOIN.fullmatch(text[group[-1][1]:ms]):
            group.append((ms, me, n))
            continue
        close()
        if _ELLIPSIS_OPEN.search(text[ms - 12 if ms - 12 > after else after:ms]):
            group.append((ms, me, n))
    close()
    return out


def _object_relative(folded: str, cue: int, offs: Sequence[int], mention_ends: set[int]) -> bool:
    """Whether the funding verb at `cue` follows a relative pronoun that is not the subject: `projekta, koji
    finansira X` (X follows), unlike `Vlade Švajcarske, koja je obezbijedila` (the body just before is the
    subject)."""
    rm = _RELATIVE_BEFORE.search(folded, cue - 30 if cue > 30 else 0, cue)
    if rm is None:
        return False
    at = offs[rm.start()]
    return not any(e in mention_ends for e in range(at - 3, at + 1))


# `obezbijediti`, `osigurati` (provide) fund only when money is what is provided: `Zavod ... obezbijediće obuke`
# provides training
_PROVIDE = re.compile(r"(?:obezb|osigura|odobri)")
_MONEY_NEAR = re.compile(r"\d[\d.,]*\s*(?:km|eur|evr|€|\$|din|kun|chf|usd|mil|hilj|tisu)|sredstv|novac|novc|finan"
                         r"|iznos|budzet|proracun|grant|donacij|kredit|zajam|zajm|\bkm\b|eur|evr|dinar|kun[aei]?\b"
                         r"|milion|milijun|hiljad|tisuc|franak|dolar|podrsk|potpor|pomoc")


def _provides_no_money(folded: str, cue: re.Match[str]) -> bool:
    if not _PROVIDE.match(cue.group()):
        return False
    return _MONEY_NEAR.search(folded, cue.start() - 40 if cue.start() > 40 else 0, cue.end() + 60) is None


# the small patterns of the list and gap checks, compiled once
# the look-behind after the first letter: a search starts only at a word's first letter, not at each of its letters
_LAST_WORD = re.compile(r"(\w(?<!\w\w)\w*+)\W*+$")
_WORDS = re.compile(r"\w+")
_LIST_JOIN = re.compile(r",|\bi\b|\band\b|\(|\bte\b|\bkao i\b")
_CONJUNCTION = re.compile(r"\bi\b|\band\b|\bte\b")
_BRACKETED = re.compile(r"\s*\([^()]{1,15}\)")
_SUBJECT_JOIN = re.compile(r"\s*\)?\s*(?:,|i|and|te|,\s*and)\s*(?:the\s+)?")


def _prev_word(text: str, pos: int) -> str:
    m = _LAST_WORD.search(text[pos - 25 if pos > 25 else 0:pos])
    return m.group(1).lower() if m else ""


# the word for a municipality, alone: not followed by the municipality's name (`Općina Kupres`)
# `(?<!\w)(?:općin|opštin|opčin|општин)...` with the look-behind after the first letter: a scan of the page skips
# to the letters the words open with
_BARE_MUNICIPALITY = re.compile(
    words_after(r"\w", ["općin", "opštin", "opčin", "општин"]) + r"(?:a|e|i|u|om|а|е|и|у|ом)(?!\w)")
_NAME_AFTER = re.compile(r"[ \t]+[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ]")


# a comma and a conjunction that opens a new clause: a verb after it has its own subject
_CLAUSE_BREAK = re.compile(r",\s*(?:dok|a|ali|pri cemu|while|whereas|but)\b")


def _bare_municipality(doc: AnalysedText, mentions: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """`ostatak osigurava Općina iz vlastitog proračuna`, `Sufinansiranje opštine: 62.490 evra`: the word alone, in a
    text that names one municipality as a body, is that municipality."""
    return [(m.start(), m.end()) for m in _BARE_MUNICIPALITY.finditer(doc.lower)
            if _NAME_AFTER.match(doc.text, m.end()) is None and not any(s <= m.start() < e for s, e, _ in mentions)]


def find_funders(text: str | AnalysedText, organisations: list[Organisation], language: str) -> list[Organisation]:
    """The organisations that the text says fund or co-fund the work, in the order found."""
    if not organisations:
        return []
    doc = analyse(text)
    text, folded, offs = doc.text, doc.folded, doc.fold_offsets
    bounds = [0] + [m.end() for m in _SENT_END.finditer(text)] + [len(text) + 1]

    def sentence(pos: int) -> int:
        return bisect_right(bounds, pos)

    mentions = sorted(((sp.start, sp.end, n) for n, o in enumerate(organisations) for sp in o.spans))
    municipal = [n for n, o in enumerate(organisations) if o.kind == "municipality"]
    if len(municipal) == 1:
        mentions = sorted(mentions + [(s, e, municipal[0]) for s, e in _bare_municipality(doc, mentions)])
    # cues only matter in sentences that name a body: scan those (sentence bounds mapped into the folded text)
    spans: list[tuple[int, int]] = []
    last_k = -1
    for ms, _me, _n in mentions:
        k = sentence(ms)
        if k == last_k:
            continue  # the sentence of the mention before, whose span holds it already
        last_k = k
        end = bounds[k] if bounds[k] < len(text) else len(text)
        lo, hi = doc.folded_index(bounds[k - 1]), doc.folded_index(end)
        if spans and lo <= spans[-1][1]:
            if hi > spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    mention_ends = {me for _ms, me, _n in mentions}
    before_at, after_at = _cue_starts(folded)
    before_cues = [(offs[m.start()], offs[m.end() - 1] + 1) for lo, hi in spans
                   for m in finditer_at(_BEFORE_FUNDER, folded, _within(before_at, lo, hi), lo, hi)]
    after_cues = [(offs[m.start()], offs[m.end() - 1] + 1) for lo, hi in spans
                  for m in finditer_at(_AFTER_FUNDER, folded, _within(after_at, lo, hi), lo, hi)
                  if not folded[m.start() - 3 if m.start() > 3 else 0:m.start()].endswith("se ")
                  and not _object_relative(folded, m.start(), offs, mention_ends)
                  and not _provides_no_money(folded, m)]
    hits: set[int] = _contract_signers(doc, organisations, bounds)
    if not before_cues and not after_cues and not hits:
        return []
    # the sentence of each mention, and where they start: a cue reads only the mentions after it in its sentence
    mention_sents = [sentence(ms) for ms, _me, _n in mentions]
    mention_starts = [ms for ms, _me, _n in mentions]
    for cs, ce in before_cues:
        sent = sentence(cs)
        last_end = -1
        closed = False
        label = text[ce - 1] == ":"  # `Sufinansiranje: A; B; C`: a label's items may be parted by semicolons
        for k in range(bisect_left(mention_starts, ce), len(mentions)):
            if mention_sents[k] != sent:
                break  # mentions are in order, and so are their sentences: the rest are in later ones
            ms, me, n = mentions[k]
            gap = fold(text[ce if last_end < 0 else last_end:ms])
            if last_end >= 0:
                gap = _INSTRUMENT.sub(" ", gap)
                if label and "\n" not in gap:
                    gap = gap.replace(";", ",")
            if last_end < 0:
                if ms - ce > _TIGHT or any(c in gap for c in ".;:!?"):
                    break
                words = _WORDS.findall(text[ce:ms])
                if len(words) > 3 or any(not w[:1].isupper() and fold(w) not in _GAP_OK
                                         and not fold(w).endswith(_ADJ_ENDS) for w in words):
                    break
            elif _CHANNEL.fullmatch(gap):
                pass  # `A putem agencije B i C`: the channel continues the list
            elif (ms - last_end > _LIST_GAP or _NOT_LIST.search(gap) or len(_WORDS.findall(gap)) > 3
                  or not _LIST_JOIN.search(gap)
                  or (closed and gap.strip() != "(" and not text[ms:ms + 1].islower())):
                break
            else:
                # `A, B i C`: the conjunction announces the last item; a bracket adds an acronym; a new
                # lower-case head opens another group (`gradovi A i B i općine C i D`)
                opens_group = text[ms:ms + 1].islower()
                closed = not opens_group and (closed or bool(_CONJUNCTION.search(gap)))
            hits.add(n)
            last_end = me
    for cs, _ce in after_cues:
        sent = sentence(cs)
        cands = [(ms, me, n) for ms, me, n in mentions[:bisect_right(mention_starts, cs)]  # none later ends before
                 if me <= cs and cs - me <= _SUBJECT_WINDOW and sentence(ms) == sent]
        chosen: list[tuple[int, int, int]] = []
        for ms, me, n in reversed(cands):
            if text[ms - 2 if ms > 2 else 0:ms].strip().endswith("(") or _prev_word(text, ms) in _PREPOSITIONS:
                continue
            if chosen:
                gap = _BRACKETED.sub("", fold(text[me:chosen[-1][0]]))
                if not _SUBJECT_JOIN.fullmatch(gap):
                    break
            elif ";" in text[me:cs] or _CLAUSE_BREAK.search(fold(text[me:cs])):
                break  # `X ..., dok preostalih 2,5 miliona sufinansira Y`: the verb belongs to the next clause
            chosen.append((ms, me, n))
        hits.update(n for _, _, n in chosen)
        if chosen:
            hits.update(_elliptic_contributors(text, mentions, cs, bounds[sent]))
    # the channel a funder pays through funds the work too: `Vlada Švicarske putem agencije SDC`; and whoever pays
    # through a funding agency funds it: `The Government of Sweden, through Sida, ...`
    for k, (ms, me, n) in enumerate(mentions):
        for ms2, _me2, n2 in mentions[k + 1:]:
            if ms2 < me:
                continue
            if (n in hits or n2 in hits) and ms2 - me <= 50 and sentence(ms2) == sentence(ms):
                gap = fold(text[me:ms2])
                if _CHANNEL.fullmatch(gap) and (n in hits or _PAID_THROUGH.search(gap)):
                    hits.update((n, n2))
            break
    return [o for n, o in enumerate(organisations) if n in hits]
