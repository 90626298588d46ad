"""IATI import: the standard's own test files, publishers' 1.x files, linking to known projects, round trip."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import func, select
from typer.testing import CliRunner

from devatlas.cli import app
from devatlas.exchange.iati_import import XML_LANG, ImportRefused, import_iati, iter_activities, parse_activity
from devatlas.exchange.records import activity_identifier
from devatlas.resolve.keys import normalised_name
from devatlas.settings import load_settings
from devatlas.store import Store
from devatlas.store import models as m
from tests.exchange.conftest import DATA


def _copy(store: Store, target: Path) -> Store:
    """A private copy of a SQLite registry (through SQLite's backup, so that the write-ahead log comes along)."""
    source = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return Store(f"sqlite:///{target}")


def _samples(shared: Path, sub: str) -> list[Path]:
    return sorted((shared / "iati" / "samples" / sub).rglob("*.xml"))


def test_should_pass_files_are_read(shared: Path, tmp_path: Path) -> None:
    files = _samples(shared, "activity-tests/should-pass")
    assert len(files) > 50
    skipped: list[str] = []
    assert [a for path in files for a in iter_activities(path, skipped.append)] == []
    # the schema's own tests leave the identifier empty: such activities are named and skipped...
    assert len(skipped) >= len(files)
    assert all(p.endswith("its iati-identifier is empty, and a project is known by it") for p in skipped)
    # ...and with an identifier each one is stored
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8").replace("<iati-identifier></iati-identifier>",
                                                        f"<iati-identifier>XI-TEST-{n}</iati-identifier>")
        (tmp_path / f"{n:02d}.xml").write_text(text, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    summary = import_iati(store, [tmp_path])
    store.close()
    assert summary.failed == [] and summary.skipped == []
    assert summary.activities >= len(files) and summary.created >= len(files)


def test_should_fail_files_are_read_or_refused_with_a_reason(shared: Path) -> None:
    files = _samples(shared, "activity-tests/should-fail")
    assert len(files) > 200
    outcomes = {"read": 0, "refused": 0, "skipped": 0}
    for path in files:
        problems: list[str] = []
        try:
            list(iter_activities(path, problems.append))
            outcomes["read"] += 1
        except ImportRefused as exc:
            assert str(exc)
            outcomes["refused"] += 1
        outcomes["skipped"] += len(problems)
        assert all("activity" in p for p in problems)
    # schema errors are not the importer's business, but an activity without an identifier is never stored
    empty = shared / "iati" / "samples" / "activity-tests" / "should-fail" / "01-empty-activity.xml"
    problems: list[str] = []
    assert list(iter_activities(empty, problems.append)) == []
    assert len(problems) == 1 and problems[0].endswith("its iati-identifier is empty, and a project is known by it")


def test_publishers_1x_files_and_the_worked_example_are_read(shared: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    summary = import_iati(store, [shared / "iati" / "samples" / "real-activities",
                                  shared / "iati" / "samples" / "worked"])
    assert summary.failed == []
    assert summary.files == 9 and summary.activities > 300
    assert any("IATI 1.x" in note for _, note in summary.notes)
    with store.session() as session:
        bank = session.scalars(select(m.Project).where(m.Project.iati_identifier == "World Bank-P084404")).one()
        worked = session.scalars(select(m.Project).where(
            m.Project.iati_identifier == "http://www.example.org/activities/12345.xml")).one()
        assert worked.title == "Worked example of an activity report"
        assert {t.language for t in worked.titles} >= {"en", "fr"}
        assert worked.start_date is not None and worked.end_date is not None
        assert sum(b.amount for b in worked.budget_lines if not b.transaction_type) == 1_000_000
        # a 1.x file without identifiers: the publisher and its own project id name the activity
        assert bank.title.startswith("Southern African Power Market Program")
        assert {(b.amount, b.transaction_type) for b in bank.budget_lines} >= {(48_000_000.0, "2")}
        world_bank = next(p for p in bank.participants if p.role == 1)
        assert session.get(m.Organisation, world_bank.organisation_id).name == "World Bank"
    store.close()


def test_a_donor_activity_links_to_the_project_known_from_documents(samples_store: Store, tmp_path: Path) -> None:
    store = _copy(samples_store, tmp_path / "registry.db")
    with store.session() as session:
        before = session.scalar(select(func.count()).select_from(m.Project))
        lep_id = session.scalar(select(m.Project.id).where(m.Project.acronym == "LEP"))
    summary = import_iati(store, [DATA / "donor_lep.xml"])
    assert (summary.linked, summary.created) == (1, 1), summary
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(m.Project)) == before + 1
        lep = session.get(m.Project, lep_id)
        assert lep.origin == "both" and lep.iati_identifier == "XI-EXAMPLE-DONOR-LEP-2018"
        assert lep.status == "2" and str(lep.start_date) == "2018-09-01" and str(lep.end_date) == "2021-08-31"
        assert lep.sectors == ["16020"]
        assert "Local Employment Partnerships" in {t.title for t in lep.titles}
        money = {(b.amount, b.currency, b.transaction_type) for b in lep.budget_lines}
        assert {(1200000.0, "EUR", ""), (400000.0, "EUR", "3"), (1300000.0, "BAM", "")} <= money
        ilo = session.scalars(select(m.Organisation).where(m.Organisation.key == "org:ilo")).one()
        assert (ilo.id, 4) in {(p.organisation_id, p.role) for p in lep.participants}
        assert ilo.iati_ref == "XM-DAC-41302"
        places = {session.get(m.Place, p.place_id).gazetteer_id for p in lep.places}
        assert "lgu:BA:gradacac" in places and len(places) == 2
        namesake = session.scalars(select(m.Project).where(
            m.Project.iati_identifier == "XI-EXAMPLE-DONOR-LEP-MK")).one()
        assert namesake.id != lep_id and namesake.origin == "iati"
        bitola = session.get(m.Place, namesake.places[0].place_id)
        assert bitola.country == "MK" and bitola.lat is not None
    # the same file again changes nothing
    again = import_iati(store, [DATA / "donor_lep.xml"])
    assert again.created == 0 and again.activities == 2
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(m.Project)) == before + 1
        assert session.scalar(select(func.count()).select_from(m.BudgetLine).where(
            m.BudgetLine.project_id == lep_id)) == len(money)
    store.close()


def test_round_trip_gives_the_same_projects_organisations_budgets_and_places(
        samples_store: Store, samples_export: Path, tmp_path: Path) -> None:
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = import_iati(fresh, [samples_export])
    assert summary.failed == [] and summary.created == summary.activities

    reporting_org = load_settings().reporting_org

    def content(store: Store) -> dict[str, tuple]:
        out = {}
        with store.session() as session:
            for project in session.scalars(select(m.Project)):
                # a body by its resolution key: `Općina Tuzi` and `Opština Tuzi` are one body, and which spelling
                # names it depends on which document was read first
                orgs = sorted((normalised_name(session.get(m.Organisation, p.organisation_id).name), p.role)
                              for p in project.participants)
                budgets = sorted({(round(b.amount, 2), b.currency) for b in project.budget_lines})
                places = sorted(session.get(m.Place, p.place_id).gazetteer_id for p in project.places
                                if session.get(m.Place, p.place_id).kind != "foreign city")
                out[activity_identifier(project, reporting_org)] = (project.title, project.acronym, orgs, budgets,
                                                                    places)
        return out

    original, returned = content(samples_store), content(fresh)
    assert returned == original
    fresh.close()


def test_import_on_each_backend(store: Store) -> None:
    summary = import_iati(store, [DATA / "donor_lep.xml"])
    assert (summary.created, summary.failed) == (2, [])
    with store.session() as session:
        lep = session.scalars(select(m.Project).where(m.Project.acronym == "LEP")).one()
        assert lep.origin == "iati" and len(lep.budget_lines) == 2 and lep.indicators[0].actual == 134


def test_the_command_reports_each_bad_file_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>not iati</body></html>", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "iati", str(DATA / "donor_lep.xml"), str(bad), str(tmp_path / "no"),
                                      "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == 1
    assert f"{bad}: not an IATI activity file (root element <html>)" in result.output
    assert "no such file or directory" in result.output
    assert "2 activities: 2 new projects" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("version", ["2.01", "2.02", "2.03"])
def test_versions_two_are_read_whole(tmp_path: Path, version: str) -> None:
    text = (DATA / "donor_lep.xml").read_text(encoding="utf-8").replace('version="2.02"', f'version="{version}"')
    path = tmp_path / "a.xml"
    path.write_text(text, encoding="utf-8")
    first = next(iter_activities(path))
    assert not first.legacy and first.acronym == "LEP" and first.results[0].target == 120


# words without white space (the reader folds runs of it, as XML text in IATI carries layout)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda t: not any(c.isspace() for c in t))


@settings(max_examples=80, deadline=None)
@given(identifier=_TEXT, titles=st.lists(st.tuples(_TEXT, st.sampled_from(["bs", "hr", "sr", "en"])), min_size=1,
                                         max_size=3),
       amounts=st.lists(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False), max_size=3),
       start=st.dates(), role=st.sampled_from([1, 2, 3, 4]))
def test_parsed_activity_gives_back_what_was_written(identifier: str, titles: list[tuple[str, str]],
                                                     amounts: list, start, role: int) -> None:
    act = etree.Element("iati-activity", {XML_LANG: "en"})
    etree.SubElement(act, "iati-identifier").text = identifier
    title = etree.SubElement(act, "title")
    for text, lang in titles:
        etree.SubElement(title, "narrative", {XML_LANG: lang}).text = text
    org = etree.SubElement(act, "participating-org", role=str(role), type="10")
    etree.SubElement(org, "narrative").text = "Donor"
    etree.SubElement(act, "activity-date", type="2", **{"iso-date": start.isoformat()})
    for amount in amounts:
        budget = etree.SubElement(act, "budget")
        etree.SubElement(budget, "value", currency="EUR", **{"value-date": start.isoformat()}).text = str(amount)
    parsed = parse_activity(etree.fromstring(etree.tostring(act)))
    assert parsed.identifier == identifier
    assert parsed.titles == titles
    assert [(o.name, o.role) for o in parsed.organisations] == [("Donor", role)]
    assert parsed.dates == {"2": start}
    assert [m.amount for m in parsed.money] == [float(a) for a in amounts]


def test_documents_read_after_an_import_join_the_imported_project(tmp_path: Path) -> None:
    from devatlas.ingest.pipeline import ingest
    from tests.conftest import SAMPLES

    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    import_iati(store, [DATA / "donor_lep.xml"])
    ingest(store, [SAMPLES / "bs01_gradacac_lep.txt"])
    with store.session() as session:
        lep = session.scalars(select(m.Project).where(m.Project.acronym == "LEP")).all()
        assert len(lep) == 1 and lep[0].iati_identifier == "XI-EXAMPLE-DONOR-LEP-2018"
        assert session.scalar(select(func.count()).select_from(m.Fact).where(
            m.Fact.subject_type == "project", m.Fact.subject_id == lep[0].id)) >= 1
    store.close()
