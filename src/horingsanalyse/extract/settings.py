"""``ExtractSettings``: every knob of reading a response file, validated in one place.

The reading modules take their limits and thresholds from the settings passed down to them,
so a batch can be tuned (or a test can provoke a limit) without patching module constants,
and a bad value fails when the settings are made, before a batch starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractSettings:
    """How files are read; validated on creation so a bad setting fails before a batch starts.

    Attributes:
        ocr: OCR pages without usable text (and re-OCR garbled text layers) if Tesseract is present.
        ocr_language: Tesseract language(s), e.g. ``"nor"`` or ``"nor+eng"``.
        ocr_resolution: dots per inch at which a page is rendered for OCR.
        ocr_threads: ``OMP_THREAD_LIMIT`` for Tesseract; 1 is fastest when pages run in parallel,
            ``None`` leaves Tesseract's own default.
        ocr_timeout_s: seconds one page may take in Tesseract.
        tesseract_cmd: the Tesseract executable.
        max_pages: PDFs with more pages are refused.
        max_file_bytes: larger files are refused.
        min_text_chars: a page with fewer letters and digits than this has no usable text layer.
        garbled_below: a text layer over a page-sized image whose share of plausible words is
            below this (or that shows æ/ø/å confusions) is re-OCRed; the better text is kept.
        garbled_confusions: this many words with æ/ø/å confusions ("Hgringssvar") make such a
            text layer garbled whatever its share of plausible words.
        scan_image_share: an image covering at least this share of the page makes the page a
            scan, whose text layer may be re-OCRed; logos and signatures are smaller.
        x_tolerance_ratio: pdfplumber's word gap, as a share of the font size; small because
            LaTeX and some Word PDFs have no space glyphs, only narrow gaps.
        y_tolerance: pdfplumber's line tolerance in points.
        column_gap_em: a gap of this many font sizes inside a text line separates two columns
            (a two-column letterhead); word gaps are about a quarter of one.
        min_column_glyphs: a column has at least this many glyphs; a lone glyph set apart is a
            bullet, a page number or a letter of a spaced heading.
        edge_lines: how many lines at the top and at the bottom of a page may be running heads.
        margin_share: running heads lie in this share of the page height at the top and bottom.
        pdfium_pages: read plain text pages' glyphs with PDFium (about five times cheaper than
            pdfminer's) and hand them to pdfplumber's line reading; pages that are rotated,
            unmapped, nearly empty or scanned are read by pdfplumber whatever this says.
    """

    ocr: bool = True
    ocr_language: str = "nor"
    ocr_resolution: int = 300
    ocr_threads: int | None = 1
    ocr_timeout_s: float = 180.0
    tesseract_cmd: str = "tesseract"
    max_pages: int = 2000
    max_file_bytes: int = 200 * 1024**2
    min_text_chars: int = 20
    garbled_below: float = 0.6
    garbled_confusions: int = 2
    scan_image_share: float = 0.5
    x_tolerance_ratio: float = 0.15
    y_tolerance: float = 3.0
    column_gap_em: float = 2.0
    min_column_glyphs: int = 2
    edge_lines: int = 3
    margin_share: float = 0.12
    pdfium_pages: bool = True

    def __post_init__(self) -> None:
        positive = {
            "ocr_resolution": self.ocr_resolution,
            "ocr_timeout_s": self.ocr_timeout_s,
            "max_pages": self.max_pages,
            "max_file_bytes": self.max_file_bytes,
            "x_tolerance_ratio": self.x_tolerance_ratio,
            "y_tolerance": self.y_tolerance,
            "column_gap_em": self.column_gap_em,
            "garbled_confusions": self.garbled_confusions,
            "min_column_glyphs": self.min_column_glyphs,
            "edge_lines": self.edge_lines,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ValueError(f"ExtractSettings.{name} must be > 0, got {value!r}")
        if self.ocr_threads is not None and self.ocr_threads < 1:
            raise ValueError(f"ExtractSettings.ocr_threads must be None or >= 1, got {self.ocr_threads!r}")
        if self.min_text_chars < 0:
            raise ValueError(f"ExtractSettings.min_text_chars must be >= 0, got {self.min_text_chars!r}")
        shares = {"garbled_below": self.garbled_below, "margin_share": self.margin_share, "scan_image_share": self.scan_image_share}
        for name, value in shares.items():
            if not 0 <= value <= 1:
                raise ValueError(f"ExtractSettings.{name} must be in [0, 1], got {value!r}")
        if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", self.ocr_language):
            raise ValueError(f"ExtractSettings.ocr_language must look like 'nor' or 'nor+eng', got {self.ocr_language!r}")


DEFAULT_EXTRACT_SETTINGS = ExtractSettings()
