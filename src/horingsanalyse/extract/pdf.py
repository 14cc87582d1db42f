"""PDF -> pages: each page's lines from its text layer, or from OCR when that is missing or garbled.

pdfplumber is imported here and nowhere else: the rest of the package and its callers see
plain :class:`TextLine` objects and :class:`~horingsanalyse.types.Page` values.
Pages are read one at a time and closed, so memory stays flat on long files; a damaged page
costs a warning, not the letter. pdfplumber's line reading is corrected where letters need it:
a two-column letterhead row is kept as two fields, a letter-spaced heading is re-spaced.
"""

from __future__ import annotations

import statistics
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Sequence

from ..errors import ExtractionError
from ..types import Page
from .layout import TextLine, reflow, split_running_heads
from .lexicon import text_quality
from .ocr import ocr_lines, require_tesseract, tesseract_problem
from .pdfium_chars import PdfiumDocument
from .settings import ExtractSettings
from .text import COLUMN_GAP, clean_glyphs, repair_words


def pdf_pages(path: Path, tail: bytes, settings: ExtractSettings, warnings: list[str]) -> tuple[Page, ...]:
    """Read a PDF page by page, closing each page so memory stays flat on long files.

    Args:
        path: the PDF, already sniffed as one.
        tail: the file's last bytes, where a complete PDF has its ``%%EOF`` marker.
        settings: limits, pdfplumber tolerances and OCR settings.
        warnings: what was read only partly is appended here, per page.
    """
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    if b"%%EOF" not in tail:
        raise ExtractionError(path, "the PDF is truncated (no %%EOF end marker); the file was probably cut off while downloading or copying")
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise ExtractionError(path, _pdf_open_failure(exc)) from exc
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise ExtractionError(path, f"the PDF is damaged and cannot be opened ({type(exc).__name__}: {exc})") from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise ExtractionError(path, f"the PDF is damaged: its page tree cannot be read ({exc})") from exc
        if n_pages == 0:
            raise ExtractionError(path, "the PDF has no pages")
        if n_pages > settings.max_pages:
            raise ExtractionError(path, f"the PDF has too many pages ({n_pages}; the limit is {settings.max_pages})")
        page_lines: list[tuple[list[TextLine], bool]] = []
        heights: list[float] = []
        fast = _pdfium_document(path, n_pages, settings)
        try:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    page_lines.append(_read_page(path, page, number, fast, settings, warnings))
                    heights.append(float(page.height))
                finally:
                    page.close()
        finally:
            if fast:
                fast.close()
    bodies = split_running_heads([lines for lines, _ in page_lines], heights, settings)
    return tuple(
        Page(number, repair_words(reflow(body)), header=_joined(header), footer=_joined(footer), ocr=ocr)
        for number, ((header, body, footer), (_, ocr)) in enumerate(zip(bodies, page_lines), start=1)
    )


def _pdf_open_failure(exc: Exception) -> str:
    """Why pdfminer could not open the PDF, in words the user can act on (a password, a cipher, damage)."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(cause).__name__
    if name == "PDFPasswordIncorrect":
        return "the PDF is encrypted with a password; ask the sender for an unprotected copy"
    if "Encryption" in name or "Crypt" in name:
        return f"the PDF uses an encryption this reader cannot open ({cause})"
    return f"the PDF is damaged and cannot be opened ({name}: {cause})"


def _joined(lines: Sequence[TextLine]) -> str:
    return "\n".join(line.text for line in lines)


def _read_pdf_page(
    path: Path, page, number: int, settings: ExtractSettings, warnings: list[str]
) -> tuple[list[TextLine], bool]:
    """Lines of one page from its text layer, or from Tesseract when the layer is missing or garbled."""
    try:
        lines = _text_layer_lines(page, number, settings, warnings)
    except Exception as exc:  # one damaged content stream should not lose the whole letter
        warnings.append(f"page {number}: the text could not be read ({type(exc).__name__}: {exc}); the page is left empty")
        return [], False
    text = " ".join(line.text for line in lines)
    if sum(ch.isalnum() for ch in text) < settings.min_text_chars:
        if not page.images:
            return lines, False
        if not settings.ocr:
            warnings.append(f"page {number}: no text layer and OCR is turned off; the page is empty")
            return lines, False
        require_tesseract(path, number, settings)
        scanned = ocr_lines(path, page, number, settings)
        if not scanned:
            warnings.append(f"page {number}: OCR found no text on this image-only page")
        return scanned, True
    if not _has_page_image(page, settings):
        return lines, False
    share, confused = text_quality(text)
    if share >= settings.garbled_below and confused < settings.garbled_confusions:
        return lines, False
    return _reocr_garbled(path, page, number, lines, share, settings, warnings)


def _pdfium_document(path: Path, n_pages: int, settings: ExtractSettings) -> PdfiumDocument | None:
    """The PDF open in PDFium for its plain pages, or ``None`` (turned off, or PDFium reads it otherwise
    than pdfminer: then every page goes through pdfplumber)."""
    if not settings.pdfium_pages:
        return None
    try:
        document = PdfiumDocument(path)
    except Exception:  # PDFium refuses what pdfminer may still read: pdfplumber's route decides
        return None
    if len(document) != n_pages:
        document.close()
        return None
    return document


def _read_page(
    path: Path, page, number: int, fast: PdfiumDocument | None, settings: ExtractSettings, warnings: list[str]
) -> tuple[list[TextLine], bool]:
    """One page's lines: PDFium's glyphs where the page is plain text, pdfplumber's reading otherwise."""
    chars = fast.page_chars(number - 1, settings) if fast else None
    if chars is None:
        return _read_pdf_page(path, page, number, settings, warnings)
    return _lines_of(_pdfium_raw_lines(chars, page, settings), number, warnings, settings), False


def _pdfium_raw_lines(chars: list[dict], page, settings: ExtractSettings) -> list[dict]:
    """PDFium's glyphs through pdfplumber's own line reading, with the settings the page route uses."""
    from pdfplumber.utils.text import chars_to_textmap

    textmap = chars_to_textmap(
        chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height,
        x_tolerance_ratio=settings.x_tolerance_ratio, y_tolerance=settings.y_tolerance,
    )
    return textmap.extract_text_lines(strip=True, return_chars=True)


def _text_layer_lines(page, number: int, settings: ExtractSettings, warnings: list[str]) -> list[TextLine]:
    """The page's text layer read by pdfplumber as clean lines."""
    raw_lines = page.extract_text_lines(
        x_tolerance_ratio=settings.x_tolerance_ratio, y_tolerance=settings.y_tolerance, return_chars=True
    )
    return _lines_of(raw_lines, number, warnings, settings)


def _lines_of(raw_lines: list[dict], number: int, warnings: list[str], settings: ExtractSettings) -> list[TextLine]:
    """pdfplumber's text lines as clean lines, columns kept apart by :data:`COLUMN_GAP`; glyphs without
    a Unicode mapping are counted into one warning per page."""
    from pdfplumber.utils.text import extract_text

    lines, n_cid = [], 0
    for raw in raw_lines:
        if not raw["chars"]:
            continue
        size = statistics.median(char["size"] for char in raw["chars"])
        columns = _column_segments(raw["chars"], size, settings)
        if len(columns) == 1:
            pieces = [_respace_letter_spaced(raw["text"], raw["chars"])]
        else:
            pieces = [extract_text(chars, x_tolerance_ratio=settings.x_tolerance_ratio) for chars in columns]
        cleaned = [clean_glyphs(piece) for piece in pieces]
        n_cid += sum(n for _, n in cleaned)
        text = COLUMN_GAP.join(piece.strip() for piece, _ in cleaned)
        if text.strip():
            font = Counter(char["fontname"].split("+")[-1] for char in raw["chars"]).most_common(1)[0][0]
            lines.append(TextLine(text.strip(), raw["top"], raw["bottom"], raw["x0"], raw["x1"], size, font))
    if n_cid:
        warnings.append(f"page {number}: {n_cid} glyphs without a Unicode mapping (cid:N), text may be incomplete")
    return lines


def _column_segments(chars: list[dict], size: float, settings: ExtractSettings) -> list[list[dict]]:
    """The glyphs of one text line, split where a gap of ``settings.column_gap_em`` font sizes or
    more (word gaps are about a quarter of one) separates two columns: pdfplumber reads a
    two-column letterhead ("Fiskebåtredernes Forbund" left, "Vår referanse: 19/2451" right) as
    one line. A letter-spaced line stays whole."""
    glyphs = sorted((char for char in chars if not char["text"].isspace()), key=lambda char: char["x0"])
    columns = [glyphs[:1]]
    for previous, glyph in pairwise(glyphs):
        if glyph["x0"] - previous["x1"] >= settings.column_gap_em * size:
            columns.append([])
        columns[-1].append(glyph)
    if len(columns) > 1 and min(len(column) for column in columns) < settings.min_column_glyphs:
        return [chars]  # a lone glyph apart is a bullet, a page number or a spaced heading's letter
    return columns if len(columns) > 1 else [chars]


def _respace_letter_spaced(text: str, chars: list[dict]) -> str:
    """Re-space a letter-spaced line ("H Ø R I N G S S V A R") from its glyph gaps.

    Letter-spaced headings make every glyph gap wider than pdfplumber's word tolerance, so
    each letter comes out as a word. Within such a line the gaps between words are still
    clearly wider than those between letters, which is where the spaces go back.
    """
    tokens = text.split()
    if len(tokens) < 4 or sum(len(token) == 1 for token in tokens) < 0.6 * len(tokens):
        return text
    glyphs = sorted((char for char in chars if not char["text"].isspace()), key=lambda char: char["x0"])
    gaps = [b["x0"] - a["x1"] for a, b in pairwise(glyphs)]
    if not gaps:
        return text
    word_gap = 1.6 * max(statistics.median(gaps), 0.5)
    pieces = [glyphs[0]["text"]]
    for previous, glyph in pairwise(glyphs):
        pieces.append((" " if glyph["x0"] - previous["x1"] > word_gap else "") + glyph["text"])
    return "".join(pieces)


def _has_page_image(page, settings: ExtractSettings) -> bool:
    """A scan shows as an image covering most of the page; logos and signatures do not."""
    page_area = float(page.width * page.height)
    return any(
        (image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) >= settings.scan_image_share * page_area
        for image in page.images
    )


def _reocr_garbled(
    path: Path, page, number: int, lines: list[TextLine], share: float, settings: ExtractSettings, warnings: list[str]
) -> tuple[list[TextLine], bool]:
    """OCR a scan whose text layer reads as nonsense (often English OCR of Norwegian) and keep the better text."""
    problem = tesseract_problem(settings)
    if not settings.ocr or problem:
        why = "OCR is turned off" if not settings.ocr else problem
        warnings.append(f"page {number}: the text layer looks garbled ({share:.0%} plausible words) but was not re-OCRed: {why}")
        return lines, False
    scanned = ocr_lines(path, page, number, settings)
    ocr_share, _ = text_quality(" ".join(line.text for line in scanned))
    if ocr_share <= share:
        warnings.append(f"page {number}: the text layer looks garbled ({share:.0%} plausible words); OCR did no better ({ocr_share:.0%}), the text layer is kept")
        return lines, False
    warnings.append(
        f"page {number}: the text layer looked garbled ({share:.0%} plausible words) and was re-OCRed "
        f"with Tesseract '{settings.ocr_language}' ({ocr_share:.0%} plausible words)"
    )
    return scanned, True
