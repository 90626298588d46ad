"""Numbers in local and English formats, number words and multipliers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.numbers import (
    multiplier_value,
    parse_number,
    parse_number_words,
    parse_quantity,
    parse_quantity_text,
    trie_pattern,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("1 234 567", 1234567),
        ("2.795.000,00", 2795000),
        ("68.021,23", 68021.23),
        ("235.000", 235000),
        ("1,500", 1500),
        ("1,3", 1.3),
        ("1.5", 1.5),
        ("200. 000", 200000),
        ("65\u00a0000", 65000),
        ("2021", 2021),
        ("1.000.000.00", 1000000),
        ("1,000,000,50", 1000000.5),
    ],
)
def test_parse_number_formats(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_three_decimals_before_a_multiplier_are_a_fraction() -> None:
    assert parse_number("1.250", before_multiplier=True) == pytest.approx(1.25)
    assert parse_number("1.250") == 1250


@pytest.mark.parametrize("text", ["", "abc", "1.23.4", "1,2,3,4"])
def test_parse_number_rejects_malformed(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("pet", 5),
        ("dvije", 2),
        ("dve", 2),
        ("две", 2),
        ("jednu", 1),
        ("dvadeset pet", 25),
        ("sto pedeset", 150),
        ("dvjesto", 200),
        ("dvesta", 200),
        ("pola", 0.5),
        ("two hundred", 200),
        ("twenty", 20),
        ("četiri", 4),
        ("cetiri", 4),
        ("четири", 4),
    ],
)
def test_number_words(phrase: str, value: float) -> None:
    assert parse_number_words(phrase) == value


def test_number_words_reject_other_words() -> None:
    assert parse_number_words("projekat") is None
    assert parse_number_words("") is None


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("hiljada", 1e3), ("tisuća", 1e3), ("хиљада", 1e3), ("thousand", 1e3), ("k", 1e3),
        ("milion", 1e6), ("miliona", 1e6), ("milijuna", 1e6), ("милиона", 1e6), ("mil.", 1e6), ("mln", 1e6),
        ("m", 1e6), ("million", 1e6), ("milijarde", 1e9), ("bn", 1e9), ("billion", 1e9),
    ],
)
def test_multipliers(word: str, value: float) -> None:
    assert multiplier_value(word) == value


def test_quantities() -> None:
    assert parse_quantity("1,3", "miliona") == 1_300_000
    assert parse_quantity("pet", "miliona") == 5_000_000
    assert parse_quantity("pola", "miliona") == 500_000
    assert parse_quantity("", "milion") == 1_000_000
    assert parse_quantity("15.7", "million") == 15_700_000
    assert parse_quantity("2,5", "") == 2.5
    assert parse_quantity("3", "parsecs") is None


def _local(n: int, cents: int) -> str:
    return f"{n:,}".replace(",", ".") + f",{cents:02d}"


def _english(n: int, cents: int) -> str:
    return f"{n:,}.{cents:02d}"


def _spaced(n: int, cents: int) -> str:
    return f"{n:,}".replace(",", " ") + f",{cents:02d}"


@given(st.integers(min_value=1000, max_value=10**10), st.integers(min_value=0, max_value=99),
       st.sampled_from([_local, _english, _spaced]))
def test_round_trip_with_decimals(n: int, cents: int, style) -> None:  # type: ignore[no-untyped-def]
    assert parse_number(style(n, cents)) == pytest.approx(n + cents / 100)


@given(st.integers(min_value=1000, max_value=10**10), st.sampled_from([".", ",", " "]))
def test_round_trip_grouped_integers(n: int, sep: str) -> None:
    assert parse_number(f"{n:,}".replace(",", sep)) == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9),
       st.sampled_from([".", ","]))
def test_round_trip_one_decimal_before_multiplier(whole: int, tenth: int, mark: str) -> None:
    assert parse_quantity(f"{whole}{mark}{tenth}", "miliona") == pytest.approx((whole + tenth / 10) * 1e6)


@given(st.lists(st.text(alphabet="abcdšđ", min_size=1, max_size=6), min_size=1, max_size=20))
def test_trie_pattern_matches_exactly_the_words(words: list[str]) -> None:
    rx = re.compile("(?:" + trie_pattern(words) + r")\Z")
    for w in words:
        assert rx.match(w)
    assert not rx.match("x")


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("1,3 miliona", 1_300_000), ("pet miliona", 5_000_000), ("4m", 4_000_000), ("2.795.000,00", 2_795_000),
     ("milion", 1_000_000), ("5,2 милиона", 5_200_000), ("dvadeset pet hiljada", 25_000), ("EUR 5", None),
     ("", None)],
)
def test_parse_quantity_text(phrase: str, value: float | None) -> None:
    assert parse_quantity_text(phrase) == value
