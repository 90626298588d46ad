"""Record types passed between the stages of the data flow.

Every extracted item keeps where it was found (`start`, `end` in the document text) and which rule found it,
so that every value in the registry can show the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text plus what is known about where it came from."""

    text: str
    name: str = ""
    url: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """Where an item was said, and how it was found."""

    start: int
    end: int
    surface: str
    rule: str


# kinds of place made of several local governments (an entity, a canton, a county, a district)
REGION_KINDS = frozenset({"entity", "canton", "county", "district", "okrug", "province"})


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


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str  # canonical nominative form
    aliases: tuple[str, ...] = ()
    kind: str = ""  # government, municipality, ngo, company, international, donor, school, agency...
    register_id: str = ""  # key in the curated register, when known
    country: str = ""
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # nominative, Latin script
    role: str = ""  # the function the text gives, as written (lower case, nominative where possible)
    organisation: str = ""  # organisation or place of that role, when stated
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str  # ISO 4217
    qualifier: str = ""  # "about", "over", "up to"... as stated
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    value: str  # ISO 8601 day (YYYY-MM-DD), or a period "YYYY-MM/YYYY-MM" when kind == "period"
    kind: str = "date"  # date | period
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Project:
    name: str  # the fullest title found
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    text: str
    value: float | None = None
    unit: str = ""
    qualifier: str = ""
    span: Span | None = None


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
