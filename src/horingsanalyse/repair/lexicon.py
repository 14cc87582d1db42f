"""How likely a spelling is as Norwegian: wordfreq's frequencies, hunspell, compounds, kommune names.

Every decision of the repair compares spellings by these scores, in Zipf units (log10 of a
word's frequency per billion words): a listed word scores its wordfreq bokmål frequency; an
unlisted one that splits into known words ("lønn|s|plikt") scores from its parts, less a cost; a
word only hunspell accepts gets a fixed score. Hunspell nb_NO and nn_NO are read from
``/usr/share/hunspell`` at run time (Debian's ``hunspell-no``; those GPL lists are not copied into
this package); without them, rare listed words stand in for rejected ones.

wordfreq has no nynorsk list (asked for "nn" it answers with bokmål), so nynorsk comes from
hunspell alone. The names of the kommuner (``resources/actors.csv``) that have æ/ø/å count as
known words too: wordfreq lists many of them as rare, yet they are common in høringssvar.

The constants below define the scores, which are cached per word; they are properties of the
lexicon, not per-run knobs (those are in :mod:`horingsanalyse.repair.settings`).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from ..norwegian import zipf_frequencies

KNOWN_SCORE = 1.0  # wordfreq's floor: a word scoring less is unknown
ENGLISH_MIN_ZIPF = 3.0  # English words rarer than this are not kept
VALID_ZIPF_WITHOUT_HUNSPELL = 3.0  # without hunspell, rarer listed words count as rejected
HUNSPELL_DIR = Path("/usr/share/hunspell")
HUNSPELL_DICTIONARIES = ("nb_NO", "nn_NO")
HUNSPELL_SCORE = 2.0  # an unlisted word that hunspell accepts
# Compound analysis ("lønn" + s + "plikt" + "perioden"): linking letters, part sizes, and the
# score of a compound: from its parts' Zipf frequencies (see _split_score) less a cost.
COMPOUND_LINKS = ("", "s", "e")
MIN_PART = 3
MIN_HEAD = 4  # the last part carries the inflection; 3-letter tails are mostly abbreviations
MIN_PART_ZIPF = 3.0
MIN_SHORT_PART_ZIPF = 4.0  # 3-letter parts must be common words (før, opp, lov), not "pk"
MAX_PARTS = 4
COMPOUND_COST = 2.0
EXTRA_PART_COST = 0.3
# Garbles split into real words too ("ser|skatt"), and hunspell rejects real compounds too
# ("oppfølgingsavtale"): a split it rejects costs a candidate a little and a word as written much.
CANDIDATE_REJECTED_COST = 0.5
ORIGINAL_REJECTED_COST = 2.5
ACTORS_RESOURCE = "actors.csv"
KOMMUNE = "kommune"
KOMMUNE_SUFFIX = " kommune"
DIGIT = re.compile(r"\d")


# --------------------------------------------------------------------------- word lists


@functools.lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """Bokmål and English Zipf frequencies (English only ≥ 3), loaded on first use."""
    english = {word: z for word, z in zipf_frequencies("en").items() if z >= ENGLISH_MIN_ZIPF}
    return zipf_frequencies("nb"), english


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in bokmål; 0 when unlisted."""
    return _frequencies()[0].get(word, 0.0)


def english_zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in English; 0 when unlisted or rarer than 3."""
    return _frequencies()[1].get(word, 0.0)


@functools.lru_cache(maxsize=1)
def hunspell_dictionaries() -> tuple:
    """Hunspell nb_NO and nn_NO from the system, or () when the binding or the files are absent."""
    try:
        import hunspell
    except ImportError:
        return ()
    return tuple(
        hunspell.Hunspell(name, hunspell_data_dir=str(HUNSPELL_DIR))
        for name in HUNSPELL_DICTIONARIES
        if (HUNSPELL_DIR / f"{name}.dic").exists()
    )


@functools.lru_cache(maxsize=300_000)
def hunspell_accepts(word: str) -> bool:
    """True when hunspell, bokmål or nynorsk, accepts ``word`` as written."""
    try:
        return any(dictionary.spell(word) for dictionary in hunspell_dictionaries())
    except UnicodeEncodeError:  # the system dictionaries are Latin-1
        return False


def _dictionary_verdicts(word: str) -> tuple[bool, bool] | None:
    """(bokmål accepts, nynorsk accepts), or ``None`` unless both dictionaries are installed."""
    dictionaries = hunspell_dictionaries()
    if len(dictionaries) < len(HUNSPELL_DICTIONARIES):
        return None
    try:
        return bool(dictionaries[0].spell(word)), bool(dictionaries[1].spell(word))
    except UnicodeEncodeError:  # the system dictionaries are Latin-1
        return False, False


def nynorsk_only(word: str) -> bool:
    """True for a word that hunspell accepts in nynorsk but not in bokmål ("vere", "gjer")."""
    verdicts = _dictionary_verdicts(word)
    return verdicts is not None and verdicts[1] and not verdicts[0]


def bokmal_only(word: str) -> bool:
    """True for a word that hunspell accepts in bokmål but not in nynorsk ("fra", "ga")."""
    verdicts = _dictionary_verdicts(word)
    return verdicts is not None and verdicts[0] and not verdicts[1]


def nynorsk_accepts(word: str) -> bool:
    """True when nynorsk hunspell accepts the lower-case word (or is not installed)."""
    verdicts = _dictionary_verdicts(word.lower())
    return verdicts is None or verdicts[1]


@functools.lru_cache(maxsize=1)
def kommune_names() -> frozenset[str]:
    """Lower-case names of the kommuner in ``resources/actors.csv`` ("frøya", "sola")."""
    text = (resources.files("horingsanalyse") / "resources" / ACTORS_RESOURCE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return frozenset(row["name"].removesuffix(KOMMUNE_SUFFIX).lower() for row in rows if row["category"] == KOMMUNE)


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """The kommune names that have æ/ø/å ("frøya", "lurøy"): rare in wordfreq, yet common in
    høringssvar from the coast."""
    return frozenset(name for name in kommune_names() if set(name) & set("æøå"))


def names_a_kommune(word: str) -> bool:
    """True for a word that, in lower case, is the name of a kommune with æ/ø/å ("Frøya")."""
    return word.lower() in _place_names()


# --------------------------------------------------------------------------- compounds


def _part_zipf(part: str) -> float:
    """The part's Zipf frequency if it may stand in a compound, else 0."""
    frequency = zipf(part)
    needed = MIN_SHORT_PART_ZIPF if len(part) == MIN_PART else MIN_PART_ZIPF
    return frequency if frequency >= needed else 0.0


def _splits(word: str, parts: int = 1) -> Iterator[tuple[float, ...]]:
    """The Zipf frequencies of the parts of each split of ``word`` into known words, optionally
    linked by s or e ("lønn|s|plikt"), of at most :data:`MAX_PARTS` parts."""
    if parts > 1 and len(word) >= MIN_HEAD and (tail := zipf(word)) >= MIN_PART_ZIPF:
        yield (tail,)
    if parts == MAX_PARTS:
        return
    for cut in range(MIN_PART, len(word) - MIN_HEAD + 1):
        first = _part_zipf(word[:cut])
        if not first:
            continue
        rest = word[cut:]
        for link in COMPOUND_LINKS:
            if rest.startswith(link) and not _doubled_link(word[:cut], link):
                for tail in _splits(rest[len(link) :], parts + 1):
                    yield (first, *tail)


@functools.lru_cache(maxsize=500_000)
def _compound_zipf(word: str) -> float:
    """The score of the best split of ``word`` (see :func:`_split_score`); 0 when there is none."""
    return max(map(_split_score, _splits(word)), default=0.0)


def _split_score(zipfs: tuple[float, ...]) -> float:
    """A split's score: the mean of its rarest part's Zipf frequency and of its parts' mean, less
    a cost per part beyond two. The rarest part alone let a garble's split into short common
    words ("havne|e|ringer") beat the compound it hides ("hav|næringer"); the mean alone let
    common short parts carry a rare one into a false compound."""
    mean = sum(zipfs) / len(zipfs)
    return (min(zipfs) + mean) / 2 - EXTRA_PART_COST * (len(zipfs) - 2)


def _doubled_link(first: str, link: str) -> bool:
    """True for a linking letter that repeats the part before it ("havne|e|ringer"): Norwegian
    links s and e only after a part that does not end in them, so such a split is a garble's
    ("havneeringer" for "hav|næringer"), not a compound's."""
    return bool(link) and first.endswith(link)


# --------------------------------------------------------------------------- scores


@functools.lru_cache(maxsize=500_000)
def candidate_score(word: str, rejected_cost: float = CANDIDATE_REJECTED_COST) -> float:
    """How likely a lower-case spelling is as Norwegian: Zipf if listed, else a compound score,
    less ``rejected_cost`` when hunspell rejects the compound. 0 means unknown.
    """
    frequency = zipf(word)
    if frequency >= KNOWN_SCORE:
        return frequency
    compound = _compound_zipf(word)
    if not compound:
        return 0.0
    compound -= COMPOUND_COST
    if hunspell_dictionaries() and not hunspell_accepts(word):
        compound -= rejected_cost
    return max(compound, 0.0)


@functools.lru_cache(maxsize=300_000)
def as_written(word: str) -> tuple[float, bool]:
    """The score of a word as written, and whether the dictionary accepts it.

    Accepted means hunspell accepts it as written or in lower case (names are capitalised in
    hunspell); without hunspell, a listed word with Zipf ≥ 3. A word with a digit is neither.
    """
    if DIGIT.search(word):
        return 0.0, False
    lower = word.lower()
    score = candidate_score(lower, ORIGINAL_REJECTED_COST)
    if not zipf(lower):
        score = min(score, HUNSPELL_SCORE)  # a compound split alone is no proof of the spelling
    if hunspell_dictionaries():
        accepted = hunspell_accepts(word) or hunspell_accepts(lower)
        if accepted and not score:
            score = HUNSPELL_SCORE
    else:
        accepted = score >= VALID_ZIPF_WITHOUT_HUNSPELL
    return score, accepted
