"""IATI 2.03 export of every sample project: schema-valid, and the registry's facts where IATI expects them."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from devatlas.cli import app
from devatlas.exchange.iati_export import export_iati, validate_against_schema
from devatlas.exchange.selection import project_ids
from devatlas.settings import load_settings
from devatlas.store import Store

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _activities(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).getroot().findall("iati-activity")


def test_every_sample_project_exports_valid_against_the_schema(samples_store: Store, samples_export: Path,
                                                               iati_schema: Path) -> None:
    assert validate_against_schema(samples_export, iati_schema) == []
    activities = _activities(samples_export)
    assert len(activities) == len(project_ids(samples_store)) > 40
    root = etree.parse(str(samples_export)).getroot()
    assert root.get("version") == "2.03"


def test_identifiers_are_the_reporting_org_plus_a_stable_project_id(samples_store: Store, samples_export: Path,
                                                                   tmp_path: Path) -> None:
    prefix = load_settings().reporting_org + "-"
    first = [a.findtext("iati-identifier") for a in _activities(samples_export)]
    assert all(i.startswith(prefix) for i in first)
    assert len(set(first)) == len(first)
    again = tmp_path / "again.xml"
    export_iati(samples_store, project_ids(samples_store), again)
    assert [a.findtext("iati-identifier") for a in _activities(again)] == first


def test_mapping_of_a_known_project(samples_export: Path) -> None:
    lep = next(a for a in _activities(samples_export) if a.findtext("iati-identifier").endswith("-lep"))
    assert lep.get(XML_LANG) == "bs"
    assert lep.findtext("title/narrative") == "Lokalna partnerstva za zapošljavanje"
    funders = {o.findtext("narrative"): o.get("type") for o in lep.findall("participating-org[@role='1']")}
    # the EU funds it; the municipality puts in its share
    assert funders == {"Evropska unija": "40", "Općina Gradačac": "11"}
    assert lep.find("other-identifier").get("ref") == "LEP"
    assert lep.find("activity-status").get("code") in {"1", "2", "3", "4"}
    assert lep.find("activity-date") is not None
    assert lep.find("recipient-country").get("code") == "BA"
    gradacac = lep.find("location[@ref='lgu:BA:gradacac']")
    lat, lon = (float(x) for x in gradacac.findtext("point/pos").split())
    assert 44.8 < lat < 45.0 and 18.3 < lon < 18.5  # IATI writes latitude first
    assert gradacac.find("feature-designation").get("code") == "ADM3"
    assert lep.find("sector").get("code") == "16020" and lep.find("sector").get("vocabulary") == "1"
    assert {v.text for v in lep.findall("budget/value")} >= {"1300000"}
    assert lep.find("budget/value").get("currency") == "BAM"
    assert lep.find("result/indicator/period/target").get("value") == "120"


def test_the_implementers_contacts_from_the_sources_become_contact_info(samples_export: Path) -> None:
    contacts = [c for a in _activities(samples_export) for c in a.findall("contact-info")]
    emails = {e.text for c in contacts for e in c.findall("email")}
    assert "gerb@ilo.org" in emails  # a call for proposals that ends "Questions: gerb@ilo.org"
    posts = {m.findtext("narrative") for c in contacts for m in c.findall("mailing-address")}
    assert "Ulica Bosanska 12, 72270 Travnik" in posts  # "poštom na adresu: Fondacija ..., Ulica Bosanska 12, ..."
    for contact in contacts:  # the schema's order: organisation first, telephones before e-mails, post last
        tags = [child.tag for child in contact]
        assert tags[0] == "organisation" and tags == sorted(tags, key=["organisation", "telephone", "email",
                                                                       "website", "mailing-address"].index)


def test_settlements_carry_their_geonames_id(samples_export: Path) -> None:
    ids = [loc for a in _activities(samples_export) for loc in a.findall("location")
           if (loc.get("ref") or "").startswith("gn:")]
    assert ids
    for loc in ids:
        assert loc.find("location-id").get("vocabulary") == "G1"
        assert loc.find("location-id").get("code") == loc.get("ref")[3:]


def test_shares_of_sectors_and_countries_add_up_to_100(samples_export: Path) -> None:
    for activity in _activities(samples_export):
        for element in ("sector", "recipient-country"):
            shares = [float(e.get("percentage")) for e in activity.findall(element)]
            if shares:
                assert abs(sum(shares) - 100) < 1e-9, activity.findtext("iati-identifier")


def test_export_by_project_and_by_search(samples_store: Store, tmp_path: Path, iati_schema: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "one.xml"
    result = runner.invoke(app, ["export", "iati", "--project", "2", "-o", str(out), "--db", samples_store.url])
    assert result.exit_code == 0, result.output
    assert len(_activities(out)) == 1 and validate_against_schema(out, iati_schema) == []
    out = tmp_path / "rs.xml"
    result = runner.invoke(app, ["export", "iati", "--country", "RS", "-o", str(out), "--db", samples_store.url])
    assert result.exit_code == 0, result.output
    serbian = _activities(out)
    assert 0 < len(serbian) < len(project_ids(samples_store))
    assert any(a.find("recipient-country[@code='RS']") is not None for a in serbian)
    out = tmp_path / "q.xml"
    result = runner.invoke(app, ["export", "iati", "-q", "dijaspora", "-o", str(out), "--db", samples_store.url])
    assert result.exit_code == 0, result.output
    titles = {a.findtext("title/narrative") for a in _activities(out)}
    assert "Dijaspora za razvoj" in titles


def test_an_empty_selection_writes_nothing(samples_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.xml"
    result = CliRunner().invoke(app, ["export", "iati", "--country", "NZ", "-o", str(out), "--db", samples_store.url])
    assert result.exit_code == 1 and "no project matches" in result.output and not out.exists()


def test_export_on_each_backend(store: Store, tmp_path: Path, iati_schema: Path) -> None:
    from devatlas.exchange.tabular import export_table
    from devatlas.ingest.pipeline import ingest
    from tests.conftest import SAMPLES

    ingest(store, sorted(SAMPLES.glob("bs0[1-3]*.txt")))
    out = tmp_path / "few.xml"
    summary = export_iati(store, project_ids(store, query="zapošljavanje", filters={"country": "BA"}), out)
    assert summary.activities >= 1 and validate_against_schema(out, iati_schema) == []
    assert export_table(store, "geojson", "places", tmp_path / "p.geojson", filters={"country": "BA"}) > 0
