"""A registry survives `kill -9` in the middle of an ingest, and readers work while a writer writes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from devatlas.store import Store
from devatlas.store.maintenance import check
from devatlas.store.search import search


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(
            f"Vijest {i}: Općina Laktaši i Grad Banja Luka potpisali su {i}. sporazum o zapošljavanju "
            f"vrijedan {1000 + i} KM, 12.3.2021. godine. Broj {i * 7919 % 10007}.",
            encoding="utf-8",
        )
    return folder


def _documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def test_kill_during_ingest_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "docs", 3000)
    db = tmp_path / "registry.db"
    url = f"sqlite:///{db}"
    command = [sys.executable, "-m", "devatlas.cli", "ingest", str(folder), "--db", url]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _documents(db) < 200 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = _documents(db)
    assert 0 < committed < 3000

    store = Store(url)
    assert check(store) == []
    assert search(store, "Laktaši", entity_type="doc", limit=5).total == committed  # exactly what was committed
    store.close()

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _documents(db) == 3000
    store = Store(url)
    assert check(store) == []
    store.close()


def test_search_works_while_an_ingest_writes(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "docs", 1500)
    db = tmp_path / "registry.db"
    url = f"sqlite:///{db}"
    Store(url).close()
    writer = subprocess.Popen([sys.executable, "-m", "devatlas.cli", "ingest", str(folder), "--db", url],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reader = Store(url)
    seen = []
    try:
        while writer.poll() is None:
            seen.append(search(reader, "zapošljavanje", limit=1).total)
            time.sleep(0.05)
    finally:
        writer.wait(timeout=600)
        reader.close()
    assert writer.returncode == 0
    assert seen == sorted(seen)  # every read saw a consistent, growing registry
    assert len(seen) > 3
