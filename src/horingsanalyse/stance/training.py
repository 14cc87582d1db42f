"""Fitting the stance model from labelled letters, with thresholds chosen inside the folds.

The letter models learn from what the sentence models say about letters they were not
trained on, as in use: the training letters are split into folds by response group
(campaigns and copies together), the sentence models fit on all folds but one read the
letters of that one, and the letter models fit on those held-out readings. The ``usikker``
threshold is chosen from the letter models' own held-out calls within the training letters,
so no figure or threshold ever sees the letters it is scored on. The topic model's threshold
must also hold on topics it never saw, as every topic of the next hearing is: it is at least
the one at which its calls on each training topic, left out of all its training in turn, were
right often enough («often enough» as :func:`~.models.calibrated_threshold` says: shown, not
read off a handful of calls). The topic model is even-handed (:func:`topic_classifier`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from .letters import CueReader, letter_features
from .models import (REQUIRED_ACCURACY, TOPIC_ROW_MIRROR, FeatureClassifier, LetterClassifier, StanceModel,
                     calibrated_threshold, overall_row, read_sentences, topic_row)
from .topics import TopicIndex

INNER_FOLDS = 3


@dataclass(frozen=True)
class LabelledLetter:
    """A letter with its labels: the sentences (in order), the labelled ones, the letter's calls."""

    key: str
    group: str  # letters of one group (a campaign, byte-identical copies) share a fold
    sentences: tuple[str, ...]
    sentence_labels: dict[int, tuple[str, str, tuple[str, ...]]]  # index -> (target, polarity, also)
    topic_stances: dict[str, str]
    stance: str
    features: list = field(default_factory=list, compare=False)
    topics: list = field(default_factory=list, compare=False)


def prepare(letters: Sequence[LabelledLetter], index: TopicIndex, cues: CueReader | None) -> list[LabelledLetter]:
    """The letters with each sentence's features and topics computed once."""
    prepared = []
    for letter in letters:
        features, topics = letter_features(letter.sentences, index, cues)
        prepared.append(LabelledLetter(letter.key, letter.group, letter.sentences, letter.sentence_labels,
                                       letter.topic_stances, letter.stance, features, topics))
    return prepared


def fold_of(letters: Sequence[LabelledLetter], n_folds: int) -> list[int]:
    """A fold per letter, by group, groups dealt out in order of first appearance."""
    order = list(dict.fromkeys(letter.group for letter in letters))
    return [order.index(letter.group) % n_folds for letter in letters]


def labelled_sentences(letters: Sequence[LabelledLetter], topic_ids: Sequence[str],
                       without_topics: Collection[str] = ()):
    """The labelled sentences' features, target kinds and polarities, leaving out every sentence
    on one of ``without_topics`` (as its target or as one of its other topics)."""
    X, kinds, polarities = [], [], []
    for letter in letters:
        for i, (target, polarity, also) in letter.sentence_labels.items():
            if target in without_topics or any(t in without_topics for t in also):
                continue
            X.append(letter.features[i])
            kinds.append("topic" if target in topic_ids else target)
            polarities.append(polarity)
    return X, kinds, polarities


def fit_sentence_models(letters: Sequence[LabelledLetter], topic_ids: Sequence[str],
                        without_topics: Collection[str] = (), C: float = 0.5):
    """The target-kind and polarity models on the labelled sentences (none of ``without_topics``')."""
    X, kinds, polarities = labelled_sentences(letters, topic_ids, without_topics)
    # Polarity classes weigh alike: one hearing's letters lean one way (most of NOU 2019: 18's
    # oppose), and that lean must not be carried to the next hearing.
    return (FeatureClassifier(C=C, class_weight=None).fit(X, kinds),
            FeatureClassifier(C=C, class_weight="balanced").fit(X, polarities))


def letter_rows(target, polarity, letter: LabelledLetter, topic_ids: Sequence[str]):
    """The letter models' rows for one letter: one per topic, and the overall one."""
    readings = read_sentences(target, polarity, letter.features, letter.topics)
    main = topic_ids[0] if topic_ids else None
    return ({t: topic_row(readings, t, t == main) for t in topic_ids}, overall_row(readings, main))


@dataclass(frozen=True)
class HeldOutRows:
    """The letter models' training rows: each training letter's rows as sentence models fitted
    without its inner fold read it, with its labels and that fold; and the rows of the topics
    left out of training (``left_out``: topic → (row, label) per letter)."""

    topic_X: list
    topic_y: list
    topic_fold: list
    overall_X: list
    overall_y: list
    overall_fold: list
    left_out: dict = field(default_factory=dict)


def held_out_rows(letters: Sequence[LabelledLetter], topic_ids: Sequence[str], *,
                  without_topics: Collection[str] = (), inner_folds: int = INNER_FOLDS) -> HeldOutRows:
    """Every letter's rows as read by sentence models that never saw it (see the module docstring)."""
    folds = fold_of(letters, inner_folds)
    rows = HeldOutRows([], [], [], [], [], [], {t: [] for t in without_topics})
    for fold in range(inner_folds):
        train = [letter for letter, f in zip(letters, folds) if f != fold]
        target, polarity = fit_sentence_models(train, topic_ids, without_topics)
        for letter, f in zip(letters, folds):
            if f != fold:
                continue
            topic_rows, overall = letter_rows(target, polarity, letter, topic_ids)
            for topic_id, row in topic_rows.items():
                if topic_id in without_topics:
                    rows.left_out[topic_id].append((row, letter.topic_stances[topic_id]))
                else:
                    rows.topic_X.append(row)
                    rows.topic_y.append(letter.topic_stances[topic_id])
                    rows.topic_fold.append(fold)
            rows.overall_X.append(overall)
            rows.overall_y.append(letter.stance)
            rows.overall_fold.append(fold)
    return rows


def fit_stance_model(letters: Sequence[LabelledLetter], topic_ids: Sequence[str], *,
                     without_topic: str | None = None, inner_folds: int = INNER_FOLDS,
                     metadata: dict | None = None) -> StanceModel:
    """The stance model fitted on prepared letters (see :func:`prepare`).

    ``without_topic`` leaves out every sentence and letter label of one topic, to measure how
    the model does on a topic it never saw.
    """
    left_out = (without_topic,) if without_topic is not None else ()
    rows = held_out_rows(letters, topic_ids, without_topics=left_out, inner_folds=inner_folds)
    target, polarity = fit_sentence_models(letters, topic_ids, left_out)
    topic = fit_with_threshold(rows.topic_X, rows.topic_y, rows.topic_fold, make=topic_classifier)
    confidence, right = unseen_topic_calls(letters, topic_ids, without_topics=left_out, inner_folds=inner_folds)
    topic.threshold_ = max(topic.threshold_, calibrated_threshold(confidence, right, REQUIRED_ACCURACY))
    return StanceModel(target=target, polarity=polarity, topic=topic,
                       overall=fit_with_threshold(rows.overall_X, rows.overall_y, rows.overall_fold),
                       metadata=metadata or {})


def unseen_topic_calls(letters: Sequence[LabelledLetter], topic_ids: Sequence[str], *,
                       without_topics: Collection[str] = (), inner_folds: int = INNER_FOLDS):
    """The topic model's confidence in each call on a topic left out of all its training (its
    sentences and its letter labels), and whether the call was right: each training topic in
    turn, as the next hearing's topics will be unseen."""
    confidence, right = [], []
    for topic_id in topic_ids:
        if topic_id in without_topics:
            continue
        rows = held_out_rows(letters, topic_ids, without_topics={*without_topics, topic_id}, inner_folds=inner_folds)
        if len(set(rows.topic_y)) < 2 or not rows.left_out[topic_id]:
            continue
        model = topic_classifier().fit(rows.topic_X, rows.topic_y)
        unseen = rows.left_out[topic_id]
        probabilities = model.predict_proba([row for row, _ in unseen])
        confidence.extend(probabilities.max(axis=1))
        right.extend(model.classes_[probabilities.argmax(axis=1)] == np.array([label for _, label in unseen]))
    return confidence, right


def topic_classifier() -> LetterClassifier:
    """The topic stance's letter model, unfitted: even-handed between «for» and «against», since
    which side most of a hearing's letters take is the hearing's, not how a letter is read."""
    return LetterClassifier(mirror=TOPIC_ROW_MIRROR)


def fit_with_threshold(X, y, folds, make=LetterClassifier) -> LetterClassifier:
    """A letter model on all rows, its threshold from its own calls on held-out folds
    (``make()`` gives an unfitted letter model)."""
    X, y, folds = np.array(X, dtype=float), np.array(y), np.array(folds)
    confidence, right = [], []
    for fold in sorted(set(folds)):
        train, test = folds != fold, folds == fold
        if len(set(y[train])) < 2 or not test.any():
            continue
        model = make().fit(X[train], y[train])
        probabilities = model.predict_proba(X[test])
        confidence.extend(probabilities.max(axis=1))
        right.extend(model.classes_[probabilities.argmax(axis=1)] == y[test])
    return make().fit(X, y, held_out_confidence=confidence, held_out_right=right)
