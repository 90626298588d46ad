"""Amounts of money: formats, currencies, qualifiers, and what is not money."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devatlas.understand.money import find_money


def _pairs(text: str) -> list[tuple[float, str]]:
    return [(m.amount, m.currency) for m in find_money(text)]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("funded by the European Union with EUR 4 m and implemented", 4_000_000, "EUR"),
        ("Budget: 2.795.000,00 EUR", 2_795_000, "EUR"),
        ("bit će utrošeno oko 1,3 miliona KM", 1_300_000, "BAM"),
        ("a milion KM bit će na raspolaganju", 1_000_000, "BAM"),
        ("vrijedan 235.000 evra", 235_000, "EUR"),
        ("pet miliona evra za opštine", 5_000_000, "EUR"),
        ("dobili su 65 000 kuna", 65_000, "HRK"),
        ("износ од 5,2 милиона евра", 5_200_000, "EUR"),
        ("a grant of €1.5 million", 1_500_000, "EUR"),
        ("USD 15.7 million for the second phase", 15_700_000, "USD"),
        ("ulaganje od 15,7 miliona američkih dolara", 15_700_000, "USD"),
        ("opredeljeno je 20 miliona dinara", 20_000_000, "RSD"),
        ("a total of 3,747,462.41 BAM", 3_747_462.41, "BAM"),
        ("3.747.462,41 BAM", 3_747_462.41, "BAM"),
        ("a 4m€ programme", 4_000_000, "EUR"),
        ("iznos KM 60.000,00", 60_000, "BAM"),
        ("u iznosu od 60.000,00 KM-a", 60_000, "BAM"),
        ("727 хиљада конвертибилних марака", 727_000, "BAM"),
        ("80 tisuća maraka", 80_000, "BAM"),
        ("1.000 CHF", 1000, "CHF"),
        ("500.000 franaka", 500_000, "CHF"),
        ("2 miliona denara", 2_000_000, "MKD"),
        ("100.000 leka", 100_000, "ALL"),
        ("200.000 динара", 200_000, "RSD"),
        ("10.000 din.", 10_000, "RSD"),
        ("Ukupna vrijednost projekta je 68.021,23€.", 68_021.23, "EUR"),
        ("value 1500 Euros each", 1500, "EUR"),
        ("allocated 8.5 million euros", 8_500_000, "EUR"),
        ("EUR 298.000, out of which", 298_000, "EUR"),
        ("pola miliona KM", 500_000, "BAM"),
        ("dvadeset hiljada KM", 20_000, "BAM"),
        ("$2 million", 2_000_000, "USD"),
    ],
)
def test_amounts(text: str, amount: float, currency: str) -> None:
    found = find_money(text)
    assert [(m.amount, m.currency) for m in found] == [(pytest.approx(amount), currency)]
    assert found[0].span is not None
    assert text[found[0].span.start : found[0].span.end] == found[0].span.surface


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("više od 500.000 evra", "over"),
        ("preko 2 miliona KM", "over"),
        ("over 2.5 million euros", "over"),
        ("в вредности већој од 314.000 евра", "over"),
        ("oko 40.000 dinara", "about"),
        ("cca 22 miliona KM", "about"),
        ("gotovo 4 miliona BAM", "nearly"),
        ("almost 4 million BAM", "nearly"),
        ("do 10.000 KM po projektu", "up to"),
        ("up to EUR 50,000", "up to"),
        ("200.000 KM", ""),
    ],
)
def test_qualifiers_keep_the_stated_figure(text: str, qualifier: str) -> None:
    found = find_money(text)
    assert len(found) == 1
    assert found[0].qualifier == qualifier


def test_two_currencies_in_one_place_are_two_amounts() -> None:
    assert _pairs("100.000 KM (51.000 EUR)") == [(100_000, "BAM"), (51_000, "EUR")]


def test_repeats_are_dropped() -> None:
    text = "Japan donira 500 hiljada evra. Ugovor vredan 500.000 evra potpisan je danas; 80 tisuća maraka, 80.000 KM."
    assert _pairs(text) == [(500_000, "EUR"), (80_000, "BAM")]


def test_currency_written_once_after_a_list() -> None:
    text = "Grad Prelog 300.000, općine Strahoninec 150.000, Sveta Marija 200. 000 i županija 280.000 kuna."
    assert _pairs(text) == [(300_000, "HRK"), (150_000, "HRK"), (200_000, "HRK"), (280_000, "HRK")]


def test_ranges_give_both_ends() -> None:
    assert _pairs("od 5 do 10 miliona KM") == [(5_000_000, "BAM"), (10_000_000, "BAM")]
    assert _pairs("between EUR 2 and 3 million") == [(2_000_000, "EUR"), (3_000_000, "EUR")]
    assert _pairs("od 5.000 do 10.000 KM") == [(5000, "BAM"), (10_000, "BAM")]
    assert find_money("od 5.000 do 10.000 KM")[1].qualifier == ""


@pytest.mark.parametrize(
    "text",
    [
        "u 2021. godini 20 % sredstava",
        "Tel: +387 33 291 261",
        "udaljen 15 km od grada",
        "zaposleno je 900 ljudi, 30 % žena",
        "desetine miliona KM",  # vague: no figure to report
        "EUR 2021 annual report",
        "all 20 municipalities",
        "1.600 kvadratnih metara",
        "84,9 % finansira EU",
    ],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["KM", "EUR", "evra", "dinara", "kuna"]))
def test_any_local_grouped_amount_reads_back(n: int, currency: str) -> None:
    text = f"Iznos od {n:,} {currency} je odobren.".replace(",", ".")
    found = find_money(text)
    assert len(found) == 1
    assert found[0].amount == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_any_english_million_reads_back(whole: int, tenth: int) -> None:
    found = find_money(f"The EU allocated EUR {whole}.{tenth} million for the region.")
    assert [m.amount for m in found] == [pytest.approx((whole + tenth / 10) * 1e6)]


def test_figure_without_currency_takes_the_one_just_before() -> None:
    text = "Vrijednost je 2,5 miliona KM, od čega 1,5 miliona iz budžeta."
    found = find_money(text)
    assert _pairs(text) == [(2_500_000, "BAM"), (1_500_000, "BAM")]
    assert found[1].span is not None and found[1].span.rule == "money.carried_currency"
    assert _pairs("EUR 2 million, of which 1.5 million is provided by the EU") == [
        (2_000_000, "EUR"), (1_500_000, "EUR")]


def test_counted_millions_are_not_money() -> None:
    assert _pairs("Projekat od 2 miliona KM obuhvata 1,5 miliona stanovnika.") == [(2_000_000, "BAM")]
    assert _pairs("1,5 miliona iz budžeta.") == []  # no stated currency to take
    assert _pairs("Ukupno 2 miliona KM.\n\nGrad ima 1,5 miliona.") == [(2_000_000, "BAM")]


def test_a_count_followed_by_a_comma_is_not_part_of_a_list() -> None:
    assert _pairs("dodijeljeno je 1.200 grantova, ukupno 500.000 KM") == [(500_000, "BAM")]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("2 милиони денари", 2_000_000, "MKD"),
        ("500 илјади денари", 500_000, "MKD"),
        ("5 milionë euro", 5_000_000, "EUR"),
    ],
)
def test_macedonian_and_albanian_multipliers(text: str, amount: float, currency: str) -> None:
    assert _pairs(text) == [(amount, currency)]


def test_multi_billion_is_not_a_figure() -> None:
    assert _pairs("a new multi-billion dollar industry") == []
    assert _pairs("a billion dollars") == [(1e9, "USD")]


def test_a_table_column_takes_the_currency_of_its_header() -> None:
    text = "Rb. | Korisnik | Iznos (KM)\n1. | „Mlin“ d.o.o. | 15.000,00\n2. | Obrt „Med“ | 9.500\nUkupno | | 24.500\n"
    assert _pairs(text) == [(15000.0, "BAM"), (9500.0, "BAM"), (24500.0, "BAM")]
    assert _pairs("Naziv | Broj radnika\nFirma | 12\n") == []


def test_ranges_and_articles_before_a_code() -> None:
    assert _pairs("Grant size: BAM 20,000 – 80,000, with own contribution") == [(20000.0, "BAM"), (80000.0, "BAM")]
    assert _pairs("The loan is complemented by a EUR 3 million grant.") == [(3000000.0, "EUR")]
    assert _pairs("Sida contributes SEK 25 million.") == [(25000000.0, "SEK")]


@given(st.lists(st.sampled_from([*"0123456789 ,.-–oidrKMa\nİ", "do ", "više od ", "oko ", "up to ", "OKO "]),
                max_size=24).map("".join))
def test_qualifier_and_range_start_read_what_the_plain_patterns_find(text: str) -> None:
    from devatlas.text.numbers import parse_quantity
    from devatlas.understand.money import _QUAL_LOOKUP, _QUAL_RE, _RANGE_START_RE, _qualifier, _range_start

    start = len(text)
    qm = _QUAL_RE.search(text, max(0, start - 20), start)
    if qm is None:
        assert _qualifier(text, start) == ""
    elif _QUAL_LOOKUP.get(qm.group(1).lower(), "") != "up to":
        assert _qualifier(text, start) == _QUAL_LOOKUP.get(qm.group(1).lower(), "")
    rm = _RANGE_START_RE.search(text, max(0, start - 40), start)
    low = _range_start(text, start, "miliona", 1e12, "BAM")
    amount = parse_quantity(rm.group("num"), "miliona") if rm is not None else None
    if amount is None or amount <= 0 or amount >= 1e12:
        assert low is None
    else:
        assert low is not None and low.span is not None and low.span.start == rm.start("num")


_MONEY_PIECES = ["5", " ", "000", ",", ".", "50", "miliona", "MILIONA", "Miliona", "KM", "km", "EUR", "eur", "evra",
                 "EVRA", "do", "DO", "oko", "OKO", "Više od", "VİŠE OD", "i", "İ", "ı", "ſ", "iz", "IZ", "budžeta",
                 "\n", "dvije", "DVİJE", "hiljade", "od čega", "-", "–", "Up to", "million", "MİLLİON"]


@given(st.lists(st.sampled_from(_MONEY_PIECES), max_size=30).map("".join))
def test_amounts_read_in_lower_case_are_the_amounts_read_as_written(text: str) -> None:
    import devatlas.text.regex as regex

    lower_case = find_money(text)
    saved, regex._EXTRA_CASES = regex._EXTRA_CASES, None  # no table of case pairs: every text is read as written
    try:
        assert find_money(text) == lower_case
    finally:
        regex._EXTRA_CASES = saved


@given(st.lists(st.sampled_from([*_MONEY_PIECES, "  ", "\t", "of which", "OF  WHICH", ")", "!"]), max_size=14)
       .map("".join))
def test_bare_figures_with_white_space_kept_are_what_the_plain_pattern_finds(text: str) -> None:
    import re

    from devatlas.understand.money import _BARE_RE, _BARE_SOURCE

    plain = re.compile(_BARE_SOURCE.replace(r"\s*+", r"\s*").replace(r"\s?+", r"\s?").replace(r"\s++", r"\s+"),
                       re.IGNORECASE)
    for pos in range(len(text)):
        got, ref = _BARE_RE.match(text, pos), plain.match(text, pos)
        assert (got and (got.span(), got.groups())) == (ref and (ref.span(), ref.groups()))
