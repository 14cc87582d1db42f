"""What a Norwegian letter says about itself: sender, references, date, case officer, signatory.

Ministries file responses by sender and reference ("Vår referanse", "Deres referanse"), and
the report sorts and dates them, so these facts are read from the letterhead and the closing
greeting. It works on the text of any format, since it only needs the pages; a two-column
letterhead row from a PDF arrives with its columns separated by :data:`COLUMN_GAP`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from ..norwegian import MONTH_NUMBERS
from ..types import LetterMetadata, Page
from .text import COLUMN_GAP

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
    """A reference number after its label, trimmed of the spaces, dots and dashes around it."""
    match = pattern.search(text)
    return match.group("value").strip(" .-–") if match else None


def _field(pattern: re.Pattern, text: str) -> str | None:
    """A labelled field's value, cut where the next field on the same line (phone, e-mail, date) starts."""
    match = pattern.search(text)
    if not match:
        return None
    value = FIELD_END.split(match.group("value"), maxsplit=1)[0].strip(" .:")
    return value or None


def _sender(first_page: str) -> str | None:
    """The sender: a portal's "Høringssvar fra ..." line, else the first letterhead line that is a name.

    Labels ("Til", "Vår ref"), web and e-mail addresses, dates and numbers are skipped; a name
    wrapped onto the next line is read whole.
    """
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
    """The first date written as 2020-02-03, 3.2.2020, 3.2.20 or "3. februar 2020"; an impossible
    one (31.02.2020, often a reference number) is passed over."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = MONTH_NUMBERS.get(parts["mon"].lower()) if parts.get("mon") else int(parts["m"])
            year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
            try:
                return dt.date(year, month, int(parts["d"])) if month else None
            except ValueError:
                continue
    return None


def _signatory(closing: str) -> str | None:
    """The first text with a letter in it after the last greeting, without "(sign.)" or "p.p."."""
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
