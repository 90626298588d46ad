"""`devatlas ingest`: files in, registry records out; idempotent, resumable, one bad file never stops a batch.

Workers read and understand documents (the CPU part) in parallel; the main process alone writes, in small
transactions, so a crash loses at most the batch being written and a re-run skips what was committed (the
content hash says so) and continues.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update

from devatlas import __version__
from devatlas.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, band_keys, minhash_of, similarity
from devatlas.ingest.formats import SUPPORTED_SUFFIXES, SourceDocument, read_document
from devatlas.ingest.readers import ReadError
from devatlas.model import Document, Extraction
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.repository import TextFindings, save_extraction, text_findings
from devatlas.store.search import compact_index, index_entities

EXTRACTOR_VERSION = __version__
BATCH = 50
NEAR_DUPLICATE_CANDIDATES = 20  # documents sharing a band that are compared in full; the oldest come first


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
    pending: list[_Understood] = []

    def flush() -> None:
        if not pending:
            return
        touched: dict[str, set[int]] = {"project": set(), "org": set(), "place": set()}
        with store.session() as session:  # what the registry already holds of this batch, looked up by hash
            known = {h: (i, v, s) for h, i, v, s in session.execute(
                select(m.Document.content_hash, m.Document.id, m.Document.extractor_version, m.Document.story_id)
                .where(m.Document.content_hash.in_({item.content_hash for item in pending})))}
            for item in pending:
                for kind, ids in _write(session, item, known, summary).items():
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
    if summary.new or summary.reextracted:
        with store.session() as session:  # each batch wrote its own piece of the full-text index
            compact_index(session)
    return summary


# Built once: constructing the statement anew cost more than running it (a document's 20 band keys are 20 bound
# values to coerce); an expanding parameter takes the list as it comes.
_SHARING_A_BAND = (
    select(m.Document.id, m.Document.story_id, m.Document.minhash)
    .where(m.Document.id.in_(select(m.DocumentBand.document_id)
                             .where(m.DocumentBand.band_key.in_(bindparam("keys", expanding=True)))))
    .order_by(m.Document.id).limit(NEAR_DUPLICATE_CANDIDATES))
_INSERT_BANDS = insert(m.DocumentBand.__table__)  # the table, not the class: no ORM bulk bookkeeping
_DOCUMENTS = m.Document.__table__
_INSERT_DOCUMENT = insert(_DOCUMENTS).returning(_DOCUMENTS.c.id)
_OWN_STORY = update(_DOCUMENTS).where(_DOCUMENTS.c.id == bindparam("doc_id")).values(story_id=bindparam("doc_id"))


def _story_of_near_duplicate(session, signature: bytes, keys: list[int]) -> int | None:  # type: ignore[no-untyped-def]
    """The story of the oldest document that shares a band with this one and agrees on enough of its signature."""
    candidates = session.execute(_SHARING_A_BAND, {"keys": keys})
    for doc_id, story_id, stored in candidates:
        if stored and similarity(stored, signature) >= NEAR_DUPLICATE_THRESHOLD:
            return story_id or doc_id
    return None


def _write(session, item: _Understood, known: dict,  # type: ignore[no-untyped-def]
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
    keys = list(dict.fromkeys(band_keys(item.minhash)))
    story_id = _story_of_near_duplicate(session, item.minhash, keys)
    # Written with two plain statements; the Document object below only carries the values to the rest of the
    # write, which reads them and never writes it back (the ORM's insert and update cost several times more).
    values = dict(
        content_hash=item.content_hash, source=item.source.source, title=item.source.title, url=item.source.url,
        published=item.source.published, text=item.source.text, minhash=item.minhash,
        language=item.extraction.language, script=item.extraction.script, extractor_version=EXTRACTOR_VERSION,
        story_id=story_id,
    )
    doc_id = session.execute(_INSERT_DOCUMENT, values).scalar_one()
    if story_id is None:  # a story of its own: known only now that the document has its id
        session.execute(_OWN_STORY, {"doc_id": doc_id})
        values["story_id"] = doc_id
    doc = m.Document(id=doc_id, **values)
    summary.near_duplicates += story_id is not None
    session.execute(_INSERT_BANDS, [{"band_key": key, "document_id": doc.id} for key in keys])
    touched = save_extraction(session, doc, item.extraction, EXTRACTOR_VERSION, item.findings, fresh=True)
    known[item.content_hash] = (doc.id, EXTRACTOR_VERSION, doc.story_id)
    summary.new += 1
    return touched
