"""The sender ranker: which of a letter's candidates is its sender, and whether any is.

A logistic regression over the candidates' features (:mod:`.features`), trained on labelled
letters: the row of the candidate that is the sender is 1, every other row 0. A letter's
sender is its best candidate when that candidate's probability reaches ``threshold_``; below it
the letter is taken not to say who wrote it (``sender`` null), which is better than a wrong name.

It follows scikit-learn's conventions (``__init__`` stores hyperparameters, ``fit`` returns
``self``, learned state ends in ``_``), and is saved as JSON (package data
``resources/sender_ranker.json``, with how it was trained and its held-out scores) rather than
pickled, so the package ships no executable data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from .features import FEATURES

DEFAULT_THRESHOLDS = tuple(np.round(np.arange(0.05, 0.96, 0.05), 2))


class SenderRanker(BaseEstimator):
    """Ranks a letter's candidate senders; learns from letters whose sender is known.

    Args:
        C: inverse regularisation strength of the logistic regression.
        threshold: the probability the best candidate needs to be reported; ``None`` chooses
            it by inner cross-validation on the training letters (see :meth:`fit`).
        inner_folds: folds of that inner cross-validation.
        Cs: when given, ``C`` is chosen from these by the same inner cross-validation (the
            strongest regularisation among equals), and kept as ``C_``.
    """

    def __init__(self, C: float = 0.1, threshold: float | None = None, inner_folds: int = 4,
                 Cs: Sequence[float] | None = None):
        self.C = C
        self.threshold = threshold
        self.inner_folds = inner_folds
        self.Cs = Cs

    def fit(self, letters: Sequence[np.ndarray], targets: Sequence[int | None],
            groups: Sequence[str] | None = None) -> SenderRanker:
        """Learn the weights from labelled letters.

        Args:
            letters: one feature matrix per letter (a row per candidate, columns :data:`FEATURES`).
            targets: per letter, the row of its sender, or ``None`` when no candidate is the
                sender (the letter does not name it, or the finder missed it).
            groups: per letter, a label that keeps letters together in the inner folds (one
                response read in two ways, copies of one letter), as scikit-learn's ``GroupKFold``.
        """
        if len(letters) != len(targets):
            raise ValueError("letters and targets must have the same length")
        X, y = _rows(letters, targets)
        if not len(X) or len(set(y)) < 2:
            raise ValueError("need candidates of both kinds (sender and not) to learn from")
        self.C_ = self.C
        inner = {}
        if self.Cs:
            inner = {C: _best_threshold(self._inner_best(letters, targets, C, groups)) for C in sorted(self.Cs)}
            self.C_ = max(inner, key=lambda C: inner[C][0])  # the first (smallest) of the best
        self.mean_ = X.mean(axis=0)
        self.scale_ = np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        model = LogisticRegression(C=self.C_, class_weight="balanced", max_iter=5000)
        model.fit((X - self.mean_) / self.scale_, y)
        self.coef_ = model.coef_[0]
        self.intercept_ = float(model.intercept_[0])
        self.feature_names_ = FEATURES
        if self.threshold is not None:
            self.threshold_ = self.threshold
        else:
            self.threshold_ = (inner.get(self.C_) or
                               _best_threshold(self._inner_best(letters, targets, self.C_, groups)))[1]
        return self

    def _inner_best(self, letters: Sequence[np.ndarray], targets: Sequence[int | None], C: float,
                    groups: Sequence[str] | None) -> list[tuple[float, bool | None]]:
        """Each training letter's best candidate as a model with ``C`` that did not see it scores
        it: its probability, and whether it is the sender (``None`` for a letter without one)."""
        n = len(letters)
        k = max(2, min(self.inner_folds, n))
        if groups is None:
            folds = np.arange(n) % k
        else:
            order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
            folds = np.array([order[g] % k for g in groups])
        best_of_letter: list[tuple[float, bool | None]] = []
        for fold in np.unique(folds):
            train = [i for i in range(n) if folds[i] != fold]
            test = [i for i in range(n) if folds[i] == fold]
            try:
                inner = SenderRanker(C=C, threshold=0.5).fit([letters[i] for i in train],
                                                             [targets[i] for i in train])
            except ValueError:
                continue
            for i in test:
                index, confidence = inner.best(letters[i])
                best_of_letter.append((confidence, targets[i] is not None and index == targets[i]
                                       if index is not None else False) if targets[i] is not None
                                      else (confidence, None))
        return best_of_letter

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """Each candidate's probability of being the sender."""
        if not len(X):
            return np.zeros(0)
        z = ((X - self.mean_) / self.scale_) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def best(self, X: np.ndarray) -> tuple[int | None, float]:
        """The best candidate's row and probability (``None`` and 0 for a letter with none)."""
        probabilities = self.probabilities(X)
        if not len(probabilities):
            return None, 0.0
        index = int(np.argmax(probabilities))
        return index, float(probabilities[index])

    def predict(self, letters: Sequence[np.ndarray]) -> list[int | None]:
        """Per letter, the row of its sender, or ``None`` where no candidate reaches the threshold."""
        result = []
        for X in letters:
            index, confidence = self.best(X)
            result.append(index if index is not None and confidence >= self.threshold_ else None)
        return result

    def to_dict(self, **about) -> dict:
        """The learned state as JSON-ready data, with ``about`` (training set, scores) kept beside it."""
        return {
            "features": list(self.feature_names_),
            "hyperparameters": {"C": self.C, "threshold": self.threshold, "inner_folds": self.inner_folds,
                                "Cs": list(self.Cs) if self.Cs else None},
            "C": self.C_, "mean": self.mean_.tolist(), "scale": self.scale_.tolist(), "coef": self.coef_.tolist(),
            "intercept": self.intercept_, "threshold": self.threshold_, "about": about,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SenderRanker:
        """A ranker with the state :meth:`to_dict` wrote; features it does not know weigh 0."""
        ranker = cls(**data["hyperparameters"])
        saved = {name: index for index, name in enumerate(data["features"])}
        pick = lambda values, default: np.array([values[saved[n]] if n in saved else default for n in FEATURES])  # noqa: E731
        ranker.mean_ = pick(data["mean"], 0.0)
        ranker.scale_ = pick(data["scale"], 1.0)
        ranker.coef_ = pick(data["coef"], 0.0)
        ranker.C_ = float(data.get("C", ranker.C))
        ranker.intercept_ = float(data["intercept"])
        ranker.threshold_ = float(data["threshold"])
        ranker.feature_names_ = FEATURES
        return ranker

    def save(self, path: Path, **about) -> None:
        Path(path).write_text(json.dumps(self.to_dict(**about), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SenderRanker:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _best_threshold(best_of_letter: Sequence[tuple[float, bool | None]]) -> tuple[int, float]:
    """The threshold that gets most letters right (the sender reported, or nothing reported
    where none is), with how many it gets right; the middle one of equals."""
    scores = [sum((conf >= threshold and ok) if ok is not None else conf < threshold for conf, ok in best_of_letter)
              for threshold in DEFAULT_THRESHOLDS]
    best = max(scores)
    chosen = [t for t, s in zip(DEFAULT_THRESHOLDS, scores) if s == best]
    return best, float(chosen[len(chosen) // 2])


def _rows(letters: Sequence[np.ndarray], targets: Sequence[int | None]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for X, target in zip(letters, targets):
        for index, row in enumerate(X):
            rows.append(row)
            labels.append(int(target is not None and index == target))
    width = len(FEATURES)
    return (np.vstack(rows) if rows else np.zeros((0, width))), np.array(labels)
