"""Every operation of the JSON API, driven by schemathesis from the app's own OpenAPI schema (in-process ASGI):
whatever the schema allows, the answer is never a server error. Review operations are called with a `review`
token, so their bodies are exercised rather than refused at the door."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from devatlas.store import Store
from devatlas.store.users import create_token
from devatlas.web.app import create_app
from tests.web.conftest import EDITOR

EXAMPLES_PER_OPERATION = 10


@pytest.fixture(scope="module")
def fuzzed_registry(registry_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A private copy of the sample registry (the fuzzer merges and renames in it) and a review token."""
    copy = tmp_path_factory.mktemp("fuzz") / "registry.db"
    shutil.copyfile(registry_file, copy)
    url = f"sqlite:///{copy}"
    store = Store(url)
    with store.session() as session:
        token = create_token(session, EDITOR, "review")
    store.close()
    yield url, token


@pytest.fixture(scope="module")
def api_schema(fuzzed_registry: tuple[str, str]):  # type: ignore[no-untyped-def]
    app = create_app(fuzzed_registry[0])
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_operation_answers_with_a_server_error(api_schema, fuzzed_registry: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Each operation gets its own Hypothesis run over the cases its schema allows; every 5xx is reported."""
    headers = {"Authorization": f"Bearer {fuzzed_registry[1]}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def exercise(case) -> None:  # type: ignore[no-untyped-def]
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # the in-process transport raises what a server would answer 500 for
                raise AssertionError(f"{case.method} {case.formatted_path} {case.query or ''} -> "
                                     f"{type(exc).__name__}: {exc}") from None
            assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query or ''} " \
                                                f"{case.body if case.body is not None else ''} -> " \
                                                f"{response.status_code} {response.text[:200]}"

        try:
            exercise()
        except AssertionError as exc:
            failures.append(next((line for line in str(exc).splitlines() if " -> " in line), str(exc)[:300]))
    assert not failures, "\n".join(failures)


def test_the_schema_lists_the_review_operations(api_schema) -> None:  # type: ignore[no-untyped-def]
    paths = set(api_schema.raw_schema["paths"])
    assert {"/api/v1/review/queue", "/api/v1/review/facts/{fact_id}", "/api/v1/review/organisations/merge",
            "/api/v1/review/organisations/rename"} <= paths
    # HTML pages and forms are not API operations
    assert not any(p.startswith(("/review", "/login")) for p in paths)
