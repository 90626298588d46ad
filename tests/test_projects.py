"""Projects and programmes: quoted and unquoted titles, acronyms, nominative heads, and what is not a project."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devatlas.model import Organisation, Span
from devatlas.understand.projects import find_projects


def _names(text: str, language: str = "bs", orgs: list[Organisation] | None = None) -> list[str]:
    return [p.name for p in find_projects(text, orgs or [], language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Vlada je obezbijedila sredstva za realizaciju projekta “Dijaspora za razvoj”, a općine ...", "bs",
         "Dijaspora za razvoj"),
        ("Općina je uključena u projekat „Stare pruge za novu suradnju i iskustvo“.", "bs",
         "Stare pruge za novu suradnju i iskustvo"),
        ("potpisao je ugovor za projekt pod nazivom ''Izrada prilaznog puta i parkinga''.", "hr",
         "Izrada prilaznog puta i parkinga"),
        ("Општина у оквиру пројекта „Подршка успостављању система планирања“ ради на плану.", "sr",
         "Podrška uspostavljanju sistema planiranja"),
        ("The project team presented the latest project “EU for Municipalities” in Shkodra.", "en",
         "EU for Municipalities"),
        ("the EU financed solar panels within the “We can” project in Pljevlja.", "en", "We can"),
        ("za odabrani projekat Rekonstrukcije lokalnog puta Sapna - Vitinica. Radi se o ...", "bs",
         "Rekonstrukcije lokalnog puta Sapna - Vitinica"),
        ("Projekt Diaspora Invest, koji je pokrenut s ciljem podsticaja razvoja.", "bs", "Diaspora Invest"),
        ("Aktivnosti projekta LINK za saradnju osmišljene su kako bi ojačale civilno društvo.", "hr",
         "LINK za saradnju"),
        ("Radi se o realizaciji Programa finansiranja projekata u nerazvijenim općinama.", "bs",
         "Program finansiranja projekata u nerazvijenim općinama"),
        ("riječ je o Programu za poboljšanje infrastrukture na područjima manjina Ministarstva regionalnog razvoja.",
         "hr", "Program za poboljšanje infrastrukture na područjima manjina"),
        ("funded by the European Union through IPA Programme.", "en", "IPA Programme"),
        ("through the Cross-border Cooperation Program Serbia-Montenegro 2014-2020.", "en",
         "Cross-border Cooperation Program Serbia-Montenegro 2014-2020"),
        ("odobren je u sklopu programa prekogranične suradnje Bosne i Hercegovine i Republike Srbije.", "bs",
         "Program prekogranične suradnje Bosne i Hercegovine i Republike Srbije"),
    ],
)
def test_titles(text: str, language: str, expected: str) -> None:
    assert expected in _names(text, language)


def test_acronym_in_parentheses_joins_the_title() -> None:
    text = ("potpisan je protokol o saradnji na realizaciji Projekta integralnog lokalnog razvoja (ILDP). "
            "ILDP je počeo 2017. godine.")
    (p,) = find_projects(text, [], "sr")
    assert p.name == "Projekat integralnog lokalnog razvoja"
    assert p.acronym == "ILDP"


def test_declined_adjective_and_head_go_back_to_nominative() -> None:
    text = ("odabran je za učešće u Regionalnom programu lokalne demokratije na Zapadnom Balkanu 2 (ReLOaD2). "
            "Opštine učestvuju u programu ReLOaD2, u okviru ReLOaD 2 programa.")
    (p,) = find_projects(text, [], "sr")
    assert p.name == "Regionalni program lokalne demokratije na Zapadnom Balkanu 2"
    assert p.acronym == "ReLOaD2"
    assert len(p.spans) == 3


def test_plural_head_in_a_title() -> None:
    text = "Vlada Japana je, kroz Projekte za osnovne potrebe stanovništva (POPOS), donirala više od 16 miliona evra."
    (p,) = find_projects(text, [], "sr")
    assert (p.name, p.acronym) == ("Projekti za osnovne potrebe stanovništva", "POPOS")


def test_english_acronym_title_with_subtitle_and_later_mentions() -> None:
    text = ("Within the project LEP Krajina – Improving the labour market and increasing employment in Northern "
            "Krajina, partners signed the agreement. The LEP Krajina project continues the LEP I project. "
            "It is one of 20 partnerships under the project “European Union Support for Local Employment "
            "Partnerships – Phase II” (LEP II). More about the project LEP II on the web.")
    projects = find_projects(text, [], "en")
    by_acr = {p.acronym: p for p in projects}
    assert by_acr["LEP Krajina"].name.startswith("LEP Krajina – Improving the labour market")
    assert by_acr["LEP II"].name == "European Union Support for Local Employment Partnerships – Phase II"
    assert "LEP I" in [p.name for p in projects]
    assert len(projects) == 3


def test_acronym_before_project_word_links_the_title_after_the_dash() -> None:
    text = "potpisano je pismo saradnje na implementaciji novog MEG projekta - Projekat okolišnog i privrednog razvoja."
    (p,) = find_projects(text, [], "bs")
    assert (p.name, p.acronym) == ("Projekat okolišnog i privrednog razvoja", "MEG")


def test_same_title_in_two_spellings_is_one_project() -> None:
    text = ("Projekat „Stare pruge za novu saradnju i iskustvo“ odobren je. "
            "Projekat „Stare pruge za novu suradnju i iskustvo” traje dvije godine.")
    assert len(find_projects(text, [], "bs")) == 1


def test_cyrillic_title_and_its_latin_form_are_one_project() -> None:
    text = ('Potpisan sporazum za primenu projekta "Znanjem do posla".\n'
            "Потписан споразум за примену пројекта Знањем до посла\n")
    (p,) = find_projects(text, [], "sr")
    assert p.name == "Znanjem do posla"


@pytest.mark.parametrize(
    "text",
    [
        "Projekat je početno planiran za trajanje od četiri godine.",
        "Ovaj projekat će doprinijeti razvoju. The project envisages trainings.",
        "Odobreni su infrastrukturni projekti u pet općina.",
        "rukovodstvo je potpisalo sa predstavnicima Razvojnog programa Ujedinjenih nacija-UNDP-ija protokol.",
        "kroz treći projekat Beograd i Novi Sad olakšavaju pristup uslugama.",
        "okončan je jednogodišnji projekat CenTriR-a, grada Zrenjanina i opštine Pećinci.",
        "Ms. Masa Bubanj, South Serbia Programme Manager, signed the agreement.",
        "koordinator projekta Marko Marković rekao je da su rezultati dobri.",
        "Ministarstvo je potpisalo ugovor s Ministarstvom regionalnog razvoja i fondova EU projekta.",
        "sufinansiranje projekata NVO iz budžeta JLS.",
        "Spomenuta sredstva Programa usmjerena su na projekte lokalne infrastrukture.",
        "These are the first municipalities receiving resources from the European Funds for projects.",
        "",
    ],
)
def test_not_projects(text: str) -> None:
    assert _names(text, "en" if "The " in text or "Ms." in text or "These" in text else "bs") == []


def test_an_organisation_is_not_returned_as_a_project() -> None:
    text = "Podršku pruža Fond za zaštitu okoliša, a sredstva su odobrena."
    start = text.index("Fond")
    org = Organisation(name="Fond za zaštitu okoliša",
                       spans=(Span(start, start + len("Fond za zaštitu okoliša"), "Fond za zaštitu okoliša", "t"),))
    assert _names(text, "bs", [org]) == []


def test_spans_point_at_the_text() -> None:
    text = "U okviru projekta „Dijaspora za razvoj“ i projekta „Dijaspora za razvoj“ održana je obuka."
    (p,) = find_projects(text, [], "bs")
    assert len(p.spans) == 2
    for sp in p.spans:
        assert text[sp.start : sp.end] == sp.surface
        assert "Dijaspora za razvoj" in sp.surface


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc ABC projekat Program „“\"'()-–.,\n ILDP2")), max_size=300))
def test_any_text_is_handled(text: str) -> None:
    """Arbitrary text never raises, and every result has a name and spans inside the text."""
    for p in find_projects(text, [], "bs"):
        assert p.name
        for sp in p.spans:
            assert 0 <= sp.start <= sp.end <= len(text)


def test_deterministic() -> None:
    text = "u okviru projekta „A b c“, programa ReLOaD2 i Projekta integralnog lokalnog razvoja (ILDP)."
    assert find_projects(text, [], "sr") == find_projects(text, [], "sr")


def test_english_acronym_in_parentheses_before_the_project_word() -> None:
    text = "The Municipal Economic Development in the Danube Region (KWD) project, implemented by GIZ, ended."
    (p,) = find_projects(text, [], "en")
    assert (p.name, p.acronym) == ("Municipal Economic Development in the Danube Region", "KWD")


def test_donor_before_an_english_title_is_not_part_of_it() -> None:
    text = "It was supported by USAID Sustainable Local Development Project (SLDP) in 2014."
    (p,) = find_projects(text, [], "en")
    assert (p.name, p.acronym) == ("Sustainable Local Development Project", "SLDP")


def test_declined_instrument_goes_back_to_nominative() -> None:
    text = "finansiran je od strane Europske unije iz sredstava Instrumenata za predpristupnu pomoć (IPA) u iznosu."
    (p,) = find_projects(text, [], "bs")
    assert (p.name, p.acronym) == ("Instrument za predpristupnu pomoć", "IPA")


def test_two_coordinated_programme_names_are_not_one_title() -> None:
    text = "rezultate svojih prethodnika, razvojnih programa EU PROGRES-a i Evropskog PROGRES-a."
    assert _names(text, "sr") == ["EU PROGRES"]


def test_an_acronym_inside_a_quoted_title_joins_it() -> None:
    text = ("Obavijest o sprovedbi LOD projekta. Sastanak o saradnji sa projektom «Jačanje lokalne demokratije "
            "IV-LOD IV» koji sprovodi UNDP.")
    (p,) = find_projects(text, [], "bs")
    assert p.name == "Jačanje lokalne demokratije IV-LOD IV"


def test_project_word_inside_a_quoted_title() -> None:
    text = "Na programskoj konferenciji “IPA prekogranični program Hrvatska – Crna Gora” predstavljeni su projekti."
    assert _names(text, "hr") == ["IPA prekogranični program Hrvatska – Crna Gora"]


@pytest.mark.parametrize(
    "text",
    [
        "„Danas smo tu da potpišemo projekte za Livno, Kupres i MUP. Ukupno je 6 projekata“, kazao je ministar.",
        "„To je projekt zaštite nacionalnog spomenika u Otinovcima, radi se oko crkve“, objašnjava načelnik.",
        "“Municipalities should reflect their needs in project proposals and it is important”- said Fusco.",
    ],
)
def test_quoted_speech_is_not_a_title(text: str) -> None:
    assert _names(text, "en" if "Municipalities" in text else "bs") == []


def test_acronym_before_a_capitalised_programme_word_starts_the_title() -> None:
    text = "na sastancima Operativne strukture IPA Programa prekogranične saradnje Crna Gora – Kosovo 2014-2020, koji"
    assert _names(text, "sr") == ["IPA Program prekogranične saradnje Crna Gora – Kosovo 2014-2020"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Projektni sažetak\nNaziv projekta: Razvoj održivog turizma u dolini Neretve (ROTUN)\nDonator: EU",
         "Razvoj održivog turizma u dolini Neretve"),
        ("Naziv programa: „Čist okoliš – zdrava zajednica“\nIznos po projektu: do 15.000 KM",
         "Čist okoliš – zdrava zajednica"),
        ("U okviru akcije „Zelena Topola“ posađeno je 150 sadnica.", "Zelena Topola"),
        ("ugovore o dodjeli sredstava za tri projekta mehanizma integriranih teritorijalnih ulaganja (ITU).", "ITU"),
        ("Najveći projekt, „Obnova tvrđave Brod – faza III“, vrijedan je 31,5 milijuna kuna.",
         "Obnova tvrđave Brod – faza III"),
        ("provodi se u okviru Programa prekogranične suradnje Interreg IPA Hrvatska – Srbija 2014. – 2020. "
         "Vrijednost projekta je 1,1 milijun eura.",
         "Program prekogranične suradnje Interreg IPA Hrvatska – Srbija 2014. – 2020"),
    ],
)
def test_more_title_forms(text: str, expected: str) -> None:
    assert expected in _names(text, "bs")


@pytest.mark.parametrize(
    "text",
    [
        "Investicija je velika. Projekt finansiraju Evropska banka za obnovu i razvoj (EBRD) i kanton.",
        "Obnova je financirana iz Fonda solidarnosti Europske unije.",
        "osigurano je iz Europskog fonda za regionalni razvoj.",
        "Vrijednost radova je 4,35 milijuna kuna, od čega Fond sufinancira 60 posto.",
        "Partneri su Forum civilne akcije „FORCA“ Požega i općina.",
        "koju financiraju Europski poljoprivredni fond za ruralni razvoj (EPFRR) i država.",
    ],
)
def test_sources_and_sentences_are_not_projects(text: str) -> None:
    assert _names(text, "hr") == []


def test_an_organisation_named_by_a_project_word_does_not_hide_the_project() -> None:
    text = "Opštine sarađuju kroz Fond za međuopštinsku saradnju koji podržava Vlada Švajcarske."
    start = text.index("Fond")
    name = "Fond za međuopštinsku saradnju"
    org = Organisation(name=name, spans=(Span(start, start + len(name), name, "t"),))
    assert _names(text, "sr", [org]) == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Project Implementation Unit of the Ministry said the Project will start.", []),
        ("The LEP Krajina project partners met. Partners of the LEP Krajina project are many.", ["LEP Krajina"]),
        ("Општина Куманово го започна проектот „Зелен град“ финансиран од ЕУ.", ["Zelen grad"]),
    ],
)
def test_english_and_macedonian_edges(text: str, expected: list[str]) -> None:
    assert _names(text, "mk" if "Куманово" in text else "en") == expected


def _org(text: str, name: str) -> Organisation:
    start = text.index(name)
    return Organisation(name=name, spans=(Span(start, start + len(name), name, "t"),))


def test_a_quoted_project_title_survives_an_organisation_of_the_same_name() -> None:
    text = "Opština je pokrenula projekat „Inkubator za mlade preduzetnike“ (IMPB) uz podršku USAID-a."
    assert _names(text, "sr", [_org(text, "Inkubator za mlade preduzetnike")]) == ["Inkubator za mlade preduzetnike"]


def test_an_organisation_over_the_first_word_of_a_title_does_not_hide_it() -> None:
    text = "Aktivnosti projekta LINK za saradnju osmišljene su kako bi ojačale civilno društvo."
    assert _names(text, "bs", [_org(text, "LINK")]) == ["LINK za saradnju"]


def test_english_title_over_an_organisation_is_dropped() -> None:
    text = "Co-funding came from the Open Society Fund Bosnia and Herzegovina and the city."
    assert _names(text, "en", [_org(text, "Open Society Fund")]) == []
    assert _names(text, "en") == []


def test_fact_sheet_title_label_and_capital_heading() -> None:
    text = ("PROJECT FACT SHEET\n\nTitle: Local Governance and Economic Development in Bosnia and Herzegovina "
            "(LoGED)\nDonor: USAID\n")
    (p,) = find_projects(text, [], "en")
    assert (p.name, p.acronym) == ("Local Governance and Economic Development in Bosnia and Herzegovina", "LoGED")


def test_owner_after_project_word_and_naming_phrase() -> None:
    text = ("Volonteri su uključeni u projekat Crvenog krsta Tuzla. "
            "Opština je pokrenula projekat koji nosi naziv „Zeleni grad“.")
    assert _names(text, "bs", [_org(text, "Crvenog krsta Tuzla")]) == ["Zeleni grad"]


def test_quoted_name_of_a_body_is_not_a_project() -> None:
    assert _names("Partner je Udruženje „Fond za pomoć djeci“ iz Tuzle, a projekat je počeo.") == []


def test_a_quoted_title_and_its_acronym_before_the_project_word() -> None:
    text = 'The partners today launched the "Clean Rivers for Everyone" (CRE) programme in five municipalities.'
    found = [(p.name, p.acronym) for p in find_projects(text, [], "en")]
    assert found == [("Clean Rivers for Everyone", "CRE")]


def test_a_fund_named_after_its_country_is_no_project() -> None:
    from devatlas.understand.organisations import find_organisations

    text = "Najavljeno je da će Investiciono-razvojni fond Crne Gore (IRF) otvoriti kreditnu liniju."
    assert find_projects(text, find_organisations(text, [], "sr"), "sr") == []


def test_a_fund_named_again_or_owned_by_a_state_is_a_body_not_a_programme() -> None:
    from devatlas.understand.organisations import find_organisations

    def projects(text: str) -> list[str]:
        return [p.name for p in find_projects(text, find_organisations(text, [], "sr"), "sr")]

    text = ("Program sprovodi Ministarstvo u saradnji sa Fondom za razvoj Republike Srbije. "
            "Krediti Fonda za razvoj su povoljni.")
    assert projects(text) == []
    assert projects("Ugovor je potpisao direktor, koji je rekao da je Fond od početka godine plasirao kredite.") == []
    # a fund that is a programme keeps its name
    assert projects("Grantovi se dodjeljuju kroz Fond za lokalne inicijative.") == ["Fond za lokalne inicijative"]


def test_an_acronym_with_a_roman_number_before_the_project_word() -> None:
    assert [p.name for p in find_projects("Projekat je finansiran iz IPA III programa.", [], "bs")] == ["IPA III"]
    assert [p.name for p in find_projects("Sredstva su iz III programa.", [], "bs")] == []


def test_a_usaid_style_activity_is_a_project() -> None:
    found = find_projects("USAID's Local Business Competitiveness Activity (LBCA) helped her company.", [], "en")
    assert [(p.name, p.acronym) for p in found] == [("Local Business Competitiveness Activity", "LBCA")]
    text = "Economic activity in the region grew, and so did the Activity of the council."
    assert find_projects(text, [], "en") == []


@given(st.lists(st.sampled_from([*"ab -–AU1Жж_", "UNDP-a", "EU-om", "ПРОЈЕКТ-а", "ReLOaD-u", "x-ija"]), max_size=12)
       .map("".join))
def test_declined_acronyms_are_read_as_the_plain_pattern_reads_them(text: str) -> None:
    import re

    from devatlas.understand.projects import _ACR_CASE

    plain = re.compile(r"\b([A-ZА-Я][\w]*[A-ZА-Я0-9][\w]*)[-–](?:a|u|om|e|ov|ova|ija|iju|ijem|ом|а|у|е|ија)\b")
    assert _ACR_CASE.sub(r"\1", text) == plain.sub(r"\1", text)


# --- the programme register ---------------------------------------------------------------------------------------


def test_a_registered_programme_is_found_in_any_case_with_its_acronym() -> None:
    text = ("Vrtić se gradi sredstvima iz Nacionalnog plana oporavka i otpornosti 2021. – 2026. (NPOO). "
            "Sredstva NPOO-a osigurava Europska unija iz instrumenta NextGenerationEU.")
    projects = {p.name: p for p in find_projects(text, [], "hr")}
    assert set(projects) == {"Nacionalni plan oporavka i otpornosti", "NextGenerationEU"}
    npoo = projects["Nacionalni plan oporavka i otpornosti"]
    assert npoo.acronym == "NPOO"
    assert [text[s.start : s.end] for s in npoo.spans] == ["Nacionalnog plana oporavka i otpornosti", "NPOO", "NPOO"]


def test_a_registered_name_counts_only_as_written_as_a_name() -> None:
    assert _names("nacionalni plan oporavka i otpornosti se spominje malim slovima", "hr") == []
    assert _names("the leader of the team said so", "en") == []
    assert _names("Natječaj je dio mjere 19 „LEADER“ za lokalne akcijske grupe.", "hr") == ["LEADER"]


def test_an_acronym_inside_a_longer_programme_name_is_not_a_programme_of_its_own() -> None:
    header = "Interreg IPA Serbia – Bosnia and Herzegovina\nHome | Programme | News\n"
    assert "IPA" not in _names(header + "The project was financed under the IPA II programme.", "en")


def test_a_registered_acronym_joins_the_programme_the_rules_found() -> None:
    text = "Funded by the European Union through IPA Programme. Of the total, EUR 2 million is IPA grant."
    (ipa,) = find_projects(text, [], "en")
    assert (ipa.name, ipa.acronym, len(ipa.spans)) == ("IPA Programme", "IPA", 2)


def test_a_quoted_title_in_apposition_to_the_project_word() -> None:
    text = 'The partners signed a memorandum launching "Green Valleys" (GV 2), a three-year project worth EUR 1 m.'
    assert [(p.name, p.acronym) for p in find_projects(text, [], "en")] == [("Green Valleys", "GV 2")]
    assert _names('"We will finish it on time", said the manager of the project.', "en") == []


def test_a_guessed_acronym_does_not_hold_back_the_project_word_after_it() -> None:
    from devatlas.model import Document
    from devatlas.understand import extract

    text = ("Općine i UNDP potpisali su pismo saradnje na implementaciji novog MEG projekta - Projekat okolišnog i "
            "privrednog razvoja. Odabrano je 18 općina.")
    found = extract(Document(text=text, name="x.txt"))
    assert [(p.name, p.acronym) for p in found.projects] == [("Projekat okolišnog i privrednog razvoja", "MEG")]
    assert "MEG" not in [o.name for o in found.organisations]
    # a known body's acronym before the project word stays the body
    found = extract(Document(text="Tokom UNDP projekta obnovljene su škole u Tuzli.", name="y.txt"))
    assert "UNDP" not in [p.acronym for p in found.projects] and "UNDP" not in [p.name for p in found.projects]
