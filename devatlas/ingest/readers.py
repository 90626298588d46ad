"""Reading text files in the encodings the region's web still produces.

Fallbacks, in order:
1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. strict UTF-8, the common case;
3. UTF-16 without a mark, recognised by its many zero bytes in alternate positions;
4. the region's 8-bit code pages (Windows-1250, Windows-1251, ISO-8859-2): each is tried and the reading with
   the most letters of the region's alphabets and the fewest stray symbols wins (general detectors often take
   ISO-8859-2 for Windows-1250, turning `š` into `ą`); charset-normalizer decides when none of them decodes;
and finally ftfy repairs mojibake (UTF-8 read as Windows-1250 and saved again, `Ä\u008d` for `č`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
REGIONAL_CODEPAGES = ["cp1250", "cp1251", "iso8859_2"]


@dataclass(frozen=True, slots=True)
class ReadError(Exception):
    """A file that could not be read as text, and why, in words a user can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    encoding = "utf-16-le" if odd_zeros > 0.3 * half else "utf-16-be" if even_zeros > 0.3 * half else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


# UTF-8 read through a single-byte code page turns each non-ASCII letter into a lead character followed by one
# from the continuation range (`Ä` + `Ť` for `č` in Windows-1250, `Р` + `°` for `а` in Windows-1251). Only a
# text holding such a pair goes through ftfy's repair, which costs more than the rest of reading.
_MOJIBAKE = re.compile(
    "[ÃÄÅÐÑâĂĹŃĐ][\x80-\xbf\u0100-\u017f\u0192\u02c6-\u02dd\u2010-\u203a\u20ac\u2122]"
    "|[РСГДЕв][\x80-\xbf\u0402-\u040f\u0452-\u045f\u0490\u0491\u2010-\u203a\u20ac\u2116\u2122]"
)


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Bytes to clean NFC text, or ReadError saying why not."""
    if not data.strip():
        raise ReadError(path, "empty file")
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    if text is None and b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        if _looks_binary(data):
            raise ReadError(path, "binary file, not text")
        text = _best_codepage(data)
    if text is None:
        best = from_bytes(data).best()
        if best is None:
            raise ReadError(path, "undecodable bytes: not UTF-8, UTF-16, Windows-1250/1251 or ISO-8859-2")
        text = str(best)
    if "\x00" in text or _control_ratio(text) > 0.05 or _foreign_ratio(text) > 0.3:
        raise ReadError(path, "binary file, not text")
    if _MOJIBAKE.search(text):
        text = ftfy.fix_text(text, normalization="NFC", fix_latin_ligatures=False, uncurl_quotes=False)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReadError(path, "empty file")
    return text


_REGIONAL_LETTERS = frozenset("čćžšđČĆŽŠĐ") | {chr(c) for c in range(0x0400, 0x0460)}


def _plausibility(text: str) -> float:
    """Letters of the region's alphabets count for a reading; symbols rare in prose and C1 controls against it."""
    score = 0.0
    previous_cyrillic: bool | None = None
    for ch in text:
        if ch in _REGIONAL_LETTERS:
            score += 1.0
        elif ch.isalpha():
            if not ch.isascii():
                score -= 2.0  # ą, ĺ, ő... exist in the code pages but not in these languages
        elif unicodedata.category(ch) in ("Cc", "So", "Co") and ch not in "\t\n\r\f":
            score -= 3.0
        if ch.isalpha():
            cyrillic = "\u0400" <= ch <= "\u04ff"
            if previous_cyrillic is not None and cyrillic != previous_cyrillic:
                score -= 3.0  # a script change inside a word
            previous_cyrillic = cyrillic
        else:
            previous_cyrillic = None
    return score


def _best_codepage(data: bytes) -> str | None:
    readings = []
    for codepage in REGIONAL_CODEPAGES:
        try:
            readings.append(data.decode(codepage))
        except UnicodeDecodeError:
            continue
    if not readings:
        return None
    return max(readings, key=_plausibility)


# counted by the regex engine: a loop over the characters cost more than decoding the file
_FOREIGN = re.compile("[\u2c00-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but tab, line feed, form feed, CR


def _foreign_ratio(text: str) -> float:
    """Share of characters outside the scripts these documents are written in: high for bytes that only decode
    by accident (a binary file read as UTF-16)."""
    sample = text[:8192]
    if not sample:
        return 0.0
    return len(_FOREIGN.findall(sample)) / len(sample)


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def read_text(path: str | os.PathLike[str]) -> str:
    """A text file's content, whatever its encoding; ReadError with the reason when it is not usable text."""
    p = Path(path)
    return decode_bytes(read_bytes(p), str(p))


def read_bytes(p: Path) -> bytes:
    """A file's bytes, or ReadError when it cannot be opened, is a directory or is over the size limit (checked
    before anything is read, so a huge file costs nothing)."""
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(str(p), f"cannot open: {exc.strerror or exc}") from None
    if p.is_dir():
        raise ReadError(str(p), "is a directory")
    if size > MAX_BYTES:
        mib = 1024 * 1024
        # two decimals, so that a file just over the limit does not read as exactly at it
        raise ReadError(str(p), f"too large: {size / mib:.2f} MB ({size:,} bytes), the limit is {MAX_BYTES // mib} MB")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ReadError(str(p), f"cannot read: {exc.strerror or exc}") from None


def iter_text_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ReadError]:
    """Files named, and text files under directories named (recursively, sorted); missing paths as errors."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if child.suffix.lower() in TEXT_SUFFIXES and not name.endswith(".gold.json"):
                        yield child
        elif p.exists():
            yield p
        else:
            yield ReadError(str(p), "no such file or directory")
