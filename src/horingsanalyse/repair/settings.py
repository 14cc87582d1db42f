"""The repair's tuning knobs, in one validated frozen dataclass.

Every margin, penalty and threshold that decides whether a word changes lives here, so that a
benchmark or a caller can try another value without editing the code, and a bad value fails when
the settings are made rather than deep in a batch. The values are those the repair benchmark
(``benchmarks/repair.py``) was tuned with on its development pages. A
:class:`~horingsanalyse.repair.confusions.ConfusionProfile` carries the settings it was estimated
under, so that the evidence that makes a confusion active and the margins that act on it never
come from two different settings.

What a spelling scores as Norwegian (wordfreq, hunspell, compound analysis) is no knob: those
constants stay beside the lexicon code in :mod:`horingsanalyse.repair.lexicon`, as its scores are
cached per word.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class RepairSettings:
    """How boldly the repair changes words. Scores and margins are in log10 units (Zipf).

    Attributes:
        max_edits: edits one unknown word may take (non-overlapping confusion replacements).
        unseen_penalty: log10 cost of one edit from a confusion the document shows no sign of;
            also the ceiling of an estimated cost.
        min_penalty: the floor of an estimated edit cost.
        lost_letter_penalty: cost of an unseen stand-in for a letter the document loses otherwise
            ("ze" where "ee" stood for "æ").
        min_evidence: repaired words a confusion needs before it may change a word the
            dictionary accepts (an "active" confusion).
        max_ambiguous_length: an accepted word this short ("pa", "mal", "bade", "star") may change...
        rare_zipf: ...and so may an accepted word rarer than this ("innfore"); other valid words
            never change.
        unknown_margin: how much the best candidate must beat a rejected word by.
        attested_margin: the margin over a word nothing accepts or analyses, in a garbled
            document, when the candidate is wordfreq-listed: negative, as the word itself is the
            evidence.
        known_margin: the margin over a valid short word.
        rare_margin: the margin over a valid rare word.
        unlisted_margin: the margin over a valid word wordfreq does not list (valid only as
            hunspell's compound, "innforingen" = inn|for|ingen).
        dropped_letter_penalty: cost of putting back an æ/ø/å that OCR dropped ("nsker")...
        min_dropped_word: ...in a word at least this long...
        dropped_min_zipf: ...when that gives a word at least this frequent.
        evidence_min_zipf: evidence for a confusion is a rejected word that becomes a word at
            least this frequent...
        evidence_min_gain: ...and at least this much more frequent than the word as written.
        hunspell_max_calls: unlisted candidates put to hunspell (~50 µs a word), cheapest first.
        max_compound_edit_cost: compound analysis (~20 µs a spelling) only for candidates whose
            edits cost less, as compounds score at most ~3 and must still win by a margin.
        english_share: a sentence is English, and left alone, when this share of its words are...
        min_english_words: ...and it has at least this many words...
        english_lead: ...an English word being this much more frequent in English than in bokmål.
        nynorsk_share: a document is nynorsk when its nynorsk marker words make up this share.
        bokmal_share: a (nynorsk) document writes bokmål too when its bokmål markers make up this
            share (one in a 300-word page).
        place_score: the least score of a capitalised candidate that names a kommune ("Frøya").
        expected_pairs: a neighbour this often expected beside the commonest reading, had it been
            usual, and unseen, is read by the word, not by its class. The table lists pairs seen
            twice, so a pair expected only twice and unseen says little: with the laws' counts
            (ten times NorNE's) 10 read more neighbours by their class and did best.
        unseen_pair_floor: the most (log10) that a neighbour the table never saw beside a reading
            counts against it: the laws lack pairs common in a høringssvar ("etter år").
        context_margin: a valid word's twin must be this much likelier by its neighbours (three
            times; it was ten times, 1.0, while the counts came from NorNE alone)...
        common_twin_gap: ...unless wordfreq lists the twin this much more often ("okt"/"økt",
            "mate"/"måte", listed mostly as garbles in OCR'd web text)...
        common_twin_margin: ...when this margin suffices. Now equal to ``context_margin``: a
            smaller one gained three words on the development pages but read "Laksen fores med
            pellets" as "føres".
    """

    max_edits: int = 3
    unseen_penalty: float = 3.0
    min_penalty: float = 0.05
    lost_letter_penalty: float = 1.5
    min_evidence: int = 2
    max_ambiguous_length: int = 5
    rare_zipf: float = 3.0
    unknown_margin: float = 0.5
    attested_margin: float = -1.5
    known_margin: float = 1.0
    rare_margin: float = 1.5
    unlisted_margin: float = 0.5
    dropped_letter_penalty: float = 1.5
    min_dropped_word: int = 3
    dropped_min_zipf: float = 3.5
    evidence_min_zipf: float = 2.5
    evidence_min_gain: float = 2.0
    hunspell_max_calls: int = 40
    max_compound_edit_cost: float = 2.0
    english_share: float = 0.4
    min_english_words: int = 4
    english_lead: float = 1.0
    nynorsk_share: float = 0.01
    bokmal_share: float = 0.003
    place_score: float = 4.0
    expected_pairs: float = 10.0
    unseen_pair_floor: float = -1.0
    context_margin: float = 0.5
    common_twin_gap: float = 1.0
    common_twin_margin: float = 0.5

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type == "int" and (not isinstance(value, int) or value < 0):
                raise ValueError(f"RepairSettings.{field.name} must be an integer >= 0, got {value!r}")
            if field.type == "float" and not isinstance(value, (int, float)):
                raise ValueError(f"RepairSettings.{field.name} must be a number, got {value!r}")
        if self.max_edits < 1:
            raise ValueError(f"RepairSettings.max_edits must be >= 1, got {self.max_edits!r}")
        if not 0 < self.min_penalty <= self.unseen_penalty:
            raise ValueError(
                f"RepairSettings.min_penalty must be > 0 and <= unseen_penalty, got {self.min_penalty!r}"
            )
        for name in ("english_share", "nynorsk_share", "bokmal_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"RepairSettings.{name} must be in [0, 1], got {getattr(self, name)!r}")


DEFAULT_REPAIR_SETTINGS = RepairSettings()
