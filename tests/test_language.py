"""Language identification separates the three standards of BCS, which off-the-shelf detectors cannot."""

from __future__ import annotations

import pytest

from devatlas.understand.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Opština je uspešno sprovela projekat i obezbedila sredstva za mesnu zajednicu. Predsednik opštine "
         "je rekao da će se radovi nastaviti posle leta, a vrednost je 20 miliona dinara.", ("sr", "latin")),
        ("Općina je uspješno provela projekt tijekom svibnja. Načelnik je rekao da je vrijednost 65 tisuća kuna "
         "te da će Europska unija sufinancirati radove na području županije.", ("hr", "latin")),
        ("Općinski načelnik je istakao da je projekat vrijedan 300 hiljada KM, a sredstva je obezbijedilo "
         "Ministarstvo. Saradnja sa kantonom će se nastaviti i naredne sedmice.", ("bs", "latin")),
        ("Начелник општине је истакао да је пројекат вриједан 300 хиљада КМ и да ће се радови наставити.",
         ("sr", "cyrillic")),
        ("The municipality signed the agreement with the European Union Delegation and the project will be "
         "implemented by UNDP in cooperation with the local government.", ("en", "latin")),
        ("Bashkia e Shkodrës dhe Delegacioni i BE-së nënshkruan marrëveshjen për një projekt të ri në qytet.",
         ("sq", "latin")),
        ("Општината ќе го спроведе проектот во соработка со УНДП, а средствата ги обезбеди владата.",
         ("mk", "cyrillic")),
    ],
)
def test_language_and_script(text: str, expected: tuple[str, str]) -> None:
    assert detect_language(text) == expected


def test_an_ijekavian_text_about_montenegro_alone_is_montenegrin_counted_as_serbian() -> None:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.model import Document
    from devatlas.understand import extract

    text = ("Ministarstvo poljoprivrede i Investiciono-razvojni fond Crne Gore objavili su javni poziv za "
            "poljoprivrednike sa sjevera. Prijave se podnose do 30. aprila u Beranama, Bijelom Polju i Pljevljima, "
            "a savjetodavna služba će pomoći u pripremi dokumentacije.")
    found = extract(Document(text), load_gazetteer())
    assert found.countries == ["ME"]
    assert found.language == "sr"


def test_the_family_vote_counts_the_function_words_that_splitting_the_text_into_words_gives() -> None:
    """`_family` counts only the function words among the words, picking out whole chunks in C: that is exact only
    while every function word is letters alone (a chunk with anything else in it is taken apart instead)."""
    from collections import Counter

    from devatlas.understand.language import _ANY_FUNCTION_WORD, _function_words, _words

    assert all(w.isalpha() for w in _ANY_FUNCTION_WORD)
    text = (
        "„I u je, za (na) se: the of... što, što? ће-i je2 i½ ½i the’ UNDP-a i\n2021. – i, d.o.o. je je „the“ "
        "dhe të për, në; во со ќе у је"
    ).lower()
    assert Counter(_function_words(text)) == Counter(w for w in _words(text) if w in _ANY_FUNCTION_WORD)
