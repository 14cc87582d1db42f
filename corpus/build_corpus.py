#!/usr/bin/env python3
"""Build the demo corpus of høringssvar from the shared source texts.

The source texts (shared/data/hearings/nou-2019-18-havbruk/responses/*.txt)
are plain text extracted by the hidle project. This script typesets a
selection of them as PDF letters so that the toolkit has realistic
letter-shaped input: a letterhead with the sender's name (plus an address only
where the text itself gives one), "Vår referanse" / "Deres referanse" / "Dato"
lines, the body text, and a footer with the sender's name and "Side N av M" on
every page. A few portal (html) responses are copied as .txt, and one is
written as .html, so the other input formats are covered too.

It also typesets the KS seed letter on VTA-O (shared/seeds/004_*.txt) with
the same letter layout, with its OCR garbling left exactly as it is.

Output is deterministic: reportlab runs with invariant=1 (fixed creation date
and document id), and the only font used is the built-in Helvetica (not
embedded), so re-running the script gives byte-identical files.

Usage (from the repository root):

    python corpus/build_corpus.py --shared ../shared
    python corpus/build_corpus.py --check      # verify the PDFs with pdfplumber

Only reportlab is needed for building; --check also needs pdfplumber.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import html
import re
import sys
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

rl_config.invariant = 1

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
HEARING = "nou-2019-18-havbruk"
HEARING_REF = "19/4419"
MINISTRY = ("Finansdepartementet", "Postboks 8008 Dep", "0030 Oslo")
SEED_FILE = "seeds/004_db57b5cf9861334b.txt"

# ---------------------------------------------------------------------------
# Selection: source number -> output format. See corpus/README.md for why.
# Excluded on purpose: 085 and 086 (Sjømat Norge's attached reports, 394k and
# 123k characters), plus 26 others to keep the corpus small.
# ---------------------------------------------------------------------------
SELECTION: dict[str, str] = {
    "001": "pdf", "002": "pdf", "003": "pdf", "004": "pdf", "005": "pdf",
    "006": "pdf", "009": "pdf", "010": "pdf", "011": "pdf", "012": "pdf",
    "013": "pdf", "014": "pdf", "015": "pdf", "016": "pdf", "017": "pdf",
    "019": "pdf", "020": "pdf", "023": "pdf", "024": "pdf", "025": "txt",
    "026": "pdf", "027": "pdf", "029": "pdf", "031": "pdf", "032": "pdf",
    "033": "pdf", "035": "pdf", "036": "txt", "037": "pdf", "038": "pdf",
    "040": "pdf", "041": "pdf", "042": "pdf", "043": "pdf", "044": "pdf",
    "045": "pdf", "046": "pdf", "047": "html", "048": "pdf", "052": "pdf",
    "053": "pdf", "054": "pdf", "055": "pdf", "057": "pdf", "059": "pdf",
    "060": "pdf", "061": "pdf", "062": "pdf", "063": "txt", "064": "pdf",
    "065": "pdf", "066": "pdf", "067": "pdf", "068": "pdf", "070": "pdf",
    "071": "pdf", "073": "pdf", "075": "pdf", "076": "pdf", "080": "pdf",
    "081": "pdf", "082": "pdf", "083": "pdf", "084": "pdf", "087": "pdf",
    "088": "pdf", "089": "pdf", "090": "pdf", "091": "pdf", "094": "pdf",
    "095": "pdf", "097": "pdf", "099": "txt", "101": "pdf", "103": "pdf",
    "104": "pdf", "105": "pdf", "106": "pdf",
}

# Letter date shown in the letterhead. For portal (html) responses this is the
# portal's "Dato:"; for PDF attachments it is the date the letter itself gives
# (read by hand). Missing = the text has no letter date, and none is shown.
LETTER_DATE: dict[str, str] = {
    "001": "2020-02-04", "002": "2020-01-31", "003": "2020-02-05", "004": "2020-01-14",
    "005": "2020-02-03", "006": "2020-02-04", "009": "2020-02-04", "010": "2020-01-24",
    "011": "2020-01-06", "012": "2020-02-03", "013": "2020-02-03", "015": "2020-01-16",
    "016": "2020-02-03", "017": "2020-02-03", "019": "2020-02-03", "020": "2020-02-05",
    "023": "2020-02-04", "024": "2020-02-03", "026": "2020-01-15", "027": "2020-01-31",
    "029": "2020-02-11", "031": "2020-02-04", "032": "2020-01-14", "033": "2020-02-03",
    "035": "2020-01-31", "037": "2020-02-03", "038": "2020-02-06", "040": "2020-01-21",
    "041": "2020-02-10", "042": "2020-02-05", "043": "2020-01-24", "044": "2020-02-03",
    "045": "2020-01-14", "046": "2020-02-04", "048": "2020-02-04", "052": "2020-01-07",
    "053": "2020-02-03", "054": "2020-01-23", "055": "2020-02-04", "057": "2020-02-04",
    "059": "2020-02-05", "060": "2020-02-03", "061": "2019-12-13", "062": "2020-02-04",
    "064": "2020-02-03", "065": "2020-02-04", "066": "2019-12-10", "067": "2020-02-04",
    "068": "2020-01-08", "070": "2020-01-21", "073": "2020-01-15", "075": "2020-01-31",
    "076": "2020-02-04", "080": "2020-02-04", "081": "2020-01-31", "082": "2020-01-28",
    "083": "2020-02-03", "084": "2020-02-04", "087": "2020-02-03", "088": "2020-02-04",
    "089": "2020-02-04", "090": "2020-02-04", "091": "2020-01-24", "095": "2020-02-04",
    "097": "2020-02-03", "101": "2020-01-30", "103": "2020-02-02", "104": "2020-02-18",
    "105": "2020-02-06", "106": "2020-02-04",
}

# The sender's own reference, copied from the text where the text gives one.
OWN_REF: dict[str, str] = {
    "001": "295567", "012": "20/368", "024": "19/00529", "029": "20/166-3",
    "035": "20/00541-4", "040": "350781.PSL.TT.JEG", "041": "19/02875-6",
    "054": "", "062": "20/00180-1", "073": "185/2020/U40/4RLE", "080": "20/39-4",
    "081": "20/19664-2", "082": "2020/401-2", "084": "25035", "091": "20/00108-3",
    "094": "19/1646", "097": "19/99-3", "103": "14/9", "104": "2020/1607-2", "105": "20/484",
}

# Sender addresses, copied from the letters' own letterheads (every part is
# checked against the source text). Senders not listed get only their name.
ADDRESS: dict[str, str] = {
    "001": "Kristian Augusts gate 9, 0164 Oslo",
    "012": "Rådhuset, Postboks 104, 6721 Svelgen",
    "013": "Nykirkeallmenningen 23, PB 2020 Nordnes, 5817 Bergen",
    "015": "Postboks 2000 Vika, N-0125 Oslo",
    "017": "Holmveien 94, 7900 Rørvik",
    "024": "Stenersgata 2, 0184 Oslo",
    "026": "Stordalsveien 1, 7170 Åfjord",
    "035": "Trondheimsveien 1, 7200 Kyrksæterøra",
    "040": "Sørkedalsveien 6, N-0306 Oslo",
    "041": "Postboks 1378, Vika, 0114 Oslo",
    "044": "Nykirkeallmenningen 23, PB 2020 Nordnes, 5817 Bergen",
    "048": "N-5200 Os",
    "053": "Postboks 64, 8501 Narvik",
    "054": "c/o KS Bedrift, Haakon VIIs gate 9, PB 1378 Vika, 0114 Oslo",
    "057": "Middelthuns gate 27, N-0303 Oslo",
    "059": "Hovedveien 2, 9151 Storslett",
    "061": "Fylkeshuset, 8048 Bodø",
    "062": "Postboks 9354 Grønland, 0135 Oslo",
    "066": "c/o Næringsforeningen i Trondheimsregionen, Postboks 778 Sentrum, 7408 Trondheim",
    "073": "Rådhusveien 13, 7740 Steinsdalen",
    "080": "Postboks 77, 9355 Sjøvegan",
    "081": "Postboks 583, 4302 Sandnes",
    "082": "Postboks 602, 9306 Finnsnes",
    "090": "Postboks 9200 Grønland, N-0134 Oslo",
    "091": "Pb. 34, 6571 Smøla",
    "094": "Postboks 2633 St. Hanshaugen, 0131 Oslo",
    "097": "Postboks 338, 6802 Førde",
    "103": "Postboks 243, 8401 Sortland",
    "105": "Stormyra 2, 6100 Volda",
    "106": "Postboks 9232, Grønland, 0134 Oslo",
}

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]


# ---------------------------------------------------------------------------
# Text handling
# ---------------------------------------------------------------------------

def squash(s: str) -> str:
    """Lower-case and drop all whitespace: used to check copied snippets."""
    return re.sub(r"\s+", "", s).casefold()


def to_winansi(text: str) -> str:
    """Map text to characters the built-in Helvetica (WinAnsi) can carry.

    Only characters outside cp1252 are touched:
    - a stray combining ring after «å» (U+030A, "på̊") is dropped, and a+U+030A
      is composed to «å»;
    - the LaTeX ring artefact «˚ a» (U+02DA, as in «p˚ a») becomes «å»;
    - ligatures (ﬁ ﬂ ﬀ) and other compatibility characters are decomposed (NFKC);
    - U+FFFD (a bullet or separator glyph that extraction lost) and the bullet
      U+2022 (which does not survive text extraction from Helvetica) become «·».
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub("([åÅ])\u030a", r"\1", text)
    text = re.sub("\u02da ?a", "å", text)
    text = re.sub("\u02da ?A", "Å", text)
    out = []
    for ch in text:
        if ch in "\u2022\ufffd":
            out.append("\u00b7")
            continue
        try:
            ch.encode("cp1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        if unicodedata.combining(ch):
            continue
        rep = unicodedata.normalize("NFKC", ch)
        try:
            rep.encode("cp1252")
            out.append(rep)
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(•·–\d])")
PAGE_MARK_LEAD = re.compile(r"^(?:Side\s+)?(\d{1,2})(?:\s*(?:av|/)\s*\d{1,2})?\s+(?=\S)")
PAGE_MARK_LINE = re.compile(r"^(?:Side\s+)?\d{1,2}(?:\s*(?:av|/)\s*\d{1,2})?$")


def split_pages(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def is_runon(text: str) -> bool:
    """True when every blank-line separated block is a single line (one page per line)."""
    return all("\n" not in block.strip() for block in split_pages(text))


def paragraphs_runon(text: str) -> list[str]:
    """PDF-source text with each page on one line: drop page numbers, split at
    sentence boundaries into paragraphs of about five sentences."""
    pages = split_pages(text)
    n = len(pages)
    cleaned = []
    for i, page in enumerate(pages, start=1):
        page = page.strip()
        m = PAGE_MARK_LEAD.match(page)
        if m and int(m.group(1)) <= n + 1:
            page = page[m.end():]
        m = re.search(r"\s(\d{1,2})$", page)
        if m and int(m.group(1)) == i:
            page = page[: m.start()]
        cleaned.append(page.strip())
    sentences = SENT_SPLIT.split(" ".join(cleaned))
    paras, cur = [], []
    for s in sentences:
        cur.append(s)
        if len(cur) >= 5 or sum(len(x) for x in cur) > 900:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


def _join(prev: str, nxt: str) -> str:
    if prev.endswith("-") and nxt[:1].islower():
        return prev + nxt
    if nxt[:1] in ",.;:)":
        return prev + nxt
    return prev + " " + nxt


def paragraphs_lines(text: str) -> list[str]:
    """Line-broken text (OCR-style PDF text, the seed): a short line ends a
    paragraph, a blank line always does; lone page markers are dropped."""
    lines = text.split("\n")
    lengths = sorted(len(l.strip()) for l in lines if l.strip())
    typical = lengths[int(len(lengths) * 0.9)] if lengths else 80
    paras, cur = [], ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if cur:
                paras.append(cur)
            cur = ""
            continue
        if PAGE_MARK_LINE.match(line):
            continue
        cur = _join(cur, line) if cur else line
        if len(line) < 0.75 * typical:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


BULLET_ONLY = {"·", "•", "o", "-", "–", "\u00b7"}


def html_body_lines(text: str) -> list[str]:
    """Portal (html) text: drop the portal header, keep lines as paragraphs but
    glue back fragments that the web page split off (inline markup)."""
    lines = text.split("\n")
    # header: "Høringssvar fra X", "", "Dato:", "<date>", ""
    if lines and lines[0].startswith("Høringssvar fra"):
        i = 1
        while i < len(lines) and not lines[i].strip().startswith("Dato:"):
            i += 1
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        i += 1  # the date line
        lines = lines[i:]
    paras: list[str] = []
    pending_bullet = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line in BULLET_ONLY:
            pending_bullet = line + " "
            continue
        if pending_bullet:
            paras.append(pending_bullet + line)
            pending_bullet = ""
            continue
        if paras and (line[:1].islower() or line[:1] in ",.;:)") and not re.search(r"[.!?:]$", paras[-1]):
            paras[-1] = _join(paras[-1], line)
        else:
            paras.append(line)
    return paras


def portal_date(text: str) -> str | None:
    m = re.match(r"Høringssvar fra .*?\n\s*Dato:\s*\n?\s*(\d{2}\.\d{2}\.\d{4})", text, re.S)
    return m.group(1) if m else None


def clean_sender(s: str) -> str:
    s = re.sub(r"\s*\(PDF, [^)]*\)", "", s)
    s = re.sub(r"\s*\(uten merknader\)", "", s)
    return s.strip()


def fmt_date(iso: str | None) -> str:
    if not iso:
        return ""
    d = _dt.date.fromisoformat(iso)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# ---------------------------------------------------------------------------
# PDF layout
# ---------------------------------------------------------------------------

class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that knows the page count, so the footer can say "Side N av M"."""

    footer_name = ""
    footer_style = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int):
        w, _ = A4
        n = self._pageNumber
        self.saveState()
        self.setFont("Helvetica", 8)
        self.setFillColor(colors.HexColor("#444444"))
        self.setStrokeColor(colors.HexColor("#999999"))
        if self.footer_style == 2:
            self.drawCentredString(w / 2, 12 * mm, f"{self.footer_name} · Side {n} av {total}")
        else:
            self.setLineWidth(0.4)
            self.line(20 * mm, 16 * mm, w - 20 * mm, 16 * mm)
            self.drawString(20 * mm, 11.5 * mm, self.footer_name)
            self.drawRightString(w - 20 * mm, 11.5 * mm, f"Side {n} av {total}")
        self.restoreState()


def _canvasmaker(name: str, style: int):
    class _C(NumberedCanvas):
        footer_name = name
        footer_style = style
    return _C


def styles_for(style: int) -> dict[str, ParagraphStyle]:
    size = (10, 10.5, 10)[style]
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=size, leading=size * 1.35,
                          spaceAfter=size * 0.7, alignment=TA_LEFT)
    return {
        "body": body,
        "name": ParagraphStyle("name", fontName="Helvetica-Bold", fontSize=(15, 16, 13)[style],
                               leading=(19, 20, 16)[style],
                               alignment=(TA_LEFT, TA_CENTER, TA_RIGHT)[style]),
        "addr": ParagraphStyle("addr", fontName="Helvetica", fontSize=8.5, leading=11,
                               textColor=colors.HexColor("#444444"),
                               alignment=(TA_LEFT, TA_CENTER, TA_RIGHT)[style]),
        "small": ParagraphStyle("small", fontName="Helvetica", fontSize=8.5, leading=11),
        "smallb": ParagraphStyle("smallb", fontName="Helvetica-Bold", fontSize=8, leading=10,
                                 textColor=colors.HexColor("#444444")),
        "recip": ParagraphStyle("recip", fontName="Helvetica", fontSize=size, leading=size * 1.3),
    }


def P(text: str, st: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), st)


def letterhead(style: int, st, name: str, address: str, own_ref: str | None,
               date: str, refs: bool = True) -> list:
    """Three letterhead layouts, so extraction is not tuned to one design."""
    flow: list = []
    addr_lines = [a.strip() for a in address.split(",")] if address else []
    w = A4[0] - 40 * mm
    if style == 0:
        left = [P(name, st["name"])] + [P(a, st["addr"]) for a in addr_lines]
        right = []
        if refs:
            right = [P(f"Vår referanse: {own_ref or ''}", st["small"]),
                     P(f"Deres referanse: {HEARING_REF}", st["small"])]
        if date:
            right.append(P(f"Dato: {date}", st["small"]))
        t = Table([[left, right]], colWidths=[w * 0.62, w * 0.38])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        flow += [t, Spacer(1, 10 * mm)]
        flow += [P(x, st["recip"]) for x in MINISTRY] if refs else []
        flow.append(Spacer(1, 10 * mm))
    elif style == 1:
        flow.append(P(name, st["name"]))
        if addr_lines:
            flow.append(P(" · ".join(addr_lines), st["addr"]))
        flow += [Spacer(1, 2 * mm),
                 HRFlowable(width="100%", thickness=0.8, color=colors.HexColor("#335577")),
                 Spacer(1, 8 * mm)]
        flow += [P(x, st["recip"]) for x in MINISTRY] if refs else []
        flow.append(Spacer(1, 6 * mm))
        head, vals = [], []
        if refs:
            head += [P("Vår referanse", st["smallb"]), P("Deres referanse", st["smallb"])]
            vals += [P(own_ref or "", st["small"]), P(HEARING_REF, st["small"])]
        if date:
            head.append(P("Dato", st["smallb"]))
            vals.append(P(date, st["small"]))
        if head:
            t = Table([head, vals], colWidths=[w / 3] * len(head), hAlign="LEFT")
            t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            flow += [t, Spacer(1, 8 * mm)]
    else:
        flow += [HRFlowable(width="100%", thickness=2, color=colors.HexColor("#777777")),
                 Spacer(1, 3 * mm), P(name, st["name"])]
        flow += [P(a, st["addr"]) for a in addr_lines]
        flow.append(Spacer(1, 10 * mm))
        flow += [P(x, st["recip"]) for x in MINISTRY] if refs else []
        flow.append(Spacer(1, 6 * mm))
        if refs:
            flow.append(P(f"Vår ref.: {own_ref or ''}    Deres ref.: {HEARING_REF}", st["small"]))
        if date:
            flow.append(P(f"Dato: {date}", st["small"]))
        flow.append(Spacer(1, 8 * mm))
    return flow


def build_pdf(path: Path, name: str, address: str, own_ref: str | None, date: str,
              paragraphs: list[str], style: int, refs: bool = True, title: str = "") -> None:
    st = styles_for(style)
    margins = (22 * mm, 25 * mm, 20 * mm)[style]
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=margins, bottomMargin=24 * mm, invariant=1,
        title=title or f"Høringssvar fra {name}", author=name, subject=title,
        creator="horingsanalyse corpus/build_corpus.py",
    )
    story = letterhead(style, st, name, address, own_ref, date, refs=refs)
    story += [P(p, st["body"]) for p in paragraphs if p.strip()]
    doc.build(story, canvasmaker=_canvasmaker(name, style))


def build_html(path: Path, name: str, text: str) -> None:
    paras = html_body_lines(text)
    date = portal_date(text)
    body = [f"<h1>Høringssvar fra {html.escape(name)}</h1>"]
    if date:
        body.append(f"<p>Dato: {html.escape(date)}</p>")
    body += [f"<p>{html.escape(p)}</p>" for p in paras]
    doc = ("<!DOCTYPE html>\n<html lang=\"no\">\n<head>\n<meta charset=\"utf-8\">\n"
           f"<title>Høringssvar fra {html.escape(name)}</title>\n</head>\n<body>\n"
           + "\n".join(body) + "\n</body>\n</html>\n")
    path.write_text(doc, encoding="utf-8")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def load_manifest(hdir: Path) -> dict[str, dict]:
    with open(hdir / "manifest.csv", encoding="utf-8") as f:
        return {Path(r["file"]).name[:3]: r for r in csv.DictReader(f)}


def check_snippet(nnn: str, what: str, value: str, source: str) -> None:
    src = squash(source)
    parts = [p for p in re.split(r",", value) if p.strip()]
    missing = [p for p in parts if squash(p) not in src]
    if missing:
        raise SystemExit(f"{nnn}: {what} part(s) {missing!r} not found in the source text")


def build(shared: Path, out: Path) -> list[Path]:
    hdir = shared / "data" / "hearings" / HEARING
    manifest = load_manifest(hdir)
    svar = out / HEARING / "svar"
    svar.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for nnn, fmt in SELECTION.items():
        row = manifest[nnn]
        src_path = hdir / row["file"]
        text = src_path.read_text(encoding="utf-8")
        name = clean_sender(row["sender"])
        stem = Path(row["file"]).stem
        if fmt == "txt":
            dest = svar / f"{stem}.txt"
            dest.write_text(text, encoding="utf-8")
        elif fmt == "html":
            dest = svar / f"{stem}.html"
            build_html(dest, name, text)
        else:
            dest = svar / f"{stem}.pdf"
            address = ADDRESS.get(nnn, "")
            own_ref = OWN_REF.get(nnn)
            if address:
                check_snippet(nnn, "address", address, text)
            if own_ref:
                check_snippet(nnn, "own reference", own_ref, text)
            if row["source_type"] == "html":
                paras = html_body_lines(text)
            elif is_runon(text):
                paras = paragraphs_runon(text)
            else:
                paras = paragraphs_lines(text)
            paras = [to_winansi(p) for p in paras]
            build_pdf(dest, to_winansi(name), to_winansi(address), own_ref,
                      fmt_date(LETTER_DATE.get(nnn)), paras, style=int(nnn) % 3,
                      title=f"Høringssvar fra {to_winansi(name)} – NOU 2019: 18 Skattlegging av havbruk")
        written.append(dest)
    # drop stale outputs from earlier selections
    keep = {p.name for p in written}
    for p in svar.iterdir():
        if p.suffix in {".pdf", ".txt", ".html"} and p.name not in keep:
            p.unlink()

    # the VTA-O seed: KS's letter, OCR garbling kept exactly as it is
    seed = (shared / SEED_FILE).read_text(encoding="utf-8")
    vdir = out / "vta-o-2025" / "svar"
    vdir.mkdir(parents=True, exist_ok=True)
    dest = vdir / "ks-horingssvar-vta-o.pdf"
    if to_winansi(seed) != seed:
        raise SystemExit("the seed text has characters Helvetica cannot carry")
    build_pdf(dest, "KS", "", None, "", paragraphs_lines(seed), style=0, refs=False,
              title="Høringssvar fra KS – forsterket oppfølging i VTA-O")
    written.append(dest)
    return written


def check(paths: list[Path]) -> int:
    """Open every PDF with pdfplumber: text must extract, æøå must survive,
    and every page must carry the footer 'Side N av M'."""
    import pdfplumber
    bad = 0
    for p in paths:
        if p.suffix != ".pdf":
            continue
        with pdfplumber.open(p) as pdf:
            m = len(pdf.pages)
            texts = [pg.extract_text() or "" for pg in pdf.pages]
        for i, t in enumerate(texts, start=1):
            if f"Side {i} av {m}" not in t:
                print(f"{p.name}: page {i} lacks footer 'Side {i} av {m}'")
                bad += 1
        full = "\n".join(texts)
        if "(cid:" in full:
            print(f"{p.name}: unmapped glyphs in extracted text")
            bad += 1
        if not re.search("[æøåÆØÅ]", full):
            print(f"{p.name}: note: no æ/ø/å in extracted text (expected for the garbled VTA-O letter)")
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {total / 1e6:.2f} MB, {bad} problem(s)")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared",
                    help="path to the shared data folder (default: ../shared next to the repository)")
    ap.add_argument("--out", type=Path, default=CORPUS_DIR, help="output folder (default: corpus/)")
    ap.add_argument("--check", action="store_true", help="verify the written PDFs with pdfplumber")
    args = ap.parse_args(argv)
    written = build(args.shared.resolve(), args.out.resolve())
    print(f"wrote {len(written)} files under {args.out}")
    if args.check:
        return check(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
