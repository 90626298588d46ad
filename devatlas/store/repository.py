"""Writing extractions into the registry: entities resolved by key, facts with provenance, the search entry,
and human corrections replayed on top, all in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from devatlas.model import Extraction, Span
from devatlas.model import Organisation as OrgMention
from devatlas.resolve import organisation_key, person_key, place_key
from devatlas.resolve.confidence import confidence
from devatlas.resolve.projects import add_parts, link_project
from devatlas.store import models as m
from devatlas.store.search import forget_facets, insert_facets, remember_terms
from devatlas.text.analyzer import tokens
from devatlas.text.casing import restore_case, written_capitals
from devatlas.text.script import fold
from devatlas.understand.contacts import ContactMention, find_contacts
from devatlas.understand.events import EventMention, find_events
from devatlas.understand.participation import Participation, find_participation
from devatlas.understand.results import is_achieved
from devatlas.understand.sectors import infer_sectors


def amount_value(amount: float, currency: str) -> str:
    """An amount fact as people write it down: `1300000 BAM`, `2.5 EUR`, never `1.3e+06 BAM`."""
    return f"{amount:.2f}".rstrip("0").rstrip(".") + f" {currency}"


def fact_signature(document_hash: str, predicate: str, subject: str, value: str) -> str:
    """What identifies a fact across re-extractions: the document's content, not its row id."""
    return f"{document_hash}|{predicate}|{subject}|{fold(value)}"


def _audit(session: Session, action: str, entity: str, details: dict[str, Any], actor: str = "devatlas") -> None:
    session.add(m.AuditEntry(actor=actor, action=action, entity=entity, details=details))


def _resolved_org(session: Session, org: m.Organisation) -> m.Organisation:
    seen = set()
    while org.merged_into_id is not None and org.id not in seen:
        seen.add(org.id)
        org = session.get(m.Organisation, org.merged_into_id) or org
    return org


def _session_cache(session: Session, name: str) -> dict[str, Any]:
    """Rows already looked up in this transaction (an ingest batch names the same places and bodies again and
    again); they live as long as the session's identity map does."""
    cache: dict[str, Any] = session.info.setdefault(f"devatlas.{name}", {})
    return cache


def _queue(session: Session, model: type[m.Base], **row: Any) -> None:
    """A row that nothing reads back in this document's write: inserted with its kind in one statement at the end
    (as an ORM object each would be one statement, since SQLite returns new ids a row at a time)."""
    _session_cache(session, "queued").setdefault(model, []).append(row)


def _write_queued(session: Session) -> None:
    queued = _session_cache(session, "queued")
    for model, rows in queued.items():
        if rows:
            session.execute(model.__table__.insert(), rows)  # Core: no ORM bookkeeping for rows nobody reads back
    queued.clear()


# The lookups and inserts every document makes, built once: building a statement costs more than running it.
_PLACE_BY_GAZETTEER_ID = select(m.Place).where(m.Place.gazetteer_id == bindparam("gazetteer_id"))
_ORGANISATION_BY_KEY = select(m.Organisation).where(m.Organisation.key == bindparam("key"))
_ALIASES_OF = select(m.OrganisationAlias.folded).where(
    m.OrganisationAlias.organisation_id == bindparam("organisation_id"))
_PERSON_BY_KEY = select(m.Person).where(m.Person.key == bindparam("key"))
# Inserts go to the tables, not the classes: an ORM insert of a list costs its bulk bookkeeping on every call.
_INSERT_SEARCH_ENTRY = insert(m.SearchEntry.__table__).returning(m.SearchEntry.__table__.c.id)


def upsert_place(session: Session, place: Any) -> m.Place:
    cache = _session_cache(session, "places")
    row = cache.get(place.place_id)
    if row is None:
        with session.no_autoflush:  # new rows are flushed when made: nothing pending could answer this lookup
            row = session.scalar(_PLACE_BY_GAZETTEER_ID, {"gazetteer_id": place.place_id})
    if row is None:
        row = m.Place(gazetteer_id=place.place_id, name=place.name, country=place.country, kind=place.kind,
                      parents=list(place.parents), lat=place.lat, lon=place.lon)
        session.add(row)
        session.flush()
    cache[place.place_id] = row
    return row


def upsert_organisation(session: Session, org: OrgMention, key: str, place_row: m.Place | None) -> m.Organisation:
    cache = _session_cache(session, "organisations")
    aliases = _session_cache(session, "aliases")
    row = cache.get(key)
    if row is None:
        with session.no_autoflush:  # new rows are flushed when made: nothing pending could answer this lookup
            row = session.scalar(_ORGANISATION_BY_KEY, {"key": key})
    if row is None:
        row = m.Organisation(key=key, name=org.name, kind=org.kind, country=org.country,
                             place_id=place_row.id if place_row else None)
        session.add(row)
        session.flush()
        aliases[row.id] = set()
    cache[key] = row
    row = _resolved_org(session, row)
    known = aliases.get(row.id)
    if known is None:  # read once per transaction, not the whole collection of a busy body per mention
        with session.no_autoflush:
            known = aliases[row.id] = set(session.scalars(_ALIASES_OF, {"organisation_id": row.id}))
    for alias in (org.name, *org.aliases, *(s.surface for s in org.spans)):
        folded = fold(alias).strip()
        if folded and folded not in known:
            known.add(folded)
            _queue(session, m.OrganisationAlias, organisation_id=row.id, alias=alias, folded=folded)
    return row


def upsert_person(session: Session, name: str, key: str) -> m.Person:
    cache = _session_cache(session, "people")
    row = cache.get(key)
    if row is None:
        with session.no_autoflush:
            row = session.scalar(_PERSON_BY_KEY, {"key": key})
    if row is None:
        row = m.Person(name=name, key=key)
        session.add(row)
        session.flush()
    cache[key] = row
    return row


def _replay_corrections(session: Session, doc: m.Document) -> None:
    """Human decisions win: rejected facts stay rejected, edited values stay edited, after any re-extraction."""
    corrected = _session_cache(session, "corrected")
    if "hashes" not in corrected:  # once per transaction: most documents have no corrections to look for
        corrected["hashes"] = {target.partition("|")[0] for target in session.scalars(select(m.Correction.target))}
    if doc.content_hash not in corrected["hashes"]:
        return
    corrections = session.scalars(
        select(m.Correction).where(m.Correction.target.like(f"{doc.content_hash}|%"))
    ).all()
    if not corrections:
        return
    facts = session.scalars(select(m.Fact).where(m.Fact.document_id == doc.id)).all()
    by_signature = {
        fact_signature(doc.content_hash, f.predicate, f"{f.subject_type}:{f.subject_id}", f.value): f for f in facts
    }
    for correction in corrections:
        fact = by_signature.get(correction.target)
        if fact is None:
            continue
        if correction.action == "reject":
            fact.review_state = "rejected"
        elif correction.action == "accept":
            fact.review_state = "accepted"
        elif correction.action == "edit":
            fact.value = str(correction.payload.get("value", fact.value))
            fact.review_state = "edited"


# Names of the programmes that pay for projects rather than of projects: EU pre-accession and cross-border
# instruments, operational programmes of a budget period (`2014. – 2020`), funds. A document naming a project and
# the programme that finances it is about the project.
_FUNDING_PROGRAMME = re.compile(r"\b(?:ipa(?: i+)?|interreg|eu4\w+|itu)\b|^(?:fond|fund)\b|\bprogram\w* "
                                r"(?:prekogranicn\w*|cross-border)|operativn\w* program|operational programme|"
                                r"\b20[0-4]\d\.?\s*[-–]\s*20[0-4]\d\b")


def _main_project(rows: list[m.Project], mentions: dict[int, int]) -> m.Project | None:
    """The project a document is about: the only one it names, or the one it names clearly most often, leaving
    aside the programmes that finance it."""
    projects = [r for r in rows if not _FUNDING_PROGRAMME.search(fold(r.title))]
    rows = projects or rows
    if len(rows) == 1:
        return rows[0]
    ranked = sorted(rows, key=lambda r: -mentions[r.id])
    if len(ranked) > 1 and mentions[ranked[0].id] > mentions[ranked[1].id]:
        return ranked[0]
    return None


MAX_SECTORS = 3  # the first documents of a project say best what it is about; later ones add detail, not sectors
_STATUS_BY_EVENT = {"closing": "3", "call": "2", "kick-off": "2", "signing": "2", "training": "2", "opening": "2",
                    "handover": "2", "conference": "2"}  # IATI ActivityStatus: 2 implementation, 3 finalisation


@dataclass(frozen=True, slots=True)
class TextFindings:
    """What the registry reads from a document's text beside its extraction: the words its search entry holds,
    events, the part each body plays in the project, sectors, contacts. Pure, so ingest workers make it, not the
    writer."""

    tokens: str
    events: list[EventMention]
    participation: list[Participation]
    sectors: list[str]
    contacts: list[ContactMention]
    achieved: list[bool]  # per indicator of the extraction: an actual value, not a target
    roles: list[str]  # per person of the extraction: the role as the text spells its words


def text_findings(title: str, text: str, extraction: Extraction) -> TextFindings:
    about_projects = bool(extraction.projects)  # participation and sectors only ever describe a project
    return TextFindings(
        tokens=document_tokens(title, text, extraction),
        events=find_events(text),
        participation=find_participation(text, extraction.organisations, extraction.funders) if about_projects
        else [],
        sectors=infer_sectors(text) if about_projects else [],
        contacts=find_contacts(text, [*extraction.organisations, *extraction.funders], extraction.countries),
        achieved=[bool(i.span) and is_achieved(text, i.span.start, i.span.end) for i in extraction.indicators]
        if about_projects else [],
        roles=_spelt_roles(text, extraction),
    )


def _spelt_roles(text: str, extraction: Extraction) -> list[str]:
    """Roles are extracted in lower case; stored as the text spells their words (`šef delegacije EU u BiH`)."""
    if not any(p.role for p in extraction.people):
        return [p.role for p in extraction.people]
    capitals = written_capitals(text)
    return [restore_case(p.role, capitals) for p in extraction.people]


def _attach_to_project(session: Session, doc: m.Document, extraction: Extraction, project: m.Project,
                       org_rows: dict[str, m.Organisation], place_rows: dict[str, m.Place],
                       findings: TextFindings) -> None:
    """A document about one project gives that project its participants, places, target groups, results,
    period and status; the union over the project's documents is the project's record."""
    participants = []
    for part in findings.participation:
        row = org_rows.get(fold(part.organisation.name))
        if row is not None:
            participants.append((row.id, part.role))
    add_parts(project, participants=participants, place_ids=[r.id for r in place_rows.values()],
              target_groups=[g.name for g in extraction.target_groups])
    for indicator, achieved in zip(extraction.indicators, findings.achieved, strict=True):
        _queue(session, m.ProjectIndicator, project_id=project.id, text=indicator.text, unit=indicator.unit,
               target=None if achieved else indicator.value, actual=indicator.value if achieved else None,
               document_id=doc.id)
    for period in (d for d in extraction.dates if d.kind == "period"):
        first, _, last = period.value.partition("/")
        try:
            start = dt.date.fromisoformat(f"{first[:7]}-01")
            end = dt.date.fromisoformat(f"{(last or first)[:7]}-01")
        except ValueError:
            continue
        project.start_date = min(filter(None, (project.start_date, start)))
        project.end_date = max(filter(None, (project.end_date, end)))
    sectors = list(project.sectors or [])
    for code in findings.sectors:
        if code not in sectors and len(sectors) < MAX_SECTORS:
            sectors.append(code)
    project.sectors = sectors
    for event in findings.events:
        status = _STATUS_BY_EVENT.get(event.kind, "")
        if status > (project.status or ""):
            project.status = status


def save_extraction(session: Session, doc: m.Document, extraction: Extraction,
                    extractor_version: str, findings: TextFindings | None = None,
                    fresh: bool | None = None) -> dict[str, set[int]]:
    """Replace what the registry holds from this document with the new extraction (re-extraction is idempotent).

    Returns the ids of the projects, organisations and places the document touched, whose search entries the
    caller refreshes with `search.index_entities` once per batch."""
    if fresh is None:  # never extracted: nothing of it to clear or to look up
        fresh = not doc.extractor_version
    if findings is None:
        findings = text_findings(doc.title, doc.text, extraction)
    if not fresh:
        session.execute(delete(m.Fact).where(m.Fact.document_id == doc.id))
        for table in (m.PersonRole, m.BudgetLine, m.ProjectIndicator, m.Event):
            session.execute(delete(table).where(table.document_id == doc.id))
    doc.language, doc.script, doc.extractor_version = extraction.language, extraction.script, extractor_version

    fact_rows: list[dict[str, Any]] = []  # written in one statement: facts are most of the rows a document makes

    def fact(subject_type: str, subject_id: int | None, predicate: str, value: str,
             spans: Sequence[Span | None], field: str) -> None:
        """One fact at its first mention, as trusted as the rules that found all its mentions."""
        span = next((s for s in spans if s is not None), None)
        fact_rows.append({
            "document_id": doc.id, "subject_type": subject_type, "subject_id": subject_id, "predicate": predicate,
            "value": value, "start": span.start if span else None, "end": span.end if span else None,
            "extractor": span.rule if span else "", "confidence": confidence(field, spans), "review_state": "machine",
        })

    place_rows: dict[str, m.Place] = {}
    places_by_name = {}
    for place in extraction.places:
        row = upsert_place(session, place)
        place_rows[place_key(place)] = row
        places_by_name[fold(place.name)] = place
        fact("place", row.id, "mentions", place.name, place.spans, "places")

    org_rows: dict[str, m.Organisation] = {}
    for org in extraction.organisations:
        key = organisation_key(org, places_by_name)
        place_row = None
        if key.startswith("gov:"):
            place_row = place_rows.get("place:" + key.removeprefix("gov:"))
        row = upsert_organisation(session, org, key, place_row)
        org_rows[fold(org.name)] = row
        fact("organisation", row.id, "mentions", org.name, org.spans, "organizations")
    for funder in extraction.funders:
        row = org_rows.get(fold(funder.name)) or upsert_organisation(
            session, funder, organisation_key(funder, places_by_name), None
        )
        org_rows.setdefault(fold(funder.name), row)
        fact("organisation", row.id, "funds", funder.name, funder.spans, "funders")

    for contact in findings.contacts:
        owner = org_rows.get(fold(contact.organisation))
        if owner is not None:
            fact("organisation", owner.id, contact.kind, contact.value, [contact.span], "contacts")

    for person, role in zip(extraction.people, findings.roles, strict=True):
        row = upsert_person(session, person.name, person_key(person))
        if person.role:  # added beside the person, not through the collection: that would read all its roles
            org_row = org_rows.get(fold(person.organisation)) if person.organisation else None
            _queue(session, m.PersonRole, person_id=row.id, role=role,
                   organisation_id=org_row.id if org_row else None, document_id=doc.id)
        fact("person", row.id, "role" if person.role else "mentions", person.role or person.name,
             person.spans, "people")

    project_rows = []
    mentions: dict[int, int] = {}
    for project in extraction.projects:
        row = link_project(session, project, extraction.language)
        if row.id not in mentions:
            project_rows.append(row)
        mentions[row.id] = mentions.get(row.id, 0) + len(project.spans)
        fact("project", row.id, "mentions", project.name, project.spans, "projects")

    main_project = _main_project(project_rows, mentions)
    dates = sorted(d.value for d in extraction.dates if d.kind == "date")
    for money in extraction.money:
        fact("document", None, "amount", amount_value(money.amount, money.currency), [money.span], "money")
        if main_project is not None:
            _queue(session, m.BudgetLine, project_id=main_project.id, amount=money.amount, currency=money.currency,
                   document_id=doc.id, value_date=dt.date.fromisoformat(dates[0]) if dates else None)
    for date in extraction.dates:
        fact("document", None, "date" if date.kind == "date" else "period", date.value, [date.span], "dates")
    for group in extraction.target_groups:
        fact("document", None, "target_group", group.name, [group.span], "target_groups")
    for indicator in extraction.indicators:
        fact("document", None, "indicator", indicator.text, [indicator.span], "indicators")
    if main_project is not None:
        _attach_to_project(session, doc, extraction, main_project, org_rows, place_rows, findings)
    else:  # several projects said alike: the bodies the text says fund them fund each; the rest stays unassigned
        funding = [row.id for row in (org_rows.get(fold(p.organisation.name)) for p in findings.participation
                                      if p.role == 1) if row is not None]
        for row in project_rows:
            if not _FUNDING_PROGRAMME.search(fold(row.title)):
                add_parts(row, participants=[(org_id, 1) for org_id in funding])
    first_place = next(iter(place_rows.values()), None)
    for event in findings.events:
        _queue(session, m.Event, kind=event.kind, date=dt.date.fromisoformat(dates[0]) if dates else doc.published,
               place_id=first_place.id if first_place else None,
               project_id=main_project.id if main_project else None, document_id=doc.id)
        fact("document", None, "event", event.kind, [event.span], "events")
    session.flush()
    _write_queued(session)
    if fact_rows:
        session.execute(m.Fact.__table__.insert(), fact_rows)
    _replay_corrections(session, doc)
    index_document(session, doc, extraction, findings.tokens, fresh)
    return {"project": {r.id for r in project_rows}, "org": {r.id for r in org_rows.values()},
            "place": {r.id for r in place_rows.values()}}


def document_tokens(title: str, text: str, extraction: Extraction) -> str:
    """What the search index holds for a document: its words, plus the canonical names of what it mentions, so
    that `Srbac` finds a text that only says `u Srpcu`. Pure, so ingest workers compute it beside extraction."""
    names = [p.name for p in extraction.places] + [o.name for o in extraction.organisations]
    names += [p.name for p in extraction.projects] + [p.acronym for p in extraction.projects if p.acronym]
    return " ".join(tokens(f"{title}\n{text}\n" + "\n".join(names)))


def index_document(session: Session, doc: m.Document, extraction: Extraction, token_text: str | None = None,
                   fresh: bool = False) -> None:
    """The document's search entry and facet rows, replacing any it had (`fresh`: it has none yet)."""
    if token_text is None:
        token_text = document_tokens(doc.title, doc.text, extraction)
    years = sorted({d.value[:4] for d in extraction.dates if d.value[:4].isdigit()})
    facets = {
        "country": list(extraction.countries),
        "place": [p.name for p in extraction.places],
        "funder": [f.name for f in extraction.funders],
        "org": [o.name for o in extraction.organisations],
        "year": years or ([str(doc.published.year)] if doc.published else []),
        "lang": [extraction.language],
    }
    entry = None if fresh else session.scalar(
        select(m.SearchEntry).where(m.SearchEntry.entity_type == "doc", m.SearchEntry.entity_id == doc.id)
    )
    remember_terms(session, [token_text])
    if entry is None:  # one statement, not a flush of the whole session
        entry_id = session.execute(_INSERT_SEARCH_ENTRY, {
            "entity_type": "doc", "entity_id": doc.id, "title": doc.title, "tokens": token_text, "facets": facets,
        }).scalar_one()
    else:
        entry.title, entry.tokens, entry.facets = doc.title, token_text, facets
        entry_id = entry.id
        forget_facets(session, [entry.id])
    rows = [{"entry_id": entry_id, "name": name, "value": value[:400], "value_key": fold(value)[:400]}
            for name, values in facets.items() for value in dict.fromkeys(values)]
    insert_facets(session, rows)
