"""The registry's tables. IATI words where IATI has one (participating organisation roles, budget lines,
indicators with baseline/target/actual). Every fact keeps the document and span it came from; human corrections
are kept apart from extracted facts so that re-extraction never overwrites them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)  # path or URL it was read from (the first one seen)
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="other")
    script: Mapped[str] = mapped_column(String(10), default="latin")
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(32), default="")
    story_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # near-duplicates share one
    minhash: Mapped[bytes | None] = mapped_column(nullable=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    facts: Mapped[list[Fact]] = relationship(back_populates="document", cascade="all, delete-orphan")


class DocumentBand(Base):
    """One band of a document's MinHash signature. Documents that share a band are near-duplicate candidates,
    found through this index, so an ingest never holds every signature of a large registry in memory."""

    __tablename__ = "document_bands"

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)


class Place(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    gazetteer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="")
    parents: Mapped[list[Any]] = mapped_column(default=list)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    geonames_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    key: Mapped[str] = mapped_column(String(400), unique=True)  # register id, or folded canonical name
    kind: Mapped[str] = mapped_column(String(32), default="")
    iati_type: Mapped[str] = mapped_column(String(4), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), nullable=True, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    iati_ref: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)

    aliases: Mapped[list[OrganisationAlias]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class OrganisationAlias(Base):
    __tablename__ = "organisation_aliases"
    __table_args__ = (UniqueConstraint("organisation_id", "folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(400))
    folded: Mapped[str] = mapped_column(String(400), index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="aliases")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(400), unique=True)  # folded name + organisation or place

    roles: Mapped[list[PersonRole]] = relationship(back_populates="person", cascade="all, delete-orphan")


class PersonRole(Base):
    __tablename__ = "person_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), nullable=True)
    as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), nullable=True)

    person: Mapped[Person] = relationship(back_populates="roles")


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)  # folded acronym or title
    title: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str] = mapped_column(String(60), default="")
    acronym_key: Mapped[str] = mapped_column(String(60), default="", server_default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(2), default="")  # IATI ActivityStatus code
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sectors: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)  # DAC 5-digit codes
    iati_identifier: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    origin: Mapped[str] = mapped_column(String(20), default="documents", server_default="documents")  # or iati, both

    titles: Mapped[list[ProjectTitle]] = relationship(cascade="all, delete-orphan")
    budget_lines: Mapped[list[BudgetLine]] = relationship(cascade="all, delete-orphan")
    participants: Mapped[list[ProjectParticipant]] = relationship(cascade="all, delete-orphan")
    places: Mapped[list[ProjectPlace]] = relationship(cascade="all, delete-orphan")
    target_groups: Mapped[list[ProjectTargetGroup]] = relationship(cascade="all, delete-orphan")
    indicators: Mapped[list[ProjectIndicator]] = relationship(cascade="all, delete-orphan")


class ProjectTitle(Base):
    __tablename__ = "project_titles"
    __table_args__ = (UniqueConstraint("project_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="")
    folded: Mapped[str] = mapped_column(String(400), default="", server_default="", index=True)  # lookup key


class BudgetLine(Base):
    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    amount: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    value_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), nullable=True)
    transaction_type: Mapped[str] = mapped_column(String(2), default="", server_default="")  # "" for a budget


class ProjectParticipant(Base):
    """An organisation's part in a project, with the IATI role: 1 funding, 2 accountable, 3 extending,
    4 implementing."""

    __tablename__ = "project_participants"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[int] = mapped_column(Integer)


class ProjectPlace(Base):
    __tablename__ = "project_places"
    __table_args__ = (UniqueConstraint("project_id", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)


class ProjectTargetGroup(Base):
    __tablename__ = "project_target_groups"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class ProjectIndicator(Base):
    __tablename__ = "project_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(200), default="")
    baseline: Mapped[float | None] = mapped_column(Float, nullable=True)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    actual: Mapped[float | None] = mapped_column(Float, nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), nullable=True)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # signing, kick-off, training, conference...
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), nullable=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class Fact(Base):
    """One thing a document says, where it says it, and who found it."""

    __tablename__ = "facts"
    # with the document: which documents mention an entity is read from the index alone
    __table_args__ = (Index("ix_facts_subject", "subject_type", "subject_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # place, organisation, person, project, document
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    predicate: Mapped[str] = mapped_column(String(40))  # mentions, funds, role, amount, date...
    value: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    extractor: Mapped[str] = mapped_column(String(80), default="")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    review_state: Mapped[str] = mapped_column(String(12), default="machine")  # machine, accepted, rejected, edited

    document: Mapped[Document] = relationship(back_populates="facts")


class Correction(Base):
    """A human decision (reject, edit, merge, rename) kept apart from extraction and replayed after it."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(Text)  # a stable key: fact signature, organisation key...
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SearchEntry(Base):
    """What the search index holds for one document or entity: normalised tokens, kept in the same transaction
    as the records they describe (SQLite FTS5 mirrors this table by triggers; PostgreSQL indexes it with GIN)."""

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    tokens: Mapped[str] = mapped_column(Text, default="")
    facets: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SearchTerm(Base):
    """Every word the SQLite full-text index holds, so that a prefix query (`opstin*`) becomes the few words that
    start with it: FTS5 merges a prefix's whole posting lists before it returns a row, while it streams exact
    words (a broad prefix query at 100,000 documents: 19 ms against 1 ms). Words are only ever added; one whose
    documents are gone widens a query by a word that matches nothing."""

    __tablename__ = "search_terms"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}

    term: Mapped[str] = mapped_column(Text, primary_key=True)


class SearchFacetValue(Base):
    """A facet name and value (country BA, funder European Union...) once, under a number: the facets of a page of
    matches are counted by number, and only the values shown are read as text."""

    __tablename__ = "search_facet_values"
    __table_args__ = (UniqueConstraint("name", "value", name="uq_search_facet_values"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(400))


class SearchFacet(Base):
    """One facet value of a search entry: filters and counts are SQL over these rows, so they stay fast at a
    million documents."""

    __tablename__ = "search_facets"
    # counting the facets of a page of matches reads the entry index alone: it holds the value's number too
    __table_args__ = (Index("ix_search_facets_name_value", "name", "value_key", "entry_id"),
                      Index("ix_search_facets_entry_value", "entry_id", "value_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("search_entries.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(400))
    value_key: Mapped[str] = mapped_column(String(400))  # folded value, what filters compare
    value_id: Mapped[int] = mapped_column(ForeignKey("search_facet_values.id", name="fk_search_facets_value_id"))


class SearchEntryValues(Base):
    """An entry's facet values in one row of numbers (`40 43577 33339 39467 48219`), each a value's number shifted
    left by `search.FACET_BITS` with the number of its facet in the bits freed (`search.entry_value`). Counting the
    facets of a page of matches reads one row an entry instead of a range of the facet index, counts numbers in
    numpy, and sorts the counts by facet before any value is read as text. Written with the entry's facet rows, by
    `search.insert_facets`."""

    __tablename__ = "search_entry_values"

    entry_id: Mapped[int] = mapped_column(ForeignKey("search_entries.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    value_ids: Mapped[str] = mapped_column(Text)


class User(Base):
    """Someone who may sign in to change the registry (reading needs no account)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its parameters and salt
    role: Mapped[str] = mapped_column(String(12), default="editor")  # editor, admin
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UserSession(Base):
    """A signed-in browser: the cookie carries the random id, the table only its hash, so logout ends it."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class ApiToken(Base):
    """A bearer token for the JSON API, stored as its hash; the scope says what it may do (read, review)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell tokens apart in listings
    scope: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SiteSecret(Base):
    """Generated secrets of a registry that has no file beside it (a database server): the cookie signing key."""

    __tablename__ = "site_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# The review queue reads unreviewed facts lowest confidence first: without this it scans every fact.
Index("ix_facts_review_queue", Fact.review_state, Fact.confidence)
