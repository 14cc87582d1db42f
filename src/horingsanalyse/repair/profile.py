"""Which confusions one document shows, estimated from the words they repair.

A garbled document gives itself away: words the dictionary rejects that become frequent
Norwegian words under one confusion ("Hgringssvar" under ø>g). Counting them per family gives
the document's :class:`ConfusionProfile`, and with it the cost of each edit there, so that
"folge" is read as "følge" in a document that writes "ogsa" and "nzer", and left alone in a
clean one (a clean document shows no evidence, so none of its words change). The profile also
says whether the document is nynorsk, told by its commonest words.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field

from horingsanalyse.repair.confusions import (
    CONFUSIONS,
    NORWEGIAN_VOWELS,
    SHORT_DIGIT_WORD,
    STANDALONE_A,
    before_infinitive,
    candidates,
)
from horingsanalyse.repair.lexicon import as_written, zipf
from horingsanalyse.repair.settings import DEFAULT_REPAIR_SETTINGS, RepairSettings
from horingsanalyse.repair.text import skippable, tokens

# Nynorsk documents: told by their commonest words, none of which has æ/ø/å to lose.
NYNORSK_MARKERS = frozenset("ikkje eit ein dei kva korleis meir mykje berre difor desse noko nokon".split())
# ...and bokmål ones, of which a few show a nynorsk document that writes bokmål too.
BOKMAL_MARKERS = frozenset("ikke et en noe noen mye hva hvordan bare derfor disse mer hvis".split())


@dataclass(frozen=True)
class ConfusionProfile:
    """Which letter confusions one document shows, and what an edit of each costs there.

    ``evidence`` counts, per family ("ø>g"), the words that family repairs; ``penalties`` is the
    log10 cost of one edit: -log10 of the estimated share of the letter that came out that way.
    Families absent from ``penalties`` cost ``settings.unseen_penalty``. In a ``nynorsk``
    document, nynorsk words are never changed ("vere", "handtering"), valid words change only to
    nynorsk ones ("vert" stays), and, unless it writes ``bokmal`` too, bokmål-only words are taken
    for garbles of their nynorsk twins ("fra" -> "frå"). ``settings`` are those the profile was
    estimated under; the repair of the document reads its margins from them too.
    """

    evidence: tuple[tuple[str, int], ...] = ()
    penalties: tuple[tuple[str, float], ...] = ()
    nynorsk: bool = False
    bokmal: bool = False
    settings: RepairSettings = field(default=DEFAULT_REPAIR_SETTINGS, repr=False)

    @functools.cached_property
    def _penalty_of(self) -> dict[str, float]:
        return dict(self.penalties)

    @functools.cached_property
    def active(self) -> frozenset[str]:
        """Families with enough evidence to change words that the dictionary accepts."""
        return frozenset(family for family, count in self.evidence if count >= self.settings.min_evidence)

    @functools.cached_property
    def plausible(self) -> frozenset[str]:
        """Families seen at least once, and every family of a letter the document loses ("ø>e"
        beside an active "ø>g"): a long valid word may change by these, as its margin is wide."""
        seen = {family for family, _ in self.evidence}
        return frozenset(
            family
            for letter, sources in CONFUSIONS.items()
            for source in sources
            if (family := f"{letter}>{source}") in seen or self.loses(letter)
        )

    def loses(self, letter: str) -> bool:
        """True when an active family shows the document losing ``letter``; for æ, ø and å, any
        of the three: OCR that lacks one of them lacks all ("folge" beside "ogsa", "nzer")."""
        letters = NORWEGIAN_VOWELS if letter in NORWEGIAN_VOWELS else letter
        return any(family[0] in letters for family in self.active)

    def shows_lost(self, letter: str) -> bool:
        """True when the document has lost ``letter`` at least once, active or not."""
        return any(family.startswith(letter + ">") for family, _ in self.evidence)

    def penalty(self, family: str) -> float:
        """The log10 cost of one edit of ``family`` in this document: a stand-in not seen yet
        costs less when the document loses its letter otherwise ("ze" where "ee" stood for "æ")."""
        settings = self.settings
        default = settings.lost_letter_penalty if self.loses(family.split(">")[0]) else settings.unseen_penalty
        return self._penalty_of.get(family, default)


def estimate_profile(text: str, settings: RepairSettings = DEFAULT_REPAIR_SETTINGS) -> ConfusionProfile:
    """Estimate which confusions ``text`` shows, and how often, from the words they repair.

    Evidence for a family is a word the dictionary rejects that becomes a frequent word (Zipf ≥
    ``settings.evidence_min_zipf``, and ``evidence_min_gain`` more) with one or two edits of that
    family, or an "&"/"4" standing for the infinitive marker. The cost of an edit is -log10 of
    the share of the Norwegian letter lost that way, the kept letters being counted in the
    accepted words. A clean text has no evidence.

    Args:
        text: all the text of one document (its pages joined).
        settings: the repair's knobs; the profile keeps them.

    Returns:
        The document's profile.
    """
    found = list(tokens(text, settings))
    lost: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    counts = Counter(match.group() for match in found)
    for word, n in counts.items():
        if skippable(word) or word in STANDALONE_A or SHORT_DIGIT_WORD.fullmatch(word):
            continue  # "m4" may be a screw size: repaired where other words show å>4, no evidence
        original, accepted = as_written(word)
        if accepted:
            for target in CONFUSIONS:
                kept[target] += n * word.lower().count(target)
            continue
        for family in _evidence_families(word, original, settings):
            lost[family] += n
    words = [match.group() for match in found]
    for previous, word, following in zip(words, words[1:], words[2:]):
        if word in STANDALONE_A and before_infinitive(previous, following):
            lost[STANDALONE_A[word]] += 1
    nynorsk = sum(counts[marker] for marker in NYNORSK_MARKERS) >= settings.nynorsk_share * len(words)
    bokmal = sum(counts[marker] for marker in BOKMAL_MARKERS) >= settings.bokmal_share * len(words)
    penalties = []
    for family, n in lost.items():
        target = family.split(">")[0]
        letters = kept[target] + sum(m for other, m in lost.items() if other.startswith(target + ">"))
        cost = -math.log10(n / (letters + 1))
        penalties.append((family, round(min(settings.unseen_penalty, max(settings.min_penalty, cost)), 3)))
    return ConfusionProfile(tuple(sorted(lost.items())), tuple(sorted(penalties)), nynorsk, bokmal, settings)


def _evidence_families(word: str, original: float, settings: RepairSettings) -> tuple[str, ...]:
    """The families of the edits that turn ``word`` into a much more frequent listed word, if any."""
    best_gain, best_families = 0.0, ()
    for candidate, families in candidates(word, 2):
        score = zipf(candidate.lower())
        gain = score - original
        if score >= settings.evidence_min_zipf and gain >= settings.evidence_min_gain and gain > best_gain:
            best_gain, best_families = gain, families
    return best_families
