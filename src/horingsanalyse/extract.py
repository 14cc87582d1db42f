"""Response files (PDF, plain text, HTML, Word) -> ``Letter`` with clean pages and metadata.

Høringssvar (consultation responses) arrive as born-digital PDFs, scans, portal HTML, Word
files and plain text. Later stages need the body text of each page without running
headers, footers and page numbers, with words and paragraphs put back together, and the
letterhead facts (sender, references, date, signatory). pdfplumber never leaves this module.

The file is treated as untrusted data: nothing in it is executed, and every failure is an
``ExtractionError`` naming the file and a reason the user can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import statistics
import subprocess
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Sequence

from .errors import ExtractionError
from .types import Letter, LetterMetadata, Page

__all__ = ["DEFAULT_EXTRACT_SETTINGS", "ExtractSettings", "extract_letter", "file_sha256", "letter_metadata"]

SUFFIX_FORMATS = {".pdf": "pdf", ".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx"}
UNSUPPORTED_HINTS = {
    ".doc": "old Word format; save it as .docx or PDF",
    ".odt": "OpenDocument text; save it as .docx or PDF",
    ".rtf": "RTF; save it as .docx or PDF",
}


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
        x_tolerance_ratio: pdfplumber's word gap, as a share of the font size; small because
            LaTeX and some Word PDFs have no space glyphs, only narrow gaps.
        y_tolerance: pdfplumber's line tolerance in points.
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
    x_tolerance_ratio: float = 0.15
    y_tolerance: float = 3.0

    def __post_init__(self) -> None:
        positive = {
            "ocr_resolution": self.ocr_resolution,
            "ocr_timeout_s": self.ocr_timeout_s,
            "max_pages": self.max_pages,
            "max_file_bytes": self.max_file_bytes,
            "x_tolerance_ratio": self.x_tolerance_ratio,
            "y_tolerance": self.y_tolerance,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ValueError(f"ExtractSettings.{name} must be > 0, got {value!r}")
        if self.ocr_threads is not None and self.ocr_threads < 1:
            raise ValueError(f"ExtractSettings.ocr_threads must be None or >= 1, got {self.ocr_threads!r}")
        if self.min_text_chars < 0:
            raise ValueError(f"ExtractSettings.min_text_chars must be >= 0, got {self.min_text_chars!r}")
        if not 0 <= self.garbled_below <= 1:
            raise ValueError(f"ExtractSettings.garbled_below must be in [0, 1], got {self.garbled_below!r}")
        if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", self.ocr_language):
            raise ValueError(f"ExtractSettings.ocr_language must look like 'nor' or 'nor+eng', got {self.ocr_language!r}")


DEFAULT_EXTRACT_SETTINGS = ExtractSettings()


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
    suffix_format = SUFFIX_FORMATS.get(path.suffix.lower())
    if suffix_format is None:
        hint = UNSUPPORTED_HINTS.get(path.suffix.lower(), "supported are " + ", ".join(SUFFIX_FORMATS))
        raise ExtractionError(path, f"unsupported file type {path.suffix or '(no suffix)'!r} ({hint})")
    if sha256 is None:
        sha256 = file_sha256(path, settings)
    else:
        _check_size(path, settings)
    head, tail = _head_and_tail(path)
    source_format = _decide_format(path, suffix_format, head)
    warnings: list[str] = []
    if source_format == "pdf":
        pages = _pdf_pages(path, tail, settings, warnings)
    elif source_format == "docx":
        pages = _docx_pages(path)
    else:
        data = path.read_bytes()
        pages = _html_pages(data) if source_format == "html" else _txt_pages(path, data)
    return Letter(
        file=_relative_name(path, relative_to),
        sha256=sha256,
        source_format=source_format,
        pages=pages,
        metadata=letter_metadata(pages),
        warnings=tuple(warnings),
    )


# --- reading and sniffing -------------------------------------------------------------------

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
BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
SNIFF_BYTES = 4096
FORMAT_WORDS = {"pdf": "a PDF", "zip": "a ZIP archive", "html": "an HTML page", "text": "plain text"}


def file_sha256(path: Path, settings: ExtractSettings = DEFAULT_EXTRACT_SETTINGS) -> str:
    """The SHA-256 of a response file, read in chunks; empty, unreadable and too large files
    are refused first, so that a huge file is never read only to be refused."""
    _check_size(path, settings)
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_size(path: Path, settings: ExtractSettings) -> None:
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


def _head_and_tail(path: Path) -> tuple[bytes, bytes]:
    """The first and last 4 KB of the file, for sniffing its format and a PDF's end marker."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
        stream.seek(max(0, path.stat().st_size - SNIFF_BYTES))
        return head, stream.read(SNIFF_BYTES)


def _sniff(head: bytes) -> tuple[str, str]:
    """Say what the first bytes show the file to be: (kind, words for an error message)."""
    if b"%PDF-" in head[:1024]:
        return "pdf", FORMAT_WORDS["pdf"]
    for magic, kind, words in MAGIC_BYTES:
        if head.startswith(magic):
            return kind, words
    encoding = next((enc for bom, enc in BYTE_ORDER_MARKS if head.startswith(bom)), None)
    if encoding is None and _looks_like_utf16(head):
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
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


def _decide_format(path: Path, suffix_format: str, head: bytes) -> str:
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


def _relative_name(path: Path, relative_to: Path | None) -> str:
    if relative_to is None:
        return path.name
    try:
        return path.relative_to(relative_to).as_posix()
    except ValueError:
        return path.resolve().relative_to(Path(relative_to).resolve()).as_posix()


# --- glyph clean-up (all formats) -----------------------------------------------------------

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
# Word's Symbol/Wingdings bullets land in the Private Use Area; readers only need "a bullet".
BULLETS = {
    "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "\uf0a8": "•",
    "\uf06e": "•", "\uf071": "•", "\uf0de": "•", "\uf0e0": "•", "\uf0e8": "•", "\uf0f0": "•",
    "\u25aa": "•", "\u25ab": "•", "\u25cf": "•", "\u25e6": "•", "\u25a0": "•", "\u25a1": "•",
    "\u2023": "•", "\u2219": "•", "\u27a2": "•", "\u2794": "•", "\u2043": "–", "\uf02d": "–",
}
SPACES = {"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": " "}
INVISIBLE = {"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u2060": None}
GLYPH_TABLE = str.maketrans({**LIGATURES, **BULLETS, **SPACES, **INVISIBLE})
CID_GLYPH = re.compile(r"\(cid:\d+\)")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_glyphs(line: str) -> tuple[str, int]:
    """Map ligatures, private-use bullets and odd spaces to plain text; count unmapped glyphs.

    A soft hyphen at the end of a line marks a hyphenation point, so it becomes "-" there
    and is dropped elsewhere.
    """
    line = unicodedata.normalize("NFC", line.translate(GLYPH_TABLE))
    line, n_cid = CID_GLYPH.subn("", line)
    line = CONTROL_CHARS.sub("", line).rstrip()
    if line.endswith("\u00ad"):
        line = line[:-1] + "-"
    return re.sub(r" {2,}", " ", line.replace("\u00ad", "")), n_cid


# --- the Norwegian lexicon ------------------------------------------------------------------


@lru_cache(maxsize=None)
def _frequencies(language: str) -> dict[str, float]:
    import wordfreq  # loaded on first use: ~0.2 s and ~40 MB per language

    return wordfreq.get_frequency_dict(language)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) in Norwegian Bokmål or English, 0 if unknown."""
    word = word.lower()
    frequency = max(_frequencies("nb").get(word, 0.0), _frequencies("en").get(word, 0.0))
    return math.log10(frequency * 1e9) if frequency else 0.0


def _is_common(word: str) -> bool:
    """A word frequent enough that two of them side by side are most likely two real words."""
    return word.lower() in ("i", "å", "a") if len(word) == 1 else _zipf(word) >= 4.0


WORD_TOKEN = re.compile(r"[^\W\d_]{2,}")


AEOEAA_CONFUSABLE = frozenset("gzaeoid0@&¢")  # what English OCR reads for æ, ø and å


def _text_quality(text: str) -> tuple[float, int]:
    """Share of plausible words in a text layer, and how many words show æ/ø/å confusions.

    A word is implausible when the lexicon does not know it or when swapping one letter for
    æ, ø or å gives a much more frequent word ("Hgringssvar", "stgtter", "smi"): the marks
    of Norwegian read by English OCR.
    """
    tokens = WORD_TOKEN.findall(text)
    if not tokens:
        return 0.0, 0
    confused = sum(_looks_confused(token) for token in tokens)
    plausible = sum(_zipf(token) > 0 for token in tokens) - confused
    return max(plausible, 0) / len(tokens), confused


def _looks_confused(token: str) -> bool:
    frequency = _zipf(token)
    lower = token.lower()
    for index, char in enumerate(lower):
        if char in AEOEAA_CONFUSABLE:
            for letter in "æøå":
                if _zipf(lower[:index] + letter + lower[index + 1 :]) >= max(2.0, frequency + 1.0):
                    return True
    return False


# --- PDF ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """One visual line of a page, with the geometry that separates paragraphs (PDF points)."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    font: str = ""  # the line's most common font, without the subset prefix
    paragraph: tuple[int, int] | None = None  # Tesseract's (block, paragraph), for OCR lines


def _pdf_pages(path: Path, tail: bytes, settings: ExtractSettings, warnings: list[str]) -> tuple[Page, ...]:
    """Read a PDF page by page, closing each page so memory stays flat on long files."""
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
        for number, page in enumerate(pdf.pages, start=1):
            try:
                page_lines.append(_read_pdf_page(path, page, number, settings, warnings))
                heights.append(float(page.height))
            finally:
                page.close()
    bodies = _split_running_heads([lines for lines, _ in page_lines], heights)
    return tuple(
        Page(number, _repair_words(_reflow(body)), header=_joined(header), footer=_joined(footer), ocr=ocr)
        for number, ((header, body, footer), (_, ocr)) in enumerate(zip(bodies, page_lines), start=1)
    )


def _pdf_open_failure(exc: Exception) -> str:
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
        _require_tesseract(path, number, settings)
        ocr_lines = _ocr_lines(path, page, number, settings)
        if not ocr_lines:
            warnings.append(f"page {number}: OCR found no text on this image-only page")
        return ocr_lines, True
    if not _has_page_image(page):
        return lines, False
    share, confused = _text_quality(text)
    if share >= settings.garbled_below and confused < 2:
        return lines, False
    return _reocr_garbled(path, page, number, lines, share, settings, warnings)


def _text_layer_lines(page, number: int, settings: ExtractSettings, warnings: list[str]) -> list[TextLine]:
    from pdfplumber.utils.text import extract_text

    raw_lines = page.extract_text_lines(
        x_tolerance_ratio=settings.x_tolerance_ratio, y_tolerance=settings.y_tolerance, return_chars=True
    )
    lines, n_cid = [], 0
    for raw in raw_lines:
        if not raw["chars"]:
            continue
        size = statistics.median(char["size"] for char in raw["chars"])
        columns = _column_segments(raw["chars"], size)
        if len(columns) == 1:
            pieces = [_respace_letter_spaced(raw["text"], raw["chars"])]
        else:
            pieces = [extract_text(chars, x_tolerance_ratio=settings.x_tolerance_ratio) for chars in columns]
        cleaned = [_clean_glyphs(piece) for piece in pieces]
        n_cid += sum(n for _, n in cleaned)
        text = COLUMN_GAP.join(piece.strip() for piece, _ in cleaned)
        if text.strip():
            font = Counter(char["fontname"].split("+")[-1] for char in raw["chars"]).most_common(1)[0][0]
            lines.append(TextLine(text.strip(), raw["top"], raw["bottom"], raw["x0"], raw["x1"], size, font))
    if n_cid:
        warnings.append(f"page {number}: {n_cid} glyphs without a Unicode mapping (cid:N), text may be incomplete")
    return lines


def _column_segments(chars: list[dict], size: float) -> list[list[dict]]:
    """The glyphs of one text line, split where a gap of :data:`COLUMN_GAP_EM` font sizes or more
    (word gaps are about a quarter of one) separates two columns: pdfplumber reads a two-column letterhead ("Fiskebåtredernes Forbund"
    left, "Vår referanse: 19/2451" right) as one line. A letter-spaced line stays whole."""
    glyphs = sorted((char for char in chars if not char["text"].isspace()), key=lambda char: char["x0"])
    columns = [glyphs[:1]]
    for previous, glyph in pairwise(glyphs):
        if glyph["x0"] - previous["x1"] >= COLUMN_GAP_EM * size:
            columns.append([])
        columns[-1].append(glyph)
    if len(columns) > 1 and min(len(column) for column in columns) < MIN_COLUMN_GLYPHS:
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


def _has_page_image(page) -> bool:
    """A scan shows as an image covering most of the page; logos and signatures do not."""
    page_area = float(page.width * page.height)
    return any(
        (image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) >= 0.5 * page_area for image in page.images
    )


def _reocr_garbled(
    path: Path, page, number: int, lines: list[TextLine], share: float, settings: ExtractSettings, warnings: list[str]
) -> tuple[list[TextLine], bool]:
    """OCR a scan whose text layer reads as nonsense (often English OCR of Norwegian) and keep the better text."""
    problem = _tesseract_problem(settings)
    if not settings.ocr or problem:
        why = "OCR is turned off" if not settings.ocr else problem
        warnings.append(f"page {number}: the text layer looks garbled ({share:.0%} plausible words) but was not re-OCRed: {why}")
        return lines, False
    ocr_lines = _ocr_lines(path, page, number, settings)
    ocr_share, _ = _text_quality(" ".join(line.text for line in ocr_lines))
    if ocr_share <= share:
        warnings.append(f"page {number}: the text layer looks garbled ({share:.0%} plausible words); OCR did no better ({ocr_share:.0%}), the text layer is kept")
        return lines, False
    warnings.append(
        f"page {number}: the text layer looked garbled ({share:.0%} plausible words) and was re-OCRed "
        f"with Tesseract '{settings.ocr_language}' ({ocr_share:.0%} plausible words)"
    )
    return ocr_lines, True


# --- OCR ------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _tesseract_languages(command: str) -> frozenset[str] | None:
    """Languages Tesseract has data for, or None when Tesseract is not installed."""
    try:
        listing = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return frozenset(line.strip() for line in listing.stdout.splitlines()[1:] if line.strip())


def _tesseract_problem(settings: ExtractSettings) -> str | None:
    """Why OCR cannot run, in words for the user; None when it can."""
    languages = _tesseract_languages(settings.tesseract_cmd)
    if languages is None:
        return "OCR (tesseract) is not installed"
    missing = [lang for lang in settings.ocr_language.split("+") if lang not in languages]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return f"Tesseract has no '{'+'.join(missing)}' language data (install {packages})"
    return None


def _require_tesseract(path: Path, number: int, settings: ExtractSettings) -> None:
    problem = _tesseract_problem(settings)
    if problem:
        raise ExtractionError(path, f"page {number} has no text layer and {problem}")


def _ocr_lines(path: Path, page, number: int, settings: ExtractSettings) -> list[TextLine]:
    """Render the page and read it with Tesseract; geometry comes back in PDF points."""
    image = page.to_image(resolution=settings.ocr_resolution).original.convert("L")
    png = BytesIO()
    image.save(png, format="PNG")
    environment = dict(os.environ)
    if settings.ocr_threads is not None:
        environment["OMP_THREAD_LIMIT"] = str(settings.ocr_threads)
    command = [settings.tesseract_cmd, "stdin", "stdout", "-l", settings.ocr_language, "tsv"]
    try:
        result = subprocess.run(
            command, input=png.getvalue(), capture_output=True, env=environment, timeout=settings.ocr_timeout_s, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(path, f"OCR of page {number} took longer than {settings.ocr_timeout_s:.0f} s") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ExtractionError(path, f"OCR of page {number} failed: {message[-1] if message else 'tesseract exit ' + str(result.returncode)}")
    return _tsv_lines(result.stdout.decode("utf-8", errors="replace"), scale=72 / settings.ocr_resolution)


def _tsv_lines(tsv: str, scale: float) -> list[TextLine]:
    """Group Tesseract's word rows into lines, keeping its paragraph numbers."""
    words: dict[tuple[int, int, int], list[tuple[str, float, float, float, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
        left, top, width, height = (float(cell) * scale for cell in cells[6:10])
        words.setdefault((block, paragraph, line), []).append((cells[11].strip(), left, top, left + width, top + height))
    lines = []
    for (block, paragraph, _), items in words.items():
        text, _ = _clean_glyphs(" ".join(item[0] for item in items))
        top, bottom = min(item[2] for item in items), max(item[4] for item in items)
        x0, x1 = min(item[1] for item in items), max(item[3] for item in items)
        lines.append(TextLine(text, top, bottom, x0, x1, bottom - top, paragraph=(block, paragraph)))
    return lines


# --- running headers and footers ------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"(?i)^(?:(?:side|page|s\.|sida)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?\s*(?:(?:av|of|/|\|)\s*\d{1,4})?$"
)
EDGE_LINES = 3  # how many lines at the top and at the bottom may be running heads
MARGIN_SHARE = 0.12  # running heads lie in the top and bottom 12 % of the page


def _split_running_heads(
    pages: list[list[TextLine]], heights: list[float]
) -> list[tuple[list[TextLine], list[TextLine], list[TextLine]]]:
    """Split each page into (header, body, footer) lines.

    A line at the top or bottom edge is a running head when it is a page number ("Side 2
    av 3", "- 2 -") or when it lies in the page margin and, with digits ignored, nearly
    matches a margin line on nearby pages. Only nearby pages are compared so that long PDFs
    stay fast, and a single page loses nothing but its page number.
    """
    tops = [
        [_edge_key(line.text) if line.bottom <= MARGIN_SHARE * height else None for line in lines[:EDGE_LINES]]
        for lines, height in zip(pages, heights)
    ]
    bottoms = [
        [_edge_key(line.text) if line.top >= (1 - MARGIN_SHARE) * height else None for line in lines[-EDGE_LINES:]]
        for lines, height in zip(pages, heights)
    ]
    needed = 2 if len(pages) >= 4 else 1
    result = []
    for index, lines in enumerate(pages):
        neighbours = [other for other in range(index - 2, index + 3) if other != index and 0 <= other < len(pages)]
        n_head = _count_edge(lines, tops[index], [tops[other] for other in neighbours], needed)
        rest = lines[n_head:]
        n_foot = _count_edge(rest[::-1], bottoms[index][::-1][: len(rest)], [bottoms[other] for other in neighbours], needed)
        result.append((lines[:n_head], rest[: len(rest) - n_foot], rest[len(rest) - n_foot :]))
    return result


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def _count_edge(lines: list[TextLine], keys: list[str | None], neighbour_keys: list[list[str | None]], needed: int) -> int:
    """How many lines from this edge inward are running heads (stops at the first body line)."""
    count = 0
    for line, key in zip(lines, keys):
        repeated = key is not None and sum(
            any(other is not None and _similar(key, other) for other in keys_of_page) for keys_of_page in neighbour_keys
        )
        if not (PAGE_NUMBER.match(line.text) or repeated >= needed):
            break
        count += 1
    return count


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


# --- paragraphs and words -------------------------------------------------------------------

# A wide gap inside a text line separates columns (letterhead left, references right): kept as
# a tab, so that the line is never joined into a paragraph and its fields stay apart.
COLUMN_GAP = "\t"
COLUMN_GAP_EM = 2.0
MIN_COLUMN_GLYPHS = 2
LIST_MARKER = re.compile(r"^(?:[•–\-*]\s|\d{1,2}[.)]\s|[a-zæøå][.)]\s|\(\w{1,3}\)\s)")
ELIDED_COMPOUND_NEXT = frozenset("og eller til som samt men enn and or nor to".split())
WRAPPED_HYPHEN = re.compile(r"([^\W\d_]+)-$")


def _reflow(lines: list[TextLine]) -> str:
    """Rebuild paragraphs: wrapped lines joined by spaces, a blank line between paragraphs.

    A paragraph ends at a vertical gap clearly wider than the page's usual line gap, at a
    change of font or of Tesseract paragraph. A line that stops short of the right margin
    (the next line's first word would have fitted) or a line starting at another left edge
    belongs to an address, a list, a signature or a column, so its line break is kept.
    """
    if not lines:
        return ""
    right_edges = sorted(line.x1 for line in lines)
    left, right = min(line.x0 for line in lines), right_edges[int(0.9 * (len(right_edges) - 1))]
    height = statistics.median(line.bottom - line.top for line in lines)
    gaps = [b.top - a.bottom for a, b in pairwise(lines)]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    text = lines[0].text
    for previous, line in pairwise(lines):
        separator = _separator(previous, line, usual_gap, height, left, right)
        text = _join_wrapped(text, line.text) if separator == " " else text + separator + line.text
    return text


def _separator(previous: TextLine, line: TextLine, usual_gap: float, height: float, left: float, right: float) -> str:
    """What goes between two consecutive lines: " " (same paragraph), "\\n" or "\\n\\n"."""
    if previous.paragraph != line.paragraph:
        return "\n\n"
    if line.top - previous.bottom > usual_gap + 0.5 * height or abs(line.size - previous.size) > 1.0:
        return "\n\n"
    if previous.font != line.font:
        return "\n\n"
    if COLUMN_GAP in previous.text or COLUMN_GAP in line.text:
        return "\n"
    if WRAPPED_HYPHEN.search(previous.text):
        return " "
    if LIST_MARKER.match(line.text):
        return "\n"
    hanging_indent = LIST_MARKER.match(previous.text) and line.x0 > previous.x0
    if abs(line.x0 - previous.x0) > height and not hanging_indent:
        return "\n"
    if previous.x0 - left > 0.25 * (right - left):  # a right-hand block: letterhead, date, signature
        return "\n"
    first_word = line.text.split(" ", 1)[0]
    first_word_width = 1.25 * (len(first_word) + 1) * (line.x1 - line.x0) / max(len(line.text), 1)
    if right - previous.x1 > first_word_width:  # the next word would clearly have fitted: a deliberate break
        ends_sentence = previous.text.endswith((".", "!", "?", ":")) and line.text[:1].isupper()
        return "\n\n" if ends_sentence and previous.x0 - left < height else "\n"
    return " "


def _join_wrapped(text: str, next_line: str) -> str:
    """Join a wrapped line, undoing end-of-line hyphenation but keeping real hyphens.

    "arbeids-" + "giver" -> "arbeidsgiver"; "Arbeids-" + "og sosialdepartementet" keeps
    "Arbeids- og" (a compound with its shared part elided); "Sør-" + "Trøndelag",
    "NAV-" + "kontoret", "e-" + "post" keep the hyphen.
    """
    match = WRAPPED_HYPHEN.search(text)
    if not match:
        return text + " " + next_line
    prefix = match.group(1)
    next_word = re.match(r"[^\W_]*", next_line).group(0)
    if next_word.lower() in ELIDED_COMPOUND_NEXT:
        return text + " " + next_line
    keep_hyphen = (
        not next_word
        or not next_word[0].islower()
        or len(prefix) == 1
        or prefix.isupper()
        or not (_zipf(prefix + next_word) > 0 or (len(next_word) >= 3 and _zipf(next_word) > 0))
    )
    return text + next_line if keep_hyphen else text[:-1] + next_line


LETTER_RUN = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
TRAILING_PUNCTUATION = ".,;:!?)»\"'”"


def _repair_words(text: str) -> str:
    """Join letter-spaced runs and words split by kerning, conservatively, line by line."""
    return "\n".join(_repair_split_words(LETTER_RUN.sub(_join_letter_run, line)) for line in text.split("\n"))


def _join_letter_run(match: re.Match) -> str:
    joined = match.group(0).replace(" ", "")
    return joined if joined.isupper() or (len(joined) >= 4 and _zipf(joined) >= 3.0) else match.group(0)


def _repair_split_words(line: str) -> str:
    """Join "i kke" -> "ikke", "FORSL AG" -> "FORSLAG" when the parts are not both real words."""
    words = line.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words):
        if index + 1 < len(words) and _is_kerning_split(words[index], words[index + 1].rstrip(TRAILING_PUNCTUATION)):
            out.append(words[index] + words[index + 1])
            index += 2
        else:
            out.append(words[index])
            index += 1
    return " ".join(out)


def _is_kerning_split(first: str, second: str) -> bool:
    if not (first.isalpha() and second.isalpha()):
        return False
    same_case = (first.islower() or first.istitle() or first.isupper()) and (
        second.islower() or (first.isupper() and second.isupper())
    )
    if not same_case or (_is_common(first) and _is_common(second)):
        return False
    joined = _zipf(first + second)
    if joined < 3.0:  # two fragments the lexicon hardly knows, one short: a split compound's tail
        return _zipf(first) < 2.0 and _zipf(second) < 2.0 and len(first) >= 3 and len(second) <= 4
    return joined >= 3.0 and joined >= min(_zipf(first), _zipf(second))


# --- plain text, HTML, Word -----------------------------------------------------------------

LEGACY_ENCODINGS = ("cp1252", "latin-1", "cp865", "mac_roman")
NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")
UNLIKELY_IN_NORWEGIAN = re.compile(r"[\x80-\x9f¤¦¨¯°±²³µ¶·¸¹º¼½¾¿ŒœƒΣσ√∞≈≤≥⌐¬░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀]")


def _txt_pages(path: Path, data: bytes) -> tuple[Page, ...]:
    """Plain text: one page, or one per form feed, as word processors export page breaks."""
    text = _decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    return tuple(Page(number, _tidy_lines(part)) for number, part in enumerate(text.split("\f"), start=1))


def _decode_text(path: Path, data: bytes) -> str:
    """Decode text that may be UTF-8/16 (with or without BOM) or a legacy 8-bit code page.

    Among the 8-bit code pages the one that yields the most æ/ø/å and the fewest symbols
    that never occur in Norwegian prose wins; Windows-1252 wins ties.
    """
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExtractionError(path, f"the text starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} (byte {exc.start})") from exc
    if _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ExtractionError(path, f"the text looks like UTF-16 but cannot be decoded (byte {exc.start})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return max(candidates, key=_norwegian_score)  # latin-1 decodes anything, so never empty


def _norwegian_score(text: str) -> int:
    return sum(ch in NORWEGIAN_LETTERS for ch in text) - 3 * len(UNLIKELY_IN_NORWEGIAN.findall(text))


def _tidy_lines(text: str) -> str:
    """Clean glyphs per line and keep at most one blank line between paragraphs."""
    lines = [_clean_glyphs(line)[0].strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


HTML_BLOCKS = (
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "li",
    "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "form", "fieldset",
)
HTML_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")


def _html_pages(data: bytes) -> tuple[Page, ...]:
    """Visible text of an HTML page, with a blank line between block elements."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(HTML_DROPPED):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\u2028")
    for tag in soup.find_all("li"):
        tag.insert(0, "• ")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" | ")
    for tag in soup.find_all(HTML_BLOCKS):
        tag.insert_before("\u2029")
        tag.insert_after("\u2029")
    paragraphs = []
    for block in soup.get_text().split("\u2029"):
        lines = [" ".join(line.split()).removesuffix(" |") for line in block.split("\u2028")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return (Page(1, _tidy_lines("\n\n".join(paragraphs))),)


def _docx_pages(path: Path) -> tuple[Page, ...]:
    """Paragraphs and tables of a Word file in document order; its header and footer kept apart."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise ExtractionError(path, f"the .docx file is damaged and cannot be opened as a Word document ({type(exc).__name__}: {exc})") from exc
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_docx_table_rows(item))
        elif item.text.strip():
            is_list = (item.style is not None and (item.style.name or "").startswith("List"))
            blocks.append(("• " if is_list else "") + item.text)
    section = document.sections[0] if document.sections else None
    header = "\n".join(p.text for p in section.header.paragraphs if p.text.strip()) if section else ""
    footer = "\n".join(p.text for p in section.footer.paragraphs if p.text.strip()) if section else ""
    return (Page(1, _tidy_lines("\n\n".join(blocks)), header=_tidy_lines(header), footer=_tidy_lines(footer)),)


def _docx_table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:  # merged cells repeat; keep each text once per row
            if cell.text.strip() and cell.text not in cells:
                cells.append(cell.text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


# --- letter metadata ------------------------------------------------------------------------

MONTHS = {
    **dict.fromkeys(["januar", "jan", "january"], 1), **dict.fromkeys(["februar", "feb", "february"], 2),
    **dict.fromkeys(["mars", "mar", "march"], 3), **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mai", "may"], 5), **dict.fromkeys(["juni", "jun", "june"], 6),
    **dict.fromkeys(["juli", "jul", "july"], 7), **dict.fromkeys(["august", "aug"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9), **dict.fromkeys(["oktober", "okt", "october", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11), **dict.fromkeys(["desember", "des", "december", "dec"], 12),
}
DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})\b"),
    re.compile(r"(?i)\b(?P<d>\d{1,2})\.?\s+(?P<mon>[a-zæøå]{3,9})\.?\s+(?P<y>\d{4})\b"),
)
REFERENCE_VALUE = r"[ \t]*[:.]?[ \t]*(?P<value>(?:[A-ZÆØÅa-zæøå]{1,10}[ -]?)?\d[\w/.\-]*(?:\s?[-–]\s?\d+)?)"
# "Var ref" too: metadata is read before the repair stage restores a lost å.
OUR_REFERENCE = re.compile(r"(?i)\bv[åa&4]r\s+ref(?:eranse|\.)?" + REFERENCE_VALUE)
YOUR_REFERENCE = re.compile(r"(?i)\b(?:deres|(?!vår)[\wæøå-]+s)\s+ref(?:eranse|\.)?" + REFERENCE_VALUE)
CASE_OFFICER_LABEL = re.compile(r"(?im)\bsaksbehandler\s*[:.]?[ \t]*(?P<value>[^\n]+)")
LABELLED_DATE = re.compile(r"(?im)\bdato\s*[:.]?[ \t]*(?P<value>[^\n]+)")
SENDER_LABEL = re.compile(r"(?im)^\s*(?:høringssvar|høringsuttalelse|høyringssvar|uttalelse)\s+fra\s+(?P<value>[^\n]+)|^\s*fra\s*:\s*(?P<value2>[^\n]+)")
GREETING = re.compile(
    r"(?im)^\s*(?:med\s+vennlig\s+hilsen|vennlig\s+hilsen|med\s+venleg\s+helsing|venleg\s+helsing|"
    r"med\s+hilsen|beste\s+hilsen|hilsen|mvh\.?)\b[\s,.!]*(?P<rest>[^\n]*)$"
)
NOT_A_SENDER = re.compile(
    r"(?i)^(?:høringssvar|høringsuttalelse|høyringssvar|uttalelse|svar på|til\b|att\b|c/o\b|v/|vår\b|deres\b|dato\b|"
    r"saksbehandler|side\b|page\b|https?:|www\.|\S+@\S+$|[\d\s./:-]+$)"
)
# A letterhead line ending in one of these goes on in the next line.
WRAPPING_WORDS = frozenset({"og", "i", "for", "ved", "av", "til", "på", "med", "&"})
# A field label after a name on one line: a column too close to the name for a column gap.
FIELD_LABEL_INSIDE = re.compile(r"(?i)\s+(?:(?:v[åa&4]r|deres)\s+ref(?:eranse|\.)|(?:dato|saksbehandler)\s*:)")
FIELD_END = re.compile(r"\s{2,}|\t|,|\s(?:tlf|telefon|e-post|epost|dato|vår|deres)\b", re.IGNORECASE)


def letter_metadata(pages: Sequence[Page]) -> LetterMetadata:
    """What a Norwegian letter says about itself: sender, references, date, case officer, signatory.

    The letterhead is the page-1 header plus the first lines of page 1; the signatory is the
    name after the last greeting ("Med vennlig hilsen", "Mvh", ...). Works on any format.
    """
    if not pages:
        return LetterMetadata()
    first = "\n".join(part for part in (pages[0].header, pages[0].text) if part)
    letterhead = "\n".join(first.split("\n")[:25])
    closing = "\n".join(page.text for page in pages[-2:]) if len(pages) > 1 else pages[0].text
    return LetterMetadata(
        sender=_sender(first),
        date=_letter_date(letterhead, closing),
        our_reference=_match_value(OUR_REFERENCE, letterhead),
        your_reference=_match_value(YOUR_REFERENCE, letterhead),
        case_officer=_field(CASE_OFFICER_LABEL, letterhead),
        signatory=_signatory(closing),
    )


def _match_value(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group("value").strip(" .-–") if match else None


def _field(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    value = FIELD_END.split(match.group("value"), maxsplit=1)[0].strip(" .:")
    return value or None


def _sender(first_page: str) -> str | None:
    match = SENDER_LABEL.search(first_page)
    if match:
        value = (match.group("value") or match.group("value2")).strip(" .:")
        return re.split(r"\s+[-–]\s+|\s{2,}", value, maxsplit=1)[0] or None
    lines = first_page.split("\n")[:12]
    for index, row in enumerate(lines):
        for line in row.split(COLUMN_GAP):  # a letterhead row may hold a column of references too
            line = FIELD_LABEL_INSIDE.split(line, maxsplit=1)[0].strip(" •–")
            if line and len(line) <= 80 and re.search(r"[^\W\d_]", line) and not NOT_A_SENDER.match(line) and not _find_date(line):
                if COLUMN_GAP in row:
                    following = _next_in_left_column(lines[index + 1 :])
                else:
                    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
                return f"{line} {following}" if _continues_on_next_line(line, following) else line
    return None


def _next_in_left_column(rows: Sequence[str]) -> str:
    """The next line of a two-column letterhead's left column: rows that hold only a field of
    the right column ("Deres referanse: 19/4419") or nothing lie between a wrapped name's lines."""
    for row in rows:
        first = row.split(COLUMN_GAP)[0].strip()
        if first and not NOT_A_SENDER.match(first) and not _find_date(first):
            return first
    return ""


def _continues_on_next_line(line: str, following: str) -> bool:
    """A long name wrapped in the letterhead: "Fiskeri- og havbruksnæringens" / "forskningsfinansiering AS"."""
    if not following or len(following) > 60 or NOT_A_SENDER.match(following) or _find_date(following):
        return False
    last = line.split()[-1]
    return following[0].islower() or last.lower() in WRAPPING_WORDS or last.endswith(("-", ","))


def _letter_date(letterhead: str, closing: str) -> dt.date | None:
    """The "Dato:" field, else a short date line in the letterhead, else one near the signature."""
    labelled = LABELLED_DATE.search(letterhead)
    if labelled and (date := _find_date(labelled.group("value"))):
        return date
    for text in (letterhead, closing):
        for line in text.split("\n"):
            if len(line) <= 60 and (date := _find_date(line)):
                return date
    return None


def _find_date(text: str) -> dt.date | None:
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = MONTHS.get(parts["mon"].lower()) if parts.get("mon") else int(parts["m"])
            year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
            try:
                return dt.date(year, month, int(parts["d"])) if month else None
            except ValueError:
                continue
    return None


def _signatory(closing: str) -> str | None:
    greetings = list(GREETING.finditer(closing))
    if not greetings:
        return None
    last = greetings[-1]
    candidates = [last.group("rest")] + closing[last.end():].split("\n")
    for candidate in candidates:
        name = re.sub(r"(?i)\(?\bsign\.?\)?|\bp\.p\.?", "", candidate).strip(" ,.-–")
        if name and re.search(r"[^\W\d_]", name):
            return name
    return None
