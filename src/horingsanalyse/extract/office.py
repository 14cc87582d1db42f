"""Plain text, HTML and Word files -> pages, with the text decoded the way the sender wrote it.

These formats carry their text as text, so no layout is rebuilt: what matters is the
encoding (Norwegian plain text still comes in Windows-1252, Latin-1 or the DOS code page
865, often without saying so), the visible text of a portal page without its scripts, and
a Word file's tables and header in reading order.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import ExtractionError
from ..types import Page
from .sniff import byte_order_mark, utf16_without_bom
from .text import clean_glyphs

LEGACY_ENCODINGS = ("cp1252", "latin-1", "cp865", "mac_roman")
NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")
UNLIKELY_IN_NORWEGIAN = re.compile(r"[\x80-\x9f¤¦¨¯°±²³µ¶·¸¹º¼½¾¿ŒœƒΣσ√∞≈≤≥⌐¬░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀]")


def txt_pages(path: Path, data: bytes) -> tuple[Page, ...]:
    """Plain text: one page, or one per form feed, as word processors export page breaks."""
    text = _decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    return tuple(Page(number, _tidy_lines(part)) for number, part in enumerate(text.split("\f"), start=1))


def _decode_text(path: Path, data: bytes) -> str:
    """Decode text that may be UTF-8/16 (with or without BOM) or a legacy 8-bit code page.

    Among the 8-bit code pages the one that yields the most æ/ø/å and the fewest symbols
    that never occur in Norwegian prose wins; Windows-1252 wins ties.
    """
    if mark := byte_order_mark(data):
        bom, encoding = mark
        try:
            return data[len(bom):].decode(encoding)
        except UnicodeDecodeError as exc:
            raise ExtractionError(path, f"the text starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} (byte {exc.start})") from exc
    if encoding := utf16_without_bom(data):
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
    """How Norwegian a decoding looks: æ/ø/å count for it, symbols that prose never uses against it."""
    return sum(ch in NORWEGIAN_LETTERS for ch in text) - 3 * len(UNLIKELY_IN_NORWEGIAN.findall(text))


def _tidy_lines(text: str) -> str:
    """Clean glyphs per line and keep at most one blank line between paragraphs."""
    lines = [clean_glyphs(line)[0].strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


HTML_BLOCKS = (
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "li",
    "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "form", "fieldset",
)
HTML_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")


def html_pages(data: bytes) -> tuple[Page, ...]:
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


def docx_pages(path: Path) -> tuple[Page, ...]:
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
    """One line per table row, cells separated by " | ", as the HTML reader writes table rows."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:  # merged cells repeat; keep each text once per row
            if cell.text.strip() and cell.text not in cells:
                cells.append(cell.text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
