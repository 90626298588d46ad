"""Response models of the JSON API; the HTML pages render the same objects, so a page and its JSON twin
always agree."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class PlaceRef(BaseModel):
    id: int
    name: str
    country: str
    kind: str = ""
    lat: float | None = None
    lon: float | None = None


class OrganisationRef(BaseModel):
    id: int
    name: str
    kind: str = ""
    country: str = ""


class ProjectRef(BaseModel):
    id: int
    title: str
    acronym: str = ""


class DocumentRef(BaseModel):
    id: int
    title: str
    source: str
    url: str = ""
    published: date | None = None
    language: str = ""
    script: str = ""


class Segment(BaseModel):
    """A piece of document text; marked pieces are facts, with a link to their entity when it has a page."""

    text: str
    mark: bool = False
    kind: str = ""
    link: str | None = None
    fact_id: int | None = None
    start: int | None = Field(None, description="offset of a marked piece in the document text")


class Evidence(BaseModel):
    """The sentence a fact stands on, with the fact's own words marked."""

    document_id: int
    start: int
    end: int
    segments: list[Segment]


class ProjectTitle(BaseModel):
    title: str
    language: str = ""


class Participant(BaseModel):
    organisation: OrganisationRef
    role: int = Field(description="IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing")
    role_name: str


class Money(BaseModel):
    amount: float
    currency: str
    eur: float | None = Field(None, description="the amount in euro; None when no rate is known")
    rate: float | None = Field(None, description="units of the currency per euro")
    rate_year: int | None = None
    rate_basis: str = Field("", description="same, fixed (BAM) or yearly average")
    value_date: date | None = None
    transaction_type: str = ""
    document_id: int | None = None
    evidence: Evidence | None = None


class Indicator(BaseModel):
    text: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    document_id: int | None = None


class TimelineItem(BaseModel):
    date: date
    kind: str
    label: str = ""
    amount: float | None = None
    currency: str = ""
    document_id: int | None = None
    place: PlaceRef | None = None


class SourceDocument(BaseModel):
    document: DocumentRef
    sentences: list[Evidence]


class ProjectDetail(BaseModel):
    id: int
    title: str
    acronym: str
    description: str
    status: str = Field(description="IATI ActivityStatus code")
    status_name: str = ""
    start_date: date | None
    end_date: date | None
    sectors: list[str]
    iati_identifier: str = ""
    titles: list[ProjectTitle]
    participants: list[Participant]
    budget: list[Money]
    total_eur: float | None
    places: list[PlaceRef]
    target_groups: list[str]
    indicators: list[Indicator]
    timeline: list[TimelineItem]
    documents: list[SourceDocument]


class Partner(BaseModel):
    organisation: OrganisationRef
    shared_projects: int


class NetworkNode(BaseModel):
    id: int
    name: str
    x: float
    y: float
    r: float
    centre: bool = False


class NetworkEdge(BaseModel):
    source: int
    target: int
    weight: int
    x1: float
    y1: float
    x2: float
    y2: float


class Network(BaseModel):
    """Partners laid out on a circle around the organisation; edges weighted by shared projects."""

    width: int
    height: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class PersonRole(BaseModel):
    person_id: int
    name: str
    role: str
    as_of: date | None = None
    document_id: int | None = None


class ProjectsByRole(BaseModel):
    role: int
    role_name: str
    projects: list[ProjectRef]


class Contact(BaseModel):
    kind: str  # phone | email | website | address
    value: str


class OrganisationDetail(BaseModel):
    id: int
    name: str
    kind: str
    iati_type: str
    country: str
    status: str = ""  # where it stands towards the municipal administration, when its name says
    contacts: list[Contact] = []
    place: PlaceRef | None
    merged_into: OrganisationRef | None
    aliases: list[str]
    projects_by_role: list[ProjectsByRole]
    partners: list[Partner]
    network: Network
    people: list[PersonRole]
    documents: list[DocumentRef]


class FundingCell(BaseModel):
    year: int | None
    funder: str
    eur: float


class NearbyPlace(BaseModel):
    place: PlaceRef
    distance_km: float
    projects: int
    mentions: int


class PlaceDetail(BaseModel):
    id: int
    name: str
    country: str
    kind: str
    parents: list[str]
    lat: float | None
    lon: float | None
    projects: list[ProjectRef]
    funding: list[FundingCell]
    funding_years: list[int | None]
    organisations: list[OrganisationRef]
    nearby: list[NearbyPlace]
    documents: list[DocumentRef]


class MapPoint(BaseModel):
    place: PlaceRef
    projects: int
    mentions: int
    eur: float


class MapData(BaseModel):
    points: list[MapPoint]
    funders: list[OrganisationRef]
    years: list[int]
    sectors: list[str]


class Bar(BaseModel):
    label: str
    value: float
    link: str | None = None


class Dashboards(BaseModel):
    funding_by_funder: list[Bar]
    funding_by_country: list[Bar]
    funding_by_year: list[Bar]
    funding_by_sector: list[Bar]
    projects_by_year: list[Bar]
    totals: dict[str, float]


class Fact(BaseModel):
    id: int
    subject_type: str
    subject_id: int | None
    predicate: str
    value: str
    start: int | None
    end: int | None
    review_state: str
    link: str | None = None


class DocumentDetail(BaseModel):
    document: DocumentRef
    segments: list[Segment]
    facts: list[Fact]


class FacetValue(BaseModel):
    value: str
    count: int
    selected: bool = False


class SearchHit(BaseModel):
    type: str
    id: int
    title: str
    link: str
    source: str = ""
    score: float = 0.0
    snippet: list[Segment] = Field(default_factory=list, description="text pieces; marked ones matched the query")


class SearchPage(BaseModel):
    query: str
    total: int
    total_exact: bool = Field(True, description="false when the total was estimated from the newest matches of a "
                                                "very broad query")
    total_capped: bool = Field(False, description="true when counting stopped at the cap: the total is a floor")
    filters: dict[str, str]
    results: list[SearchHit]
    entities: list[SearchHit]
    facets: dict[str, list[FacetValue]]


class Page(BaseModel, Generic[T]):
    """One page of a collection in id order; pass next_cursor back as ?cursor= for the next page."""

    items: list[T]
    next_cursor: str | None = Field(None, description="opaque; absent on the last page")
