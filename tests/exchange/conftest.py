"""Fixtures of the exchange tests: the shared IATI reference data, and one registry of all samples per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devatlas.exchange.codelists import shared_dir
from devatlas.exchange.iati_export import export_iati, schema_path
from devatlas.exchange.selection import project_ids
from devatlas.ingest.pipeline import ingest
from devatlas.store import Store
from tests.conftest import SAMPLES

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("the shared IATI reference data (../shared/iati or DEVATLAS_SHARED) is not present")
    return found


@pytest.fixture(scope="session")
def iati_schema(shared: Path) -> Path:
    found = schema_path(shared)
    if found is None:
        pytest.skip("the IATI activity schema is missing from the shared reference data")
    return found


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A SQLite registry with every sample document ingested (read-only for the tests that use it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('samples') / 'registry.db'}"
    store = Store(url)
    summary = ingest(store, [SAMPLES])
    assert not summary.failed, summary.failed
    yield store
    store.close()


@pytest.fixture(scope="session")
def samples_export(samples_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample project as one IATI 2.03 file."""
    path = tmp_path_factory.mktemp("export") / "samples.xml"
    export_iati(samples_store, project_ids(samples_store), path)
    return path
