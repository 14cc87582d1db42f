"""One word alone: whether to replace it, and by which candidate (a noisy channel).

Each candidate spelling (see :func:`~horingsanalyse.repair.confusions.candidates`) scores its
likelihood as Norwegian (:mod:`~horingsanalyse.repair.lexicon`) less the document's log10 cost of
each edit that made it (:meth:`~horingsanalyse.repair.profile.ConfusionProfile.penalty`). A word
the dictionary rejects is replaced when the best candidate beats it by a margin; a word it
accepts may change only a little, and only in a document that shows the confusion, as correct
words must not change. The neighbours of a word are the business of
:mod:`~horingsanalyse.repair.context` and :mod:`~horingsanalyse.repair.rules`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from horingsanalyse.repair.confusions import DROPPED_LETTERS, SHORT_DIGIT_WORD, candidates
from horingsanalyse.repair.lexicon import (
    HUNSPELL_SCORE,
    KNOWN_SCORE,
    as_written,
    candidate_score,
    hunspell_accepts,
    hunspell_dictionaries,
    names_a_kommune,
    nynorsk_only,
    zipf,
)
from horingsanalyse.repair.profile import ConfusionProfile


@dataclass(frozen=True)
class Choice:
    """A decided repair: the word's new spelling and the repair's confidence in it (0 to 1)."""

    after: str
    confidence: float


@functools.lru_cache(maxsize=300_000)
def best_repair(word: str, profile: ConfusionProfile) -> Choice | None:
    """The repair of ``word`` under ``profile``, or None when the word should stay as written.

    A word the dictionary accepts may change only a little: a short one by one edit of an active
    confusion and ``known_margin``, a rare one by two plausible edits and ``rare_margin``
    (``unlisted_margin`` when only hunspell's compound rules accept it: then scored by its own
    compound reading, and a compound candidate of active families may replace it). A listed word
    it rejects ("pa", "ogsa") may change by two plausible edits; an unknown word by up to
    ``max_edits`` edits of any confusion, or by a dropped letter put back, and to an attested
    word by ``attested_margin`` (all margins those of ``profile.settings``).
    """
    settings = profile.settings
    if SHORT_DIGIT_WORD.fullmatch(word) and not profile.loses("å"):
        return None  # "m4" is a screw size unless the document loses å otherwise
    original, accepted = as_written(word)
    listed = original >= KNOWN_SCORE and zipf(word.lower()) >= KNOWN_SCORE
    short, rare = len(word) <= settings.max_ambiguous_length, original < settings.rare_zipf
    if accepted and (not (short or rare) or not profile.active):
        return None
    if accepted and profile.nynorsk and (not short or nynorsk_only(word.lower())):
        return None
    require_listed = False
    if accepted:
        max_edits = 1 if short and not rare else 2
        allowed = profile.active if short else profile.plausible
        margin = settings.known_margin if short else settings.rare_margin if listed else settings.unlisted_margin
        require_listed = not short  # a rare valid word yields only to an attested one
    elif listed:
        max_edits, margin, allowed = 2, settings.known_margin, profile.plausible
    else:
        max_edits, margin, allowed = settings.max_edits, settings.unknown_margin, None
    scored = _score_candidates(word, profile, max_edits, allowed, require_listed)
    hunspell_compound = accepted and not short and not listed
    if hunspell_compound:
        scored += _compound_rivals(word, profile)
    if not accepted:
        scored += _dropped_letter_candidates(word, profile)
    if not scored:
        return None
    best_score, best = max(scored)
    if hunspell_compound:
        # hunspell's word is no proof of the spelling: it is as likely as its own compound reading
        original = min(original, candidate_score(word.lower()))
    if not zipf(best.lower()):
        # an unlisted compound must beat the word as written on equal terms ("vertskap|s|...")
        original = max(original, candidate_score(word.lower()))
    elif not accepted and not original:
        margin = settings.attested_margin
    if best_score - original < margin:
        return None
    total = 10**original + sum(10**score for score, _ in scored)
    return Choice(best, round(min(1.0, 10**best_score / total), 3))


def cheapest_candidate(
    word: str, profile: ConfusionProfile, max_edits: int, allowed: frozenset[str], accept: Callable[[str], bool]
) -> str | None:
    """Of the candidates that edits of ``allowed`` families make and ``accept`` takes, the one
    whose edits this document makes most often (the lowest total penalty)."""
    costed = [
        (sum(profile.penalty(family) for family in families), candidate)
        for candidate, families in candidates(word, max_edits)
        if set(families) <= allowed and accept(candidate)
    ]
    return min(costed)[1] if costed else None


def _compound_rivals(word: str, profile: ConfusionProfile) -> list[tuple[float, str]]:
    """Unlisted compound candidates for a long word that only hunspell accepts: it accepts garbles
    as compounds too ("seer|skatten" for "særskatten"), so such a word must meet compounds on
    equal terms, by its own compound reading; but only compounds reached by edits of families
    the document shows often (``active``), as that margin is narrow."""
    scored = _score_candidates(word, profile, 2, profile.active, False)
    return [(score, candidate) for score, candidate in scored if not zipf(candidate.lower())]


def _score_candidates(
    word: str, profile: ConfusionProfile, max_edits: int, allowed: frozenset[str] | None, require_listed: bool
) -> list[tuple[float, str]]:
    """Noisy-channel scores of the known candidates: their score less the cost of their edits.

    Only edits of ``allowed`` families count, when given; only wordfreq-listed candidates when
    ``require_listed``. Unlisted candidates are put to hunspell, cheapest first, only when no
    candidate is known otherwise.
    """
    settings = profile.settings
    scored, unlisted = [], []
    for candidate, families in candidates(word, max_edits):
        if allowed is not None and not set(families) <= allowed:
            continue
        cost = sum(profile.penalty(family) for family in families)
        if require_listed or cost >= settings.max_compound_edit_cost:
            score = zipf(candidate.lower())
        else:
            score = candidate_score(candidate.lower())
        if candidate[0].isupper() and names_a_kommune(candidate):
            score = max(score, settings.place_score)
        if score >= KNOWN_SCORE:
            scored.append((score - cost, candidate))
        elif allowed is None:
            unlisted.append((cost, candidate))
    if not scored and hunspell_dictionaries():
        for cost, candidate in sorted(unlisted)[: settings.hunspell_max_calls]:
            if hunspell_accepts(candidate.lower()):
                scored.append((HUNSPELL_SCORE - cost, candidate))
    return scored


def _dropped_letter_candidates(word: str, profile: ConfusionProfile) -> list[tuple[float, str]]:
    """Scores of the common words that ``word`` becomes with one æ/ø/å put back ("nsker" ->
    "ønsker", "tilfrt" -> "tilført"): OCR sometimes drops the letter it cannot read. Only letters
    the document loses otherwise, and only common words, as a dropped letter leaves no trace."""
    settings = profile.settings
    if len(word) < settings.min_dropped_word or not word.isalpha():
        return []
    lower, scored = word.lower(), []
    for letter in DROPPED_LETTERS:
        if not profile.loses(letter):
            continue
        for index in range(len(word) + 1):
            frequency = zipf(lower[:index] + letter + lower[index:])
            if frequency >= settings.dropped_min_zipf:
                if index == 0 and word[0].isupper():
                    candidate = letter.upper() + word[0].lower() + word[1:]
                else:
                    candidate = word[:index] + letter + word[index:]
                scored.append((frequency - settings.dropped_letter_penalty, candidate))
    return scored
