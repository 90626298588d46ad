"""DAC sector inference: every code is a live IATI code, and each language's words lead to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devatlas.exchange.codelists import read_official
from devatlas.understand.sectors import SECTOR_CODES, SECTOR_RULES, infer_sectors


def test_every_code_exists_and_is_active_in_the_iati_sector_list(shared: Path) -> None:
    official = read_official(shared / "iati" / "codelists", "Sector")
    missing = sorted(c for c in SECTOR_CODES if c not in official)
    withdrawn = sorted(c for c in SECTOR_CODES if c in official and not official[c].active)
    assert not missing and not withdrawn, (missing, withdrawn)


def test_rules_name_their_codes_as_iati_does(shared: Path) -> None:
    official = read_official(shared / "iati" / "codelists", "Sector")
    for rule in SECTOR_RULES:
        assert official[rule.code].name.split()[0].lower() == rule.name.split()[0].lower(), rule.code


@pytest.mark.parametrize(("text", "code"), [
    ("Projekat zapošljavanja mladih otvara 200 novih radnih mjesta.", "16020"),
    ("Пројекат запошљавања младих отвара нова радна места у Нишу.", "16020"),
    ("The programme supports decentralisation and local self-government in Kosovo.", "15112"),
    ("Grantovi za mala i srednja preduzeća u Tuzli.", "32130"),
    ("Obuka i prekvalifikacija nezaposlenih za zanimanja u metalskoj industriji, stručno osposobljavanje.",
     "11330"),
    ("Podrška organizacijama civilnog društva i nevladinim udruženjima.", "15150"),
    ("Sajam dijaspore: investicije iseljeništva u BiH.", "15190"),
    ("Rekonstrukcija vodovoda i kanalizacije u Goraždu.", "14020"),
    ("Asfaltiranje lokalnih puteva i izgradnja mosta.", "21020"),
    ("Podrška poljoprivrednicima: plastenici i navodnjavanje.", "31120"),
    ("Razvoj održivog turizma u dolini Neretve, nove turističke destinacije.", "33210"),
    ("Energetska obnova zgrada i energetska učinkovitost javne rasvjete.", "23183"),
    ("Nova oprema za škole i obrazovanje učenika.", "11110"),
    ("Obnova doma zdravlja i zdravstvene zaštite.", "12220"),
])
def test_words_of_each_language_lead_to_their_sector(text: str, code: str) -> None:
    assert infer_sectors(text)[0] == code


def test_common_words_that_look_like_stems_do_not_count() -> None:
    # "često" (often) folds to "cesto", English "most" is not a bridge, "dobre prakse" is not training
    assert infer_sectors("Često se govori o tome da most people agree; primjeri dobre prakse.") == []


def test_strongest_sector_first_and_limit() -> None:
    text = "zapošljavanje " * 3 + "turizam " * 5 + "vodovod"
    assert infer_sectors(text) == ["33210", "16020", "14020"]
    assert infer_sectors(text, limit=1) == ["33210"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_known_codes_deterministically(text: str) -> None:
    found = infer_sectors(text)
    assert set(found) <= SECTOR_CODES
    assert len(found) <= 3 and len(set(found)) == len(found)
    assert infer_sectors(text) == found
