"""The shipped gazetteer: coverage of local units, aliases and the longest-match lookup."""

from __future__ import annotations

from devatlas.gazetteer import load_gazetteer


def _names(text: str) -> list[list[tuple[str, str]]]:
    g = load_gazetteer()
    return [[(g.places[i].name, g.places[i].country) for i in m.candidates] for m in g.match(text)]


def test_loads_once_and_is_cached() -> None:
    # how fast it loads is measured by `make bench-extract` (start-up), not by a timed test
    load_gazetteer.cache_clear()
    g = load_gazetteer()
    assert load_gazetteer() is g
    assert len(g.places) > 2500


def test_local_units_without_a_settlement_of_their_name() -> None:
    g = load_gazetteer()
    by_name = {(p.name, p.country): p for p in g.places}
    for name in ("Usora", "Novi Grad Sarajevo", "Istočno Novo Sarajevo", "Istočni Mostar", "Doboj Istok",
                 "Tuzlanski kanton", "Kanton 10", "Republika Srpska", "Brčko distrikt", "Vojvodina"):
        assert any(n == name for n, _ in by_name), name
    assert by_name[("Tešanj", "BA")].parents[-1] == "Zeničko-dobojski kanton"
    assert by_name[("Banja Luka", "BA")].lat is not None


def test_longest_match_wins() -> None:
    assert _names("u Istočnom Novom Sarajevu")[0] == [("Istočno Novo Sarajevo", "BA")]
    assert ("Novi Grad Sarajevo", "BA") in _names("Općina Novi Grad Sarajevo")[0]


def test_aliases_and_scripts() -> None:
    assert _names("Bosanska Gradiška") == [[("Gradiška", "BA")]]
    assert _names("Titograd") == [[("Podgorica", "ME")]]
    assert _names("Лакташима") == [[("Laktaši", "BA")]]
    assert _names("Mitrovica e Veriut") == [[("North Mitrovica", "XK")]]
    assert _names("Shkodra") == [[("Shkodër", "AL")]]
    assert _names("Bashkia e Shkodrës")[-1] == [("Shkodër", "AL")]
    assert _names("Shtip") == [[("Štip", "MK")]]
    assert _names("u Banjaluci") == [[("Banja Luka", "BA")]]


def test_whole_words_only() -> None:
    assert _names("Nišavski okrug")[0] == [("Nišavski okrug", "RS")]
    assert _names("Nišlije") == []


def test_units_take_their_seat_coordinates() -> None:
    g = load_gazetteer()
    by_name = {(p.name, p.country): p for p in g.places}
    sarajevo = by_name[("Sarajevo", "BA")]
    assert by_name[("Kanton Sarajevo", "BA")].lat == sarajevo.lat
    assert by_name[("Novi Grad Sarajevo", "BA")].lat == sarajevo.lat
    assert by_name[("Međimurska županija", "HR")].lat is not None
    assert ("Umag", "HR") in by_name  # Istrian units under their Croatian name


def test_scan_is_the_bare_automaton_pass() -> None:
    g = load_gazetteer()
    hits = [(end, form) for end, (form, _places) in g.scan("opstina laktasi i grad derventa")]
    assert (len("opstina laktasi") - 1, "laktasi") in hits
    assert any(form == "derventa" for _end, form in hits)


def test_match_at_start_is_the_first_match_when_it_begins_the_text() -> None:
    g = load_gazetteer()
    text = "Општина Лакташи и Banja Luka, Đurđevac, ь Laktaši, Laktašijevci u Derventi"
    for pos in range(len(text)):
        window = text[pos : pos + 40]
        found = g.match(window)
        first = found[0] if found and found[0].start == 0 else None
        assert g.match_at_start(window) == first
    assert g.match_at_start("Banja Luka je") is not None
    assert g.match_at_start("u Banjoj Luci") is None

