"""A printable catalogue of the organisations of a kind in a country or region, like the directories of LED offices,
agencies and NGOs that local development networks print: one entry per organisation with its place and region,
its status towards the municipal administration, its contacts, the people the sources name with their roles
(its staff), and its projects with role, status, years and budget.

One context feeds both outputs: HTML (a Jinja2 template with print styles; a browser prints it) and PDF (ReportLab,
drawn with a Unicode TrueType font so that č, ć, đ and Cyrillic print: DejaVu or Liberation Sans from the system,
or the file named by DEVATLAS_PDF_FONT).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from devatlas.settings import load_settings
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.text.inflect import case_forms
from devatlas.text.script import fold

from .codelists import Codelists
from .organisations import administrative_status, iati_type
from .records import derived_status, organisation_contacts

_ROLE_NAMES = {1: "funder", 2: "accountable", 3: "extending", 4: "implementer"}
_LOCAL_KINDS = {"municipality", "city"}
# words right before a place name that make a role the place's own (mayor of Tuzla, not of Slavonski Brod)
_LOCAL_HEADS = frozenset({"opstine", "opcine", "grada", "gradonacelnik", "gradonacelnica", "gradonacelnika",
                          "nacelnik", "nacelnica", "nacelnika", "mayor", "of", "gradskog", "opcinskog",
                          "opstinskog", "skupstine", "vijeca", "veca"})
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)


class CatalogueError(Exception):
    """The catalogue cannot be written; the message says why."""


@dataclass(slots=True)
class ProjectLine:
    title: str
    role: str
    status: str
    years: str
    budget: str


@dataclass(slots=True)
class Entry:
    name: str
    kind: str
    type_name: str
    place: str
    region: str
    country: str
    status: str = ""  # where it stands towards the municipal administration
    contacts: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    sources: int = 0


@dataclass(slots=True)
class Catalogue:
    title: str
    subtitle: str
    generated: str
    entries: list[Entry]

    def groups(self) -> list[tuple[str, list[Entry]]]:
        """Entries grouped by region, in order."""
        out: dict[str, list[Entry]] = {}
        for entry in self.entries:
            out.setdefault(entry.region or "Other", []).append(entry)
        return list(out.items())


def _matches_kind(org: m.Organisation, kinds: list[str]) -> bool:
    if not kinds:
        return True
    wanted = {fold(k) for k in kinds}
    return fold(org.kind) in wanted or iati_type(org) in wanted


def _years(project: m.Project) -> str:
    start = project.start_date.year if project.start_date else None
    end = project.end_date.year if project.end_date else None
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    return str(start or end or "")


def _people(session: Session, org: m.Organisation, place: m.Place | None) -> list[tuple[str, str]]:
    """People whose role the sources tie to the organisation; for a municipality or city also those whose role
    names its place (`gradonačelnik Tuzle`)."""
    found: dict[tuple[str, str], None] = {}
    rows = session.execute(select(m.Person.name, m.PersonRole.role).join(
        m.PersonRole, m.PersonRole.person_id == m.Person.id).where(m.PersonRole.organisation_id == org.id))
    for name, role in rows:
        found[(name, role)] = None
    if place is not None and org.kind in _LOCAL_KINDS:
        forms = case_forms(place.name)
        orphan_roles = session.execute(select(m.Person.name, m.PersonRole.role).join(
            m.PersonRole, m.PersonRole.person_id == m.Person.id).where(m.PersonRole.organisation_id.is_(None)))
        for name, role in orphan_roles:
            words = fold(role).split()
            for i in range(1, len(words)):
                if words[i - 1] in _LOCAL_HEADS and any(
                        " ".join(words[i:i + len(f.split())]) == f for f in forms):
                    found[(name, role)] = None
    return list(found)


def build_catalogue(store: Store, kinds: list[str] | None = None, country: str | None = None,
                    region: str | None = None, title: str | None = None, today: dt.date | None = None) -> Catalogue:
    """The catalogue's content: organisations of the kinds, in the country and region, sorted by region and name."""
    kinds = kinds or []
    today = today or dt.date.today()
    codes = Codelists()
    wanted_region = fold(region) if region else ""
    entries: list[Entry] = []
    with store.session() as session:
        orgs = session.scalars(select(m.Organisation).where(m.Organisation.merged_into_id.is_(None))
                               .order_by(m.Organisation.name))
        for org in orgs:
            if not _matches_kind(org, kinds):
                continue
            place = session.get(m.Place, org.place_id) if org.place_id else None
            org_country = org.country or (place.country if place else "")
            if country and org_country.upper() != country.upper():
                continue
            parents = list(place.parents or []) if place else []
            if wanted_region and wanted_region not in {fold(p) for p in [*parents, place.name if place else ""]}:
                continue
            entry = Entry(
                name=org.name, kind=org.kind, type_name=codes.name("OrganisationType", iati_type(org)),
                place=place.name if place else "",
                region=parents[-1] if parents else codes.name("Country", org_country) if org_country else "",
                country=org_country,
                status=administrative_status(org.name, org.kind),
                contacts=[value for values in organisation_contacts(session, org.id).values() for value in values],
                aliases=sorted({a.alias for a in org.aliases if fold(a.alias) != fold(org.name)})[:6],
                people=_people(session, org, place),
            )
            participations = session.execute(select(m.Project, m.ProjectParticipant.role).join(
                m.ProjectParticipant, m.ProjectParticipant.project_id == m.Project.id)
                .where(m.ProjectParticipant.organisation_id == org.id).order_by(m.Project.title))
            for project, role in participations:
                status = derived_status(project, today)
                totals: dict[str, float] = {}
                seen: set[tuple[float, str]] = set()
                for line in project.budget_lines:
                    if not line.transaction_type and (line.amount, line.currency) not in seen:
                        seen.add((line.amount, line.currency))
                        totals[line.currency] = totals.get(line.currency, 0.0) + line.amount
                # dots group the digits as the region writes them (3.000.000), so an amount never breaks
                budget = ", ".join(f"{amount:,.0f} {currency}".replace(",", ".") for currency, amount in totals.items())
                entry.projects.append(ProjectLine(project.title, _ROLE_NAMES.get(role, str(role)),
                                                  codes.name("ActivityStatus", status), _years(project), budget))
            entry.sources = session.scalar(select(func.count(func.distinct(m.Fact.document_id))).where(
                m.Fact.subject_type == "organisation", m.Fact.subject_id == org.id)) or 0
            entries.append(entry)
    entries.sort(key=lambda e: (not e.region, fold(e.region), fold(e.place), fold(e.name)))
    what = ", ".join(kinds) if kinds else "all kinds"
    where = " / ".join(x for x in (region, country.upper() if country else "") if x) or "all countries"
    return Catalogue(
        title=title or "Catalogue of organisations",
        subtitle=f"{what} — {where} — {len(entries)} organisations",
        generated=f"{today.isoformat()}, from the {load_settings().reporting_org} registry",
        entries=entries,
    )


def render_html(catalogue: Catalogue) -> str:
    env = Environment(loader=PackageLoader("devatlas.exchange", "templates"), autoescape=select_autoescape())
    return env.get_template("catalogue.html").render(catalogue=catalogue)


def _font() -> tuple[str, str]:
    """Regular and bold font names registered with ReportLab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    env = os.environ.get("DEVATLAS_PDF_FONT")
    candidates = [(env, env)] if env else []
    candidates += list(FONT_CANDIDATES)
    for regular, bold in candidates:
        if regular and Path(regular).exists():
            pdfmetrics.registerFont(TTFont("CatalogueSans", regular))
            pdfmetrics.registerFont(TTFont("CatalogueSans-Bold", bold if Path(bold).exists() else regular))
            return "CatalogueSans", "CatalogueSans-Bold"
    raise CatalogueError("no Unicode TrueType font for the PDF: install Debian's fonts-dejavu-core "
                         "or set DEVATLAS_PDF_FONT to a .ttf file")


def render_pdf(catalogue: Catalogue, path: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _font()
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=24, spaceAfter=4 * mm),
        "subtitle": ParagraphStyle("subtitle", fontName=regular, fontSize=10, leading=13,
                                   textColor=colors.HexColor("#444444")),
        "region": ParagraphStyle("region", fontName=bold, fontSize=13, leading=16, spaceBefore=6 * mm,
                                 spaceAfter=2 * mm, textColor=colors.HexColor("#1f4e79")),
        "name": ParagraphStyle("name", fontName=bold, fontSize=11, leading=14, spaceBefore=3 * mm),
        "body": ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10),
    }

    def para(text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), styles[style])

    story: list = [para(catalogue.title, "title"), para(catalogue.subtitle, "subtitle"),
                   para(f"Generated {catalogue.generated}", "subtitle"), Spacer(1, 4 * mm)]
    width = A4[0] - 36 * mm
    for region, entries in catalogue.groups():
        for number, entry in enumerate(entries):
            block: list = [para(entry.name, "name")]
            if number == 0:  # the region's heading goes with its first entry, never alone at a page's foot
                block.insert(0, para(region, "region"))
            facts = [f"{entry.kind or 'organisation'} ({entry.type_name})" if entry.type_name else entry.kind]
            if entry.place:
                facts.append(entry.place + (f", {entry.country}" if entry.country else ""))
            elif entry.country:
                facts.append(entry.country)
            facts.append(f"named in {entry.sources} source{'s' if entry.sources != 1 else ''}")
            block.append(para(" · ".join(f for f in facts if f)))
            if entry.status:
                block.append(para("Status: " + entry.status))
            if entry.contacts:
                block.append(para("Contact: " + " · ".join(entry.contacts)))
            if entry.aliases:
                block.append(para("Also: " + "; ".join(entry.aliases)))
            if entry.people:
                block.append(para("Staff and officials: " + "; ".join(f"{n} — {r}" for n, r in entry.people)))
            if entry.projects:
                data = [[para(h, "head") for h in ("Project", "Role", "Status", "Years", "Budget")]]
                for p in entry.projects:
                    data.append([para(p.title, "cell"), para(p.role, "cell"), para(p.status, "cell"),
                                 para(p.years, "cell"), para(p.budget, "cell")])
                table = Table(data, colWidths=[width * 0.37, width * 0.13, width * 0.17, width * 0.13, width * 0.2],
                              repeatRows=1)
                table.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]))
                block.extend([Spacer(1, 1.5 * mm), table])
            if len(entry.projects) <= 8:
                story.append(KeepTogether(block))
            else:  # a long list of projects may run over pages; its heading stays with the first rows
                story.extend([KeepTogether(block[:-1]), block[-1]])

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.drawString(18 * mm, 10 * mm, catalogue.title)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=catalogue.title, author="devatlas")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def write_catalogue(store: Store, path: Path, kinds: list[str] | None = None, country: str | None = None,
                    region: str | None = None, title: str | None = None) -> int:
    """Write the catalogue as HTML or PDF (by the file's suffix); returns the number of organisations."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise CatalogueError("the catalogue is written as .html or .pdf")
    catalogue = build_catalogue(store, kinds, country, region, title)
    if not catalogue.entries:
        raise CatalogueError("no organisation matches the kind, country and region asked for")
    partial = path.with_name(path.name + ".partial")
    try:
        if suffix == ".pdf":
            render_pdf(catalogue, partial)
        else:
            partial.write_text(render_html(catalogue), encoding="utf-8")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return len(catalogue.entries)
