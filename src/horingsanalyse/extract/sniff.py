"""What a response file is, decided from its bytes before anything parses it.

Responses come from the public, so a file's name is a claim, not a fact: a ".pdf" may be a
PNG or an old Word file. The first bytes (magic numbers, byte-order marks) say what the file
really is; a file that contradicts its suffix, is empty or is too large is refused with a
reason the user can act on, before a parser sees it. The content hash is taken here too,
because it reads the file under the same size check.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import ExtractionError
from .settings import DEFAULT_EXTRACT_SETTINGS, ExtractSettings

SUFFIX_FORMATS = {".pdf": "pdf", ".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx"}
UNSUPPORTED_HINTS = {
    ".doc": "old Word format; save it as .docx or PDF",
    ".odt": "OpenDocument text; save it as .docx or PDF",
    ".rtf": "RTF; save it as .docx or PDF",
}
MAGIC_BYTES = (
    (b"PK\x03\x04", "zip", "a ZIP archive (for example a .docx file)"),
    (b"\x89PNG", "image", "a PNG image"),
    (b"\xff\xd8\xff", "image", "a JPEG image"),
    (b"GIF8", "image", "a GIF image"),
    (b"II*\x00", "image", "a TIFF image"),
    (b"MM\x00*", "image", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "ole", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "rtf", "an RTF document"),
)
# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
SNIFF_BYTES = 4096
FORMAT_WORDS = {"pdf": "a PDF", "zip": "a ZIP archive", "html": "an HTML page", "text": "plain text"}


def suffix_format(path: Path) -> str:
    """The format the file's suffix claims; an unsupported suffix is refused with what to do instead."""
    claimed = SUFFIX_FORMATS.get(path.suffix.lower())
    if claimed is None:
        hint = UNSUPPORTED_HINTS.get(path.suffix.lower(), "supported are " + ", ".join(SUFFIX_FORMATS))
        raise ExtractionError(path, f"unsupported file type {path.suffix or '(no suffix)'!r} ({hint})")
    return claimed


def file_sha256(path: Path, settings: ExtractSettings = DEFAULT_EXTRACT_SETTINGS) -> str:
    """The SHA-256 of a response file, read in chunks; empty, unreadable and too large files
    are refused first, so that a huge file is never read only to be refused."""
    check_size(path, settings)
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_size(path: Path, settings: ExtractSettings) -> None:
    """Refuse a file that cannot be read, is empty or is larger than ``settings.max_file_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise ExtractionError(path, "the file is empty (0 bytes)")
    if size > settings.max_file_bytes:
        raise ExtractionError(
            path, f"the file is too large ({size / 1024**2:.1f} MB; the limit is {settings.max_file_bytes / 1024**2:.0f} MB)"
        )


def head_and_tail(path: Path) -> tuple[bytes, bytes]:
    """The first and last 4 KB of the file, for sniffing its format and a PDF's end marker."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
        stream.seek(max(0, path.stat().st_size - SNIFF_BYTES))
        return head, stream.read(SNIFF_BYTES)


def decide_format(path: Path, suffix_format: str, head: bytes) -> str:
    """Trust the content, not the name: refuse a file whose bytes contradict its suffix."""
    kind, words = _sniff(head)
    if suffix_format == "pdf":
        if kind != "pdf":
            raise ExtractionError(path, f"not a PDF: the file is {words}")
        return "pdf"
    if suffix_format == "docx":
        if kind != "zip":
            raise ExtractionError(path, f"not a .docx (Word) file: the file is {words}")
        return "docx"
    if kind not in ("text", "html"):
        raise ExtractionError(path, f"not a text or HTML file: the file is {words}")
    return "html" if kind == "html" else "txt"


def byte_order_mark(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark ``data`` starts with and the encoding it announces, if any."""
    return next(((bom, encoding) for bom, encoding in BYTE_ORDER_MARKS if data.startswith(bom)), None)


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` reads as UTF-16 text without a byte-order
    mark, else None: the NULs of Latin text fall in the odd bytes for little-endian."""
    if not _looks_like_utf16(data):
        return None
    return "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"


def _sniff(head: bytes) -> tuple[str, str]:
    """Say what the first bytes show the file to be: (kind, words for an error message)."""
    if b"%PDF-" in head[:1024]:
        return "pdf", FORMAT_WORDS["pdf"]
    for magic, kind, words in MAGIC_BYTES:
        if head.startswith(magic):
            return kind, words
    mark = byte_order_mark(head)
    encoding = mark[1] if mark else utf16_without_bom(head)
    if encoding is None and b"\x00" in head:
        return "binary", "binary data (starts with bytes " + head[:8].hex(" ") + ")"
    probe = head.decode(encoding or "latin-1", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if re.match(r"<(!doctype html|html|head|body|meta|div|p[ >]|table|h[1-6])", probe):
        return "html", FORMAT_WORDS["html"]
    return "text", FORMAT_WORDS["text"]


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark has a NUL in every other byte (for Latin text)."""
    sample = data[:4096]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * len(sample) / 2
