"""Whether the extraction stage runs compiled, and whether the compiled modules still match their source.

`setup.py` compiles the understanding stage with mypyc when the machine can, and records the outcome with a hash
of each module's source. A compiled module is imported before its `.py` file, so an edited source that was not
rebuilt would silently go unused: `stale_modules` finds those, and the CLI warns about them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
RECORD = PACKAGE_ROOT / "_native_build.json"


@dataclass(frozen=True)
class NativeBuild:
    """What the last build did: `compiled`, `pure` (with the reason) or `unknown` (no record: not built by pip)."""

    status: str
    reason: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # path from the project root -> sha256 at build time


def native_build() -> NativeBuild:
    try:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NativeBuild("unknown", "no build record")
    return NativeBuild(record.get("status", "unknown"), record.get("reason", ""), dict(record.get("modules", {})))


def _module_name(source: str) -> str:
    return source.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def _source_path(source: str) -> Path:
    return PACKAGE_ROOT.parent / source


def compiled_modules(build: NativeBuild | None = None) -> list[str]:
    """The modules of the build that Python would load from a compiled file (found without importing them)."""
    build = build or native_build()
    out = []
    for source in build.sources:
        spec = importlib.util.find_spec(_module_name(source))
        if spec is not None and spec.origin and not spec.origin.endswith(".py"):
            out.append(_module_name(source))
    return out


def stale_modules(build: NativeBuild | None = None) -> list[str]:
    """Compiled modules whose source changed since they were built: the running code is not the source's."""
    build = build or native_build()
    if build.status != "compiled":
        return []
    stale = []
    for source, digest in build.sources.items():
        path = _source_path(source)
        try:
            current = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # an installed copy without sources: nothing to compare
        if current != digest:
            stale.append(_module_name(source))
    return stale


def describe(build: NativeBuild | None = None) -> str:
    """One line for `devatlas version`."""
    build = build or native_build()
    if build.status == "compiled":
        n = len(compiled_modules(build))
        stale = stale_modules(build)
        line = f"extraction compiled with mypyc ({n} modules)"
        return line + (f"; {len(stale)} changed since the build: {', '.join(stale)}" if stale else "")
    if build.status == "pure":
        return f"extraction runs as plain Python ({build.reason})"
    return "extraction runs as plain Python (not built by pip)"
