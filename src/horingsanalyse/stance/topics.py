"""Which of the hearing's topics a sentence is about: by the topic's words, or by reference.

A topic is named by its ``stikkord`` (the strongest sign), the words of its ``navn`` and the
words only its ``beskrivelse`` uses. Words are matched inside Norwegian compounds
(«grunnrenteskatten», «grunnrentebeskatning» for the cue «grunnrenteskatt»). A sentence that
names no topic but refers back («dette forslaget», «en slik skatt») takes the topic of the
sentence just before it. A sentence never takes a topic for standing next to one: that gave
the cue lexicon most of its false alarms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .features import Sides, has_anaphora, sides_of

_WORD = re.compile(r"\w+", re.UNICODE)
_STIKKORD_WEIGHT, _NAME_WEIGHT, _DESCRIPTION_WEIGHT = 3.0, 2.0, 1.0
MIN_TOPIC_SCORE = 2.0  # one stikkord, one word of the name, or two of the description's own words
_MIN_COMPOUND_CUE = 6  # shorter cues match whole words with any ending
_SHARED_PREFIX = 8  # «grunnrenteskatt» and «grunnrentebeskatning» share «grunnrente»
_HEAD_STEM = 4
_NAME_STOP = frozenset("og i på til for av med om fra frå en ei et eit den det de dei som skal ved the and of "
                       "to in on".split())
# Words every hearing uses, which say nothing about which of its topics a sentence is on.
_GENERIC_PREFIXES = ("forslag", "foreslå", "framlegg", "tilsvarende", "debatt", "behandling", "størrelse",
                     "innretning", "omfatte", "næring", "kommun", "fylke", "statl", "staten", "departement",
                     "utvalg", "flertall", "fleirtal", "mindretall", "høring", "konsekvens", "tillegg")
_MIN_NAME_WORD = 5
_MIN_DESCRIPTION_WORD = 8


@dataclass(frozen=True)
class TopicHit:
    """A sentence's topics, strongest first, with where their words stand."""

    topics: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    by_reference: bool = False


@dataclass(frozen=True)
class _TopicWords:
    topic_id: str
    cues: tuple[tuple[str, float, str], ...]  # (lower-cased cue, weight, what a sentence must hold: _cue_key)
    sides: Sides


class TopicIndex:
    """The hearing's topics as matchable words; :meth:`assign` reads a letter's sentences."""

    def __init__(self, topics: Sequence) -> None:
        self.topics = tuple(topics)
        descriptions = [set(_content_words(getattr(t, "description", ""), _MIN_DESCRIPTION_WORD)) for t in self.topics]
        in_how_many = Counter(word for words in descriptions for word in words)
        self._words = []
        for topic, description in zip(self.topics, descriptions):
            cues = {c.strip().lower(): _STIKKORD_WEIGHT for c in topic.cues if c.strip()}
            others = " ".join(f"{t.name} {getattr(t, 'description', '')}".lower() for t in self.topics if t is not topic)
            for word in _content_words(topic.name, _MIN_NAME_WORD):
                if word not in others:  # «havbruk» in «Grunnrenteskatt på havbruk» names the hearing, not the topic
                    cues.setdefault(word, _NAME_WEIGHT)
            for word in description:
                if in_how_many[word] == 1:
                    cues.setdefault(word, _DESCRIPTION_WEIGHT)
            ranked = sorted(cues.items(), key=lambda c: -len(c[0]))
            self._words.append(_TopicWords(topic.id, tuple((cue, weight, _cue_key(cue)) for cue, weight in ranked),
                                           sides_of(getattr(topic, "for_side", ""), getattr(topic, "against_side", ""))))

    def sides(self, topic_id: str) -> Sides:
        return next((w.sides for w in self._words if w.topic_id == topic_id), Sides())

    def match(self, text: str) -> TopicHit:
        """The topics a sentence names by their words, strongest first."""
        lowered = text.lower()
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(lowered)]
        scores: dict[str, float] = {}
        spans: list[tuple[int, int]] = []
        for topic in self._words:
            score, taken = 0.0, []
            for cue, weight, key in topic.cues:
                if key not in lowered:  # most cues are in no word of the sentence
                    continue
                for start, end in _cue_positions(cue, lowered, words):
                    if any(start < t_end and end > t_start for t_start, t_end in taken):
                        continue
                    taken.append((start, end))
                    score += weight
            if score >= MIN_TOPIC_SCORE:
                scores[topic.topic_id] = score
                spans.extend(taken)
        ranked = tuple(sorted(scores, key=lambda t: -scores[t]))
        return TopicHit(ranked, tuple(sorted(set(spans))))

    def assign(self, sentences: Sequence[str]) -> list[TopicHit]:
        """Each sentence's topics: its own words, else the previous sentence's topic when it
        refers back to it («Dette forslaget vil ramme kysten.»)."""
        hits: list[TopicHit] = []
        for text in sentences:
            hit = self.match(text)
            if not hit.topics and hits and hits[-1].topics and has_anaphora(text):
                hit = TopicHit(hits[-1].topics[:1], (), by_reference=True)
            hits.append(hit)
        return hits


def _content_words(text: str, min_length: int) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) >= min_length and w not in _NAME_STOP
            and not w.isdigit() and not w.startswith(_GENERIC_PREFIXES)]


def _cue_key(cue: str) -> str:
    """What a sentence must hold for a cue to stand in it: the cue itself, or for a cue that
    also matches compounds sharing its first part (see :func:`_cue_positions`), that part.
    One ``in`` per cue rules out nearly all of them before any word is looked at."""
    return cue[:_SHARED_PREFIX] if " " not in cue and len(cue) >= _MIN_COMPOUND_CUE else cue


def _cue_positions(cue: str, lowered: str, words: Sequence[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Where a cue stands: as a phrase, inside a compound, or sharing a compound's first part
    (looked for only in a sentence that holds the cue's :func:`_cue_key`)."""
    if " " in cue:
        return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(cue)}", lowered)]
    inside, prefix = cue in lowered, cue[:_SHARED_PREFIX]
    found = []
    for word, start, end in words:
        if len(cue) >= _MIN_COMPOUND_CUE:
            if inside and cue in word or word.startswith(prefix) and _same_compound(cue, word):
                found.append((start, end))
        elif word.startswith(cue) and len(word) - len(cue) <= 3:
            found.append((start, end))
    return found


def _same_compound(cue: str, word: str) -> bool:
    """A compound with the cue's first part and the stem of its head inside its own head:
    «grunnrentebeskatning» for «grunnrenteskatt» (grunnrente + skat…), not «produksjonskapasitet»
    for «produksjonsavgift»."""
    shared = 0
    while shared < min(len(cue), len(word)) and cue[shared] == word[shared]:
        shared += 1
    head = cue[shared:shared + _HEAD_STEM]
    return shared >= _SHARED_PREFIX and len(head) == _HEAD_STEM and head in word[shared:]
