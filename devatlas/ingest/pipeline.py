"""`devatlas ingest`: files in, registry records out; idempotent, resumable, one bad file never stops a batch.

Workers read and understand documents (the CPU part) in parallel; the main process alone writes, in small
transactions, so a crash loses at most the batch being written and a re-run skips what was committed (the
content hash says so) and continues.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from sqlalchemy import select

from devatlas import __version__
from devatlas.ingest.formats import SUPPORTED_SUFFIXES, SourceDocument, read_document
from devatlas.ingest.readers import ReadError
from devatlas.model import Document, Extraction
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.repository import TextFindings, save_extraction, text_findings
from devatlas.store.search import index_entities
from devatlas.text.script import fold

EXTRACTOR_VERSION = __version__
NUM_PERM = 64
NEAR_DUPLICATE_THRESHOLD = 0.8
BATCH = 50


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    reextracted: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Understood:
    path: str
    source: SourceDocument
    content_hash: str
    extraction: Extraction
    minhash: bytes
    findings: TextFindings  # search words, events, participation: made in the worker so the single writer only writes


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ReadError]:
    """Supported files named or found under directories (recursively, sorted); missing paths as errors."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if child.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield child
        elif p.exists():
            yield p
        else:
            yield ReadError(str(p), "no such file or directory")


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@functools.cache
def _permutations() -> object:
    """The random permutations every signature shares: drawing them is most of the cost of a new MinHash."""
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32").permutations


def _signature(stored: bytes | None = None) -> MinHash:
    """A MinHash with fixed parameters, fresh or restored from stored hash values."""
    import numpy as np

    hashvalues = None if stored is None else np.frombuffer(stored, dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32", hashvalues=hashvalues, permutations=_permutations())


def minhash_of(text: str) -> MinHash:
    words = fold(text).split()
    signature = _signature()
    for i in range(max(1, len(words) - 4)):
        signature.update(" ".join(words[i : i + 5]).encode("utf-8"))
    return signature


def _understand(path: str) -> _Understood | ReadError:
    from devatlas.understand import extract

    try:
        source = read_document(path)
    except ReadError as exc:
        return exc
    except Exception as exc:  # a reader library failing on a malformed file must not stop the batch
        return ReadError(path, f"unreadable ({type(exc).__name__}: {exc})")
    extraction = extract(Document(text=source.text, name=Path(path).name, url=source.url, title=source.title))
    return _Understood(path, source, content_hash(source.text), extraction,
                       minhash_of(source.text).hashvalues.tobytes(),
                       text_findings(source.title, source.text, extraction))


def _results(paths: list[str], workers: int) -> Iterator[_Understood | ReadError]:
    if workers <= 1:
        yield from map(_understand, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_understand, paths, chunksize=16)


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    workers: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest files into the registry and say what happened to each."""
    summary = IngestSummary()
    files: list[str] = []
    for item in iter_input_files(paths):
        if isinstance(item, ReadError):
            summary.failed.append((item.path, item.reason))
        else:
            files.append(str(item))
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    with store.session() as session:
        known = {h: (i, v, s) for h, i, v, s in session.execute(
            select(m.Document.content_hash, m.Document.id, m.Document.extractor_version, m.Document.story_id))}
        for doc_id, blob in session.execute(select(m.Document.id, m.Document.minhash)):
            if blob:
                lsh.insert(str(doc_id), _signature(blob))
    pending: list[_Understood] = []

    def flush() -> None:
        if not pending:
            return
        touched: dict[str, set[int]] = {"project": set(), "org": set(), "place": set()}
        with store.session() as session:
            for item in pending:
                for kind, ids in _write(session, item, known, lsh, summary).items():
                    touched[kind] |= ids
            index_entities(session, touched)  # in the same transaction: search never disagrees with the records
        pending.clear()

    for done, result in enumerate(_results(files, workers), 1):
        if isinstance(result, ReadError):
            summary.failed.append((result.path, result.reason))
        else:
            summary.read += 1
            pending.append(result)
            if len(pending) >= BATCH:
                flush()
        if on_progress:
            on_progress(done, len(files))
    flush()
    return summary


def _write(session, item: _Understood, known: dict, lsh: MinHashLSH,  # type: ignore[no-untyped-def]
           summary: IngestSummary) -> dict[str, set[int]]:
    """Store one understood file; returns the entities it touched (nothing for an unchanged duplicate)."""
    previous = known.get(item.content_hash)
    if previous is not None and previous[1] == EXTRACTOR_VERSION:
        summary.duplicates += 1
        return {}
    if previous is not None:
        doc = session.get(m.Document, previous[0])
        touched = save_extraction(session, doc, item.extraction, EXTRACTOR_VERSION, item.findings)
        summary.reextracted += 1
        known[item.content_hash] = (doc.id, EXTRACTOR_VERSION, doc.story_id)
        return touched
    signature = _signature(item.minhash)
    similar = lsh.query(signature)
    doc = m.Document(
        content_hash=item.content_hash, source=item.source.source, title=item.source.title, url=item.source.url,
        published=item.source.published, text=item.source.text, minhash=item.minhash,
    )
    session.add(doc)
    session.flush()
    if similar:
        first = session.get(m.Document, min(int(s) for s in similar))
        doc.story_id = first.story_id or first.id if first else doc.id
        summary.near_duplicates += 1
    else:
        doc.story_id = doc.id
    lsh.insert(str(doc.id), signature)
    touched = save_extraction(session, doc, item.extraction, EXTRACTOR_VERSION, item.findings)
    known[item.content_hash] = (doc.id, EXTRACTOR_VERSION, doc.story_id)
    summary.new += 1
    return touched
