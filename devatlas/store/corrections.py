"""Human corrections: each is applied at once, recorded as a Correction (replayed after every re-extraction)
and written to the audit log. Organisations are never deleted by re-extraction, so merges and renames, which
live on the organisation rows, survive it by construction."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from devatlas.store import models as m
from devatlas.store.repository import fact_signature
from devatlas.store.search import index_entities
from devatlas.text.script import fold


class CorrectionError(ValueError):
    """The correction names something the registry does not hold, or is contradictory."""


def review_queue(session: Session, limit: int = 50, below: float = 0.8) -> list[m.Fact]:
    """Facts a person should look at: low confidence first, those already reviewed left out."""
    return list(session.scalars(
        select(m.Fact).where(m.Fact.review_state == "machine", m.Fact.confidence < below)
        .order_by(m.Fact.confidence, m.Fact.id).limit(limit)
    ))


def _fact(session: Session, fact_id: int) -> m.Fact:
    fact = session.get(m.Fact, fact_id)
    if fact is None:
        raise CorrectionError(f"no fact with id {fact_id}")
    return fact


def _signature(fact: m.Fact) -> str:
    return fact_signature(fact.document.content_hash, fact.predicate, f"{fact.subject_type}:{fact.subject_id}",
                          fact.value)


def set_fact_state(session: Session, fact_id: int, action: str, author: str, value: str | None = None) -> m.Fact:
    """accept, reject or edit one fact."""
    if action not in ("accept", "reject", "edit"):
        raise CorrectionError(f"unknown review action {action!r}: use accept, reject or edit")
    if action == "edit" and not value:
        raise CorrectionError("an edit needs the new value")
    fact = _fact(session, fact_id)
    session.add(m.Correction(action=action, target=_signature(fact), author=author,
                             payload={"value": value} if value else {}))
    old = fact.value
    if action == "edit":
        fact.value = value or fact.value
    fact.review_state = {"accept": "accepted", "reject": "rejected", "edit": "edited"}[action]
    session.add(m.AuditEntry(actor=author, action=f"fact.{action}", entity=f"fact:{fact.id}",
                             details={"old": old, "new": fact.value}))
    return fact


def find_organisation(session: Session, ref: str) -> m.Organisation:
    """An organisation by id, key or any of its names (folded); ambiguity is an error, not a guess."""
    if ref.isdigit():
        org = session.get(m.Organisation, int(ref))
        if org is None:
            raise CorrectionError(f"no organisation with id {ref}")
        return org
    folded = fold(ref).strip()
    candidates = list(session.scalars(
        select(m.Organisation).outerjoin(m.OrganisationAlias).where(
            or_(m.Organisation.key == ref, func.lower(m.Organisation.name) == ref.lower(),
                m.OrganisationAlias.folded == folded)
        ).distinct()
    ))
    if not candidates:
        raise CorrectionError(f"no organisation named {ref!r}")
    if len(candidates) > 1:
        listed = ", ".join(f"{o.id} {o.name!r}" for o in candidates[:10])
        raise CorrectionError(f"{ref!r} names {len(candidates)} organisations ({listed}); give an id")
    return candidates[0]


def merge_organisations(session: Session, source_ref: str, target_ref: str, author: str) -> m.Organisation:
    """Make `source` an alias of `target`: its names, facts and project roles now belong to the target."""
    source, target = find_organisation(session, source_ref), find_organisation(session, target_ref)
    if source.id == target.id:
        raise CorrectionError("an organisation cannot be merged into itself")
    source.merged_into_id = target.id
    known = {a.folded for a in target.aliases}
    for alias in [source.name, *(a.alias for a in source.aliases)]:
        if fold(alias) not in known:
            known.add(fold(alias))
            target.aliases.append(m.OrganisationAlias(alias=alias, folded=fold(alias)))
    for fact in session.scalars(select(m.Fact).where(m.Fact.subject_type == "organisation",
                                                     m.Fact.subject_id == source.id)):
        fact.subject_id = target.id
    for part in session.scalars(select(m.ProjectParticipant).where(m.ProjectParticipant.organisation_id == source.id)):
        part.organisation_id = target.id
    session.flush()
    index_entities(session, {"org": [source.id, target.id]})  # the merged body leaves search, its names join
    session.add(m.Correction(action="merge", target=source.key, payload={"into": target.key}, author=author))
    session.add(m.AuditEntry(actor=author, action="organisation.merge", entity=f"organisation:{source.id}",
                             details={"into": target.id, "source_name": source.name, "target_name": target.name}))
    return target


def rename_organisation(session: Session, ref: str, new_name: str, author: str) -> m.Organisation:
    org = find_organisation(session, ref)
    if not new_name.strip():
        raise CorrectionError("the new name is empty")
    old = org.name
    org.name = new_name.strip()
    if fold(old) not in {a.folded for a in org.aliases}:
        org.aliases.append(m.OrganisationAlias(alias=old, folded=fold(old)))
    session.flush()
    index_entities(session, {"org": [org.id]})
    session.add(m.Correction(action="rename", target=org.key, payload={"name": org.name}, author=author))
    session.add(m.AuditEntry(actor=author, action="organisation.rename", entity=f"organisation:{org.id}",
                             details={"old": old, "new": org.name}))
    return org
