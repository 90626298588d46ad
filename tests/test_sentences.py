"""Sentence bounds: dates and ordinals do not end a sentence, blank lines do, and every offset lies in one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devatlas.text.sentences import line_starts, sentence_at, sentence_starts

TEXT = ("LAKTAŠI, 20. novembra 2018. godine – Potpisan je ugovor vrijedan 1.300.000 KM. Projekat finansira "
        "Evropska unija. „Ovo je važan dan“, rekao je načelnik.\n\nNaslov bez tačke\n\nПројекат траје до 2026. "
        "Крај.")


def test_dates_and_amounts_stay_inside_their_sentence() -> None:
    start = TEXT.index("Evropska")
    assert TEXT[slice(*sentence_at(TEXT, start, start + 8))] == "Projekat finansira Evropska unija."
    first = TEXT.index("novembra")
    assert TEXT[slice(*sentence_at(TEXT, first))].endswith("1.300.000 KM.")


def test_blank_lines_and_cyrillic_capitals_end_sentences() -> None:
    pieces = [TEXT[a:b].strip() for a, b in zip(sentence_starts(TEXT), [*sentence_starts(TEXT)[1:], len(TEXT)],
                                                strict=True)]
    assert "Naslov bez tačke" in pieces
    assert pieces[-1] == "Крај."


def test_a_span_over_two_sentences_gets_both() -> None:
    a, b = TEXT.index("KM."), TEXT.index("finansira")
    assert TEXT[slice(*sentence_at(TEXT, a, b))].startswith("LAKTAŠI")


@given(st.text(alphabet="Ab .\n1„“", max_size=80), st.data())
def test_every_offset_lies_in_the_sentence_returned(text: str, data: st.DataObject) -> None:
    if not text:
        return
    pos = data.draw(st.integers(0, len(text) - 1))
    first, last = sentence_at(text, pos)
    assert first <= pos and (first <= last <= len(text))
    assert text[pos].isspace() or pos < last


def test_line_starts_are_the_text_start_and_every_position_after_a_break() -> None:
    text = "Naziv projekta: Voda\n\nDonator: EU\n"
    assert line_starts(text) == [0, 21, 22, 34]
    assert all(text[i - 1] == "\n" for i in line_starts(text)[1:])
    assert line_starts("") == [0]
