"""Dates complete to the day, ranges, month-level periods, and what is not a date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.script import to_cyrillic
from devatlas.understand.dates import find_dates


def _dates(text: str) -> list[str]:
    return [d.value for d in find_dates(text) if d.kind == "date"]


def _periods(text: str) -> list[str]:
    return [d.value for d in find_dates(text) if d.kind == "period"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("27.12.2012. - Uspešno završen projekat", "2012-12-27"),
        ("08. 04. 2021. у 17:37", "2021-04-08"),
        ("Local news, 31.07.2019", "2019-07-31"),
        ("subota 21.4.2018", "2018-04-21"),
        ("13/12/2016", "2016-12-13"),
        ("2021-11-05", "2021-11-05"),
        ("održan 20. novembra 2018. godine", "2018-11-20"),
        ("14. studenoga 2019.", "2019-11-14"),
        ("1. siječnja 2020.", "2020-01-01"),
        ("20. новембра 2018. године", "2018-11-20"),
        ("signed the partnership agreement on 27th of May 2022 in Laktaši", "2022-05-27"),
        ("Skopje, 28th September 2015 (MIA)", "2015-09-28"),
        ("May 27, 2022", "2022-05-27"),
        ("open by January 17, 2022.", "2022-01-17"),
        ("On 20 May 2021, the Head of Delegation", "2021-05-20"),
        ("Рок: 21. август 2019.", "2019-08-21"),
        ("29 Новембар, 2018", "2018-11-29"),
        ("ДАН ЖАЛОСТИ – 27. АПРИЛ 2025. ГОДИНЕ", "2025-04-27"),
        ("objavljenim 24. maja 2021. godine", "2021-05-24"),
        ("10. lipnja 2019. g.", "2019-06-10"),
    ],
)
def test_single_dates(text: str, value: str) -> None:
    assert _dates(text) == [value]


def test_numeric_range_takes_month_and_year_of_its_end() -> None:
    assert _dates("u periodu od 5.11. – 28.12.2021. godine") == ["2021-11-05", "2021-12-28"]


def test_named_range_takes_month_and_year_of_its_end() -> None:
    assert _dates("od 5. do 7. oktobra 2021.") == ["2021-10-05", "2021-10-07"]
    assert _dates("od 1. januara do 31. decembra 2021.") == ["2021-01-01", "2021-12-31"]
    assert _dates("May 5–7, 2021") == ["2021-05-05", "2021-05-07"]


def test_range_across_new_year() -> None:
    assert _dates("28.12. – 5.1.2022.") == ["2021-12-28", "2022-01-05"]


def test_repeated_date_reported_once() -> None:
    assert _dates("29 Новембар, 2018 ... данас (29.11.2018.) у Бањалуци") == ["2018-11-29"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Duration: April 2017 – December 2018", "2017-04/2018-12"),
        ("u martu 2020. godine", "2020-03"),
        ("krajnji rok je maj 2025. godine", "2025-05"),
        ("април 2025", "2025-04"),
        ("od marta do juna 2020.", "2020-03/2020-06"),
    ],
)
def test_month_and_year_is_a_period_not_a_date(text: str, period: str) -> None:
    assert _periods(text) == [period]
    assert _dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2020.",  # no such day
        "iznos od 1.500.000 KM",
        "verzija 1.2.3",
        "20. novembra, gdje su potpisani",  # no year: left out
        "do 1. aprila naredne godine",
        "Tel: +387 36 333 830",
        "za period 2020-2027. godine",
        "JKP „2.oktobar“ Vršac",
        "broj 01-1-2019",
        "2017. i 2018. godine",
    ],
)
def test_not_dates(text: str) -> None:
    assert _dates(text) == []


def test_spans_point_at_the_text() -> None:
    text = "Sastanak je održan 14. novembra 2013. godine u Briselu."
    (d,) = find_dates(text)
    assert d.span is not None
    assert text[d.span.start : d.span.end] == d.span.surface
    assert d.span.surface.startswith("14. novembra 2013.")


_SR = ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra", "oktobra",
       "novembra", "decembra"]
_HR = ["siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna", "listopada",
       "studenoga", "prosinca"]
_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
       "November", "December"]


def _styles(d: dt.date) -> list[str]:
    return [
        f"{d.day}.{d.month}.{d.year}.",
        f"{d.day:02d}. {d.month:02d}. {d.year}.",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        d.isoformat(),
        f"{d.day}. {_SR[d.month - 1]} {d.year}. godine",
        f"{d.day}. {_HR[d.month - 1]} {d.year}.",
        f"{d.day}. {to_cyrillic(_SR[d.month - 1])} {d.year}. године",
        f"{d.day} {_EN[d.month - 1]} {d.year}",
        f"{_EN[d.month - 1]} {d.day}, {d.year}",
    ]


@given(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(0, 8))
def test_any_date_in_any_style_reads_back(d: dt.date, style: int) -> None:
    text = f"Ugovor je potpisan {_styles(d)[style]} u prostorijama opštine."
    assert _dates(text) == [d.isoformat()]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("27. XII 2012.", "2012-12-27"),  # Roman-numeral month, formal style
        ("5.XI.2021.", "2021-11-05"),
        ("28 септември 2015 година", "2015-09-28"),  # Macedonian
        ("më 15 nëntor 2021", "2021-11-15"),  # Albanian
    ],
)
def test_other_regional_forms(text: str, value: str) -> None:
    assert _dates(text) == [value]


_DATE_PIECES = ["15.", " ", "marta", "MARTA", "2021", ".", "godine", "GODINE", " - ", "do", "DO", "XII", "xii", "IX",
                "12", "/", "-", "januar", "Jan", "of", "the", "December", "5th", "i", "I", "ſeptembar", "септембра",
                "СЕПТЕМБРА", "г.", "Г.", "\n", "30", "01", "–", "till", "aPRIL", "İ", "ı", "APRİL", "İanuar",
                "5. APRİL"]


@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=30).map("".join))
def test_dates_read_in_lower_case_are_the_dates_read_as_written(text: str) -> None:
    import devatlas.text.regex as regex
    from devatlas.understand import dates

    def found() -> list[tuple[str, str, object]]:
        return [(d.value, d.kind, d.span) for d in dates.find_dates(text)]

    lower_case = found()
    saved, regex._EXTRA_CASES = regex._EXTRA_CASES, None  # no table of case pairs: every text is read as written
    try:
        assert found() == lower_case
    finally:
        regex._EXTRA_CASES = saved


@given(st.lists(st.sampled_from([*_DATE_PIECES, "  ", "\t", " ,", ",", "day of", "1st"]), max_size=14).map("".join))
def test_white_space_kept_finds_what_the_plain_patterns_find(text: str) -> None:
    import re

    from devatlas.understand import dates

    plain = re.compile("|".join(f"(?P<r{i}>" + p.replace("(?P<", f"(?P<x{i}_") + ")"
                                for i, (_, p) in enumerate(dates._PATTERNS)), re.IGNORECASE)
    period = re.compile(dates._PERIOD_SOURCE, re.IGNORECASE)
    for pos in range(len(text)):
        for kept, want in ((dates._DATE_RE, plain), (dates._PERIOD_RE, period)):
            got, ref = kept.match(text, pos), want.match(text, pos)
            assert (got and (got.span(), got.groups())) == (ref and (ref.span(), ref.groups()))
