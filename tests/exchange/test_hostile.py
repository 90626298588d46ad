"""Hostile IATI input is refused with its reason, and large files stream in flat memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from benchmarks.bench_exchange import write_iati_file
from devatlas.cli import app
from devatlas.exchange.iati_import import ImportRefused, import_iati, iter_activities
from devatlas.store import Store


def _refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as info:
        list(iter_activities(path))
    return str(info.value)


def test_external_entities_are_refused_before_parsing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                    '<iati-activities version="2.03"><iati-activity><iati-identifier>&x;</iati-identifier>'
                    '</iati-activity></iati-activities>', encoding="utf-8")
    assert "document type declaration" in _refusal(path)


def test_entity_expansion_bombs_are_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "bomb.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE b [{entities}]><iati-activities version="2.03"><iati-activity>'
                    '<iati-identifier>&a9;</iati-identifier></iati-activity></iati-activities>', encoding="utf-8")
    assert "refused" in _refusal(path)


def test_undeclared_entity_references_are_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "ref.xml"
    path.write_text('<iati-activities version="2.03"><iati-activity><iati-identifier>&x;</iati-identifier>'
                    '</iati-activity></iati-activities>', encoding="utf-8")
    assert "entit" in _refusal(path) or "well-formed" in _refusal(path)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    depth = 5000
    path.write_text('<iati-activities version="2.03"><iati-activity><iati-identifier>X</iati-identifier>'
                    + "<a>" * depth + "</a>" * depth + "</iati-activity></iati-activities>", encoding="utf-8")
    assert "nested more than 256 deep" in _refusal(path)


def test_a_text_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.xml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<iati-activities version="2.03"><iati-activity><iati-identifier>X</iati-identifier><description>'
                 "<narrative>")
        for _ in range(11):
            fh.write("y" * (1 << 20))
        fh.write("</narrative></description></iati-activity></iati-activities>")
    assert "10 MB limit" in _refusal(path)


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (bytes(range(256)) * 4, "not well-formed XML at the start"),
    (b"<html><body>hello</body></html>", "not an IATI activity file (root element <html>)"),
    (b'<iati-activities version="2.03"><iati-activity><iati-identifier>A</iati-identifier>', "not well-formed XML"),
])
def test_files_that_are_not_iati_get_one_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    assert reason in _refusal(path)


def test_the_command_prints_one_line_per_refused_file(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text('<!DOCTYPE a [<!ENTITY x SYSTEM "http://example.org/">]><iati-activities/>', encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "iati", str(path), "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if str(path) in line]
    assert len(lines) == 1 and "document type declaration" in lines[0]
    assert "Traceback" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_read_or_refused_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.xml"
    path.write_bytes(b'<iati-activities version="2.03"><iati-activity><iati-identifier>F</iati-identifier>'
                     + data + b"</iati-activity></iati-activities>")
    store = Store(f"sqlite:///{tmp_path / 'fuzz.db'}")
    summary = import_iati(store, [path])
    store.close()
    assert summary.activities + len(summary.failed) + len(summary.skipped) >= 1
    assert all(reason for _, reason in summary.failed)


_PEAK = """
import resource, sys
from pathlib import Path
from devatlas.exchange.iati_import import iter_activities
count = sum(1 for _ in iter_activities(Path(sys.argv[1])))
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kb(path: Path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
    count, peak = out.stdout.split()
    return int(count), int(peak)


def test_large_files_stream_in_flat_memory(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small_count, large_count = write_iati_file(small, megabytes=8), write_iati_file(large, megabytes=64)
    (read_small, peak_small), (read_large, peak_large) = _peak_kb(small), _peak_kb(large)
    assert (read_small, read_large) == (small_count, large_count)
    # eight times the input, and the peak grows by less than a tenth of the difference in size
    assert peak_large - peak_small < 56 * 1024 / 10, (peak_small, peak_large)
