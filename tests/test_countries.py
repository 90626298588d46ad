"""Countries a document is about: from places and from country names in every language and case."""

from __future__ import annotations

from devatlas.gazetteer import load_gazetteer
from devatlas.understand.countries import country_mentions, find_countries
from devatlas.understand.places import find_places


def _countries(text: str) -> list[str]:
    return find_countries(text, find_places(text, load_gazetteer(), "bs"), [])


def test_names_in_cases_and_scripts() -> None:
    c = country_mentions("u Srbiji, Србија, Crnoj Gori, BiH, Shqipëria, North Macedonia, Kosova")
    assert set(c) == {"RS", "ME", "BA", "AL", "MK", "XK"}


def test_donor_countries_are_not_reported() -> None:
    assert _countries("Vlada Švicarske i Japan finansiraju projekat u Tuzli.") == ["BA"]


def test_cross_border_programme_names_do_not_count() -> None:
    text = "Projekat u Pljevljima i Žabljaku finansira program prekogranične saradnje Serbia-Montenegro."
    assert _countries(text) == ["ME"]


def test_countries_from_places_and_names() -> None:
    text = "Micro businesses in Leskovac, Niš and Pirot, and in Kosovo and Bosnia. Trainings in Kosovo and Bosnia."
    assert _countries(text) == ["BA", "RS", "XK"]


def test_one_passing_mention_is_not_enough() -> None:
    text = "Firme iz Novog Pazara, Tutina i Sjenice izvoze u Bosnu i Hercegovinu i Crnu Goru."
    assert _countries(text) == ["RS"]
