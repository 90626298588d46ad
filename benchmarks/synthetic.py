"""A synthetic corpus of local-development news in bs, hr, sr (Latin and Cyrillic) and en, built from our own
templates and the gazetteer's municipalities, for benchmarks at sizes no real collection here reaches.

Every document knows what it is about (place, donor, topic, language, script), so queries written in another case
form, script or standard than a document uses have known relevant sets. Place names appear in the case the
sentence needs (`u Srpcu`, `općine Laktaši`), donors in the nominative or genitive, topics in the accusative or
genitive, so a search that only matches surface words misses part of each set.

`python -m benchmarks.synthetic OUT_DIR --docs 10000` writes OUT_DIR/NNNN/DDDDDDD.txt (1000 files a folder) and
OUT_DIR/truth.jsonl (one line a document: what it mentions).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from devatlas.text import inflect
from devatlas.text.script import to_cyrillic

LANGUAGES = ("bs", "hr", "sr", "en")

# Donors: (nominative, genitive) in each language. The same body under its name in each standard.
DONORS: dict[str, dict[str, tuple[str, str]]] = {
    "eu": {"bs": ("Evropska unija", "Evropske unije"), "hr": ("Europska unija", "Europske unije"),
           "sr": ("Evropska unija", "Evropske unije"), "en": ("European Union", "European Union")},
    "swiss": {"bs": ("Vlada Švicarske", "Vlade Švicarske"), "hr": ("Vlada Švicarske", "Vlade Švicarske"),
              "sr": ("Vlada Švajcarske", "Vlade Švajcarske"), "en": ("Swiss Government", "Swiss Government")},
    "usaid": {lang: ("USAID", "USAID-a") for lang in ("bs", "hr", "sr")} | {"en": ("USAID", "USAID")},
    "undp": {lang: ("UNDP", "UNDP-a") for lang in ("bs", "hr", "sr")} | {"en": ("UNDP", "UNDP")},
    "germany": {"bs": ("Vlada Njemačke", "Vlade Njemačke"), "hr": ("Vlada Njemačke", "Vlade Njemačke"),
                "sr": ("Vlada Nemačke", "Vlade Nemačke"), "en": ("German Government", "German Government")},
    "worldbank": {"bs": ("Svjetska banka", "Svjetske banke"), "hr": ("Svjetska banka", "Svjetske banke"),
                  "sr": ("Svetska banka", "Svetske banke"), "en": ("World Bank", "World Bank")},
    "sweden": {"bs": ("Švedska agencija Sida", "Švedske agencije Sida"),
               "hr": ("Švedska agencija Sida", "Švedske agencije Sida"),
               "sr": ("Švedska agencija Sida", "Švedske agencije Sida"), "en": ("Sida", "Sida")},
    "japan": {"bs": ("Vlada Japana", "Vlade Japana"), "hr": ("Vlada Japana", "Vlade Japana"),
              "sr": ("Vlada Japana", "Vlade Japana"), "en": ("Government of Japan", "Government of Japan")},
}
# Topics: (accusative, genitive) in each language.
TOPICS: dict[str, dict[str, tuple[str, str]]] = {
    "youth_jobs": {"bs": ("zapošljavanje mladih", "zapošljavanja mladih"),
                   "hr": ("zapošljavanje mladih", "zapošljavanja mladih"),
                   "sr": ("zapošljavanje mladih", "zapošljavanja mladih"),
                   "en": ("youth employment", "youth employment")},
    "enterprise": {"bs": ("razvoj poduzetništva", "razvoja poduzetništva"),
                   "hr": ("razvoj poduzetništva", "razvoja poduzetništva"),
                   "sr": ("razvoj preduzetništva", "razvoja preduzetništva"),
                   "en": ("entrepreneurship", "entrepreneurship")},
    "energy": {"bs": ("energetsku efikasnost", "energetske efikasnosti"),
               "hr": ("energetsku učinkovitost", "energetske učinkovitosti"),
               "sr": ("energetsku efikasnost", "energetske efikasnosti"),
               "en": ("energy efficiency", "energy efficiency")},
    "water": {"bs": ("vodosnabdijevanje", "vodosnabdijevanja"), "hr": ("vodoopskrbu", "vodoopskrbe"),
              "sr": ("vodosnabdevanje", "vodosnabdevanja"), "en": ("water supply", "water supply")},
    "diaspora": {"bs": ("saradnju sa dijasporom", "saradnje sa dijasporom"),
                 "hr": ("suradnju s dijasporom", "suradnje s dijasporom"),
                 "sr": ("saradnju sa dijasporom", "saradnje sa dijasporom"),
                 "en": ("diaspora engagement", "diaspora engagement")},
    "agriculture": {"bs": ("poljoprivredu", "poljoprivrede"), "hr": ("poljoprivredu", "poljoprivrede"),
                    "sr": ("poljoprivredu", "poljoprivrede"), "en": ("agriculture", "agriculture")},
    "led": {"bs": ("lokalni ekonomski razvoj", "lokalnog ekonomskog razvoja"),
            "hr": ("lokalni gospodarski razvoj", "lokalnoga gospodarskog razvoja"),
            "sr": ("lokalni ekonomski razvoj", "lokalnog ekonomskog razvoja"),
            "en": ("local economic development", "local economic development")},
    "egov": {"bs": ("digitalizaciju uprave", "digitalizacije uprave"),
             "hr": ("digitalizaciju uprave", "digitalizacije uprave"),
             "sr": ("digitalizaciju uprave", "digitalizacije uprave"), "en": ("e-government", "e-government")},
}
FIRST = ["Amra", "Dragan", "Ivana", "Milorad", "Selma", "Nikola", "Jelena", "Damir", "Snežana", "Goran", "Lejla",
         "Marko", "Vesna", "Edin", "Tanja", "Zoran", "Ana", "Mirza", "Dušan", "Maja"]
LAST = ["Hodžić", "Petrović", "Kovačević", "Jovanović", "Babić", "Marić", "Ilić", "Delić", "Popović", "Šarić",
        "Mehmedović", "Nikolić", "Perić", "Vuković", "Stanić", "Tomić"]
MONTHS = {
    "bs": ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "augusta", "septembra", "oktobra",
           "novembra", "decembra"],
    "hr": ["siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna",
           "listopada", "studenoga", "prosinca"],
    "sr": ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra", "oktobra",
           "novembra", "decembra"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
CURRENCY = {"BA": "KM", "RS": "dinara", "HR": "eura", "ME": "eura", "MK": "eura", "XK": "eura", "AL": "eura"}
LANGUAGE_OF = {"BA": ("bs", "sr"), "HR": ("hr",), "RS": ("sr",), "ME": ("sr",), "MK": ("en",), "XK": ("en",),
               "AL": ("en",)}

# Headlines and sentences; {loc} and {gen} are the place in the locative and genitive, {donor}/{donor_gen}
# and {topic}/{topic_gen} likewise. Each document uses one headline and a shuffle of the sentences.
HEADLINES = {
    "bs": ["U {loc} potpisan ugovor za {topic}", "{place}: {donor} podržava {topic}",
           "Novi projekat općine {gen} za {topic}"],
    "hr": ["U {loc} potpisan ugovor za {topic}", "{place}: {donor} podupire {topic}",
           "Novi projekt općine {gen} za {topic}"],
    "sr": ["U {loc} potpisan ugovor za {topic}", "{place}: {donor} podržava {topic}",
           "Novi projekat opštine {gen} za {topic}"],
    "en": ["{place} signs agreement on {topic}", "{donor} backs {topic} in {place}",
           "New {topic} project for {place}"],
}
BODY = {
    "bs": [
        "Općina {place} i {donor} potpisali su {day}. {month} {year}. godine ugovor o projektu za {topic}.",
        "Predstavnici {gen} i {donor_gen} potpisali su {day}. {month} {year}. ugovor o projektu.",
        "Vrijednost projekta je {amount} {currency}, a realizacija će trajati {months} mjeseci.",
        "Općinski načelnik {person} istakao je da će projekat pomoći građanima u {loc}.",
        "U okviru projekta biće organizovane obuke za najmanje {count} nezaposlenih osoba iz {gen}.",
        "Projekat iz oblasti {topic_gen} provodi se u saradnji sa lokalnim udruženjima.",
        "Sredstva {donor_gen} namijenjena su za {topic} na području općine {gen}.",
    ],
    "hr": [
        "Općina {place} i {donor} potpisali su {day}. {month} {year}. ugovor o projektu za {topic}.",
        "Predstavnici {gen} i {donor_gen} potpisali su {day}. {month} {year}. ugovor o projektu.",
        "Ukupna vrijednost projekta iznosi {amount} {currency}, a provedba će trajati {months} mjeseci.",
        "Načelnik općine {person} naglasio je kako će projekt unaprijediti život mještana u {loc}.",
        "Tijekom provedbe bit će organizirane radionice za najmanje {count} sudionika iz {gen}.",
        "Projekt iz područja {topic_gen} provodi se u suradnji s lokalnom razvojnom agencijom.",
        "Sredstva {donor_gen} namijenjena su za {topic} na području općine {gen}.",
    ],
    "sr": [
        "Opština {place} i {donor} potpisali su {day}. {month} {year}. godine ugovor o projektu za {topic}.",
        "Predstavnici {gen} i {donor_gen} potpisali su {day}. {month} {year}. ugovor o projektu.",
        "Vrednost projekta je {amount} {currency}, a realizacija će trajati {months} meseci.",
        "Predsednik opštine {person} istakao je da će projekat pomoći građanima u {loc}.",
        "U okviru projekta biće organizovane obuke za najmanje {count} nezaposlenih lica iz {gen}.",
        "Projekat iz oblasti {topic_gen} sprovodi se u saradnji sa lokalnim udruženjima.",
        "Sredstva {donor_gen} namenjena su za {topic} na teritoriji opštine {gen}.",
    ],
    "en": [
        "The Municipality of {place} and the {donor} signed an agreement on a {topic} project on {month} {day}, "
        "{year}.",
        "The project is worth {amount} {currency} and will be implemented over {months} months.",
        "Mayor {person} said the project would benefit citizens and local businesses in {place}.",
        "At least {count} unemployed people will take part in trainings within the project.",
        "Funds of the {donor} are earmarked for {topic} in the municipality.",
    ],
}
FILLER = {
    "bs": ["Sastanku su prisustvovali predstavnici općinskih službi, privrednika i nevladinih organizacija.",
           "Javni poziv za učešće bit će objavljen na web stranici općine.",
           "Prijave se podnose do kraja mjeseca, a sve informacije dostupne su u općinskoj službi.",
           "Učesnici su razgovarali o prioritetima razvoja i saradnji sa susjednim općinama.",
           "Prethodne godine kroz slične projekte podržano je više od stotinu porodica."],
    "hr": ["Sastanku su nazočili predstavnici općinskih službi, poduzetnika i udruga civilnog društva.",
           "Javni poziv bit će objavljen na mrežnim stranicama općine.",
           "Prijave se podnose do kraja mjeseca, a sve informacije dostupne su u općinskom uredu.",
           "Sudionici su razgovarali o razvojnim prioritetima i suradnji sa susjednim općinama.",
           "Prošle godine kroz slične projekte potpomognuto je više od stotinu obitelji."],
    "sr": ["Sastanku su prisustvovali predstavnici opštinskih službi, privrednika i udruženja građana.",
           "Javni poziv biće objavljen na internet stranici opštine.",
           "Prijave se podnose do kraja meseca, a sve informacije dostupne su u opštinskoj upravi.",
           "Učesnici su razgovarali o prioritetima razvoja i saradnji sa susednim opštinama.",
           "Prethodne godine kroz slične projekte podržano je više od stotinu porodica."],
    "en": ["Representatives of municipal services, businesses and civil society organisations attended the event.",
           "The public call will be published on the municipality's website.",
           "Applications are open until the end of the month; details are available at the municipal office.",
           "Participants discussed development priorities and cooperation with neighbouring municipalities.",
           "Last year similar projects supported more than a hundred families."],
}


@dataclass(frozen=True, slots=True)
class SyntheticPlace:
    place_id: str
    name: str
    country: str


@dataclass(frozen=True, slots=True)
class SyntheticDoc:
    """One generated document and what it is known to mention."""

    lang: str
    script: str
    place_id: str
    donor: str
    topic: str
    text: str


def case_form(name: str, case: str) -> str:
    """A place name in one case ("g" genitive, "d" locative), declined by the gazetteer's own rules; names the
    rules keep fixed (unit heads, numbers, prepositions) stay in the nominative."""
    words = name.split()
    if any(w[:1].islower() for w in words[1:]) or any("-" in w or w.isdigit() for w in words):
        return name
    if len(words) > 1 and words[0] in inflect._UNIT_HEADS:
        return name
    out = []
    for i, word in enumerate(words):
        if i == len(words) - 1:
            forms = inflect._head(word)[case]
            # Srbac -> Srpcu: the voiced stem, when the rules give one, is the one in use
            out.append(forms[2] if len(forms) == 3 else forms[0])
        elif word[-1:].lower() in ("i", "a", "o", "e") and word[:1].isupper():
            out.append(inflect._adjective(word)[case][0])
        else:
            out.append(word)
    return " ".join(out)


@lru_cache(maxsize=1)
def places_by_language() -> dict[str, list[SyntheticPlace]]:
    """Municipalities and cities of the gazetteer, by the languages whose news would name them."""
    from devatlas.gazetteer import load_gazetteer

    out: dict[str, list[SyntheticPlace]] = {lang: [] for lang in LANGUAGES}
    for place in load_gazetteer().places:
        if place.kind not in ("municipality", "city") or place.country not in LANGUAGE_OF:
            continue
        entry = SyntheticPlace(place.place_id, place.name, place.country)
        for lang in LANGUAGE_OF[place.country]:
            out[lang].append(entry)
        if "en" not in LANGUAGE_OF[place.country]:
            out["en"].append(entry)
    return out


def documents(n: int, seed: int = 1) -> Iterator[SyntheticDoc]:
    """n documents; sr documents are Cyrillic one time in three."""
    rng = random.Random(seed)
    places = places_by_language()
    languages = ["bs", "hr", "sr", "sr", "en"]
    donors, topics = sorted(DONORS), sorted(TOPICS)
    for _ in range(n):
        lang = rng.choice(languages)
        place = rng.choice(places[lang])
        donor, topic = rng.choice(donors), rng.choice(topics)
        latin = lang != "en"
        values = {
            "place": place.name,
            "loc": case_form(place.name, "d") if latin else place.name,
            "gen": case_form(place.name, "g") if latin else place.name,
            "donor": DONORS[donor][lang][0], "donor_gen": DONORS[donor][lang][1],
            "topic": TOPICS[topic][lang][0], "topic_gen": TOPICS[topic][lang][1],
            "day": rng.randint(1, 28), "month": rng.choice(MONTHS[lang]), "year": rng.randint(2012, 2025),
            "amount": f"{rng.randint(10, 5000) * 1000:,}".replace(",", "." if latin else ","),
            "currency": CURRENCY.get(place.country, "EUR") if latin else "EUR",
            "months": rng.choice([12, 18, 24, 36]), "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "count": rng.randint(20, 600),
        }
        sentences = [s.format(**values) for s in rng.sample(BODY[lang], k=4)]
        filler = rng.sample(FILLER[lang], k=rng.randint(2, 5))
        paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:]), " ".join(filler)]
        text = rng.choice(HEADLINES[lang]).format(**values) + "\n\n" + "\n\n".join(paragraphs) + "\n"
        cyrillic = lang == "sr" and rng.random() < 1 / 3
        yield SyntheticDoc(lang, "cyrillic" if cyrillic else "latin", place.place_id, donor, topic,
                           to_cyrillic(text) if cyrillic else text)


def corpus_path(folder: Path, i: int) -> Path:
    return folder / f"{i // 1000:04d}" / f"{i:07d}.txt"


def write_corpus(folder: Path, n: int, seed: int = 1) -> tuple[list[Path], list[SyntheticDoc]]:
    """The corpus as files, and what each document mentions (also written to truth.jsonl, without the text)."""
    paths, truth = [], []
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "truth.jsonl").open("w", encoding="utf-8") as out:
        for i, doc in enumerate(documents(n, seed)):
            path = corpus_path(folder, i)
            if i % 1000 == 0:
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc.text, encoding="utf-8")
            paths.append(path)
            truth.append(SyntheticDoc(doc.lang, doc.script, doc.place_id, doc.donor, doc.topic, ""))
            row = {k: v for k, v in asdict(doc).items() if k != "text"}
            out.write(json.dumps({"path": str(path.relative_to(folder)), **row}, ensure_ascii=False) + "\n")
    return paths, truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.docs, args.seed)
    print(f"{args.docs} documents written under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
