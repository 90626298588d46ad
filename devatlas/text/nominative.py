"""Organisation noun phrases back to the nominative, and the case forms of registered names.

In Bosnian, Croatian and Serbian a body's name declines at its head noun and at the adjectives that agree
with it, while genitive complements stay as they are: `Razvojnog programa Ujedinjenih nacija` is
`Razvojni program Ujedinjenih nacija`. Head nouns that start organisation names are a small closed set, so a
lexicon of them (gender and stem) is enough to find the head, undo its case ending and make the adjectives
before it agree again. The same lexicon generates the case forms of the names in the register, so that one
automaton pass finds `Evropske unije`, `Evropskoj uniji` and `Европском унијом` alike.
"""

from __future__ import annotations

from functools import lru_cache

from devatlas.text.script import fold, strip_diacritics, to_latin

# nominative (lower case) -> (gender, oblique stem or "" when the stem is the nominative minus its vowel)
_HEADS: dict[str, tuple[str, str]] = {
    # feminine in -a
    "agencija": ("f", ""), "vlada": ("f", ""), "fondacija": ("f", ""), "fundacija": ("f", ""),
    "zaklada": ("f", ""), "udruga": ("f", ""), "kancelarija": ("f", ""), "služba": ("f", ""),
    "direkcija": ("f", ""), "uprava": ("f", ""), "komora": ("f", ""), "škola": ("f", ""),
    "delegacija": ("f", ""), "ambasada": ("f", ""), "banka": ("f", ""), "ustanova": ("f", ""),
    "općina": ("f", ""), "opština": ("f", ""), "opčina": ("f", ""), "konferencija": ("f", ""),
    "unija": ("f", ""), "organizacija": ("f", ""), "skupština": ("f", ""), "komisija": ("f", ""),
    "mreža": ("f", ""), "inicijativa": ("f", ""), "zajednica": ("f", ""), "asocijacija": ("f", ""),
    "knjižnica": ("f", ""), "biblioteka": ("f", ""), "bolnica": ("f", ""), "klinika": ("f", ""),
    "policija": ("f", ""), "županija": ("f", ""), "misija": ("f", ""), "akademija": ("f", ""),
    "gimnazija": ("f", ""), "kuća": ("f", ""), "zadruga": ("f", ""), "platforma": ("f", ""),
    "pomoć": ("f", "pomoć"), "vlast": ("f", "vlast"), "koalicija": ("f", ""), "federacija": ("f", ""),
    "kompanija": ("f", ""), "korporacija": ("f", ""), "berza": ("f", ""), "burza": ("f", ""),
    "pošta": ("f", ""), "grupa": ("f", ""),  # Lokalna akcijska grupa
    # small businesses named after their trade (`pekara „Sana“`, `stolarska radnja „Hrast“`)
    "pekara": ("f", ""), "radnja": ("f", ""), "hladnjača": ("f", ""), "tvrtka": ("f", ""), "mljekara": ("f", ""),
    "klaonica": ("f", ""), "ljekarna": ("f", ""), "apoteka": ("f", ""), "farma": ("f", ""), "radionica": ("f", ""),
    "stolarija": ("f", ""), "obrt": ("m", ""), "salon": ("m", ""), "restoran": ("m", ""),
    "jedinica": ("f", ""),  # Jedinica za implementaciju projekta
    # masculine
    "zavod": ("m", ""), "fond": ("m", ""), "savez": ("m", ""), "centar": ("m", "centr"),
    "institut": ("m", ""), "ured": ("m", ""), "biro": ("m", ""), "univerzitet": ("m", ""),
    "grad": ("m", ""), "sekretarijat": ("m", ""), "program": ("m", ""), "komitet": ("m", ""),
    "savjet": ("m", ""), "savet": ("m", ""), "forum": ("m", ""), "klaster": ("m", "klaster"),
    "dom": ("m", ""), "inkubator": ("m", ""), "krst": ("m", ""), "križ": ("m", ""), "kanton": ("m", ""),
    "parlament": ("m", ""), "sud": ("m", ""), "odbor": ("m", ""), "konzorcij": ("m", ""),
    "konzorcijum": ("m", ""), "fakultet": ("m", ""), "muzej": ("m", ""), "park": ("m", ""),
    "tim": ("m", ""), "odjel": ("m", ""), "odsjek": ("m", ""), "sektor": ("m", ""), "pokret": ("m", ""),
    "festival": ("m", ""), "konzulat": ("m", ""), "vrtić": ("m", ""),
    # neuter
    "ministarstvo": ("n", ""), "udruženje": ("n", ""), "sveučilište": ("n", ""), "vijeće": ("n", ""),
    "veće": ("n", ""), "veleposlanstvo": ("n", ""), "predstavništvo": ("n", ""), "društvo": ("n", ""),
    "preduzeće": ("n", ""), "poduzeće": ("n", ""), "odjeljenje": ("n", ""), "odeljenje": ("n", ""),
    "povjerenstvo": ("n", ""), "poverenstvo": ("n", ""), "pozorište": ("n", ""), "kazalište": ("n", ""),
    "predsjedništvo": ("n", ""), "predsedništvo": ("n", ""), "tijelo": ("n", ""), "telo": ("n", ""),
    "partnerstvo": ("n", ""), "vijece": ("n", ""), "izaslanstvo": ("n", ""), "tajništvo": ("n", ""),
}
# adjective endings, longest first
_ADJ_ENDINGS = ("oga", "ome", "omu", "emu", "ega", "oj", "om", "og", "im", "ih", "em", "eg", "a", "e", "i", "o", "u")
_SOFT = ("j", "lj", "nj", "č", "ć", "š", "ž", "đ", "dž", "c")


def _noun_forms(nom: str, gender: str, stem: str) -> dict[str, list[str]]:
    """Singular case forms (n, g, d, a, i) of a head noun, plus the nominative plural for bodies named in it."""
    if gender == "f" and nom.endswith("a"):
        s = nom[:-1]
        dat = [s + "i"]
        if s[-1:] in "kgh":
            dat.append(s[:-1] + {"k": "c", "g": "z", "h": "s"}[s[-1]] + "i")
        return {"n": [nom], "g": [s + "e"], "d": dat, "a": [s + "u"], "i": [s + "om"]}
    if gender == "f":  # consonant-final feminine: pomoć, vlast
        return {"n": [nom], "g": [nom + "i"], "d": [nom + "i"], "a": [nom], "i": [nom + "i", nom + "ju"]}
    if gender == "n":
        s = nom[:-1]
        ins = s + ("em" if nom.endswith("e") else "om")
        return {"n": [nom], "g": [s + "a"], "d": [s + "u"], "a": [nom], "i": [ins]}
    s = stem or (nom[:-1] if nom.endswith("o") else nom)
    ins = s + ("em" if s.endswith(_SOFT) else "om")
    return {"n": [nom], "g": [s + "a"], "d": [s + "u"], "a": [nom], "i": [ins]}


# plural forms of the heads that name several local governments at once: `gradovi Trebinje i Bileća`
_PLURALS: dict[str, tuple[str, ...]] = {
    "grad": ("gradovi", "gradova", "gradovima"), "općina": ("općinama",), "opština": ("opštinama",),
    "opčina": ("opčinama",),
}


@lru_cache(maxsize=1)
def _head_index() -> dict[str, tuple[str, str]]:
    """Folded form of every head noun case form -> (nominative, gender)."""
    out: dict[str, tuple[str, str]] = {}
    for nom, (gender, stem) in _HEADS.items():
        for forms in [*_noun_forms(nom, gender, stem).values(), _PLURALS.get(nom, ())]:
            for f in forms:
                out.setdefault(fold(f), (nom, gender))
        out[fold(nom)] = (nom, gender)
    return out


@lru_cache(maxsize=1)
def _head_lower() -> dict[str, tuple[str, str]]:
    """The same index keyed by lower-case Latin forms with and without diacritics: one dict lookup per word."""
    out = dict(_head_index())
    for nom, (gender, stem) in _HEADS.items():
        for forms in [*_noun_forms(nom, gender, stem).values(), _PLURALS.get(nom, ())]:
            for f in forms:
                out.setdefault(f, (nom, gender))
    return out


def head_forms() -> frozenset[str]:
    """Every lower-case form of every head noun, for a quick membership test before `head_of`."""
    return frozenset(_head_lower())


@lru_cache(maxsize=65536)
def head_of(word: str) -> tuple[str, str] | None:
    """(nominative, gender) when `word` is a case form of an organisation head noun.

    Cached per word: every stage asks about the same few hundred words of a document many times."""
    low = word.lower()
    hit = _head_lower().get(low)
    if hit is not None or low.isascii():
        return hit
    return _head_index().get(fold(word))


def _all_caps(word: str) -> bool:
    """Capitals only; `NJ` transliterated from Cyrillic capitals may come out as `Nj`."""
    return len(word) > 1 and word.replace("j", "J").isupper()


def _case_like(src: str, target: str) -> str:
    """`target` written with the capitalisation of `src`."""
    if _all_caps(src):
        return target.upper()
    if src[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def _adj_stem(word: str) -> str:
    low = word.lower()
    for e in _ADJ_ENDINGS:
        if low.endswith(e) and len(low) - len(e) >= 3:
            return word[: len(word) - len(e)]
    return word


def adjective_nominative(word: str, gender: str) -> str:
    """An adjective in any case back to the nominative singular of `gender` (`Evropske`, f -> `Evropska`)."""
    stem = _adj_stem(word)
    if stem == word:
        return word
    low = stem.lower()
    if gender == "f":
        end = "a"
    elif gender == "n":
        end = "e" if low.endswith(("nj", "j", "šnj")) and not low.endswith("ij") else "o"
    else:
        end = "i"
    return stem + (end.upper() if _all_caps(word) else end)


@lru_cache(maxsize=65536)
def _looks_adjective(word: str) -> bool:
    low = fold(word)
    return len(low) > 4 and low.endswith(
        ("ska", "ske", "skoj", "sku", "skom", "ski", "skog", "skim", "sko", "na", "ne", "noj", "nu", "nom", "ni",
         "nog", "nim", "no", "ka", "ke", "koj", "ku", "kom", "ki", "kog", "kim", "ko", "ja", "je", "joj", "jom",
         "ji", "jeg", "jem", "jim", "va", "ve", "voj", "vu", "vom", "vi", "vog", "vim", "ta", "te", "toj", "tom",
         "ti", "tog", "tim", "la", "le", "loj", "lom", "li", "log", "lim", "ra", "re", "roj", "rom", "ri", "rog")
    )


@lru_cache(maxsize=16384)
def nominative(phrase: str) -> str:
    """The nominative of an organisation noun phrase; the first head noun and the adjectives before it decline.

    Cyrillic comes back in Latin script. A phrase without a known head noun comes back unchanged.
    """
    words = to_latin(phrase).split()
    for i, w in enumerate(words):
        core = w.strip("„“”\"'«»()")
        h = head_of(core)
        if h is None:
            continue
        nom, gender = h
        if i > 0 and not all(_looks_adjective(x) or x == "i" for x in words[:i]):
            continue
        out = [x if x == "i" else adjective_nominative(x, gender) for x in words[:i]]
        out.append(w.replace(core, _case_like(core, nom)))
        return " ".join(out + words[i + 1:])
    return " ".join(words)


_ADJ_CASES = {
    "f": {"n": ["a"], "g": ["e"], "d": ["oj"], "a": ["u"], "i": ["om"]},
    "m": {"n": ["i"], "g": ["og", "oga"], "d": ["om", "omu"], "a": ["i"], "i": ["im"]},
    "n": {"n": ["o", "e"], "g": ["og", "oga"], "d": ["om", "omu"], "a": ["o", "e"], "i": ["im"]},
}


@lru_cache(maxsize=4096)
def case_forms(name: str) -> frozenset[str]:
    """Folded case forms of a registered name: head and preceding adjectives declined together, rest fixed."""
    words = to_latin(name).split()
    out = {fold(name)}
    for i, w in enumerate(words):
        h = head_of(w)
        if h is None:
            continue
        nom, gender = h
        if fold(w) != fold(nom):
            break
        adjs = words[:i]
        if adjs and not all(_looks_adjective(a) for a in adjs):
            break
        noun = _noun_forms(nom, gender, _HEADS[nom][1])
        rest = " ".join(words[i + 1:])
        for case, nforms in noun.items():
            for nf in nforms:
                variants = [""]
                for a in adjs:
                    stem = _adj_stem(a)
                    variants = [(v + " " + stem + e).strip() for v in variants for e in _ADJ_CASES[gender][case]]
                for v in variants:
                    out.add(fold(f"{v} {nf} {rest}".strip()))
        break
    return frozenset(" ".join(f.split()) for f in out)


def plain(word: str) -> str:
    """Lower case without diacritics, Latin script: how head words are compared."""
    return strip_diacritics(to_latin(word)).lower()
