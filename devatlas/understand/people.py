"""Placeholder: returns nothing until this fact type is implemented."""

from __future__ import annotations

from devatlas.gazetteer import Gazetteer  # noqa: F401
from devatlas.model import DateMention, Indicator, Money, Organisation, Person, Place, Project, TargetGroup  # noqa: F401


def find_people(text: str, organisations: list[Organisation], places: list[Place], language: str) -> list[Person]:
    return []
