"""Placeholder."""

from __future__ import annotations

from devatlas.model import Organisation, Place


def find_countries(text: str, places: list[Place], organisations: list[Organisation]) -> list[str]:
    return sorted({p.country for p in places})
