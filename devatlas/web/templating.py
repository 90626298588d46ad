"""Jinja2 templates with autoescape on, and the one helper that renders a page with the common context."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.responses import HTMLResponse

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates ship with the package and change only with it: no look at their files' times on every page.
    auto_reload=False,
)


def number(value: float | int | None, digits: int = 0) -> str:
    """Grouped with thin spaces, readable in both interface languages (1 300 000)."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", "\u202f")


def _as_written(text: str, language: str = "") -> str:
    return text


def _in_script(context: Context) -> Callable[..., str]:
    """The page's sc() (content in the reader's script), or the text as written where no hook gave one."""
    return context.get("sc") or _as_written


@pass_context
def marked(context: Context, pieces: list[Any], language: str = "") -> Markup:
    """Text pieces as HTML: each piece escaped and shown in the reader's script, marked pieces in <mark>, linked
    ones in an anchor. Written here rather than as a template macro: a project page holds hundreds of pieces and
    a macro call per piece costs more than the rest of the page."""
    return Markup(_marked(_in_script(context), pieces, language))


def _text(value: object) -> str:
    """Text for HTML (the standard library's escaping: the helpers below build plain strings, and a Markup object
    per piece would cost them more than the rest of their work)."""
    return html.escape(str(value))


def _marked(in_script: Callable[..., str], pieces: list[Any], language: str) -> str:
    out = []
    for piece in pieces:
        text = _text(in_script(piece.text, language))
        if not piece.mark:
            out.append(text)
            continue
        anchor = f' id="at-{int(piece.start)}"' if piece.start is not None else ""
        mark = f'<mark class="k-{_text(piece.kind)}"{anchor}>{text}</mark>'
        out.append(f'<a class="fact" href="{_text(piece.link)}">{mark}</a>' if piece.link else mark)
    return "".join(out)


# Links to records, written here rather than as template macros for the same reason as marked(): a busy place
# lists a thousand projects, and a macro call costs several times what the link itself does.

def _project_link(sc: Callable[..., str], p: Any) -> str:
    acronym = f' <span class="muted">({_text(p.acronym)})</span>' if p.acronym else ""
    return f'<a href="/projects/{int(p.id)}">{_text(sc(p.title))}</a>{acronym}'


def _place_link(sc: Callable[..., str], p: Any) -> str:
    return f'<a href="/places/{int(p.id)}">{_text(sc(p.name))}</a>'


def _org_link(sc: Callable[..., str], o: Any) -> str:
    return f'<a href="/organisations/{int(o.id)}">{_text(sc(o.name))}</a>'


def _doc_link(sc: Callable[..., str], d: Any) -> str:
    published = f' <span class="muted">{_text(d.published)}</span>' if d.published else ""
    return f'<a href="/documents/{int(d.id)}">{_text(sc(d.title, d.language))}</a>{published}'


LINKS: dict[str, Callable[[Callable[..., str], Any], str]] = {
    "project": _project_link, "place": _place_link, "org": _org_link, "doc": _doc_link}


def _link_global(kind: str) -> Callable[..., Markup]:
    make = LINKS[kind]

    @pass_context
    def link(context: Context, record: Any) -> Markup:
        return Markup(make(_in_script(context), record))

    return link


@pass_context
def link_items(context: Context, kind: str, records: list[Any]) -> Markup:
    """<li>link</li> for each record, in one call however long the list."""
    make, sc = LINKS[kind], _in_script(context)
    return Markup("".join(f"<li>{make(sc, r)}</li>" for r in records))


@pass_context
def place_items(context: Context, places: list[Any]) -> Markup:
    """<li>link country</li> for each place."""
    sc = _in_script(context)
    return Markup("".join(f'<li>{_place_link(sc, p)} <span class="muted">{_text(p.country)}</span></li>'
                          for p in places))


@pass_context
def timeline_items(context: Context, items: list[Any]) -> Markup:
    """<li> for each event of a project's timeline: its date, kind, label or amount, document and place."""
    sc, t = _in_script(context), context.get("t") or _as_written
    out = []
    for item in items:
        label = f"{number(item.amount)} {item.currency}" if item.amount is not None else sc(item.label)
        shown = (f'<a href="/documents/{int(item.document_id)}">{_text(label or t("Document"))}</a>'
                 if item.document_id else _text(label))
        place = f" · {_place_link(sc, item.place)}" if item.place else ""
        out.append(f'<li class="ev-{_text(item.kind)}"><time datetime="{_text(item.date)}">{_text(item.date)}'
                   f'</time> <span class="tag">{_text(t(item.kind))}</span> {shown}{place}</li>')
    return Markup("".join(out))


@pass_context
def source_blocks(context: Context, sources: list[Any]) -> Markup:
    """Each source document: its link, then every sentence it supports the record with, marks in place."""
    sc = _in_script(context)
    return Markup("".join(
        f'<div class="source"><h3>{_doc_link(sc, source.document)}</h3>'
        + "".join(f"<blockquote>{_marked(sc, ev.segments, source.document.language)}</blockquote>"
                  for ev in source.sentences) + "</div>"
        for source in sources))


SELECTED = ' class="selected"'


@pass_context
def facet_items(context: Context, name: str, values: list[dict[str, Any]]) -> Markup:
    """<li> for each value of a search facet (`search_data`'s plain values): a link that adds (or, when chosen,
    drops) it, and its count."""
    sc, link = _in_script(context), context["query_with"]
    label = context["type_label"] if name == "type" else sc
    return Markup("".join(
        f'<li{SELECTED if v["selected"] else ""}><a href="/search?'
        f'{_text(link(**{name: None if v["selected"] else v["value"]}))}">{_text(label(v["value"]))}</a> '
        f'<span class="count">{_text(v["count"])}</span></li>'
        for v in values))


def _snippet(sc: Callable[..., str], pieces: list[dict[str, Any]]) -> str:
    """A search snippet's pieces as HTML, the query words marked as marked() marks a fact without a kind."""
    return "".join(f'<mark class="k-">{_text(sc(p["text"]))}</mark>' if p["mark"] else _text(sc(p["text"]))
                   for p in pieces)


@pass_context
def record_hits(context: Context, records: list[dict[str, Any]]) -> Markup:
    """<li> for each record a search found (project, organisation, place...): its kind, link and snippet."""
    sc, label = _in_script(context), context["type_label"]
    return Markup("".join(
        f'<li><span class="tag t-{_text(r["type"])}">{_text(label(r["type"]))}</span> '
        f'<a href="{_text(r["link"])}">{_text(sc(r["title"]))}</a>'
        + (f'\n        <span class="muted small">{_snippet(sc, r["snippet"])}</span>' if r["snippet"] else "")
        + "</li>\n" for r in records))


@pass_context
def document_hits(context: Context, hits: list[dict[str, Any]]) -> Markup:
    """<article> for each document a search found: its title, snippet and source. Written here for the same reason
    as marked(): twenty hits a page, each with a few template calls, cost more than their HTML."""
    sc = _in_script(context)
    return Markup("".join(
        f'<article class="hit">\n  <h3><a href="{_text(h["link"])}">{_text(sc(h["title"]))}</a></h3>\n'
        f'  <p class="snippet">{_snippet(sc, h["snippet"])}</p>\n'
        f'  <p class="muted small">{_text(h["source"])}</p>\n</article>\n' for h in hits))


@pass_context
def number_rows(context: Context, table: list[tuple[str, list[str]]]) -> Markup:
    """<tr> rows of a label and its figures, in one call: a busy place's funding table has a thousand cells."""
    sc = _in_script(context)
    return Markup("".join(f"<tr><td>{_text(sc(label))}</td>"
                          + "".join(f'<td class="num">{_text(cell)}</td>' for cell in cells) + "</tr>"
                          for label, cells in table))


_environment.filters["number"] = number
_environment.globals["marked"] = marked
_environment.globals["link_items"] = link_items
_environment.globals["number_rows"] = number_rows
_environment.globals["facet_items"] = facet_items
_environment.globals["record_hits"] = record_hits
_environment.globals["document_hits"] = document_hits
_environment.globals["place_items"] = place_items
_environment.globals["timeline_items"] = timeline_items
_environment.globals["source_blocks"] = source_blocks
for _kind in LINKS:
    _environment.globals[f"{_kind}_link"] = _link_global(_kind)
templates = Jinja2Templates(env=_environment)

# The nav bar's links (path, English label); other parts of the app append theirs (e.g. the review page).
nav_links: list[tuple[str, str]] = [("/search", "Search"), ("/map", "Map"), ("/dashboards", "Dashboards"),
                                    ("/api", "API")]

# Functions called with the request that add names to every page's context (the signed-in user, language...).
context_hooks: list[Callable[[Request], dict[str, Any]]] = []


@lru_cache(maxsize=8192)
def _pair(name: str, value: str) -> str:
    """name=value as a query string writes it (what urlencode does for one pair, without its checks). Kept: a
    search page links fifty or more facet values, the same names from page to page (0.7% of a search page's
    instructions)."""
    return f"{quote_plus(name)}={quote_plus(value)}"


def query_with(request: Request) -> Callable[..., str]:
    """A function giving the current query string with some parameters replaced (None drops one): filters and
    switches keep the rest of the URL, so every view can be shared as a link."""

    # Encoded once per page: a search page asks for a link per facet value, fifty or more.
    current = [(k, _pair(k, v)) for k, v in request.query_params.multi_items()]

    def build(**changes: Any) -> str:
        params = [pair for k, pair in current if k not in changes]
        params += [_pair(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
        return "&".join(params)

    return build


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with what every page needs (hooks' names first, the page's own names win)."""
    merged: dict[str, Any] = {"nav_links": nav_links, "query_with": query_with(request)}
    for hook in context_hooks:
        merged.update(hook(request))
    merged.update(context)
    return templates.TemplateResponse(request, name, merged, status_code=status_code)
