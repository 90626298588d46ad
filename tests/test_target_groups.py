"""Target groups from a multilingual lexicon, in all cases and both scripts."""

from __future__ import annotations

import pytest

from devatlas.understand.target_groups import find_target_groups


def _names(text: str, language: str = "bs") -> list[str]:
    return [g.name for g in find_target_groups(text, language)]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Program je namijenjen nezaposlenim osobama.", "unemployed"),
        ("Подршка за незапослене.", "unemployed"),
        ("support for unemployed people", "unemployed"),
        ("obuka 200 mladih kod poslodavaca", "youth"),
        ("projekat za omladinu", "youth"),
        ("young people in rural areas", "youth"),
        ("osnaživanje žena u ruralnim područjima", "women"),
        ("stambeno zbrinjavanje Roma", "Roma"),
        ("romske porodice", "Roma"),
        ("usluge za osobe sa invaliditetom", "persons with disabilities"),
        ("за особе са инвалидитетом", "persons with disabilities"),
        ("persons with disabilities", "persons with disabilities"),
        ("podrška povratnicima", "returnees"),
        ("raseljena lica i izbjeglice", "displaced persons"),
        ("saradnja sa dijasporom", "diaspora"),
        ("sa iseljeništvom", "diaspora"),
        ("subvencije poljoprivrednicima", "farmers"),
        ("programe mentorstva za MSP", "SMEs"),
        ("mala i srednja preduzeća", "SMEs"),
        ("small and medium-sized enterprises", "SMEs"),
        ("mikro preduzeća", "micro businesses"),
        ("600 micro businesses", "micro businesses"),
        ("socijalno ugrožene porodice", "vulnerable groups"),
    ],
)
def test_groups(text: str, group: str) -> None:
    assert group in _names(text)


def test_each_group_once_in_order_of_first_mention() -> None:
    text = "Za mlade i žene, posebno mlade Rome i Romkinje, te žene na selu."
    assert _names(text) == ["youth", "women", "Roma"]


@pytest.mark.parametrize(
    "text",
    [
        "Ministarstvo za ljudska prava i izbjeglice BiH",
        "Републички секретаријат за расељена лица и миграције",
        "nezaposlenost je i dalje visoka",  # the phenomenon, not the people
        "studeni 2019.",  # November in Croatian
        "decembra 2020.",
    ],
)
def test_not_target_groups(text: str) -> None:
    assert _names(text) == []


def test_rome_is_a_city_in_english_and_roma_are_capitalised() -> None:
    assert _names("a trip to Rome", "en") == []
    assert _names("podrška za Rome", "bs") == ["Roma"]
    assert _names("miris i aroma kafe") == []


def test_span_points_at_the_text() -> None:
    text = "Poziv je otvoren za nezaposlene osobe."
    (g,) = find_target_groups(text, "bs")
    assert g.span is not None
    assert text[g.span.start : g.span.end] == g.span.surface == "nezaposlene"
