"""Roles printed as their source spells them."""

from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.casing import restore_case, written_capitals


def test_words_take_the_capitals_the_text_gives_them() -> None:
    text = ("Sastanku je prisustvovao načelnik opštine Bratunac Srđan Rankić. Šef delegacije EU u BiH "
            "pozdravio je goste. Delegacija EU u BiH finansira projekat.")
    capitals = written_capitals(text)
    assert restore_case("načelnik opštine bratunac", capitals) == "načelnik opštine Bratunac"
    assert restore_case("šef delegacije eu u bih", capitals) == "šef delegacije EU u BiH"


def test_a_capital_at_the_start_of_a_sentence_or_line_is_not_a_spelling() -> None:
    text = "Direktor agencije je govorio.\nAgencija radi. „Projekat je važan“, rekao je."
    capitals = written_capitals(text)
    assert "direktor" not in capitals and "agencija" not in capitals and "projekat" not in capitals
    assert restore_case("direktor agencije", capitals) == "direktor agencije"


def test_cyrillic_roles_keep_their_script() -> None:
    capitals = written_capitals("Говорио је начелник општине Лакташи Мирослав Бојић.")
    assert restore_case("начелник општине лакташи", capitals) == "начелник општине Лакташи"


@given(st.text(alphabet="abcčćšž ", max_size=40), st.text(max_size=200))
def test_only_the_case_of_letters_changes(phrase: str, text: str) -> None:
    restored = restore_case(phrase, written_capitals(text))
    assert restored.lower() == phrase.lower() and len(restored) == len(phrase)


def test_a_latin_role_takes_the_capitals_of_a_cyrillic_text() -> None:
    capitals = written_capitals("Обуку је отворио начелник општине Братунац Срђан Ранкић.")
    assert restore_case("načelnik opštine bratunac", capitals) == "načelnik opštine Bratunac"
