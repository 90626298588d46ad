"""The review page (`/review`, editors only) and its JSON twins under `/api/v1/review/` (a `review` token).

Editors see the facts the extractor was least sure of, each in its sentence, and accept, edit or reject them;
they merge organisations that are one body and rename them. The work is done by `devatlas.store.corrections`,
which records each decision as a correction (replayed after every re-extraction) and in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from devatlas.store import models as m
from devatlas.store.corrections import (
    CorrectionError,
    merge_organisations,
    rename_organisation,
    review_queue,
    set_fact_state,
)
from devatlas.text.sentences import sentence_at
from devatlas.web.auth import Account, ReviewToken, check_csrf, current_account, require_editor
from devatlas.web.deps import get_store
from devatlas.web.templating import nav_links, render

router = APIRouter()
api = APIRouter(prefix="/api/v1/review", tags=["review"])

FactId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Id of the fact.")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many facts to list.")]
Below = Annotated[float, Query(ge=0.0, le=1.0, description="List facts whose confidence is below this.")]

DONE = {
    "accept": "Fact accepted.",
    "reject": "Fact rejected; it stays rejected after re-extraction.",
    "edit": "Fact corrected; the correction survives re-extraction.",
    "merge": "Organisations merged.",
    "rename": "Organisation renamed; the old name stays as an alias.",
}

if ("/review", "Review") not in nav_links:
    nav_links.append(("/review", "Review"))


def source_sentence(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """The sentence around a span, split into (before, the span, after), for highlighting."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return "", "", ""
    left, right = sentence_at(text, start, end)
    left, right = min(left, start), max(right, end)
    return text[left:start], text[start:end], text[end:right]


def _subject_names(session: Session, facts: list[m.Fact]) -> dict[tuple[str, int], str]:
    """The names of the places, organisations, people and projects the facts are about, one query per kind."""
    tables: dict[str, Any] = {"place": (m.Place, m.Place.name), "organisation": (m.Organisation, m.Organisation.name),
                              "person": (m.Person, m.Person.name), "project": (m.Project, m.Project.title)}
    names: dict[tuple[str, int], str] = {}
    for kind, (table, column) in tables.items():
        ids = {f.subject_id for f in facts if f.subject_type == kind and f.subject_id is not None}
        if ids:
            for row_id, name in session.execute(select(table.id, column).where(table.id.in_(ids))):
                names[(kind, row_id)] = name
    return names


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: int
    document_id: int
    document_title: str
    subject_type: str
    subject_id: int | None
    subject: str
    predicate: str
    value: str
    extractor: str
    confidence: float
    review_state: str
    start: int | None
    end: int | None
    before: str
    match: str
    after: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "document_id": self.document_id, "document_title": self.document_title,
            "subject_type": self.subject_type, "subject_id": self.subject_id, "subject": self.subject,
            "predicate": self.predicate, "value": self.value, "extractor": self.extractor,
            "confidence": self.confidence, "review_state": self.review_state, "span": [self.start, self.end],
            "sentence": f"{self.before}{self.match}{self.after}",
        }


def review_items(session: Session, facts: list[m.Fact]) -> list[ReviewItem]:
    names = _subject_names(session, facts)
    items = []
    for fact in facts:
        doc = fact.document
        before, match, after = source_sentence(doc.text, fact.start, fact.end)
        items.append(ReviewItem(
            fact.id, doc.id, doc.title or doc.source, fact.subject_type, fact.subject_id,
            names.get((fact.subject_type, fact.subject_id or 0), ""), fact.predicate, fact.value, fact.extractor,
            fact.confidence, fact.review_state, fact.start, fact.end, before, match, after,
        ))
    return items


def recent_decisions(session: Session, limit: int = 20) -> list[ReviewItem]:
    """Facts people have decided on, newest first: corrections are replayed, so these outlive re-extraction."""
    facts = list(session.scalars(
        select(m.Fact).where(m.Fact.review_state != "machine").order_by(m.Fact.id.desc()).limit(limit)
    ))
    return review_items(session, facts)


def recent_entity_changes(session: Session, limit: int = 10) -> list[m.AuditEntry]:
    return list(session.scalars(
        select(m.AuditEntry).where(or_(m.AuditEntry.action == "organisation.merge",
                                       m.AuditEntry.action == "organisation.rename"))
        .order_by(m.AuditEntry.id.desc()).limit(limit)
    ))


def _page(request: Request, account: Account, status_code: int = 200, error: str = "", limit: int = 50,
          below: float = 0.8, done: str = "") -> Response:
    with get_store(request).session() as session:
        queue = review_items(session, review_queue(session, limit, below))
        decided = recent_decisions(session)
        changes = [(e.at, e.actor, e.action, e.details) for e in recent_entity_changes(session)]
    return render(request, "review.html", status_code=status_code, account=account, queue=queue, decided=decided,
                  changes=changes, error=error, done=DONE.get(done, ""), limit=limit, below=below)


@router.get("/review", include_in_schema=False)
def review_page(request: Request, limit: Limit = 50, below: Below = 0.8, done: str = "") -> Response:
    account = current_account(request)
    if account is None:
        return RedirectResponse("/login?next=/review", status_code=303)
    require_editor(request)
    return _page(request, account, limit=limit, below=below, done=done)


def _apply(request: Request, csrf_token: str, done: str, change: Any) -> Response:
    """Check the editor and the form's token, make the change in one transaction, and go back to the queue."""
    account = require_editor(request)
    check_csrf(request, csrf_token)
    try:
        with get_store(request).session() as session:
            change(session, account.name)
    except CorrectionError as exc:
        return _page(request, account, status_code=400, error=str(exc))
    return RedirectResponse(f"/review?done={done}", status_code=303)


@router.post("/review/facts/{fact_id}", include_in_schema=False)
def review_fact(
    request: Request,
    fact_id: FactId,
    action: Annotated[Literal["accept", "reject", "edit"], Form()],
    csrf_token: Annotated[str, Form()] = "",
    value: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    return _apply(request, csrf_token, action,
                  lambda s, author: set_fact_state(s, fact_id, action, author, value.strip() or None))


@router.post("/review/organisations/merge", include_in_schema=False)
def merge_form(
    request: Request,
    source: Annotated[str, Form(max_length=400)],
    target: Annotated[str, Form(max_length=400)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    return _apply(request, csrf_token, "merge",
                  lambda s, author: merge_organisations(s, source.strip(), target.strip(), author))


@router.post("/review/organisations/rename", include_in_schema=False)
def rename_form(
    request: Request,
    organisation: Annotated[str, Form(max_length=400)],
    name: Annotated[str, Form(max_length=400)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    return _apply(request, csrf_token, "rename",
                  lambda s, author: rename_organisation(s, organisation.strip(), name, author))


# -- JSON ------------------------------------------------------------------------------------------------------


class FactDecision(BaseModel):
    action: Literal["accept", "reject", "edit"]
    value: str | None = Field(default=None, max_length=2000, description="The corrected value (edit only).")


class Merge(BaseModel):
    source: str = Field(min_length=1, max_length=400, description="Organisation merged away: id, key or name.")
    target: str = Field(min_length=1, max_length=400, description="Organisation that remains: id, key or name.")


class Rename(BaseModel):
    organisation: str = Field(min_length=1, max_length=400, description="Organisation: id, key or name.")
    name: str = Field(min_length=1, max_length=400, description="Its canonical name from now on.")


def _correct(request: Request, change: Any) -> Any:
    try:
        with get_store(request).session() as session:
            return change(session)
    except CorrectionError as exc:
        raise HTTPException(404 if str(exc).startswith("no ") else 400, str(exc)) from None


@api.get("/queue", summary="Facts waiting for review, lowest confidence first")
def api_queue(request: Request, account: ReviewToken, limit: Limit = 50, below: Below = 0.8) -> dict[str, Any]:
    with get_store(request).session() as session:
        items = review_items(session, review_queue(session, limit, below))
    return {"below": below, "items": [item.as_json() for item in items]}


@api.post("/facts/{fact_id}", summary="Accept, reject or edit one fact")
def api_fact(request: Request, fact_id: FactId, decision: FactDecision, account: ReviewToken) -> dict[str, Any]:
    value = (decision.value or "").strip() or None

    def change(session: Session) -> dict[str, Any]:
        fact = set_fact_state(session, fact_id, decision.action, account.name, value)
        return review_items(session, [fact])[0].as_json()

    return _correct(request, change)


@api.post("/organisations/merge", summary="Merge an organisation into another that is the same body")
def api_merge(request: Request, merge: Merge, account: ReviewToken) -> dict[str, Any]:
    def change(session: Session) -> dict[str, Any]:
        target = merge_organisations(session, merge.source.strip(), merge.target.strip(), account.name)
        return {"id": target.id, "name": target.name, "aliases": sorted(a.alias for a in target.aliases)}

    return _correct(request, change)


@api.post("/organisations/rename", summary="Give an organisation its canonical name")
def api_rename(request: Request, rename: Rename, account: ReviewToken) -> dict[str, Any]:
    def change(session: Session) -> dict[str, Any]:
        org = rename_organisation(session, rename.organisation.strip(), rename.name, account.name)
        return {"id": org.id, "name": org.name, "aliases": sorted(a.alias for a in org.aliases)}

    return _correct(request, change)
