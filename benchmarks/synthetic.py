"""A synthetic corpus of realistic local-development news in bs, hr, sr (Latin and Cyrillic) and en, built from
templates and the gazetteer's places, for benchmarks at sizes no real collection here reaches.

`python -m benchmarks.synthetic OUT_DIR --docs 10000` writes OUT_DIR/NNN/DDDDDDD.txt (1000 files a folder).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from devatlas.text.script import to_cyrillic

DONORS = {
    "bs": ["Evropska unija", "Vlada Švicarske", "USAID", "UNDP", "Vlada Njemačke", "Švedska agencija Sida",
           "Svjetska banka", "Fondacija za otvoreno društvo"],
    "hr": ["Europska unija", "Ministarstvo regionalnoga razvoja i fondova Europske unije", "Svjetska banka",
           "Vlada Švicarske", "EBRD", "Fond za zaštitu okoliša i energetsku učinkovitost"],
    "sr": ["Evropska unija", "Vlada Švajcarske", "USAID", "UNDP", "Vlada Japana", "Ministarstvo privrede",
           "Svetska banka", "Nemačka razvojna saradnja GIZ"],
    "en": ["European Union", "Swiss Government", "USAID", "UNDP", "German Government", "World Bank", "EBRD",
           "Government of Japan", "Sida"],
}
TOPICS = {
    "bs": ["zapošljavanje mladih", "razvoj poduzetništva", "energetsku efikasnost", "vodosnabdijevanje",
           "saradnju sa dijasporom", "poljoprivredu", "lokalni ekonomski razvoj", "digitalizaciju uprave"],
    "hr": ["zapošljavanje mladih", "razvoj poduzetništva", "energetsku učinkovitost", "vodoopskrbu",
           "suradnju s dijasporom", "poljoprivredu", "lokalni gospodarski razvoj", "digitalizaciju uprave"],
    "sr": ["zapošljavanje mladih", "razvoj preduzetništva", "energetsku efikasnost", "vodosnabdevanje",
           "saradnju sa dijasporom", "poljoprivredu", "lokalni ekonomski razvoj", "digitalizaciju uprave"],
    "en": ["youth employment", "entrepreneurship", "energy efficiency", "water supply", "diaspora engagement",
           "agriculture", "local economic development", "e-government"],
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

BODY = {
    "bs": [
        "Općina {place} i {donor} potpisali su {day}. {month} {year}. godine ugovor o projektu za {topic}.",
        "Vrijednost projekta je {amount} {currency}, a realizacija će trajati {months} mjeseci.",
        "Općinski načelnik {person} istakao je da će projekat pomoći građanima i lokalnim firmama.",
        "U okviru projekta biće organizovane obuke za najmanje {count} nezaposlenih osoba.",
        "Projekat se provodi u saradnji sa lokalnim udruženjima i razvojnom agencijom općine {place}.",
    ],
    "hr": [
        "Općina {place} i {donor} potpisali su {day}. {month} {year}. ugovor o projektu za {topic}.",
        "Ukupna vrijednost projekta iznosi {amount} {currency}, a provedba će trajati {months} mjeseci.",
        "Načelnik općine {person} naglasio je kako će projekt unaprijediti život mještana.",
        "Tijekom provedbe bit će organizirane radionice za najmanje {count} sudionika.",
        "Projekt se provodi u suradnji s lokalnom razvojnom agencijom i udrugama s područja općine {place}.",
    ],
    "sr": [
        "Opština {place} i {donor} potpisali su {day}. {month} {year}. godine ugovor o projektu za {topic}.",
        "Vrednost projekta je {amount} {currency}, a realizacija će trajati {months} meseci.",
        "Predsednik opštine {person} istakao je da će projekat pomoći građanima i lokalnim preduzećima.",
        "U okviru projekta biće organizovane obuke za najmanje {count} nezaposlenih lica.",
        "Projekat se sprovodi u saradnji sa lokalnim udruženjima i kancelarijom za lokalni ekonomski razvoj.",
    ],
    "en": [
        "The Municipality of {place} and the {donor} signed an agreement on a {topic} project on {month} {day}, "
        "{year}.",
        "The project is worth {amount} {currency} and will be implemented over {months} months.",
        "Mayor {person} said the project would benefit citizens and local businesses.",
        "At least {count} unemployed people will take part in trainings within the project.",
        "The project is implemented in cooperation with local associations and the municipal LED office.",
    ],
}
FILLER = {
    "bs": "Sastanku su prisustvovali predstavnici općinskih službi, privrednika i nevladinih organizacija.",
    "hr": "Sastanku su nazočili predstavnici općinskih službi, poduzetnika i udruga civilnog društva.",
    "sr": "Sastanku su prisustvovali predstavnici opštinskih službi, privrednika i udruženja građana.",
    "en": "Representatives of municipal services, businesses and civil society organisations attended the event.",
}


@dataclass(frozen=True, slots=True)
class SyntheticPlace:
    name: str
    country: str


def places_by_language() -> dict[str, list[SyntheticPlace]]:
    """Places from the gazetteer (its local-government units when it has them), by the language spoken there."""
    from devatlas.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    pool: list[SyntheticPlace] = []
    for place in getattr(gazetteer, "places", lambda: [])():
        pool.append(SyntheticPlace(place.name, place.country))
    if not pool:
        pool = [SyntheticPlace(n, c) for n, c in (("Laktaši", "BA"), ("Srbac", "BA"), ("Kragujevac", "RS"),
                                                   ("Pećinci", "RS"), ("Vinkovci", "HR"), ("Pljevlja", "ME"))]
    language_of = {"BA": "bs", "HR": "hr", "RS": "sr", "ME": "sr", "MK": "en", "XK": "en", "AL": "en"}
    out: dict[str, list[SyntheticPlace]] = {"bs": [], "hr": [], "sr": [], "en": []}
    for place in pool:
        out[language_of.get(place.country, "en")].append(place)
        out["en"].append(place)
    return {k: v or pool for k, v in out.items()}


def documents(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """(language tag, text) for n documents; sr documents are Cyrillic one time in three."""
    rng = random.Random(seed)
    places = places_by_language()
    languages = ["bs", "hr", "sr", "sr", "en"]
    for _ in range(n):
        lang = rng.choice(languages)
        place = rng.choice(places[lang])
        values = {
            "place": place.name, "donor": rng.choice(DONORS[lang]), "topic": rng.choice(TOPICS[lang]),
            "day": rng.randint(1, 28), "month": rng.choice(MONTHS[lang]), "year": rng.randint(2012, 2025),
            "amount": f"{rng.randint(10, 5000) * 1000:,}".replace(",", "." if lang != "en" else ","),
            "currency": CURRENCY.get(place.country, "EUR") if lang != "en" else "EUR",
            "months": rng.choice([12, 18, 24, 36]), "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "count": rng.randint(20, 600),
        }
        sentences = [s.format(**values) for s in BODY[lang]]
        paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:])]
        paragraphs += [FILLER[lang]] * rng.randint(4, 9)
        text = f"{values['place']}: {values['topic']}\n\n" + "\n\n".join(paragraphs)
        if lang == "sr" and rng.random() < 1 / 3:
            yield "sr-cyrillic", to_cyrillic(text)
        else:
            yield lang, text


def write_corpus(folder: Path, n: int, seed: int = 1) -> list[Path]:
    paths = []
    for i, (_, text) in enumerate(documents(n, seed)):
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{i:07d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


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
