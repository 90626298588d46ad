"""The compiled extraction stage: built when the machine can, current with its source, and equal to plain Python."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from devatlas.native import NativeBuild, compiled_modules, describe, native_build, stale_modules

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))

# Runs the CLI with every devatlas module read from its `.py` file, passing over compiled ones.
PLAIN_PYTHON = """
import importlib.abc, importlib.util, sys
from pathlib import Path

class PlainSource(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] != "devatlas":
            return None
        for entry in path or sys.path:
            base = Path(entry, name.rpartition(".")[2])
            if (base / "__init__.py").is_file():
                return importlib.util.spec_from_file_location(
                    name, base / "__init__.py", submodule_search_locations=[str(base)])
            if base.with_suffix(".py").is_file():
                return importlib.util.spec_from_file_location(name, base.with_suffix(".py"))
        return None

sys.meta_path.insert(0, PlainSource())
from devatlas.cli import app
import devatlas.understand.people as people
assert people.__file__.endswith(".py"), people.__file__
sys.argv = ["devatlas", *sys.argv[1:]]
app()
"""


def _extract(*prefix: str) -> str:
    done = subprocess.run([sys.executable, *prefix, "extract", *map(str, SAMPLES), "--format", "jsonl", "--spans"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_build_that_could_compile_did() -> None:
    build = native_build()
    if build.status == "unknown":
        pytest.skip("devatlas was not installed by pip here")
    # a machine without a compiler falls back on purpose; a type error or a failed C build is a fault
    assert not build.reason.startswith(("mypyc could not", "the C build failed")), build.reason


def test_every_built_module_runs_compiled_and_matches_its_source() -> None:
    build = native_build()
    if build.status != "compiled":
        pytest.skip(f"extraction runs as plain Python here: {build.reason}")
    assert sorted(compiled_modules(build)) == sorted(
        s.removesuffix(".py").replace("/", ".").removesuffix(".__init__") for s in build.sources)
    assert "devatlas.understand.people" in compiled_modules(build)
    assert stale_modules(build) == [], "compiled modules are older than their source: run `make install`"


def test_compiled_and_plain_extraction_agree_on_the_samples() -> None:
    if native_build().status != "compiled":
        pytest.skip("extraction runs as plain Python here")
    compiled = _extract("-c", "import sys; from devatlas.cli import app; sys.argv[0] = 'devatlas'; app()")
    plain = _extract("-c", PLAIN_PYTHON)
    assert compiled.count("\n") == len(SAMPLES)
    assert compiled == plain


def test_an_edited_source_is_reported_stale() -> None:
    people = ROOT / "devatlas" / "understand" / "people.py"
    build = NativeBuild("compiled", sources={"devatlas/understand/people.py": "0" * 64})
    assert stale_modules(build) == ["devatlas.understand.people"]
    current = NativeBuild("compiled", sources={"devatlas/understand/people.py":
                                               hashlib.sha256(people.read_bytes()).hexdigest()})
    assert stale_modules(current) == []
    assert "changed since the build: devatlas.understand.people" in describe(build)


def test_a_plain_build_says_why() -> None:
    assert describe(NativeBuild("pure", "no C compiler (cc)")) == "extraction runs as plain Python (no C compiler (cc))"
    assert stale_modules(NativeBuild("pure", "no C compiler (cc)")) == []
