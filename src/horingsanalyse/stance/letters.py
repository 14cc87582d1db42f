"""A letter read for stance: its sentences' features and topics, and the model's calls on it.

This is where the parts meet: :class:`~.topics.TopicIndex` says which topic each sentence is
on, :func:`~.features.sentence_features` describes it, the sentence models read it and the
letter models weigh the readings into the topic stances and the overall stance, each with its
confidence, ``usikker`` below the threshold, the sentence to quote and the sentences that
weighed most (for the report's «Til kontroll»).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .features import sentence_features
from .models import SentenceReading, StanceModel, overall_row, read_sentences, topic_row, topic_weight
from .topics import TopicIndex

_WEIGHED_SHOWN = 3


class CueReading(NamedTuple):
    """What the cue lexicon reads in a sentence."""

    score: int  # signed: support cues +1, opposition cues -1
    reserved: bool  # states a reservation
    minority: bool  # is about a committee minority's proposal
    endorses: bool = False  # adopts another body's statement («slutter seg til uttalelsen fra KS»)


CueReader = Callable[[str], CueReading]


@dataclass(frozen=True)
class Call:
    """One stance call with how sure the model is, and the sentences behind it (indices)."""

    label: str
    confidence: float
    uncertain: bool
    quote: int | None = None  # the sentence to cite (for / against / mixed)
    weighed: tuple[int, ...] = ()  # the sentences that weighed most


@dataclass(frozen=True)
class LetterReading:
    """The model's calls on one letter: each topic's and the overall stance."""

    topics: dict[str, Call]
    overall: Call
    readings: tuple[SentenceReading, ...]
    topic_rows: dict[str, list[float]]
    overall_row: list[float]


def letter_features(sentences: Sequence[str], index: TopicIndex, cues: CueReader | None = None):
    """Each sentence's features and topics, in order."""
    hits = index.assign(sentences)
    features = []
    for text, hit in zip(sentences, hits):
        cue = cues(text) if cues is not None else CueReading(0, False, False)
        sides = index.sides(hit.topics[0]) if hit.topics else None
        features.append(sentence_features(text, topic_spans=hit.spans, cue_score=cue.score, cue_reserved=cue.reserved,
                                          cue_minority=cue.minority, cue_endorses=cue.endorses, sides=sides,
                                          by_reference=hit.by_reference))
    return features, [hit.topics for hit in hits]


def read_letter(model: StanceModel, sentences: Sequence[str], index: TopicIndex, cues: CueReader | None = None,
                no_comment: bool = False) -> LetterReading:
    """The topic stances and the overall stance of a letter of these sentences."""
    features, topics = letter_features(sentences, index, cues)
    return read_prepared(model, features, topics, [t.id for t in index.topics], no_comment)


def read_prepared(model: StanceModel, features: Sequence[dict], topics: Sequence[tuple[str, ...]],
                  topic_ids: Sequence[str], no_comment: bool = False) -> LetterReading:
    """:func:`read_letter` on sentences whose features and topics are computed already."""
    readings = read_sentences(model.target, model.polarity, features, topics)
    main = topic_ids[0] if topic_ids else None
    rows = {t: topic_row(readings, t, t == main) for t in topic_ids}
    calls = {}
    for topic_id, row in rows.items():
        if no_comment:
            calls[topic_id] = Call("not_addressed", 1.0, False)
        else:
            probabilities = model.topic.predict_proba([row])[0]
            call = _with_sentences(_call_of(model.topic, probabilities), readings,
                                   lambda r, t=topic_id: topic_weight(r, t))
            calls[topic_id] = _sided_only_with_evidence(call, model.topic.classes_, probabilities)
    overall_features = overall_row(readings, main)
    overall = Call("no_position", 1.0, False) if no_comment else _with_sentences(
        _call_of(model.overall, model.overall.predict_proba([overall_features])[0]), readings,
        lambda r: max(topic_weight(r, main) if main else 0.0, r.kind.get("proposal", 0.0)))
    return LetterReading(calls, overall, tuple(readings), rows, overall_features)


def calls(classifier, rows: Sequence[Sequence[float]]) -> list[Call]:
    """A letter model's call on each row: its label, the confidence (rounded to three places)
    and usikker where the confidence is below the model's calibrated threshold."""
    if not len(rows):
        return []
    return [_call_of(classifier, p) for p in classifier.predict_proba(rows)]


def _call_of(classifier, probabilities) -> Call:
    """The call a letter model's probabilities for one row make."""
    best = int(probabilities.argmax())
    confidence = float(probabilities[best])
    return Call(str(classifier.classes_[best]), round(confidence, 3), confidence < classifier.threshold_)


def _sided_only_with_evidence(call: Call, classes, probabilities) -> Call:
    """A topic call that takes a side but has no sentence on the topic to show it becomes
    «not_addressed», usikker: the side came from the rest of the letter, and a side the
    report cannot quote is a guess (with the model's confidence in «not_addressed»)."""
    if call.quote is not None or call.label == "not_addressed" or "not_addressed" not in classes:
        return call
    probability = float(probabilities[list(classes).index("not_addressed")])
    return Call("not_addressed", round(probability, 3), True, None, call.weighed)


def _with_sentences(call: Call, readings: Sequence[SentenceReading], weight) -> Call:
    """The call with the sentence to quote (the one leaning its way most) and those that weighed most."""
    if call.label in ("not_addressed", "no_position"):
        side_scores = [weight(r) * max(r.leaning("support"), r.leaning("oppose"), r.leaning("conditional"))
                       for r in readings]
        quote = None
    else:
        side = {"for": "support", "supports": "support", "against": "oppose", "opposes": "oppose",
                "supports_with_reservations": "conditional", "mixed": "conditional"}[call.label]
        sides = ("support", "oppose", "conditional") if side == "conditional" else (side,)
        side_scores = [weight(r) * max(r.leaning(s) for s in sides) for r in readings]
        if side == "conditional":  # a mixed or conditional call quotes its strongest sentence of any side
            side_scores = [max(s, weight(r) * max(r.leaning("support"), r.leaning("oppose")))
                           for s, r in zip(side_scores, readings)]
        quote = max(range(len(readings)), key=side_scores.__getitem__) if readings and max(side_scores) > 0 else None
    ranked = sorted((i for i, s in enumerate(side_scores) if s > 0), key=lambda i: -side_scores[i])
    return Call(call.label, call.confidence, call.uncertain or (quote is None and call.label not in
                                                                  ("not_addressed", "no_position")),
                quote, tuple(ranked[:_WEIGHED_SHOWN]))
