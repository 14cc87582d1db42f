"""The learned parts of the stance model, and the model that ships with the package.

Two sentence models read each sentence's features (:mod:`.features`): what kind of thing it
evaluates (a topic, the proposal as a whole, or something else) and which way (support,
oppose, conditional, neutral). A small letter model then weighs a letter's sentence
predictions, topic by topic, into the topic's stance (:class:`~horingsanalyse.types.TopicStance`)
and into the overall stance (:class:`~horingsanalyse.types.Stance`), each with a confidence;
a call whose confidence is below the threshold chosen inside the training folds is marked
``usikker``. Everything learned is plain numbers, saved as JSON (nothing runs on load).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

MODEL_RESOURCE = "stance_model.json"
REQUIRED_ACCURACY = 0.90  # the calls not marked usikker should be right this often
_THRESHOLDS = tuple(round(0.30 + 0.02 * i, 2) for i in range(35))  # 0.30 … 0.98
NEVER_SURE = 1.01  # a threshold above every confidence: where none held, no call is let through
_SECONDARY_TOPIC_WEIGHT = 0.5  # a sentence's second and further topics count half


class FeatureClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over feature dicts, with learned weights as plain numbers.

    Features seen in fewer than ``min_df`` training sentences are dropped, so what is kept
    recurs across letters rather than naming one letter's wording.
    """

    def __init__(self, C: float = 0.5, class_weight: str | None = "balanced", min_df: int = 2,
                 max_iter: int = 3000):
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_iter = max_iter

    def fit(self, X: Sequence[dict[str, float]], y: Sequence[str], sample_weight=None) -> FeatureClassifier:
        counts: dict[str, int] = {}
        for row in X:
            for name in row:
                counts[name] = counts.get(name, 0) + 1
        names = sorted(name for name, n in counts.items() if n >= self.min_df)
        self.vocabulary_ = {name: index for index, name in enumerate(names)}
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        model.fit(self._matrix(X), list(y), sample_weight=sample_weight)
        self.classes_ = np.array(model.classes_)
        coef, intercept = model.coef_, model.intercept_
        if len(self.classes_) == 2:  # one row for two classes: the same softmax as ±w/2
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_, self.intercept_ = coef, intercept
        return self

    def _matrix(self, X: Sequence[dict[str, float]]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for i, row in enumerate(X):
            for name, value in row.items():
                j = self.vocabulary_.get(name)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    values.append(value)
        return sparse.csr_matrix((values, (rows, cols)), shape=(len(X), len(self.vocabulary_)))

    def decision_function(self, X: Sequence[dict[str, float]]) -> np.ndarray:
        return self._matrix(X) @ self.coef_.T + self.intercept_

    def predict_proba(self, X: Sequence[dict[str, float]]) -> np.ndarray:
        scores = self.decision_function(X)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[dict[str, float]]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def weights_of(self, row: dict[str, float], label: str) -> list[tuple[str, float]]:
        """The features of one row that pushed it most towards ``label``."""
        k = list(self.classes_).index(label)
        pushes = [(name, value * self.coef_[k, self.vocabulary_[name]]) for name, value in row.items()
                  if name in self.vocabulary_]
        return sorted(pushes, key=lambda item: -item[1])

    def to_dict(self) -> dict:
        return {"params": self.get_params(), "classes": [str(c) for c in self.classes_],
                "vocabulary": sorted(self.vocabulary_, key=self.vocabulary_.get),
                "coef": [[round(float(v), 6) for v in row] for row in self.coef_],
                "intercept": [round(float(v), 6) for v in self.intercept_]}

    @classmethod
    def from_dict(cls, data: dict) -> FeatureClassifier:
        model = cls(**data["params"])
        model.classes_ = np.array(data["classes"])
        model.vocabulary_ = {name: index for index, name in enumerate(data["vocabulary"])}
        model.coef_ = np.array(data["coef"], dtype=float).reshape(len(model.classes_), len(model.vocabulary_))
        model.intercept_ = np.array(data["intercept"], dtype=float)
        return model


@dataclass(frozen=True)
class SentenceReading:
    """One sentence as the letter model sees it: its topics and the sentence models' beliefs."""

    topics: tuple[str, ...]
    kind: dict[str, float]  # target kind -> probability
    polarity: dict[str, float]  # polarity -> probability

    def leaning(self, side: str) -> float:
        """How much the sentence evaluates something, on this side: P(not other) × P(side)."""
        return (1.0 - self.kind.get("other", 0.0)) * self.polarity.get(side, 0.0)


def read_sentences(target: FeatureClassifier, polarity: FeatureClassifier, features: Sequence[dict[str, float]],
                   topics: Sequence[tuple[str, ...]]) -> list[SentenceReading]:
    """Both sentence models' probabilities for a letter's sentences."""
    if not features:
        return []
    kinds, polarities = target.predict_proba(features), polarity.predict_proba(features)
    return [SentenceReading(tuple(t), dict(zip(target.classes_, map(float, k))),
                            dict(zip(polarity.classes_, map(float, p))))
            for t, k, p in zip(topics, kinds, polarities)]


def topic_weight(reading: SentenceReading, topic_id: str) -> float:
    """How much a sentence is about a topic: its first topic fully, the others half."""
    if topic_id not in reading.topics:
        return 0.0
    return 1.0 if reading.topics[0] == topic_id else _SECONDARY_TOPIC_WEIGHT


_MASSES = 8  # the length of :func:`_masses`
_MASS_SIDES = ((0, 1), (3, 4))  # in :func:`_masses`: the support and oppose sums, and their maxes
_MASS_SHARE = 6  # in :func:`_masses`: (support − oppose) / (support + oppose + ½)


def _masses(readings: Sequence[SentenceReading], weights: Sequence[float]) -> list[float]:
    """Sum, max and share of support / oppose / conditional leaning, weighted."""
    sums, maxes = [], []
    for side in ("support", "oppose", "conditional"):
        values = [w * r.leaning(side) for r, w in zip(readings, weights) if w > 0]
        sums.append(sum(values))
        maxes.append(max(values, default=0.0))
    share = (sums[0] - sums[1]) / (sums[0] + sums[1] + 0.5)
    return [math.log1p(s) for s in sums] + maxes + [share, math.log1p(sum(w > 0 for w in weights))]


def topic_row(readings: Sequence[SentenceReading], topic_id: str, is_main: bool) -> list[float]:
    """The letter model's features for one topic of one letter (no topic's name in them)."""
    on_topic = _masses(readings, [topic_weight(r, topic_id) for r in readings])
    proposal = _masses(readings, [r.kind.get("proposal", 0.0) for r in readings])
    letter = _masses(readings, [1.0] * len(readings))
    main = [float(is_main)] + [float(is_main) * v for v in proposal]
    return on_topic + main + letter[:3]


def _topic_row_mirror() -> dict:
    """What turns a :func:`topic_row` for one side into the same row for the other: the columns
    to swap (support and oppose, on the topic, in the proposal's masses and in the letter's
    sums), the shares to negate, and the labels to swap."""
    proposal = _MASSES + 1  # after the topic's masses and the is-main flag
    letter = proposal + _MASSES
    swap = [pair for offset in (0, proposal) for pair in ((offset + a, offset + b) for a, b in _MASS_SIDES)]
    return {"swap": swap + [(letter, letter + 1)], "negate": [_MASS_SHARE, proposal + _MASS_SHARE],
            "labels": [("for", "against")]}


TOPIC_ROW_MIRROR = _topic_row_mirror()


def overall_row(readings: Sequence[SentenceReading], main_topic: str | None) -> list[float]:
    """The letter model's features for the overall stance: the main topic, the proposal, the letter."""
    main = _masses(readings, [topic_weight(r, main_topic) if main_topic else 0.0 for r in readings])
    proposal = _masses(readings, [r.kind.get("proposal", 0.0) for r in readings])
    letter = _masses(readings, [1.0] * len(readings))
    return main + proposal + letter


class LetterClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over a letter's weighed sentence predictions, with a confidence
    threshold: ``threshold_`` is the lowest confidence at which, in held-out training folds,
    the calls were right at least :data:`REQUIRED_ACCURACY` of the time.

    With ``mirror`` (as :data:`TOPIC_ROW_MIRROR`: columns to swap and to negate, labels to swap)
    every training row is also learnt as its mirror image, a letter that reads the same the
    other way round with the other label: the model then weighs the evidence for one side as it
    weighs the evidence for the other, and carries no lean of the training hearing to either.
    """

    def __init__(self, C: float = 1.0, class_weight: str | None = None, required_accuracy: float = REQUIRED_ACCURACY,
                 mirror: dict | None = None):
        self.C = C
        self.class_weight = class_weight
        self.required_accuracy = required_accuracy
        self.mirror = mirror

    def fit(self, X, y, sample_weight=None, held_out_confidence=None, held_out_right=None) -> LetterClassifier:
        """Fit on letter rows; ``held_out_confidence``/``held_out_right`` (from folds inside the
        training letters) set the usikker threshold; without them every call is usikker."""
        X = np.asarray(X, dtype=float)
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        model.fit(*self._with_mirrored(X, list(y), sample_weight))
        self.classes_ = np.array(model.classes_)
        coef, intercept = model.coef_, model.intercept_
        if len(self.classes_) == 2:
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_, self.intercept_ = coef, intercept
        self.threshold_ = calibrated_threshold(held_out_confidence, held_out_right, self.required_accuracy) \
            if held_out_confidence is not None else NEVER_SURE
        self.X_, self.y_ = X, np.array(list(y))  # kept so that corrections can refit it (adapt)
        return self

    def _with_mirrored(self, X: np.ndarray, y: list, sample_weight):
        """The rows, labels and weights to learn from: with ``mirror``, each also mirrored."""
        if not self.mirror:
            return X, y, sample_weight
        mirrored_X, mirrored_y = mirrored(X, y, self.mirror)
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        return np.vstack([X, mirrored_X]), y + mirrored_y, np.concatenate([weights, weights])

    def predict_proba(self, X) -> np.ndarray:
        scores = np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def to_dict(self) -> dict:
        return {"params": self.get_params(), "classes": [str(c) for c in self.classes_],
                "coef": self.coef_.round(6).tolist(), "intercept": self.intercept_.round(6).tolist(),
                "threshold": self.threshold_, "X": self.X_.round(5).tolist(), "y": [str(v) for v in self.y_]}

    @classmethod
    def from_dict(cls, data: dict) -> LetterClassifier:
        model = cls(**data["params"])
        model.classes_ = np.array(data["classes"])
        model.coef_, model.intercept_ = np.array(data["coef"]), np.array(data["intercept"])
        model.threshold_ = float(data["threshold"])
        model.X_, model.y_ = np.array(data["X"], dtype=float), np.array(data["y"])
        return model


def mirrored(X, y: Sequence[str], mirror: dict) -> tuple[np.ndarray, list[str]]:
    """Letter rows and labels the other way round (``mirror`` as :data:`TOPIC_ROW_MIRROR`)."""
    X = np.asarray(X, dtype=float)
    out = X.copy()
    for a, b in mirror["swap"]:
        out[:, [a, b]] = X[:, [b, a]]
    out[:, list(mirror["negate"])] *= -1
    other = {a: b for pair in mirror["labels"] for a, b in (pair, pair[::-1])}
    return out, [other.get(label, label) for label in y]


def calibrated_threshold(confidence: Sequence[float], right: Sequence[bool], required: float) -> float:
    """The lowest threshold at which the calls at or above it were right ``required`` of the time
    by :func:`share_right_at_least`; :data:`NEVER_SURE` when none is: even the surest calls were
    not shown right often enough, so none may be presented as sure."""
    confidence, right = np.asarray(confidence, dtype=float), np.asarray(right, dtype=bool)
    for threshold in _THRESHOLDS:
        kept = confidence >= threshold
        if share_right_at_least(int(right[kept].sum()), int(kept.sum())) >= required:
            return threshold
    return NEVER_SURE


def share_right_at_least(right: int, calls: int, z: float = 1.0) -> float:
    """The share of calls right, one standard error below what was seen (Wilson's lower bound):
    five calls of five right is no evidence of nine in ten (0.83), twelve of twelve is (0.92)."""
    if calls == 0:
        return 0.0
    seen = right / calls
    spread = z * math.sqrt(seen * (1 - seen) / calls + z * z / (4 * calls * calls))
    return (seen + z * z / (2 * calls) - spread) / (1 + z * z / calls)


@dataclass
class StanceModel:
    """The whole stance model: two sentence models and two letter models, and how it was made."""

    target: FeatureClassifier
    polarity: FeatureClassifier
    topic: LetterClassifier
    overall: LetterClassifier
    metadata: dict

    def to_json(self) -> str:
        return json.dumps({"metadata": self.metadata, "target": self.target.to_dict(),
                           "polarity": self.polarity.to_dict(), "topic": self.topic.to_dict(),
                           "overall": self.overall.to_dict()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StanceModel:
        data = json.loads(text)
        return cls(target=FeatureClassifier.from_dict(data["target"]),
                   polarity=FeatureClassifier.from_dict(data["polarity"]),
                   topic=LetterClassifier.from_dict(data["topic"]),
                   overall=LetterClassifier.from_dict(data["overall"]), metadata=data["metadata"])

    def save(self, path: Path | str) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")


def load_stance_model(path: Path | str | None = None) -> StanceModel:
    """The stance model that ships with the package (or the one saved at ``path``)."""
    if path is None:
        text = (resources.files("horingsanalyse") / "resources" / MODEL_RESOURCE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return StanceModel.from_json(text)


CORRECTION_WEIGHT = 3.0  # a corrected letter of this hearing counts as much as three training letters


def adapt(model: StanceModel, topic_rows: Sequence[tuple[Sequence[float], str]] = (),
          overall_rows: Sequence[tuple[Sequence[float], str]] = ()) -> StanceModel:
    """The model refit to a hearing's corrections: the letter models learn from the corrected
    letters (their rows as :func:`topic_row`/:func:`overall_row` give them, with the corrected
    label), weighed :data:`CORRECTION_WEIGHT` times a training letter; the sentence models and
    the usikker thresholds stay as they are.

    A corrected letter's rows are those :func:`horingsanalyse.stance.letters.read_letter` gives
    (``reading.topic_rows[topic_id]`` and ``reading.overall_row``), paired with the corrected
    ``stance`` / topic values of ``korreksjoner.csv``; pass the adapted model to the positions
    component's ``initialize(model=...)`` on the next run."""
    return StanceModel(target=model.target, polarity=model.polarity,
                       topic=_refit(model.topic, topic_rows), overall=_refit(model.overall, overall_rows),
                       metadata={**model.metadata, "adapted_with": len(overall_rows) or len(topic_rows)})


def _refit(classifier: LetterClassifier, rows: Sequence[tuple[Sequence[float], str]]) -> LetterClassifier:
    if not rows:
        return classifier
    X = np.vstack([classifier.X_, np.array([r for r, _ in rows], dtype=float)])
    y = list(classifier.y_) + [label for _, label in rows]
    weights = [1.0] * len(classifier.y_) + [CORRECTION_WEIGHT] * len(rows)
    refit = LetterClassifier(**classifier.get_params()).fit(X, y, sample_weight=weights)
    refit.threshold_ = classifier.threshold_
    return refit
