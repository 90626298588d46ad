"""Read-side queries: what each page shows, built from whatever the registry's tables hold (any part may be
empty while cross-document linking is still thin)."""

from __future__ import annotations

import base64
import json
import math
import re
import threading
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import TypeAdapter
from sqlalchemy import Select, bindparam, extract, func, or_, select, text
from sqlalchemy.orm import Session, selectinload

from devatlas.exchange.organisations import administrative_status
from devatlas.exchange.records import organisation_contacts
from devatlas.resolve.rates import to_eur
from devatlas.store import models as m
from devatlas.store.db import rows
from devatlas.store.repository import amount_value
from devatlas.text.script import fold
from devatlas.web import schemas as s
from devatlas.web.deps import MAX_ID

# Per-database summaries (activity per place...) are recomputed when the registry's version changes, and at the
# latest after this many seconds (edits that leave no newer row behind, such as a deleted document).
CACHE_SECONDS = 300.0

ROLE_NAMES = {1: "Funding", 2: "Accountable", 3: "Extending", 4: "Implementing"}
# IATI ActivityStatus codelist
STATUS_NAMES = {"1": "Pipeline", "2": "Implementation", "3": "Finalisation", "4": "Closed", "5": "Cancelled",
                "6": "Suspended"}
ENTITY_PAGES = {"place": "/places/", "organisation": "/organisations/", "project": "/projects/"}
_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


# ---- small converters ------------------------------------------------------------------------------------------

PLACE_COLUMNS = (m.Place.id, m.Place.name, m.Place.country, m.Place.kind, m.Place.lat, m.Place.lon)


def place_values(p: Any) -> dict[str, Any]:
    """A PlaceRef's values, from a place or a row of PLACE_COLUMNS (for records validated in one call)."""
    return {"id": p.id, "name": p.name, "country": p.country, "kind": p.kind, "lat": p.lat, "lon": p.lon}


def place_ref(p: Any) -> s.PlaceRef:
    return s.PlaceRef.model_validate(place_values(p))


def org_ref(o: Any) -> s.OrganisationRef:
    """From an organisation or a row with its id, name, kind and country."""
    return s.OrganisationRef(id=o.id, name=o.name, kind=o.kind, country=o.country)


def project_ref(p: m.Project) -> s.ProjectRef:
    return s.ProjectRef(id=p.id, title=p.title, acronym=p.acronym)


def document_values(d: Any) -> dict[str, Any]:
    """A DocumentRef's values, from a document or a row with its columns (for records validated in one call)."""
    return {"id": d.id, "title": d.title or d.source, "source": d.source, "url": d.url, "published": d.published,
            "language": d.language, "script": d.script}


def document_ref(d: m.Document) -> s.DocumentRef:
    return s.DocumentRef.model_validate(document_values(d))


def entity_link(subject_type: str, subject_id: int | None) -> str | None:
    prefix = ENTITY_PAGES.get(subject_type)
    return f"{prefix}{subject_id}" if prefix and subject_id is not None else None


def money_values(amount: float, currency: str, value_date: date | None) -> dict[str, Any]:
    """A Money's values: the amount, and in euro at the rate of its year where one is known."""
    converted = to_eur(amount, currency, value_date.year if value_date else None)
    return {"amount": amount, "currency": currency, "value_date": value_date,
            "eur": round(converted.eur, 2) if converted else None, "rate": converted.rate if converted else None,
            "rate_year": converted.year if converted else None, "rate_basis": converted.basis if converted else ""}


# ---- cursors -------------------------------------------------------------------------------------------------

def encode_cursor(last_id: int) -> str:
    """An opaque token for 'after this id' (keyset paging: stable while rows are added)."""
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(token: str | None) -> int:
    """The id a cursor points after; ValueError for a token that was not made by encode_cursor."""
    if not token:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        after = int(value["after"])
    except Exception:
        raise ValueError("not a cursor from this API") from None
    if not 0 <= after <= MAX_ID:
        raise ValueError("not a cursor from this API")
    return after


# ---- text with marks -------------------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence end of a text stops, in order: a project page bounds dozens of facts' sentences in the
    same few documents, and finding the previous end by scanning from the start cost it a pass over the text each."""
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous sentence end to the next one."""
    # An end that stops at or before `start` is one the text cut at `start` also has: its matches are at most
    # two characters long and found left to right.
    ends = _sentence_ends(text)
    before = bisect_right(ends, start)
    left = ends[before - 1] if before else 0
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() + 1 if right_match else len(text)
    return left, min(right, len(text))


def evidence_values(doc: Any, start: int | None, end: int | None) -> dict[str, Any] | None:
    """An Evidence's values: the sentence around [start, end) of a document, the span marked."""
    if start is None or end is None or not (0 <= start < end <= len(doc.text)):
        return None
    left, right = sentence_bounds(doc.text, start, end)
    segments = [{"text": doc.text[left:start]}, {"text": doc.text[start:end], "mark": True},
                {"text": doc.text[end:right]}]
    return {"document_id": doc.id, "start": start, "end": end, "segments": [g for g in segments if g["text"]]}


def sentences_with_marks(doc: m.Document, facts: Iterable[Any]) -> list[dict[str, Any]]:
    """Each sentence that states one of the facts (m.Fact or Span) once, with all of their words in it marked: an
    Evidence's values."""
    by_sentence: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for fact in facts:
        if fact.start is not None and fact.end is not None and 0 <= fact.start < fact.end <= len(doc.text):
            by_sentence[sentence_bounds(doc.text, fact.start, fact.end)].append(fact)
    out = []
    for (left, right), inside in sorted(by_sentence.items()):
        # in a quotation the marks show the evidence; the entities are linked elsewhere
        pieces = marked_text(doc.text[left:right], inside, offset=left, linked=False)
        first = min(f.start for f in inside if f.start is not None)
        out.append({"document_id": doc.id, "start": first, "end": max(f.end or 0 for f in inside),
                    "segments": pieces})
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """What marking a text needs of a fact: read as plain rows, a project page's hundred facts cost no ORM
    objects."""

    id: int
    document_id: int
    subject_type: str
    subject_id: int | None
    predicate: str
    value: str
    start: int | None
    end: int | None
    review_state: str


SPAN_COLUMNS = (m.Fact.id, m.Fact.document_id, m.Fact.subject_type, m.Fact.subject_id, m.Fact.predicate,
                m.Fact.value, m.Fact.start, m.Fact.end, m.Fact.review_state)


def _spans(session: Session, query: Any, params: dict[str, Any] | None = None) -> list[Span]:
    return [Span(*row) for row in rows(session, query, params)]


def marked_text(text: str, facts: Iterable[Any], offset: int = 0, linked: bool = True) -> list[s.Segment]:
    """The whole text cut into pieces, each fact's span marked and linked (overlaps: the earlier, longer wins).
    `text` may be a part of the document that starts at `offset`: the facts keep their offsets in the document,
    the pieces' starts are in the part."""
    spans = sorted(((f.start - offset, f.end - offset, f) for f in facts
                    if f.start is not None and f.end is not None and 0 <= f.start - offset < f.end - offset
                    <= len(text) and f.review_state != "rejected"),
                   key=lambda span: (span[0], -span[1]))
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, fact in spans:
        if start < pos:
            continue
        if start > pos:
            out.append({"text": text[pos:start]})
        kind = fact.subject_type if fact.subject_type != "document" else fact.predicate
        out.append({"text": text[start:end], "mark": True, "kind": kind, "fact_id": fact.id, "start": start,
                    "link": entity_link(fact.subject_type, fact.subject_id) if linked else None})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:]})
    return _SEGMENTS.validate_python(out)


# A text's pieces validated in one call: a project page quotes a hundred or more, and a model made one by one
# costs a Python call each.
_SEGMENTS = TypeAdapter(list[s.Segment])


# ---- projects --------------------------------------------------------------------------------------------------

def _resolved(session: Session, org: m.Organisation) -> m.Organisation:
    seen = set()
    while org.merged_into_id is not None and org.id not in seen:
        seen.add(org.id)
        org = session.get(m.Organisation, org.merged_into_id) or org
    return org


# A project page's reads as plain rows through statements built once: ORM objects and lazy loads cost most of the
# page's time, and nothing here is written back.
_PROJECT_ID = bindparam("project_id")
_PROJECT_PARTS = {
    "participants": select(m.ProjectParticipant.organisation_id, m.ProjectParticipant.role)
    .where(m.ProjectParticipant.project_id == _PROJECT_ID),
    "budget_lines": select(m.BudgetLine.id, m.BudgetLine.amount, m.BudgetLine.currency, m.BudgetLine.value_date,
                           m.BudgetLine.document_id, m.BudgetLine.transaction_type)
    .where(m.BudgetLine.project_id == _PROJECT_ID).order_by(m.BudgetLine.id),
    "indicators": select(m.ProjectIndicator.text, m.ProjectIndicator.unit, m.ProjectIndicator.baseline,
                         m.ProjectIndicator.target, m.ProjectIndicator.actual, m.ProjectIndicator.document_id)
    .where(m.ProjectIndicator.project_id == _PROJECT_ID).order_by(m.ProjectIndicator.id),
    "titles": select(m.ProjectTitle.title, m.ProjectTitle.language)
    .where(m.ProjectTitle.project_id == _PROJECT_ID).order_by(m.ProjectTitle.id),
    "target_groups": select(m.ProjectTargetGroup.name).where(m.ProjectTargetGroup.project_id == _PROJECT_ID),
    "places": select(*PLACE_COLUMNS).join(m.ProjectPlace, m.ProjectPlace.place_id == m.Place.id)
    .where(m.ProjectPlace.project_id == _PROJECT_ID).order_by(m.Place.name, m.Place.id),
    "events": select(m.Event.kind, m.Event.date, m.Event.place_id, m.Event.document_id)
    .where(m.Event.project_id == _PROJECT_ID, m.Event.date.is_not(None)).order_by(m.Event.id),
    "mentions": select(*SPAN_COLUMNS).where(m.Fact.subject_type == "project", m.Fact.subject_id == _PROJECT_ID),
}
_ORGANISATIONS = select(m.Organisation.id, m.Organisation.name, m.Organisation.kind, m.Organisation.country,
                        m.Organisation.merged_into_id).where(m.Organisation.id.in_(bindparam("ids", expanding=True)))
_DOCUMENTS = select(m.Document.id, m.Document.title, m.Document.source, m.Document.url, m.Document.published,
                    m.Document.language, m.Document.script, m.Document.text
                    ).where(m.Document.id.in_(bindparam("ids", expanding=True)))
_PLACES = select(*PLACE_COLUMNS).where(m.Place.id.in_(bindparam("ids", expanding=True)))
_PROJECT = select(m.Project.id, m.Project.title, m.Project.acronym, m.Project.description, m.Project.status,
                  m.Project.start_date, m.Project.end_date, m.Project.sectors, m.Project.iati_identifier
                  ).where(m.Project.id == bindparam("id"))
# The facts of a project's documents that may support its record: amounts, and what its funders fund.
_SUPPORTING = select(*SPAN_COLUMNS).where(
    m.Fact.document_id.in_(bindparam("documents", expanding=True)),
    or_(m.Fact.predicate == "amount",
        (m.Fact.predicate == "funds") & m.Fact.subject_id.in_(bindparam("funders", expanding=True))))


def project_detail(session: Session, project_id: int) -> s.ProjectDetail | None:
    found = rows(session, _PROJECT, {"id": project_id})
    if not found:
        return None
    project = found[0]
    parts = {name: rows(session, query, {"project_id": project.id}) for name, query in _PROJECT_PARTS.items()}
    participant_rows, budget_lines, indicators = parts["participants"], parts["budget_lines"], parts["indicators"]
    orgs = {o.id: o for o in rows(session, _ORGANISATIONS, {"ids": [p.organisation_id for p in participant_rows]})}
    participants = sorted(
        ({"organisation": org_ref(_resolved(session, orgs[p.organisation_id])), "role": p.role,
          "role_name": ROLE_NAMES.get(p.role, str(p.role))}
         for p in participant_rows if p.organisation_id in orgs),
        key=lambda p: (p["role"], p["organisation"].name))

    mention_facts = [Span(*row) for row in parts["mentions"]]
    doc_ids = {f.document_id for f in mention_facts}
    doc_ids |= {b.document_id for b in budget_lines if b.document_id}
    doc_ids |= {i.document_id for i in indicators if i.document_id}
    docs = {d.id: d for d in rows(session, _DOCUMENTS, {"ids": list(doc_ids)})} if doc_ids else {}

    # The facts that support this project's record, per document: its mentions, its funders, its amounts.
    funder_ids = {p.organisation_id for p in participant_rows}
    supporting: dict[int, list[Span]] = defaultdict(list)
    for fact in mention_facts:
        supporting[fact.document_id].append(fact)
    amount_values = {(b.document_id, amount_value(b.amount, b.currency)) for b in budget_lines}
    if docs:
        for fact in _spans(session, _SUPPORTING, {"documents": list(docs), "funders": list(funder_ids or {-1})}):
            if fact.predicate != "amount" or (fact.document_id, fact.value) in amount_values:
                supporting[fact.document_id].append(fact)

    budget = []
    for line in sorted(budget_lines, key=lambda b: (b.value_date or date.min, b.id)):
        item = money_values(line.amount, line.currency, line.value_date)
        item["transaction_type"], item["document_id"] = line.transaction_type, line.document_id
        doc = docs.get(line.document_id or -1)
        if doc is not None:
            fact = next((f for f in supporting[doc.id] if f.predicate == "amount"
                         and f.value == amount_value(line.amount, line.currency)), None)
            item["evidence"] = evidence_values(doc, fact.start, fact.end) if fact else None
        budget.append(item)
    known = [b["eur"] for b in budget if b["eur"] is not None]

    timeline = _project_timeline(session, project, parts["events"], budget_lines, docs)
    sources = [{"document": document_values(doc), "sentences": sentences_with_marks(doc, supporting[doc.id])}
               for doc in sorted(docs.values(), key=lambda d: (d.published or date.min, d.id))]
    # One validation of the whole record from plain values: a project quotes dozens of sentences and has dozens
    # of places, events and indicators, and a model made one by one costs a Python call each.
    return s.ProjectDetail.model_validate({
        "id": project.id, "title": project.title, "acronym": project.acronym, "description": project.description,
        "status": project.status, "status_name": STATUS_NAMES.get(project.status, project.status),
        "start_date": project.start_date, "end_date": project.end_date,
        "sectors": [str(x) for x in (project.sectors or [])], "iati_identifier": project.iati_identifier or "",
        "titles": [{"title": t.title, "language": t.language} for t in parts["titles"]] or [{"title": project.title}],
        "participants": participants, "budget": budget, "total_eur": round(sum(known), 2) if known else None,
        "places": [place_values(p) for p in parts["places"]],
        "target_groups": sorted(g.name for g in parts["target_groups"]),
        "indicators": [{"text": i.text, "unit": i.unit, "baseline": i.baseline, "target": i.target,
                        "actual": i.actual, "document_id": i.document_id} for i in indicators],
        "timeline": timeline, "documents": sources,
    })


def _project_timeline(session: Session, project: Any, events: list[Any], budget_lines: list[Any],
                      docs: dict[int, Any]) -> list[dict[str, Any]]:
    """A TimelineItem's values for each dated thing: start, end, events, amounts, publications; by date."""
    items: list[dict[str, Any]] = []
    if project.start_date:
        items.append({"date": project.start_date, "kind": "start"})
    if project.end_date:
        items.append({"date": project.end_date, "kind": "end"})
    place_ids = {e.place_id for e in events if e.place_id}
    places = {p.id: p for p in rows(session, _PLACES, {"ids": list(place_ids)})} if place_ids else {}
    for event in events:
        place = places.get(event.place_id) if event.place_id else None
        items.append({"date": event.date, "kind": event.kind, "document_id": event.document_id,
                      "place": place_values(place) if place else None})
    for line in budget_lines:
        if line.value_date:
            items.append({"date": line.value_date, "kind": "amount", "amount": line.amount,
                          "currency": line.currency, "document_id": line.document_id})
    for doc in docs.values():
        if doc.published:
            items.append({"date": doc.published, "kind": "published", "label": doc.title, "document_id": doc.id})
    return sorted(items, key=lambda i: (i["date"], i["kind"]))


# ---- organisations ---------------------------------------------------------------------------------------------

def organisation_detail(session: Session, org_id: int) -> s.OrganisationDetail | None:
    org = session.get(m.Organisation, org_id)
    if org is None:
        return None
    merged_into = _resolved(session, org) if org.merged_into_id else None
    merged_ids = [org.id, *session.scalars(select(m.Organisation.id).where(m.Organisation.merged_into_id == org.id))]
    roles = session.execute(
        select(m.ProjectParticipant.role, m.Project).join(m.Project, m.Project.id == m.ProjectParticipant.project_id)
        .where(m.ProjectParticipant.organisation_id.in_(merged_ids))
        .order_by(m.ProjectParticipant.role, m.Project.title)
    ).all()
    by_role: dict[int, list[s.ProjectRef]] = defaultdict(list)
    for role, project in roles:
        if all(p.id != project.id for p in by_role[role]):
            by_role[role].append(project_ref(project))
    project_ids = {p.id for refs in by_role.values() for p in refs}

    # Everyone on the same projects, and between them how many projects each pair shares.
    members: dict[int, set[int]] = defaultdict(set)
    if project_ids:
        for project_id, member_id in session.execute(
                select(m.ProjectParticipant.project_id, m.ProjectParticipant.organisation_id)
                .where(m.ProjectParticipant.project_id.in_(project_ids))):
            members[project_id].add(member_id)
    shared: Counter[int] = Counter()
    pairs: Counter[tuple[int, int]] = Counter()
    for group in members.values():
        others = sorted(group - set(merged_ids))
        shared.update(others)
        for i, a in enumerate(others):
            for b in others[i + 1:]:
                pairs[(a, b)] += 1
    partner_rows = {o.id: o for o in session.scalars(select(m.Organisation).where(m.Organisation.id.in_(shared)))}
    partners = sorted((s.Partner(organisation=org_ref(partner_rows[i]), shared_projects=n)
                       for i, n in shared.items() if i in partner_rows),
                      key=lambda p: (-p.shared_projects, p.organisation.name))
    people = [
        s.PersonRole(person_id=person.id, name=person.name, role=role.role, as_of=role.as_of,
                     document_id=role.document_id)
        for role, person in session.execute(
            select(m.PersonRole, m.Person).join(m.Person, m.Person.id == m.PersonRole.person_id)
            .where(m.PersonRole.organisation_id.in_(merged_ids)).order_by(m.Person.name))
    ]
    doc_rows = session.scalars(
        select(m.Document).where(m.Document.id.in_(
            select(m.Fact.document_id).where(m.Fact.subject_type == "organisation",
                                             m.Fact.subject_id.in_(merged_ids))))
        .order_by(m.Document.published.desc().nulls_last(), m.Document.id).limit(50)).all()
    place = session.get(m.Place, org.place_id) if org.place_id else None
    return s.OrganisationDetail(
        id=org.id, name=org.name, kind=org.kind, iati_type=org.iati_type, country=org.country,
        status=administrative_status(org.name, org.kind),
        contacts=[s.Contact(kind=kind, value=value) for merged_id in merged_ids
                  for kind, values in organisation_contacts(session, merged_id).items() for value in values],
        place=place_ref(place) if place else None,
        merged_into=org_ref(merged_into) if merged_into and merged_into.id != org.id else None,
        aliases=sorted({a.alias for a in org.aliases if a.alias != org.name}),
        projects_by_role=[s.ProjectsByRole(role=r, role_name=ROLE_NAMES.get(r, str(r)), projects=by_role[r])
                          for r in sorted(by_role)],
        partners=partners, network=partner_network(org, partners[:24], pairs), people=people,
        documents=[document_ref(d) for d in doc_rows],
    )


def partner_network(org: m.Organisation, partners: list[s.Partner], pairs: Counter[tuple[int, int]],
                    width: int = 640, height: int = 420) -> s.Network:
    """A radial layout computed here, drawn as SVG by the template (no script needed): the organisation in the
    middle, partners on a circle, line width by shared projects."""
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 60
    nodes = [s.NetworkNode(id=org.id, name=org.name, x=cx, y=cy, r=16, centre=True)]
    position = {org.id: (cx, cy)}
    for i, partner in enumerate(partners):
        angle = 2 * math.pi * i / max(len(partners), 1) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        position[partner.organisation.id] = (x, y)
        nodes.append(s.NetworkNode(id=partner.organisation.id, name=partner.organisation.name, x=round(x, 1),
                                   y=round(y, 1), r=round(6 + 3 * math.sqrt(partner.shared_projects), 1)))
    edges = []
    for partner in partners:
        (x1, y1), (x2, y2) = position[org.id], position[partner.organisation.id]
        edges.append(s.NetworkEdge(source=org.id, target=partner.organisation.id, weight=partner.shared_projects,
                                   x1=x1, y1=y1, x2=round(x2, 1), y2=round(y2, 1)))
    for (a, b), weight in pairs.items():
        if a in position and b in position:
            (x1, y1), (x2, y2) = position[a], position[b]
            edges.append(s.NetworkEdge(source=a, target=b, weight=weight, x1=round(x1, 1), y1=round(y1, 1),
                                       x2=round(x2, 1), y2=round(y2, 1)))
    return s.Network(width=width, height=height, nodes=nodes, edges=edges)


# ---- per-database summaries -----------------------------------------------------------------------------------

_cache: dict[tuple[str, str], tuple[tuple[Any, ...], float, Any]] = {}
_cache_locks: dict[tuple[str, str], threading.Lock] = defaultdict(threading.Lock)


_REGISTRY_VERSION = text(
    "SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM facts), (SELECT max(id) FROM places), "
    "(SELECT max(id) FROM project_places), (SELECT max(id) FROM budget_lines), "
    "(SELECT max(id) FROM project_participants), (SELECT max(id) FROM audit_log)")


def registry_version(session: Session) -> tuple[Any, ...]:
    """What changes when the registry's content does: the newest document, fact, place, project place, budget
    line, project participant and audit entry (reviews, merges and renames write one; an IATI import may add
    only money or partners). Seven index lookups, read as the pages' other reads are (see store.db.rows): through
    SQLAlchemy's execution they had cost a place page 6% of its time."""
    return tuple(rows(session, _REGISTRY_VERSION)[0])


def cached(session: Session, name: str, compute: Any) -> Any:
    """compute(session), kept per database until the registry changes: summaries over whole tables that every
    place page needs would otherwise cost each page a full scan. One thread computes, the others wait for it."""
    key = (str(session.get_bind().url), name)
    version = session.info.get("registry_version")
    if version is None:
        version = registry_version(session)
        if session.info.get("reads_only"):  # a page's session: one version for all the summaries it asks for
            session.info["registry_version"] = version

    def fresh() -> Any:
        hit = _cache.get(key)
        return hit if hit and hit[0] == version and time.monotonic() - hit[1] < CACHE_SECONDS else None

    if (hit := fresh()) is not None:
        return hit[2]
    with _cache_locks[key]:
        if (hit := fresh()) is not None:
            return hit[2]
        value = compute(session)
        _cache[key] = (version, time.monotonic(), value)
        return value


def clear_cache() -> None:
    """Forget every summary (tests that rewrite a registry in place without a newer row)."""
    _cache.clear()


# ---- places ----------------------------------------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def place_activity(session: Session) -> dict[int, tuple[int, int]]:
    """place id -> (projects there, document mentions) for every place with any activity."""
    per_project = func.count(func.distinct(m.ProjectPlace.project_id))
    projects = dict(session.execute(select(m.ProjectPlace.place_id, per_project)
                                    .group_by(m.ProjectPlace.place_id)).all())
    mentions = dict(session.execute(select(m.Fact.subject_id, func.count(func.distinct(m.Fact.document_id)))
                                    .where(m.Fact.subject_type == "place").group_by(m.Fact.subject_id)).all())
    return {pid: (projects.get(pid, 0), mentions.get(pid, 0)) for pid in set(projects) | set(mentions)
            if pid is not None}


def _funders_of(session: Session, project_ids: Iterable[int] | Select[Any]) -> dict[int, list[Any]]:
    """The funders (role 1) of each project (ids, or a query of them) as rows of id, name, kind and country:
    plain rows cost a fraction of ORM objects."""
    out: dict[int, list[Any]] = defaultdict(list)
    ids = project_ids if isinstance(project_ids, Select) else list(project_ids)
    if not isinstance(ids, Select) and not ids:
        return out
    for row in session.execute(
            select(m.ProjectParticipant.project_id, m.Organisation.id, m.Organisation.name, m.Organisation.kind,
                   m.Organisation.country)
            .join(m.Organisation, m.Organisation.id == m.ProjectParticipant.organisation_id)
            .where(m.ProjectParticipant.project_id.in_(ids), m.ProjectParticipant.role == 1)):
        out[row.project_id].append(row)
    return out


def _active_places(session: Session) -> tuple[list[tuple[s.PlaceRef, int, int]], np.ndarray]:
    """(place, projects there, document mentions) of every place with activity and coordinates, and their
    (lat, lon) as an array: a place page measures the distance to each of them."""
    activity = place_activity(session)
    rows = session.scalars(select(m.Place).where(m.Place.id.in_(list(activity)), m.Place.lat.is_not(None),
                                                 m.Place.lon.is_not(None))).all()
    return ([(place_ref(p), *activity[p.id]) for p in rows],
            np.array([(p.lat, p.lon) for p in rows], dtype=float).reshape(-1, 2))


def _project_money(session: Session) -> dict[int, tuple[str, list[tuple[int | None, float]]]]:
    """project id -> (its funders' names, its budget in euro per year) for every project with a budget: a busy
    place's page adds up thousands of projects' money, which read from the budget lines and converted there costs
    it tens of milliseconds. Each project's sum per currency and year is converted at that year's rate (amounts in
    a currency without a rate are left out, as they are from the project's own total)."""
    funders = _funders_of(session, select(m.BudgetLine.project_id))
    year = extract("year", m.BudgetLine.value_date)
    out: dict[int, tuple[str, list[tuple[int | None, float]]]] = {}
    for project_id, currency, value_year, amount in session.execute(
            select(m.BudgetLine.project_id, m.BudgetLine.currency, year, func.sum(m.BudgetLine.amount))
            .group_by(m.BudgetLine.project_id, m.BudgetLine.currency, year)
            .order_by(m.BudgetLine.project_id, m.BudgetLine.currency, year)):
        if project_id not in out:
            out[project_id] = (" + ".join(sorted(o.name for o in funders.get(project_id, []))) or "—", [])
        value_year = int(value_year) if value_year is not None else None
        converted = to_eur(amount, currency, value_year)
        if converted is not None:
            out[project_id][1].append((value_year, converted.eur))
    return out


_PLACE = select(m.Place.id, m.Place.name, m.Place.country, m.Place.kind, m.Place.parents, m.Place.lat,
                m.Place.lon).where(m.Place.id == bindparam("place_id"))
_PLACE_PROJECTS = select(m.Project.id, m.Project.title, m.Project.acronym).where(m.Project.id.in_(
    select(m.ProjectPlace.project_id).where(m.ProjectPlace.place_id == bindparam("place_id")))
).order_by(m.Project.title)
_PLACE_ORGANISATIONS = select(m.Organisation.id, m.Organisation.name, m.Organisation.kind, m.Organisation.country
                              ).where(m.Organisation.place_id == bindparam("place_id"),
                                      m.Organisation.merged_into_id.is_(None)).order_by(m.Organisation.name)


_PLACE_DOCUMENTS = select(
    m.Document.id, m.Document.title, m.Document.source, m.Document.url, m.Document.published, m.Document.language,
    m.Document.script).where(m.Document.id.in_(select(m.Fact.document_id).where(
        m.Fact.subject_type == "place", m.Fact.subject_id == bindparam("place_id")))
).order_by(m.Document.published.desc().nulls_last(), m.Document.id).limit(50)


def place_detail(session: Session, place_id: int) -> s.PlaceDetail | None:
    found = rows(session, _PLACE, {"place_id": place_id})
    if not found:
        return None
    place = found[0]
    projects = rows(session, _PLACE_PROJECTS, {"place_id": place.id})
    # Each project's money comes converted (see _project_money); projects in id order, so that the sums are the
    # same on every page that adds them.
    money = cached(session, "project_money", _project_money)
    cells: dict[tuple[int | None, str], float] = defaultdict(float)
    for project_id in sorted(p.id for p in projects):
        label, by_year = money.get(project_id, ("", []))
        for value_year, eur in by_year:
            cells[(value_year, label)] += eur
    funding = [{"year": y, "funder": f, "eur": round(v, 2)}
               for (y, f), v in sorted(cells.items(), key=lambda c: (c[0][0] or 0, c[0][1]))]
    organisations = rows(session, _PLACE_ORGANISATIONS, {"place_id": place.id})
    nearby = []
    if place.lat is not None and place.lon is not None:
        lat, lon = place.lat, place.lon
        # A flat-map distance picks the few nearest of every active place cheaply; the great-circle distance then
        # orders those (the two agree on order to well under a kilometre at this scale).
        stretch = math.cos(math.radians(lat))
        active, coordinates = cached(session, "active_places", _active_places)
        flat = (coordinates[:, 0] - lat) ** 2 + ((coordinates[:, 1] - lon) * stretch) ** 2
        nearest = np.argsort(flat, kind="stable")[:25] if len(flat) else []
        candidates = [active[i] for i in nearest if active[i][0].id != place.id][:24]
        exact = sorted(((haversine_km(lat, lon, ref.lat, ref.lon), ref.id, ref, n_projects, n_mentions)  # type: ignore[arg-type]
                        for ref, n_projects, n_mentions in candidates), key=lambda o: (o[0], o[1]))
        for distance, _, ref, n_projects, n_mentions in exact[:8]:
            nearby.append(s.NearbyPlace(place=ref, projects=n_projects, mentions=n_mentions,
                                        distance_km=round(distance, 1)))
    docs = rows(session, _PLACE_DOCUMENTS, {"place_id": place.id})
    # One validation of the whole record from plain values: a busy place has hundreds of funding cells and
    # projects, and a model made one by one costs a Python call each.
    return s.PlaceDetail.model_validate({
        "id": place.id, "name": place.name, "country": place.country, "kind": place.kind,
        "parents": [str(p) for p in place.parents or []], "lat": place.lat, "lon": place.lon,
        "projects": [{"id": p.id, "title": p.title, "acronym": p.acronym} for p in projects], "funding": funding,
        "funding_years": sorted({y for y, _ in cells}, key=lambda y: (y is None, y or 0)),
        "organisations": [org_ref(o) for o in organisations], "nearby": nearby,
        "documents": [document_values(d) for d in docs],
    })


# ---- map and dashboards ----------------------------------------------------------------------------------------

# Map and dashboards read every project's money and places: loaded in two extra queries, not one per project.
_WITH_MONEY_AND_PLACES = (selectinload(m.Project.budget_lines), selectinload(m.Project.places))


def _line_year(line: m.BudgetLine) -> int | None:
    return line.value_date.year if line.value_date else None


def _project_years(project: m.Project) -> set[int]:
    years = {y for y in (_line_year(b) for b in project.budget_lines) if y}
    for d in (project.start_date, project.end_date):
        if d:
            years.add(d.year)
    return years


def map_data(session: Session, funder: int | None = None, year: int | None = None,
             sector: str | None = None) -> s.MapData:
    """Places with activity. Without filters, document mentions count too; a filter keeps only the places of
    projects that pass it."""
    projects = session.scalars(select(m.Project).options(*_WITH_MONEY_AND_PLACES)).all()
    funders = _funders_of(session, [p.id for p in projects])
    filtered = funder is not None or year is not None or bool(sector)
    chosen = [p for p in projects
              if (funder is None or any(o.id == funder for o in funders.get(p.id, [])))
              and (year is None or year in _project_years(p))
              and (not sector or sector in [str(x) for x in (p.sectors or [])])]
    per_place: dict[int, list[m.Project]] = defaultdict(list)
    for project in chosen:
        for link in project.places:
            per_place[link.place_id].append(project)
    activity = {} if filtered else cached(session, "place_activity", place_activity)
    ids = set(per_place) | set(activity)
    points = []
    for place in session.scalars(select(m.Place).where(m.Place.id.in_(ids), m.Place.lat.is_not(None))):
        eur = 0.0
        for project in per_place.get(place.id, []):
            share = 1 / max(len(project.places), 1)  # a project's money is spread over its places
            eur += share * sum(money_values(b.amount, b.currency, b.value_date)["eur"] or 0
                               for b in project.budget_lines if year is None or _line_year(b) == year)
        points.append(s.MapPoint(place=place_ref(place), projects=len(per_place.get(place.id, [])),
                                 mentions=activity.get(place.id, (0, 0))[1], eur=round(eur, 2)))
    all_funders = {o.id: o for orgs in funders.values() for o in orgs}
    years = sorted({y for p in projects for y in _project_years(p)})
    sectors = sorted({str(x) for p in projects for x in (p.sectors or [])})
    return s.MapData(points=sorted(points, key=lambda p: (-p.projects, -p.mentions, p.place.name)),
                     funders=sorted((org_ref(o) for o in all_funders.values()), key=lambda o: o.name),
                     years=years, sectors=sectors)


def dashboards(session: Session) -> s.Dashboards:
    """Funding in euro by funder, country, year and sector; projects by the first year they are known in.
    A project with several funders or countries has its money shared equally between them."""
    projects = session.scalars(select(m.Project).options(*_WITH_MONEY_AND_PLACES)).all()
    funders = _funders_of(session, [p.id for p in projects])
    place_country = dict(session.execute(select(m.Place.id, m.Place.country)).all())
    by_funder: dict[tuple[str, int | None], float] = defaultdict(float)
    by_country: dict[str, float] = defaultdict(float)
    by_year: dict[str, float] = defaultdict(float)
    by_sector: dict[str, float] = defaultdict(float)
    first_year: Counter[str] = Counter()
    total = 0.0
    first_seen = _first_document_years(session)
    for project in projects:
        eur_lines = [(money_values(b.amount, b.currency, b.value_date)["eur"], _line_year(b))
                     for b in project.budget_lines]
        eur_total = sum(e for e, _ in eur_lines if e is not None)
        total += eur_total
        for eur, y in eur_lines:
            if eur is not None:
                by_year[str(y) if y else "?"] += eur
        names = funders.get(project.id) or []
        for org in names:
            by_funder[(org.name, org.id)] += eur_total / len(names)
        if not names and eur_total:
            by_funder[("—", None)] += eur_total
        countries = sorted({place_country.get(p.place_id, "") for p in project.places} - {""})
        for country in countries:
            by_country[country] += eur_total / len(countries)
        for sector in project.sectors or []:
            by_sector[str(sector)] += eur_total / len(project.sectors or [1])
        years = sorted(_project_years(project)) or sorted(first_seen.get(project.id, []))
        first_year[str(years[0]) if years else "?"] += 1

    def bars(values: dict[Any, float], link: str | None = None, by_label: bool = False) -> list[s.Bar]:
        items = [(k, v) for k, v in values.items() if v > 0]
        items.sort(key=(lambda kv: str(kv[0])) if by_label else (lambda kv: -kv[1]))
        out = []
        for key, value in items[:20]:
            label, ident = key if isinstance(key, tuple) else (key, None)
            out.append(s.Bar(label=str(label), value=round(value, 2),
                             link=f"{link}{ident}" if link and ident is not None else None))
        return out

    return s.Dashboards(
        funding_by_funder=bars(by_funder, "/organisations/"),
        funding_by_country=bars(by_country),
        funding_by_year=bars(by_year, by_label=True),
        funding_by_sector=bars(by_sector),
        projects_by_year=bars(dict(first_year), by_label=True),
        totals={"projects": len(projects), "eur": round(total, 2),
                "documents": session.scalar(select(func.count(m.Document.id))) or 0,
                "organisations": session.scalar(select(func.count(m.Organisation.id))) or 0},
    )


def _first_document_years(session: Session) -> dict[int, list[int]]:
    """Project id -> years of the documents that mention it (published date, else the first date they state)."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(m.Fact.subject_id, m.Document.published, m.Document.id)
        .join(m.Document, m.Document.id == m.Fact.document_id)
        .where(m.Fact.subject_type == "project")).all()
    undated = {doc_id for _, published, doc_id in rows if published is None}
    stated: dict[int, int] = {}
    if undated:
        for doc_id, value in session.execute(select(m.Fact.document_id, func.min(m.Fact.value)).where(
                m.Fact.document_id.in_(undated), m.Fact.predicate == "date").group_by(m.Fact.document_id)):
            if value and value[:4].isdigit():
                stated[doc_id] = int(value[:4])
    for project_id, published, doc_id in rows:
        year = published.year if published else stated.get(doc_id)
        if year and project_id is not None:
            out[project_id].append(year)
    return out


# ---- documents -------------------------------------------------------------------------------------------------

def document_detail(session: Session, doc_id: int) -> s.DocumentDetail | None:
    doc = session.get(m.Document, doc_id)
    if doc is None:
        return None
    facts = _spans(session, select(*SPAN_COLUMNS).where(m.Fact.document_id == doc.id)
                   .order_by(m.Fact.start, m.Fact.id))
    return s.DocumentDetail(
        document=document_ref(doc), segments=marked_text(doc.text, facts),
        facts=[s.Fact(**{k: v for k, v in asdict(f).items() if k != "document_id"},
                      link=entity_link(f.subject_type, f.subject_id)) for f in facts],
    )


# ---- search ----------------------------------------------------------------------------------------------------

def entity_matches(session: Session, query: str, limit: int = 8,
                   kinds: Collection[str] = ("project", "org", "place")) -> list[s.SearchHit]:
    """Projects, organisations and places (of `kinds`) whose name holds every query word (folded: any case or
    script)."""
    words = [w for w in re.split(r"\W+", fold(query)) if len(w) >= 2]
    if not words or not kinds:
        return []
    hits: list[s.SearchHit] = []

    def holds_all(folded_column: Any) -> Any:
        """The column, folded when written (keys, folded aliases), holds every word as it is (no wildcards): lower()
        over every row of the table had cost three times the match itself."""
        return [folded_column.contains(w, autoescape=True) for w in words]

    if "project" in kinds:
        for project in session.scalars(select(m.Project).where(*holds_all(m.Project.key)).order_by(m.Project.id)
                                       .limit(limit)):
            hits.append(s.SearchHit(type="project", id=project.id, title=project.title,
                                    link=f"/projects/{project.id}"))
    if "org" in kinds:
        for org in session.scalars(select(m.Organisation).where(
                m.Organisation.merged_into_id.is_(None),
                m.Organisation.id.in_(select(m.OrganisationAlias.organisation_id)
                                      .where(*holds_all(m.OrganisationAlias.folded))))
                .order_by(m.Organisation.id).limit(limit)):
            hits.append(s.SearchHit(type="org", id=org.id, title=org.name, link=f"/organisations/{org.id}"))
    if "place" in kinds:
        slug_words = [w.replace(" ", "-") for w in words]
        for place in session.scalars(select(m.Place).where(*[func.lower(m.Place.gazetteer_id).like(f"%{w}%")
                                                             for w in slug_words]).order_by(m.Place.id).limit(limit)):
            hits.append(s.SearchHit(type="place", id=place.id, title=place.name, link=f"/places/{place.id}"))
    return hits


# ---- collections -----------------------------------------------------------------------------------------------

COLLECTIONS: dict[str, tuple[Any, Any]] = {
    "projects": (m.Project, project_ref),
    "organisations": (m.Organisation, org_ref),
    "places": (m.Place, place_ref),
    "documents": (m.Document, document_ref),
}


def collection_page(session: Session, name: str, after: int, limit: int,
                    country: str | None = None) -> tuple[list[Any], int | None]:
    """One keyset page of a collection in id order, and the last id when more may follow."""
    model, convert = COLLECTIONS[name]
    query = select(model).where(model.id > after)
    if country and hasattr(model, "country"):
        query = query.where(model.country == country.upper())
    rows = session.scalars(query.order_by(model.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return [convert(r) for r in rows], (rows[-1].id if more and rows else None)


def iter_collection(session_factory: Any, name: str, country: str | None = None,
                    batch: int = 500) -> Iterator[Any]:
    """Every row of a collection, in batches, each in a short session (memory stays flat at any size)."""
    after = 0
    while True:
        with session_factory() as session:
            items, last = collection_page(session, name, after, batch, country)
        yield from items
        if last is None:
            return
        after = last
