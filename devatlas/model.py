"""Record types passed between the stages of the data flow.

Every extracted item keeps where it was found (`start`, `end` in the document text) and which rule found it,
so that every value in the registry can show the sentence it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TypeVar

_T = TypeVar("_T")


def slot_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted dataclass an `__init__` that stores each field through its slot's own setter.

    The `__init__` a frozen dataclass gets calls `object.__setattr__` for each field (the class's own `__setattr__`
    refuses); the slot's setter stores the same value at a third of the cost, and these records are made by the
    hundred for every document. Parameters, defaults and every other method the dataclass made stay as they are.
    """
    namespace: dict[str, object] = {}
    params, body = [], []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"slot_init: {cls.__name__}.{f.name} needs the generated __init__")
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n", namespace)  # as dataclasses do
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__annotations__ = dict(cls.__init__.__annotations__)  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text plus what is known about where it came from."""

    text: str
    name: str = ""
    url: str = ""
    title: str = ""


@slot_init
@dataclass(frozen=True, slots=True)
class Span:
    """Where an item was said, and how it was found."""

    start: int
    end: int
    surface: str
    rule: str


# kinds of place made of several local governments (an entity, a canton, a county, a district)
REGION_KINDS = frozenset({"entity", "canton", "county", "district", "okrug", "province"})


@slot_init
@dataclass(frozen=True, slots=True)
class Place:
    name: str  # nominative, Latin script
    place_id: str  # gazetteer key
    country: str  # ISO 3166-1 alpha-2
    kind: str  # municipality, city, settlement, canton, entity, district, county...
    parents: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    spans: tuple[Span, ...] = ()


@slot_init
@dataclass(frozen=True, slots=True)
class Organisation:
    name: str  # canonical nominative form
    aliases: tuple[str, ...] = ()
    kind: str = ""  # government, municipality, ngo, company, international, donor, school, agency...
    register_id: str = ""  # key in the curated register, when known
    country: str = ""
    spans: tuple[Span, ...] = ()


@slot_init
@dataclass(frozen=True, slots=True)
class Person:
    name: str  # nominative, Latin script
    role: str = ""  # the function the text gives, as written (lower case, nominative where possible)
    organisation: str = ""  # organisation or place of that role, when stated
    spans: tuple[Span, ...] = ()


@slot_init
@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str  # ISO 4217
    qualifier: str = ""  # "about", "over", "up to"... as stated
    span: Span | None = None


@slot_init
@dataclass(frozen=True, slots=True)
class DateMention:
    value: str  # ISO 8601 day (YYYY-MM-DD), or a period "YYYY-MM/YYYY-MM" when kind == "period"
    kind: str = "date"  # date | period
    span: Span | None = None


@slot_init
@dataclass(frozen=True, slots=True)
class Project:
    name: str  # the fullest title found
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@slot_init
@dataclass(frozen=True, slots=True)
class Indicator:
    text: str
    value: float | None = None
    unit: str = ""
    qualifier: str = ""
    span: Span | None = None


@slot_init
@dataclass(frozen=True, slots=True)
class TargetGroup:
    name: str
    span: Span | None = None


@dataclass(slots=True)
class Extraction:
    """Everything understood from one document."""

    doc: str
    language: str = "other"
    script: str = "latin"
    countries: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    funders: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    target_groups: list[TargetGroup] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
