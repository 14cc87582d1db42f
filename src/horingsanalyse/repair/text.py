"""Tokens and the text around them: which words the repair looks at, and where sentences start.

The repair reads text as word tokens (letters and digits, plus the OCR stand-ins "&", "|" and an
"@" between letters), skips URLs, e-mail addresses and English passages, and leaves alone the
tokens that are no Norwegian words to repair (abbreviations, odd-case names, numbers). Whether a
token opens a sentence matters twice: the context model reads no left neighbour there, and a
letter put back at a sentence's start is a capital.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from horingsanalyse.repair.confusions import AT_FOR_O, DROPPED_LETTERS, PIPE_AS_I, SHORT_DIGIT_WORD, STANDALONE_A
from horingsanalyse.repair.lexicon import DIGIT, english_zipf, zipf
from horingsanalyse.repair.settings import RepairSettings

TOKEN = re.compile(r"(?:[^\W_]|&|(?<=[^\W\d_])@(?=[^\W\d_]))+|\|")
URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
SEGMENT_END = re.compile(r"(?<=[.!?])\s+|\n")


def _is_english(word: str, settings: RepairSettings) -> bool:
    """A lower-case word much more frequent in English than in bokmål ("the", "stakeholders")."""
    return len(word) > 1 and english_zipf(word) - zipf(word) >= settings.english_lead


def _english_segments(text: str, settings: RepairSettings) -> list[tuple[int, int]]:
    """Character spans of the sentences or lines that are mostly English words."""
    spans, start = [], 0
    for boundary in itertools.chain(SEGMENT_END.finditer(text), [None]):
        end = boundary.start() if boundary else len(text)
        words = [match.group().lower() for match in TOKEN.finditer(text, start, end)]
        if len(words) >= settings.min_english_words and (
            sum(_is_english(word, settings) for word in words) >= settings.english_share * len(words)
        ):
            spans.append((start, end))
        start = boundary.end() if boundary else end
    return spans


def tokens(text: str, settings: RepairSettings) -> Iterator[re.Match]:
    """Word tokens outside URLs, e-mail addresses and English passages."""
    spans = sorted([match.span() for match in URL_OR_EMAIL.finditer(text)] + _english_segments(text, settings))
    index = 0
    for match in TOKEN.finditer(text):
        while index < len(spans) and spans[index][1] <= match.start():
            index += 1
        if index < len(spans) and spans[index][0] <= match.start() < spans[index][1]:
            continue
        yield match


def skippable(word: str) -> bool:
    """Abbreviations, odd-case names, numbers and single letters other than "a" are left alone."""
    if len(word) == 1:
        return word not in ("a", "A", PIPE_AS_I, *STANDALONE_A)
    if word.isupper() and len(word) <= 4:
        return True
    if not word.isupper() and any(char.isupper() and char != "I" for char in word[1:]):
        return True
    digits = DIGIT.findall(word)
    if digits:
        letters = sum(char.isalpha() for char in word)
        if letters < 2 and not SHORT_DIGIT_WORD.fullmatch(word):
            return True
        return any(digit not in "014" for digit in digits)
    return False


def sentence_start(text: str, position: int) -> bool:
    """True when only spaces separate ``position`` from a sentence end, a line start or the text start."""
    index = position - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] in ".!?:\n"


def _opens_sentence(text: str, position: int) -> bool:
    """True at the text start, after a sentence end, or after a blank line: stricter than
    :func:`sentence_start`, as OCR breaks lines mid-sentence."""
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?" or "\n\n" in text[len(before) : position]


def capital_read_for_small_a(word: str, after: str) -> bool:
    """True for a lower-case word whose first letter, å, OCR read as a capital A ("Apenbart",
    "Ar"): the ring makes the letter as tall as a capital. Only called inside a sentence."""
    return word[0] == "A" and after[0] == "Å" and word[1:].islower()


def lost_initial(word: str, after: str) -> bool:
    """True when the repair put back a dropped first letter ("nsker" -> "ønsker")."""
    return after[0] in DROPPED_LETTERS and after[1:] == word


def restore_initial(text: str, start: int, after: str) -> tuple[int, str]:
    """Where a word that lost its first letter starts, and its spelling there: an "@" glued in
    front of it, not after a letter, is what OCR made of "Ø" ("@nsker") and goes too; at a
    sentence opening the lost letter was a capital ("Ønsker"). Returns the start of the text
    replaced and the replacement."""
    if after[0] == "ø" and text[start - 1 : start] == AT_FOR_O and not text[start - 2 : start - 1].isalnum():
        start -= 1
    if _opens_sentence(text, start):
        after = after[0].upper() + after[1:]
    return start, after
