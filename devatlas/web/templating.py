"""Jinja2 templates with autoescape on, and the one helper that renders a page with the common context."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def number(value: float | int | None, digits: int = 0) -> str:
    """Grouped with thin spaces, readable in both interface languages (1 300 000)."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", "\u202f")


_environment.filters["number"] = number
templates = Jinja2Templates(env=_environment)

# The nav bar's links (path, English label); other parts of the app append theirs (e.g. the review page).
nav_links: list[tuple[str, str]] = [("/search", "Search"), ("/map", "Map"), ("/dashboards", "Dashboards"),
                                    ("/api", "API")]

# Functions called with the request that add names to every page's context (the signed-in user, language...).
context_hooks: list[Callable[[Request], dict[str, Any]]] = []


def query_with(request: Request) -> Callable[..., str]:
    """A function giving the current query string with some parameters replaced (None drops one): filters and
    switches keep the rest of the URL, so every view can be shared as a link."""

    def build(**changes: Any) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
        params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
        return urlencode(params)

    return build


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with what every page needs (hooks' names first, the page's own names win)."""
    merged: dict[str, Any] = {"nav_links": nav_links, "query_with": query_with(request)}
    for hook in context_hooks:
        merged.update(hook(request))
    merged.update(context)
    return templates.TemplateResponse(request, name, merged, status_code=status_code)
