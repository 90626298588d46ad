"""`devatlas export ...` and `devatlas import ...`: thin commands over the exchange library."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

export_app = typer.Typer(help="Write the registry as IATI 2.03 XML, CSV, JSON, GeoJSON or a printable catalogue.",
                         no_args_is_help=True)
import_app = typer.Typer(help="Read published data (IATI activity files) into the registry.", no_args_is_help=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: DEVATLAS_DATABASE_URL or sqlite:///devatlas.db)."),
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write.", dir_okay=False)]
QueryOption = Annotated[str | None, typer.Option("--query", "-q", help="Only what the documents matching these "
                                                                       "words are about (as in devatlas search).")]
CountryOption = Annotated[str | None, typer.Option(help="ISO country code, e.g. BA.")]
PlaceOption = Annotated[str | None, typer.Option(help="Place name.")]
FunderOption = Annotated[str | None, typer.Option(help="Funder name.")]
OrgOption = Annotated[str | None, typer.Option(help="Organisation name.")]
YearOption = Annotated[str | None, typer.Option(help="Year of a date in the document.")]
LangOption = Annotated[str | None, typer.Option(help="Language code: en, bs, hr, sr...")]


class What(StrEnum):
    projects = "projects"
    organisations = "organisations"
    places = "places"
    facts = "facts"


def _report(message: str) -> None:
    from devatlas.cli import _report as report

    report(message)


def _open_store(url: str | None):  # type: ignore[no-untyped-def]
    from devatlas.cli import _open_store as open_store

    return open_store(url)


def _filters(country: str | None, place: str | None, funder: str | None, org: str | None, year: str | None,
             lang: str | None) -> dict[str, str]:
    given = {"country": country, "place": place, "funder": funder, "org": org, "year": year, "lang": lang}
    return {k: v for k, v in given.items() if v}


def _writable(output: Path) -> None:
    if not output.parent.exists():
        _report(f"{output}: the folder {output.parent} does not exist")
        raise typer.Exit(code=2)


@export_app.command("iati")
def export_iati_command(
    output: OutputOption,
    project: Annotated[list[int] | None, typer.Option("--project", "-p", help="Project id (repeatable).")] = None,
    query: QueryOption = None,
    country: CountryOption = None,
    place: PlaceOption = None,
    funder: FunderOption = None,
    org: OrgOption = None,
    year: YearOption = None,
    lang: LangOption = None,
    reporting_org_name: Annotated[str, typer.Option(help="Name of the publishing organisation.")] = (
        "devatlas registry"),
    reporting_org_type: Annotated[str, typer.Option(help="IATI OrganisationType code of the publisher.")] = "90",
    validate: Annotated[bool, typer.Option(help="Validate against the IATI schema when it is available.")] = True,
    db: DatabaseOption = None,
) -> None:
    """Write projects as an IATI 2.03 activity file; every code is checked against the IATI codelists."""
    from devatlas.exchange.codelists import CodelistError
    from devatlas.exchange.iati_export import IatiExportOptions, export_iati, schema_path, validate_against_schema
    from devatlas.exchange.selection import project_ids
    from devatlas.settings import load_settings

    _writable(output)
    store = _open_store(db)
    ids = project_ids(store, project or (), query, _filters(country, place, funder, org, year, lang))
    if not ids:
        store.close()
        _report(f"no project matches, nothing written to {output}")
        raise typer.Exit(code=1)
    options = IatiExportOptions(load_settings().reporting_org, reporting_org_name, reporting_org_type)
    try:
        summary = export_iati(store, ids, output, options)
    except CodelistError as exc:
        _report(f"export stopped, nothing written to {output}: {exc}")
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(f"{summary.activities} activities written to {output}")
    xsd = schema_path()
    if validate and xsd is not None:
        errors = validate_against_schema(output, xsd)
        for error in errors[:20]:
            _report(f"{output}: {error}")
        if errors:
            raise typer.Exit(code=1)
        typer.echo("valid against the IATI 2.03 schema")


def _table(fmt: str, what: What, output: Path, query: str | None, filters: dict[str, str], db: str | None) -> None:
    from devatlas.exchange.tabular import export_table

    _writable(output)
    store = _open_store(db)
    try:
        count = export_table(store, fmt, what.value, output, query, filters)
    finally:
        store.close()
    unit = "features" if fmt == "geojson" else "rows"
    typer.echo(f"{count} {unit} ({what.value}) written to {output}")


@export_app.command("csv")
def export_csv(output: OutputOption, what: Annotated[What, typer.Option(help="Which records.")] = What.projects,
               query: QueryOption = None, country: CountryOption = None, place: PlaceOption = None,
               funder: FunderOption = None, org: OrgOption = None, year: YearOption = None,
               lang: LangOption = None, db: DatabaseOption = None) -> None:
    """Write records as CSV (UTF-8, lists joined with '; ')."""
    _table("csv", what, output, query, _filters(country, place, funder, org, year, lang), db)


@export_app.command("json")
def export_json(output: OutputOption, what: Annotated[What, typer.Option(help="Which records.")] = What.projects,
                query: QueryOption = None, country: CountryOption = None, place: PlaceOption = None,
                funder: FunderOption = None, org: OrgOption = None, year: YearOption = None,
                lang: LangOption = None, db: DatabaseOption = None) -> None:
    """Write records as a JSON array."""
    _table("json", what, output, query, _filters(country, place, funder, org, year, lang), db)


@export_app.command("geojson")
def export_geojson(output: OutputOption, what: Annotated[What, typer.Option(help="Which records.")] = What.projects,
                   query: QueryOption = None, country: CountryOption = None, place: PlaceOption = None,
                   funder: FunderOption = None, org: OrgOption = None, year: YearOption = None,
                   lang: LangOption = None, db: DatabaseOption = None) -> None:
    """Write located records as a GeoJSON FeatureCollection of points (opens in QGIS)."""
    _table("geojson", what, output, query, _filters(country, place, funder, org, year, lang), db)


@export_app.command("catalogue")
def export_catalogue(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.html or FILE.pdf.", dir_okay=False)],
    kind: Annotated[list[str] | None, typer.Option("--kind", "-k", help="Organisation kind, e.g. municipality, "
                                                                          "ngo, agencija (repeatable).")] = None,
    country: CountryOption = None,
    region: Annotated[str | None, typer.Option(help="Region: entity, canton, county or district name.")] = None,
    title: Annotated[str | None, typer.Option(help="Title printed on the first page.")] = None,
    db: DatabaseOption = None,
) -> None:
    """A printable catalogue of organisations: place, people and their roles, projects with status."""
    from devatlas.exchange.catalogue import CatalogueError, write_catalogue

    _writable(output)
    store = _open_store(db)
    try:
        count = write_catalogue(store, output, kinds=kind or [], country=country, region=region, title=title)
    except CatalogueError as exc:
        _report(f"{output}: {exc}")
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(f"{count} organisations in the catalogue written to {output}")


@import_app.command("iati")
def import_iati_command(
    paths: Annotated[list[Path], typer.Argument(help="IATI activity files (2.01-2.03, 1.x) or folders of them.")],
    db: DatabaseOption = None,
) -> None:
    """Read IATI activity files into the registry, linked to projects already known from documents.

    Large files are streamed; unsafe XML (DTDs, entities, deep nesting) is refused with its reason.
    """
    from devatlas.exchange.iati_import import import_iati

    store = _open_store(db)
    try:
        summary = import_iati(store, paths)
    finally:
        store.close()
    for path, note in summary.notes:
        _report(f"{path}: {note}")
    for path, problem in summary.skipped:
        _report(f"{path}: skipped {problem}")
    for path, reason in summary.failed:
        _report(f"{path}: {reason}")
    typer.echo(f"{summary.files} files, {summary.activities} activities: {summary.created} new projects, "
               f"{summary.linked} linked to projects known from documents, {summary.updated} updated"
               + (f", {len(summary.skipped)} skipped" if summary.skipped else ""))
    if summary.failed:
        raise typer.Exit(code=1)
