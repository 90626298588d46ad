"""CSV, JSON and GeoJSON exports of the sample registry."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devatlas.cli import app
from devatlas.exchange.selection import project_ids
from devatlas.exchange.tabular import KINDS, export_table
from devatlas.store import Store


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output


def test_csv_has_one_row_per_project_with_lists_joined(samples_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "projects.csv"
    _run("csv", "-o", str(out), "--db", samples_store.url)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(project_ids(samples_store))
    lep = next(r for r in rows if r["acronym"] == "LEP")
    assert set(lep["funders"].split("; ")) == {"Evropska unija", "Općina Gradačac"}
    assert "Gradačac" in lep["places"].split("; ")
    assert lep["sectors"].split("; ")[0] == "16020" and lep["status_name"]
    assert "1300000 BAM" in lep["budget"] or "1450000 BAM" in lep["budget"]


@pytest.mark.parametrize("what", KINDS)
def test_json_of_each_kind(samples_store: Store, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.json"
    count = export_table(samples_store, "json", what, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == count > 0
    assert all("id" in row for row in data)


def test_filters_narrow_the_export_like_search(samples_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "rs.json"
    _run("json", "--what", "places", "--country", "RS", "-o", str(out), "--db", samples_store.url)
    places = json.loads(out.read_text(encoding="utf-8"))
    everything = export_table(samples_store, "json", "places", tmp_path / "all.json")
    assert 0 < len(places) < everything
    assert sum(p["country"] == "RS" for p in places) > len(places) / 2
    out = tmp_path / "q.json"
    _run("json", "-q", "dijaspora", "-o", str(out), "--db", samples_store.url)
    found = json.loads(out.read_text(encoding="utf-8"))
    assert 0 < len(found) < len(project_ids(samples_store))
    assert any(p["acronym"] == "D4D" and p["sectors"][0] == "15190" for p in found)


@pytest.mark.parametrize("what", KINDS)
def test_geojson_is_a_feature_collection_of_lon_lat_points(samples_store: Store, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.geojson"
    _run("geojson", "--what", what, "-o", str(out), "--db", samples_store.url)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(not isinstance(v, (list, dict)) for v in feature["properties"].values())
    # the region lies between 13 and 24 degrees east and 39 and 47 degrees north: longitude first
    western_balkans = [f for f in data["features"] if 13 <= f["geometry"]["coordinates"][0] <= 24]
    assert len(western_balkans) > len(data["features"]) * 0.9
    assert all(39 <= f["geometry"]["coordinates"][1] <= 47 for f in western_balkans)


def test_unknown_kind_or_format_is_an_error(samples_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        export_table(samples_store, "csv", "people", tmp_path / "x.csv")
    with pytest.raises(ValueError, match="unknown format"):
        export_table(samples_store, "xlsx", "projects", tmp_path / "x.xlsx")
    result = CliRunner().invoke(app, ["export", "csv", "-o", str(tmp_path / "missing" / "x.csv"),
                                      "--db", samples_store.url])
    assert result.exit_code == 2 and "does not exist" in result.output
