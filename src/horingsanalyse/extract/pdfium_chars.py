"""A PDF page's glyphs read with PDFium, as the char dicts pdfplumber's line reading takes.

pdfplumber stays the extractor of record: it builds its glyphs through pdfminer, which costs
about five times what PDFium's text page does for the same glyphs, and most pages of a
høringssvar are plain running text. So a page is read here first, with PDFium's glyph
positions converted to pdfminer's geometry (left edge and advance width; a box of one font size
from the baseline's descent), and handed to the same line reading. A page whose glyphs could
come out differently, or that may need OCR, gives ``None`` and is read by pdfplumber: rotated or
unmapped glyphs, too little text, an image covering most of the page. ``benchmarks/extract_routes.py``
compares the two routes page by page.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from .settings import ExtractSettings

_BASE_FONT_BYTES = 256
_PDFIUM_LINE_END_HYPHEN = 0x02  # PDFium's code for a hyphen that ends a line


class PdfiumDocument:
    """A PDF open in PDFium, its pages read one at a time; ``None`` pages go to pdfplumber."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self._pdf = pdfium.PdfDocument(path)

    def __len__(self) -> int:
        return len(self._pdf)

    def close(self) -> None:
        self._pdf.close()

    def page_chars(self, index: int, settings: ExtractSettings) -> list[dict] | None:
        """The glyphs of page ``index`` (0-based) as pdfplumber char dicts, or ``None`` when the page
        should be read by pdfplumber."""
        import pypdfium2 as pdfium

        try:
            page = self._pdf[index]
        except pdfium.PdfiumError:  # a page PDFium cannot load may still be readable by pdfminer
            return None
        try:
            if _has_scan_image(page, settings):
                return None
            textpage = page.get_textpage()
            try:
                chars = _glyphs(textpage.raw, float(page.get_height()))
            finally:
                textpage.close()
        finally:
            page.close()
        if chars is None or sum(char["text"].isalnum() for char in chars) < settings.min_text_chars:
            return None
        return chars


def _glyphs(textpage, height: float) -> list[dict] | None:
    """Every glyph of the text page in pdfminer's coordinates; ``None`` for a glyph pdfminer would read
    otherwise (rotated, or without a Unicode mapping)."""
    import pypdfium2.raw as pdfium_c

    box = pdfium_c.FS_RECTF()
    origin_x, origin_y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    box_ref, x_ref, y_ref = ctypes.byref(box), ctypes.byref(origin_x), ctypes.byref(origin_y)  # made once: a page has thousands of glyphs
    fonts: dict[int, tuple[str, float]] = {}
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue  # PDFium's own spaces and line ends between words: pdfplumber adds its own
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) or pdfium_c.FPDFText_GetCharAngle(textpage, index) != 0:
            return None
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code == _PDFIUM_LINE_END_HYPHEN:
            code = ord("-")
        elif code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            return None
        size = pdfium_c.FPDFText_GetFontSize(textpage, index)
        text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
        font_name, font_descent = _font(pdfium_c, text_object, size, fonts, descent)
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box_ref)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x_ref, y_ref)
        bottom = height - (origin_y.value + font_descent)
        left = origin_x.value
        right = box.right if abs(box.left - left) < 1e-3 else _advance_end(pdfium_c, text_object, code, size, left, box.right)
        chars.append({
            "text": chr(code), "fontname": font_name, "size": size, "upright": True,
            "x0": left, "x1": right, "top": bottom - size, "bottom": bottom,
            "doctop": bottom - size, "width": right - left, "height": size,
        })
    return chars


def _font(pdfium_c, text_object, size: float, fonts: dict, descent: ctypes.c_float) -> tuple[str, float]:
    """The base font name and descent (in points, negative) of a glyph's text object, cached per object."""
    key = ctypes.c_void_p.from_buffer(text_object).value or 0  # the object's address (a third of what cast costs)
    if key not in fonts:
        font = pdfium_c.FPDFTextObj_GetFont(text_object)
        buffer = ctypes.create_string_buffer(_BASE_FONT_BYTES)
        length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, _BASE_FONT_BYTES)
        name = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
        got = pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), ctypes.byref(descent))
        fonts[key] = (name, descent.value if got else -0.2 * size)
    name, font_descent = fonts[key]
    return name, font_descent


def _advance_end(pdfium_c, text_object, code: int, size: float, left: float, ink_right: float) -> float:
    """Where a glyph's advance ends, for glyphs where PDFium's loose box fell back to the ink box (as it does for some
    glyphs of some embedded fonts); the ink box's right edge only if the font cannot say."""
    width = ctypes.c_float()
    font = pdfium_c.FPDFTextObj_GetFont(text_object)
    if pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), ctypes.byref(width)):
        return left + width.value
    return ink_right


def _has_scan_image(page, settings: ExtractSettings) -> bool:
    """An image covering most of the page is a scan (OCR may be needed): pdfplumber's route decides."""
    import pypdfium2.raw as pdfium_c

    page_area = float(page.get_width() * page.get_height())
    edges = [ctypes.c_float() for _ in range(4)]
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        item = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(item) not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetBounds(item, *(ctypes.byref(edge) for edge in edges))
        left, bottom, right, top = (edge.value for edge in edges)
        if (right - left) * (top - bottom) >= settings.scan_image_share * page_area:
            return True
    return False
