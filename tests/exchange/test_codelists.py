"""Codes are checked against the IATI codelists at export time; the shipped table stays true to the official lists."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from devatlas.cli import app
from devatlas.exchange.codelists import DATA_FILE, CodelistError, Codelists, build_table
from devatlas.exchange.iati_export import export_iati
from devatlas.store import Store
from devatlas.store import models as m


def test_shipped_table_matches_the_official_codelists(shared: Path) -> None:
    shipped = json.loads((resources.files("devatlas.exchange") / "data" / DATA_FILE).read_text(encoding="utf-8"))
    assert shipped == build_table(shared / "iati" / "codelists"), (
        "the shipped codelist table is stale: run python -m devatlas.exchange.codelists ../shared")


@pytest.mark.parametrize("use_shared", [True, False])
def test_withdrawn_and_unknown_codes_are_named_with_their_list(shared: Path, use_shared: bool) -> None:
    codes = Codelists(use_shared=use_shared)
    assert codes.check("Sector", "32130") == "32130"
    with pytest.raises(CodelistError, match=r"'15120' is withdrawn from the IATI codelist Sector"):
        codes.check("Sector", "15120")
    with pytest.raises(CodelistError, match=r"'QQ' is not in the IATI codelist Country"):
        codes.check("Country", "QQ")
    assert codes.name("OrganisationType", "11") == "Local Government"


def test_the_shipped_table_answers_without_the_shared_data() -> None:
    codes = Codelists(use_shared=False)
    assert codes.codelist_dir is None
    assert codes.check("Currency", "BAM") == "BAM"
    assert codes.check("LocationType", "PPL") == "PPL"


def _project_with_sector(url: str, sector: str) -> Store:
    store = Store(url)
    with store.session() as session:
        session.add(m.Project(key="project:test", title="Test project", sectors=[sector]))
    return store


def test_an_export_with_a_withdrawn_code_fails_and_writes_nothing(tmp_path: Path) -> None:
    store = _project_with_sector(f"sqlite:///{tmp_path / 'r.db'}", "15120")
    target = tmp_path / "out.xml"
    with pytest.raises(CodelistError, match="15120"):
        export_iati(store, [1], target)
    store.close()
    assert not target.exists() and not list(tmp_path.glob("*.partial"))


def test_the_command_reports_the_code_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _project_with_sector(url, "99999").close()
    result = CliRunner().invoke(app, ["export", "iati", "-o", str(tmp_path / "x.xml"), "--db", url])
    assert result.exit_code == 1
    assert "'99999' is not in the IATI codelist Sector" in result.output
    assert "Traceback" not in result.output


def test_a_valid_export_uses_only_active_codes(samples_export: Path, shared: Path) -> None:
    codes = Codelists(shared / "iati" / "codelists")
    tree = etree.parse(str(samples_export))
    checked = 0
    for xpath, codelist in [("//sector/@code", "Sector"), ("//participating-org/@type", "OrganisationType"),
                            ("//recipient-country/@code", "Country"), ("//value/@currency", "Currency"),
                            ("//activity-status/@code", "ActivityStatus"), ("//feature-designation/@code",
                                                                            "LocationType")]:
        for code in tree.xpath(xpath):
            codes.check(codelist, str(code))
            checked += 1
    assert checked > 100
