"""Organisations: register matches in any case and script, head-noun names, municipalities, acronyms."""

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from devatlas.gazetteer import load_gazetteer
from devatlas.text.analysed import analyse
from devatlas.understand import organisations
from devatlas.understand.organisations import find_organisations, load_register
from devatlas.understand.places import find_places


def names(text: str, language: str = "bs") -> list[str]:
    return [o.name for o in find_organisations(text, [], language)]


def test_register_is_well_formed() -> None:
    reg = load_register()
    ids = [e.reg_id for e in reg]
    assert len(ids) == len(set(ids))
    assert all(e.aliases for e in reg)


def test_register_names_in_oblique_cases_and_cyrillic() -> None:
    assert "Evropska unija" in names("Projekat je finansiran sredstvima Evropske unije.")
    assert "Evropska unija" in names("Пројекат финансира Европска унија.", "sr")
    orgs = find_organisations("Konferencija u organizaciji Ambasade Švicarske i UNDP-a.", [], "bs")
    assert {o.register_id for o in orgs} >= {"swiss-embassy", "undp"}


def test_acronym_and_full_name_are_one_body() -> None:
    orgs = find_organisations("Razvojni program Ujedinjenih nacija (UNDP) i UNDP-om.", [], "sr")
    assert len(orgs) == 1
    assert orgs[0].name == "Razvojni program Ujedinjenih nacija"
    assert "UNDP" in orgs[0].aliases


def test_lower_case_acronym_lookalike_is_not_an_organisation() -> None:
    assert names("Ovo je eu tekst bez imena.") == []


def test_head_noun_names_back_in_the_nominative() -> None:
    found = names("Sporazum je potpisan sa predstavnicima Ministarstva za ljudska prava i izbjeglice BiH juče.")
    assert "Ministarstvo za ljudska prava i izbjeglice BiH" in found
    assert "Regionalna razvojna agencija Zlatibor" in names("Osnivač je Regionalna razvojna agencija Zlatibor.")


def test_generic_lower_case_mention_is_not_a_name() -> None:
    assert names("Ministarstvo je odobrilo projekat, a lokalne vlasti su ga podržale.") == []


def test_municipalities_with_place_in_nominative() -> None:
    found = names("Ugovor su potpisali predstavnici Grada Zrenjanina i opštine Lopare.", "sr")
    assert "Grad Zrenjanin" in found
    assert "Opština Lopare" in found


def test_quoted_ngo_and_company() -> None:
    found = names("Partneri su Udruženje za posao i poduzetništvo „LiNK“ Mostar i Lanaco d.o.o. iz Banje Luke.")
    assert any(n.startswith("Udruženje za posao i poduzetništvo „LiNK“") for n in found)
    assert "Lanaco d.o.o." in found


def test_english_names() -> None:
    found = names("The Ministry of Finance and Kratovo Municipality signed the agreement.", "en")
    assert "Ministry of Finance" in found
    assert "Kratovo Municipality" in found


def test_spans_point_at_the_text() -> None:
    text = "Donator je Vlada Japana."
    org = find_organisations(text, [], "sr")[0]
    assert text[org.spans[0].start:org.spans[0].end] == "Vlada Japana"


def test_minister_title_names_the_ministry() -> None:
    found = names("Ugovor je potpisala ministarka za ljudska prava i izbjeglice Ana Anić.")
    assert "Ministarstvo za ljudska prava i izbjeglice" in found
    assert "Ministarstvo finansija" in names("Rekao je ministar finansija Petar Perić.", "sr")
    assert names("Rekao je ministar Petar Perić.", "sr") == []


def test_bare_head_refers_to_the_only_body_of_its_kind() -> None:
    text = "Ugovor je potpisalo Ministarstvo finansija. Ministarstvo je grant sredstvima podržalo projekte."
    org = find_organisations(text, [], "bs")[0]
    assert [sp.rule for sp in org.spans] == ["head-noun", "anaphora"]


def test_body_named_by_its_seat() -> None:
    assert "Univerzitet u Banjoj Luci" in names("Sporazum je potpisao Univerzitet u Banjoj Luci.")


def test_register_one_word_names_keep_their_diacritics() -> None:
    assert names("Došli su predstavnici iz Iriga, Šida i Bača.", "sr") == []


def test_english_lower_case_names_with_a_seat() -> None:
    found = names("Partners are the City of Derventa and Vocational and technical school Derventa.", "en")
    assert "Vocational and technical school Derventa" in found
    found = names("Equipment for Correctional institutions in Niš and Sremska Mitrovica.", "en")
    assert {"Correctional institution Niš", "Correctional institution Sremska Mitrovica"} <= set(found)


def test_bracketed_acronym_joins_the_name_before_it() -> None:
    orgs = find_organisations("Donatori su Švedska agencija za medunarodni razvoj (SIDA) i EBRD.", [], "hr")
    assert [o.name for o in orgs] == ["Švedska agencija za medunarodni razvoj", "EBRD"]
    assert orgs[0].register_id == "sida"


def test_role_before_an_english_name_is_dropped() -> None:
    found = names("Acting Head of the EU Office in Kosovo, John Smith, said it.", "en")
    assert found == ["EU Office in Kosovo"]


def test_quotes_do_not_make_two_bodies() -> None:
    assert len(names("Klaster „Tara“ i opet Klaster “Tara” su isto.", "sr")) == 1


def with_places(text: str, language: str) -> list[str]:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.understand.places import find_places

    return [o.name for o in find_organisations(text, find_places(text, load_gazetteer(), language), language)]


def test_quoted_name_before_a_legal_form_is_a_company() -> None:
    found = names("Radove izvodi zagrebačka tvrtka „Vodo-Mont Sava“ d.o.o., a nadzor „Gradnja Plus“ d.d.", "hr")
    assert "Vodo-Mont Sava d.o.o." in found
    assert "Gradnja Plus d.d." in found
    assert not any("tvrtka" in n.lower() for n in found)
    assert "Mlin Rijeka d.o.o." in names("Подршку је добио и „Млин Ријека“ д.о.о. из Рогатице.", "sr")


def test_small_businesses_named_after_their_trade() -> None:
    found = names("Grantove su dobili pekara „Zlatno zrno“, SZR „Jela“ i frizerski salon „Iva“.")
    assert any(n.endswith("„Zlatno zrno“") for n in found)
    assert "SZR „Jela“" in found
    assert any(n.endswith("„Iva“") for n in found)


def test_one_body_per_place_after_a_plural_head() -> None:
    found = with_places("Sufinansiraju ga gradovi Prijedor i Doboj te općine Tešanj i Maglaj.", "bs")
    assert {"Grad Prijedor", "Grad Doboj", "Općina Tešanj", "Općina Maglaj"} <= set(found)
    en = with_places("The municipalities of Tešanj and Žepče signed it with the Municipality of Maglaj.", "en")
    assert {"Municipality of Tešanj", "Municipality of Žepče", "Municipality of Maglaj"} <= set(en)


def test_a_place_is_not_an_adjective_of_the_next_body() -> None:
    found = with_places("Partneri su Poljoprivredni fakultet u Bihaću i Turistička zajednica „Una“.", "bs")
    assert "Turistička zajednica „Una“" in found
    assert not any(n.startswith("Bihać") for n in found)


def test_genitive_complements_and_prepositions() -> None:
    assert "Fond solidarnosti Europske unije" in names("Obnova je financirana iz Fonda solidarnosti Europske unije.")
    assert "Europski socijalni fond" in names("Izvor financiranja: Europski socijalni fond", "hr")
    found = names("Finansira Vlada Kraljevine Norveške preko Norveške agencije za razvoj.")
    assert not any("preko" in n.lower() for n in found)


def test_names_with_genitive_adjectives_portfolios_and_universities() -> None:
    assert "Kancelarija Ujedinjenih nacija za projektne usluge" in names(
        "Prisustvovala je predstavnica Kancelarije Ujedinjenih nacija za projektne usluge.", "sr")
    assert "Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike" in names(
        "Natječaj je raspisalo Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike.", "hr")
    found = with_places("Predavači su s Poljoprivrednog fakulteta Univerziteta u Tuzli.", "bs")
    assert "Univerzitet u Tuzli" in found
    assert any(n.startswith("Poljoprivredni fakultet") for n in found)
    assert names("Prijave do 12 sati po CET, iznos u SEK.", "en") == []


def test_implementation_units_are_bodies_but_the_generic_term_is_not() -> None:
    assert any(n.startswith("Jedinica za implementaciju") for n in names("Radove prati Jedinica za implementaciju."))
    assert names("Jedinica lokalne samouprave je dužna da objavi poziv.") == []


def test_english_names_of_local_governments_are_municipalities() -> None:
    from devatlas.understand.organisations import _kind_from_name

    for name in ("City of Doboj", "Municipality of Novi Grad Sarajevo", "Kratovo Municipality", "Town of Gračanica"):
        assert _kind_from_name(name) == "municipality", name
    for name in ("European Union", "City Development Agency", "Office in Kosovo"):
        assert _kind_from_name(name) == "", name


def test_english_names_with_a_comma_list_or_an_acronym_in_brackets() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    def names(text: str) -> list[str]:
        return [o.name for o in extract(Document(text=text, name="x.txt")).organisations]

    assert "Ministry of Labour, Employment, Veterans and Social Affairs" in names(
        "The Ministry of Labour, Employment, Veterans and Social Affairs opened the call.")
    assert names("Partners are the Ministry of Finance, UNDP and USAID.") == ["Ministry of Finance", "UNDP", "USAID"]
    assert "United Nations Development Programme Office in Sarajevo" in names(
        "The United Nations Development Programme (UNDP) Office in Sarajevo opened the call.")


def test_a_ministry_is_named_by_all_its_portfolios() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    def names(text: str) -> list[str]:
        return [o.name for o in extract(Document(text=text, name="x.txt")).organisations]

    assert names("Sredstva je osiguralo Ministarstvo regionalnog razvoja i fondova Europske unije.") == [
        "Ministarstvo regionalnog razvoja i fondova Europske unije"]
    assert names("Federalno ministarstvo razvoja, poduzetništva i obrta finansira projekat.") == [
        "Federalno ministarstvo razvoja, poduzetništva i obrta"]
    assert names("Ministarstvo finansija i Fond za zaštitu okoliša potpisali su ugovor.") == [
        "Ministarstvo finansija", "Fond za zaštitu okoliša"]


def _with_places(text: str, language: str = "bs") -> list[str]:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.understand.places import find_places

    return [o.name for o in find_organisations(text, find_places(text, load_gazetteer(), language), language)]


def test_a_name_does_not_run_over_a_line_break() -> None:
    # a signature: the municipality's word ends its line, the person's name is on the next
    assert not any("Đukić" in n for n in _with_places("НАЧЕЛНИК ОПШТИНЕ\nМилорад Ђукић", "sr"))
    heading = "BOSNA I HERCEGOVINA\nFEDERACIJA BOSNE I HERCEGOVINE\nOPĆINA FOJNICA\n"
    assert not any("HERCEGOVINA FEDERACIJA" in n.upper() for n in _with_places(heading))


def test_municipalities_of_a_canton_are_not_a_municipality() -> None:
    found = _with_places("Projekat se provodi u dvije općine Kantona Sarajevo i u tri općine Zeničko-dobojskog "
                         "kantona.")
    assert not any(n.startswith("Općina") and "kanton" in n.lower() for n in found)
    assert "Općina Vogošća" in _with_places("Ugovor je potpisala Općina Vogošća.")


def test_events_are_not_bodies() -> None:
    assert names("- Završna konferencija: planirana za 20. mart 2025. godine\n") == []
    assert names("Konferencija za potencijalne investitore planirana je za 15. oktobar 2024. godine.", "sr") == []
    assert "Stalna konferencija gradova i opština" in names("Predstavnici Stalne konferencije gradova i opština "
                                                             "su govorili.", "sr")


def test_a_projects_acronym_names_no_body() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    text = ("Naziv projekta: „Čista energija za škole Vareša“ (CESV)\nDonator: Evropska unija\n"
            "Nosilac: Općina Vareš\n\nCESV će obnoviti tri škole.")
    found = extract(Document(text=text, name="x.txt"))
    assert [p.acronym for p in found.projects] == ["CESV"]
    assert [o.name for o in found.organisations] == ["Evropska unija", "Općina Vareš"]
    assert [o.name for o in found.funders] == ["Evropska unija"]


def test_a_projects_acronym_with_a_narrowing_word_names_no_body_either() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    text = ('The Embassy of Switzerland today launched "Skills for Jobs – Western Serbia" (S4J West), a three-year '
            "project funded by the Swiss Agency for Development and Cooperation. S4J will train 600 young people.")
    found = extract(Document(text=text, name="x.txt"))
    assert [(p.name, p.acronym) for p in found.projects] == [("Skills for Jobs – Western Serbia", "S4J West")]
    assert "S4J" not in [o.name for o in found.organisations]


def test_a_hyphenated_adjective_opens_a_lower_case_head() -> None:
    assert "Investiciono-razvojni fond Crne Gore" in names(
        "Najavljeno je da će Investiciono-razvojni fond Crne Gore (IRF) otvoriti kreditnu liniju.", "sr")


def test_the_state_or_region_a_body_belongs_to_closes_its_name() -> None:
    assert _with_places("Kamion je nabavljen uz podršku Fonda za zaštitu okoliša Federacije BiH.") == [
        "Fond za zaštitu okoliša Federacije BiH"]
    assert names("Zahvalio je Ministarstvu za brigu o selu Republike Srbije.", "sr") == [
        "Ministarstvo za brigu o selu Republike Srbije"]


def test_a_bodys_portfolios_listed_after_za() -> None:
    assert names("Prijave prima Služba za privredu, finansije i lokalni ekonomski razvoj.") == [
        "Služba za privredu, finansije i lokalni ekonomski razvoj"]
    assert names("Agencija za razvoj, koja je osnovana 2005. godine, pomaže.") == ["Agencija za razvoj"]


def test_a_verb_after_the_name_is_not_part_of_it() -> None:
    assert names("Ministarstvo za brigu o selu objavilo je listu korisnika.", "sr") == ["Ministarstvo za brigu o selu"]
    assert "Kancelarija za javna ulaganja" in names("А Канцеларија за јавна улагања финансира санацију моста.", "sr")
    assert names("Ministarstvo privrede sprovodi program podsticaja.", "sr") == ["Ministarstvo privrede"]
    # a noun after `za` that ends like a verb stays: `za posao`, `za ljudska prava`
    assert "Udruženje za posao i poduzetništvo" in names("Udruženje za posao i poduzetništvo je partner.")
    rights = "Ministarstvo za ljudska prava i izbjeglice"
    assert names(rights + " je nadležno.") == [rights]


def test_a_bodys_whole_name_is_not_the_place_it_spells_without_diacritics() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    text = "The project is funded by Sida. Meetings were held in Šid and Përmet."
    found = extract(Document(text=text, name="x.txt"))
    assert "Sida" in [o.name for o in found.funders]
    assert [sp.surface for p in found.places if p.name == "Šid" for sp in p.spans] == ["Šid"]


def test_a_heading_in_capitals_and_a_file_type_are_not_bodies() -> None:
    text = "Prijave do 30. juna.\n\nIV. KONTAKT\nObrazac PP-1 (DOCX) preuzmite sa sajta UNDP-a.\nKRATKO\n"
    assert names(text) == ["UNDP"]


def test_the_fields_a_body_works_in_after_u() -> None:
    text = "Prijave se podnose Agenciji za plaćanja u poljoprivredi, ribarstvu i ruralnom razvoju do 30. lipnja."
    assert names(text, "hr") == ["Agencija za plaćanja u poljoprivredi, ribarstvu i ruralnom razvoju"]
    # `u` before a single word is where or how, not a field
    assert names("Agencija za razvoj u saradnji sa Općinom Kakanj radi.") == ["Agencija za razvoj", "Općina Kakanj"]


def test_kindergartens_and_administrative_departments() -> None:
    text = ("Nazočile su pročelnica Upravnog odjela za prosvjetu, kulturu i sport Varaždinske županije Snježana "
            "Đurković te ravnateljica Dječjeg vrtića „Radost” Ludbreg Vesna Hrženjak.")
    assert names(text, "hr") == ["Upravni odjel za prosvjetu, kulturu i sport Varaždinske županije",
                                 "Dječji vrtić „Radost” Ludbreg"]
    # a department named by its head alone is a part of the body after it, not a body of its own
    assert names("Izjavila je šefica Odjela za saradnju Delegacije Evropske unije.") == ["Delegacija Evropske unije"]


def test_a_given_name_after_a_body_is_its_head_not_part_of_its_name() -> None:
    assert names("Zahvalan sam direktorki Kancelarije Vesni Stević, koja je obišla teren.", "sr") == []
    assert names("Prijave se predaju Službi za privredu kod Dine Softić.") == ["Služba za privredu"]
    # a school is named after a person in the genitive
    assert "Osnovna škola Dragutina Domjanića" in names("Obnovljena je Osnovna škola Dragutina Domjanića.", "hr")


def test_local_action_groups_and_menu_columns() -> None:
    text = "Lokalna akcijska grupa „Zagorje-Sutla” objavljuje natječaj."
    assert names(text, "hr") == ["Lokalna akcijska grupa „Zagorje-Sutla”"]
    assert names("Radna grupa je održala sastanak.") == []
    # a run of spaces parts the columns of a menu: `Skupština LAG-a     Sljedeća: ...`
    assert names("« Prethodna: Redovna Skupština Udruge     Sljedeća: Rezultati", "hr") == ["Redovna Skupština Udruge"]


def test_the_federation_named_alone_is_the_entity_not_a_body() -> None:
    assert names("Općina Foča-Ustikolina jedna je od najmanjih u Federaciji BiH.") == ["Općina Foča-Ustikolina"]
    assert "Vlada Federacije BiH" in names("Projekat finansira Vlada Federacije BiH.")


def test_a_family_farm_or_craft_is_named_after_its_holder() -> None:
    text = "1. OPG Pleše Marko, Sunger – sjemenski krumpir\n2. OPG Kauzlarić Ivana, Lič – sir"
    assert names(text, "hr") == ["OPG Pleše Marko", "OPG Kauzlarić Ivana"]
    assert names("Potporu su dobili OPG-ovi s područja grada.", "hr") == []


def test_a_name_ends_where_a_scraped_page_glued_two_words() -> None:
    assert names("Program Vijeća EvropeAkademiju za lidere pohađali su načelnici.") == ["Vijeće Evrope"]
    # names written with inner capitals are left whole
    assert names("Udruženje LiNK je partner.") == ["Udruženje LiNK"]


def test_a_company_named_by_an_adjective_and_a_noun_before_its_legal_form() -> None:
    assert names("Radove izvodi Triljski vodovod d.o.o. iz Trilja.", "hr") == ["Triljski vodovod d.o.o."]
    assert names("Radove izvodi lokalni vodovod d.o.o.", "hr") == []


def test_joined_acronyms_and_a_legal_form_before_a_quoted_name() -> None:
    assert names("Pomoć pruža HAMAG-BICRO kroz jamstva.", "hr") == ["HAMAG-BICRO"]
    assert names("Upravljanje preuzima DOO „Vodovod i kanalizacija“ Tuzi.", "sr") == [
        "DOO „Vodovod i kanalizacija“ Tuzi"]
    assert names("Sredstva UNDP-a su stigla.") == ["UNDP"]


def test_a_trade_named_after_its_description() -> None:
    assert names("Obrt za proizvodnju sira „Sirana Cvilin“ dobio je 8.000 KM.") == [
        "Obrt za proizvodnju sira „Sirana Cvilin“"]
    assert names("Obrt za proizvodnju je dobio sredstva.") == []


def test_present_tense_verbs_of_money_end_a_name() -> None:
    assert names("Od tog iznosa Evropska unija izdvaja dva miliona eura.") == ["Evropska unija"]
    assert names("Корисници су дужни да Секретаријату доставе извештај о утрошку средстава.", "sr") == []


def test_a_sites_menu_names_no_body() -> None:
    assert names("Home | News Centre | About the Centre\nUNDP je partner.") == ["UNDP"]


def test_english_municipalities_listed_with_their_names_in_both_languages() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    text = "The municipalities of Novo Brdo/Novobërdë, Ranilug/Ranillug and Kllokot/Klokot signed an agreement."
    assert [o.name for o in extract(Document(text=text, name="x.txt")).organisations] == [
        "Municipality of Novo Brdo", "Municipality of Ranilug", "Municipality of Klokot"]


def _pattern_bounds(text: str) -> tuple[list[int], list[int]]:
    found = list(organisations._TOKEN.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcčćđšžABČĆĐŠŽ019ЉљЖж.-_ ,;:()„“”\"«»/\n\t\u00a0中😀", min_size=1, max_size=80),
       st.integers(min_value=1, max_value=12))
def test_token_bounds_of_a_page_are_the_token_patterns(piece: str, times: int) -> None:
    # a page's tokens are read from its code points at once (from a byte each when it is ASCII); they are where
    # `_TOKEN` finds its tokens
    text = (piece * (256 // len(piece) + times))[: 256 + 7 * times]
    ascii_text = text.encode("ascii", "replace").decode()
    assert organisations._token_bounds(text) == _pattern_bounds(text)
    assert organisations._token_bounds(ascii_text) == _pattern_bounds(ascii_text)


_ORG_PIECES = ["Federalno ministarstvo", "razvoja", "poduzetništva", "i", "obrta", "Općina", "općine", "Tešanj",
               "Agencija za", "plaćanja u poljoprivredi", "ribarstvu", "Udruženje", "„Žene ženama“", "Fond za",
               "zaštitu okoliša", "Federacije BiH", "Osnovna škola", "Dragutina Domjanića", "grad", "Grad", "Mostar",
               "Kantona Sarajevo", "je", "potpisao", "ugovor", "sa", "Ministarstvom", "za brigu o selu", "Zavod",
               "Tuzlanskog kantona", "Kancelarija", "Ujedinjenih nacija", "Centar za socijalni rad", "u",
               "Sarajevu", "Regionalna razvojna agencija", "Vijeća EvropeAkademiju", "Marko Perić", "„Sirana“",
               "Turistička organizacija", "Bosne i Hercegovine", "d.o.o.", "Univerzitet u Tuzli", "2021.", "-",
               # words long enough to reach past a window's end
               "www.fond-za-zastitu-okolisa-i-energetsku-ucinkovitost.gov.ba/programi/javni-poziv-2024/prijave",
               "Ministarstvo" * 20, "Razvojna" * 30]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ORG_PIECES), st.sampled_from([" ", " ", ", ", ". ", "\n", " (", "  "])),
                min_size=1, max_size=60))
def test_windows_made_near_the_head_find_what_whole_windows_find(pieces: list[tuple[str, str]]) -> None:
    # `_open_bcs` makes a window's tokens near its head only, and reads the head again with the whole window when
    # `_at_head` reads further: with every token made at once, or hardly any at first (read again for nearly every
    # head), it finds the same
    doc = analyse("".join(p + sep for p, sep in pieces))
    places_idx = {sp.start: p for p in reversed(find_places(doc, load_gazetteer(), "bs")) for sp in p.spans}
    args = (doc.latin, doc.latin_lower, doc.latin_offsets, places_idx)
    with patch.object(organisations, "_NEAR_BEFORE", 10_000), patch.object(organisations, "_NEAR_AFTER", 10_000):
        plain = organisations._open_bcs(*args)
    for before, after in ((6, 8), (0, 0), (1, 2), (3, 0), (0, 4)):
        with patch.object(organisations, "_NEAR_BEFORE", before), patch.object(organisations, "_NEAR_AFTER", after):
            assert organisations._open_bcs(*args) == plain


def test_a_word_of_a_cyrillic_headline_in_capitals_is_not_an_acronym() -> None:
    # `Њ` in capitals becomes `Nj` in the Latin view, which must still read as a word in capitals
    text = "БАЊА ЛУКА, 5. 11. 2020. – Министарство привреде Републике Српске потписало је уговор."
    assert "LUKA" not in names(text, "sr")


def test_a_heading_numbered_without_a_dot_is_not_an_acronym() -> None:
    for heading in ("I ПРЕДМЕТ", "II PREDMET", "IV. PREDMET"):
        assert "PREDMET" not in names(f"JAVNI POZIV\n\n{heading}\nPredmet poziva je dodjela sredstava.\n", "sr")


def test_a_capitalised_genitive_adjective_keeps_its_noun_after_any_head() -> None:
    assert names("Lokalna akcijska grupa Gorskog kotara objavila je natječaj.", "hr") == [
        "Lokalna akcijska grupa Gorskog kotara"]


def test_an_english_body_named_after_a_village_in_it_is_the_body_alone() -> None:
    text = ("Residents of the village of Dlabočica in Kriva Palanka Municipality and of Ginovci in the Municipality "
            "of Rankovce now have running water.")
    found = names(text, "en")
    assert "Kriva Palanka Municipality" in found and "Municipality of Rankovce" in found
    assert not any(" in " in n for n in found)


def test_an_english_programme_of_a_ministry_names_the_ministry() -> None:
    text = ("The Bureau for Regional Development allocated 20.9 million denars from the 2024 Programme for Balanced "
            "Regional Development of the Ministry of Local Self-Government.")
    found = names(text, "en")
    assert "Bureau for Regional Development" in found and "Ministry of Local Self-Government" in found
    assert not any(n.startswith("Programme") for n in found)


def test_an_acronym_after_the_last_and_is_a_body_of_its_own() -> None:
    found = names("The Centre for Development of the Northeast Planning Region and ZELS signed it.", "en")
    assert "Centre for Development of the Northeast Planning Region" in found


def test_a_ministers_ministry_cut_at_a_comma_is_the_full_ministry_the_text_names() -> None:
    text = ("Ugovor je potpisan s ministricom rada, mirovinskoga sustava, obitelji i socijalne politike.\n"
            "Posredničko tijelo razine 1: Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike\n")
    assert names(text, "hr") == ["Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike"]
