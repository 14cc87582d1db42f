"""The letter confusions of OCR made without Norwegian, and the spellings they may hide.

Tesseract's English model has no æ, ø or å, and reads some l as I: "Hgringssvar" for
"Høringssvar", "ordinzer" for "ordinær", "f&" for "få", "Ignnsplikt" for "lønnsplikt". Each
confusion is a *family* named "letter>stand-in" ("ø>g": ø came out as g). This module holds the
families (:data:`CONFUSIONS`), the stand-ins that are whole tokens ("&" and "4" for the
infinitive marker "å"), and :func:`candidates`, every spelling a word may hide under them. How
often a document makes each confusion is its
:class:`~horingsanalyse.repair.profile.ConfusionProfile`.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

# Norwegian letter -> what OCR without Norwegian turns it into. The family name "ø>g" reads
# "ø came out as g". Digits stand in for letters only inside words ("m4te", "f0lge"). The rarer
# stand-ins ("ga", "eze", "d", "agg", "é") are what Tesseract's English model made of the
# letters in the repair benchmark ("leverandgarklyngene", "nezeringer", "ogsd", "pagg", "mé").
# It also reads ø as "@" inside a word, alone or after a letter ("utgj@r", "sja@matproduksjon"),
# so such an "@" is part of a word (see text.TOKEN).
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "ø": ("g", "e", "a", "o", "p", "0", "ga", "og", "@", "a@", "o@", "g@"),
    "æ": ("z", "ze", "ae", "ee", "e", "zae", "ge", "eze", "zge", "a"),
    "å": ("a", "&", "4", "aa", "d", "agg", "é", "éa", "al", "all"),
    "l": ("I", "1"),
    "j": ("i",),  # "giennomga": the dot of j survives, its tail does not
}
NORWEGIAN_VOWELS = "æøå"
# OCR drops a letter it cannot read ("nsker" for "ønsker"): one of these may be put back.
DROPPED_LETTERS = ("ø", "å", "æ")
# OCR without Norwegian reads a capital "Ø" as "@" ("@nsker"), which tokens leave out at a
# word's start (an "@" between letters is inside the token).
AT_FOR_O = "@"
# One lower-case letter and the "4" that stands for å: "p4", "m4", "s4" (på, må, så); "1a" stays.
SHORT_DIGIT_WORD = re.compile(r"[a-zæø]4")
# Standalone stand-ins for "å", the infinitive marker: "&" and "4" only between a lower-case
# word and an infinitive (ending in -e, or a short verb), in a document that loses å as "a",
# so that "med 4 ansatte" in a clean letter and "Ernst & Young" stay.
STANDALONE_A = {"&": "å>&", "4": "å>4"}
SHORT_VERBS = frozenset("gå få ha se bli nå stå ta gi si dra slå be bo tro".split())
INFINITIVE_ENDING = "e"
# In a document that has already shown "4" for "å", the marker may also follow a capitalised word
# ("For 4 lykkes") and precede an infinitive in -a (nynorsk "leggja", or a garbled "oppnå") or -es.
SEEN_INFINITIVE_ENDINGS = ("e", "a", "es")
# "|" opening a sentence before a lower-case word, in a document that loses å (so: OCR), is the
# preposition "I" ("| tillegg").
PIPE_AS_I = "|"


@dataclass(frozen=True)
class Edit:
    """One place in a word where a stand-in may be replaced by the Norwegian letter."""

    start: int
    end: int
    target: str
    family: str


def before_infinitive(previous: str, next_word: str) -> bool:
    """True between a lower-case word and what looks like an infinitive ("til 4 utvikle")."""
    return (
        previous.isalpha()
        and previous[:1].islower()
        and next_word.isalpha()
        and next_word[:1].islower()
        and (next_word.endswith(INFINITIVE_ENDING) or next_word in SHORT_VERBS)
    )


def before_seen_infinitive(previous: str, next_word: str) -> bool:
    """The looser test for a document that has shown the stand-in before: after any word, and
    before a lower-case word ending like an infinitive ("For 4 lykkes", "til 4 oppna")."""
    return (
        previous.isalpha()
        and next_word.isalpha()
        and next_word[:1].islower()
        and (next_word.endswith(SEEN_INFINITIVE_ENDINGS) or next_word in SHORT_VERBS)
    )


def _edits(word: str) -> list[Edit]:
    """Every place in ``word`` where a stand-in could be hiding a Norwegian letter."""
    lower = word.lower()
    has_lower = any(char.islower() for char in word)
    edits = []
    for target, sources in CONFUSIONS.items():
        for source in sources:
            family = f"{target}>{source}"
            start = lower.find(source.lower())
            while start != -1:
                end = start + len(source)
                chunk = word[start:end]
                if _edit_allowed(word, chunk, start, source, has_lower):
                    capital = chunk[0].isupper() or (not chunk[0].isalpha() and word.isupper())
                    cased = target.upper() if capital and target != "l" else target
                    edits.append(Edit(start, end, cased, family))
                start = lower.find(source.lower(), start + 1)
    return sorted(edits, key=lambda edit: edit.start)


def _edit_allowed(word: str, chunk: str, start: int, source: str, has_lower: bool) -> bool:
    """Case rules: "I" hides "l" only among lower-case letters; "Aa" opening a name stays."""
    if source == "I":
        return chunk == "I" and has_lower
    if source == "aa" and start == 0 and word[0].isupper():
        return False  # Aasen, Aaland: the old spelling is the name's own
    return True


@functools.lru_cache(maxsize=300_000)
def candidates(word: str, max_edits: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each spelling reachable with at most ``max_edits`` non-overlapping edits, with the
    families of the edits used (the fewest edits where two routes reach one spelling)."""
    edits = _edits(word)
    found: dict[str, tuple[str, ...]] = {}
    for count in range(1, max_edits + 1):
        for chosen in itertools.combinations(edits, count):
            if any(a.end > b.start for a, b in zip(chosen, chosen[1:])):
                continue
            pieces, position = [], 0
            for edit in chosen:
                pieces += [word[position : edit.start], edit.target]
                position = edit.end
            candidate = "".join(pieces) + word[position:]
            found.setdefault(candidate, tuple(edit.family for edit in chosen))
    return tuple(found.items())
