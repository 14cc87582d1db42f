"""The word-pair context model: garbles that are also words, told apart by their neighbours.

"vare" may be "våre", "bor" "bør", "ga" "gå", "var" "vår": the dictionary accepts both readings,
so only the words around one tell them apart ("bor vurderes" is "bør vurderes"). The counts come
from ``resources/repair_bigrams.tsv`` (built by ``benchmarks/build_repair_bigrams.py``; its
format and provenance are in ``resources/README.md``): for each such word and its twins, how
often it occurs and how often each neighbour stood just before or after it. A neighbour is a
common word as itself, any other by its last two letters ("~es"), as the table was built; where
the table never saw a neighbour beside any reading and the neighbour is too rare for that to
mean anything, it is read by its word class ("#VERB"): "politisk råd".

The key functions (:func:`context_key`, :func:`word_class`) are shared with the build script, so
that the table is counted as it is read.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from horingsanalyse.repair.confusions import candidates
from horingsanalyse.repair.lexicon import nynorsk_accepts, nynorsk_only, zipf
from horingsanalyse.repair.profile import ConfusionProfile
from horingsanalyse.repair.settings import RepairSettings
from horingsanalyse.repair.words import Choice

BIGRAMS_RESOURCE = "repair_bigrams.tsv"
# The table's format: these must be the values it was built with.
SENTENCE_START = "<s>"
CONTEXT_MIN_ZIPF = 4.0  # a neighbour at least this common is kept as itself
SUFFIX_MARK = "~"
# Where the table never saw a neighbour beside a reading, it reads the neighbour by its word class
# ("#VERB"), guessed from a common word itself or from the last three letters of a rare one.
CLASS_MARK = "#"
CLASS_ENDING = 3


def context_key(word: str) -> str:
    """How the context table names a neighbour: a common word as itself, any other by its last
    two letters ("~es" for "vurderes"), since the ending (passive, infinitive, plural) is what
    tells "bør" from "bor" or "våre" from "vare" after all."""
    lower = word.lower()
    return lower if zipf(lower) >= CONTEXT_MIN_ZIPF else SUFFIX_MARK + lower[-2:]


def word_class(word: str, guesses: dict[str, str]) -> str:
    """The class key of a neighbour ("#VERB"), the back-off where its own pairs are unseen: a
    common word's commonest tag, or that of the rare words ending in its last three letters
    ("~aft": "#NOUN"); "" when ``guesses`` (the table's ``W`` and ``S`` rows) know neither."""
    lower = word.lower()
    key = lower if zipf(lower) >= CONTEXT_MIN_ZIPF else SUFFIX_MARK + lower[-CLASS_ENDING:]
    tag = guesses.get(key)
    return CLASS_MARK + tag if tag else ""


@dataclass(frozen=True)
class ContextTable:
    """Counts of the ambiguous words and of their neighbours on the left ("L") and right ("R").

    ``background`` is each neighbour's share of all neighbours on its side; ``kept`` holds, per
    (side, word), the count and the background share of the neighbours listed for that word.
    """

    unigrams: dict[str, int]
    pairs: dict[tuple[str, str, str], int]
    background: dict[tuple[str, str], float]
    kept: dict[tuple[str, str], tuple[int, float]]
    unseen: dict[str, float]

    @classmethod
    def from_counts(cls, unigrams: dict[str, int], pairs: dict[tuple[str, str, str], int]) -> ContextTable:
        """The table of these counts, with background shares on each side smoothed by one."""
        totals: Counter[tuple[str, str]] = Counter()
        for (side, _, neighbour), n in pairs.items():
            totals[side, neighbour] += n
        size: Counter[str] = Counter()
        for (side, _), n in totals.items():
            size[side] += n + 1
        background = {(side, neighbour): (n + 1) / size[side] for (side, neighbour), n in totals.items()}
        kept: dict[tuple[str, str], tuple[int, float]] = {}
        for (side, word, neighbour), n in pairs.items():
            count, share = kept.get((side, word), (0, 0.0))
            kept[side, word] = (count + n, share + background[side, neighbour])
        return cls(unigrams, pairs, background, kept, {side: 1 / n for side, n in size.items()})

    def ratio(self, side: str, reading: str, neighbour: str) -> float:
        """P(neighbour | reading) / P(neighbour): how much a neighbour favours a reading.

        The table lists only pairs seen twice or more, so an unlisted neighbour gets the reading's
        unlisted share of its count, spread by background share (a back-off): a rare reading is
        neutral, and a common one is not condemned by one unseen pair.
        """
        background = self.background.get((side, neighbour), self.unseen[side])
        total = self.unigrams.get(reading, 0)
        count = self.pairs.get((side, reading, neighbour))
        if count:
            return count / total / background
        listed, share = self.kept.get((side, reading), (0, 0.0))
        return (total - listed + 1) / (total + 1) / max(1.0 - share, background)


@dataclass(frozen=True)
class ContextModel:
    """The context model: neighbours as words (``words``) and as classes (``classes``), and the
    class guesses that name a neighbour's class."""

    words: ContextTable
    classes: ContextTable
    guesses: dict[str, str]


@functools.lru_cache(maxsize=1)
def context_model() -> ContextModel:
    """Read ``resources/repair_bigrams.tsv`` (see ``benchmarks/build_repair_bigrams.py``)."""
    text = (resources.files("horingsanalyse") / "resources" / BIGRAMS_RESOURCE).read_text(encoding="utf-8")
    unigrams, word_pairs, class_pairs, guesses = {}, {}, {}, {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        side, word, neighbour, count = line.split("\t")
        if side == "U":
            unigrams[word] = int(count)
        elif side in ("W", "S"):
            guesses[word] = neighbour
        else:
            (class_pairs if neighbour.startswith(CLASS_MARK) else word_pairs)[side, word, neighbour] = int(count)
    return ContextModel(
        ContextTable.from_counts(unigrams, word_pairs), ContextTable.from_counts(unigrams, class_pairs), guesses
    )


def has_twins(word: str) -> bool:
    """True for a lower-case word the table counts: a garble that is a word too, or its twin."""
    return word in context_model().words.unigrams


def _neighbour_keys(
    readings: list[str], previous: str, next_word: str, settings: RepairSettings
) -> list[tuple[ContextTable, str, str]]:
    """For each neighbour, the table and key to read it by, the same for all readings: the word
    itself ("~es" if rare) where the table saw it beside one of them, or where it is so common
    that not seeing it beside any is itself evidence ("en våre"); else its class."""
    context, keys = context_model(), []
    most = max(context.words.unigrams.get(reading, 0) for reading in readings)
    for side, neighbour in (("L", previous or SENTENCE_START), ("R", next_word)):
        if not neighbour:
            continue
        if neighbour == SENTENCE_START:
            keys.append((context.words, side, neighbour))
            continue
        key, class_key = context_key(neighbour), word_class(neighbour, context.guesses)
        seen = any((side, reading, key) in context.words.pairs for reading in readings)
        expected = most * context.words.background.get((side, key), 0.0)
        by_word = seen or expected >= settings.expected_pairs or not class_key
        keys.append((context.words, side, key) if by_word else (context.classes, side, class_key))
    return keys


def _context_score(reading: str, keys: list[tuple[ContextTable, str, str]], settings: RepairSettings) -> float:
    """log10 of P(reading) times how much its neighbours favour it: wordfreq prior, table ratios.

    A pair the table never saw counts against the reading by at most ``unseen_pair_floor``: the
    counts come from other registers than a høringssvar's (laws, news), so a pair they lack
    ("etter år", as in "år etter år") is weak evidence, however common the reading.
    """
    score = zipf(reading)
    for table, side, key in keys:
        ratio = math.log10(table.ratio(side, reading, key))
        score += ratio if (side, reading, key) in table.pairs else max(ratio, settings.unseen_pair_floor)
    return score


def context_choice(word: str, previous: str, next_word: str, profile: ConfusionProfile) -> Choice | None:
    """Choose between a valid word and its valid twins ("vare"/"våre") by their neighbours.

    A twin is reached by at most two edits of plausible families (a stand-in seen once, or any
    for a letter the document loses: "fore" -> "føre" where ø came out as o only once), whose cost
    is counted, and must beat the word as written by ``context_margin`` (see
    :func:`_context_margin`). A nynorsk word in a nynorsk document ("gjer", "vere") yields only
    to edits of active families.

    Args:
        word: the token as written.
        previous: the word before it as already repaired, "" at a sentence start.
        next_word: the word after it as its own repair will read, "" at the text's end.
        profile: the document's confusions.

    Returns:
        The twin chosen, or ``None`` when the word stays.
    """
    unigrams = context_model().words.unigrams
    nynorsk_word = profile.nynorsk and nynorsk_only(word.lower())
    allowed = profile.active if nynorsk_word else profile.plausible
    readings = [(0.0, word)] + [
        (sum(profile.penalty(family) for family in families), candidate)
        for candidate, families in candidates(word, 2)
        if candidate.lower() in unigrams and set(families) <= allowed
    ]
    if len(readings) == 1:
        return None
    keys = _neighbour_keys([reading.lower() for _, reading in readings], previous, next_word, profile.settings)
    scored = [(_context_score(reading.lower(), keys, profile.settings) - cost, reading) for cost, reading in readings]
    kept = scored[0][0]
    best_score, best = max(scored)
    if best == word or best_score - kept < _context_margin(word, best, profile.settings):
        return None
    total = sum(10 ** (score - best_score) for score, _ in scored)
    return Choice(best, round(1 / total, 3))


def _context_margin(word: str, twin: str, settings: RepairSettings) -> float:
    """How much likelier (log10) the twin must be: less when wordfreq already prefers it by far,
    as a valid word much rarer than its æ/ø/å twin is, in a garbled document, mostly a garble.
    Not where the twin is bokmål only ("vert"/"vært"): there the spelling may be nynorsk."""
    gap = zipf(twin.lower()) - zipf(word.lower())
    if gap < settings.common_twin_gap or (nynorsk_accepts(word) and not nynorsk_accepts(twin)):
        return settings.context_margin
    return settings.common_twin_margin
