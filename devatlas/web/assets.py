"""Front-end assets fetched at install time from the npm registry (no npm needed): Leaflet, and country outlines
cut from Natural Earth (world-atlas) into one small GeoJSON. Each tarball is pinned by version and checked
against its integrity hash before anything is unpacked into static/vendor/ (git-ignored).

Run: python -m devatlas.web.assets [--force]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True, slots=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # the registry's dist.integrity (Subresource Integrity form, sha512)

    @property
    def tarball_url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"


LEAFLET = NpmPackage("leaflet", "1.9.4",
                     "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==")
WORLD_ATLAS = NpmPackage("world-atlas", "2.0.2",
                         "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==")

# The region's countries and their neighbours, by ISO 3166 numeric code (as world-atlas names them), with the
# alpha-2 code the registry uses. Kosovo has no numeric code in Natural Earth and is matched by name.
OUTLINE_COUNTRIES = {
    "070": "BA", "688": "RS", "499": "ME", "807": "MK", "008": "AL", "191": "HR", "705": "SI",
    "348": "HU", "642": "RO", "100": "BG", "300": "GR", "380": "IT", "040": "AT",
}
OUTLINE_BY_NAME = {"Kosovo": "XK"}
REGION_CODES = {"BA", "RS", "ME", "MK", "AL", "HR", "XK"}


class AssetError(Exception):
    """An asset could not be fetched or failed its integrity check; the message says which and why."""


def fetch(package: NpmPackage) -> bytes:
    """The package tarball, verified against its pinned integrity hash."""
    try:
        with urllib.request.urlopen(package.tarball_url, timeout=120) as response:
            data = response.read()
    except OSError as exc:
        raise AssetError(f"{package.name}@{package.version}: cannot download {package.tarball_url} ({exc})") from None
    verify(data, package.integrity, f"{package.name}@{package.version}")
    return data


def verify(data: bytes, integrity: str, label: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in {"sha256", "sha384", "sha512"}:
        raise AssetError(f"{label}: unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise AssetError(f"{label}: integrity check failed (expected {expected[:16]}…, got {actual[:16]}…)")


def members(data: bytes, prefix: str) -> dict[str, bytes]:
    """Regular files under prefix in an npm tarball (whose root folder is package/), by path below prefix.
    Links and paths that climb out are skipped, so nothing is written outside the vendor folder."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            path = member.name.split("/", 1)[-1]
            if not path.startswith(prefix) or ".." in Path(path).parts:
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                out[path[len(prefix):]] = handle.read()
    return out


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as absolute longitude/latitude points (undoing quantisation and delta encoding)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return [[round(x, 3), round(y, 3)] for x, y in ring]


def topojson_to_geojson(topology: dict[str, Any], object_name: str,
                        keep: dict[str, str], keep_by_name: dict[str, str]) -> dict[str, Any]:
    """The kept features of one TopoJSON object as a GeoJSON FeatureCollection (coordinates to 3 decimals,
    about 100 m, plenty for outlines at country zoom)."""
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = keep.get(str(geometry.get("id", ""))) or keep_by_name.get(name)
        if not code:
            continue
        if geometry["type"] == "Polygon":
            coordinates: Any = [_ring(arcs, ring) for ring in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[_ring(arcs, ring) for ring in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name, "region": code in REGION_CODES},
            "geometry": {"type": geometry["type"], "coordinates": coordinates},
        })
    return {"type": "FeatureCollection", "features": features}


def _stamp(vendor_dir: Path, package: NpmPackage) -> Path:
    return vendor_dir / f".{package.name}-{package.version}.ok"


def install(force: bool = False, vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Fetch and unpack what is missing; returns what was installed (nothing when all is in place)."""
    vendor_dir.mkdir(parents=True, exist_ok=True)
    done = []
    if force or not _stamp(vendor_dir, LEAFLET).exists():
        files = members(fetch(LEAFLET), "dist/")
        target = vendor_dir / "leaflet"
        for path, content in files.items():
            if path.endswith((".js", ".css", ".png")) and not path.endswith("-src.js") and "esm" not in path:
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                (target / path).write_bytes(content)
        _stamp(vendor_dir, LEAFLET).touch()
        done.append(f"{LEAFLET.name}@{LEAFLET.version}")
    if force or not _stamp(vendor_dir, WORLD_ATLAS).exists():
        files = members(fetch(WORLD_ATLAS), "")
        topology = json.loads(files["countries-50m.json"])
        outlines = topojson_to_geojson(topology, "countries", OUTLINE_COUNTRIES, OUTLINE_BY_NAME)
        (vendor_dir / "outlines.geojson").write_text(json.dumps(outlines, separators=(",", ":")), encoding="utf-8")
        _stamp(vendor_dir, WORLD_ATLAS).touch()
        done.append(f"{WORLD_ATLAS.name}@{WORLD_ATLAS.version} (outlines of {len(outlines['features'])} countries)")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fetch the web map's Leaflet and country outlines.")
    parser.add_argument("--force", action="store_true", help="fetch again even when present")
    args = parser.parse_args(argv)
    try:
        done = install(force=args.force)
    except AssetError as exc:
        print(f"devatlas assets: {exc}", file=sys.stderr)
        return 1
    for item in done:
        print(f"devatlas assets: installed {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
