"""Integrity checks and consistent backups of a registry that may be in use."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from devatlas.store import Store
from devatlas.store import models as m


def check(store: Store) -> list[str]:
    """Problems found, as sentences; empty when the registry is sound."""
    problems: list[str] = []
    with store.session() as session:
        if store.dialect == "sqlite":
            result = session.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                problems.append(f"SQLite integrity check: {result}")
            for row in session.execute(text("PRAGMA foreign_key_check")).all():
                problems.append(f"broken reference in table {row[0]} (row {row[1]}) to {row[2]}")
            indexed = session.execute(text("SELECT count(*) FROM search_fts")).scalar()
            entries = session.scalar(select(func.count(m.SearchEntry.id)))
            if indexed != entries:
                problems.append(f"search index holds {indexed} entries, the records {entries}")
            try:
                session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
            except Exception as exc:
                problems.append(f"full-text index damaged: {exc}")
            missing = _unlisted_words(session)
            if missing:
                problems.append(f"{missing} words of the search index are missing from search_terms, so prefix "
                                "queries miss them: `devatlas db reindex` lists them")
        docs = session.scalar(select(func.count(m.Document.id)))
        doc_entries = session.scalar(select(func.count(m.SearchEntry.id)).where(m.SearchEntry.entity_type == "doc"))
        if docs != doc_entries:
            problems.append(f"{docs} documents but {doc_entries} of them in the search index")
    return problems


def _unlisted_words(session: Any) -> int:
    """Words of the full-text index that search_terms does not list."""
    session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
                         "USING fts5vocab(main, 'search_fts', 'row')"))
    return session.execute(text("SELECT count(*) FROM temp.search_vocabulary v WHERE NOT EXISTS "
                                "(SELECT 1 FROM search_terms t WHERE t.term = v.term)")).scalar() or 0


def list_index_words(session: Any) -> int:
    """Add every word of the SQLite full-text index to search_terms; the number added."""
    missing = _unlisted_words(session)
    if missing:
        session.execute(text("INSERT OR IGNORE INTO search_terms (term) SELECT term FROM temp.search_vocabulary"))
    return missing


def backup(store: Store, target: Path) -> None:
    """SQLite: the online backup API (consistent while writers work). PostgreSQL: pg_dump."""
    url = make_url(store.url)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if store.dialect == "sqlite":
        source = sqlite3.connect(url.database or ":memory:")
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return
    if shutil.which("pg_dump") is None:
        raise RuntimeError("pg_dump is not installed (Debian package postgresql-client)")
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_dump", "--format=custom", f"--file={target}", dsn], check=True, capture_output=True)
