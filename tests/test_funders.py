"""Funders: cue phrases near the organisation, in the right direction."""

from hypothesis import given
from hypothesis import strategies as st

from devatlas.understand.funders import find_funders
from devatlas.understand.organisations import find_organisations


def funders(text: str, language: str = "bs") -> list[str]:
    return [o.name for o in find_funders(text, find_organisations(text, [], language), language)]


def test_passive_cue_before_the_funder() -> None:
    assert funders("Projekat je finansiran sredstvima Evropske unije.") == ["Evropska unija"]
    assert funders("Skup je organizovan uz podršku USAID-a.") == ["USAID"]
    assert funders("The project is funded by the European Union.", "en") == ["European Union"]


def test_active_cue_after_the_funder() -> None:
    assert funders("Vlada Švajcarske je obezbijedila sredstva za projekat.") == ["Vlada Švajcarske"]
    assert funders("Влада Јапана финансира пројекте.", "sr") == ["Vlada Japana"]


def test_implementing_is_not_funding() -> None:
    text = "Projekat finansira Evropska unija, a provodi Razvojni program Ujedinjenih nacija (UNDP)."
    assert funders(text) == ["Evropska unija"]


def test_beneficiaries_of_a_grant_are_not_funders() -> None:
    text = "Ministarstvo je grant sredstvima podržalo projekte Opštine Lopare i Grada Doboja."
    assert "Opština Lopare" not in funders(text, "sr")


def test_list_of_donors() -> None:
    text = "Projekt su financirali donatori, uključujući Švedsku razvojnu agenciju, EBRD i Europsku uniju."
    assert set(funders(text, "hr")) >= {"EBRD", "Europska unija"}


def test_donor_label() -> None:
    assert funders("Donor: German Government\n\nBudget: 2 million EUR", "en") == ["German Government"]


def test_no_cue_no_funder() -> None:
    assert funders("Predstavnici Evropske unije posjetili su Sarajevo.") == []


def test_bare_head_as_subject_of_a_funding_verb() -> None:
    text = "Ugovor je potpisalo Ministarstvo finansija. Ministarstvo je grant sredstvima podržalo projekte."
    assert funders(text) == ["Ministarstvo finansija"]


def test_verb_before_subject() -> None:
    text = "Sredstva je obezbijedila Vlada Kantona Sarajevo, a radove izvodi firma „Asfalt“ d.o.o."
    assert funders(text) == ["Vlada Kantona Sarajevo"]


def test_english_co_financing_subjects() -> None:
    text = "The Swiss Agency for Development and Cooperation (SDC) and the Government of Sweden co-finance it."
    assert set(funders(text, "en")) == {"Swiss Agency for Development and Cooperation", "Government of Sweden"}


def test_passive_english_participle_is_not_a_subject_cue() -> None:
    text = "The Regional Development Agency NERDA signed the agreement funded by the Government of Japan."
    assert funders(text, "en") == ["Government of Japan"]


def test_participle_then_auxiliary_and_donation_from() -> None:
    assert funders("Средства је обезбедила Влада Републике Србије.", "sr") == ["Vlada Republike Srbije"]
    assert funders("Dom zdravlja Zvornik dobio je donaciju od UNICEF-a.") == ["UNICEF"]


def test_english_bare_head_refers_to_the_named_body() -> None:
    text = ("The agreement was signed by the Municipality of Bujanovac. The project is worth 92,500 EUR, "
            "out of which the Municipality is co-financing 13,850 EUR.")
    assert funders(text, "en") == ["Municipality of Bujanovac"]


def test_a_funders_channel_funds_too_and_the_list_goes_on() -> None:
    text = ("Program finansira Vlada Kraljevine Norveške putem Norveške agencije za razvojnu saradnju (NORAD) "
            "i Ministarstvo privrede, a provodi ga Razvojna agencija.")
    found = funders(text)
    assert "Vlada Kraljevine Norveške" in found
    assert any(n.startswith("Norveška agencija") for n in found)
    assert any(n.startswith("Ministarstvo privrede") for n in found)
    assert not any(n.startswith("Razvojna agencija") for n in found)


def test_an_instrument_between_funders_does_not_close_the_list() -> None:
    text = "Izgradnju finansiraju Svjetska banka kreditom od tri miliona eura i Vlada Tuzlanskog kantona."
    assert {"Svjetska banka", "Vlada Tuzlanskog kantona"} <= set(funders(text))


def test_labels_clitics_and_cyrillic_lists() -> None:
    assert {"Općina Tešanj", "Općina Maglaj"} <= set(funders("Sufinansiranje: Općina Tešanj, Općina Maglaj"))
    cyr = "Пројекат суфинансирају га општине Рогатица и Вишеград и Министарство финансија."
    assert {"Opština Rogatica", "Opština Višegrad"} <= set(funders(cyr, "sr"))
    assert "Svjetska banka" in funders("Obnovu je Svjetska banka podržala kreditom od 50 miliona USD.")
    # `učestvovali službenici` is not `učestvovali s`
    assert funders("U obuci su učestvovali službenici Općine Tešanj.") == []


def test_subject_after_the_verb() -> None:
    assert "Ministarstvo privrede" in funders("Investiciju je podržalo Ministarstvo privrede sa 20 miliona.", "sr")
    assert "Općina Tešanj" in funders("Projekat finansira UNDP sa 50.000 KM, dok ostatak obezbjeđuje Općina Tešanj.")
    assert "Vlada Kraljevine Norveške" in funders("Kroz fond koji podržava Vlada Kraljevine Norveške.")


def test_object_relative_clause_does_not_make_the_earlier_body_a_funder() -> None:
    text = "Obuku je organizovalo Udruženje „Sunce“ u okviru projekta „Znanje“, koji finansira Evropska unija."
    assert funders(text) == ["Evropska unija"]
    subject = "Zahvaljujući Vladi Kraljevine Norveške, koja je obezbijedila sredstva, radovi su završeni."
    assert "Vlada Kraljevine Norveške" in funders(subject)


def test_english_loans_and_channels() -> None:
    assert funders("The European Bank for Reconstruction and Development is lending EUR 5 million.", "en") == [
        "European Bank for Reconstruction and Development"]
    assert "Sida" in funders("Funded by Sweden through Sida, the project helped farms.", "en")


def test_a_state_body_signing_contracts_with_local_governments_funds_them() -> None:
    text = ("U Mostaru su danas potpisani ugovori između Federalnog ministarstva okoliša i turizma i "
            "dvanaest općina o izgradnji vodovoda.")
    assert "Federalno ministarstvo okoliša i turizma" in funders(text)
    cyrillic = ("Министарство привреде потписало је уговоре са представницима седам општина о изградњи "
                "индустријских зона.")
    assert "Ministarstvo privrede" in funders(cyrillic, "sr")


def test_a_municipality_signing_a_contract_is_not_made_a_funder_by_it() -> None:
    text = "Općina Kakanj potpisala je ugovor s općinom Vareš o zajedničkoj deponiji."
    assert funders(text) == []
    memo = "Ministarstvo pravde potpisalo je memorandum o razumijevanju sa udruženjem sudija."
    assert funders(memo) == []


def test_co_funders_of_a_clause_without_its_verb() -> None:
    text = ("Od ukupne vrijednosti Opština Bar će učestvovati sa 20.000 eura, a Opštine Ulcinj i Budva sa po "
            "10.000 eura.")
    assert set(funders(text, "sr")) == {"Opština Bar", "Opština Ulcinj", "Opština Budva"}
    unrelated = "Opština Bar će učestvovati sa 20.000 eura, a Opština Ulcinj organizuje obuke."
    assert funders(unrelated, "sr") == ["Opština Bar"]


def test_each_clause_of_an_elliptic_list_of_contributions() -> None:
    # the verb is said once; every later clause names a body and its amount
    text = ("Grad Zenica za prvu fazu izdvaja 250.000 KM, Općina Kakanj 120.000 KM, a Općina Vareš "
            "80.000 KM.")
    assert set(funders(text)) == {"Grad Zenica", "Općina Kakanj", "Općina Vareš"}
    cyrillic = "Општина Лозница издваја 2.000.000 динара, Град Шабац 3,1 милиона динара, а општина Коцељева 900.000."
    assert set(funders(cyrillic, "sr")) == {"Opština Loznica", "Grad Šabac", "Opština Koceljeva"}


def test_a_body_and_an_amount_without_a_funding_verb_is_not_a_contribution() -> None:
    text = "Opština Kakanj ima 38.000 stanovnika, a Općina Vareš 8.000."
    assert funders(text) == []


def test_the_money_before_its_giver() -> None:
    assert funders("Sredstva programa osigurava Europska unija.", "hr") == ["Europska unija"]
    assert funders("Natječaj se financira iz Europskog socijalnog fonda.", "hr") == ["Europski socijalni fond"]
    assert funders("Centar je otvoren uz sufinansiranje Opštine Berane.", "sr") == ["Opština Berane"]
    assert funders("Opštine Pljevlja i Žabljak u projekat ulažu po 20.000 eura.", "sr") == [
        "Opština Pljevlja", "Opština Žabljak"]


def test_a_labels_items_parted_by_semicolons() -> None:
    text = "Sufinansiranje: Ministarstvo privrede Republike Srbije; opština Svilajnac; opština Despotovac\n"
    assert set(funders(text, "sr")) == {"Ministarstvo privrede Republike Srbije", "Opština Svilajnac",
                                        "Opština Despotovac"}


def test_providing_something_other_than_money_is_not_funding() -> None:
    text = "Zavod za zapošljavanje Crne Gore obezbijediće obuke za 40 nezaposlenih žena."
    assert funders(text, "sr") == []
    assert funders("Vlada Crne Gore obezbijedila je 200.000 eura za obuke.", "sr") == ["Vlada Crne Gore"]


def test_the_instrument_between_the_cue_and_its_giver() -> None:
    assert funders("Program se finansira iz kredita Svjetske banke.", "sr") == ["Svjetska banka"]
    assert funders("Dio sredstava za grantove obezbjeđuje Evropska unija.", "sr") == ["Evropska unija"]


def test_the_fund_a_funder_pays_from() -> None:
    assert funders("Projekt je sufinancirala Europska unija iz Europskog socijalnog fonda.", "hr") == [
        "Europska unija", "Europski socijalni fond"]


def test_a_fact_sheets_line_of_contribution() -> None:
    text = "Učešće donatora: 780.000 KM\nUčešće Fonda za zaštitu okoliša Federacije BiH: 300.000 KM\n"
    assert funders(text) == ["Fond za zaštitu okoliša Federacije BiH"]
    assert funders("Učešće Fonda za zaštitu okoliša na sajmu bilo je zapaženo.") == []  # no amount: not money


def test_the_municipality_named_by_the_word_alone() -> None:
    # a text that names one municipality as a body: `Općina` alone is that body
    text = ("Projekat finansira EU. Ostatak od 67 tisuća KM osigurava Općina iz vlastitog proračuna. "
            "Općina Ravno zahvaljuje.")
    assert funders(text, "hr") == ["EU", "Općina Ravno"]
    assert funders("Korisnik: Opština Doljevac\nSufinansiranje opštine: 62.490 evra", "sr") == ["Opština Doljevac"]
    # two municipalities: the word alone names neither
    two = "Ostatak osigurava Općina iz vlastitog proračuna. Općina Ravno i Općina Neum su partneri."
    assert funders(two, "hr") == []


def test_a_body_paying_from_its_own_budget() -> None:
    assert funders("Opština Plav iz budžeta pokriva troškove kamate.", "sr") == ["Opština Plav"]


def test_a_county_that_funds_is_a_body() -> None:
    from devatlas.gazetteer import load_gazetteer
    from devatlas.model import Document
    from devatlas.understand import extract

    found = extract(Document("Obnovu vrtića sufinancirala je i Varaždinska županija s 300.000 kn."), load_gazetteer())
    assert [o.name for o in found.funders] == ["Varaždinska županija"]
    assert "Varaždinska županija" in [o.name for o in found.organisations]
    # a county that is only where the work happens is a place, not a body
    there = extract(Document("Projekt se provodi u Karlovačkoj županiji uz potporu Europske unije."), load_gazetteer())
    assert [o.name for o in there.organisations] == ["Europska unija"]


def test_a_verb_after_a_clause_break_has_its_own_subject() -> None:
    text = ("Deo sredstava obezbedila je Kancelarija za javna ulaganja Vlade Republike Srbije, dok preostalih "
            "2,5 miliona dinara sufinansira Opština Žagubica.")
    assert funders(text, "sr") == ["Kancelarija za javna ulaganja", "Opština Žagubica"]
    # `finansira se iz kredita X`: the reflexive passive names its funder after `se`
    assert funders("Projekat finansira se iz kredita Svjetske banke.", "sr") == ["Svjetska banka"]


def test_money_received_from_a_body_and_an_approved_grant() -> None:
    text = "Grad je za obnovu vrtića dobio 2.350.000,00 kn iz Fonda za zaštitu okoliša i energetsku učinkovitost."
    assert funders(text, "hr") == ["Fond za zaštitu okoliša i energetsku učinkovitost"]
    assert funders("Vlada Japana je kroz program grant pomoći odobrila 89.000 eura.") == ["Vlada Japana"]
    # approving without money is not funding
    assert funders("Općinsko vijeće Općine Kakanj je odobrilo plan rada.") == []


def test_the_subject_before_a_channel_and_the_channel_both_fund() -> None:
    text = "Vlada Federacije BiH je putem Federalnog ministarstva razvoja, poduzetništva i obrta odobrila sredstva."
    assert funders(text) == ["Vlada Federacije BiH", "Federalno ministarstvo razvoja, poduzetništva i obrta"]
    text = "Projekat finansira Vlada Švajcarske posredstvom Švajcarske agencije za razvoj i saradnju (SDC)."
    assert funders(text, "sr") == ["Vlada Švajcarske", "Švajcarska agencija za razvoj i saradnju"]


def test_english_amounts_given_and_received() -> None:
    text = "The works are funded by a grant of EUR 2.6 million from the European Union."
    assert "European Union" in funders(text, "en")
    text = "SDC provides MKD 18.5 million. The Ministry of Agriculture will add up to MKD 150,000 per farm."
    assert funders(text, "en") == ["SDC", "Ministry of Agriculture"]
    assert funders("The Ministry of Agriculture provides support to farmers.", "en") == []


def test_a_kingdom_or_confederation_is_its_government() -> None:
    found = find_organisations("Projekat finansira Kraljevina Norveška sa 520.000 eura.", [], "sr")
    assert [o.register_id for o in found] == ["norway-government"]
    assert funders("Projekat finansira Kraljevina Norveška sa 520.000 eura.", "sr") == ["Kraljevina Norveška"]


@given(st.lists(st.sampled_from([*"općinaštčeuOPĆ -.,1\n", "općin", "opštin", "opčin", "општин", "potpisan", "signed",
                                 "signing", "zakljucen", "sklopljen", "xsigned", "_općina"]), max_size=20).map("".join))
def test_word_patterns_read_from_first_letters_find_what_the_boundary_patterns_find(text: str) -> None:
    import re

    from devatlas.understand.funders import _BARE_MUNICIPALITY, _SIGNED

    bare = re.compile(r"(?<!\w)(?:općin|opštin|opčin|општин)(?:a|e|i|u|om|а|е|и|у|ом)(?!\w)")
    signed = re.compile(r"\b(?:potpis\w*|signed|signs|signing|zakljuc\w*|sklopljen\w*)")
    assert [m.span() for m in _BARE_MUNICIPALITY.finditer(text)] == [m.span() for m in bare.finditer(text)]
    got, want = _SIGNED.search(text), signed.search(text)
    assert (got and got.span()) == (want and want.span())


def test_whoever_pays_through_a_funding_agency_funds_too() -> None:
    text = ("The Government of Sweden, through the Swedish International Development Cooperation Agency (Sida), and "
            "the United Nations Development Programme (UNDP) today handed over new equipment to the municipalities. "
            "The equipment was funded by Sida.")
    found = funders(text, "en")
    assert "Government of Sweden" in found and "Swedish International Development Cooperation Agency" in found


def test_a_body_that_receives_from_a_fund_is_not_its_funder() -> None:
    text = ("Fond za zaštitu okoliša i energetsku učinkovitost financira projekt, a Grad Knin iz Fonda za zaštitu "
            "okoliša i energetsku učinkovitost dobiva 2 milijuna kuna.")
    assert funders(text, "hr") == ["Fond za zaštitu okoliša i energetsku učinkovitost"]


def test_a_lender_named_after_its_loan_funds_the_work() -> None:
    text = "Obnova se financira iz državnog proračuna, a dio troškova pokrit će se zajmom Razvojne banke Vijeća Europe."
    assert "Razvojna banka Vijeća Europe" in funders(text, "hr")


def test_money_provided_from_a_fund_names_its_funder() -> None:
    text = ("Ukupna vrijednost iznosi 42 milijuna kuna, od čega je 85 posto osigurano iz Europskog fonda za "
            "regionalni razvoj.")
    assert funders(text, "hr") == ["Europski fond za regionalni razvoj"]


def test_the_recipients_may_stand_between_provided_and_its_giver() -> None:
    text = ("The project complements a USD 750,000 grant for equipment provided to municipalities in the region by "
            "the Government of Japan in 2023.")
    assert funders(text, "en") == ["Government of Japan"]


def test_the_office_for_croats_abroad_takes_part_with_an_amount() -> None:
    text = ("Vlada Federacije odobrila je 350 tisuća KM, a Središnji državni ured za Hrvate izvan Republike Hrvatske "
            "sudjeluje sa 100.000 KM.")
    assert "Središnji državni ured za Hrvate izvan Republike Hrvatske" in funders(text, "hr")
