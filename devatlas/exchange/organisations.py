"""IATI organisation types and identifiers for the registry's organisations, and back again on import.

The type of an organisation is, in this order: the type stored on it (set by an import or a person), the type the
curated register gives a registered body (`understand/data/org_register.tsv`), the type its kind implies (table
below), else 90 Other.

| our kind (the head word the extractor found)                                  | IATI OrganisationType   |
|-------------------------------------------------------------------------------|-------------------------|
| government, vlada, ministarstvo, donor (bilateral agencies, embassies)        | 10 Government           |
| municipality, city, uprava, odeljenje, opština/općina bodies                  | 11 Local Government     |
| agencija, zavod, služba, fond, ustanova, dom, centar, kancelarija, ured,      | 15 Other Public Sector  |
| komora, inkubator, knjižnica, pozorište                                       |                         |
| ngo, association, udruženje, udruga, savez, forum, organizacija, zajednica    | 22 National NGO         |
| international (UN agencies, EU institutions, development banks)              | 40 Multilateral         |
| fondacija, foundation, zaklada                                                | 60 Foundation           |
| company, preduzeće, poduzeće, banka, zadruga                                  | 70 Private Sector       |
| univerzitet, sveučilište, fakultet, škola, institut                           | 80 Academic, Training   |
|                                                                               | and Research            |

IATI organisation identifiers (`ref`) are given for the registered bodies whose identifier is published in the
IATI organisation registry; others are written without `ref`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from devatlas.store import models as m
from devatlas.text.script import fold
from devatlas.understand.organisations import load_register

KIND_TO_IATI_TYPE: dict[str, str] = {
    **dict.fromkeys(("government", "vlada", "ministarstvo", "donor"), "10"),
    **dict.fromkeys(("municipality", "city", "uprava", "odeljenje", "opstina", "opcina"), "11"),
    **dict.fromkeys(("agencija", "zavod", "služba", "fond", "ustanova", "dom", "centar", "kancelarija", "ured",
                     "komora", "inkubator", "knjižnica", "pozorište", "public"), "15"),
    **dict.fromkeys(("ngo", "association", "udruženje", "udruga", "savez", "forum", "organizacija", "zajednica"),
                    "22"),
    "international": "40",
    **dict.fromkeys(("fondacija", "foundation", "zaklada"), "60"),
    **dict.fromkeys(("company", "preduzeće", "poduzeće", "banka", "zadruga"), "70"),
    **dict.fromkeys(("univerzitet", "sveučilište", "fakultet", "škola", "institut", "academic"), "80"),
}

# The kind an imported organisation gets from its IATI type, so that catalogues and filters see it.
IATI_TYPE_TO_KIND: dict[str, str] = {
    "10": "government", "11": "municipality", "15": "public", "21": "ngo", "22": "ngo", "23": "ngo", "24": "ngo",
    "30": "company", "40": "international", "60": "foundation", "70": "company", "71": "company",
    "72": "company", "73": "company", "80": "academic",
}

# Published IATI organisation identifiers of registered bodies (register id -> IATI org-id).
IATI_REFS: dict[str, str] = {
    "undp": "XM-DAC-41114",
    "unicef": "XM-DAC-41122",
    "ilo": "XM-DAC-41302",
    "fao": "XM-DAC-41301",
    "iom": "XM-DAC-47066",
    "unwomen": "XM-DAC-41146",
    "unops": "XM-DAC-41502",
    "ebrd": "XM-DAC-990",
    "worldbank": "XM-DAC-44000",
    "usaid": "US-GOV-1",
    "sida": "SE-0",
    "sdc": "CH-4",
    "giz": "XM-DAC-5-7",
    "jica": "XM-DAC-701-8",
}


@lru_cache(maxsize=1)
def _register_types() -> dict[str, str]:
    return {f"org:{entry.reg_id}": entry.iati_type for entry in load_register() if entry.iati_type}


@lru_cache(maxsize=1)
def ref_to_key() -> dict[str, str]:
    """Organisation key of each known IATI identifier, to meet a registered body again on import."""
    return {ref: f"org:{reg_id}" for reg_id, ref in IATI_REFS.items()}


def iati_type(org: m.Organisation) -> str:
    return org.iati_type or _register_types().get(org.key) or KIND_TO_IATI_TYPE.get(org.kind, "90")


def iati_ref(org: m.Organisation) -> str:
    return org.iati_ref or IATI_REFS.get(org.key.removeprefix("org:"), "")


# Where a body stands towards the municipal administration, read from its name: LED offices are sometimes a
# department of the administration, sometimes an agency the municipality founded as its own legal entity, and
# LED networks' catalogues say which. Stems are folded (Latin, lower case, no diacritics).
_LOCAL_GOVERNMENT = re.compile(r"^(?:opcina|opstina|grad|municipality|city|town) ")
_DEPARTMENT = re.compile(r"^(?:odjeljenje|odeljenje|odjel|odsjek|odsek|sluzba|sektor|kancelarija|ured|biro|kabinet|"
                         r"department|office|unit|division)\b")
_LOCAL_MARK = re.compile(r"\b(?:opcin|opstin|grad|municipal|city|town|lokaln\w* (?:ekonomsk|razvoj)|ler\b|led\b|"
                         r"local economic)")
_AGENCY = re.compile(r"\b(?:razvojn\w* agencij\w*|agencij\w* za (?:\w+ )?razvoj|development agency)")
_REGIONAL = re.compile(r"\b(?:regional\w*|kanton\w*|zupanij\w*|county|okrug\w*)")
_PUBLIC_BODY = re.compile(r"^(?:ju|jp|javn\w* (?:ustanov|preduzec|poduzec)\w*|zavod|centar za razvoj|public "
                          r"(?:institution|enterprise|utility))\b")
_NATIONAL = re.compile(r"\b(?:republik\w*|federacij\w*|drzavn\w*|nacionaln\w*|national|srbije|hrvatske|crne gore|"
                       r"albanian|serbian|croatian|bosnian|montenegrin|macedonian|kosovo)\b")
_NOT_LOCAL_KINDS = frozenset({"government", "donor", "international", "vlada", "ministarstvo"})


def administrative_status(name: str, kind: str) -> str:
    """`department of the municipal administration`, `development agency (own legal entity)`... or "" when the
    name does not say."""
    folded = fold(name)
    if kind in _NOT_LOCAL_KINDS or _NATIONAL.search(folded):
        return ""
    if kind in ("municipality", "city") or _LOCAL_GOVERNMENT.match(folded):
        return "local government"
    if _DEPARTMENT.match(folded) and _LOCAL_MARK.search(folded):
        return "department of the municipal administration"
    if _AGENCY.search(folded):
        scope = "regional" if _REGIONAL.search(folded) else "local"
        return f"{scope} development agency (own legal entity)"
    if _PUBLIC_BODY.match(folded):
        return "public institution or enterprise"
    return ""
