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


@app.command()
def version() -> None:
    """Print the devatlas version."""
    typer.echo(__version__)


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
