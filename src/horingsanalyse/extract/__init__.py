"""Response files (PDF, plain text, HTML, Word) -> ``Letter`` with clean pages and metadata.

Høringssvar (consultation responses) arrive as born-digital PDFs, scans, portal HTML, Word
files and plain text. Later stages need the body text of each page without running
headers, footers and page numbers, with words and paragraphs put back together, and the
letterhead facts (sender, references, date, signatory). pdfplumber never leaves this package.

The file is treated as untrusted data: nothing in it is executed, and every failure is an
``ExtractionError`` naming the file and a reason the user can act on.

Modules, from the bottom up: ``settings`` (the knobs), ``sniff`` (what the file really is),
``lexicon`` (word plausibility), ``text`` (glyph and word clean-up), ``layout`` (running heads
and paragraphs), ``ocr`` (Tesseract), ``pdf``, ``office`` (txt, HTML, Word) and ``letterhead``.
"""

from __future__ import annotations

from pathlib import Path

from ..types import Letter
from .letterhead import letter_metadata
from .office import docx_pages, html_pages, txt_pages
from .pdf import pdf_pages
from .settings import DEFAULT_EXTRACT_SETTINGS, ExtractSettings
from .sniff import check_size, decide_format, file_sha256, head_and_tail, suffix_format

__all__ = ["DEFAULT_EXTRACT_SETTINGS", "ExtractSettings", "extract_letter", "file_sha256", "letter_metadata"]


def extract_letter(
    path: Path, *, relative_to: Path | None = None, settings: ExtractSettings = DEFAULT_EXTRACT_SETTINGS,
    sha256: str | None = None,
) -> Letter:
    """Read one response file into a ``Letter``.

    Args:
        path: the file; its format is decided by its content, checked against its suffix.
        relative_to: the folder ``Letter.file`` is relative to (the hearing's ``svar/``);
            without it ``Letter.file`` is the file name.
        settings: reading and OCR settings.
        sha256: the file's digest when the caller has computed it already (see
            :func:`file_sha256`), so that the file is not hashed twice.

    Returns:
        The letter: pages in order with headers and footers split off, metadata, warnings.

    Raises:
        ExtractionError: the file is empty, too large, damaged, encrypted, of the wrong or an
            unsupported type, or has image-only pages that cannot be OCRed.
    """
    path = Path(path)
    claimed_format = suffix_format(path)
    if sha256 is None:
        sha256 = file_sha256(path, settings)
    else:
        check_size(path, settings)
    head, tail = head_and_tail(path)
    source_format = decide_format(path, claimed_format, head)
    warnings: list[str] = []
    if source_format == "pdf":
        pages = pdf_pages(path, tail, settings, warnings)
    elif source_format == "docx":
        pages = docx_pages(path)
    else:
        data = path.read_bytes()
        pages = html_pages(data) if source_format == "html" else txt_pages(path, data)
    return Letter(
        file=_relative_name(path, relative_to),
        sha256=sha256,
        source_format=source_format,
        pages=pages,
        metadata=letter_metadata(pages),
        warnings=tuple(warnings),
    )


def _relative_name(path: Path, relative_to: Path | None) -> str:
    """``Letter.file``: the path below the hearing's folder, in ``/`` form on every system."""
    if relative_to is None:
        return path.name
    try:
        return path.relative_to(relative_to).as_posix()
    except ValueError:
        return path.resolve().relative_to(Path(relative_to).resolve()).as_posix()
