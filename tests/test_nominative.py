"""Organisation noun phrases back to the nominative; case forms of registered names."""

from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.nominative import adjective_nominative, case_forms, head_of, nominative


def test_head_and_adjectives_decline_complements_stay() -> None:
    assert nominative("Vlade Švajcarske") == "Vlada Švajcarske"
    assert nominative("Fondacije za otvoreno društvo") == "Fondacija za otvoreno društvo"
    assert nominative("Evropske unije") == "Evropska unija"
    assert nominative("Ministarstva za ljudska prava i izbjeglice") == "Ministarstvo za ljudska prava i izbjeglice"
    assert nominative("Razvojnog programa Ujedinjenih nacija") == "Razvojni program Ujedinjenih nacija"
    assert nominative("Stalne konferencije gradova i opština") == "Stalna konferencija gradova i opština"
    assert nominative("Općini Novi Grad") == "Općina Novi Grad"
    assert nominative("Centru za razvoj biznisa") == "Centar za razvoj biznisa"


def test_cyrillic_comes_back_in_latin() -> None:
    assert nominative("Федералног министарства") == "Federalno ministarstvo"


def test_phrase_without_head_is_unchanged() -> None:
    assert nominative("Lanaco d.o.o.") == "Lanaco d.o.o."


def test_head_lookup_knows_case_forms() -> None:
    assert head_of("Agenciji") == ("agencija", "f")
    assert head_of("Domom") == ("dom", "m")
    assert head_of("ljudi") is None


def test_adjective_agrees_with_gender() -> None:
    assert adjective_nominative("Švedske", "f") == "Švedska"
    assert adjective_nominative("Federalnog", "n") == "Federalno"
    assert adjective_nominative("Razvojnog", "m") == "Razvojni"


def test_case_forms_cover_oblique_cases() -> None:
    forms = case_forms("Evropska unija")
    assert {"evropske unije", "evropskoj uniji", "evropsku uniju", "evropskom unijom"} <= forms
    assert "razvojnog programa ujedinjenih nacija" in case_forms("Razvojni program Ujedinjenih nacija")


@given(st.sampled_from(["Vlada Japana", "Agencija za razvoj", "Fondacija za otvoreno društvo", "Savez opština",
                        "Ministarstvo finansija", "Udruženje građana", "Centar za socijalni rad"]))
def test_every_generated_form_goes_back_to_the_nominative(name: str) -> None:
    from devatlas.text.script import fold

    for form in case_forms(name):
        assert fold(nominative(form)) == fold(name)
