"""The registry's projects as an IATI 2.03 activity file (`<iati-activities version="2.03">`).

Elements follow the schema's order. Every code written is checked against its IATI codelist first
(`codelists.Codelists`), so that a withdrawn or unknown code stops the export with a message naming it, instead of
a file that passes the schema and fails the IATI validator. Projects of a merged organisation name the
organisation they were merged into.

What the registry does not know is left out rather than invented, with three exceptions the schema forces:
an activity needs a description (the sentence that names the project is used), an activity date (the earliest
date the registry has about the project, as a planned start) and a participating organisation (when no
organisation is known, a funder without a name: `<participating-org role="1"/>`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from sqlalchemy.orm import Session

from devatlas.settings import load_settings
from devatlas.store import Store
from devatlas.store import models as m

from .codelists import CodelistError, Codelists, shared_dir
from .organisations import iati_ref, iati_type
from .records import ProjectView, geonames_id, project_view

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
IATI_VERSION = "2.03"
# The geographic level of our place kinds as GeoNames feature codes, location classes and exactness.
_FEATURE = {"entity": "ADM1", "canton": "ADM2", "county": "ADM1", "okrug": "ADM2", "district": "ADM2",
            "province": "ADM1", "region": "ADM1", "municipality": "ADM3", "city": "ADM3", "settlement": "PPL"}
_LANGUAGES_WE_WRITE = ("en", "bs", "hr", "sr", "mk", "sq", "sl")

__all__ = ["CodelistError", "ExportSummary", "IatiExportOptions", "activity_element", "export_iati",
           "validate_against_schema"]


@dataclass(frozen=True, slots=True)
class IatiExportOptions:
    reporting_org: str = ""
    reporting_org_name: str = "devatlas registry"
    reporting_org_type: str = "90"
    today: dt.date | None = None


@dataclass(slots=True)
class ExportSummary:
    path: Path
    activities: int = 0
    identifiers: list[str] = field(default_factory=list)


def _narrative(parent: etree._Element, text: str, lang: str = "", default_lang: str = "") -> None:
    el = etree.SubElement(parent, "narrative")
    el.text = text
    if lang and lang != default_lang:
        el.set(XML_LANG, lang)


def _amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _percentages(n: int) -> list[str]:
    """n shares that add up to exactly 100 (IATI checks the sum)."""
    base = round(100 / n, 2)
    shares = [base] * (n - 1) + [round(100 - base * (n - 1), 2)]
    return [_amount(s) for s in shares]


class _Writer:
    def __init__(self, codes: Codelists, options: IatiExportOptions) -> None:
        self.codes = codes
        self.options = options

    def code(self, codelist: str, value: str, where: str) -> str:
        return self.codes.check(codelist, value, where)

    def activity(self, view: ProjectView) -> etree._Element:
        p = view.project
        where = f"project {p.id} {p.title!r}"
        languages = {t.title: t.language for t in sorted(p.titles, key=lambda t: t.id)}
        titles = [(p.title, languages.get(p.title, ""))] + [
            (t.title, t.language) for t in sorted(p.titles, key=lambda t: t.id) if t.title != p.title]
        first_lang = next((lang for _, lang in titles if lang in _LANGUAGES_WE_WRITE), "en")
        default_lang = self.code("Language", first_lang, where)
        currencies = Counter(b.currency for b in view.budgets + view.transactions)
        act = etree.Element("iati-activity")
        act.set("last-updated-datetime", dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        act.set(XML_LANG, default_lang)
        if currencies:
            act.set("default-currency", self.code("Currency", currencies.most_common(1)[0][0], where))
        etree.SubElement(act, "iati-identifier").text = view.identifier
        rep = etree.SubElement(act, "reporting-org", ref=self.options.reporting_org,
                               type=self.code("OrganisationType", self.options.reporting_org_type, "reporting-org"))
        _narrative(rep, self.options.reporting_org_name)

        title = etree.SubElement(act, "title")
        seen_titles: set[tuple[str, str]] = set()
        for text, lang in titles:
            lang = lang if lang in _LANGUAGES_WE_WRITE else ""
            if lang:
                self.code("Language", lang, where)
            if (text, lang) in seen_titles:
                continue
            seen_titles.add((text, lang))
            _narrative(title, text, lang or default_lang, default_lang)
        description = etree.SubElement(act, "description", type=self.code("DescriptionType", "1", where))
        language = view.description_language if view.description_language in _LANGUAGES_WE_WRITE else ""
        _narrative(description, view.description or p.title, self.code("Language", language, where) if language
                   else "", default_lang)

        if view.participants:
            for part in view.participants:
                org = part.organisation
                attrs = {"role": self.code("OrganisationRole", str(part.role), where),
                         "type": self.code("OrganisationType", iati_type(org), f"{where}, organisation {org.name!r}")}
                ref = iati_ref(org)
                if ref:
                    attrs["ref"] = ref
                el = etree.SubElement(act, "participating-org", **attrs)
                _narrative(el, org.name)
        else:
            etree.SubElement(act, "participating-org", role=self.code("OrganisationRole", "1", where))
        if p.acronym:
            # the acronym travels as the reporting organisation's own identifier of the activity (type A1)
            other = etree.SubElement(act, "other-identifier", ref=p.acronym, type="A1")
            etree.SubElement(other, "owner-org", ref=self.options.reporting_org)

        etree.SubElement(act, "activity-status", code=self.code("ActivityStatus", view.status, where))
        today = self.options.today or dt.date.today()
        dates: list[tuple[str, dt.date]] = []
        if p.start_date:
            dates.append(("2" if p.start_date <= today else "1", p.start_date))
        if p.end_date:
            dates.append(("4" if p.end_date <= today and view.status in ("3", "4") else "3", p.end_date))
        if not dates:
            dates.append(("1", view.evidence_date or today))
        for kind, value in dates:
            etree.SubElement(act, "activity-date", type=self.code("ActivityDateType", kind, where),
                             **{"iso-date": value.isoformat()})
        for org, found in view.contacts:  # the schema's order: organisation, telephones, e-mails, web sites, post
            info = etree.SubElement(act, "contact-info")
            _narrative(etree.SubElement(info, "organisation"), org.name)
            for kind, element in (("phone", "telephone"), ("email", "email"), ("website", "website")):
                for value in found[kind]:
                    etree.SubElement(info, element).text = f"https://{value}" if kind == "website" else value
            for value in found["address"]:
                _narrative(etree.SubElement(info, "mailing-address"), value)

        if view.countries:
            for country, share in zip(view.countries, _percentages(len(view.countries)), strict=True):
                etree.SubElement(act, "recipient-country", code=self.code("Country", country, where),
                                 percentage=share)
        for place in view.places:
            self._location(act, place, where)
        if view.sectors:
            vocabulary = self.code("SectorVocabulary", "1", where)
            for code, share in zip(view.sectors, _percentages(len(view.sectors)), strict=True):
                etree.SubElement(act, "sector", vocabulary=vocabulary, code=self.code("Sector", code, where),
                                 percentage=share)
        start_of = p.start_date or view.evidence_date or today
        for line in view.budgets:
            self._budget(act, line, start_of, p.end_date, where)
        for line in view.transactions:
            self._transaction(act, line, start_of, where)
        if view.indicators:
            self._results(act, view, start_of, p.end_date, where)
        return act

    def _location(self, act: etree._Element, place: m.Place, where: str) -> None:
        loc = etree.SubElement(act, "location", ref=place.gazetteer_id)
        etree.SubElement(loc, "location-reach", code=self.code("GeographicLocationReach", "1", where))
        gid = geonames_id(place)
        if gid:
            etree.SubElement(loc, "location-id", vocabulary=self.code("GeographicVocabulary", "G1", where),
                             code=str(gid))
        name = etree.SubElement(loc, "name")
        _narrative(name, place.name)
        if place.parents:
            desc = etree.SubElement(loc, "description")
            _narrative(desc, ", ".join([place.name, *reversed(place.parents)]))
        if place.lat is not None and place.lon is not None:
            point = etree.SubElement(loc, "point", srsName=WGS84)
            etree.SubElement(point, "pos").text = f"{place.lat:.5f} {place.lon:.5f}"
            # a settlement's point is the place itself; a unit's point is its seat, an approximation of the area
            exact = "1" if place.kind in ("settlement", "") else "2"
            etree.SubElement(loc, "exactness", code=self.code("GeographicExactness", exact, where))
        feature = _FEATURE.get(place.kind)
        klass = "2" if feature == "PPL" else "1"
        etree.SubElement(loc, "location-class", code=self.code("GeographicLocationClass", klass, where))
        if feature:
            etree.SubElement(loc, "feature-designation", code=self.code("LocationType", feature, where))

    def _value(self, parent: etree._Element, line: m.BudgetLine, fallback: dt.date, where: str) -> None:
        value = etree.SubElement(parent, "value", currency=self.code("Currency", line.currency, where))
        value.set("value-date", (line.value_date or fallback).isoformat())
        value.text = _amount(line.amount)

    def _budget(self, act: etree._Element, line: m.BudgetLine, start: dt.date, end: dt.date | None,
                where: str) -> None:
        period_start = line.value_date or start
        # IATI budgets cover at most a year; a longer project's total is stated for its first year
        period_end = min(end, period_start + dt.timedelta(days=364)) if end and end > period_start else (
            period_start + dt.timedelta(days=364))
        budget = etree.SubElement(act, "budget", type=self.code("BudgetType", "1", where),
                                  status=self.code("BudgetStatus", "1", where))
        etree.SubElement(budget, "period-start", **{"iso-date": period_start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": period_end.isoformat()})
        self._value(budget, line, period_start, where)

    def _transaction(self, act: etree._Element, line: m.BudgetLine, start: dt.date, where: str) -> None:
        tr = etree.SubElement(act, "transaction")
        etree.SubElement(tr, "transaction-type", code=self.code("TransactionType", line.transaction_type, where))
        etree.SubElement(tr, "transaction-date", **{"iso-date": (line.value_date or start).isoformat()})
        self._value(tr, line, start, where)

    def _results(self, act: etree._Element, view: ProjectView, start: dt.date, end: dt.date | None,
                 where: str) -> None:
        result = etree.SubElement(act, "result", type=self.code("ResultType", "1", where))
        title = etree.SubElement(result, "title")
        _narrative(title, "Results reported for the project")
        period_end = end if end and end > start else start + dt.timedelta(days=364)
        for ind in view.indicators:
            measure = "2" if ind.unit.strip() in ("%", "percent", "posto", "odsto") else "1"
            el = etree.SubElement(result, "indicator", measure=self.code("IndicatorMeasure", measure, where))
            _narrative(etree.SubElement(el, "title"), ind.text[:1000])
            if ind.unit:
                _narrative(etree.SubElement(el, "description"), f"unit: {ind.unit}")
            if ind.baseline is not None:
                etree.SubElement(el, "baseline", year=str(start.year), value=_amount(ind.baseline),
                                 **{"iso-date": start.isoformat()})
            if ind.target is not None or ind.actual is not None:
                period = etree.SubElement(el, "period")
                etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
                etree.SubElement(period, "period-end", **{"iso-date": period_end.isoformat()})
                if ind.target is not None:
                    etree.SubElement(period, "target", value=_amount(ind.target))
                if ind.actual is not None:
                    etree.SubElement(period, "actual", value=_amount(ind.actual))


def activity_element(session: Session, project: m.Project, codes: Codelists, options: IatiExportOptions
                     ) -> etree._Element:
    """One project as an `<iati-activity>` element."""
    view = project_view(session, project, options.reporting_org, options.today)
    return _Writer(codes, options).activity(view)


def export_iati(
    store: Store,
    project_ids: Iterable[int],
    path: Path,
    options: IatiExportOptions | None = None,
    codes: Codelists | None = None,
    on_activity: Callable[[str], None] | None = None,
) -> ExportSummary:
    """Write the projects to an IATI 2.03 file, one activity at a time (memory stays flat for large exports).

    Raises CodelistError before anything is left at `path` when a code is withdrawn or unknown.
    """
    options = options or IatiExportOptions()
    if not options.reporting_org:
        options = IatiExportOptions(load_settings().reporting_org, options.reporting_org_name,
                                    options.reporting_org_type, options.today)
    codes = codes or Codelists()
    summary = ExportSummary(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with etree.xmlfile(str(partial), encoding="utf-8") as xf:
            xf.write_declaration()
            generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            with xf.element("iati-activities", version=IATI_VERSION, **{"generated-datetime": generated}):
                for project_id in project_ids:
                    with store.session() as session:
                        project = session.get(m.Project, project_id)
                        if project is None:
                            continue
                        element = activity_element(session, project, codes, options)
                    xf.write(element, pretty_print=True)
                    identifier = element.findtext("iati-identifier") or ""
                    summary.activities += 1
                    summary.identifiers.append(identifier)
                    if on_activity:
                        on_activity(identifier)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return summary


def schema_path(shared: Path | None = None) -> Path | None:
    shared = shared or shared_dir()
    if shared is None:
        return None
    found = shared / "iati" / "schema" / "iati-activities-schema.xsd"
    return found if found.exists() else None


def validate_against_schema(path: Path, xsd: Path) -> list[str]:
    """Schema errors of an activity file (empty when valid); the schema and its includes are read locally."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema = etree.XMLSchema(etree.parse(str(xsd), parser))
    document = etree.parse(str(path), parser)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
