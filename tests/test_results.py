"""Targets and actuals: the clause around a figure says whether it is promised or done."""

from __future__ import annotations

import pytest

from devatlas.understand.results import is_achieved


def achieved(sentence: str, figure: str) -> bool:
    start = sentence.index(figure)
    return is_achieved(sentence, start, start + len(figure))


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Do sada je kroz program podržano 140 poljoprivrednih gazdinstava.", "140 poljoprivrednih gazdinstava"),
    ("Прошле године посао је добило 57 младих из Приједора.", "57 младих"),
    ("Tijekom prve faze zaposlene su 22 žene iz Knina.", "22 žene"),
    ("Since 2019 the fund has supported 310 small farms in the Drina valley.", "310 small farms"),
    ("The second phase trained 450 young people, 60% of them women.", "450 young people"),
    ("Trenutno u inkubatoru radi 18 firmi koje zapošljavaju oko 70 ljudi.", "oko 70 ljudi"),
])
def test_what_was_done_is_an_actual(sentence: str, figure: str) -> None:
    assert achieved(sentence, figure)


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Cilj projekta je da najmanje 200 nezaposlenih dobije posao do kraja 2025. godine.", "najmanje 200 nezaposlenih"),
    ("Очекује се да ће кроз пројекат бити отворено 80 нових радних мјеста.", "80 нових радних мјеста"),
    ("Kroz projekt će se educirati 300 poljoprivrednika.", "300 poljoprivrednika"),
    ("By the end of 2026 at least 500 firms will receive advisory support.", "at least 500 firms"),
    ("Expected results: 120 new jobs in rural areas.", "120 new jobs"),
    ("„Naš plan je zaposliti 45 osoba s invaliditetom“, rekao je direktor.", "45 osoba"),
])
def test_what_is_promised_is_a_target(sentence: str, figure: str) -> None:
    assert not achieved(sentence, figure)


def test_one_sentence_can_hold_both() -> None:
    sentence = ("Prošle godine otvoreno je 35 radnih mjesta, a cilj je da ove godine bude otvoreno još 50 radnih "
                "mjesta.")
    assert achieved(sentence, "35 radnih mjesta")
    assert not achieved(sentence, "50 radnih mjesta")


def test_a_verb_of_saying_does_not_make_a_figure_past() -> None:
    assert not achieved("Načelnik je rekao da općina ima 12 mjesnih zajednica bez vodovoda.", "12 mjesnih zajednica")
