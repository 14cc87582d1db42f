"""Facts about Norwegian that more than one stage needs: month names, stray characters, and
how common a word is.

Extraction reads dates in letters and report writing prints them; both drop characters that
do not belong in text; extraction, repair and the gazetteer all ask how frequent a word is.
Keeping one copy here stops them from drifting apart. This is a bottom layer: it imports
nothing from the package, so any stage may import it.
"""

from __future__ import annotations

import functools
import math
import re

__all__ = ["CONTROL_CHARACTERS", "MONTH_NAMES", "MONTH_NUMBERS", "NON_XML_CHARACTERS", "zipf_frequencies"]

MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
               "oktober", "november", "desember")

# Letters also write a month abbreviated ("4. feb. 2020", "sept") or in English.
MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **dict.fromkeys(["jan", "january"], 1), **dict.fromkeys(["feb", "february"], 2),
    **dict.fromkeys(["mar", "march"], 3), "apr": 4, "may": 5, **dict.fromkeys(["jun", "june"], 6),
    **dict.fromkeys(["jul", "july"], 7), "aug": 8, **dict.fromkeys(["sep", "sept"], 9),
    **dict.fromkeys(["okt", "october", "oct"], 10), "nov": 11, **dict.fromkeys(["des", "december", "dec"], 12),
}

# C0 control characters and DEL, except tab, line feed and carriage return, which are layout.
_C0_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Control characters that PDFs and OCR output bring along (form feeds, NULs): noise in text.
CONTROL_CHARACTERS = re.compile(f"[{_C0_CONTROLS}]")
# Characters XML 1.0 cannot hold at all (so neither can DOCX): the controls, lone surrogates,
# U+FFFE and U+FFFF.
NON_XML_CHARACTERS = re.compile(rf"[{_C0_CONTROLS}\ud800-\udfff\ufffe\uffff]")


@functools.lru_cache(maxsize=None)
def zipf_frequencies(language: str) -> dict[str, float]:
    """wordfreq's word list for ``language`` ("nb", "en") as Zipf values: log10 of a word's
    frequency per billion words (3 is a word seen once per million). Loaded on first use
    (~0.3 s and some 40 MB per language), so importing the package stays cheap. wordfreq has no
    nynorsk list: asked for "nn" it answers with bokmål."""
    import wordfreq

    return {word: math.log10(frequency) + 9 for word, frequency in wordfreq.get_frequency_dict(language).items()}

