"""Extraction records as plain data: the JSON shape `devatlas extract` prints and the scorer reads."""

from __future__ import annotations

from typing import Any

from devatlas.model import Extraction, Span


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "surface": span.surface, "rule": span.rule}


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [s for s in (_span(x) for x in spans) if s is not None]


def extraction_record(ex: Extraction, with_spans: bool = False) -> dict[str, Any]:
    """One document's facts. Plain values by default; with spans, every item is an object with offsets and rule."""
    dates = [d for d in ex.dates if d.kind == "date"]
    periods = [d for d in ex.dates if d.kind == "period"]
    record: dict[str, Any] = {
        "doc": ex.doc,
        "language": ex.language,
        "script": ex.script,
        "countries": list(ex.countries),
    }
    if not with_spans:
        record.update(
            places=[p.name for p in ex.places],
            organizations=[o.name for o in ex.organisations],
            funders=[o.name for o in ex.funders],
            people=[{"name": p.name, "role": p.role} for p in ex.people],
            money=[{"amount": m.amount, "currency": m.currency} for m in ex.money],
            dates=[d.value for d in dates],
            periods=[d.value for d in periods],
            projects=[p.name for p in ex.projects],
            target_groups=[t.name for t in ex.target_groups],
            indicators=[
                {"text": i.text, "value": i.value, "unit": i.unit, "qualifier": i.qualifier} for i in ex.indicators
            ],
        )
        return record
    record.update(
        places=[
            {
                "name": p.name,
                "id": p.place_id,
                "country": p.country,
                "kind": p.kind,
                "parents": list(p.parents),
                "lat": p.lat,
                "lon": p.lon,
                "spans": _spans(p.spans),
            }
            for p in ex.places
        ],
        organizations=[
            {"name": o.name, "aliases": list(o.aliases), "kind": o.kind, "register_id": o.register_id,
             "spans": _spans(o.spans)}
            for o in ex.organisations
        ],
        funders=[{"name": o.name, "register_id": o.register_id, "spans": _spans(o.spans)} for o in ex.funders],
        people=[
            {"name": p.name, "role": p.role, "organisation": p.organisation, "spans": _spans(p.spans)}
            for p in ex.people
        ],
        money=[
            {"amount": m.amount, "currency": m.currency, "qualifier": m.qualifier, "span": _span(m.span)}
            for m in ex.money
        ],
        dates=[{"value": d.value, "span": _span(d.span)} for d in dates],
        periods=[{"value": d.value, "span": _span(d.span)} for d in periods],
        projects=[
            {"name": p.name, "acronym": p.acronym, "aliases": list(p.aliases), "spans": _spans(p.spans)}
            for p in ex.projects
        ],
        target_groups=[{"name": t.name, "span": _span(t.span)} for t in ex.target_groups],
        indicators=[
            {"text": i.text, "value": i.value, "unit": i.unit, "qualifier": i.qualifier, "span": _span(i.span)}
            for i in ex.indicators
        ],
    )
    return record
