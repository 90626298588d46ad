"""Builds devatlas, compiling the extraction stage to C with mypyc where the machine can.

The understanding stage and the text tools it calls take about 15% less time compiled. Compiling needs a C
compiler and Python's headers; without them, or with `DEVATLAS_PURE_PYTHON=1`, the same modules run as plain
Python and give the same results. Either way the outcome is written to `devatlas/_native_build.json`, which
`devatlas version` and the test suite read (see `devatlas/native.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).parent
RECORD = ROOT / "devatlas" / "_native_build.json"
COMPILED_PACKAGES = ("devatlas/understand", "devatlas/text")
COMPILED_MODULES = ("devatlas/gazetteer/lookup.py",)
# `script` keeps its translation tables in cached properties of a dict subclass, which compiled classes cannot hold
PURE_MODULES = ("devatlas/text/script.py",)
MYPY_OPTIONS = ["--ignore-missing-imports", "--follow-imports=silent"]


def native_sources() -> list[str]:
    found = [str(p.relative_to(ROOT)) for package in COMPILED_PACKAGES for p in sorted((ROOT / package).glob("*.py"))]
    return [p for p in [*found, *COMPILED_MODULES] if p not in PURE_MODULES]


def _digest(path: str) -> str:
    return hashlib.sha256((ROOT / path).read_bytes()).hexdigest()


def _write_record(status: str, reason: str = "", sources: list[str] | None = None) -> None:
    record = {"status": status, "reason": reason, "python": sysconfig.get_python_version(),
              "modules": {p: _digest(p) for p in sources or []}}
    RECORD.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def _remove_built(sources: list[str]) -> None:
    """Drops compiled modules left in the tree by an earlier build, so that the plain modules are the ones imported."""
    suffixes = (".so", ".pyd")
    for source in sources:
        folder = (ROOT / source).parent
        for built in folder.glob(Path(source).stem + ".*"):
            if built.suffix in suffixes:
                built.unlink()
    for built in ROOT.glob("*__mypyc.*"):
        if built.suffix in suffixes:
            built.unlink()


def _cannot_compile() -> str:
    if os.environ.get("DEVATLAS_PURE_PYTHON"):
        return "DEVATLAS_PURE_PYTHON is set"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "Python's headers are not installed (Debian: python3-dev)"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    return ""


class OptionalBuildExt(build_ext):
    """A failed compilation leaves the plain modules in place and says why, instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # any failure of the compiler means: run as plain Python
            _fall_back(f"the C build failed: {error}")


def _fall_back(reason: str) -> None:
    sources = native_sources()
    _remove_built(sources)
    _write_record("pure", reason)
    sys.stderr.write(f"devatlas: extraction runs as plain Python ({reason})\n")


# the commands that build modules; the others (metadata, sdist) leave the build and its record alone
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def native_extensions() -> list:
    if not BUILDING & set(sys.argv[1:]):
        return []
    sources = native_sources()
    reason = _cannot_compile()
    if not reason:
        said = io.StringIO()
        try:
            from mypyc.build import mypycify

            with contextlib.redirect_stdout(said):  # where mypy writes the type errors
                extensions = mypycify([*MYPY_OPTIONS, *sources], opt_level="3")
        except (Exception, SystemExit) as error:  # mypyc stops with SystemExit on a type error
            errors = [line for line in said.getvalue().splitlines() if ": error:" in line]
            reason = "mypyc could not compile the modules: " + ("; ".join(errors[:3]) or repr(error))
        else:
            _write_record("compiled", sources=sources)
            return extensions
    _fall_back(reason)
    return []


setup(ext_modules=native_extensions(), cmdclass={"build_ext": OptionalBuildExt})
