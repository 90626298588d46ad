"""Reading text files in every encoding the region produces, and refusing what is not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from devatlas.ingest import ReadError, iter_text_files, read_text
from devatlas.ingest.readers import MAX_BYTES, decode_bytes

LATIN = "Općina Čelinac i Grad Laktaši potpisali su ugovor vrijedan 1,3 miliona KM. Đurđevac, Šid, Žepče."
CYRILLIC = "Општина Лакташи и Град Бања Лука потписали су уговор вриједан 1,3 милиона КМ. Ђурђевац, Шид."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (LATIN, "utf-8"),
        (LATIN, "utf-8-sig"),
        (LATIN, "utf-16"),
        (LATIN, "utf-16-le"),
        (LATIN, "cp1250"),
        (LATIN, "iso8859_2"),
        (CYRILLIC, "utf-8"),
        (CYRILLIC, "utf-16"),
        (CYRILLIC, "cp1251"),
    ],
)
def test_every_regional_encoding_reads_back(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


@pytest.mark.parametrize("wrong_codepage", ["iso8859_2", "cp1251"])
def test_mojibake_is_repaired(wrong_codepage: str) -> None:
    broken = LATIN.encode("utf-8").decode(wrong_codepage)
    assert broken != LATIN
    assert decode_bytes(broken.encode("utf-8")) == LATIN


def test_windows_line_endings_are_normalised() -> None:
    assert decode_bytes(b"a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (bytes(range(256)) * 8, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "binary file"),
    ],
)
def test_bad_files_get_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_text(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason


def test_files_over_the_limit_are_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match="too large") as info:
        read_text(path)
    # one byte over the limit must not read as exactly at it
    assert "20.00 MB (20,971,521 bytes), the limit is 20 MB" in info.value.reason


def test_directories_are_walked_recursively_and_missing_paths_reported(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("jedan", encoding="utf-8")
    (tmp_path / "two.txt").write_text("dva", encoding="utf-8")
    (tmp_path / "two.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    found = list(iter_text_files([tmp_path, tmp_path / "missing.txt"]))
    names = [p.name for p in found if isinstance(p, Path)]
    assert names == ["two.txt", "one.txt"]
    errors = [e for e in found if isinstance(e, ReadError)]
    assert len(errors) == 1 and "no such file" in errors[0].reason
