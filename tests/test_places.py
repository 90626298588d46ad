"""Place recognition: case forms back to the nominative, and the checks that keep precision."""

from __future__ import annotations

from devatlas.gazetteer import load_gazetteer
from devatlas.understand.places import find_places


def _places(text: str, language: str = "bs") -> list[str]:
    return [p.name for p in find_places(text, load_gazetteer(), language)]


def test_declined_and_cyrillic_names_come_back_nominative() -> None:
    assert _places("Projekat se provodi u Laktašima i Banjoj Luci.") == ["Laktaši", "Banja Luka"]
    assert _places("Општина Лакташи и град Бијељина") == ["Laktaši", "Bijeljina"]


def test_one_place_many_spans() -> None:
    (p,) = find_places("Derventa je dobila novac. U Derventi će se graditi put.", load_gazetteer(), "bs")
    assert p.name == "Derventa" and len(p.spans) == 2 and p.country == "BA"


def test_lower_case_common_words_are_not_places() -> None:
    assert _places("Brod je isplovio, a topola je posječena.") == []


def test_common_word_names_need_evidence() -> None:
    assert "Brod" in _places("Sastanak je održan u opštini Brod.")
    assert "Brod" in _places("Opštine Bijeljina, Brod i Doboj")
    assert _places("Luka je rekao da je sve u redu.") == []


def test_surname_after_first_name_is_not_a_place() -> None:
    assert "Kula" not in _places("Izjavu je dao Marko Kula, direktor firme.")


def test_acronym_in_capitals_is_not_a_place() -> None:
    assert _places("Švedska agencija za razvoj (SIDA) finansira projekat.") == []


def test_ambiguous_name_follows_the_country_of_the_document() -> None:
    srb = find_places("Opštine Pećinci, Irig, Šid i Topola i grad Kragujevac.", load_gazetteer(), "sr")
    assert {p.country for p in srb} == {"RS"}


def test_settlement_named_after_a_settlement_noun() -> None:
    assert "Lauš" in _places("izgradnja dvorane u naselju Lauš u Banjaluci")


def test_place_inside_an_organisation_name_counts() -> None:
    assert _places("LDA Mostar je partner.") == ["Mostar"]


def test_kosovo_double_names() -> None:
    assert _places("The municipalities of North Mitrovica, Zvečan and Leposavić", "en") == [
        "North Mitrovica", "Zvečan", "Leposavić",
    ]


def test_foreign_cities_count_but_not_their_countries() -> None:
    text = "Načelnik Laktaša i gradonačelnik Banjaluke boravili su u Briselu."
    places = find_places(text, load_gazetteer(), "bs")
    assert [p.name for p in places] == ["Laktaši", "Banja Luka", "Brisel"]


def test_villages_in_an_enumeration_with_known_places() -> None:
    names = _places("Žene iz Benkovca, Smilčića, Lisičića i Kistanja dobit će posao.", "hr")
    assert names == ["Benkovac", "Smilčić", "Lisičić", "Kistanje"]
    assert _places("Partneri su Grad Mostar, Udruženje žena i drugi.") == ["Mostar"]


def test_enumeration_opened_by_a_preposition_and_two_word_items() -> None:
    names = _places("Prednost imaju poduzetnici iz Dobrovca, Badljevine i Poljane te mladi.", "hr")
    assert "Dobrovac" in names
    names = _places("Ugovore su dobili poljoprivrednici iz Klokotnice i Brijesnice Velike, a ostali nisu.")
    assert "Brijesnica Velika" in names


def test_datelines_and_settlement_nouns() -> None:
    assert _places("BROD, 12. maja – Nova investicija u vrtić.") == ["Brod"]
    assert _places("Izvor: Općina Laktaši") == ["Laktaši"]
    places = find_places("Grad Leskovac i opština Lebane, u selu Bošnjace.", load_gazetteer(), "sr")
    assert [(p.name, p.country) for p in places][-1] == ("Bošnjace", "RS")


def test_road_ends_are_places() -> None:
    names = _places("Odabran je projekat rekonstrukcije lokalnog puta Sapna - Vitinica u Sapni.")
    assert "Vitinica" in names and "Sapna" in names
    assert _places("Put je dobar - Marko je zadovoljan.") == []


def test_sentence_opening_word_seen_in_lower_case_elsewhere() -> None:
    assert _places("Has the grant arrived? The project has started in Tuzla.", "en") == ["Tuzla"]


def test_river_is_not_the_town_named_after_it() -> None:
    assert _places("Most na Vrbasu u Banjoj Luci je obnovljen.") == ["Banja Luka"]
    assert "Vrbas" in _places("Opština Vrbas i grad Novi Sad potpisali su sporazum.", "sr")


def test_a_body_in_a_list_of_places_is_not_a_village() -> None:
    found = _places("Sufinansiranje: Općina Vogošća i Općina Trnovo, po 50.000 KM.")
    assert "Vogošća" in found and "Trnovo" in found
    assert not any(p.startswith("Općina") for p in found)


def test_every_item_after_a_settlement_noun() -> None:
    found = _places("Radovi obuhvataju naselja Žitkovac, Moravac i Vakup, a zatim selo Pardik.", "sr")
    assert {"Žitkovac", "Moravac", "Vakup", "Pardik"} <= set(found)
    assert set(_places("У селима Исаково и Главица.", "sr")) == {"Isakovo", "Glavica"}
    assert "Općina Bugojno" not in _places("Radovi u naselju Vesela, Općina Bugojno.")


def test_official_names_of_serbian_districts() -> None:
    assert "Pomoravski okrug" in _places("Obuka za vaspitače iz Pomoravskog upravnog okruga.", "sr")
    assert "Nišavski okrug" in _places("Нишавски управни округ", "sr")


def test_a_mention_without_the_diacritics_of_every_known_name() -> None:
    # a text that writes č, ć, š, ž and đ would write Šid with its Š: `Sida` is the agency
    text = "Donatori: Sida, Vlada Švedske i opština Žitište; čuvanje šuma, ćilim, đak."
    assert "Šid" not in _places(text, "sr")
    assert "Šid" in _places("Sajam je održan u Šidu, a učestvovali su i proizvođači iz Đakova.", "sr")


def test_a_table_column_of_settlements() -> None:
    table = ("Rb. | Korisnik | Naselje | Iznos (RSD)\n"
             "1. | Petar Ilić | Vrmdža | 900.000,00\n"
             "2. | Udruženje „Izvor“ | Gornja Kamenica | 450.000,00\n")
    found = _places(table, "sr")
    assert {"Vrmdža", "Gornja Kamenica"} <= set(found)
    assert "Kamenica" not in found  # the known village inside the longer name is not named on its own
    assert "Petar Ilić" not in found


def test_no_settlement_across_a_line_or_before_a_person() -> None:
    assert _places("Zahvalio je Ministarstvu za brigu o selu Goranu Nikoliću na podršci.", "sr") == []
    assert _places("Ministarstvo za brigu o selu Republike Srbije finansira projekte.", "sr") == []
    assert _places("Podrška za razvoj sela\n\nIzjava nositelja projekta", "hr") == []
    assert set(_places("Prednost imaju naselja (Merdani, Skradno i Poculica).")) >= {"Merdani", "Skradno", "Poculica"}


def test_unknown_villages_in_a_locative_list_and_in_plural_family_names() -> None:
    gaz = load_gazetteer()

    def names(text: str) -> list[str]:
        return [p.name for p in find_places(text, gaz, "sr")]

    # a known place opens a locative list: the endings say each item's nominative (Sterijinu could be either)
    assert names("Pravo imaju mladi sa prebivalištem u Adi, Molu, Utrinama, Obornjači ili Sterijinu.") == [
        "Ada", "Mol", "Utrine", "Obornjača"]
    # `u Pavlovićima`: a plural family name in the locative is a village, known or not
    assert names("Asfalt stiže i do zaselaka u Pavlovićima i Kričićima.") == ["Pavlovići", "Kričići"]
    assert "Đuraševići" in names("У Ђурашевићима се гради двориште.")
    # a table's seat column: a settlement and its municipality
    table = "Br. | Korisnik | Sjedište | Iznos\n1. | Zadruga Sloga | Tupanari, Šekovići | 21.000,00\n"
    assert {"Tupanari", "Šekovići"} <= set(names(table))


def test_a_known_place_inside_a_longer_name_with_an_adjective() -> None:
    gaz = load_gazetteer()

    def names(text: str) -> list[str]:
        return [p.name for p in find_places(text, gaz, "hr")]

    assert names("Vrtić u Sigetcu Ludbreškom bit će otvoren.") == ["Sigetec Ludbreški"]
    assert names("Uređenje šetnice u Malom Stonu i u Stonu.") == ["Mali Ston", "Ston"]
    assert names("Radovi u Kotoru i Tivtu.") == ["Kotor", "Tivat"]  # Tivat loses its a: Tivtu


def test_village_names_of_an_adjective_and_a_neuter_noun_and_plurals_in_ica() -> None:
    gaz = load_gazetteer()
    found = [p.name for p in find_places("Ugovori sa preduzetnicima iz Plava, Brezojevica i Vojnog Sela.", gaz, "sr")]
    assert found == ["Plav", "Brezojevice", "Vojno Selo"]
    assert [p.name for p in find_places("Radovi u Adi, Molu i Gornjem Polju.", gaz, "sr")] == [
        "Ada", "Mol", "Gornje Polje"]


def test_no_word_inside_a_known_name_is_a_list_item() -> None:
    gaz = load_gazetteer()
    found = [p.name for p in find_places("Područje: općine Desinić, Hum na Sutli, Kumrovec i Tuhelj.", gaz, "hr")]
    assert found == ["Desinić", "Hum na Sutli", "Kumrovec", "Tuhelj"]


def test_the_places_whose_inhabitants_a_text_names() -> None:
    gaz = load_gazetteer()

    def names(text: str, language: str = "sr") -> list[str]:
        return [p.name for p in find_places(text, gaz, language)]

    assert names("Prijavu mogu podnijeti meštani Bobova i Crkvenca, koji su imali štetu.") == ["Bobovo", "Crkvenac"]
    assert names("Становници Касинда и Крупца су задовољни.") == ["Kasindo", "Krupac"]
    assert names("The residents of Omoljica and Glogonj will be connected.", "en") == ["Omoljica", "Glogonj"]
    # a settlement noun announces a village even when the gazetteer knows a namesake abroad
    assert "Kumane" in names("Радови у насељима Булози, Довлићи и Кумане код Источног Сарајева.")


def test_english_plural_settlement_nouns() -> None:
    text = "The pipes will reach the villages of Omoljica, Kačarevo and Glogonj near Pančevo."
    assert [p.name for p in find_places(text, load_gazetteer(), "en")] == ["Omoljica", "Kačarevo", "Glogonj", "Pančevo"]


def test_gradsko_is_a_council_s_adjective_unless_cued() -> None:
    gaz = load_gazetteer()
    assert [p.name for p in find_places("Sjednica: Gradsko vijeće grada Valpova.", gaz, "hr")] == ["Valpovo"]
    assert [p.name for p in find_places("Naslovnica | Grad | Gradska uprava | Vijesti", gaz, "sr")] == []
    assert "Gradsko" in [p.name for p in find_places("The Municipality of Gradsko received support.", gaz, "en")]


def test_marked_names_cached_per_candidates_answer_as_each_place_would() -> None:
    """`_every_name_marked` keyed by a form's candidates says what asking each place in turn says."""
    import re

    from devatlas.text.script import to_latin
    from devatlas.understand.places import _every_name_marked

    gaz = load_gazetteer()
    marked = re.compile(r"[čćšžđČĆŠŽĐ]|[Dd]j")
    forms = [found for _, found in gaz.scan("sid sida moravcu laktasi banja luka doboj brcko sabac cacak nis")]
    assert forms
    for _, candidates in forms:
        each = all(all(marked.search(to_latin(n)) for n in (gaz.places[i].name, *gaz.places[i].aliases))
                   for i in candidates)
        assert _every_name_marked(gaz, candidates) == each
    assert any(_every_name_marked(gaz, c) for _, c in forms) and not all(_every_name_marked(gaz, c) for _, c in forms)


def test_a_sentence_may_open_with_the_settlement_noun() -> None:
    found = _places("Prioritet je voda. Naselja Cvilin i Previla ljeti ostaju bez vode.", "bs")
    assert {"Cvilin", "Previla"} <= set(found)
    assert _places("Sela su prazna, a Naselja nema.", "bs") == []


def test_a_few_words_may_stand_between_the_noun_and_its_list() -> None:
    found = _places("Usluge će dobiti korisnici u 38 naselja, među kojima su Duzluk, Donja Pištana i Dolci.", "hr")
    assert {"Duzluk", "Donja Pištana", "Dolci"} <= set(found)
    found = _places("The first call would prioritise villages such as Radljevo and Tvrdojevac.", "en")
    assert {"Radljevo", "Tvrdojevac"} <= set(found)


def test_a_listed_village_may_carry_its_name_in_the_other_language() -> None:
    found = _places("The pipeline will serve the villages of Bostane/Bostan, Koretište/Koretishtë and Vrbovac/Vërboc.",
                    "en")
    assert {"Koretište", "Vrbovac"} <= set(found)


def test_a_list_item_named_with_its_municipality_in_brackets_is_a_settlement() -> None:
    text = ("Popis korisnika:\n1. OPG Pleše Marko, Sunger (Mrkopalj) – proizvodnja sjemena\n"
            "2. OPG Jakovac Ana, Lič (Fužine) – proizvodnja sira\n3. Ivan Horvat (Delnice) – pčelarstvo\n")
    found = _places(text, "hr")
    assert {"Sunger", "Lič", "Mrkopalj", "Fužine", "Delnice"} <= set(found)
    assert "Ivan Horvat" not in found and "Horvat" not in found
