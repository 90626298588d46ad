"""Quantified result statements: value, counted noun phrase, qualifier."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devatlas.understand.indicators import find_indicators


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("Fully operational at least 600 micro businesses in Serbia", 600, "micro businesses", "at least"),
        ("Cilj je zapošljavanje najmanje 200 nezaposlenih osoba.", 200, "nezaposlenih osoba", "at least"),
        ("The project will create 150 new jobs.", 150, "new jobs", ""),
        ("Predviđeno je zapošljavanje 50 osoba.", 50, "osoba", ""),
        ("We opened 3 new LED offices.", 3, "new LED offices", ""),
        ("otvoreno je pet novih radnih mjesta", 5, "novih radnih mjesta", ""),
        ("запошљавање 50 особа", 50, "особа", ""),
        ("više od 100 korisnika", 100, "korisnika", "more than"),
        ("at least 31 beneficiaries will be supported", 31, "beneficiaries", "at least"),
    ],
)
def test_indicators(text: str, value: float, unit: str, qualifier: str) -> None:
    (ind,) = find_indicators(text, "bs")
    assert (ind.value, ind.unit, ind.qualifier) == (value, unit, qualifier)
    assert ind.span is not None
    assert text[ind.span.start : ind.span.end] == ind.text


def test_noun_phrase_stops_at_a_preposition() -> None:
    (ind,) = find_indicators("namenjenih za obuku 200 mladih kod lokalnih poslodavaca", "sr")
    assert ind.unit == "mladih"


@pytest.mark.parametrize(
    "text",
    [
        "predstavnici 28 gradova i općina",  # places are scope, not results
        "u 12 lokalnih samouprava",
        "Sastanku je prisustvovalo 40 osoba.",  # a count with no sign of being a result
        "1.600 kvadratnih metara",
        "20 % sredstava",
        "2.5 million euros for 11 projects",
        "Javilo se 47 vas",
    ],
)
def test_not_indicators(text: str) -> None:
    assert find_indicators(text, "bs") == []


def test_about_and_total_are_qualifiers_but_not_signs_of_a_result() -> None:
    assert find_indicators("Sastanku je prisustvovalo oko 40 osoba.", "bs") == []
    (ind,) = find_indicators("Projekat će zaposliti oko 40 osoba.", "bs")
    assert ind.qualifier == "about"


def test_counts_of_victims_are_not_results() -> None:
    assert find_indicators("The earthquake hit the city, killing at least 200 people.", "en") == []
    assert find_indicators("U poplavama je poginulo najmanje 20 osoba.", "bs") == []


_COUNT_PIECES = ["najmanje", "NAJMANJE", "200", " ", "novih", "NOVIH", "korisnika", "KORİSNİKA", "zaposlenih",
                 "obuka", "at least", "AT LEAST", "50", "new", "jobs", "JOBS", "killed", "KİLLED", "ı", "ſ", "İ",
                 "zaposlit će", "oko", "ukupno", ",", ".", "\n", "Up to", "1.000", "žena"]


@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=30).map("".join))
def test_counts_read_in_lower_case_are_the_counts_read_as_written(text: str) -> None:
    import devatlas.text.regex as regex

    lower_case = find_indicators(text, "bs")
    saved, regex._EXTRA_CASES = regex._EXTRA_CASES, None  # no table of case pairs: every text is read as written
    try:
        assert find_indicators(text, "bs") == lower_case
    finally:
        regex._EXTRA_CASES = saved
