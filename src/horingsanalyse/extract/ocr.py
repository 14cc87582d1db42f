"""Tesseract OCR of a rendered PDF page -> :class:`TextLine` objects, as a text layer would give.

Scanned responses have no text layer, and some carry one made by English OCR that mangles
æ, ø and å. Tesseract runs as a subprocess with a timeout (a bad page cannot hang a batch),
and its TSV output keeps word geometry and paragraph numbers, so the page is reflowed like
any other. When Tesseract or its language data is missing, the user is told what to install.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from ..errors import ExtractionError
from .layout import TextLine
from .settings import ExtractSettings
from .text import clean_glyphs


@lru_cache(maxsize=8)
def _tesseract_languages(command: str) -> frozenset[str] | None:
    """Languages Tesseract has data for, or None when Tesseract is not installed."""
    try:
        listing = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return frozenset(line.strip() for line in listing.stdout.splitlines()[1:] if line.strip())


def tesseract_problem(settings: ExtractSettings) -> str | None:
    """Why OCR cannot run, in words for the user; None when it can."""
    languages = _tesseract_languages(settings.tesseract_cmd)
    if languages is None:
        return "OCR (tesseract) is not installed"
    missing = [lang for lang in settings.ocr_language.split("+") if lang not in languages]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return f"Tesseract has no '{'+'.join(missing)}' language data (install {packages})"
    return None


def require_tesseract(path: Path, number: int, settings: ExtractSettings) -> None:
    """Refuse the file when page ``number`` can only be read by OCR and OCR cannot run."""
    problem = tesseract_problem(settings)
    if problem:
        raise ExtractionError(path, f"page {number} has no text layer and {problem}")


def ocr_lines(path: Path, page, number: int, settings: ExtractSettings) -> list[TextLine]:
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
        text, _ = clean_glyphs(" ".join(item[0] for item in items))
        top, bottom = min(item[2] for item in items), max(item[4] for item in items)
        x0, x1 = min(item[1] for item in items), max(item[3] for item in items)
        lines.append(TextLine(text, top, bottom, x0, x1, bottom - top, paragraph=(block, paragraph)))
    return lines
