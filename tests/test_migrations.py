"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from devatlas.ingest.duplicates import band_keys, minhash_of
from devatlas.ingest.pipeline import ingest
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.db import alembic_config, make_engine, migrate
from devatlas.store.models import Base
from tests.conftest import SAMPLES


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        # the full-text index objects are made by the migration alone (FTS5 table, GIN expression index)
        differences = [
            d for d in compare_metadata(context, Base.metadata)
            if "search_fts" not in str(d) and "ix_search_entries_tsv" not in str(d)
        ]
    assert differences == []


def test_migrating_twice_changes_nothing(store: Store) -> None:
    migrate(store.engine)
    migrate(store.engine)


def _registry_at(tmp_path: Path, revision: str) -> tuple[str, sa.Engine]:
    """A SQLite registry migrated only as far as `revision`: its URL and engine."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return url, engine


def test_near_duplicate_bands_are_filled_from_the_signatures_a_registry_already_holds(tmp_path: Path) -> None:
    url, engine = _registry_at(tmp_path, "0004_page_indexes")
    text = " ".join(f"Općina Srbac gradi put broj {i} uz pomoć donatora." for i in range(30))
    signature = minhash_of(text).hashvalues.tobytes()
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO documents (content_hash, source, title, url, language, script, text,"
                                   " extractor_version, story_id, minhash, ingested_at) VALUES ('h', 'a.txt', '', '',"
                                   " 'bs', 'latin', :text, '0', 1, :minhash, CURRENT_TIMESTAMP)"),
                           {"text": text, "minhash": signature})
    engine.dispose()
    store = Store(url)  # migrates to the newest revision
    with store.session() as session:
        keys = set(session.scalars(sa.select(m.DocumentBand.band_key)))
    assert keys == set(band_keys(signature))
    (tmp_path / "b.txt").write_text("Vijesti: " + text, encoding="utf-8")
    summary = ingest(store, [tmp_path / "b.txt"])
    assert summary.new == 1 and summary.near_duplicates == 1
    store.close()


def test_facet_rows_of_an_older_registry_get_their_values_numbers(tmp_path: Path) -> None:
    """Migrated from before the facet values had numbers: numbered, then each entry's row written (0008) and
    rewritten as plain numbers (0009)."""
    url, engine = _registry_at(tmp_path, "0006_search_terms")
    facets = [(1, "country", "BA"), (1, "funder", "USAID"), (2, "country", "BA"), (2, "org", "USAID"),
              (3, "country", "RS")]
    with engine.begin() as connection:
        for entry in (1, 2, 3):
            connection.execute(sa.text("INSERT INTO search_entries (id, entity_type, entity_id, title, tokens, facets)"
                                       " VALUES (:id, 'doc', :id, '', 'rijec', '{}')"), {"id": entry})
        for entry, name, value in facets:
            connection.execute(sa.text("INSERT INTO search_facets (entry_id, name, value, value_key) "
                                       "VALUES (:entry, :name, :value, lower(:value))"),
                               {"entry": entry, "name": name, "value": value})
    engine.dispose()
    store = Store(url)  # migrates to the newest revision
    with store.session() as session:
        pairs = session.execute(sa.select(m.SearchFacet.entry_id, m.SearchFacetValue.name, m.SearchFacetValue.value)
                                .join(m.SearchFacetValue, m.SearchFacetValue.id == m.SearchFacet.value_id)).all()
        numbers = session.scalar(sa.select(sa.func.count()).select_from(m.SearchFacetValue))
        number = {(name, value): id_ for name, value, id_ in session.execute(
            sa.select(m.SearchFacetValue.name, m.SearchFacetValue.value, m.SearchFacetValue.id))}
        held = dict(session.execute(sa.select(m.SearchEntryValues.entry_id, m.SearchEntryValues.value_ids)).all())
    assert sorted(tuple(p) for p in pairs) == sorted(facets)
    facet = {"country": 0, "funder": 2, "org": 3}  # their places in search.FACETS
    assert {k: sorted(v.split()) for k, v in held.items()} == {
        entry: sorted(str(number[(name, value)] * 8 + facet[name]) for e, name, value in facets if e == entry)
        for entry in (1, 2, 3)}
    assert numbers == 4  # BA once for both entries; USAID once as a funder and once as an organisation
    store.close()


def test_entry_values_go_back_to_tagged_numbers_and_return(tmp_path: Path) -> None:
    """0009 downgraded writes the rows as 0008 did (a facet's letter before the value's number), and upgraded
    again the numbers of the newest revision, the same for every entry."""
    store = Store(f"sqlite:///{tmp_path / 'registry.db'}")
    ingest(store, sorted(SAMPLES.glob("*.txt"))[:6])
    read = sa.select(m.SearchEntryValues.entry_id, m.SearchEntryValues.value_ids)
    with store.session() as session:
        newest = {entry: sorted(v.split(), key=int) for entry, v in session.execute(read)}
    config = alembic_config(store.engine)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_entry_values")
        tagged = {entry: v.split() for entry, v in connection.execute(sa.text(
            "SELECT entry_id, value_ids FROM search_entry_values"))}
        command.upgrade(config, "head")
    with store.session() as session:
        again = {entry: sorted(v.split(), key=int) for entry, v in session.execute(read)}
    store.close()
    letters = {"c": 0, "p": 1, "f": 2, "o": 3, "y": 4, "l": 5}
    assert newest and again == newest
    assert {entry: sorted((str(int(t[1:]) * 8 + letters[t[0]]) for t in tags), key=int)
            for entry, tags in tagged.items()} == newest
