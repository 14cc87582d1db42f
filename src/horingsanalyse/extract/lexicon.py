"""How plausible a word is, from word frequencies in Norwegian Bokmål and English.

Reading decisions hinge on it: whether "arbeids-" + "giver" is one word, whether "i kke" is
a word split by kerning, whether a scan's text layer is Norwegian or English OCR of it.
The frequency lists are loaded on first use, so importing the package stays cheap.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache


@lru_cache(maxsize=None)
def _frequencies(language: str) -> dict[str, float]:
    import wordfreq  # loaded on first use: ~0.2 s and ~40 MB per language

    return wordfreq.get_frequency_dict(language)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) in Norwegian Bokmål or English, 0 if unknown."""
    word = word.lower()
    frequency = max(_frequencies("nb").get(word, 0.0), _frequencies("en").get(word, 0.0))
    return math.log10(frequency * 1e9) if frequency else 0.0


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
