"""The printable catalogue: HTML and PDF from one content, rendered to images to be sure it prints."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devatlas.cli import app
from devatlas.exchange.catalogue import FONT_CANDIDATES, CatalogueError, build_catalogue, write_catalogue
from devatlas.exchange.organisations import administrative_status
from devatlas.store import Store


@pytest.fixture(scope="session")
def pdf_font() -> None:
    """A Unicode font for the PDF: Debian's fonts-dejavu-core, installed here when missing (as root)."""
    if any(Path(regular).exists() for regular, _ in FONT_CANDIDATES):
        return
    if shutil.which("apt-get") is None:
        pytest.skip("no Unicode TrueType font and no apt-get to install fonts-dejavu-core")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "fonts-dejavu-core"]):
        if subprocess.run(command, capture_output=True, check=False).returncode != 0:
            pytest.skip("fonts-dejavu-core could not be installed (not root?)")


def test_municipalities_of_a_country_with_people_and_regions(samples_store: Store) -> None:
    catalogue = build_catalogue(samples_store, ["municipality", "city"], country="BA")
    names = {e.name for e in catalogue.entries}
    assert {"Općina Jablanica", "Opština Laktaši"} <= names
    assert all(e.country == "BA" for e in catalogue.entries)
    laktasi = next(e for e in catalogue.entries if e.name == "Opština Laktaši")
    assert laktasi.region == "Republika Srpska" and laktasi.type_name == "Local Government"
    assert ("Bojan Gavrić", "načelnik opštine Laktaši") in laktasi.people  # as the source spells it
    brod = next(e for e in catalogue.entries if e.name == "Opština Brod")
    assert all("slavonskog" not in role for _, role in brod.people)  # the mayor of Slavonski Brod is not Brod's


def test_region_filter_and_funders_with_projects(samples_store: Store) -> None:
    herzegovina = build_catalogue(samples_store, ["municipality"], region="Hercegovačko-neretvanski kanton")
    assert herzegovina.entries and all(e.region == "Hercegovačko-neretvanski kanton" for e in herzegovina.entries)
    donors = build_catalogue(samples_store, ["international"])
    eu = next(e for e in donors.entries if e.name == "Evropska unija")
    assert any(p.title == "Lokalna partnerstva za zapošljavanje" and p.role == "funder" for p in eu.projects)


def test_entries_carry_contacts_from_the_sources_and_their_place_in_the_administration(samples_store: Store) -> None:
    catalogue = build_catalogue(samples_store, ["municipality"], country="BA")
    doboj_istok = next(e for e in catalogue.entries if e.name == "Općina Doboj Istok")
    assert doboj_istok.status == "local government"
    assert "razvoj@dobojistok.ba" in doboj_istok.contacts
    assert any(c.startswith("+387 35 ") for c in doboj_istok.contacts)  # the local 035/... number, dialled whole
    offices = build_catalogue(samples_store, ["kancelarija", "odeljenje", "ured", "služba", "agencija"])
    statuses = {e.name: e.status for e in offices.entries}
    assert statuses["Odeljenje za lokalni ekonomski razvoj"] == "department of the municipal administration"
    assert statuses["Regionalna razvojna agencija „Zlatibor“"] == "regional development agency (own legal entity)"


def test_html_catalogue(samples_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "catalogue.html"
    result = CliRunner().invoke(app, ["export", "catalogue", "--kind", "international", "-o", str(out),
                                      "--db", samples_store.url])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@page" in page
    assert "<h3>Evropska unija</h3>" in page and "Lokalna partnerstva za zapošljavanje" in page


def test_pdf_catalogue_renders_to_pages_with_the_letters_of_the_region(samples_store: Store, tmp_path: Path,
                                                                       pdf_font: None) -> None:
    import pypdfium2 as pdfium

    out = tmp_path / "catalogue.pdf"
    count = write_catalogue(samples_store, out, ["municipality", "city"], country="BA")
    assert count > 10
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) >= 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Općina Jablanica" in text and "Opština Laktaši" in text and "Лакташи" in text
    pixels = pdf[0].render(scale=1).to_numpy()
    assert pixels.shape[1] > 500
    assert (pixels < 128).mean() > 0.005  # drawn text, not a blank page
    pdf.close()


def test_nothing_to_print_or_wrong_suffix_is_one_clear_error(samples_store: Store, tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no organisation matches"):
        write_catalogue(samples_store, tmp_path / "x.html", ["observatory"])
    result = CliRunner().invoke(app, ["export", "catalogue", "-o", str(tmp_path / "x.docx"),
                                      "--db", samples_store.url])
    assert result.exit_code == 1 and "written as .html or .pdf" in result.output


@pytest.mark.parametrize(("name", "kind", "status"), [
    ("Općina Srbac", "municipality", "local government"),
    ("Odjeljenje za privredu Grada Bihaća", "odjeljenje", "department of the municipal administration"),
    ("Служба за локални економски развој", "služba", "department of the municipal administration"),
    ("Razvojna agencija Grada Banja Luka", "agencija", "local development agency (own legal entity)"),
    ("Regionalna razvojna agencija za Hercegovinu", "agencija", "regional development agency (own legal entity)"),
    ("Razvojna agencija Srbije", "government", ""),
    ("Agencija za strana ulaganja Republike Srbije", "agencija", ""),
    ("Nacionalna služba za zapošljavanje", "služba", ""),
    ("Udruženje žena Maglaj", "udruženje", ""),
])
def test_status_in_the_municipal_administration_from_the_name(name: str, kind: str, status: str) -> None:
    assert administrative_status(name, kind) == status
