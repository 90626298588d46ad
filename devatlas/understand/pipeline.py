"""`Document -> Extraction`: the understanding stage as one pure, deterministic function.

The order matters: places first (organisations and people are recognised around them), then organisations
(people's roles and funders refer to them), then the rest.
"""

from __future__ import annotations

from dataclasses import replace

from devatlas.gazetteer import Gazetteer, load_gazetteer
from devatlas.model import Document, Extraction, Organisation, Place, Project
from devatlas.text.analysed import analyse
from devatlas.text.script import strip_diacritics
from devatlas.understand.countries import find_countries
from devatlas.understand.dates import find_dates
from devatlas.understand.funders import find_funders
from devatlas.understand.indicators import find_indicators
from devatlas.understand.language import detect_language
from devatlas.understand.money import find_money
from devatlas.understand.organisations import find_organisations
from devatlas.understand.people import find_people
from devatlas.understand.places import find_places
from devatlas.understand.projects import find_projects
from devatlas.understand.target_groups import find_target_groups


def extract(document: Document, gazetteer: Gazetteer | None = None) -> Extraction:
    """Everything a careful reader takes from one document, each item with its span and rule."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    text = analyse(document.text)  # folded, Latin and lower-case views made once, read by every stage
    language, script = detect_language(text)
    places = find_places(text, gaz, language)
    organisations = find_organisations(text, places, language)
    places = _without_body_names(places, organisations)
    people = find_people(text, organisations, places, language)
    regions = _regional_governments(places, organisations)
    funders = find_funders(text, organisations + regions, language)
    funding_regions = [o for o in regions if o in funders]
    if funding_regions:
        organisations = sorted(organisations + funding_regions, key=lambda o: o.spans[0].start)
    projects = find_projects(text.text, organisations, language)
    organisations, funders = _without_project_acronyms(organisations, funders, projects)
    countries = find_countries(text, places, organisations)
    if language == "bs" and countries == ["ME"]:
        # Bosnian is the standard of Bosnia and Herzegovina; an ijekavian text about Montenegro alone is
        # Montenegrin, which is counted with Serbian
        language = "sr"
    return Extraction(
        doc=document.name,
        language=language,
        script=script,
        countries=countries,
        places=places,
        organisations=organisations,
        funders=funders,
        people=people,
        money=find_money(text),
        dates=find_dates(text.text),
        projects=projects,
        target_groups=find_target_groups(text, language),
        indicators=find_indicators(text, language),
    )


def _without_project_acronyms(
    organisations: list[Organisation], funders: list[Organisation], projects: list[Project]
) -> tuple[list[Organisation], list[Organisation]]:
    """`„Zelena energija za javne zgrade“ (ZEJZ)`: an acronym the organisation stage could only guess at is the
    project's own when the project stage links it to a project's title, and then it names no body."""
    acronyms = {p.acronym for p in projects if p.acronym}
    # `(S4J West)`: the acronym alone, without the word that narrows it, is the project's too
    acronyms |= {a.split()[0] for a in acronyms if " " in a}
    if not acronyms:
        return organisations, funders

    def guessed(o: Organisation) -> bool:
        return not o.register_id and o.name in acronyms and all(sp.surface.startswith(o.name) for sp in o.spans)

    return [o for o in organisations if not guessed(o)], [o for o in funders if not guessed(o)]


# regions whose name is also their self-government's: a Croatian county funds as `Varaždinska županija`
_SELF_GOVERNED_REGIONS = frozenset({"county", "canton"})


def _regional_governments(places: list[Place], organisations: list[Organisation]) -> list[Organisation]:
    """`obnovu je sufinancirala i Varaždinska županija`: a county or canton named alone, where it is the subject of
    funding, is its own government. Offered to the funder stage as bodies; kept as organisations only when they
    fund. A region inside a body's name (`Vlada Tuzlanskog kantona`) is not offered."""
    inside = [(sp.start, sp.end) for o in organisations for sp in o.spans]
    out = []
    for place in places:
        if place.kind not in _SELF_GOVERNED_REGIONS:
            continue
        spans = tuple(sp for sp in place.spans if not any(s <= sp.start and sp.end <= e for s, e in inside))
        if spans:
            out.append(Organisation(name=place.name, kind="regional government", country=place.country, spans=spans))
    return out


def _without_body_names(places: list[Place], organisations: list[Organisation]) -> list[Place]:
    """`funded by Sweden through Sida`: a word the register knows as a body's whole name is that body, not the place
    it would spell only without the place's diacritics (Šid). A place inside a longer name (`LDA Mostar`) stays a
    place, and so does one spelled in full (`područja Niške Banje i Crvenog Krsta`)."""
    bodies = {(sp.start, sp.end) for o in organisations if o.register_id for sp in o.spans}
    if not bodies:
        return places
    out = []
    for place in places:
        if strip_diacritics(place.name) == place.name:
            out.append(place)
            continue
        spans = tuple(sp for sp in place.spans
                      if (sp.start, sp.end) not in bodies or strip_diacritics(sp.surface) != sp.surface)
        if spans == place.spans:
            out.append(place)
        elif spans:
            out.append(replace(place, spans=spans))
    return out
