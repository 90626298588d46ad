"""Names back in the nominative: the paradigms of BCS given names and surnames, read against the lexicon."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.names import first_name_gender, nominative_name, surname_forms


@pytest.mark.parametrize(
    ("mention", "expected", "gender"),
    [
        ("Miroslavu Bojiću", "Miroslav Bojić", "m"),
        ("Miroslava Bojića", "Miroslav Bojić", "m"),
        ("Miroslavom Bojićem", "Miroslav Bojić", "m"),
        ("Predraga Terzića", "Predrag Terzić", "m"),
        ("Antonija Ratkovića", "Antonio Ratković", "m"),
        ("Marka Markovića", "Marko Marković", "m"),
        ("Vanese Belkić", "Vanesa Belkić", "f"),
        ("Vesne Jovanović", "Vesna Jovanović", "f"),
        ("Ani Petrović", "Ana Petrović", "f"),
        ("Dragana Petrović", "Dragana Petrović", "f"),
        ("Dragana Petrovića", "Dragan Petrović", "m"),
        ("Ivan Bošnjak", "Ivan Bošnjak", "m"),
        ("Dobrila Boba Vukmanović", "Dobrila Boba Vukmanović", "f"),
    ],
)
def test_declined_mentions_return_to_the_nominative(mention: str, expected: str, gender: str) -> None:
    tokens, g, _ = nominative_name(mention.split())
    assert " ".join(tokens) == expected
    assert g == gender


def test_outside_evidence_of_gender_decides_an_instrumental() -> None:
    tokens, g, _ = nominative_name("Semihom Borovac".split(), "f")
    assert tokens == ["Semiha", "Borovac"]
    assert g == "f"
    tokens, _, _ = nominative_name("Jelenom Žarić Kovačević".split(), "f")
    assert tokens == ["Jelena", "Žarić", "Kovačević"]


def test_english_text_keeps_names_as_written() -> None:
    tokens, _, _ = nominative_name(["Maria", "Bojića"], None, declines=False)
    assert tokens == ["Maria", "Bojića"]


def test_unknown_foreign_names_are_not_changed() -> None:
    assert nominative_name(["Ursula", "Lojbli"])[0] == ["Ursula", "Lojbli"]
    assert nominative_name(["Oana-Cristina", "Popa"])[0] == ["Oana-Cristina", "Popa"]


def test_lexicon_knows_gender_of_common_names() -> None:
    assert first_name_gender("Miroslav") == "m"
    assert first_name_gender("Vesna") == "f"
    assert first_name_gender("Oana-Cristina") == "f"
    assert first_name_gender("Xqzw") is None


def test_surname_forms_cover_cases_and_the_colloquial_feminine() -> None:
    forms = surname_forms("Rešić")
    assert {"Rešića", "Rešiću", "Rešićem", "Rešićeva"} <= forms
    assert {"Bevande", "Bevandi", "Bevandom"} <= surname_forms("Bevanda")


_STEMS = st.sampled_from(["Jovanović", "Marković", "Bojić", "Horvat", "Kovač", "Lukić", "Babić", "Šimić"])


@given(_STEMS, st.sampled_from(["a", "u", "em"]))
def test_a_declined_male_surname_after_a_male_name_comes_back(surname: str, ending: str) -> None:
    first = {"a": "Dragana", "u": "Draganu", "em": "Draganom"}[ending]
    ending = "om" if ending == "em" and not surname.endswith(("ć", "č", "š", "ž", "j")) else ending
    tokens, gender, _ = nominative_name([first, surname + ending])
    assert tokens == ["Dragan", surname]
    assert gender == "m"


@given(_STEMS, st.sampled_from(["Vesna", "Vesne", "Vesni", "Vesnu", "Vesnom"]))
def test_a_female_surname_in_a_consonant_does_not_decline(surname: str, first: str) -> None:
    tokens, gender, _ = nominative_name([first, surname])
    assert tokens == ["Vesna", surname]
    assert gender == "f"


def test_surnames_in_i_take_j_before_case_endings() -> None:
    assert nominative_name(["Albina", "Kurtija"])[0] == ["Albin", "Kurti"]
    assert nominative_name(["Albinom", "Kurtijem"])[0] == ["Albin", "Kurti"]
    assert nominative_name(["Thomasa", "Gnocchija"])[0] == ["Thomas", "Gnocchi"]
