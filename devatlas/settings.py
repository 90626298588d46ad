"""Settings, declared once with their defaults and help; environment variables override them."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "DEVATLAS_DATABASE_URL", "sqlite:///devatlas.db",
            "SQLAlchemy URL of the registry: a SQLite file (default) or postgresql+psycopg://user:pw@host/db."),
    Setting("reporting_org", "DEVATLAS_REPORTING_ORG", "XM-DAC-00000",
            "IATI identifier of the organisation publishing the registry, used in exported activity identifiers."),
    Setting("map_tiles", "DEVATLAS_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "Background tile URL template of the web map ({z}/{x}/{y}); empty for outlines and markers only."),
    Setting("web_threads", "DEVATLAS_WEB_THREADS", "4",
            "Request threads of each web process. Pages are CPU-bound Python: a few threads keep requests in order, "
            "where dozens share the interpreter lock and all slow down together."),
    Setting("page_cache_mb", "DEVATLAS_PAGE_CACHE_MB", "64",
            "Memory of each web process for pages kept for readers who are not signed in, replayed until the "
            "registry changes; 0 turns the page cache off."),
    Setting("secret_key", "DEVATLAS_SECRET_KEY", "",
            "Key that signs the web app's cookies; when empty, one is generated on first use and kept beside the "
            "SQLite file (or in the registry itself on a database server)."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    reporting_org: str
    secret_key: str
    map_tiles: str
    web_threads: str
    page_cache_mb: str


def load_settings(**overrides: str) -> Settings:
    """Defaults, then the environment, then explicit overrides (e.g. from command-line options)."""
    values = {s.name: os.environ.get(s.env, s.default) for s in SETTINGS}
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})
