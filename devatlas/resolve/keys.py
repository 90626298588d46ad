"""Stable keys that make the same thing one record across documents.

- places: the gazetteer id, already shared by every case form and both scripts;
- organisations: the curated register id when the body is registered (`EU`, `Evropska unija`, `Европска унија`);
  a municipality or city acting as a body (`Grad Laktaši`, `City of Laktaši`, `Opštini Laktaši`) by its place;
  otherwise the folded canonical name, with head nouns of the standards mapped together;
- people: folded name plus the organisation or place of their role, so two namesakes stay two;
- projects: folded acronym when there is one, else the folded title.
"""

from __future__ import annotations

import re

from devatlas.model import Organisation, Person, Place, Project
from devatlas.text.script import fold

_GOVERNMENT_BODY = re.compile(
    r"^(?:grad|opstina|opcina|opstinska uprava|gradska uprava|opcinska uprava|city of|municipality of|"
    r"town of|bashkia|komuna|opshtina)\s+(.+)$|^(.+?)\s+(?:municipality|city|town)$"
)
_HEAD_VARIANTS = {"opcina": "opstina", "sveuciliste": "univerzitet", "zaklada": "fondacija", "udruga": "udruzenje"}


def place_key(place: Place) -> str:
    return f"place:{place.place_id}"


def normalised_name(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", fold(name)).split()
    return " ".join(_HEAD_VARIANTS.get(w, w) for w in words)


def organisation_key(org: Organisation, places_by_name: dict[str, Place] | None = None) -> str:
    """The key of an organisation; `places_by_name` maps folded place names to places for government bodies."""
    if org.register_id:
        return f"org:{org.register_id}"
    name = normalised_name(org.name)
    match = _GOVERNMENT_BODY.match(name)
    if match and places_by_name:
        place = places_by_name.get(match.group(1) or match.group(2))
        if place is not None:
            return f"gov:{place.place_id}"
    return f"org:{name}"


def person_key(person: Person) -> str:
    where = normalised_name(person.organisation) if person.organisation else ""
    return f"person:{normalised_name(person.name)}|{where}"


def project_key(project: Project) -> str:
    return f"project:{normalised_name(project.acronym or project.name)}"
