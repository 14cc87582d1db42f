"""Text clean-up within a line, shared by every reader: glyphs mapped, split words joined.

Whatever the format, fonts and OCR leave the same debris: ligatures, Word's private-use
bullets, odd spaces, soft hyphens, unmapped (cid:N) glyphs, control characters, and words
that kerning or letter-spacing pulled apart ("i kke", "H Ø R I N G S S V A R"). Later stages
and the letterhead reader then see plain words.
"""

from __future__ import annotations

import re
import unicodedata

from ..norwegian import CONTROL_CHARACTERS
from .lexicon import is_common, zipf

# A wide gap inside a text line separates columns (letterhead left, references right): kept as
# a tab, so that the line is never joined into a paragraph and its fields stay apart.
COLUMN_GAP = "\t"

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


def clean_glyphs(line: str) -> tuple[str, int]:
    """Map ligatures, private-use bullets and odd spaces to plain text; count unmapped glyphs.

    A soft hyphen at the end of a line marks a hyphenation point, so it becomes "-" there
    and is dropped elsewhere.
    """
    line = unicodedata.normalize("NFC", line.translate(GLYPH_TABLE))
    line, n_cid = CID_GLYPH.subn("", line)
    line = CONTROL_CHARACTERS.sub("", line).rstrip()
    if line.endswith("\u00ad"):
        line = line[:-1] + "-"
    return re.sub(r" {2,}", " ", line.replace("\u00ad", "")), n_cid


LETTER_RUN = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
TRAILING_PUNCTUATION = ".,;:!?)»\"'”"


def repair_words(text: str) -> str:
    """Join letter-spaced runs and words split by kerning, conservatively, line by line."""
    return "\n".join(_repair_split_words(LETTER_RUN.sub(_join_letter_run, line)) for line in text.split("\n"))


def _join_letter_run(match: re.Match) -> str:
    """Join "H Ø R I N G" when it is capitals or a known word; "a b c" in a list stays apart."""
    joined = match.group(0).replace(" ", "")
    return joined if joined.isupper() or (len(joined) >= 4 and zipf(joined) >= 3.0) else match.group(0)


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
    """Two neighbouring words that are one word split by kerning: joined, they are a word the
    lexicon knows at least as well as the rarer part (or they are two fragments it hardly
    knows, the second short)."""
    if not (first.isalpha() and second.isalpha()):
        return False
    same_case = (first.islower() or first.istitle() or first.isupper()) and (
        second.islower() or (first.isupper() and second.isupper())
    )
    if not same_case or (is_common(first) and is_common(second)):
        return False
    joined = zipf(first + second)
    if joined < 3.0:  # two fragments the lexicon hardly knows, one short: a split compound's tail
        return zipf(first) < 2.0 and zipf(second) < 2.0 and len(first) >= 3 and len(second) <= 4
    return joined >= 3.0 and joined >= min(zipf(first), zipf(second))
