"""One Project record per real project, whichever document names it and however.

A kick-off item may give only the acronym (`LEP Krajina`), a training report the full title, a closing item both:
every title and the acronym are lookup keys (normalised like organisation names), and a document that links two
records that were apart (the acronym of one, the title of the other) merges them, keeping the union of their facts.
Two projects that share an acronym but carry different full titles stay two.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.orm import Session, object_session

from devatlas.model import Project as ProjectMention
from devatlas.resolve.keys import normalised_name
from devatlas.store import models as m
from devatlas.store.search import forget_facets


def _full_titles(session: Session, project_id: int, acronym_key: str) -> set[str]:
    folded = session.scalars(select(m.ProjectTitle.folded).where(m.ProjectTitle.project_id == project_id))
    return {f for f in folded if f and f != acronym_key}


def _candidates(session: Session, title_keys: set[str], acronym_key: str) -> list[int]:
    """Records this mention names: by any full title, or by the acronym when the titles do not disagree."""
    ids: set[int] = set()
    if title_keys:
        ids.update(session.scalars(select(m.ProjectTitle.project_id).where(m.ProjectTitle.folded.in_(title_keys))))
        ids.update(session.scalars(select(m.Project.id).where(m.Project.key.in_([f"project:{k}" for k in title_keys]))))
    if acronym_key:
        for project_id in session.scalars(select(m.Project.id).where(
                (m.Project.acronym_key == acronym_key) | (m.Project.key == f"project:{acronym_key}"))):
            if project_id in ids:
                continue
            known = _full_titles(session, project_id, acronym_key)
            if not title_keys or not known or known & title_keys:
                ids.add(project_id)
    return sorted(ids)


_PARTS = (("participants", m.ProjectParticipant, ("organisation_id", "role")),
          ("places", m.ProjectPlace, ("place_id",)),
          ("target_groups", m.ProjectTargetGroup, ("name",)))


def add_parts(project: m.Project, participants: Iterable[tuple[int, int]] = (), place_ids: Iterable[int] = (),
              target_groups: Iterable[str] = ()) -> None:
    """Give a project participants (organisation id, IATI role), places and target groups it does not have yet:
    the union of what its documents say, each once. A collection not loaded in the session is compared and
    extended in SQL: a project with hundreds of documents has hundreds of places, and loading them all for every
    new document is what ingest would spend its time on."""
    wanted = {"participants": [(o, r) for o, r in participants], "places": [(i,) for i in place_ids],
              "target_groups": [(n,) for n in target_groups]}
    session = object_session(project)
    state = inspect(project)
    for attribute, model, columns in _PARTS:
        values = list(dict.fromkeys(wanted[attribute]))
        if not values:
            continue
        if session is not None and project.id is not None and attribute in state.unloaded:
            have = {tuple(row) for row in session.execute(select(*(getattr(model, c) for c in columns))
                                                          .where(model.project_id == project.id))}
            new = [v for v in values if v not in have]
            if new:
                session.execute(insert(model), [{"project_id": project.id, **dict(zip(columns, v, strict=True))}
                                                 for v in new])
            continue
        collection = getattr(project, attribute)
        have = {tuple(getattr(item, c) for c in columns) for item in collection}
        for value in values:
            if value not in have:
                have.add(value)
                collection.append(model(**dict(zip(columns, value, strict=True))))


def merge_projects(session: Session, keep: m.Project, drop: m.Project) -> None:
    """Move everything `drop` holds to `keep` and delete `drop`; duplicates collapse."""
    titles = {t.title for t in keep.titles}
    for t in list(drop.titles):
        if t.title not in titles:
            titles.add(t.title)
            keep.titles.append(m.ProjectTitle(title=t.title, language=t.language, folded=t.folded))
    add_parts(keep, participants=[(p.organisation_id, p.role) for p in drop.participants],
              place_ids=[p.place_id for p in drop.places], target_groups=[g.name for g in drop.target_groups])
    for table in (m.BudgetLine, m.ProjectIndicator, m.Event):
        session.execute(update(table).where(table.project_id == drop.id).values(project_id=keep.id))
    session.expire(drop, ["budget_lines", "indicators"])  # moved in bulk: keep the delete from cascading to them
    session.execute(update(m.Fact).where(m.Fact.subject_type == "project", m.Fact.subject_id == drop.id)
                    .values(subject_id=keep.id))
    keep.acronym = keep.acronym or drop.acronym
    keep.acronym_key = keep.acronym_key or drop.acronym_key
    keep.sectors = keep.sectors or drop.sectors
    keep.start_date = min(filter(None, (keep.start_date, drop.start_date)), default=None)
    keep.end_date = max(filter(None, (keep.end_date, drop.end_date)), default=None)
    if len(drop.title) > len(keep.title) and drop.title != drop.acronym:
        keep.title = drop.title
    session.add(m.AuditEntry(actor="devatlas", action="project.merge", entity=f"project:{drop.id}",
                             details={"into": keep.id, "title": drop.title}))
    entries = select(m.SearchEntry.id).where(m.SearchEntry.entity_type == "project", m.SearchEntry.entity_id == drop.id)
    forget_facets(session, entries)
    session.execute(delete(m.SearchEntry).where(m.SearchEntry.entity_type == "project",
                                                m.SearchEntry.entity_id == drop.id))
    session.delete(drop)
    session.flush()


def link_project(session: Session, project: ProjectMention, language: str) -> m.Project:
    """The record for a project mention: found by title or acronym, created when new, merged when the mention
    shows two records are one."""
    acronym_key = normalised_name(project.acronym)[:60] if project.acronym else ""
    titles = [t for t in dict.fromkeys((project.name, *project.aliases)) if t]
    title_keys = {normalised_name(t) for t in titles} - {acronym_key, ""}
    ids = _candidates(session, title_keys, acronym_key)
    rows = [row for row in (session.get(m.Project, i) for i in ids) if row is not None]
    if rows:
        row = rows[0]
        for other in rows[1:]:
            merge_projects(session, row, other)
    else:
        key = f"project:{acronym_key or min(title_keys, key=len)}"
        if acronym_key and session.scalar(select(m.Project.id).where(m.Project.key == key)) is not None:
            key = f"project:{min(title_keys, key=len)}" if title_keys else f"{key}#{len(ids)}"
        row = m.Project(key=key, title=project.name, acronym=project.acronym, acronym_key=acronym_key)
        session.add(row)
        session.flush()
    if row.origin == "iati":  # a donor's activity file named it first; now a document speaks of it too
        row.origin = "both"
    if project.acronym and not row.acronym:
        row.acronym, row.acronym_key = project.acronym, acronym_key
    if len(project.name) > len(row.title) and normalised_name(project.name) != acronym_key:
        row.title = project.name
    known = {t.title for t in row.titles}
    for title in titles:
        if title not in known:
            known.add(title)
            row.titles.append(m.ProjectTitle(title=title, language=language, folded=normalised_name(title)[:400]))
    return row
