"""One view of a project for every export (IATI, CSV/JSON/GeoJSON, catalogue): what the registry holds, with the
values an export needs computed once and the same way.

- identifier: the project's own IATI identifier when it came from an IATI file, else the reporting
  organisation's identifier, a dash and a slug of the project's key (stable across rebuilds of the registry);
- sectors: the stored DAC codes, else inferred from the texts of the documents about the project only
  (`understand.sectors.infer_sectors`), else from its titles and description; a project read from an IATI
  file keeps the sectors its publisher gave, none included;
- status: the stored IATI code, else from the dates: ended before today 4 closed, starting after today
  1 pipeline, otherwise 2 implementation;
- evidence date: the earliest date the registry holds about the project (its documents' publication dates and
  budget value dates, else the day its first document was read): IATI wants at least one activity date, and
  when neither start nor end is known the export says the activity was planned to start by then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from devatlas.store import models as m
from devatlas.text.script import fold
from devatlas.understand.sectors import infer_sectors

from .selection import projects_mentioned, source_documents


@dataclass(slots=True)
class Participant:
    organisation: m.Organisation
    role: int


@dataclass(slots=True)
class ProjectView:
    project: m.Project
    identifier: str
    status: str
    sectors: list[str]
    description: str
    description_language: str
    participants: list[Participant]
    places: list[m.Place]
    countries: list[str]
    budgets: list[m.BudgetLine]
    transactions: list[m.BudgetLine]
    indicators: list[m.ProjectIndicator]
    documents: list[m.Document] = field(default_factory=list)
    evidence_date: dt.date | None = None
    contacts: list[tuple[m.Organisation, dict[str, list[str]]]] = field(default_factory=list)


CONTACT_KINDS = ("phone", "email", "website", "address")
_CONTACT_ROLES = (4, 2, 3)  # whom to ask about an activity: who implements it, then who answers for it


def organisation_contacts(session: Session, organisation_id: int) -> dict[str, list[str]]:
    """Telephones, e-mails, web sites and postal addresses the sources give for an organisation, as reviewed
    (rejected ones left out, edited ones as edited), each once, in the order they were found."""
    found: dict[str, list[str]] = {kind: [] for kind in CONTACT_KINDS}
    for kind, value in session.execute(select(m.Fact.predicate, m.Fact.value).where(
            m.Fact.subject_type == "organisation", m.Fact.subject_id == organisation_id,
            m.Fact.predicate.in_(CONTACT_KINDS), m.Fact.review_state != "rejected").order_by(m.Fact.id)):
        if value not in found[kind]:
            found[kind].append(value)
    return found


def resolved_organisation(session: Session, org: m.Organisation) -> m.Organisation:
    """The organisation a merged one now lives in."""
    seen: set[int] = set()
    while org.merged_into_id is not None and org.id not in seen:
        seen.add(org.id)
        org = session.get(m.Organisation, org.merged_into_id) or org
    return org


def own_identifier(reporting_org: str, project_key: str) -> str:
    """The reporting organisation's identifier plus a readable, stable slug of the project key."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(project_key.removeprefix("project:"))).strip("-") or "project"
    if len(slug) > 60:
        slug = slug[:50].rstrip("-") + "-" + hashlib.sha1(project_key.encode()).hexdigest()[:8]
    return f"{reporting_org}-{slug}"


def activity_identifier(project: m.Project, reporting_org: str) -> str:
    return project.iati_identifier or own_identifier(reporting_org, project.key)


def derived_status(project: m.Project, today: dt.date) -> str:
    if project.status:
        return project.status
    if project.end_date and project.end_date < today:
        return "4"
    if project.start_date and project.start_date > today:
        return "1"
    return "2"


def _first_sentence_with(text: str, start: int | None) -> str:
    if start is None:
        return ""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(". ", start), text.find("\n", start)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left:right].split())[:1000]


def _description(session: Session, project: m.Project, documents: list[m.Document]) -> tuple[str, str]:
    """The stored description, else the sentence of the first document that names the project; with the
    language it is in when known."""
    if project.description:
        return project.description, ""
    for doc in documents:
        start = session.scalar(select(m.Fact.start).where(
            m.Fact.document_id == doc.id, m.Fact.subject_type == "project", m.Fact.subject_id == project.id,
            m.Fact.start.is_not(None)).order_by(m.Fact.start).limit(1))
        sentence = _first_sentence_with(doc.text, start)
        if sentence:
            return sentence, doc.language
    return project.title, ""


def project_sectors(session: Session, project: m.Project, documents: list[m.Document]) -> list[str]:
    if project.sectors or project.origin == "iati":
        return list(project.sectors or [])
    own = [d.text for d in documents if projects_mentioned(session, d.id) <= {project.id}]
    if own:
        found = infer_sectors("\n".join(own))
        if found:
            return found
    return infer_sectors("\n".join([project.title, project.description, *(t.title for t in project.titles)]))


def project_view(session: Session, project: m.Project, reporting_org: str, today: dt.date | None = None) -> ProjectView:
    today = today or dt.date.today()
    documents = source_documents(session, project.id)
    description, description_language = _description(session, project, documents)
    participants: list[Participant] = []
    seen: set[tuple[int, int]] = set()
    for p in sorted(project.participants, key=lambda p: (p.role, p.id)):
        org = session.get(m.Organisation, p.organisation_id)
        if org is None:
            continue
        org = resolved_organisation(session, org)
        if (org.id, p.role) not in seen:
            seen.add((org.id, p.role))
            participants.append(Participant(org, p.role))
    places = []
    for pp in sorted(project.places, key=lambda p: p.id):
        place = session.get(m.Place, pp.place_id)
        if place is not None and place.kind != "foreign city":
            places.append(place)
    countries = list(dict.fromkeys(p.country for p in places if p.country))
    budgets, transactions, seen_money = [], [], set()
    for line in sorted(project.budget_lines, key=lambda b: (b.value_date or dt.date.max, b.id)):
        if line.transaction_type:
            transactions.append(line)
            continue
        # the same amount reported by several documents is one budget, not several
        signature = (round(line.amount, 2), line.currency)
        if signature not in seen_money:
            seen_money.add(signature)
            budgets.append(line)
    dates = [d.published for d in documents if d.published] + [b.value_date for b in project.budget_lines
                                                                 if b.value_date]
    if not dates:  # when the documents carry no date, the day the registry first read about the project
        dates = [d.ingested_at.date() for d in documents if d.ingested_at]
    return ProjectView(
        project=project,
        identifier=activity_identifier(project, reporting_org),
        status=derived_status(project, today),
        sectors=project_sectors(session, project, documents),
        description=description,
        description_language=description_language,
        participants=participants,
        places=places,
        countries=countries,
        budgets=budgets,
        transactions=transactions,
        indicators=sorted(project.indicators, key=lambda i: i.id),
        documents=documents,
        evidence_date=min(dates) if dates else None,
        contacts=[(part.organisation, found) for role in _CONTACT_ROLES for part in participants if part.role == role
                  for found in [organisation_contacts(session, part.organisation.id)] if any(found.values())],
    )


def geonames_id(place: m.Place) -> int | None:
    """The GeoNames id: stored, or read from a gazetteer id built on GeoNames (`gn:ID`, `adm:CC.A1.ID`)."""
    if place.geonames_id:
        return place.geonames_id
    gid = place.gazetteer_id
    if gid.startswith("gn:") and gid[3:].isdigit():
        return int(gid[3:])
    if gid.startswith("adm:"):
        last = gid.rsplit(".", 1)[-1]
        if last.isdigit() and len(last) >= 6:
            return int(last)
    return None
