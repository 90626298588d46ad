"""Donors' published IATI activity files into the registry, streamed, and linked to the projects the registry already
knows from documents: one project, two kinds of sources, nothing duplicated.

Reading is safe for hostile files and flat in memory for large ones:
- the prolog (everything before the root element) is read first: a DTD or entity declaration, which an IATI
  file never needs, refuses the file before the parser sees it (no external entities, no expansion bombs);
- lxml parses with `resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False`, so libxml2's own
  limits hold too (nesting depth, 10 MB text nodes);
- `iterparse` hands over one `<iati-activity>` at a time, which is cleared with its earlier siblings once
  stored.

IATI 2.01-2.03 files are read whole. Files of the 1.x standard (text directly in elements, role and transaction
codes as words or letters) are read in the same pass for what maps onto the registry: titles, descriptions,
organisations and roles, status, dates, countries, locations with coordinates, sectors, budgets and transactions.

Linking: an activity is the registry's project with the same IATI identifier (or the identifier the registry
itself exports for it); else a project not yet tied to an IATI activity with the same acronym or title, unless
their funders or places contradict (a shared funder or place confirms the match; no information on a side does
not contradict).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from devatlas.resolve.keys import normalised_name
from devatlas.resolve.projects import add_parts
from devatlas.settings import load_settings
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.text.script import fold

from .organisations import IATI_TYPE_TO_KIND, ref_to_key
from .records import own_identifier, resolved_organisation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG_LIMIT = 1 << 20  # bytes read before the root element must have started
BATCH = 200

# IATI 1.x words and letters for the 2.x codes
_ROLES = {"funding": 1, "accountable": 2, "extending": 3, "implementing": 4}
_DATE_TYPES = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4", "start": "2",
               "completion": "4", "end": "4"}
_TRANSACTION_TYPES = {"IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5", "LR": "6", "R": "7", "QP": "8",
                      "QS": "9", "CG": "10", "incoming": "1", "commitment": "2", "disbursement": "3",
                      "expenditure": "4", "contribution": "1"}
_SECTOR_VOCABULARIES_DAC5 = {"", "1", "DAC"}
_FEATURE_KINDS = {"ADM1": "region", "ADM2": "district", "ADM3": "municipality"}


class ImportRefused(Exception):
    """The file is not read: not IATI, unsafe, or not well-formed. The message names the reason."""


@dataclass(slots=True)
class Org:
    name: str
    ref: str = ""
    type: str = ""
    role: int = 0


@dataclass(slots=True)
class Loc:
    name: str
    ref: str = ""
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str = ""


@dataclass(slots=True)
class Money:
    amount: float
    currency: str
    value_date: dt.date | None
    transaction_type: str = ""


@dataclass(slots=True)
class Result:
    title: str
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    unit: str = ""


@dataclass(slots=True)
class Activity:
    """What the registry keeps of one `<iati-activity>`."""

    identifier: str
    legacy: bool = False
    language: str = ""
    reporting_ref: str = ""
    titles: list[tuple[str, str]] = field(default_factory=list)
    descriptions: list[tuple[str, str]] = field(default_factory=list)
    acronym: str = ""
    status: str = ""
    dates: dict[str, dt.date] = field(default_factory=dict)
    organisations: list[Org] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    locations: list[Loc] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)


@dataclass(slots=True)
class ImportSummary:
    files: int = 0
    activities: int = 0
    created: int = 0
    linked: int = 0
    updated: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def _prolog_root(path: Path) -> str:
    """The root element's name, after refusing files that declare a DTD or entities."""
    with path.open("rb") as fh:
        head = fh.read(PROLOG_LIMIT)
    if not head.strip():
        raise ImportRefused("empty file")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    pos = 0
    while True:
        start = text.find("<", pos)
        if start == -1:
            raise ImportRefused(f"no root element in the first {PROLOG_LIMIT // 1024} KB")
        if text.startswith("<?", start):
            pos = text.find("?>", start) + 2
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
            if end == -1:
                raise ImportRefused(f"no root element in the first {PROLOG_LIMIT // 1024} KB")
            pos = end + 3
        elif text.startswith("<!", start):
            word = text[start:start + 9].upper()
            what = "an entity declaration" if "ENTITY" in word else "a document type declaration (DTD)"
            raise ImportRefused(f"refused: it contains {what}, which IATI files never need "
                                "(external entities and entity expansion are not allowed)")
        else:
            match = re.match(r"<([A-Za-z_][\w.:-]*)", text[start:])
            if not match:
                raise ImportRefused("not well-formed XML at the start")
            return match.group(1)
        if pos <= 1:
            raise ImportRefused("not well-formed XML at the start")


def _texts(el: etree._Element | None, default_lang: str) -> list[tuple[str, str]]:
    """(text, language) of an element's narratives, or of its own text in IATI 1.x."""
    if el is None:
        return []
    out = []
    narratives = el.findall("narrative")
    for narrative in narratives:
        text = " ".join("".join(narrative.itertext()).split())
        if text:
            out.append((text, narrative.get(XML_LANG) or default_lang))
    if not narratives:
        text = " ".join((el.text or "").split())
        if text:
            out.append((text, el.get(XML_LANG) or default_lang))
    return out


def _first_text(el: etree._Element | None, default_lang: str = "") -> str:
    found = _texts(el, default_lang)
    return found[0][0] if found else ""


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip().replace(",", ""))
    except ValueError:
        return None


def _element_date(el: etree._Element | None) -> dt.date | None:
    if el is None:
        return None
    return _date(el.get("iso-date")) or _date(el.text)


def parse_activity(el: etree._Element, legacy: bool = False) -> Activity:
    """One `<iati-activity>` element (2.x or 1.x) as an Activity; ValueError when it has no identifier."""
    lang = el.get(XML_LANG) or ""
    identifier = " ".join((el.findtext("iati-identifier") or "").split())
    reporting = el.find("reporting-org")
    reporting_ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
    if not identifier and legacy:
        # files from before the standard settled: the publisher and its own identifier name the activity
        own = " ".join((el.findtext("other-identifier") or "").split()).strip("'")
        publisher = reporting_ref or _first_text(reporting)
        if own and publisher:
            identifier = f"{publisher}-{own}"
    if not identifier:
        raise ValueError("its iati-identifier is empty, and a project is known by it")
    act = Activity(identifier=identifier, legacy=legacy, language=lang)
    act.reporting_ref = reporting_ref
    for title in el.findall("title"):
        act.titles.extend(_texts(title, lang))
    for description in el.findall("description"):
        act.descriptions.extend(_texts(description, lang))
    for other in el.findall("other-identifier"):
        ref = other.get("ref") or (other.text or "").strip()
        if other.get("type") == "A1" and ref and len(ref) <= 60:
            act.acronym = act.acronym or ref
    status = el.find("activity-status")
    if status is not None:
        act.status = (status.get("code") or "").strip()
    for date in el.findall("activity-date"):
        kind = date.get("type") or ""
        kind = _DATE_TYPES.get(kind, kind)
        value = _element_date(date)
        if value and kind in ("1", "2", "3", "4"):
            act.dates[kind] = value
    for org in el.findall("participating-org"):
        role_raw = (org.get("role") or "").strip()
        role = int(role_raw) if role_raw.isdigit() else _legacy_role(role_raw)
        name = _first_text(org, lang)
        ref = (org.get("ref") or "").strip()
        if role in (1, 2, 3, 4) and (name or ref):
            act.organisations.append(Org(name or ref, ref, (org.get("type") or "").strip(), role))
    for country in el.findall("recipient-country"):
        code = (country.get("code") or "").strip().upper()
        if len(code) == 2 and code.isalpha():
            act.countries.append(code)
    for location in el.findall("location"):
        act.locations.extend(_location(location, lang))
    for sector in el.findall("sector"):
        vocabulary = (sector.get("vocabulary") or "").strip()
        code = (sector.get("code") or "").strip()
        if vocabulary in _SECTOR_VOCABULARIES_DAC5 and re.fullmatch(r"\d{5}", code):
            act.sectors.append(code)
    currency = (el.get("default-currency") or "").strip()
    for budget in [*el.findall("budget"), *el.findall("budget-planned")]:
        value = budget.find("value")
        amount = _number(value.text) if value is not None else None
        if amount is None:
            continue
        act.money.append(Money(amount, (value.get("currency") or currency).upper(),
                               _date(value.get("value-date")) or _element_date(budget.find("period-start"))))
    for transaction in el.findall("transaction"):
        act.money.extend(_transaction(transaction, currency))
    for result in el.findall("result"):
        act.results.extend(_results(result, lang))
    return act


def _legacy_role(word: str) -> int:
    """IATI 1.x role words, and the variants early publishers wrote (donor, un-ocha-implementing-partner)."""
    word = word.lower()
    if word in _ROLES:
        return _ROLES[word]
    if word in ("donor", "funder"):
        return 1
    return next((code for name, code in _ROLES.items() if name[:-3] in word), 0)


def _location(location: etree._Element, lang: str) -> list[Loc]:
    name = _first_text(location.find("name"), lang) or " ".join((location.text or "").split())
    loc = Loc(name=name, ref=(location.get("ref") or "").strip())
    pos = location.findtext("point/pos")
    if pos:
        parts = pos.split()
        if len(parts) == 2:
            loc.lat, loc.lon = _number(parts[0]), _number(parts[1])
    coordinates = location.find("coordinates")  # IATI 1.x
    if coordinates is not None:
        loc.lat, loc.lon = _number(coordinates.get("latitude")), _number(coordinates.get("longitude"))
    feature = location.find("feature-designation")
    loc.feature = (feature.get("code") or "").strip() if feature is not None else ""
    for location_id in location.findall("location-id"):
        if location_id.get("vocabulary") == "G1" and (location_id.get("code") or "").isdigit():
            loc.geonames_id = int(location_id.get("code") or 0)
    if loc.lat is not None and not (-90 <= loc.lat <= 90 and -180 <= (loc.lon or 0) <= 180):
        loc.lat = loc.lon = None
    return [loc] if loc.name or loc.ref else []


def _transaction(transaction: etree._Element, currency: str) -> list[Money]:
    kind_el = transaction.find("transaction-type")
    kind = (kind_el.get("code") or "").strip() if kind_el is not None else (transaction.get("type") or "")
    kind = _TRANSACTION_TYPES.get(kind, kind) or _TRANSACTION_TYPES.get(transaction.get("flow") or "", "")
    value = transaction.find("value")
    amount = _number(value.text) if value is not None else None
    if amount is None or not kind.isdigit():
        return []
    when = _element_date(transaction.find("transaction-date")) or _date(value.get("value-date"))
    return [Money(amount, (value.get("currency") or currency).upper(), when, kind)]


def _results(result: etree._Element, lang: str) -> list[Result]:
    out = []
    for indicator in result.findall("indicator"):
        title = _first_text(indicator.find("title"), lang)
        if not title:
            continue
        item = Result(title)
        baseline = indicator.find("baseline")
        if baseline is not None:
            item.baseline = _number(baseline.get("value"))
        for period in indicator.findall("period"):
            target, actual = period.find("target"), period.find("actual")
            if target is not None and _number(target.get("value")) is not None:
                item.target = _number(target.get("value"))
            if actual is not None and _number(actual.get("value")) is not None:
                item.actual = _number(actual.get("value"))
        unit = _first_text(indicator.find("description"), lang)
        if unit.startswith("unit: "):
            item.unit = unit.removeprefix("unit: ")
        out.append(item)
    return out


def iter_activities(path: Path, on_problem: Callable[[str], None] | None = None) -> Iterator[Activity]:
    """The activities of one file, one at a time, in constant memory. ImportRefused for a file that is not read
    at all; activities that cannot be read are reported through `on_problem` and skipped."""
    root = _prolog_root(path)
    if root not in ("iati-activities", "iati-activity"):
        raise ImportRefused(f"not an IATI activity file (root element <{root}>)")
    context = etree.iterparse(
        str(path), events=("end",), tag="iati-activity", resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        for _, element in context:
            parent = element.getparent()
            version = (parent.get("version") or "").strip() if parent is not None else ""
            # 1.x by its version, or, unversioned, by titles written without narratives
            legacy = version.startswith("1") or (not version.startswith("2") and element.find("title") is not None
                                                 and element.find("title/narrative") is None)
            try:
                yield parse_activity(element, legacy)
            except ValueError as exc:
                if on_problem:
                    on_problem(f"the activity at line {element.sourceline or '?'}: {exc}")
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(_syntax_reason(exc)) from None


def _syntax_reason(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message in the words of the limit it enforces."""
    message = exc.msg or str(exc)
    if "Excessive depth" in message:
        return f"refused: elements nested more than 256 deep (line {exc.lineno})"
    if "too long" in message or "Huge input" in message or "Resource limit" in message:
        return f"refused: a text or name longer than the 10 MB limit (line {exc.lineno})"
    if "entit" in message.lower():
        return f"refused: entity references are not allowed ({message.split(',')[0]}, line {exc.lineno})"
    return f"not well-formed XML: {message.split(', line')[0]} (line {exc.lineno})"


def iter_iati_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | tuple[str, str]]:
    """XML files named or found under directories (sorted); missing paths as (path, reason)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(".xml"):
                        yield Path(root) / name
        elif p.is_file():
            yield p
        else:
            yield (str(p), "no such file or directory")


# ---------------------------------------------------------------- storing


class _Linker:
    """Finds or creates the registry's records for activities, with look-ups cached for one import."""

    def __init__(self, session: Session, our_reporting_org: str) -> None:
        self.session = session
        self.our_reporting_org = our_reporting_org
        self._gazetteer: dict[object, object] | None = None
        # ids found for an organisation (ref, name) or a location, kept for the whole file: publishers repeat them
        self._org_ids: dict[tuple[str, str], int] = {}
        self._place_ids: dict[tuple[object, ...], int] = {}

    # organisations
    def organisation(self, org: Org) -> m.Organisation | None:
        cache_key = (org.ref, fold(org.name).strip())
        known = self._org_ids.get(cache_key)
        if known is not None and (row := self.session.get(m.Organisation, known)) is not None:
            return row
        row = self._organisation(org)
        if row is not None:
            self._org_ids[cache_key] = row.id
        return row

    def _organisation(self, org: Org) -> m.Organisation | None:
        s = self.session
        row = None
        if org.ref:
            row = s.scalar(select(m.Organisation).where(m.Organisation.iati_ref == org.ref).limit(1))
            if row is None and org.ref in ref_to_key():
                row = s.scalar(select(m.Organisation).where(m.Organisation.key == ref_to_key()[org.ref]))
        if row is None and org.name:
            key = f"org:{normalised_name(org.name)}"
            row = s.scalar(select(m.Organisation).where(m.Organisation.key == key))
            if row is None:
                alias = s.scalar(select(m.OrganisationAlias).where(
                    m.OrganisationAlias.folded == fold(org.name).strip()).limit(1))
                row = s.get(m.Organisation, alias.organisation_id) if alias else None
        if row is None:
            key = ref_to_key().get(org.ref) or (f"org:{normalised_name(org.name)}" if org.name else f"iati:{org.ref}")
            row = m.Organisation(key=key, name=org.name, kind=IATI_TYPE_TO_KIND.get(org.type, ""),
                                 iati_type=org.type if org.type.isdigit() else "", iati_ref=org.ref[:200])
            s.add(row)
            s.flush()
            row.aliases.append(m.OrganisationAlias(alias=org.name, folded=fold(org.name).strip()))
        row = resolved_organisation(s, row)
        if org.ref and not row.iati_ref:
            row.iati_ref = org.ref
        if org.type.isdigit() and not row.iati_type:
            row.iati_type = org.type
        return row

    # places
    def _gazetteer_index(self) -> dict[object, object]:
        """Gazetteer places by id and by (folded name, country)."""
        if self._gazetteer is None:
            from devatlas.gazetteer import load_gazetteer

            index: dict[object, object] = {}
            for place in load_gazetteer().places:
                index.setdefault((place.folded, place.country), place)
                index[place.place_id] = place
            self._gazetteer = index
        return self._gazetteer

    def _from_gazetteer(self, found: object) -> m.Place:
        from devatlas.store.repository import upsert_place

        return upsert_place(self.session, found)

    def place(self, loc: Loc, countries: list[str]) -> m.Place:
        cache_key = (loc.ref, loc.geonames_id, fold(loc.name), tuple(countries), loc.lat, loc.lon)
        known = self._place_ids.get(cache_key)
        if known is not None and (row := self.session.get(m.Place, known)) is not None:
            return row
        row = self._place(loc, countries)
        self._place_ids[cache_key] = row.id
        return row

    def _place(self, loc: Loc, countries: list[str]) -> m.Place:
        s = self.session
        row = None
        if loc.ref:
            row = s.scalar(select(m.Place).where(m.Place.gazetteer_id == loc.ref))
            if row is None and loc.ref in self._gazetteer_index():
                row = self._from_gazetteer(self._gazetteer_index()[loc.ref])
        if row is None and loc.geonames_id:
            row = s.scalar(select(m.Place).where(m.Place.geonames_id == loc.geonames_id).limit(1))
            if row is None:
                row = s.scalar(select(m.Place).where(m.Place.gazetteer_id == f"gn:{loc.geonames_id}"))
        country = countries[0] if len(countries) == 1 else ""
        # `text:...` is devatlas's own reference for a place the gazetteer lacks: a namesake the gazetteer knows
        # elsewhere is not that place
        if row is None and loc.name and country and not loc.ref.startswith("text:"):
            found = self._gazetteer_index().get((fold(loc.name), country))
            if found is not None:
                row = self._from_gazetteer(found)
        if row is None:
            gid = loc.ref or (f"gn:{loc.geonames_id}" if loc.geonames_id else f"iati:{country}:{fold(loc.name)}")
            row = s.scalar(select(m.Place).where(m.Place.gazetteer_id == gid[:64]))
            if row is None:
                kind = "settlement" if loc.feature.startswith("PPL") else _FEATURE_KINDS.get(loc.feature, "")
                row = m.Place(gazetteer_id=gid[:64], name=loc.name or loc.ref, country=country, kind=kind,
                              parents=[], lat=loc.lat, lon=loc.lon, geonames_id=loc.geonames_id)
                s.add(row)
                s.flush()
        if loc.geonames_id and not row.geonames_id:
            row.geonames_id = loc.geonames_id
        if row.lat is None and loc.lat is not None:
            row.lat, row.lon = loc.lat, loc.lon
        return row

    # projects
    def _candidates(self, act: Activity) -> list[m.Project]:
        """Projects the activity may be: the one with its identifier (or the identifier the registry exports for
        it), else those sharing a full title, or the acronym when their titles do not disagree (as documents
        are linked, `resolve.projects`)."""
        s = self.session
        found = s.scalar(select(m.Project).where(m.Project.iati_identifier == act.identifier).limit(1))
        if found is not None:
            return [found]
        acronym_key = normalised_name(act.acronym)[:60] if act.acronym else ""
        title_keys = {normalised_name(t)[:400] for t, _ in act.titles} - {acronym_key, ""}
        keys = [f"project:{k}" for k in (*title_keys, acronym_key) if k]
        if act.reporting_ref and act.identifier.startswith(act.reporting_ref + "-"):
            for project in s.scalars(select(m.Project).where(m.Project.key.in_(keys))):
                if own_identifier(act.reporting_ref, project.key) == act.identifier:
                    return [project]
        ids: dict[int, None] = {}
        if title_keys:
            ids.update(dict.fromkeys(s.scalars(select(m.ProjectTitle.project_id).where(
                m.ProjectTitle.folded.in_(title_keys)))))
            ids.update(dict.fromkeys(s.scalars(select(m.Project.id).where(
                m.Project.key.in_([f"project:{k}" for k in title_keys])))))
        if acronym_key:
            for project_id in s.scalars(select(m.Project.id).where(
                    (m.Project.acronym_key == acronym_key) | (m.Project.key == f"project:{acronym_key}"))):
                known = {f for f in s.scalars(select(m.ProjectTitle.folded).where(
                    m.ProjectTitle.project_id == project_id)) if f and f != acronym_key}
                if not title_keys or not known or known & title_keys:
                    ids[project_id] = None
        return [row for row in (s.get(m.Project, i) for i in ids) if row is not None]

    @staticmethod
    def _agrees(project: m.Project, funders: set[int], places: set[int]) -> bool:
        theirs_funders = {p.organisation_id for p in project.participants if p.role == 1}
        theirs_places = {p.place_id for p in project.places}
        if theirs_funders & funders or theirs_places & places:
            return True
        funder_conflict = bool(theirs_funders and funders)
        place_conflict = bool(theirs_places and places)
        return not (funder_conflict or place_conflict)

    def store(self, act: Activity) -> str:
        """Store one activity; returns 'created', 'linked' (to a project known from documents) or 'updated'."""
        s = self.session
        orgs = [(o, self.organisation(o)) for o in act.organisations]
        places = [self.place(loc, act.countries) for loc in act.locations]
        funder_ids = {row.id for o, row in orgs if row is not None and o.role == 1}
        place_ids = {p.id for p in places}
        project = None
        for candidate in self._candidates(act):
            if candidate.iati_identifier == act.identifier or (
                    # one IATI activity per project: a project already tied to another activity is another one
                    not candidate.iati_identifier and self._agrees(candidate, funder_ids, place_ids)):
                project = candidate
                break
        title = act.titles[0][0] if act.titles else act.identifier
        if project is None:
            keys = [f"project:{normalised_name(n)}" for n in (act.acronym, title) if normalised_name(n)]
            taken = set(s.scalars(select(m.Project.key).where(m.Project.key.in_(keys))))
            key = next((k for k in keys if k not in taken), f"iati:{act.identifier}")
            # empty collections given up front: a new project needs no query to learn it has none
            project = m.Project(key=key[:400], title=title, acronym=act.acronym[:60],
                                acronym_key=normalised_name(act.acronym)[:60] if act.acronym else "", origin="iati",
                                iati_identifier=act.identifier[:200], titles=[], participants=[], places=[],
                                target_groups=[], budget_lines=[], indicators=[])
            s.add(project)
            s.flush()
            outcome = "created"
        elif project.origin == "documents" and act.reporting_ref != self.our_reporting_org:
            project.origin = "both"
            outcome = "linked"
        else:
            outcome = "updated"
        if not project.iati_identifier:
            project.iati_identifier = act.identifier[:200]
        self._fill(project, act, orgs, places)
        return outcome

    def _fill(self, project: m.Project, act: Activity, orgs: list[tuple[Org, m.Organisation | None]],
              places: list[m.Place]) -> None:
        if not project.acronym and act.acronym:
            project.acronym, project.acronym_key = act.acronym[:60], normalised_name(act.acronym)[:60]
        if not project.description and act.descriptions:
            project.description = act.descriptions[0][0]
        if act.status and (not project.status or project.origin != "documents"):
            project.status = act.status[:2]
        start = act.dates.get("2") or act.dates.get("1")
        end = act.dates.get("4") or act.dates.get("3")
        project.start_date = start or project.start_date
        project.end_date = end or project.end_date
        if act.sectors:  # the publisher's own sectors outrank those inferred from the registry's documents
            project.sectors = list(dict.fromkeys(act.sectors))
        titles = {t.title for t in project.titles}
        for text, lang in act.titles:
            if text not in titles:
                titles.add(text)
                project.titles.append(m.ProjectTitle(title=text, language=lang[:8],
                                                     folded=normalised_name(text)[:400]))
        add_parts(project, [(row.id, org.role) for org, row in orgs if row is not None], [p.id for p in places])
        # lines from an earlier import of this activity are replaced; amounts the documents already gave are kept
        for line in [b for b in project.budget_lines if b.document_id is None]:
            project.budget_lines.remove(line)
        known_money = {(round(b.amount, 2), b.currency, b.transaction_type) for b in project.budget_lines}
        for money in act.money:
            signature = (round(money.amount, 2), money.currency, money.transaction_type)
            if signature not in known_money and len(money.currency) == 3:
                known_money.add(signature)
                project.budget_lines.append(m.BudgetLine(amount=money.amount, currency=money.currency,
                                                         value_date=money.value_date,
                                                         transaction_type=money.transaction_type))
        for indicator in [i for i in project.indicators if i.document_id is None]:
            project.indicators.remove(indicator)
        known_indicators = {i.text for i in project.indicators}
        for result in act.results:
            if result.title not in known_indicators:
                known_indicators.add(result.title)
                project.indicators.append(m.ProjectIndicator(text=result.title, unit=result.unit[:200],
                                                             baseline=result.baseline, target=result.target,
                                                             actual=result.actual))


def import_iati(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    on_activity: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Read IATI activity files and directories of them into the registry; one bad file never stops the rest."""
    summary = ImportSummary()
    ours = load_settings().reporting_org
    for item in iter_iati_files(paths):
        if isinstance(item, tuple):
            summary.failed.append(item)
            continue
        summary.files += 1
        _import_file(store, item, ours, summary, on_activity)
    return summary


def _import_file(store: Store, path: Path, ours: str, summary: ImportSummary,
                 on_activity: Callable[[str], None] | None) -> None:
    pending: list[Activity] = []
    legacy_noted = False
    linker: _Linker | None = None

    def flush() -> None:
        nonlocal linker
        if not pending:
            return
        with store.session() as session:
            if linker is None:
                linker = _Linker(session, ours)
            linker.session = session
            for act in pending:
                with session.no_autoflush:
                    outcome = linker.store(act)
                session.flush()
                summary.activities += 1
                if outcome == "created":
                    summary.created += 1
                elif outcome == "linked":
                    summary.linked += 1
                else:
                    summary.updated += 1
                if on_activity:
                    on_activity(act.identifier)
        pending.clear()

    try:
        for act in iter_activities(path, lambda problem: summary.skipped.append((str(path), problem))):
            if act.legacy and not legacy_noted:
                legacy_noted = True
                summary.notes.append((str(path), "IATI 1.x file: read for titles, organisations, dates, places, "
                                                 "sectors, budgets and transactions"))
            pending.append(act)
            if len(pending) >= BATCH:
                flush()
        flush()
    except ImportRefused as exc:
        flush()  # what was read whole before the fault is kept
        summary.failed.append((str(path), str(exc)))
    except OSError as exc:
        summary.failed.append((str(path), f"cannot be read ({exc.strerror or exc})"))
