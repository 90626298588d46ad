"""The registry on real databases: ingest is idempotent, corrections survive re-extraction, search finds every
case form and script, and the index never disagrees with the records."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from devatlas.ingest import pipeline
from devatlas.ingest.pipeline import ingest
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.maintenance import backup, check
from devatlas.store.repository import fact_signature
from devatlas.store.search import search

DOCS = {
    "laktasi.txt": (
        "Gradonačelnik Laktaša Miroslav Bojić potpisao je 27. maja 2022. godine u Laktašima sporazum o "
        "zapošljavanju mladih. Projekat finansira Evropska unija sa 1,3 miliona KM."
    ),
    "srbac.txt": "U Srpcu je održana obuka za nezaposlene. Opština Srbac obezbijedila je 50.000 KM.",
    "cyrillic.txt": "У Лакташима је 20. новембра 2018. године отворен пословни центар општине.",
    "english.txt": "The municipality of Pećinci and the City of Kragujevac signed an employment agreement.",
}


def write_docs(folder: Path, docs: dict[str, str] = DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in docs.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_ingest_is_idempotent(store: Store, tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs")
    first = ingest(store, [folder])
    assert (first.read, first.new, first.duplicates) == (4, 4, 0)
    facts = count(store, m.Fact)
    second = ingest(store, [folder])
    assert (second.new, second.duplicates) == (0, 4)
    assert count(store, m.Document) == 4
    assert count(store, m.Fact) == facts
    assert check(store) == []


def test_reextraction_after_upgrade_replaces_facts_without_duplicates(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_docs(tmp_path / "docs")
    ingest(store, [folder])
    facts, people = count(store, m.Fact), count(store, m.Person)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "next")
    summary = ingest(store, [folder])
    assert summary.reextracted == 4 and summary.new == 0
    assert count(store, m.Document) == 4
    assert count(store, m.Fact) == facts
    assert count(store, m.Person) == people


def test_rejected_fact_stays_rejected_after_reextraction(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_docs(tmp_path / "docs", {"one.txt": DOCS["laktasi.txt"]})
    ingest(store, [folder])
    with store.session() as session:
        doc = session.scalars(select(m.Document)).one()
        fact = session.scalars(select(m.Fact).where(m.Fact.document_id == doc.id)).first()
        assert fact is not None
        target = fact_signature(doc.content_hash, fact.predicate, f"{fact.subject_type}:{fact.subject_id}", fact.value)
        session.add(m.Correction(action="reject", target=target, author="editor"))
        wanted = (fact.predicate, fact.subject_type, fact.subject_id, fact.value)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "next")
    ingest(store, [folder])
    with store.session() as session:
        again = session.scalars(select(m.Fact).where(
            m.Fact.predicate == wanted[0], m.Fact.subject_type == wanted[1], m.Fact.subject_id == wanted[2],
            m.Fact.value == wanted[3])).one()
        assert again.review_state == "rejected"


def test_near_duplicates_share_a_story(store: Store, tmp_path: Path) -> None:
    body = DOCS["laktasi.txt"] + " " + " ".join(f"Rečenica broj {i} o projektu u općini." for i in range(40))
    folder = write_docs(tmp_path / "docs", {"portal-a.txt": body, "portal-b.txt": "Vijesti: " + body + " Kraj."})
    summary = ingest(store, [folder])
    assert summary.new == 2 and summary.near_duplicates == 1
    with store.session() as session:
        stories = {d.story_id for d in session.scalars(select(m.Document))}
    assert len(stories) == 1 and None not in stories


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Laktaši", {"laktasi.txt", "cyrillic.txt"}),
        ("Лакташи", {"laktasi.txt", "cyrillic.txt"}),
        ("zapošljavanje", {"laktasi.txt"}),
        ("zaposljavanju", {"laktasi.txt"}),
        ("opština", {"srbac.txt", "cyrillic.txt"}),
        ("općina", {"srbac.txt", "cyrillic.txt"}),
        ("Pecinci", {"english.txt"}),
    ],
)
def test_search_finds_every_form(store: Store, tmp_path: Path, query: str, expected: set[str]) -> None:
    ingest(store, [write_docs(tmp_path / "docs")])
    found = search(store, query, entity_type="doc", limit=10)
    assert {Path(r.source).name for r in found.results} == expected
    assert all("<mark>" in r.snippet for r in found.results)


def test_search_facets_filter_and_count(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_docs(tmp_path / "docs")])
    everything = search(store, "Laktaši")
    assert dict(everything.facets.get("lang", [])).get("sr") == 1
    only_serbian = search(store, "Laktaši", filters={"lang": "sr"}, entity_type="doc")
    assert [Path(r.source).name for r in only_serbian.results] == ["cyrillic.txt"]


def test_backup_is_a_working_registry(store: Store, tmp_path: Path) -> None:
    if store.dialect != "sqlite":
        pytest.skip("pg_dump backups are covered by the PostgreSQL client tools")
    ingest(store, [write_docs(tmp_path / "docs")])
    backup(store, tmp_path / "copy.db")
    copy = Store(f"sqlite:///{tmp_path / 'copy.db'}")
    assert count(copy, m.Document) == 4
    assert check(copy) == []
    copy.close()


def test_bad_files_are_reported_and_the_batch_goes_on(store: Store, tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    summary = ingest(store, [folder, tmp_path / "missing.html"])
    assert summary.new == 4
    reasons = dict((Path(p).name, r) for p, r in summary.failed)
    assert set(reasons) == {"empty.txt", "broken.pdf", "broken.docx", "missing.html"}
    assert "empty" in reasons["empty.txt"]


def test_roles_are_stored_as_the_text_spells_them(store: Store, tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs", {"role.txt": (
        "Skupu se obratio šef Delegacije EU u BiH Johann Sattler. Delegacija EU u BiH finansira projekat.")})
    ingest(store, [folder])
    with store.session() as session:
        roles = session.scalars(select(m.PersonRole.role)).all()
    assert roles and all("EU u BiH" in role for role in roles), roles


def test_every_indexed_word_is_listed_for_prefix_queries(store: Store, tmp_path: Path) -> None:
    """A prefix query stands for the listed words that start with it: a word the list lacks is reported by
    `db check` and listed again by `db reindex`."""
    from sqlalchemy import text

    from devatlas.store.maintenance import list_index_words

    ingest(store, [write_docs(tmp_path / "docs")])
    assert check(store) == []
    if store.dialect != "sqlite":
        return
    found = {r.id for r in search(store, "zapošljavanju").results}  # a prefix query over the listed words
    assert found
    with store.session() as session:
        session.execute(text("DELETE FROM search_terms WHERE term LIKE 'zaposlj%'"))
    assert {r.id for r in search(store, "zapošljavanju").results} == found  # no listed word: FTS5's own prefix
    assert any("missing from search_terms" in p for p in check(store))
    with store.session() as session:
        assert list_index_words(session) > 0
    assert check(store) == [] and search(store, "zapošljavanju").results
