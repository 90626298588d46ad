"""Interface languages (English and the local language in Latin script) and the Latin/Cyrillic choice for
Serbian content. The choice comes from ?ui= / ?script= and is remembered in a cookie. (`ui`, not `lang`: the
search's facet of document languages is `lang`, and the two choices must not change each other.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from starlette.responses import Response

from devatlas.text.script import to_cyrillic, to_latin

LANGUAGES = {"en": "English", "bs": "Bosanski / Hrvatski / Srpski"}
UI_PARAMETER = "ui"  # ?ui=bs: the interface language
SCRIPTS = ("original", "latin", "cyrillic")
LANG_COOKIE, SCRIPT_COOKIE = "devatlas_lang", "devatlas_script"
ONE_YEAR = 365 * 24 * 3600

# English is the key; the local text is the value. A missing entry falls back to English.
LOCAL: dict[str, str] = {
    "Search": "Pretraga",
    "Map": "Karta",
    "Dashboards": "Pregledi",
    "Review": "Pregled podataka",
    "API": "API",
    "Search projects, organisations, places and documents": "Pretražite projekte, organizacije, mjesta i dokumente",
    "results": "rezultata",
    "result": "rezultat",
    "No results.": "Nema rezultata.",
    "Filters": "Filteri",
    "Clear filters": "Poništi filtere",
    "country": "država",
    "place": "mjesto",
    "funder": "donator",
    "org": "organizacija",
    "organisation": "organizacija",
    "year": "godina",
    "lang": "jezik",
    "language": "jezik",
    "type": "vrsta",
    "sector": "sektor",
    "Sector": "Sektor",
    "doc": "dokument",
    "project": "projekat",
    "person": "osoba",
    "Project": "Projekat",
    "Projects": "Projekti",
    "Organisation": "Organizacija",
    "Organisations": "Organizacije",
    "Place": "Mjesto",
    "Places": "Mjesta",
    "Document": "Dokument",
    "Documents": "Dokumenti",
    "Source documents": "Izvorni dokumenti",
    "Titles": "Nazivi",
    "Acronym": "Skraćenica",
    "Status": "Status",
    "Start": "Početak",
    "End": "Kraj",
    "Dates": "Datumi",
    "Funders and partners": "Donatori i partneri",
    "Role": "Uloga",
    "Funding": "Finansiranje",
    "Implementing": "Provedba",
    "Accountable": "Odgovorni",
    "Extending": "Posrednik",
    "Budget": "Budžet",
    "Amount": "Iznos",
    "Currency": "Valuta",
    "In EUR": "U EUR",
    "Rate": "Kurs",
    "Total": "Ukupno",
    "Target groups": "Ciljne grupe",
    "Indicators": "Indikatori",
    "Baseline": "Polazna vrijednost",
    "Target": "Cilj",
    "Actual": "Ostvareno",
    "Timeline": "Vremenska linija",
    "Events": "Događaji",
    "Date": "Datum",
    "Kind": "Vrsta",
    "None recorded yet.": "Još ništa nije zabilježeno.",
    "Aliases": "Drugi nazivi",
    "Partners": "Partneri",
    "Partner network": "Mreža partnera",
    "shared projects": "zajedničkih projekata",
    "People": "Osobe",
    "Country": "Država",
    "Based in": "Sjedište",
    "Contact": "Kontakt",
    "Standing": "Položaj",
    "local government": "lokalna samouprava",
    "department of the municipal administration": "odjeljenje općinske/opštinske uprave",
    "local development agency (own legal entity)": "lokalna razvojna agencija (pravno lice)",
    "regional development agency (own legal entity)": "regionalna razvojna agencija (pravno lice)",
    "public institution or enterprise": "javna ustanova ili preduzeće",
    "Funding received by year and funder": "Primljena sredstva po godini i donatoru",
    "Organisations based here": "Organizacije sa sjedištem ovdje",
    "Nearby places with activity": "Obližnja mjesta s aktivnostima",
    "Distance": "Udaljenost",
    "Coordinates": "Koordinate",
    "Funding by funder": "Finansiranje po donatoru",
    "Funding by country": "Finansiranje po državi",
    "Funding by year": "Finansiranje po godini",
    "Funding by sector": "Finansiranje po sektoru",
    "Projects over time": "Projekti kroz vrijeme",
    "Projects by start year": "Projekti po godini početka",
    "Marker size": "Veličina oznake",
    "project count": "broj projekata",
    "funding": "finansiranje",
    "All": "Sve",
    "Apply": "Primijeni",
    "Published": "Objavljeno",
    "Source": "Izvor",
    "Extracted facts": "Izdvojene činjenice",
    "Fact": "Činjenica",
    "Value": "Vrijednost",
    "Script": "Pismo",
    "Original": "Izvorno",
    "Latin": "Latinica",
    "Cyrillic": "Ćirilica",
    "Interface language": "Jezik sučelja",
    "Page not found.": "Stranica nije pronađena.",
    "The registry is empty.": "Registar je prazan.",
    "The registry is not available.": "Registar nije dostupan.",
    "Load documents with": "Učitajte dokumente naredbom",
    "Back to search": "Nazad na pretragu",
    "Next page": "Sljedeća stranica",
    "Download all results (JSON lines)": "Preuzmi sve rezultate (JSON linije)",
    "Places with activity": "Mjesta s aktivnostima",
    "The background map could not be loaded; outlines and markers still show.":
        "Pozadinska karta nije učitana; granice i oznake su i dalje prikazane.",
    "Who funds what, where, with whom, for how much and when.":
        "Ko finansira šta, gdje, s kim, s koliko novca i kada.",
    "Registry": "Registar",
    "mentions": "spominje",
    "Supporting sentence": "Rečenica koja to potvrđuje",
    "EUR at BAM 1.95583 (fixed) or the yearly average rate shown.":
        "EUR po fiksnom kursu 1,95583 BAM ili prikazanom godišnjem prosječnom kursu.",
    "no rate": "nema kursa",
    "Everything": "Sve",
    "Activity": "Aktivnost",
    "Projects by role": "Projekti po ulozi",
    "Unknown year": "Nepoznata godina",
    "Part of": "U sastavu",
    "Country_facet": "Država",
    "Organisation_facet": "Organizacija",
    "Language_facet": "Jezik",
    "Type_facet": "Vrsta",
    "Place_facet": "Mjesto",
    "Funder_facet": "Donator",
    "Year_facet": "Godina",
    "start": "početak",
    "end": "kraj",
    "amount": "iznos",
    "published": "objavljeno",
    "date": "datum",
    "period": "period",
    "funds": "finansira",
    "role": "uloga",
    "target_group": "ciljna grupa",
    "indicator": "indikator",
    "event": "događaj",
    "signing": "potpisivanje",
    "call": "javni poziv",
    "conference": "konferencija",
    "opening": "otvaranje",
    "kick-off": "početak rada",
    "training": "obuka",
    "closing": "završna konferencija",
    "document": "dokument",
    "Pipeline": "U pripremi",
    "Implementation": "U provedbi",
    "Finalisation": "Završna faza",
    "Closed": "Završen",
    "Cancelled": "Otkazan",
    "Suspended": "Obustavljen",
}

# Kinds of record as the search index names them, and what the page calls them.
TYPE_LABELS = {"doc": "document", "org": "organisation", "project": "project", "place": "place"}

# Facet names in the URL (short, stable) and what the page calls them.
FACET_LABELS = {"country": "Country", "place": "Place", "funder": "Funder", "org": "Organisation", "year": "Year",
                "lang": "Language", "type": "Type"}


def language_of(request: Request) -> str:
    wanted = request.query_params.get(UI_PARAMETER) or request.cookies.get(LANG_COOKIE) or "en"
    return wanted if wanted in LANGUAGES else "en"


def script_of(request: Request) -> str:
    wanted = request.query_params.get("script") or request.cookies.get(SCRIPT_COOKIE) or "original"
    return wanted if wanted in SCRIPTS else "original"


def translator(lang: str) -> Callable[[str], str]:
    """t(text): the interface string in the reader's language (English when there is no translation)."""
    if lang == "en":
        return lambda s: s
    return lambda s: LOCAL.get(s, s)


def facet_label(name: str, lang: str) -> str:
    label = FACET_LABELS.get(name, name)
    return LOCAL.get(f"{label}_facet", label) if lang != "en" else label


def in_script(text: str | None, script: str, language: str = "") -> str:
    """Content in the reader's chosen script; 'original' leaves it as it was written. Only Serbian text
    (or text already in Cyrillic) is turned into Cyrillic, so English names keep their spelling."""
    if not text:
        return ""
    if script == "latin":
        return to_latin(text)
    if script == "cyrillic" and (language == "sr" or any("\u0400" <= ch <= "\u04ff" for ch in text)):
        return to_cyrillic(to_latin(text))
    return text


def context(request: Request) -> dict[str, Any]:
    """Names every template can use: t() for interface strings, sc() for content in the chosen script."""
    lang, script = language_of(request), script_of(request)
    return {"lang": lang, "script": script, "t": translator(lang), "languages": LANGUAGES,
            "facet_label": lambda name: facet_label(name, lang),
            "type_label": lambda kind: translator(lang)(TYPE_LABELS.get(kind, kind)),
            "sc": lambda text, language="": in_script(text, script, language)}


def remember_choice(request: Request, response: Response) -> None:
    """A ?ui= or ?script= in the URL becomes the reader's default for later pages."""
    lang, script = request.query_params.get(UI_PARAMETER), request.query_params.get("script")
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")
    if script in SCRIPTS:
        response.set_cookie(SCRIPT_COOKIE, script, max_age=ONE_YEAR, samesite="lax")
