"""Personal names back in the nominative, Latin script.

News text declines names: `Draganu Lukiću`, `Zorana Ilića`, `sa ministarkom Amrom Begić`. A person must
be listed once under the name they would sign with, so every mention is put back in the nominative. There is no
morphological analyser for names, so each mention is read under every (gender, case) hypothesis, the endings are
undone by the paradigms of BCS names, and the hypothesis best supported by the first-name lexicon, the shape of the
surname (`-ić` is a nominative, `-ića` is not) and outside evidence of gender (role word, verb ending) wins.
"""

from __future__ import annotations

import functools
from importlib import resources

from devatlas.text.script import to_latin

CASES = ("nom", "gen", "dat", "acc", "ins")
# consonants after which the masculine instrumental is -em rather than -om
_SOFT = ("ć", "č", "š", "ž", "j", "lj", "nj", "đ", "dž", "c")
# nominative endings typical of female surnames that end in -a (Macedonian, Bulgarian, Albanian, Slovene ...)
_FEM_A_SURNAME = ("ova", "eva", "ska", "cka", "ina", "aja")


@functools.lru_cache(maxsize=1)
def first_names() -> dict[str, tuple[str, int]]:
    """Given name -> (gender `m`/`f`/`u`, how common 0-13), loaded once from the package data."""
    out: dict[str, tuple[str, int]] = {}
    path = resources.files("devatlas.understand").joinpath("data", "people_first_names.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        weight = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 3
        out[parts[0]] = ((parts[1].strip() if len(parts) > 1 else "") or "u", weight)
    return out


def _lookup(name: str) -> tuple[str, int] | None:
    lex = first_names()
    hit = lex.get(name)
    if hit is None and "-" in name:  # Ana-Maria: the first part decides
        hit = lex.get(name.split("-", 1)[0])
    return hit


@functools.lru_cache(maxsize=65536)
def first_name_gender(name: str) -> str | None:
    """Gender of a given name in the nominative, or None when the lexicon does not know it.

    Cached per word: people, places, organisations and projects ask about the same capitalised words of a page,
    and an uncached answer takes two calls and a lookup or two."""
    hit = _lookup(name)
    return hit[0] if hit else None


def _common_o_name(tok: str) -> list[str]:
    """A man's name in -o declined as Croatian declines it, like a noun in -a (Ivo, Ive, Ivi, Ivu): only for names
    common enough that a rare one (Malo) does not turn a word such as `Male` into a person."""
    name = tok[:-1] + "o"
    hit = _lookup(name)
    return [name] if hit is not None and hit[0] == "m" and hit[1] >= 5 else []


def _inverse(tok: str, gender: str, case: str) -> list[str]:
    """Nominatives that `tok` can come from, read as `case` of a name of `gender`. Empty when impossible."""
    if case == "nom":
        return [tok]
    low = tok.lower()
    out: list[str] = []
    ends_consonant = low[-1:] not in "aeiou"
    if gender == "m":
        if case in ("gen", "acc") and low.endswith("ija") and len(tok) > 4:
            out.append(tok[:-2])  # Kurtija, Rossija -> Kurti, Rossi
        if case in ("gen", "acc") and low.endswith("a") and len(tok) > 3:
            s = tok[:-1]
            if low.endswith(("ija", "ia")):  # Antonija, Antonia -> Antonio
                out.append(tok[: -3 if low.endswith("ija") else -2] + "io")
            out.append(s)  # Dragana -> Dragan
            out.append(s + "o")  # Marka -> Marko
            out.append(s + "e")  # Pavla -> Pavle
        if case == "gen" and low.endswith("e"):
            out.append(tok[:-1] + "a")  # Nikole -> Nikola
            out.extend(_common_o_name(tok))  # Croatian Ive -> Ivo, Pere -> Pero
        if case == "acc" and low.endswith("u"):
            out.append(tok[:-1] + "a")  # Nikolu -> Nikola
            out.extend(_common_o_name(tok))  # Ivu -> Ivo
        if case == "dat":
            if low.endswith("iju") and len(tok) > 4:
                out.append(tok[:-2])
            if low.endswith("u"):
                s = tok[:-1]
                out.append(s)
                if low.endswith("iju"):
                    out.append(tok[:-3] + "io")
                out.extend((s + "o", s + "e"))
            elif low.endswith("i"):
                out.append(tok[:-1] + "a")  # Nikoli -> Nikola
                out.extend(_common_o_name(tok))  # Ivi -> Ivo
        if case == "ins":
            if low.endswith("om"):
                s = tok[:-2]
                out.extend((s, s + "o", s + "a", s + "e"))
            elif low.endswith("em"):
                s = tok[:-2]
                if low.endswith("ijem"):
                    out.append(tok[:-3])  # Kurtijem -> Kurti
                    out.append(tok[:-4] + "io")
                if s.lower().endswith(_SOFT):
                    out.append(s)
                out.append(s + "e")
        return [c for c in out if len(c) > 1]
    # feminine: names in -a decline like nouns, names in a consonant do not
    if ends_consonant:
        out.append(tok)
    if case == "gen" and low.endswith("e"):
        out.append(tok[:-1] + "a")
    elif case == "dat" and low.endswith("oj"):
        out.append(tok[:-2] + "a")  # Petrovskoj -> Petrovska
    elif (case == "dat" and low.endswith("i")) or (case == "acc" and low.endswith("u")):
        out.append(tok[:-1] + "a")
    elif case == "ins" and low.endswith("om"):
        out.append(tok[:-2] + "a")
    return out


def _first_score(cand: str, tok: str, gender: str) -> float:
    hit = _lookup(cand)
    if hit is None:
        return 0.0 if cand == tok else -1.5  # an unknown name is not changed without reason
    g, weight = hit
    if g == gender:
        return 2.0 + 0.15 * weight  # a common name beats a rare one that happens to look like it (Ana / Ane)
    return 1.0 if g == "u" else -2.0


def _surname_score(cand: str, tok: str, gender: str) -> float:
    low = cand.lower()
    score = 0.0
    if low.endswith(("ića", "iću", "ićem", "ićom")):
        score -= 3.0  # a surname in -ić never keeps a case ending in the nominative
    elif low.endswith(("ić", "vić")):
        score += 1.5
    if gender == "f" and cand == tok:
        if low.endswith("a") and not low.endswith(_FEM_A_SURNAME):
            score -= 1.5  # a woman's surname in -a is rare outside -ova, -ska ...
        elif low.endswith(("em", "om", "ju")):
            score -= 1.5  # ... and one in -em, -om is a man's instrumental
    if gender == "m" and cand != tok and low[-1:] in "aeiou" and low.endswith(("io", "ao", "eo")):
        score -= 1.0
    if first_name_gender(cand) is not None and cand != tok:
        score -= 0.5
    return score


def nominative_name(
    tokens: list[str], gender_hint: str | None = None, declines: bool = True
) -> tuple[list[str], str, float]:
    """Best nominative reading of a full-name mention: (tokens, gender, confidence).

    `tokens` are the capitalised words of the mention in Latin script (first name first). `gender_hint` is
    outside evidence (`m`/`f`). `declines` is False for languages whose names do not decline here (English).
    """
    toks, gender, conf = _nominative_cached(tuple(tokens), gender_hint, declines)
    return list(toks), gender, conf


@functools.lru_cache(maxsize=4096)
def _nominative_cached(
    tokens: tuple[str, ...], gender_hint: str | None, declines: bool
) -> tuple[list[str], str, float]:
    first, last = tokens[0], tokens[-1]
    hit = _lookup(first)
    if (
        hit is not None
        and hit[0] in ("m", "f")
        and gender_hint in (None, hit[0])
        and first[-1:].lower() not in "aeiou"
        and last[-1:].lower() not in "aeiou"
        and not last.lower().endswith(("om", "em"))
    ):
        # `Ivan Babić`, `Dragan Lukić`: a given name in a consonant before a surname in one is nominative
        return list(tokens), hit[0], 2.0 + 0.15 * hit[1] + 2.0
    best: tuple[float, list[str], str] | None = None
    cases = CASES if declines else ("nom",)
    for gender in ("m", "f"):
        for case in cases:
            score = 1.0 if case == "nom" else 0.0
            if gender_hint == gender:
                score += 2.0
            out: list[str] = []
            ok = True
            for i, tok in enumerate(tokens):
                cands = _inverse(tok, gender, case)
                if not cands:
                    ok = False
                    break
                if i == 0:
                    scored = [(_first_score(c, tok, gender), c) for c in cands]
                else:
                    scored = [(_surname_score(c, tok, gender), c) for c in cands]
                    if first_name_gender(tok) is not None and i < len(tokens) - 1:
                        # a second given name or a nickname: judged like the first
                        scored = [(max(s, _first_score(c, tok, gender)), c) for s, c in scored]
                s, c = max(scored, key=lambda sc: (sc[0], -cands.index(sc[1])))
                score += s
                out.append(c)
            if not ok:
                continue
            if best is None or score > best[0]:
                best = (score, out, gender)
    if best is None:
        return list(tokens), gender_hint or "", 0.0
    return best[1], best[2], best[0]


def surname_forms(surname: str) -> set[str]:
    """Every form a surname takes in running text, to recognise later bare mentions (`Lukića`, `Babićeva`)."""
    s = surname
    forms = {s}
    low = s.lower()
    if low[-1:] in "aeiou":
        if low.endswith("a"):
            stem = s[:-1]
            forms.update({stem + "e", stem + "i", stem + "u", stem + "om", stem + "oj"})
        elif low.endswith("o"):
            stem = s[:-1]
            forms.update({stem + "a", stem + "u", stem + "om"})
        return forms
    forms.update({s + "a", s + "u", s + "om", s + "em", s + "ova", s + "eva", s + "ove", s + "eve", s + "ovoj"})
    return forms


def to_latin_name(text: str) -> str:
    """A name in Latin script, as the registry stores it."""
    return to_latin(text)


@functools.lru_cache(maxsize=32768)
def is_first_name_form(tok: str) -> bool:
    """Whether a word is a given name in some case form (Dragana, Vesne, Amrom, Antonija).

    Cached per word: people and organisations ask about each capitalised word, and the answer takes up to nine
    lookups in the lexicon."""
    if first_name_gender(tok) is not None:
        return True
    low = tok.lower()
    for cut, adds in ((1, ("", "a", "o", "e")), (2, ("", "a", "o", "e"))):
        if len(tok) - cut < 2:
            continue
        if (cut == 1 and low[-1] in "aeiu") or (cut == 2 and low[-2:] in ("om", "em", "oj")):
            stem = tok[:-cut]
            if any(first_name_gender(stem + a) is not None for a in adds):
                return True
    if low.endswith(("ija", "iju", "ijem")):  # Antonija, Antoniju, Antonijem -> Antonio
        return first_name_gender(tok[: -3 if low.endswith(("ija", "iju")) else -4] + "io") is not None
    return False
