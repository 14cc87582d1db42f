"""Letter-model variants, held out: which way of weighing a letter's sentences into its stance
does best on responses it never saw.

The sentence models are fitted once per outer fold (as ``benchmarks/stance.py`` fits them: the
letter models learn from inner-fold readings of the training letters), and their rows are
cached, so each letter-model variant costs seconds. Every variant is fitted and its decision
rules chosen on the four training folds only, and scored on the fifth, beside the majority
class. The variants (issue 11, the overall classes are tiny):

- ``plain``: the letter model as shipped until now (logistic regression, C 1, no class weight);
- ``balanced``: classes weighed inversely to their frequency (C 0.3 / 1 / 3);
- ``offsets``: per-class additive offsets on the log-probabilities, chosen on the training
  letters' inner-fold calls to maximise their macro-F1 (a per-class decision threshold);
- ``merged``: supports and supports_with_reservations decided as one class, then split by the
  letter's conditional sentences (the strongest conditional leaning at or above a level chosen
  inside the training folds → supports_with_reservations);
- ``no-position rule``: no_position when no sentence leans any way by more than a level
  chosen inside the training folds;
- combinations of these; the overall stance read off the main topic's call, and a stacked
  model (the overall row plus the topic model's probabilities);
- and how much a corrected letter should weigh when the letter models adapt to corrections
  (after 10 and 20 corrected letters of each held-out fold, the rest scored).

    PYTHONPATH=src .venv/bin/python benchmarks/stance_letter_variants.py [--cache PATH]
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldset import N_FOLDS, majority  # noqa: E402
from stance_gold import load_stance_letters  # noqa: E402

from horingsanalyse.stance.models import LetterClassifier  # noqa: E402
from horingsanalyse.stance.training import fit_sentence_models, fit_with_threshold, held_out_rows, letter_rows  # noqa: E402

# Where the overall row keeps the letter's strongest leanings (see models.overall_row: main
# topic, proposal, whole letter; each sums 0-2, maxes 3-5, share 6, count 7).
_LETTER_MAX = slice(19, 22)
_CONDITIONAL_MAXES = (5, 13, 21)
_LEVELS = tuple(round(0.05 * i, 2) for i in range(1, 20))
_OFFSETS = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)


def fold_rows(cache: Path | None):
    """Per outer fold: the training letters' inner-fold rows and the held-out letters' rows."""
    if cache is not None and cache.is_file():
        return pickle.loads(cache.read_bytes())
    config, _, letters, folds, _ = load_stance_letters()
    topic_ids = [t.id for t in config.topics]
    out = []
    for fold in range(N_FOLDS):
        train = [l for l, f in zip(letters, folds) if f != fold]
        test = [l for l, f in zip(letters, folds) if f == fold]
        inner = held_out_rows(train, topic_ids)
        target, polarity = fit_sentence_models(train, topic_ids)
        test_topic, test_overall = [], []
        for letter in test:
            rows, overall = letter_rows(target, polarity, letter, topic_ids)
            test_topic += [(rows[t], letter.topic_stances[t]) for t in topic_ids]
            test_overall.append((overall, letter.stance))
        out.append({"inner": inner, "test_topic": test_topic, "test_overall": test_overall})
        print(f"fold {fold}: rows ready", flush=True)
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


class Decision:
    """A letter model and the rules applied after it, all chosen on the training rows."""

    def __init__(self, C=1.0, class_weight=None, offsets=False, merged=False, no_position_rule=False):
        self.C, self.class_weight = C, class_weight
        self.offsets, self.merged, self.no_position_rule = offsets, merged, no_position_rule

    def _make(self):
        return LetterClassifier(C=self.C, class_weight=self.class_weight)

    def _relabel(self, y):
        if not self.merged:
            return np.asarray(y)
        return np.array(["supports" if v == "supports_with_reservations" else v for v in y])

    def fit(self, X, y, folds):
        X, y, folds = np.asarray(X, dtype=float), np.asarray(y), np.asarray(folds)
        self.model_ = fit_with_threshold(X, self._relabel(y), folds, make=self._make)
        # The rules are chosen on inner-fold calls, as the threshold is.
        probabilities = np.zeros((len(y), len(self.model_.classes_)))
        for fold in sorted(set(folds)):
            train, test = folds != fold, folds == fold
            inner = self._make().fit(X[train], self._relabel(y[train]))
            for k, label in enumerate(inner.classes_):
                probabilities[test, list(self.model_.classes_).index(label)] = inner.predict_proba(X[test])[:, k]
        self.offsets_ = np.zeros(len(self.model_.classes_))
        self.split_level_, self.no_position_level_ = None, None
        if self.merged:
            self.split_level_ = max(_LEVELS, key=lambda t: (self._score(X, y, probabilities, split=t), -t))
        if self.no_position_rule:
            self.no_position_level_ = max(_LEVELS, key=lambda t: (
                self._score(X, y, probabilities, split=self.split_level_, none_below=t), -t))
        if self.offsets:
            for _ in range(2):  # coordinate ascent, twice round the classes
                for k in range(len(self.offsets_)):
                    best = max(_OFFSETS, key=lambda o: (self._score(X, y, probabilities, k=k, o=o), -abs(o)))
                    self.offsets_[k] = best
        return self

    def _labels(self, X, probabilities, offsets, split, none_below):
        scores = np.log(np.clip(probabilities, 1e-12, None)) + offsets
        labels = self.model_.classes_[scores.argmax(axis=1)].astype(object)
        if split is not None:
            conditional = X[:, list(_CONDITIONAL_MAXES)].max(axis=1)
            labels[(labels == "supports") & (conditional >= split)] = "supports_with_reservations"
        if none_below is not None:
            labels[X[:, _LETTER_MAX].max(axis=1) < none_below] = "no_position"
        return labels

    def _score(self, X, y, probabilities, k=None, o=0.0, split=None, none_below=None):
        offsets = self.offsets_.copy()
        if k is not None:
            offsets[k] = o
        labels = self._labels(X, probabilities, offsets, split if split is not None else self.split_level_,
                              none_below if none_below is not None else self.no_position_level_)
        return f1_score(y, labels, labels=sorted(set(y)), average="macro", zero_division=0)

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        probabilities = self.model_.predict_proba(X)
        labels = self._labels(X, probabilities, self.offsets_, self.split_level_, self.no_position_level_)
        confidence = probabilities.max(axis=1)
        return labels, confidence < self.model_.threshold_


def evaluate(folds_data, kind: str, **params):
    gold, pred, unsure = [], [], []
    for data in folds_data:
        inner = data["inner"]
        X, y, f = ((inner.topic_X, inner.topic_y, inner.topic_fold) if kind == "topic"
                   else (inner.overall_X, inner.overall_y, inner.overall_fold))
        decision = Decision(**params).fit(X, y, f)
        test = data[f"test_{kind}"]
        labels, uncertain = decision.predict([row for row, _ in test])
        gold += [label for _, label in test]
        pred += list(labels)
        unsure += list(uncertain)
    return _figures(gold, pred, unsure)


def _figures(gold, pred, unsure):
    sure = [g == p for g, p, u in zip(gold, pred, unsure) if not u]
    return {"accuracy": accuracy_score(gold, pred),
            "macro-F1": f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0),
            "per class F1": dict(zip(sorted(set(gold)), np.round(f1_score(gold, pred, labels=sorted(set(gold)),
                                                                           average=None, zero_division=0), 2))),
            "sure share": len(sure) / len(gold), "sure right": float(np.mean(sure)) if sure else float("nan"),
            "n sure": len(sure)}


def majority_figures(folds_data, kind):
    gold, pred = [], []
    for data in folds_data:
        inner = data["inner"]
        label = majority(list(inner.topic_y if kind == "topic" else inner.overall_y))
        test = data[f"test_{kind}"]
        gold += [g for _, g in test]
        pred += [label] * len(test)
    return {"accuracy": accuracy_score(gold, pred),
            "macro-F1": f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0)}


_FROM_TOPIC = {"against": "opposes", "mixed": "mixed", "not_addressed": "no_position"}


def overall_from_topics(main: str, others: list[str], reservation_from_others: bool = True) -> str:
    """The overall stance as the main topic's call says it: against → opposes, mixed → mixed,
    not addressed → no position, for → supports (with reservations when another topic is
    called against or mixed)."""
    if main in _FROM_TOPIC:
        return _FROM_TOPIC[main]
    if reservation_from_others and any(label in ("against", "mixed") for label in others):
        return "supports_with_reservations"
    return "supports"


def evaluate_from_topics(folds_data, reservation_from_others=True, **topic_params):
    """The overall stance from the topic model's calls on the held-out letters."""
    gold, pred, unsure = [], [], []
    for data in folds_data:
        inner = data["inner"]
        decision = Decision(**topic_params).fit(inner.topic_X, inner.topic_y, inner.topic_fold)
        labels, uncertain = decision.predict([row for row, _ in data["test_topic"]])
        per_letter = len(data["test_topic"]) // len(data["test_overall"])
        for i, (_, label) in enumerate(data["test_overall"]):
            calls = list(labels[i * per_letter:(i + 1) * per_letter])
            gold.append(label)
            pred.append(overall_from_topics(calls[0], calls[1:], reservation_from_others))
            unsure.append(bool(uncertain[i * per_letter]))
    return _figures(gold, pred, unsure)


VARIANTS = {
    "plain (shipped until now)": {},
    "balanced, C 0.3": {"class_weight": "balanced", "C": 0.3},
    "balanced, C 1": {"class_weight": "balanced"},
    "balanced, C 3": {"class_weight": "balanced", "C": 3.0},
    "plain + offsets": {"offsets": True},
    "balanced + offsets": {"class_weight": "balanced", "offsets": True},
    "plain, merged + split": {"merged": True},
    "balanced, merged + split": {"class_weight": "balanced", "merged": True},
    "plain + no-position rule": {"no_position_rule": True},
    "balanced + no-position rule": {"class_weight": "balanced", "no_position_rule": True},
    "balanced, merged + split + no-position rule": {"class_weight": "balanced", "merged": True,
                                                     "no_position_rule": True},
    "plain, merged + split + no-position rule + offsets": {"merged": True, "no_position_rule": True,
                                                           "offsets": True},
    "balanced, merged + split + no-position rule + offsets": {"class_weight": "balanced", "merged": True,
                                                              "no_position_rule": True, "offsets": True},
}
def evaluate_stacked(folds_data, C=1.0, class_weight=None):
    """The overall model on its row plus the topic model's probabilities for each topic of the
    letter (main topic first), those of the training letters from inner folds."""
    gold, pred, unsure = [], [], []
    for data in folds_data:
        inner = data["inner"]
        topic_X, topic_y, folds = (np.asarray(inner.topic_X, dtype=float), np.asarray(inner.topic_y),
                                   np.asarray(inner.topic_fold))
        classes = sorted(set(topic_y))
        inner_p = np.zeros((len(topic_y), len(classes)))
        for fold in sorted(set(folds)):
            model = LetterClassifier().fit(topic_X[folds != fold], topic_y[folds != fold])
            inner_p[folds == fold] = _aligned(model, topic_X[folds == fold], classes)
        X = np.hstack([np.asarray(inner.overall_X, dtype=float), inner_p.reshape(len(inner.overall_X), -1)])
        stacked = fit_with_threshold(X, inner.overall_y, inner.overall_fold,
                                     make=lambda: LetterClassifier(C=C, class_weight=class_weight))
        topic_model = LetterClassifier().fit(topic_X, topic_y)
        test_p = _aligned(topic_model, np.array([row for row, _ in data["test_topic"]], dtype=float), classes)
        test_X = np.hstack([np.array([row for row, _ in data["test_overall"]], dtype=float),
                            test_p.reshape(len(data["test_overall"]), -1)])
        probabilities = stacked.predict_proba(test_X)
        pred += list(stacked.classes_[probabilities.argmax(axis=1)])
        unsure += list(probabilities.max(axis=1) < stacked.threshold_)
        gold += [label for _, label in data["test_overall"]]
    return _figures(gold, pred, unsure)


def _aligned(model, X, classes):
    probabilities = model.predict_proba(X)
    out = np.zeros((len(X), len(classes)))
    for k, label in enumerate(model.classes_):
        out[:, classes.index(label)] = probabilities[:, k]
    return out


FROM_TOPIC_VARIANTS = {
    "stacked: overall row + the topic model's probabilities": {"stacked": {}},
    "stacked, C 0.1": {"stacked": {"C": 0.1}},
    "stacked, balanced": {"stacked": {"class_weight": "balanced"}},
    "from the main topic's call (plain topic model)": {"from_topics": {}},
    "from the main topic's call, for → supports only": {"from_topics": {"reservation_from_others": False}},
    "from the main topic's call (balanced topic model)": {"from_topics": {"class_weight": "balanced"}},
}
TOPIC_VARIANTS = {
    "plain (shipped until now)": {},
    "balanced, C 1": {"class_weight": "balanced"},
    "balanced, C 0.3": {"class_weight": "balanced", "C": 0.3},
    "plain + offsets": {"offsets": True},
    "balanced + offsets": {"class_weight": "balanced", "offsets": True},
}


def evaluate_correction_weights(folds_data, n_corrected: int, weights=(1.0, 3.0, 10.0), seed: int = 11):
    """Overall and topic figures on the rest of each held-out fold after ``n_corrected`` of its
    letters were corrected, the letter models refitted with them at each weight (as
    :func:`horingsanalyse.stance.models.adapt` does, whose weight is ``CORRECTION_WEIGHT``)."""
    rng = random.Random(seed)
    gold = {"overall": [], "topic": []}
    pred = {w: {"overall": [], "topic": []} for w in (0.0, *weights)}
    for data in folds_data:
        inner = data["inner"]
        models = {"overall": fit_with_threshold(inner.overall_X, inner.overall_y, inner.overall_fold),
                  "topic": fit_with_threshold(inner.topic_X, inner.topic_y, inner.topic_fold)}
        letters = len(data["test_overall"])
        per_letter = len(data["test_topic"]) // letters
        order = list(range(letters))
        rng.shuffle(order)
        corrected, rest = order[:n_corrected], order[n_corrected:]
        rows = {"overall": ([data["test_overall"][i] for i in corrected], [data["test_overall"][i] for i in rest]),
                "topic": ([data["test_topic"][i * per_letter + k] for i in corrected for k in range(per_letter)],
                          [data["test_topic"][i * per_letter + k] for i in rest for k in range(per_letter)])}
        for kind, (taught, scored) in rows.items():
            gold[kind] += [label for _, label in scored]
            X = np.array([row for row, _ in scored], dtype=float)
            pred[0.0][kind] += list(models[kind].predict(X)) if len(X) else []
            for weight in weights:
                model = models[kind]
                refit = LetterClassifier(**model.get_params()).fit(
                    np.vstack([model.X_, [row for row, _ in taught]]), [*model.y_, *(label for _, label in taught)],
                    sample_weight=[1.0] * len(model.y_) + [weight] * len(taught))
                pred[weight][kind] += list(refit.predict(X)) if len(X) else []
    out = {}
    for weight, by_kind in pred.items():
        out[weight] = {kind: f1_score(gold[kind], by_kind[kind], labels=sorted(set(gold[kind])), average="macro",
                                      zero_division=0) for kind in by_kind}
        out[weight]["overall accuracy"] = accuracy_score(gold["overall"], by_kind["overall"])
    return out, len(gold["overall"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the folds' rows here (made once, then read)")
    parser.add_argument("--corrections-only", action="store_true", help="only the correction weights")
    args = parser.parse_args()
    data = fold_rows(args.cache)
    for n in (10, 20):
        figures, scored = evaluate_correction_weights(data, n)
        print(f"\nafter {n} corrected letters of each held-out fold ({scored} letters left to score):\n")
        print("| correction weight | overall accuracy | overall macro-F1 | topic macro-F1 |")
        print("| --- | ---: | ---: | ---: |")
        for weight, f in figures.items():
            name = "none (unadapted)" if weight == 0 else f"{weight:g}"
            print(f"| {name} | {f['overall accuracy']:.3f} | {f['overall']:.3f} | {f['topic']:.3f} |", flush=True)
    if args.corrections_only:
        return
    for kind, variants in (("overall", {**VARIANTS, **FROM_TOPIC_VARIANTS}), ("topic", TOPIC_VARIANTS)):
        base = majority_figures(data, kind)
        print(f"\n{kind} stance, held out (5 folds): majority class accuracy {base['accuracy']:.3f}, "
              f"macro-F1 {base['macro-F1']:.3f}\n")
        print("| variant | accuracy | macro-F1 | not usikker | … right | per-class F1 |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for name, params in variants.items():
            if "from_topics" in params:
                r = evaluate_from_topics(data, **params["from_topics"])
            elif "stacked" in params:
                r = evaluate_stacked(data, **params["stacked"])
            else:
                r = evaluate(data, kind, **params)
            per_class = ", ".join(f"{k} {v:.2f}" for k, v in r["per class F1"].items())
            print(f"| {name} | {r['accuracy']:.3f} | {r['macro-F1']:.3f} | {r['sure share']:.3f} ({r['n sure']}) | "
                  f"{r['sure right']:.3f} | {per_class} |", flush=True)


if __name__ == "__main__":
    main()
