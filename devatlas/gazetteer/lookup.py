"""Gazetteer loading and lookup (placeholder until the place layer lands)."""

from __future__ import annotations

from functools import lru_cache


class Gazetteer:
    """All known places and an automaton over every folded case form of their names."""


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
