"""Tests for the extract package on real files: PDFs generated with reportlab, one real høringssvar, real Tesseract."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from horingsanalyse.errors import ExtractionError
from horingsanalyse.extract import DEFAULT_EXTRACT_SETTINGS, ExtractSettings, extract_letter, letter_metadata
from horingsanalyse.extract.pdfium_chars import PdfiumDocument
from horingsanalyse.types import Page

from pdfs import make_letter_pdf, make_scanned_pdf, make_unmapped_glyph_pdf

DATA = Path(__file__).parent / "data"
REAL_PDF = DATA / "2024-04-15_tengesdal_horingssvar_hkdir_forskrift-undervisnings-og-forskningsstillinger.pdf"
DEMO_SVAR = Path(__file__).parent.parent / "corpus" / "nou-2019-18-havbruk" / "svar"
FAST_OCR = ExtractSettings(ocr_resolution=200)
NO_TESSERACT = ExtractSettings(tesseract_cmd="/nonexistent/tesseract")


def _has_norwegian_tesseract() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "nor" in listing.stdout.split()


needs_tesseract = pytest.mark.skipif(
    not _has_norwegian_tesseract(), reason="Tesseract with Norwegian data (tesseract-ocr-nor) is not installed"
)

BODY = (
    "Vi viser til høringsbrevet og takker for muligheten til å gi innspill. Forslaget berører "
    "mange av våre medlemmer, og vi har derfor drøftet det grundig i styret før vi svarer."
)


def reason_of(excinfo) -> str:
    return excinfo.value.reason


# --- PDF text: running heads, words, paragraphs ---------------------------------------------


def test_running_header_and_footer_are_moved_out_of_the_body(tmp_path):
    openings = ["Innledningsvis vil vi takke departementet.", "Om lønnsplikten mener vi noe annet.", "Til slutt om økonomien."]
    pages = [f"{opening}\n\n{BODY}" for opening in openings]
    path = make_letter_pdf(tmp_path / "svar.pdf", pages, header="Norsk Testforening – høringssvar", footer="Side {page} av {pages}")
    letter = extract_letter(path)
    assert [page.number for page in letter.pages] == [1, 2, 3]
    for page in letter.pages:
        assert page.header == "Norsk Testforening – høringssvar"
        assert page.footer == f"Side {page.number} av 3"
        assert "Testforening" not in page.text and "av 3" not in page.text
        assert page.text.startswith(openings[page.number - 1])


def test_single_page_letter_keeps_its_first_line_and_loses_only_the_page_number(tmp_path):
    path = make_letter_pdf(tmp_path / "en.pdf", [f"Norsk Testforening\n\n{BODY}"], footer="- {page} -")
    page = extract_letter(path).pages[0]
    assert page.text.startswith("Norsk Testforening")
    assert page.footer == "- 1 -" and page.header == ""


def test_hyphenated_line_breaks_are_joined_but_real_hyphens_stay(tmp_path):
    text = (
        "Vi er selv en stor arbeids-\ngiver i regionen.\n\n"
        "Saken ligger hos Arbeids-\nog sosialdepartementet nå.\n\n"
        "Kontakt det lokale NAV-\nkontoret om dette."
    )
    body = extract_letter(make_letter_pdf(tmp_path / "bindestrek.pdf", [text])).text
    assert "arbeidsgiver i regionen" in body
    assert "Arbeids- og sosialdepartementet" in body
    assert "NAV-kontoret" in body


def test_paragraphs_are_rebuilt_from_wrapped_lines(tmp_path):
    body = extract_letter(make_letter_pdf(tmp_path / "avsnitt.pdf", [f"{BODY} {BODY}\n\nAndre avsnitt."])).text
    assert body == f"{BODY} {BODY}\n\nAndre avsnitt."


def test_letter_spaced_heading_is_joined(tmp_path):
    body = extract_letter(make_letter_pdf(tmp_path / "sperret.pdf", [f"# HØRINGSSVAR\n\n{BODY}"])).text
    assert body.startswith("HØRINGSSVAR\n\n")


def test_symbol_font_bullet_is_mapped_and_unmapped_glyphs_are_reported(tmp_path):
    letter = extract_letter(make_unmapped_glyph_pdf(tmp_path / "glyfer.pdf"))
    assert letter.pages[0].text.startswith("• Punkt en")
    assert "(cid:" not in letter.text
    assert letter.warnings == ("page 1: 3 glyphs without a Unicode mapping (cid:N), text may be incomplete",)


def test_real_hoeringssvar_pdf(tmp_path):
    letter = extract_letter(REAL_PDF)
    assert letter.sha256 == "10ce902fceab54c7f9635e1534e025435db22bdca3311835b3c6149c594001e6"
    assert [page.footer for page in letter.pages] == [f"Side {n} av 4" for n in range(1, 5)]
    assert "Side 1 av 4" not in letter.text
    # LaTeX set it without space glyphs and with kerned small caps
    assert "Det vises til HK-dirs høring av forslag til forskrift" in letter.text
    assert "HØRINGSSVAR TIL HK-DIR – FORSLAG TIL FORSKRIFT" in letter.text
    assert "HØRINGSFORSLAGET" in letter.text
    assert letter.metadata.sender == "Eirik Tengesdal"
    assert letter.metadata.your_reference == "24/00075"
    assert letter.metadata.date == dt.date(2024, 4, 15)
    assert letter.metadata.signatory == "Eirik Tengesdal"
    assert letter.warnings == ()


def test_plain_pages_read_with_pdfium_give_pdfplumbers_text(tmp_path):
    hyphenated = BODY.replace("drøftet", "drøf- tet") + " Vi ber om at miljø- og klimahensyn vektlegges."
    made = make_letter_pdf(
        tmp_path / "svar.pdf", [hyphenated, BODY], footer="Side {page} av {pages}",
        letterhead=[("Norsk Testforening", "Vår referanse: 19/2451")],
    )
    # the demo letter ends lines with hyphens ("miljø-"), which PDFium codes apart
    for path in (made, REAL_PDF, DEMO_SVAR / "053-narvik-kommune.pdf"):
        document = PdfiumDocument(path)
        taken = [document.page_chars(index, DEFAULT_EXTRACT_SETTINGS) is not None for index in range(len(document))]
        document.close()
        assert all(taken), path.name  # plain text pages: PDFium reads every one
        plain = extract_letter(path, settings=ExtractSettings(pdfium_pages=False))
        assert extract_letter(path).pages == plain.pages, path.name


def test_a_page_with_unmapped_glyphs_is_left_to_pdfplumber(tmp_path):
    path = make_unmapped_glyph_pdf(tmp_path / "glyfer.pdf")
    document = PdfiumDocument(path)
    assert document.page_chars(0, DEFAULT_EXTRACT_SETTINGS) is None
    document.close()


# --- PDF failures and protection ------------------------------------------------------------


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    path = make_letter_pdf(tmp_path / "eier.pdf", [BODY], owner_password="hemmelig")
    assert extract_letter(path).text == BODY


def test_pdf_with_a_user_password_fails_with_the_reason(tmp_path):
    path = make_letter_pdf(tmp_path / "laast.pdf", [BODY], user_password="hemmelig")
    with pytest.raises(ExtractionError) as excinfo:
        extract_letter(path)
    assert "the PDF is encrypted with a password" in reason_of(excinfo)
    assert excinfo.value.path == path


def test_zero_byte_file(tmp_path):
    (tmp_path / "tom.pdf").write_bytes(b"")
    with pytest.raises(ExtractionError, match=r"tom\.pdf: the file is empty \(0 bytes\)"):
        extract_letter(tmp_path / "tom.pdf")


def test_truncated_pdf(tmp_path):
    data = REAL_PDF.read_bytes()
    (tmp_path / "halv.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError) as excinfo:
        extract_letter(tmp_path / "halv.pdf")
    assert "truncated" in reason_of(excinfo)


def test_corrupt_pdf(tmp_path):
    (tmp_path / "rot.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf body\n%%EOF\n")
    with pytest.raises(ExtractionError) as excinfo:
        extract_letter(tmp_path / "rot.pdf")
    assert "damaged" in reason_of(excinfo) or "no pages" in reason_of(excinfo)


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"Dette er bare tekst.\n", "plain text"), (b"<!DOCTYPE html><html></html>", "an HTML page"), (b"\x89PNG\r\n\x1a\n....", "a PNG image")],
)
def test_non_pdf_named_pdf_says_what_it_really_is(tmp_path, content, what):
    (tmp_path / "falsk.pdf").write_bytes(content)
    with pytest.raises(ExtractionError) as excinfo:
        extract_letter(tmp_path / "falsk.pdf")
    assert reason_of(excinfo) == f"not a PDF: the file is {what}"


def test_unsupported_suffix(tmp_path):
    (tmp_path / "svar.doc").write_bytes(b"\xd0\xcf\x11\xe0rest")
    with pytest.raises(ExtractionError, match=r"unsupported file type '\.doc' \(old Word format"):
        extract_letter(tmp_path / "svar.doc")


def test_too_large_and_too_many_pages(tmp_path):
    path = make_letter_pdf(tmp_path / "lang.pdf", [BODY, BODY])
    with pytest.raises(ExtractionError, match="too large"):
        extract_letter(path, settings=ExtractSettings(max_file_bytes=100))
    with pytest.raises(ExtractionError, match=r"too many pages \(2; the limit is 1\)"):
        extract_letter(path, settings=ExtractSettings(max_pages=1))


# --- OCR ------------------------------------------------------------------------------------

SCAN_LINES = ["Høringssvar fra Bønder i Sør", "Vi støtter forslaget om økt tilskudd til små gårder.", "Med vennlig hilsen", "Kåre Østby"]


@needs_tesseract
def test_image_only_pdf_is_ocred_in_norwegian(tmp_path):
    letter = extract_letter(make_scanned_pdf(tmp_path / "skannet.pdf", SCAN_LINES), settings=FAST_OCR)
    page = letter.pages[0]
    assert page.ocr
    assert "Høringssvar" in page.text and "støtter" in page.text and "økt" in page.text
    assert letter.metadata.signatory == "Kåre Østby"


def test_image_only_pdf_without_tesseract_fails_clearly(tmp_path):
    path = make_scanned_pdf(tmp_path / "skannet.pdf", SCAN_LINES)
    with pytest.raises(ExtractionError) as excinfo:
        extract_letter(path, settings=NO_TESSERACT)
    assert reason_of(excinfo) == "page 1 has no text layer and OCR (tesseract) is not installed"


GARBLED = "Hgringssvar fra Bgnder i Sgr\nVi stgtter forslaget om gkt tilskudd til smi girder.\nMed vennlig hilsen\nKire Gstby"


@needs_tesseract
def test_garbled_text_layer_over_a_scan_is_reocred(tmp_path):
    path = make_scanned_pdf(tmp_path / "engelsk-ocr.pdf", SCAN_LINES, hidden_text=GARBLED)
    letter = extract_letter(path, settings=FAST_OCR)
    assert letter.pages[0].ocr
    assert "støtter" in letter.text and "Hgringssvar" not in letter.text
    assert len(letter.warnings) == 1 and "page 1: the text layer looked garbled" in letter.warnings[0]


def test_garbled_text_layer_without_tesseract_is_kept_with_a_warning(tmp_path):
    path = make_scanned_pdf(tmp_path / "engelsk-ocr.pdf", SCAN_LINES, hidden_text=GARBLED)
    letter = extract_letter(path, settings=NO_TESSERACT)
    assert not letter.pages[0].ocr and "Hgringssvar" in letter.text
    assert "not re-OCRed: OCR (tesseract) is not installed" in letter.warnings[0]


# --- text, HTML, Word -----------------------------------------------------------------------

NORWEGIAN = "Høringssvar fra Bærum kommune\n\nVi støtter forslaget. Æ Ø Å æ ø å."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_txt_encodings_with_aeoeaa(tmp_path, encoding):
    (tmp_path / "svar.txt").write_bytes(NORWEGIAN.replace("\n", "\r\n").encode(encoding))
    letter = extract_letter(tmp_path / "svar.txt")
    assert letter.source_format == "txt"
    assert letter.text == NORWEGIAN
    assert letter.metadata.sender == "Bærum kommune"


def test_cp1252_curly_quotes_are_not_mistaken_for_another_code_page(tmp_path):
    text = "«Vi mener at ’forslaget’ er godt», skriver styret – også i år."
    (tmp_path / "svar.txt").write_bytes(text.encode("cp1252"))
    assert extract_letter(tmp_path / "svar.txt").text == text


def test_txt_form_feeds_split_pages_and_glyphs_are_cleaned(tmp_path):
    (tmp_path / "svar.txt").write_text("Første side\n\uf0b7 punkt med ﬁsk\fAndre side", encoding="utf-8")
    letter = extract_letter(tmp_path / "svar.txt")
    assert [page.text for page in letter.pages] == ["Første side\n• punkt med fisk", "Andre side"]


def test_undecodable_text(tmp_path):
    (tmp_path / "svar.txt").write_bytes(b"\xef\xbb\xbfBOM, men s\xf8ppel")
    with pytest.raises(ExtractionError, match="byte-order mark but is not valid UTF-8"):
        extract_letter(tmp_path / "svar.txt")


def test_portal_html(tmp_path):
    html = (
        "<html><head><title>x</title><style>p{}</style><script>alert(1)</script></head><body>"
        "<div>Høringssvar fra Norsk Testforening</div><div>Dato: 03.02.2020</div>"
        "<p>Vi <b>støtter</b>\n forslaget.<br>Ny linje.</p><ul><li>Punkt én</li></ul></body></html>"
    )
    (tmp_path / "svar.html").write_text(html, encoding="utf-8")
    letter = extract_letter(tmp_path / "svar.html")
    assert letter.source_format == "html"
    assert letter.text == "Høringssvar fra Norsk Testforening\n\nDato: 03.02.2020\n\nVi støtter forslaget.\nNy linje.\n\n• Punkt én"
    assert letter.metadata.sender == "Norsk Testforening"
    assert letter.metadata.date == dt.date(2020, 2, 3)


def test_docx_paragraphs_tables_and_header(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Norsk Testforening"
    document.add_paragraph("Vi støtter forslaget.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Tema", "Syn"
    document.add_paragraph("Med vennlig hilsen")
    document.add_paragraph("Ola Nordmann")
    document.save(tmp_path / "svar.docx")
    letter = extract_letter(tmp_path / "svar.docx")
    page = letter.pages[0]
    assert letter.source_format == "docx"
    assert page.text == "Vi støtter forslaget.\n\nTema | Syn\n\nMed vennlig hilsen\n\nOla Nordmann"
    assert page.header == "Norsk Testforening"
    assert letter.metadata.sender == "Norsk Testforening" and letter.metadata.signatory == "Ola Nordmann"


def test_broken_docx(tmp_path):
    (tmp_path / "svar.docx").write_bytes(b"PK\x03\x04 this zip is broken")
    with pytest.raises(ExtractionError, match="the .docx file is damaged"):
        extract_letter(tmp_path / "svar.docx")


# --- metadata and names ---------------------------------------------------------------------

LETTER = """Norsk Testforening
Postboks 1, 0101 Oslo

Vår ref.: 2020/123-4   Deres ref.: 19/4567
Saksbehandler: Kari Nordmann, tlf. 22 22 22 22
Oslo, 4. feb. 2020

Høringssvar – endringer i forskriften

Vi støtter forslaget.

Med vennlig hilsen
Ola Nordmann
Daglig leder"""


def test_letter_metadata_from_letterhead_and_signature():
    metadata = letter_metadata([Page(1, LETTER)])
    assert metadata.sender == "Norsk Testforening"
    assert metadata.our_reference == "2020/123-4"
    assert metadata.your_reference == "19/4567"
    assert metadata.case_officer == "Kari Nordmann"
    assert metadata.date == dt.date(2020, 2, 4)
    assert metadata.signatory == "Ola Nordmann"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Oslo, 3. februar 2020", dt.date(2020, 2, 3)),
        ("03.02.2020", dt.date(2020, 2, 3)),
        ("2020-02-03", dt.date(2020, 2, 3)),
        ("Bergen 4. des. 2019", dt.date(2019, 12, 4)),
        ("Dato: 1.3.21", dt.date(2021, 3, 1)),
    ],
)
def test_letter_dates(line, date):
    assert letter_metadata([Page(1, f"Norsk Testforening\n{line}\n\nTekst.")]).date == date


def test_file_name_with_aeoeaa_and_spaces_and_relative_path(tmp_path):
    folder = tmp_path / "svar" / "Bærum kommune"
    folder.mkdir(parents=True)
    path = make_letter_pdf(folder / "Høringssvar fra Bærum – 2020.pdf", [BODY])
    letter = extract_letter(path, relative_to=tmp_path / "svar")
    assert letter.file == "Bærum kommune/Høringssvar fra Bærum – 2020.pdf"
    assert extract_letter(path).file == "Høringssvar fra Bærum – 2020.pdf"
    assert letter.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert letter.source_format == "pdf"


def test_settings_are_validated():
    assert DEFAULT_EXTRACT_SETTINGS.ocr and DEFAULT_EXTRACT_SETTINGS.ocr_language == "nor"
    with pytest.raises(ValueError, match="max_pages"):
        ExtractSettings(max_pages=0)
    with pytest.raises(ValueError, match="ocr_language"):
        ExtractSettings(ocr_language="nor; rm -rf /")


def test_two_column_letterhead_keeps_sender_and_references_apart(tmp_path):
    """pdfplumber reads a letterhead row with the references on the right as one line; the
    sender must not take the reference along, nor the recipient's address stand in for it."""
    path = make_letter_pdf(
        tmp_path / "to-kolonner.pdf",
        ["Finansdepartementet\nPostboks 8008 Dep\n\nHøringssvar - NOU 2019: 18\n\n"
         "Forbundet støtter ikke forslaget om grunnrenteskatt på havbruk, og mener at dagens "
         "skattesystem bør videreføres uten en egen særskatt for næringen."],
        letterhead=[("Fiskebåtredernes Forbund", "Vår referanse: 19/2451"),
                    ("Postboks 67 Sentrum", "Deres referanse: 19/1234"),
                    ("6001 Ålesund", "Dato: 12.02.2020")],
    )
    letter = extract_letter(path)
    assert letter.metadata.sender == "Fiskebåtredernes Forbund"
    assert letter.metadata.our_reference == "19/2451"
    assert letter.metadata.your_reference == "19/1234"
    assert letter.metadata.date == dt.date(2020, 2, 12)
    first_lines = letter.pages[0].text.split("\n")[:3]
    assert first_lines[0].split("\t") == ["Fiskebåtredernes Forbund", "Vår referanse: 19/2451"]
    assert "særskatt for næringen" in letter.pages[0].text


def test_a_name_wrapped_in_a_two_column_letterhead_is_read_whole(tmp_path):
    """The left column's second line comes after a row that holds only a right-hand field."""
    path = make_letter_pdf(
        tmp_path / "ombrutt.pdf",
        ["Finansdepartementet\n\nHøringssvar\n\nVi støtter ikke forslaget om en særskatt på havbruk."],
        letterhead=[("Fiskeri- og havbruksnæringens", "Vår referanse: 19/00529"),
                    ("", "Deres referanse: 19/4419"),
                    ("forskningsfinansiering AS", "Dato: 03.02.2020"),
                    ("c/o Sjømatrådet", "")],
    )
    metadata = extract_letter(path).metadata
    assert metadata.sender == "Fiskeri- og havbruksnæringens forskningsfinansiering AS"
    assert (metadata.our_reference, metadata.your_reference) == ("19/00529", "19/4419")


def test_a_field_label_right_after_the_name_is_not_part_of_the_sender():
    text = "Petter Bjerksund og Guttorm Schjelderup Vår referanse:\nDeres referanse: 19/4419\n\nTekst."
    assert letter_metadata([Page(1, text)]).sender == "Petter Bjerksund og Guttorm Schjelderup"


def test_new_settings_are_validated():
    for bad in ({"edge_lines": 0}, {"column_gap_em": 0}, {"min_column_glyphs": 0}, {"garbled_confusions": 0},
                {"margin_share": 1.5}, {"scan_image_share": -0.1}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            ExtractSettings(**bad)


def test_running_heads_only_in_the_margin_share(tmp_path):
    """With no margin a repeated header is body text; the page number is still split off."""
    path = make_letter_pdf(tmp_path / "svar.pdf", [BODY] * 3, header="Norsk Testforening – høringssvar", footer="Side {page} av {pages}")
    letter = extract_letter(path, settings=ExtractSettings(margin_share=0.0))
    assert all(page.header == "" and page.text.startswith("Norsk Testforening") for page in letter.pages)
    assert [page.footer for page in letter.pages] == [f"Side {n} av 3" for n in range(1, 4)]


def test_column_gap_setting_decides_where_a_letterhead_row_splits(tmp_path):
    path = make_letter_pdf(
        tmp_path / "to-kolonner.pdf", [f"Finansdepartementet\n\n{BODY}"],
        letterhead=[("Fiskebåtredernes Forbund", "Vår referanse: 19/2451")],
    )
    assert "\t" in extract_letter(path).pages[0].text.split("\n")[0]
    assert "\t" not in extract_letter(path, settings=ExtractSettings(column_gap_em=1000)).pages[0].text.split("\n")[0]
