"""Undo mojibake and the æ/ø/å/l confusions of OCR made without Norwegian, recording every change.

Many høringssvar arrive as PDFs whose text layer came from OCR that did not know Norwegian, or
from broken fonts: "Hgringssvar" for "Høringssvar", "ordinzer" for "ordinær", "f&" for "få",
"Ignnsplikt" for "lønnsplikt" (l read as I, ø as g). Others were decoded with the wrong
encoding ("hÃ¸ring"). This package repairs such text word by word:

1. mojibake is fixed first, chunk by chunk, with ftfy (:mod:`.mojibake`);
2. each document gets a :class:`ConfusionProfile` (:mod:`.profile`): which confusions
   (:mod:`.confusions`) it shows and how often, counted from words that the dictionary rejects
   but that become frequent Norwegian words under one confusion. A clean document has no such
   evidence, so its words are left alone;
3. each token is decided in its sentence (:mod:`.rules`): hand rules first ("bor vurderes"),
   then the word-pair context model for valid words with twins ("vare"/"våre",
   :mod:`.context`), then the word alone (:mod:`.words`): candidates from the confusion table,
   at most three edits per word, ranked as a noisy channel by the lexicon's score
   (:mod:`.lexicon`: wordfreq, compounds, hunspell) less the document's log10 cost of each edit.
   A word is replaced only when the best candidate beats the word as written by a clear margin.

The margins and thresholds are the knobs of :class:`RepairSettings`. Nothing here mutates its
input; the functions return new text and the :class:`~horingsanalyse.types.Repair` list.
"""

from __future__ import annotations

import dataclasses

from horingsanalyse.repair.confusions import STANDALONE_A
from horingsanalyse.repair.mojibake import fix_mojibake
from horingsanalyse.repair.profile import ConfusionProfile, estimate_profile
from horingsanalyse.repair.rules import decide_token
from horingsanalyse.repair.settings import DEFAULT_REPAIR_SETTINGS, RepairSettings
from horingsanalyse.repair.text import (
    capital_read_for_small_a,
    lost_initial,
    restore_initial,
    sentence_start,
    skippable,
    tokens,
)
from horingsanalyse.types import Letter, Repair

__all__ = [
    "DEFAULT_REPAIR_SETTINGS",
    "ConfusionProfile",
    "RepairSettings",
    "estimate_profile",
    "fix_mojibake",
    "repair_letter",
    "repair_text",
]


def repair_text(
    text: str,
    *,
    page: int = 1,
    profile: ConfusionProfile | None = None,
    settings: RepairSettings | None = None,
) -> tuple[str, list[Repair]]:
    """Repair mojibake and Norwegian-letter OCR confusions in ``text``.

    Args:
        text: the text of one page (or any text).
        page: the page number recorded in each repair.
        profile: the document's confusions (see :func:`estimate_profile`); estimated from
            ``text`` itself when not given.
        settings: the knobs to estimate the profile with (default
            :data:`DEFAULT_REPAIR_SETTINGS`); a given profile brings its own, and these, if
            given too, must be the same.

    Returns:
        The repaired text and the repairs made, in text order (mojibake fixes first).
    """
    if profile is not None and settings is not None and settings != profile.settings:
        raise ValueError("repair_text: the profile was estimated under other settings than those given")
    text, repairs = fix_mojibake(text, page=page)
    if profile is None:
        profile = estimate_profile(text, settings or DEFAULT_REPAIR_SETTINGS)
    if not profile.evidence:
        return text, repairs  # nothing garbled was seen: correct words must not change
    found = list(tokens(text, profile.settings))
    words = [match.group() for match in found]  # as repaired so far: the left neighbour is read repaired
    pieces, position = [], 0
    for index, match in enumerate(found):
        word = match.group()
        if skippable(word) and word not in STANDALONE_A:
            continue
        previous = "" if sentence_start(text, match.start()) or not index else words[index - 1]
        next_words = tuple(following.group() for following in found[index + 1 : index + 3])
        choice = decide_token(word, previous, text[match.end() : match.end() + 1], next_words, profile)
        if choice is None:
            continue
        words[index] = choice.after
        start, after = match.start(), choice.after
        if previous and capital_read_for_small_a(word, after):
            after = after[0].lower() + after[1:]
        if lost_initial(word, after):
            start, after = restore_initial(text, start, after)
        pieces += [text[position:start], after]
        position = match.end()
        repairs.append(Repair(page, text[start : match.end()], after, choice.confidence, kind="ocr"))
    pieces.append(text[position:])
    return "".join(pieces), repairs


def repair_letter(letter: Letter, settings: RepairSettings = DEFAULT_REPAIR_SETTINGS) -> Letter:
    """Return a copy of ``letter`` with every page repaired and the repairs appended.

    The confusion profile is estimated once from all pages, so that a page with few words is
    repaired with the evidence of the whole document.

    Args:
        letter: the letter as extracted.
        settings: the repair's knobs.

    Returns:
        A new ``Letter``; ``letter`` itself is left unchanged.
    """
    fixed = [fix_mojibake(page.text, page=page.number) for page in letter.pages]
    profile = estimate_profile("\n\n".join(text for text, _ in fixed), settings)
    pages, repairs = [], list(letter.repairs)
    for page, (text, mojibake) in zip(letter.pages, fixed):
        repaired, ocr = repair_text(text, page=page.number, profile=profile)
        pages.append(dataclasses.replace(page, text=repaired))
        repairs += mojibake + ocr
    return dataclasses.replace(letter, pages=tuple(pages), repairs=tuple(repairs))
