"""IATI codelists at export time: every code an export writes is looked up, and a withdrawn or unknown code stops
the export with a message naming the code and the list.

The official lists (the IATI shared reference data, `iati/codelists/*.xml`) are used when they are found (env
`DEVATLAS_SHARED`, or `../shared` beside the repository). Without them the package's own table
`data/iati_codelists.json` answers: the codes of the lists an export writes, with their status and English name,
written by `python -m devatlas.exchange.codelists SHARED_DIR` from the official files (a test keeps the two in
step).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from devatlas.understand.sectors import SECTOR_CODES

# The lists an export writes codes from. None: every code of the list (values may come from imported files);
# a tuple: only these codes (the ones the exporter itself chooses).
WANTED: dict[str, tuple[str, ...] | None] = {
    "ActivityDateType": None,
    "ActivityStatus": None,
    "BudgetStatus": None,
    "BudgetType": None,
    "Country": None,
    "Currency": None,
    "DescriptionType": None,
    "GeographicExactness": None,
    "GeographicLocationClass": None,
    "GeographicLocationReach": None,
    "GeographicVocabulary": None,
    "GeographicalPrecision": None,
    "IndicatorMeasure": None,
    "Language": None,
    "LocationType": ("ADM1", "ADM2", "ADM3", "PPL", "PPLA", "PPLA2", "PPLA3", "PPLC", "PPLX"),
    "OrganisationRole": None,
    "OrganisationType": None,
    "ResultType": None,
    "Sector": None,
    "SectorVocabulary": None,
    "TransactionType": None,
}
DATA_FILE = "iati_codelists.json"


class CodelistError(ValueError):
    """A code the export would write is not an active code of its IATI codelist."""


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    active: bool


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """The shared reference data: env DEVATLAS_SHARED, else `../shared` beside the repository; None if absent."""
    env = os.environ.get("DEVATLAS_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(repo_root().parent / "shared")
    for candidate in candidates:
        if (candidate / "iati" / "codelists").is_dir():
            return candidate
    return None


def read_official(codelist_dir: Path, name: str) -> dict[str, Code]:
    """One official codelist file as code -> Code."""
    tree = etree.parse(str(codelist_dir / f"{name}.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for item in tree.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        name_el = item.find("name/narrative")
        label = (name_el.text or "").strip() if name_el is not None else ""
        out[code] = Code(code, label, item.get("status", "active") != "withdrawn")
    return out


def build_table(codelist_dir: Path) -> dict[str, dict[str, dict[str, object]]]:
    """The shipped table, computed from the official files."""
    table: dict[str, dict[str, dict[str, object]]] = {}
    for name, wanted in sorted(WANTED.items()):
        official = read_official(codelist_dir, name)
        keep = sorted(official) if wanted is None else [c for c in wanted if c in official]
        table[name] = {c: {"name": official[c].name, "active": official[c].active} for c in keep}
    return table


@lru_cache(maxsize=1)
def _shipped() -> dict[str, dict[str, Code]]:
    raw = json.loads((resources.files("devatlas.exchange") / "data" / DATA_FILE).read_text(encoding="utf-8"))
    return {name: {c: Code(c, v["name"], v["active"]) for c, v in codes.items()} for name, codes in raw.items()}


@lru_cache(maxsize=64)
def _official(codelist_dir: str, name: str) -> dict[str, Code]:
    return read_official(Path(codelist_dir), name)


class Codelists:
    """Look-ups in the official lists when available, else in the shipped table."""

    def __init__(self, codelist_dir: Path | None = None, use_shared: bool = True) -> None:
        if codelist_dir is None and use_shared:
            shared = shared_dir()
            codelist_dir = shared / "iati" / "codelists" if shared else None
        self.codelist_dir = codelist_dir

    @property
    def source(self) -> str:
        return "official IATI codelists" if self.codelist_dir else "the codelist table shipped with devatlas"

    def codes(self, name: str) -> dict[str, Code]:
        if self.codelist_dir is not None and (self.codelist_dir / f"{name}.xml").exists():
            return _official(str(self.codelist_dir), name)
        return _shipped().get(name, {})

    def name(self, name: str, code: str) -> str:
        found = self.codes(name).get(code)
        return found.name if found else ""

    def check(self, name: str, code: str, where: str = "") -> str:
        """The code itself when it is an active code of the list; CodelistError otherwise."""
        found = self.codes(name).get(code)
        context = f" ({where})" if where else ""
        if found is None:
            raise CodelistError(f"code {code!r} is not in the IATI codelist {name}{context}")
        if not found.active:
            raise CodelistError(f"code {code!r} is withdrawn from the IATI codelist {name}{context}")
        return code


def main(argv: list[str] | None = None) -> int:
    """Write the shipped table from the official codelists: `python -m devatlas.exchange.codelists SHARED_DIR`."""
    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]) if args else shared_dir()
    if shared is None or not (shared / "iati" / "codelists").is_dir():
        sys.stderr.write("devatlas: give the shared reference directory (with iati/codelists/) as the argument\n")
        return 2
    table = build_table(shared / "iati" / "codelists")
    missing = sorted(SECTOR_CODES - set(table["Sector"]))
    if missing:
        sys.stderr.write(f"devatlas: sector rules use codes missing from the Sector codelist: {missing}\n")
        return 1
    target = Path(__file__).with_name("data") / DATA_FILE
    target.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{target.name}: {sum(len(v) for v in table.values())} codes in {len(table)} lists")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
