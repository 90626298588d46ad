"""The `devatlas` command as a user runs it: real files in, JSON out, one line per bad file."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from devatlas.cli import app

runner = CliRunner()

DOC = (
    "Gradonačelnik Laktaša Miroslav Bojić potpisao je 27.12.2022. godine ugovor vrijedan 1,3 miliona KM "
    "u okviru projekta koji finansira Evropska unija."
)


def _write(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "good.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    (tmp_path / "docs" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return tmp_path / "docs"


def test_extract_jsonl_has_the_scorer_keys(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    for key in ("doc", "language", "script", "countries", "places", "organizations", "funders", "people",
                "money", "dates", "projects", "target_groups", "indicators"):
        assert key in record
    assert record["doc"] == "one.txt"
    assert record["script"] == "latin"


def test_bad_files_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    docs = _write(tmp_path)
    result = runner.invoke(app, ["extract", str(docs), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["doc"] for r in lines] == ["good.txt"]
    stderr = result.stderr
    assert "empty.txt: empty file" in stderr
    assert "binary.txt: binary file" in stderr
    assert "nope.txt: no such file" in stderr
    assert "Traceback" not in stderr


def test_spans_point_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--spans", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)[0]
    for field in ("places", "organizations", "people", "projects", "funders"):
        for item in record[field]:
            for span in item["spans"]:
                assert DOC[span["start"] : span["end"]] == span["surface"]
                assert span["rule"]
    for field in ("money", "dates"):
        for item in record[field]:
            span = item["span"]
            assert DOC[span["start"] : span["end"]] == span["surface"]


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, f"command {name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0


def test_a_large_batch_with_some_bad_files_goes_through(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = {17: b"", 4242: random.Random(4242).randbytes(2048), 9999: b"   "}
    for i in range(10_000):
        content = bad.get(i, f"Dokument {i}: opština Lopare, 12.3.2021.".encode())
        (folder / f"{i:05d}.txt").write_bytes(content)
    result = runner.invoke(app, ["extract", str(folder)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 10_000 - len(bad)
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("devatlas: ")]
    assert len(error_lines) == len(bad) + 1  # one per bad file, and the summary
    for i in bad:
        assert any(f"{i:05d}.txt" in line for line in error_lines)
