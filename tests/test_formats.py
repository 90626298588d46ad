"""Every input format the sources publish becomes clean text, or a clear reason why not."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as DocxDocument

from devatlas.ingest.formats import read_document
from devatlas.ingest.readers import MAX_BYTES, ReadError

PAGE = """<!doctype html><html><head><title>Laktaši potpisali sporazum</title>
<meta property="article:published_time" content="2022-05-27T10:00:00"></head>
<body><nav><a href="/">Početna</a> | <a href="/vijesti">Vijesti</a> | <a href="/kontakt">Kontakt</a></nav>
<article><h1>Laktaši potpisali sporazum</h1>
<p>Gradonačelnik Laktaša potpisao je sporazum o partnerstvu za zapošljavanje u okviru projekta koji finansira
Evropska unija. Sporazum obuhvata obuke za nezaposlene i podršku malim preduzećima na području grada.</p>
<p>Projekat će trajati dvije godine, a vrijednost mu je 1,3 miliona KM.</p></article>
<footer>© 2022 Grad Laktaši. Sva prava zadržana.</footer><script>alert('x')</script></body></html>"""


def _pdf_with_text(line: str) -> bytes:
    """A one-page PDF whose text layer holds `line` (ASCII), built by hand with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Laktaši potpisali sporazum"
    assert "finansira" in doc.text and "1,3 miliona KM" in doc.text
    assert "Kontakt" not in doc.text and "alert" not in doc.text
    assert doc.published is not None and doc.published.isoformat() == "2022-05-27"


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(_pdf_with_text("Opcina Laktasi potpisala je ugovor 27.05.2022."))
    assert "Opcina Laktasi potpisala je ugovor" in read_document(path).text


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = DocxDocument()
    docx.add_paragraph("Projekat „Dijaspora za razvoj“ u Srpcu")
    table = docx.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Donator"
    table.rows[0].cells[1].text = "Vlada Švajcarske"
    path = tmp_path / "doc.docx"
    docx.save(str(path))
    doc = read_document(path)
    assert "Dijaspora za razvoj" in doc.text
    assert "Donator | Vlada Švajcarske" in doc.text


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Naslov\n\n**Općina** [Srbac](https://example.org) je *potpisala* ugovor.", encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Naslov"
    assert "Općina Srbac je" in doc.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "unreadable PDF"),
        ("fake.pdf", b"hello", "not a PDF"),
        ("fake.docx", b"PK\x03\x04garbage", "unreadable DOCX"),
        ("image.png", b"\x89PNG", "unsupported file type"),
        ("empty.html", b"", "empty file"),
    ],
)
def test_bad_documents_have_reasons(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert reason in info.value.reason


def test_documents_over_the_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match=r"too large: 20\.00 MB"):
        read_document(path)


@pytest.mark.parametrize(("text", "title"), [
    ("Početna | Vijesti | Privreda\nNaslovna › Aktuelnosti\n\nU Jajcu otvoren poslovni inkubator\n\n"
     "Jajce, 3. 5. 2024. – Tekst vijesti.", "U Jajcu otvoren poslovni inkubator"),
    # a kicker opens the headline
    ("INTERVJU | Ana Kovač, direktorica agencije\n\nTekst.", "INTERVJU | Ana Kovač, direktorica agencije"),
    # the site's name above its menu, a search box, a section label, metadata, a dateline alone
    ("GLAS CETINE\nVijesti | Sinj | Trilj | Sport\nPretraga...\nVESTI\nObjavljeno: 05.03.2025.\n"
     "Mostar, 22. veljače 2023.\n\nNovi vrtić otvoren u Trilju\n\nTekst vijesti.", "Novi vrtić otvoren u Trilju"),
    ("EU projekti › Aktualno\n\nPotpisan ugovor za vrtić\n", "Potpisan ugovor za vrtić"),
])
def test_a_pages_furniture_is_not_its_title(tmp_path: Path, text: str, title: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).title == title
