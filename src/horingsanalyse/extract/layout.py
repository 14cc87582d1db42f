"""Positioned lines of a page -> its body text, with running heads split off and paragraphs rebuilt.

A PDF (from its text layer or from OCR) yields visual lines with their geometry, not text.
Page numbers and repeated headers/footers must leave the body, wrapped lines must join into
paragraphs and end-of-line hyphenation must be undone, while addresses, lists and signatures
keep their line breaks. Everything here works on :class:`TextLine`, so it is the same for
born-digital and scanned pages and needs no PDF library.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from .lexicon import zipf
from .settings import ExtractSettings
from .text import COLUMN_GAP


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


# --- running headers and footers ------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"(?i)^(?:(?:side|page|s\.|sida)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?\s*(?:(?:av|of|/|\|)\s*\d{1,4})?$"
)


def split_running_heads(
    pages: list[list[TextLine]], heights: list[float], settings: ExtractSettings
) -> list[tuple[list[TextLine], list[TextLine], list[TextLine]]]:
    """Split each page into (header, body, footer) lines.

    A line at the top or bottom edge (``settings.edge_lines``) is a running head when it is a
    page number ("Side 2 av 3", "- 2 -") or when it lies in the page margin
    (``settings.margin_share``) and, with digits ignored, nearly matches a margin line on
    nearby pages. Only nearby pages are compared so that long PDFs stay fast, and a single
    page loses nothing but its page number.
    """
    edge, margin = settings.edge_lines, settings.margin_share
    tops = [
        [_edge_key(line.text) if line.bottom <= margin * height else None for line in lines[:edge]]
        for lines, height in zip(pages, heights)
    ]
    bottoms = [
        [_edge_key(line.text) if line.top >= (1 - margin) * height else None for line in lines[-edge:]]
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
    """A margin line with digits masked, so that "Side 2 av 5" and "Side 3 av 5" compare equal."""
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
    """Nearly equal margin lines: running heads vary a little (dates, OCR noise); cheap bounds first."""
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


# --- paragraphs and hyphenation -------------------------------------------------------------

LIST_MARKER = re.compile(r"^(?:[•–\-*]\s|\d{1,2}[.)]\s|[a-zæøå][.)]\s|\(\w{1,3}\)\s)")
ELIDED_COMPOUND_NEXT = frozenset("og eller til som samt men enn and or nor to".split())
WRAPPED_HYPHEN = re.compile(r"([^\W\d_]+)-$")


def reflow(lines: list[TextLine]) -> str:
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
    # only the paragraph's last word can end in the hyphen: searching the whole paragraph for
    # every line it gains made reflowing quadratic in the paragraph's length
    match = WRAPPED_HYPHEN.search(text, max(text.rfind(" "), text.rfind("\n")) + 1) if text.endswith("-") else None
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
        or not (zipf(prefix + next_word) > 0 or (len(next_word) >= 3 and zipf(next_word) > 0))
    )
    return text + next_line if keep_hyphen else text[:-1] + next_line
