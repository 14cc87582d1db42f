"""Undo mojibake and the æ/ø/å/l confusions of OCR made without Norwegian, recording every change.

Many høringssvar arrive as PDFs whose text layer came from OCR that did not know Norwegian, or
from broken fonts: "Hgringssvar" for "Høringssvar", "ordinzer" for "ordinær", "f&" for "få",
"Ignnsplikt" for "lønnsplikt" (l read as I, ø as g). Others were decoded with the wrong
encoding ("hÃ¸ring"). This module repairs such text word by word:

1. mojibake is fixed first, chunk by chunk, with ftfy;
2. each document gets a :class:`ConfusionProfile`: which confusions it shows and how often,
   counted from words that the dictionary rejects but that become frequent Norwegian words under
   one confusion. A clean document has no such evidence, so its words are left alone;
3. each word the dictionary rejects (or a short word such as "pa", "mal", "bade" in a document
   that shows the confusion) gets candidates from the confusion table, at most three edits per
   word, ranked as a noisy channel: the candidate's Zipf frequency in bokmål (wordfreq), or a
   score for a valid compound ("lønn|s|plikt"), less the document's log10 cost of each edit. A
   word is replaced only when the best candidate beats the word as written by a clear margin.

The dictionary is wordfreq's bokmål list plus, when installed, hunspell's nb_NO and nn_NO from
``/usr/share/hunspell`` (read there at run time; those GPL lists are not copied into this
package). Without hunspell, rare listed words stand in for rejected ones.

Nothing here mutates its input; the functions return new text and the
:class:`~horingsanalyse.types.Repair` list.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ftfy
import wordfreq

from horingsanalyse.types import Letter, Repair

# Norwegian letter -> what OCR without Norwegian turns it into. The family name "ø>g" reads
# "ø came out as g". Digits stand in for letters only inside words ("m4te", "f0lge"). The rarer
# stand-ins ("ga", "eze", "d", "agg", "é") are what Tesseract's English model made of the
# letters in the repair benchmark ("leverandgarklyngene", "nezeringer", "ogsd", "pagg", "mé").
# It also reads ø as "@" inside a word, alone or after a letter ("utgj@r", "sja@matproduksjon"),
# so such an "@" is part of a word (see TOKEN).
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "ø": ("g", "e", "a", "o", "p", "0", "ga", "og", "@", "a@", "o@", "g@"),
    "æ": ("z", "ze", "ae", "ee", "e", "zae", "ge", "eze", "zge", "a"),
    "å": ("a", "&", "4", "aa", "d", "agg", "é", "éa", "al", "all"),
    "l": ("I", "1"),
    "j": ("i",),  # "giennomga": the dot of j survives, its tail does not
}
MAX_EDITS = 3
# log10 cost of one edit from a confusion the document shows no sign of, and the floor.
UNSEEN_PENALTY = 3.0
MIN_PENALTY = 0.05
LOST_LETTER_PENALTY = 1.5  # ...and of an unseen stand-in for a letter the document loses
# A confusion may change a word the dictionary accepts only after this many repaired words...
MIN_EVIDENCE = 2
# ...and only a short word ("pa", "mal", "bade", "star") or a rare one ("innfore"); other valid
# words are never changed.
MAX_AMBIGUOUS_LENGTH = 5
RARE_ZIPF = 3.0
# Margins (log10 units) the best candidate must win by: over a rejected word, a valid short one,
# a valid rare one.
UNKNOWN_MARGIN = 0.5
# A word nothing accepts or analyses, in a document that shows garbling, is itself the evidence:
# it yields to an attested (wordfreq-listed) candidate even one that scores below it.
ATTESTED_MARGIN = -1.5
KNOWN_MARGIN = 1.0
RARE_MARGIN = 1.5
# A valid word wordfreq does not list is valid only as hunspell's compound ("innforingen" =
# inn|for|ingen): it yields to an attested candidate by a smaller margin.
UNLISTED_MARGIN = 0.5
# OCR drops a letter it cannot read ("nsker" for "ønsker"): one of these may be put back, at this
# log10 cost, in a word of at least this length, when it gives a word at least this frequent.
DROPPED_LETTERS = ("ø", "å", "æ")
NORWEGIAN_VOWELS = "æøå"
DROPPED_LETTER_PENALTY = 1.5
MIN_DROPPED_WORD = 3
DROPPED_MIN_ZIPF = 3.5
# Evidence for a confusion: a rejected word that becomes a word at least this frequent...
EVIDENCE_MIN_ZIPF = 2.5
# ...and at least this much (log10) more frequent than the word as written.
EVIDENCE_MIN_GAIN = 2.0
KNOWN_SCORE = 1.0  # wordfreq's floor: a word scoring less is unknown
VALID_ZIPF_WITHOUT_HUNSPELL = 3.0  # without hunspell, rarer listed words count as rejected
HUNSPELL_DIR = Path("/usr/share/hunspell")
HUNSPELL_DICTIONARIES = ("nb_NO", "nn_NO")
HUNSPELL_SCORE = 2.0  # an unlisted word that hunspell accepts
HUNSPELL_MAX_CALLS = 40  # hunspell costs ~50 µs a word; ask it only about the cheapest few
# Compound analysis costs ~20 µs a spelling: only for candidates whose edits cost less than this,
# as compounds score at most ~3 and must still win by a margin.
MAX_COMPOUND_EDIT_COST = 2.0
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
# English passages are left alone: a sentence is English when this share of its words are.
ENGLISH_SHARE = 0.4
MIN_ENGLISH_WORDS = 4
ENGLISH_MIN_ZIPF = 3.0
ENGLISH_LEAD = 1.0  # an English word is this much (log10) more frequent in English than in bokmål

# Context: a valid word that the next word shows to be garbled ("Var referanse", "bor vurderes").
MODAL_NEXT = frozenset(
    "være ikke det også derfor man vi de dette den disse dermed kunne få bli ha gis gjøres legges "
    "tas ses heller etter videre snarest sikres vurdere ligge inngå gjelde se gi ta gå kreve sikre "
    "legge innføre endre vera".split()
)
REPAIR_BEFORE: dict[str, tuple[str, str, frozenset[str]]] = {
    # garbled form: (repair, letter the document must lose, next words that show it)
    "var": ("vår", "å", frozenset({"referanse", "ref"})),
    "bor": ("bør", "ø", MODAL_NEXT),
    "ber": ("bør", "ø", MODAL_NEXT),
    "bar": ("bør", "ø", MODAL_NEXT),
}
# "bor vurderes", "ber svarast": a modal verb takes the passive infinitive, bokmål or nynorsk
PASSIVE_ENDINGS = ("es", "ast")
# ...but "ber" is the verb as written where the preposition it takes follows at once or after
# one word: "Vi ber derfor om". ("bor i" is no such sign: "bør i større grad" is common.)
VERB_AS_WRITTEN = {"ber": frozenset({"om"})}
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
# Nynorsk documents: told by their commonest words, none of which has æ/ø/å to lose.
NYNORSK_MARKERS = frozenset("ikkje eit ein dei kva korleis meir mykje berre difor desse noko nokon".split())
NYNORSK_SHARE = 0.01
# ...and bokmål ones, of which one in a 300-word page shows a document that writes bokmål too.
BOKMAL_MARKERS = frozenset("ikke et en noe noen mye hva hvordan bare derfor disse mer hvis".split())
BOKMAL_SHARE = 0.003
# Context model for garbles that are valid words too ("vare"/"våre", "ga"/"gå"): counts of the
# neighbours of both readings in clean bokmål (see resources/README.md). A neighbour is a common
# word, or else only its last two letters, as the table was built.
BIGRAMS_RESOURCE = "repair_bigrams.tsv"
# Place names: a capitalised candidate that names a kommune scores at least this.
ACTORS_RESOURCE = "actors.csv"
KOMMUNE = "kommune"
KOMMUNE_SUFFIX = " kommune"
PLACE_SCORE = 4.0
# ...and a word before one of these is read as a kommune's name ("Freya kommune").
KOMMUNE_WORDS = frozenset({"kommune", "kommunes", "kommunestyre", "kommunestyres", "herad"})
SENTENCE_START = "<s>"
CONTEXT_MIN_ZIPF = 4.0
SUFFIX_MARK = "~"
# Where the table never saw a neighbour beside a reading, it reads the neighbour by its word class
# ("#VERB"), guessed from a common word itself or from the last three letters of a rare one.
CLASS_MARK = "#"
CLASS_ENDING = 3
# A pair this often expected beside the commonest reading, had it been usual, and unseen, is
# read by the word: the table lists pairs seen twice.
EXPECTED_PAIRS = 2.0
CONTEXT_MARGIN = 1.0  # log10: the twin must be ten times likelier than the word as written
# ...or only three times, when wordfreq lists the twin this much (log10) more often: "okt", "mate",
# "nar" are listed mostly as garbles of "økt", "måte", "når" in OCR'd web text.
COMMON_TWIN_GAP = 1.0
COMMON_TWIN_MARGIN = 0.5
LIST_MARKER_AFTER = (")", ".", "-")
# OCR without Norwegian reads a capital "Ø" as "@" ("@nsker"), which tokens leave out at a
# word's start (an "@" between letters is inside the token).
AT_FOR_O = "@"

TOKEN = re.compile(r"(?:[^\W_]|&|(?<=[^\W\d_])@(?=[^\W\d_]))+|\|")
URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
SEGMENT_END = re.compile(r"(?<=[.!?])\s+|\n")
MOJIBAKE_CHUNK = re.compile(r"\S*[ÃÂâ][\x80-\xff\u0152-\u2122]\S*")
DIGIT = re.compile(r"\d")
# One lower-case letter and the "4" that stands for å: "p4", "m4", "s4" (på, må, så); "1a" stays.
SHORT_DIGIT_WORD = re.compile(r"[a-zæø]4")


@dataclass(frozen=True)
class ConfusionProfile:
    """Which letter confusions one document shows, and what an edit of each costs there.

    ``evidence`` counts, per family ("ø>g"), the words that family repairs; ``penalties`` is the
    log10 cost of one edit: -log10 of the estimated share of the letter that came out that way.
    Families absent from ``penalties`` cost :data:`UNSEEN_PENALTY`. In a ``nynorsk`` document,
    nynorsk words are never changed ("vere", "handtering"), valid words change only to nynorsk
    ones ("vert" stays), and, unless it writes ``bokmal`` too, bokmål-only words are taken for
    garbles of their nynorsk twins ("fra" -> "frå").
    """

    evidence: tuple[tuple[str, int], ...] = ()
    penalties: tuple[tuple[str, float], ...] = ()
    nynorsk: bool = False
    bokmal: bool = False

    @functools.cached_property
    def _penalty_of(self) -> dict[str, float]:
        return dict(self.penalties)

    @functools.cached_property
    def active(self) -> frozenset[str]:
        """Families with enough evidence to change words that the dictionary accepts."""
        return frozenset(family for family, count in self.evidence if count >= MIN_EVIDENCE)

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

    def penalty(self, family: str) -> float:
        """The log10 cost of one edit of ``family`` in this document: a stand-in not seen yet
        costs less when the document loses its letter otherwise ("ze" where "ee" stood for "æ")."""
        default = LOST_LETTER_PENALTY if self.loses(family.split(">")[0]) else UNSEEN_PENALTY
        return self._penalty_of.get(family, default)


@dataclass(frozen=True)
class _Edit:
    """One place in a word where a stand-in may be replaced by the Norwegian letter."""

    start: int
    end: int
    target: str
    family: str


@dataclass(frozen=True)
class _Choice:
    after: str
    confidence: float


# --------------------------------------------------------------------------- dictionary


@functools.lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """Bokmål and English Zipf frequencies (English only ≥ 3), loaded on first use.

    wordfreq has no nynorsk list (asked for "nn" it answers with bokmål); nynorsk comes from
    hunspell when it is installed.
    """

    def zipf(lang: str, floor: float = 0.0) -> dict[str, float]:
        frequencies = wordfreq.get_frequency_dict(lang).items()
        return {word: z for word, freq in frequencies if (z := math.log10(freq) + 9) >= floor}

    return zipf("nb"), zipf("en", floor=ENGLISH_MIN_ZIPF)


@functools.lru_cache(maxsize=1)
def _hunspell() -> tuple:
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
def _hunspell_accepts(word: str) -> bool:
    try:
        return any(dictionary.spell(word) for dictionary in _hunspell())
    except UnicodeEncodeError:  # the system dictionaries are Latin-1
        return False


def _dictionary_verdicts(word: str) -> tuple[bool, bool] | None:
    """(bokmål accepts, nynorsk accepts), or ``None`` unless both dictionaries are installed."""
    dictionaries = _hunspell()
    if len(dictionaries) < len(HUNSPELL_DICTIONARIES):
        return None
    try:
        return bool(dictionaries[0].spell(word)), bool(dictionaries[1].spell(word))
    except UnicodeEncodeError:  # the system dictionaries are Latin-1
        return False, False


def _nynorsk_only(word: str) -> bool:
    """True for a word that hunspell accepts in nynorsk but not in bokmål ("vere", "gjer")."""
    verdicts = _dictionary_verdicts(word)
    return verdicts is not None and verdicts[1] and not verdicts[0]


def _bokmal_only(word: str) -> bool:
    """True for a word that hunspell accepts in bokmål but not in nynorsk ("fra", "ga")."""
    verdicts = _dictionary_verdicts(word)
    return verdicts is not None and verdicts[0] and not verdicts[1]


def _nynorsk_accepts(word: str) -> bool:
    """True when nynorsk hunspell accepts the lower-case word (or is not installed)."""
    verdicts = _dictionary_verdicts(word.lower())
    return verdicts is None or verdicts[1]


def _nynorsk_twin(word: str, profile: ConfusionProfile) -> _Choice | None:
    """In a nynorsk document, the nynorsk word that a bokmål-only word hides ("fra" for "frå"):
    one edit of an active family away, accepted by nynorsk hunspell, and of those the one whose
    edit this document makes most often ("frå" by å>a, not "frø" by ø>a). A document that writes
    no bokmål has such a word only as a garble or a quotation; without a twin it stays."""
    twin = _cheapest_candidate(word, profile, 1, profile.active, _nynorsk_accepts)
    return _Choice(twin, 0.8) if twin else None


def _cheapest_candidate(
    word: str, profile: ConfusionProfile, max_edits: int, allowed: frozenset[str], accept: Callable[[str], bool]
) -> str | None:
    """Of the candidates that edits of ``allowed`` families make and ``accept`` takes, the one
    whose edits this document makes most often (the lowest total penalty)."""
    costed = [
        (sum(profile.penalty(family) for family in families), candidate)
        for candidate, families in _candidates(word, max_edits)
        if set(families) <= allowed and accept(candidate)
    ]
    return min(costed)[1] if costed else None


@functools.lru_cache(maxsize=1)
def _kommune_names() -> frozenset[str]:
    """Lower-case names of the kommuner in ``resources/actors.csv`` ("frøya", "sola")."""
    text = (resources.files("horingsanalyse") / "resources" / ACTORS_RESOURCE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return frozenset(row["name"].removesuffix(KOMMUNE_SUFFIX).lower() for row in rows if row["category"] == KOMMUNE)


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """The kommune names that have æ/ø/å ("frøya", "lurøy"): rare in wordfreq, yet common in
    høringssvar from the coast."""
    return frozenset(name for name in _kommune_names() if set(name) & set("æøå"))


def _names_a_kommune(word: str) -> bool:
    return word.lower() in _place_names()


def _kommune_before(word: str, next_word: str, profile: ConfusionProfile) -> _Choice | None:
    """"Freya kommune" is "Frøya kommune": before "kommune", a capitalised word that names no
    kommune but whose twin, two plausible edits away, does. The sender's own name is often
    written so, and the actor gazetteer matches only the name restored."""
    if not word[:1].isupper() or next_word.lower() not in KOMMUNE_WORDS or word.lower() in _kommune_names():
        return None
    twin = _cheapest_candidate(word, profile, 2, profile.plausible, _names_a_kommune)
    return _Choice(twin, 0.95) if twin else None


def _zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in bokmål; 0 when unlisted."""
    return _frequencies()[0].get(word, 0.0)


def _part_zipf(part: str) -> float:
    """The part's Zipf frequency if it may stand in a compound, else 0."""
    zipf = _zipf(part)
    needed = MIN_SHORT_PART_ZIPF if len(part) == MIN_PART else MIN_PART_ZIPF
    return zipf if zipf >= needed else 0.0


def _splits(word: str, parts: int = 1) -> Iterator[tuple[float, ...]]:
    """The Zipf frequencies of the parts of each split of ``word`` into known words, optionally
    linked by s or e ("lønn|s|plikt"), of at most :data:`MAX_PARTS` parts."""
    if parts > 1 and len(word) >= MIN_HEAD and (tail := _zipf(word)) >= MIN_PART_ZIPF:
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


@functools.lru_cache(maxsize=500_000)
def _candidate_score(word: str, rejected_cost: float = CANDIDATE_REJECTED_COST) -> float:
    """How likely a lower-case spelling is as Norwegian: Zipf if listed, else a compound score,
    less ``rejected_cost`` when hunspell rejects the compound. 0 means unknown.
    """
    zipf = _zipf(word)
    if zipf >= KNOWN_SCORE:
        return zipf
    compound = _compound_zipf(word)
    if not compound:
        return 0.0
    compound -= COMPOUND_COST
    if _hunspell() and not _hunspell_accepts(word):
        compound -= rejected_cost
    return max(compound, 0.0)


@functools.lru_cache(maxsize=300_000)
def _original(word: str) -> tuple[float, bool]:
    """The score of a word as written, and whether the dictionary accepts it.

    Accepted means hunspell accepts it as written or in lower case (names are capitalised in
    hunspell); without hunspell, a listed word with Zipf ≥ 3.
    """
    if DIGIT.search(word):
        return 0.0, False
    lower = word.lower()
    score = _candidate_score(lower, ORIGINAL_REJECTED_COST)
    if not _zipf(lower):
        score = min(score, HUNSPELL_SCORE)  # a compound split alone is no proof of the spelling
    if _hunspell():
        accepted = _hunspell_accepts(word) or _hunspell_accepts(lower)
        if accepted and not score:
            score = HUNSPELL_SCORE
    else:
        accepted = score >= VALID_ZIPF_WITHOUT_HUNSPELL
    return score, accepted


# --------------------------------------------------------------------------- candidates


def _edits(word: str) -> list[_Edit]:
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
                    edits.append(_Edit(start, end, cased, family))
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
def _candidates(word: str, max_edits: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
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


# --------------------------------------------------------------------------- context


def context_key(word: str) -> str:
    """How the context table names a neighbour: a common word as itself, any other by its last
    two letters ("~es" for "vurderes"), since the ending (passive, infinitive, plural) is what
    tells "bør" from "bor" or "våre" from "vare" after all."""
    lower = word.lower()
    return lower if _zipf(lower) >= CONTEXT_MIN_ZIPF else SUFFIX_MARK + lower[-2:]


def word_class(word: str, guesses: dict[str, str]) -> str:
    """The class key of a neighbour ("#VERB"), the back-off where its own pairs are unseen: a
    common word's commonest tag, or that of the rare words ending in its last three letters
    ("~aft": "#NOUN"); "" when ``guesses`` (the table's ``W`` and ``S`` rows) know neither."""
    lower = word.lower()
    key = lower if _zipf(lower) >= CONTEXT_MIN_ZIPF else SUFFIX_MARK + lower[-CLASS_ENDING:]
    tag = guesses.get(key)
    return CLASS_MARK + tag if tag else ""


@dataclass(frozen=True)
class _ContextTable:
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
    def from_counts(cls, unigrams: dict[str, int], pairs: dict[tuple[str, str, str], int]) -> _ContextTable:
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
class _Context:
    """The context model: neighbours as words (``words``) and as classes (``classes``), and the
    class guesses that name a neighbour's class."""

    words: _ContextTable
    classes: _ContextTable
    guesses: dict[str, str]


@functools.lru_cache(maxsize=1)
def _context() -> _Context:
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
    return _Context(
        _ContextTable.from_counts(unigrams, word_pairs), _ContextTable.from_counts(unigrams, class_pairs), guesses
    )


def _neighbour_keys(readings: list[str], previous: str, next_word: str) -> list[tuple[_ContextTable, str, str]]:
    """For each neighbour, the table and key to read it by, the same for all readings: the word
    itself ("~es" if rare) where the table saw it beside one of them, or where it is so common
    that not seeing it beside any is itself evidence ("en våre"); else its class."""
    context, keys = _context(), []
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
        by_word = seen or expected >= EXPECTED_PAIRS or not class_key
        keys.append((context.words, side, key) if by_word else (context.classes, side, class_key))
    return keys


def _context_score(reading: str, keys: list[tuple[_ContextTable, str, str]]) -> float:
    """log10 of P(reading) times how much its neighbours favour it: wordfreq prior, table ratios."""
    return _zipf(reading) + sum(math.log10(table.ratio(side, reading, key)) for table, side, key in keys)


def _context_choice(word: str, previous: str, next_word: str, profile: ConfusionProfile) -> _Choice | None:
    """Choose between a valid word and its valid twins ("vare"/"våre") by their neighbours.

    A twin is reached by at most two edits of plausible families (a stand-in seen once, or any
    for a letter the document loses: "fore" -> "føre" where ø came out as o only once), whose cost
    is counted, and must beat the word as written by :data:`CONTEXT_MARGIN`. A nynorsk word in a
    nynorsk document ("gjer", "vere") yields only to edits of active families.
    """
    unigrams = _context().words.unigrams
    nynorsk_word = profile.nynorsk and _nynorsk_only(word.lower())
    allowed = profile.active if nynorsk_word else profile.plausible
    readings = [(0.0, word)] + [
        (sum(profile.penalty(family) for family in families), candidate)
        for candidate, families in _candidates(word, 2)
        if candidate.lower() in unigrams and set(families) <= allowed
    ]
    if len(readings) == 1:
        return None
    keys = _neighbour_keys([reading.lower() for _, reading in readings], previous, next_word)
    scored = [(_context_score(reading.lower(), keys) - cost, reading) for cost, reading in readings]
    kept = scored[0][0]
    best_score, best = max(scored)
    if best == word or best_score - kept < _context_margin(word, best):
        return None
    total = sum(10 ** (score - best_score) for score, _ in scored)
    return _Choice(best, round(1 / total, 3))


def _context_margin(word: str, twin: str) -> float:
    """How much likelier (log10) the twin must be: less when wordfreq already prefers it by far,
    as a valid word much rarer than its æ/ø/å twin is, in a garbled document, mostly a garble.
    Not where the twin is bokmål only ("vert"/"vært"): there the spelling may be nynorsk."""
    gap = _zipf(twin.lower()) - _zipf(word.lower())
    if gap < COMMON_TWIN_GAP or (_nynorsk_accepts(word) and not _nynorsk_accepts(twin)):
        return CONTEXT_MARGIN
    return COMMON_TWIN_MARGIN


# --------------------------------------------------------------------------- one word


def _skippable(word: str) -> bool:
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


@functools.lru_cache(maxsize=300_000)
def _best_repair(word: str, profile: ConfusionProfile) -> _Choice | None:
    """The repair of ``word`` under ``profile``, or None when the word should stay as written.

    A word the dictionary accepts may change only a little: a short one by one edit of an active
    confusion and :data:`KNOWN_MARGIN`, a rare one by two plausible edits and :data:`RARE_MARGIN`
    (:data:`UNLISTED_MARGIN` when only hunspell's compound rules accept it: then scored by its
    own compound reading, and a compound candidate of active families may replace it). A listed
    word it rejects ("pa", "ogsa") may change by two plausible edits; an unknown word by up to
    :data:`MAX_EDITS` edits of any confusion, or by a dropped letter put back, and to an attested
    word by :data:`ATTESTED_MARGIN`.
    """
    if SHORT_DIGIT_WORD.fullmatch(word) and not profile.loses("å"):
        return None  # "m4" is a screw size unless the document loses å otherwise
    original, accepted = _original(word)
    listed = original >= KNOWN_SCORE and _zipf(word.lower()) >= KNOWN_SCORE
    short, rare = len(word) <= MAX_AMBIGUOUS_LENGTH, original < RARE_ZIPF
    if accepted and (not (short or rare) or not profile.active):
        return None
    if accepted and profile.nynorsk and (not short or _nynorsk_only(word.lower())):
        return None
    require_listed = False
    if accepted:
        max_edits = 1 if short and not rare else 2
        allowed = profile.active if short else profile.plausible
        margin = KNOWN_MARGIN if short else RARE_MARGIN if listed else UNLISTED_MARGIN
        require_listed = not short  # a rare valid word yields only to an attested one
    elif listed:
        max_edits, margin, allowed = 2, KNOWN_MARGIN, profile.plausible
    else:
        max_edits, margin, allowed = MAX_EDITS, UNKNOWN_MARGIN, None
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
        original = min(original, _candidate_score(word.lower()))
    if not _zipf(best.lower()):
        # an unlisted compound must beat the word as written on equal terms ("vertskap|s|...")
        original = max(original, _candidate_score(word.lower()))
    elif not accepted and not original:
        margin = ATTESTED_MARGIN
    if best_score - original < margin:
        return None
    total = 10**original + sum(10**score for score, _ in scored)
    return _Choice(best, round(min(1.0, 10**best_score / total), 3))


def _compound_rivals(word: str, profile: ConfusionProfile) -> list[tuple[float, str]]:
    """Unlisted compound candidates for a long word that only hunspell accepts: it accepts garbles
    as compounds too ("seer|skatten" for "særskatten"), so such a word must meet compounds on
    equal terms, by its own compound reading; but only compounds reached by edits of families
    the document shows often (``active``), as that margin is narrow."""
    scored = _score_candidates(word, profile, 2, profile.active, False)
    return [(score, candidate) for score, candidate in scored if not _zipf(candidate.lower())]


def _score_candidates(
    word: str, profile: ConfusionProfile, max_edits: int, allowed: frozenset[str] | None, require_listed: bool
) -> list[tuple[float, str]]:
    """Noisy-channel scores of the known candidates: their score less the cost of their edits.

    Only edits of ``allowed`` families count, when given; only wordfreq-listed candidates when
    ``require_listed``. Unlisted candidates are put to hunspell, cheapest first, only when no
    candidate is known otherwise.
    """
    scored, unlisted = [], []
    for candidate, families in _candidates(word, max_edits):
        if allowed is not None and not set(families) <= allowed:
            continue
        cost = sum(profile.penalty(family) for family in families)
        if require_listed or cost >= MAX_COMPOUND_EDIT_COST:
            score = _zipf(candidate.lower())
        else:
            score = _candidate_score(candidate.lower())
        if candidate[0].isupper() and candidate.lower() in _place_names():
            score = max(score, PLACE_SCORE)
        if score >= KNOWN_SCORE:
            scored.append((score - cost, candidate))
        elif allowed is None:
            unlisted.append((cost, candidate))
    if not scored and _hunspell():
        for cost, candidate in sorted(unlisted)[:HUNSPELL_MAX_CALLS]:
            if _hunspell_accepts(candidate.lower()):
                scored.append((HUNSPELL_SCORE - cost, candidate))
    return scored


def _dropped_letter_candidates(word: str, profile: ConfusionProfile) -> list[tuple[float, str]]:
    """Scores of the common words that ``word`` becomes with one æ/ø/å put back ("nsker" ->
    "ønsker", "tilfrt" -> "tilført"): OCR sometimes drops the letter it cannot read. Only letters
    the document loses otherwise, and only common words, as a dropped letter leaves no trace."""
    if len(word) < MIN_DROPPED_WORD or not word.isalpha():
        return []
    lower, scored = word.lower(), []
    for letter in DROPPED_LETTERS:
        if not profile.loses(letter):
            continue
        for index in range(len(word) + 1):
            zipf = _zipf(lower[:index] + letter + lower[index:])
            if zipf >= DROPPED_MIN_ZIPF:
                if index == 0 and word[0].isupper():
                    candidate = letter.upper() + word[0].lower() + word[1:]
                else:
                    candidate = word[:index] + letter + word[index:]
                scored.append((zipf - DROPPED_LETTER_PENALTY, candidate))
    return scored


def _repair_in_context(
    word: str, previous: str, following: str, next_words: tuple[str, ...], profile: ConfusionProfile
) -> _Choice | None:
    """Decide one token, using its neighbours for the short words that are also garbled forms;
    ``next_words`` are the (at most two) words after it."""
    lower = word.lower()
    next_word = next_words[0] if next_words else ""
    if {word_after.lower() for word_after in next_words} & VERB_AS_WRITTEN.get(lower, frozenset()):
        return None
    if word == PIPE_AS_I:
        return _Choice("I", 0.8) if not previous and next_word[:1].islower() and profile.loses("å") else None
    if lower in ("a", "å") or word in STANDALONE_A:
        return _standalone_a(word, previous, following, next_word, profile)
    if place := _kommune_before(word, next_word, profile):
        return place
    rule = REPAIR_BEFORE.get(lower)
    if rule and _shows_letter_lost(profile, rule[1]) and _shows_garble(_repaired(next_word, profile), rule[2]):
        return _Choice(word[0] + rule[0][1:], 0.9)
    if profile.nynorsk and not profile.bokmal and _bokmal_only(lower):
        return _nynorsk_twin(word, profile)
    if lower in _context().words.unigrams and _original(word)[1]:
        if profile.nynorsk and _nynorsk_only(lower) and len(word) > MAX_AMBIGUOUS_LENGTH:
            return None  # "nyttar" is a nynorsk verb; a short one ("nar") may still hide "når"
        choice = _context_choice(word, previous, _repaired(next_word, profile), profile)
        if choice is None and len(word) > MAX_AMBIGUOUS_LENGTH:
            # a long twin ("berekraftig", nynorsk) may hide an edit not yet active: score it alone
            return _best_repair(word, profile)
        return None if choice and profile.nynorsk and not _nynorsk_accepts(choice.after) else choice
    return _best_repair(word, profile)


def _repaired(next_word: str, profile: ConfusionProfile) -> str:
    """The next word as its own repair will read, for the context of the word before it
    ("ber vaere" is "bør være")."""
    choice = _best_repair(next_word, profile) if next_word else None
    return choice.after if choice else next_word


def _before_infinitive(previous: str, next_word: str) -> bool:
    """True between a lower-case word and what looks like an infinitive ("til 4 utvikle")."""
    return (
        previous.isalpha()
        and previous[:1].islower()
        and next_word.isalpha()
        and next_word[:1].islower()
        and (next_word.endswith(INFINITIVE_ENDING) or next_word in SHORT_VERBS)
    )


def _before_seen_infinitive(previous: str, next_word: str) -> bool:
    """The looser test for a document that has shown the stand-in before: after any word, and
    before a lower-case word ending like an infinitive ("For 4 lykkes", "til 4 oppna")."""
    return (
        previous.isalpha()
        and next_word.isalpha()
        and next_word[:1].islower()
        and (next_word.endswith(SEEN_INFINITIVE_ENDINGS) or next_word in SHORT_VERBS)
    )


def _shows_letter_lost(profile: ConfusionProfile, letter: str) -> bool:
    """True when the document has lost ``letter`` at least once: with the grammar of the next word
    as the other witness ("ber svarast"), one repaired word is evidence enough."""
    return any(family.startswith(letter + ">") for family, _ in profile.evidence)


def _shows_garble(next_word: str, next_words: frozenset[str]) -> bool:
    lower = next_word.lower()
    return lower in next_words or (next_words is MODAL_NEXT and lower.endswith(PASSIVE_ENDINGS) and len(lower) > 4)


def _standalone_a(
    word: str, previous: str, following: str, next_word: str, profile: ConfusionProfile
) -> _Choice | None:
    """"a", "A", "&" and "4" standing alone for "å", the infinitive marker, or "Å" opening a sentence.

    "a" and "A" need the document to lose å as "a"; "&" and "4" need it to lose å (or æ or ø,
    see :meth:`ConfusionProfile.loses`) and to stand between a lower-case word and an infinitive,
    so that numbers and company names stay; once the document has shown that stand-in so, or
    when it is nynorsk (infinitives in -a), the looser :func:`_before_seen_infinitive` suffices.
    """
    if following.startswith(LIST_MARKER_AFTER) or not next_word[:1].islower():
        return None
    if word in STANDALONE_A:
        if not profile.loses("å"):
            return None
        # nynorsk infinitives end in -a as often as in -e ("til 4 møta"), so the looser test
        seen = STANDALONE_A[word] in dict(profile.evidence) or profile.nynorsk
        test = _before_seen_infinitive if seen else _before_infinitive
        return _Choice("å", 0.9) if test(previous, next_word) else None
    if word.lower() == "å" or "å>a" not in profile.active:
        return None
    opens_sentence = word == "A" and not previous
    if word == "A" and not opens_sentence and not previous[:1].islower():
        return None
    choice = _best_repair("a", profile)
    if choice is None:
        return None
    return dataclasses.replace(choice, after="Å" if opens_sentence else "å")


# --------------------------------------------------------------------------- text


def _is_english(word: str) -> bool:
    """A lower-case word much more frequent in English than in bokmål ("the", "stakeholders")."""
    bokmal, english = _frequencies()
    return len(word) > 1 and english.get(word, 0.0) - bokmal.get(word, 0.0) >= ENGLISH_LEAD


def _english_segments(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences or lines that are mostly English words."""
    spans, start = [], 0
    for boundary in itertools.chain(SEGMENT_END.finditer(text), [None]):
        end = boundary.start() if boundary else len(text)
        words = [match.group().lower() for match in TOKEN.finditer(text, start, end)]
        if len(words) >= MIN_ENGLISH_WORDS and sum(map(_is_english, words)) >= ENGLISH_SHARE * len(words):
            spans.append((start, end))
        start = boundary.end() if boundary else end
    return spans


def _tokens(text: str) -> Iterator[re.Match]:
    """Word tokens outside URLs, e-mail addresses and English passages."""
    spans = sorted([match.span() for match in URL_OR_EMAIL.finditer(text)] + _english_segments(text))
    index = 0
    for match in TOKEN.finditer(text):
        while index < len(spans) and spans[index][1] <= match.start():
            index += 1
        if index < len(spans) and spans[index][0] <= match.start() < spans[index][1]:
            continue
        yield match


def _sentence_start(text: str, position: int) -> bool:
    """True when only spaces separate ``position`` from a sentence end, a line start or the text start."""
    index = position - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] in ".!?:\n"


def _capital_read_for_small_a(word: str, after: str) -> bool:
    """True for a lower-case word whose first letter, å, OCR read as a capital A ("Apenbart",
    "Ar"): the ring makes the letter as tall as a capital. Only called inside a sentence."""
    return word[0] == "A" and after[0] == "Å" and word[1:].islower()


def _lost_initial(word: str, after: str) -> bool:
    """True when the repair put back a dropped first letter ("nsker" -> "ønsker")."""
    return after[0] in DROPPED_LETTERS and after[1:] == word


def _restore_initial(text: str, start: int, after: str) -> tuple[int, str]:
    """Where a word that lost its first letter starts, and its spelling there: an "@" glued in
    front of it, not after a letter, is what OCR made of "Ø" ("@nsker") and goes too; at a
    sentence opening the lost letter was a capital ("Ønsker"). Returns the start of the text
    replaced and the replacement."""
    if after[0] == "ø" and text[start - 1 : start] == AT_FOR_O and not text[start - 2 : start - 1].isalnum():
        start -= 1
    if _opens_sentence(text, start):
        after = after[0].upper() + after[1:]
    return start, after


def _opens_sentence(text: str, position: int) -> bool:
    """True at the text start, after a sentence end, or after a blank line: stricter than
    :func:`_sentence_start`, as OCR breaks lines mid-sentence."""
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?" or "\n\n" in text[len(before) : position]


def fix_mojibake(text: str, *, page: int = 1) -> tuple[str, list[Repair]]:
    """Re-decode text that was decoded with the wrong encoding ("hÃ¸ring" -> "høring").

    Works chunk by chunk so that each fix is recorded with what it replaced.
    """
    repairs = []

    def fix(match: re.Match) -> str:
        before = match.group()
        after = ftfy.fix_encoding(before)
        if after != before:
            repairs.append(Repair(page, before, after, 0.99, kind="mojibake"))
        return after

    return MOJIBAKE_CHUNK.sub(fix, text), repairs


def estimate_profile(text: str) -> ConfusionProfile:
    """Estimate which confusions ``text`` shows, and how often, from the words they repair.

    Evidence for a family is a word the dictionary rejects that becomes a frequent word (Zipf ≥ 2.5,
    and 100 times more frequent) with one or two edits of that family, or an "&"/"4" standing for
    the infinitive marker. The cost of an edit is -log10 of the share of the Norwegian letter lost
    that way, the kept letters being counted in the accepted words. A clean text has no evidence.
    """
    tokens = list(_tokens(text))
    lost: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    counts = Counter(match.group() for match in tokens)
    for word, n in counts.items():
        if _skippable(word) or word in STANDALONE_A or SHORT_DIGIT_WORD.fullmatch(word):
            continue  # "m4" may be a screw size: repaired where other words show å>4, no evidence
        original, accepted = _original(word)
        if accepted:
            for target in CONFUSIONS:
                kept[target] += n * word.lower().count(target)
            continue
        for family in _evidence_families(word, original):
            lost[family] += n
    words = [match.group() for match in tokens]
    for previous, word, following in zip(words, words[1:], words[2:]):
        if word in STANDALONE_A and _before_infinitive(previous, following):
            lost[STANDALONE_A[word]] += 1
    nynorsk = sum(counts[marker] for marker in NYNORSK_MARKERS) >= NYNORSK_SHARE * len(words)
    bokmal = sum(counts[marker] for marker in BOKMAL_MARKERS) >= BOKMAL_SHARE * len(words)
    penalties = []
    for family, n in lost.items():
        target = family.split(">")[0]
        letters = kept[target] + sum(m for other, m in lost.items() if other.startswith(target + ">"))
        cost = -math.log10(n / (letters + 1))
        penalties.append((family, round(min(UNSEEN_PENALTY, max(MIN_PENALTY, cost)), 3)))
    return ConfusionProfile(tuple(sorted(lost.items())), tuple(sorted(penalties)), nynorsk, bokmal)


def _evidence_families(word: str, original: float) -> tuple[str, ...]:
    """The families of the edits that turn ``word`` into a much more frequent listed word, if any."""
    best_gain, best_families = 0.0, ()
    for candidate, families in _candidates(word, 2):
        score = _zipf(candidate.lower())
        gain = score - original
        if score >= EVIDENCE_MIN_ZIPF and gain >= EVIDENCE_MIN_GAIN and gain > best_gain:
            best_gain, best_families = gain, families
    return best_families


def repair_text(text: str, *, page: int = 1, profile: ConfusionProfile | None = None) -> tuple[str, list[Repair]]:
    """Repair mojibake and Norwegian-letter OCR confusions in ``text``.

    Args:
        text: the text of one page (or any text).
        page: the page number recorded in each repair.
        profile: the document's confusions (see :func:`estimate_profile`); estimated from
            ``text`` itself when not given.

    Returns:
        The repaired text and the repairs made, in text order (mojibake fixes first).
    """
    text, repairs = fix_mojibake(text, page=page)
    profile = profile if profile is not None else estimate_profile(text)
    if not profile.evidence:
        return text, repairs  # nothing garbled was seen: correct words must not change
    tokens = list(_tokens(text))
    words = [match.group() for match in tokens]  # as repaired so far: the left neighbour is read repaired
    pieces, position = [], 0
    for index, match in enumerate(tokens):
        word = match.group()
        if _skippable(word) and word not in STANDALONE_A:
            continue
        previous = "" if _sentence_start(text, match.start()) or not index else words[index - 1]
        next_words = tuple(following.group() for following in tokens[index + 1 : index + 3])
        choice = _repair_in_context(word, previous, text[match.end() : match.end() + 1], next_words, profile)
        if choice is None:
            continue
        words[index] = choice.after
        start, after = match.start(), choice.after
        if previous and _capital_read_for_small_a(word, after):
            after = after[0].lower() + after[1:]
        if _lost_initial(word, after):
            start, after = _restore_initial(text, start, after)
        pieces += [text[position:start], after]
        position = match.end()
        repairs.append(Repair(page, text[start : match.end()], after, choice.confidence, kind="ocr"))
    pieces.append(text[position:])
    return "".join(pieces), repairs


def repair_letter(letter: Letter) -> Letter:
    """Return a copy of ``letter`` with every page repaired and the repairs appended.

    The confusion profile is estimated once from all pages, so that a page with few words is
    repaired with the evidence of the whole document.
    """
    fixed = [fix_mojibake(page.text, page=page.number) for page in letter.pages]
    profile = estimate_profile("\n\n".join(text for text, _ in fixed))
    pages, repairs = [], list(letter.repairs)
    for page, (text, mojibake) in zip(letter.pages, fixed):
        repaired, ocr = repair_text(text, page=page.number, profile=profile)
        pages.append(dataclasses.replace(page, text=repaired))
        repairs += mojibake + ocr
    return dataclasses.replace(letter, pages=tuple(pages), repairs=tuple(repairs))
