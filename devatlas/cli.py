"""The `devatlas` command. Each command parses its arguments, calls a library function and prints the result."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from devatlas import __version__

app = typer.Typer(
    help="devatlas: who funds what, where, with whom, for how much and when, in the Western Balkans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


def _report(message: str) -> None:
    """One unwrapped line on stderr, so that each bad file is one greppable line."""
    sys.stderr.write(f"devatlas: {message}\n")
    sys.stderr.flush()


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.callback()
def main() -> None:
    """devatlas: who funds what, where, with whom, for how much and when, in the Western Balkans."""
    from devatlas.native import stale_modules

    stale = stale_modules()
    if stale:
        _report(f"warning: {', '.join(stale)} changed since they were compiled and run as built; "
                "rebuild with `make install` (or `pip install -e .`)")


@app.command()
def version() -> None:
    """Print the devatlas version and whether its extraction runs compiled."""
    from devatlas.native import describe

    typer.echo(__version__)
    typer.echo(describe())


def _print_table(record: dict) -> None:
    out = Console(highlight=False)
    table = Table(title=f"{record['doc']}  ({record['language']}, {record['script']})", show_lines=False)
    table.add_column("field", style="bold")
    table.add_column("values")
    for key, values in record.items():
        if key in ("doc", "language", "script"):
            continue
        shown = []
        for v in values:
            if isinstance(v, dict):
                shown.append(", ".join(f"{k}={w}" for k, w in v.items() if w not in ("", None, [])))
            else:
                shown.append(str(v))
        table.add_row(key, "\n".join(shown))
    out.print(table)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Text files, or directories searched recursively for them.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="jsonl: one object per line; json: one array; table.")
    ] = OutputFormat.jsonl,
    spans: Annotated[bool, typer.Option("--spans", help="Give each item its character offsets and rule.")] = False,
) -> None:
    """Read documents and print the places, organisations, funders, people, money, dates and projects in them.

    Bad files get one line on stderr naming the file and the reason; the others are processed, and the exit
    code is 1 when any file failed.
    """
    from devatlas.gazetteer import load_gazetteer
    from devatlas.ingest import ReadError, iter_text_files, read_text
    from devatlas.model import Document
    from devatlas.output import extraction_record
    from devatlas.understand import extract as extract_document

    files = list(iter_text_files(paths))
    gazetteer = load_gazetteer()
    failures = 0
    collected: list[dict] = []
    show_progress = err.is_terminal and len(files) > 20
    progress = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(), console=err, transient=True, disable=not show_progress,
    )
    with progress:
        task = progress.add_task("extract", total=len(files), rate="")
        for item in files:
            progress.advance(task)
            if isinstance(item, ReadError):
                failures += 1
                _report(str(item))
                continue
            try:
                text = read_text(item)
            except ReadError as exc:
                failures += 1
                _report(str(exc))
                continue
            extraction = extract_document(Document(text=text, name=item.name), gazetteer)
            record = extraction_record(extraction, with_spans=spans)
            if output_format is OutputFormat.jsonl:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif output_format is OutputFormat.table:
                _print_table(record)
            else:
                collected.append(record)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
    if failures:
        _report(f"{failures} of {len(files)} files could not be read")
        raise typer.Exit(code=1)


DatabaseOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: DEVATLAS_DATABASE_URL or sqlite:///devatlas.db)."),
]


def _open_store(url: str | None):  # type: ignore[no-untyped-def]
    from devatlas.store import Store, StoreError

    try:
        return Store(url)
    except StoreError as exc:
        _report(str(exc))
        raise typer.Exit(code=2) from None


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (txt, md, html, pdf, docx) or directories of them.")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes that read and extract.")] = 1,
    db: DatabaseOption = None,
) -> None:
    """Read documents into the registry: extract, resolve, store and index them.

    The same content twice is stored once; a re-run after an extractor upgrade re-extracts; near-duplicates
    are linked as one story. Bad files are listed with their reason and the batch goes on.
    """
    from devatlas.ingest.pipeline import ingest as run_ingest

    store = _open_store(db)
    progress = Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=err, transient=False,
        disable=not err.is_terminal,
    )
    import time

    started = time.perf_counter()
    with progress:
        task = progress.add_task("ingest", total=None, rate="")

        def on_progress(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-6)
            progress.update(task, completed=done, total=total, rate=f"{rate:.0f} docs/s")

        summary = run_ingest(store, paths, workers=workers, on_progress=on_progress)
    for path, reason in summary.failed:
        _report(f"{path}: {reason}")
    table = Table(title="ingest summary")
    for column in ("read", "new", "re-extracted", "duplicates", "near-duplicates", "failed"):
        table.add_column(column, justify="right")
    table.add_row(*(str(x) for x in (summary.read, summary.new, summary.reextracted, summary.duplicates,
                                     summary.near_duplicates, len(summary.failed))))
    err.print(table)
    store.close()
    if summary.failed:
        raise typer.Exit(code=1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words in any case form, script or standard; diacritics optional.")],
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. BA.")] = None,
    place: Annotated[str | None, typer.Option(help="Place name.")] = None,
    funder: Annotated[str | None, typer.Option(help="Funder name.")] = None,
    org: Annotated[str | None, typer.Option(help="Organisation name.")] = None,
    year: Annotated[str | None, typer.Option(help="Year of a date in the document.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code: en, bs, hr, sr...")] = None,
    entity_type: Annotated[str | None, typer.Option("--type", help="doc, project, org or place.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Results to show.")] = 10,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or jsonl.")] = (
        OutputFormat.table
    ),
    db: DatabaseOption = None,
) -> None:
    """Search the registry, with facet counts and highlighted snippets."""
    from devatlas.store.search import search as run_search

    store = _open_store(db)
    filters = {"country": country, "place": place, "funder": funder, "org": org, "year": year, "lang": lang}
    found = run_search(store, query, {k: v for k, v in filters.items() if v}, entity_type, limit)
    store.close()
    rows = [
        {"type": r.type, "id": r.id, "title": r.title, "source": r.source, "score": r.score, "snippet": r.snippet}
        for r in found.results
    ]
    if output_format is OutputFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if output_format is OutputFormat.json:
        payload = {"query": query, "total": found.total, "results": rows,
                   "facets": {k: [{"value": v, "count": c} for v, c in vals] for k, vals in found.facets.items()}}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False)
    table = Table(title=f"{found.total} results for {query!r}")
    for column in ("type", "id", "title", "score", "snippet"):
        table.add_column(column)
    for row in rows:
        shown = row["snippet"].replace("<mark>", "[bold yellow]").replace("</mark>", "[/]")
        table.add_row(row["type"], str(row["id"]), row["title"][:60], f"{row['score']:.2f}", shown)
    out.print(table)
    for name, values in found.facets.items():
        out.print(f"[bold]{name}[/]: " + ", ".join(f"{v} ({c})" for v, c in values[:8]))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DatabaseOption = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes: pages are CPU-bound Python, so one "
                                         "per core serves the most readers. Each has a listening socket of its "
                                         "own, so connections are shared evenly (each process counts failed "
                                         "logins on its own).")] = 1,
    threads: Annotated[int | None, typer.Option(min=1, max=256, help="Request threads of each process (default "
                                                "DEVATLAS_WEB_THREADS or 4).")] = None,
) -> None:
    """Serve the web app (search, projects, organisations, places, map, dashboards, JSON API)."""
    import os

    import uvicorn

    from devatlas.web.app import create_app

    if threads is not None:  # read by each process's app as it starts
        os.environ["DEVATLAS_WEB_THREADS"] = str(threads)
    web_app = create_app(db)  # opened here too, so a registry that cannot be read is reported before serving
    if web_app.state.store is None:
        _report(web_app.state.store_error + " (the web app shows this on every page)")
    err.print(f"devatlas: serving {web_app.state.store.safe_url if web_app.state.store else 'no registry'} "
              f"at http://{host}:{port}/" + (f" with {workers} processes" if workers > 1 else ""))
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
        return
    if web_app.state.store is not None:
        web_app.state.store.close()
    if db:  # the worker processes build their own app from the settings
        os.environ["DEVATLAS_DATABASE_URL"] = db
    from devatlas.web.server import ServeError, serve_processes

    try:
        serve_processes(host, port, workers)
    except ServeError as exc:
        _report(str(exc))
        raise typer.Exit(code=1) from None


db_app = typer.Typer(help="Registry maintenance: upgrade, check, reindex, backup.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: DatabaseOption = None) -> None:
    """Create the registry or bring its schema to the newest version."""
    store = _open_store(db)
    typer.echo(f"registry at {store.safe_url} is up to date")
    store.close()


@db_app.command("check")
def db_check(db: DatabaseOption = None) -> None:
    """Check the registry's integrity and that the search index matches the records."""
    from devatlas.store.maintenance import check

    store = _open_store(db)
    problems = check(store)
    store.close()
    if problems:
        for problem in problems:
            _report(problem)
        raise typer.Exit(code=1)
    typer.echo("ok")


@db_app.command("reindex")
def db_reindex(db: DatabaseOption = None) -> None:
    """Give every project, organisation and place its search entry, so `search --type` finds them, list every
    indexed word for prefix queries, and merge the full-text index into one piece (SQLite)."""
    from devatlas.store.maintenance import list_index_words
    from devatlas.store.search import compact_index, index_entities

    store = _open_store(db)
    with store.session() as session:
        written = index_entities(session)
        listed = list_index_words(session) if store.dialect == "sqlite" else 0
    with store.session() as session:
        compact_index(session, at_least=2)
    store.close()
    typer.echo(f"{written} entities indexed" + (f", {listed} words listed for prefix queries" if listed else ""))


@db_app.command("backup")
def db_backup(
    target: Annotated[Path, typer.Argument(help="File to write the copy to (SQLite) or dump to (PostgreSQL).")],
    db: DatabaseOption = None,
) -> None:
    """Copy the registry consistently while it is in use."""
    from devatlas.store.maintenance import backup

    store = _open_store(db)
    try:
        backup(store, target)
    except (OSError, RuntimeError) as exc:
        _report(f"backup to {target} failed: {exc}")
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(f"backup written to {target}")


review_app = typer.Typer(help="Review extracted facts: list the queue, accept, reject or edit.", no_args_is_help=True)
app.add_typer(review_app, name="review")
AuthorOption = Annotated[str, typer.Option("--author", help="Who makes the correction (for the audit log).")]


@review_app.command("list")
def review_list(
    limit: Annotated[int, typer.Option(min=1, help="Facts to show.")] = 30,
    below: Annotated[float, typer.Option(help="Show facts with confidence below this.")] = 0.8,
    db: DatabaseOption = None,
) -> None:
    """Facts waiting for review, lowest confidence first."""
    from devatlas.store.corrections import review_queue

    store = _open_store(db)
    table = Table(title="review queue")
    for column in ("id", "document", "predicate", "value", "rule", "confidence"):
        table.add_column(column)
    with store.session() as session:
        for fact in review_queue(session, limit, below):
            table.add_row(str(fact.id), str(fact.document_id), fact.predicate, fact.value, fact.extractor,
                          f"{fact.confidence:.2f}")
    store.close()
    Console(highlight=False).print(table)


def _correct(db: str | None, action) -> None:  # type: ignore[no-untyped-def]
    from devatlas.store.corrections import CorrectionError

    store = _open_store(db)
    try:
        with store.session() as session:
            message = action(session)
    except CorrectionError as exc:
        _report(str(exc))
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(message)


@review_app.command("accept")
def review_accept(fact_id: int, author: AuthorOption = "editor", db: DatabaseOption = None) -> None:
    """Confirm a fact."""
    from devatlas.store.corrections import set_fact_state

    _correct(db, lambda s: f"fact {set_fact_state(s, fact_id, 'accept', author).id} accepted")


@review_app.command("reject")
def review_reject(fact_id: int, author: AuthorOption = "editor", db: DatabaseOption = None) -> None:
    """Reject a fact; it stays rejected after re-extraction."""
    from devatlas.store.corrections import set_fact_state

    _correct(db, lambda s: f"fact {set_fact_state(s, fact_id, 'reject', author).id} rejected")


@review_app.command("edit")
def review_edit(fact_id: int, value: str, author: AuthorOption = "editor", db: DatabaseOption = None) -> None:
    """Correct a fact's value; the correction survives re-extraction."""
    from devatlas.store.corrections import set_fact_state

    _correct(db, lambda s: f"fact {set_fact_state(s, fact_id, 'edit', author, value).id} now {value!r}")


@app.command()
def merge(
    org_a: Annotated[str, typer.Argument(help="Organisation to merge away: id, key or name.")],
    org_b: Annotated[str, typer.Argument(help="Organisation that remains: id, key or name.")],
    author: AuthorOption = "editor",
    db: DatabaseOption = None,
) -> None:
    """Merge two organisations that are one body; names, facts and roles move to the second."""
    from devatlas.store.corrections import merge_organisations

    _correct(db, lambda s: f"merged into {merge_organisations(s, org_a, org_b, author).name!r}")


@app.command()
def rename(
    org: Annotated[str, typer.Argument(help="Organisation: id, key or name.")],
    new_name: Annotated[str, typer.Argument(help="Its canonical name from now on.")],
    author: AuthorOption = "editor",
    db: DatabaseOption = None,
) -> None:
    """Give an organisation its proper canonical name; the old one stays as an alias."""
    from devatlas.store.corrections import rename_organisation

    _correct(db, lambda s: f"renamed to {rename_organisation(s, org, new_name, author).name!r}")


from devatlas.users import token_app, user_app  # noqa: E402  (sub-apps register after the core commands)

app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

from devatlas.exchange.cli import export_app, import_app  # noqa: E402

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


if __name__ == "__main__":
    app()
