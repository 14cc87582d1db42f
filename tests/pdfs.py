"""Real test PDFs made with reportlab: letters with running heads, scans, protected files.

Shared by the tests of every stage, so the API stays small: give the page texts, get a file.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT = "DejaVuSans"
MARGIN = 72


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))


def make_letter_pdf(
    path: Path,
    pages: list[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    font_size: float = 11,
    user_password: str | None = None,
    owner_password: str | None = None,
    letterhead: list[tuple[str, str]] | None = None,
) -> Path:
    """Write a born-digital letter: one string per page.

    ``letterhead`` rows are drawn above page 1 in two columns, (left, right), as letterheads
    with the sender on the left and the references on the right are.

    In a page string a blank line separates paragraphs (wrapped to the text width), a single
    newline forces a line break inside a paragraph, and a line starting with "# " is drawn as
    a letter-spaced heading. ``header``/``footer`` may use ``{page}`` and ``{pages}``.
    """
    _register_font()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = pdfencrypt.StandardEncryption(user_password or "", owner_password or user_password or "", canPrint=1)
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, page in enumerate(pages, start=1):
        for text, y in ((header, height - 40), (footer, 30)):
            if text:
                pdf.setFont(FONT, 9)
                pdf.drawString(MARGIN, y, text.format(page=number, pages=len(pages)))
        y = height - MARGIN - 20
        for left, right in letterhead or () if number == 1 else ():
            pdf.setFont(FONT, font_size)
            pdf.drawString(MARGIN, y, left)
            pdf.drawString(width / 2 + 40, y, right)
            y -= font_size * 1.25
        y -= font_size * 2.5 if letterhead and number == 1 else 0
        for paragraph in page.split("\n\n"):
            for forced in paragraph.split("\n"):
                if forced.startswith("# "):
                    line = pdf.beginText(MARGIN, y)
                    line.setFont(FONT, font_size + 3)
                    line.setCharSpace(6)
                    line.textOut(forced[2:])
                    pdf.drawText(line)
                    y -= (font_size + 3) * 1.4
                    continue
                for line in simpleSplit(forced, FONT, font_size, width - 2 * MARGIN) or [""]:
                    pdf.setFont(FONT, font_size)
                    pdf.drawString(MARGIN, y, line)
                    y -= font_size * 1.25
            y -= font_size * 1.25
        pdf.showPage()
    pdf.save()
    return Path(path)


def make_scanned_pdf(path: Path, lines: list[str], *, hidden_text: str | None = None, dpi: int = 200) -> Path:
    """Write a one-page "scan": the text drawn into a page-sized image, no text layer.

    ``hidden_text`` adds an invisible text layer on top, as OCR software does (use garbled
    text to imitate English OCR of a Norwegian letter).
    """
    width, height = A4
    image = Image.new("L", (int(width / 72 * dpi), int(height / 72 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT_FILE, int(14 / 72 * dpi))
    y = int(MARGIN / 72 * dpi)
    for line in lines:
        draw.text((int(MARGIN / 72 * dpi), y), line, fill=0, font=font)
        y += int(22 / 72 * dpi)
    _register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(image), 0, 0, width=width, height=height)
    if hidden_text:
        text = pdf.beginText(MARGIN, height - MARGIN - 14)
        text.setTextRenderMode(3)
        text.setFont(FONT, 14)
        for line in hidden_text.split("\n"):
            text.textLine(line)
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return Path(path)


def make_unmapped_glyph_pdf(path: Path) -> Path:
    """Write a PDF whose font maps one code to a Symbol-font bullet (U+F0B7) and three to no Unicode.

    Word PDFs often look like this; pdfminer shows the unmapped codes as ``(cid:N)``.
    """
    content = b"BT /F1 12 Tf 72 700 Td (\\001 Punkt en) Tj 0 -20 Td (Tekst \\002\\002\\002 slutt) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 2 /Widths [500 500] "
        b"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /uniF0B7 /g1234] >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)
