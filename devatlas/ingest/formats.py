"""Documents of every format the sources publish, read into clean text plus the metadata they carry.

Fallbacks, in order, for HTML:
1. trafilatura's main-text extraction with metadata (title, date, URL), which drops menus and footers;
2. if it finds no main text (very short pages, odd markup), all visible text of the page via lxml,
   so that a short municipal notice is not lost.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from devatlas.ingest.readers import ReadError, decode_bytes, read_bytes

SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What a reader makes of one file: text and whatever metadata the format gave."""

    source: str
    text: str
    title: str = ""
    url: str = ""
    published: date | None = None


_NAV_SEPARATORS = re.compile(r"\s+[|›»>/]\s+|[ \t]{3,}")
_HOME_WORDS = frozenset({"početna", "naslovna", "home", "почетна", "насловна", "pocetna"})
# a kicker before a headline, not a menu: `INTERVJU | Ana Kovač, direktorica agencije`
_KICKER = re.compile(r"[A-ZČĆŠŽĐА-ЯЂЈЉЊЋЏ]{4,}")


def _is_navigation(line: str) -> bool:
    """A site's breadcrumb or menu line (`Početna | Vijesti | Privreda`, `Naslovna › Aktuelnosti`, `EU projekti ›
    Aktualno`, items parted by runs of spaces): items between separators, unless the first is a kicker."""
    items = [i.strip() for i in _NAV_SEPARATORS.split(line) if i.strip()]
    if len(items) < 2:
        return False
    if items[0].lower() in _HOME_WORDS:
        return True
    return _KICKER.fullmatch(items[0]) is None or all(len(i.split()) <= 3 for i in items)


_SEARCH_BOX = re.compile(r"(?:pretraga|pretraži|pretrazi|traži|search|претрага|претражи|тражи|skip to content)\W*",
                         re.IGNORECASE)
# a page's metadata: `Objavljeno: 05.03.2025.`, `Autor: M. Jovanović`
_METADATA = re.compile(r"(?:objavljeno|objavljen|published|datum|date|autor|author|kategorija|category|фото|foto"
                       r"|klasa|urbroj|broj|класа|број)\b", re.IGNORECASE)
# a dateline alone: `Mostar, 22. veljače 2023.`, `16.10.2024. 10:42`, `Shkodër, 27th of May 2022`
_DATELINE = re.compile(r"(?:[^\d,]{2,40},\s*)?(?:\d{1,2}\.\s?(?:\d{1,2}\.|\w+)\s?\d{4}\.?|\d{1,2}(?:st|nd|rd|th)?\s+"
                       r"(?:of\s+)?\w+\s+\d{4}|\w+\s+\d{1,2},\s+\d{4})(?:\s*(?:godine|god\.))?(?:\s+\d{1,2}:\d{2})?\.?")


def _is_page_furniture(line: str, next_line: str) -> bool:
    """A line of the site around the page: its menus, the site's name right above them (`GLAS CETINE`, then
    `Vijesti | Sinj | ...`), a search box, metadata, or a short label in capitals (`VESTI`, `PROJECT FACT SHEET`)."""
    if _is_navigation(line) or _SEARCH_BOX.fullmatch(line) or _METADATA.match(line) or _DATELINE.fullmatch(line):
        return True
    if next_line and _is_navigation(next_line) and len(line.split()) <= 5:
        return True
    return len(line.split()) <= 3 and line.isupper()


def _first_line_title(text: str) -> str:
    """The first line that is not the site's furniture (the headline of a page copied with its menus)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for k, line in enumerate(lines):
        if not _is_page_furniture(line, lines[k + 1] if k + 1 < len(lines) else ""):
            return line[:300]
    return lines[0][:300] if lines else ""


def _read_html(data: bytes, source: str) -> SourceDocument:
    import trafilatura
    from lxml import html as lxml_html

    markup = decode_bytes(data, source)
    text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(markup)
    title = (meta.title if meta else "") or ""
    url = (meta.url if meta else "") or ""
    published = None
    if meta and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    if len(text.strip()) < 40:
        tree = lxml_html.fromstring(markup)
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        text = re.sub(r"\n\s*\n+", "\n\n", tree.text_content()).strip()
    if not text.strip():
        raise ReadError(source, "HTML page without any text")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return SourceDocument(source, text, title or _first_line_title(text), url, published)


def _read_pdf(data: bytes, source: str) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReadError(source, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(source, f"unreadable PDF ({exc})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError(source, "PDF without a text layer (a scan? run OCR first)")
    return SourceDocument(source, text, title or _first_line_title(text))


def _read_docx(data: bytes, source: str) -> SourceDocument:
    import zipfile

    from docx import Document as DocxDocument

    try:
        doc = DocxDocument(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(source, f"unreadable DOCX ({exc})") from None
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text.strip() for cell in row.cells))
    text = "\n".join(p for p in parts if p.strip())
    if not text.strip():
        raise ReadError(source, "DOCX without any text")
    title = doc.core_properties.title or ""
    return SourceDocument(source, text, title or _first_line_title(text))


_MD_MARKUP = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?)|(\*\*|__|`)", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _read_markdown(data: bytes, source: str) -> SourceDocument:
    raw = decode_bytes(data, source)
    text = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", raw))
    return SourceDocument(source, text, _first_line_title(text))


def read_document(path: str | Path) -> SourceDocument:
    """Any supported file as text and metadata, or ReadError with the reason."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(str(p), f"unsupported file type {suffix or '(none)'}; supported: "
                        + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    data = read_bytes(p)
    if not data.strip():
        raise ReadError(str(p), "empty file")
    if suffix in (".html", ".htm"):
        return _read_html(data, str(p))
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise ReadError(str(p), "not a PDF file (no %PDF header)")
        return _read_pdf(data, str(p))
    if suffix == ".docx":
        return _read_docx(data, str(p))
    if suffix in (".md", ".markdown"):
        return _read_markdown(data, str(p))
    text = decode_bytes(data, str(p))
    return SourceDocument(str(p), text, _first_line_title(text))
