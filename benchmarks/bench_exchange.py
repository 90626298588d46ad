"""Exchange benchmark: `make bench-exchange` (`BIG_MB=2048` for the 2 GB case).

In one run, side by side on the same machine load:

- streamed reading of IATI activity files of `--small-mb` and `--big-mb` megabytes (parse only, each in its own
  process): MB/s, activities/s and peak resident memory; the ratio of the two peaks shows memory stays flat while
  the input grows;
- import of `--activities` activities into a fresh SQLite registry (organisations, places, budgets, results):
  activities/s and peak memory;
- IATI export of the same registry, then schema validation of the file when the shared schema is present.

Results: `benchmarks/results/exchange.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

_ACTIVITY = (
    '<iati-activity xml:lang="en" default-currency="EUR"><iati-identifier>XI-BENCH-{n}</iati-identifier>'
    '<reporting-org ref="XI-BENCH" type="40"><narrative>Benchmark publisher</narrative></reporting-org>'
    '<title><narrative>Local development activity {n}</narrative></title>'
    '<description><narrative>{pad}</narrative></description>'
    '<participating-org role="1" type="40" ref="XI-DONOR-{d}"><narrative>Donor {d}</narrative></participating-org>'
    '<participating-org role="4" type="22"><narrative>Implementer {i}</narrative></participating-org>'
    '<activity-status code="2"/><activity-date type="2" iso-date="2021-03-01"/>'
    '<activity-date type="3" iso-date="2024-02-28"/><recipient-country code="BA" percentage="100"/>'
    '<location><name><narrative>Tuzla</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">'
    '<pos>44.53842 18.66709</pos></point></location>'
    '<sector vocabulary="1" code="32130" percentage="100"/>'
    '<budget type="1" status="1"><period-start iso-date="2021-03-01"/><period-end iso-date="2022-02-28"/>'
    '<value currency="EUR" value-date="2021-03-01">{amount}</value></budget>'
    '<result type="1"><title><narrative>Jobs</narrative></title><indicator measure="1"><title>'
    '<narrative>Jobs created</narrative></title><period><period-start iso-date="2021-03-01"/>'
    '<period-end iso-date="2024-02-28"/><target value="100"/><actual value="{n}"/></period></indicator></result>'
    "</iati-activity>\n"
)


def write_iati_file(path: Path, megabytes: float = 0, activities: int = 0, pad: int = 1500) -> int:
    """An IATI 2.03 file of about `megabytes` (or exactly `activities`), written in chunks; returns the count."""
    text, n = "x" * pad, 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        while (activities and n < activities) or (megabytes and fh.tell() < megabytes * 1024 * 1024):
            step = min(200, activities - n) if activities else 200
            fh.write("".join(_ACTIVITY.format(n=n + i, pad=text, d=(n + i) % 20, i=(n + i) % 300,
                                              amount=1000 + n + i) for i in range(step)))
            n += step
        fh.write("</iati-activities>\n")
    return n


_PARSE = """
import json, resource, sys, time
from pathlib import Path
from devatlas.exchange.iati_import import iter_activities
started = time.perf_counter()
count = sum(1 for _ in iter_activities(Path(sys.argv[1])))
print(json.dumps({"activities": count, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from devatlas.store import Store
from devatlas.exchange.iati_import import import_iati
from devatlas.exchange.iati_export import export_iati, schema_path, validate_against_schema
from devatlas.exchange.selection import project_ids
store = Store(sys.argv[2])
started = time.perf_counter()
summary = import_iati(store, [Path(sys.argv[1])])
imported = time.perf_counter() - started
peak_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = Path(sys.argv[3])
started = time.perf_counter()
exported = export_iati(store, project_ids(store), out)
export_seconds = time.perf_counter() - started
xsd = schema_path()
started = time.perf_counter()
errors = validate_against_schema(out, xsd) if xsd else None
print(json.dumps({"activities": summary.activities, "import_seconds": imported, "peak_import_mb": peak_import,
                  "exported": exported.activities, "export_seconds": export_seconds,
                  "export_mb": out.stat().st_size / 1e6, "validate_seconds": time.perf_counter() - started,
                  "schema_errors": None if errors is None else len(errors)}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small-mb", type=float, default=50)
    parser.add_argument("--big-mb", type=float, default=float(os.environ.get("BIG_MB", 500)))
    parser.add_argument("--activities", type=int, default=5000)
    args = parser.parse_args()
    report: dict = {"load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="devatlas-bench-") as tmp:
        tmpdir = Path(tmp)
        streams = {}
        for label, size in (("small", args.small_mb), ("big", args.big_mb)):
            path = tmpdir / f"{label}.xml"
            written = write_iati_file(path, megabytes=size)
            result = _run(_PARSE, str(path))
            result.update(megabytes=path.stat().st_size / 1e6, written=written)
            result["mb_per_s"] = result["megabytes"] / result["seconds"]
            result["activities_per_s"] = result["activities"] / result["seconds"]
            streams[label] = result
            path.unlink()
        report["stream"] = streams
        report["peak_ratio_big_to_small"] = streams["big"]["peak_mb"] / streams["small"]["peak_mb"]
        report["size_ratio_big_to_small"] = streams["big"]["megabytes"] / streams["small"]["megabytes"]
        source = tmpdir / "import.xml"
        write_iati_file(source, activities=args.activities, pad=300)
        result = _run(_IMPORT, str(source), f"sqlite:///{tmpdir / 'registry.db'}", str(tmpdir / "export.xml"))
        result["import_per_s"] = result["activities"] / result["import_seconds"]
        result["export_per_s"] = result["exported"] / result["export_seconds"]
        report["registry"] = result
    report["load_after"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "exchange.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    s, b, r = report["stream"]["small"], report["stream"]["big"], report["registry"]
    lines = [
        "# Exchange benchmark",
        "",
        f"Load average before {report['load_before'][0]:.2f}, after {report['load_after'][0]:.2f} (2 shared cores).",
        "",
        "## Streamed IATI reading (parse only, one process each)",
        "",
        "| file | MB | activities | seconds | MB/s | activities/s | peak memory MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, x in (("small", s), ("big", b)):
        lines.append(f"| {label} | {x['megabytes']:.0f} | {x['activities']} | {x['seconds']:.1f} | "
                     f"{x['mb_per_s']:.1f} | {x['activities_per_s']:.0f} | {x['peak_mb']:.0f} |")
    lines += [
        "",
        f"Input {report['size_ratio_big_to_small']:.1f}x larger, peak memory {report['peak_ratio_big_to_small']:.2f}x.",
        "",
        "## Registry",
        "",
        f"- import of {r['activities']} activities into SQLite: {r['import_seconds']:.1f} s "
        f"({r['import_per_s']:.0f} activities/s), peak memory {r['peak_import_mb']:.0f} MB",
        f"- IATI export of {r['exported']} activities: {r['export_seconds']:.1f} s ({r['export_per_s']:.0f}/s), "
        f"{r['export_mb']:.1f} MB",
        f"- schema validation: {r['validate_seconds']:.1f} s, errors: {r['schema_errors']}",
        "",
    ]
    (RESULTS / "exchange.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
