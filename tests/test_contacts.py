"""Contacts: tied to the body their domain or paragraph names; dates and file numbers never pass for telephones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devatlas.model import Organisation, Span
from devatlas.understand.contacts import find_contacts


def org(text: str, name: str, surface: str | None = None, aliases: tuple[str, ...] = ()) -> Organisation:
    """An organisation mention at the first place `surface` (or `name`) occurs in `text`."""
    surface = surface or name
    start = text.index(surface)
    return Organisation(name=name, aliases=aliases, spans=(Span(start, start + len(surface), surface, "test"),))


def test_email_and_local_number_belong_to_the_municipality_the_domain_names() -> None:
    text = ("Javni poziv objavljuje Općina Doboj Istok.\n\nSve informacije: Tel: 035/720-611 | "
            "E-mail: razvoj@dobojistok.ba")
    found = find_contacts(text, [org(text, "Općina Doboj Istok")], ["BA"])
    assert [(c.kind, c.value, c.organisation) for c in found] == [
        ("phone", "+387 35 720-611", "Općina Doboj Istok"),
        ("email", "razvoj@dobojistok.ba", "Općina Doboj Istok"),
    ]
    phone = found[0]
    assert text[phone.span.start:phone.span.end] == "035/720-611"


def test_acronym_domain_wins_over_the_body_named_just_before() -> None:
    text = "The call is run by the International Labour Organization with UNDP. Questions: gerb@ilo.org"
    orgs = [org(text, "International Labour Organization"), org(text, "UNDP")]
    [email] = find_contacts(text, orgs, ["BA"])
    assert email.organisation == "International Labour Organization"


def test_cyrillic_telephone_word_and_serbian_region() -> None:
    text = "Општина Куршумлија позива удружења. Информације на тел. 027/381-101."
    found = find_contacts(text, [org(text, "Opština Kuršumlija", "Општина Куршумлија")], ["RS"])
    assert [(c.kind, c.value) for c in found] == [("phone", "+381 27 381101")]


def test_a_web_address_that_names_no_body_is_a_story_link_not_a_contact() -> None:
    text = "Grad Benkovac je potpisao ugovor (www.benkovac.hr). Izvor: https://www.vijesti.example/clanak/123"
    found = find_contacts(text, [org(text, "Grad Benkovac")], ["HR"])
    assert [(c.kind, c.value) for c in found] == [("website", "benkovac.hr")]


def test_numbers_without_a_telephone_word_or_country_code_are_not_telephones() -> None:
    text = "Općina Srbac je 12.03.2019. rješenjem broj 01-23-456/19 dodijelila 051/215-500 KM."
    assert find_contacts(text, [org(text, "Općina Srbac")], ["BA"]) == []


def test_nothing_is_tied_to_a_body_of_another_paragraph() -> None:
    text = "Općina Srbac je raspisala poziv.\n\nKontakt za medije: tel. 051/740-000"
    assert find_contacts(text, [org(text, "Općina Srbac")], ["BA"]) == []


@given(st.sampled_from(["051/740-000", "051 740 000", "+387 51 740 000", "00387 51 740-000", "+387 (0)51 740 000"]),
       st.sampled_from(["Tel: ", "tel. ", "Telefon: ", "тел. ", "Phone: "]))
def test_one_number_however_written_has_one_value(written: str, cue: str) -> None:
    text = f"Općina Srbac, {cue}{written}"
    found = find_contacts(text, [org(text, "Općina Srbac")], ["BA"])
    assert [c.value for c in found] == ["+387 51 740-000"]


@given(st.dates().map(lambda d: f"{d.day}.{d.month}.{d.year}."), st.sampled_from(["BA", "RS", "HR", "ME"]))
def test_dates_never_become_telephones(date: str, country: str) -> None:
    text = f"Općina Srbac je {date} potpisala ugovor."
    assert find_contacts(text, [org(text, "Općina Srbac")], [country]) == []


def test_a_postal_address_belongs_to_the_body_named_before_it() -> None:
    text = ("Prijave slati na adresu: Lokalna razvojna agencija Prijedor, Ulica kralja Petra I 5, 79101 Prijedor.\n\n"
            "Rok je 15. 3. 2021, 10000 KM ukupno.")
    found = find_contacts(text, [org(text, "Lokalna razvojna agencija Prijedor")], ["BA"])
    assert [(c.kind, c.value) for c in found] == [("address", "Ulica kralja Petra I 5, 79101 Prijedor")]
    cyrillic = "Општина Лакташи, Карађорђева 4, 78250 Лакташи, тел. 051/000-000."
    found = find_contacts(cyrillic, [org(cyrillic, "Opština Laktaši", "Општина Лакташи")], ["BA"])
    assert ("address", "Карађорђева 4, 78250 Лакташи") in [(c.kind, c.value) for c in found]


def test_amounts_and_counts_are_not_addresses() -> None:
    text = "Udruženje Most dobilo je u fazi 2, 25000 KM, a u fazi 3, 10000 EUR."
    assert not [c for c in find_contacts(text, [org(text, "Udruženje Most")], ["BA"]) if c.kind == "address"]
