"""How plausible a word is, from word frequencies in Norwegian Bokmål and English.

Reading decisions hinge on it: whether "arbeids-" + "giver" is one word, whether "i kke" is
a word split by kerning, whether a scan's text layer is Norwegian or English OCR of it.
The frequency lists (:func:`horingsanalyse.norwegian.zipf_frequencies`) load on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..norwegian import zipf_frequencies


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) in Norwegian Bokmål or English, 0 if unknown."""
    word = word.lower()
    return max(zipf_frequencies("nb").get(word, 0.0), zipf_frequencies("en").get(word, 0.0))


def is_common(word: str) -> bool:
    """A word frequent enough that two of them side by side are most likely two real words."""
    return word.lower() in ("i", "å", "a") if len(word) == 1 else zipf(word) >= 4.0


WORD_TOKEN = re.compile(r"[^\W\d_]{2,}")


AEOEAA_CONFUSABLE = frozenset("gzaeoid0@&¢")  # what English OCR reads for æ, ø and å


def text_quality(text: str) -> tuple[float, int]:
    """Share of plausible words in a text layer, and how many words show æ/ø/å confusions.

    A word is implausible when the lexicon does not know it or when swapping one letter for
    æ, ø or å gives a much more frequent word ("Hgringssvar", "stgtter", "smi"): the marks
    of Norwegian read by English OCR.
    """
    tokens = WORD_TOKEN.findall(text)
    if not tokens:
        return 0.0, 0
    confused = sum(_looks_confused(token) for token in tokens)
    plausible = sum(zipf(token) > 0 for token in tokens) - confused
    return max(plausible, 0) / len(tokens), confused


def _looks_confused(token: str) -> bool:
    frequency = zipf(token)
    lower = token.lower()
    for index, char in enumerate(lower):
        if char in AEOEAA_CONFUSABLE:
            for letter in "æøå":
                if zipf(lower[:index] + letter + lower[index + 1 :]) >= max(2.0, frequency + 1.0):
                    return True
    return False
