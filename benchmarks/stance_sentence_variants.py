"""Sentence-model variants, held out: what was tried to lift the topic stance, and what it gave.

The topic stance (issue 11: macro-F1 ≥ 0.65) rests on the two sentence models' readings; the
letter-model variants (``stance_letter_variants.py``) showed that no decision rule over those
readings gets much further. This script tries the sentence side instead: which sentences a
topic gets, and what the sentence models read. Each variant is the shipped recipe with one
change, fitted on four folds and scored on the fifth, as ``benchmarks/stance.py`` does
(body-only, folds by response); every letter's features are recomputed for it:

- ``context W``: a sentence that names no topic takes the last topic named within the W
  sentences before it, as a topic of its own kind (the letter model gets its masses as separate
  features, so it can learn how far to trust them): how a reader carries a paragraph's topic;
- ``stance words only``: the polarity model reads no word outside the cue lexicon and the
  1,000 commonest Norwegian words (wordfreq has bokmål only), so that what the hearing is about
  («kommune», «regjeringen», «land») cannot lean a sentence;
- ``char 4-grams``: each word's character 4-grams beside it, on the masked text (the topic's
  words stay TOPIC), for inflections, compounds and nynorsk forms;
- ``word bigrams``: every two neighbouring words (after masking and negation scope), not only
  those after a negation or a modal: «støtter forslag» beside «støtter mindretall»;
- ``speaker × cue``: each stance feature (cue, request, modal, negation, wanting a side) also
  crossed with who speaks (the writer, someone reported, no one said);
- ``C``: the sentence models' regularisation fixed at another value for every fold (for
  comparison only: a C chosen by these figures would not be a result).

Printed per variant: how many of the labelled sentences on a topic get one of theirs (and how
many the labellers put on no topic get one), the sentence polarity's macro-F1 on the held-out labelled sentences, the
topic stance's macro-F1 and accuracy (530 response × topic pairs; the majority class gives
0.167), how many topic calls are not usikker and how many of those are right, and the topic
stance with each topic held out in turn (``--skip-held-out-topics`` leaves it out: it is most
of the run's ten minutes).

    PYTHONPATH=src .venv/bin/python benchmarks/stance_sentence_variants.py [--skip-held-out-topics]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import wordfreq
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldset import N_FOLDS  # noqa: E402
from stance_gold import load_stance_letters  # noqa: E402

import horingsanalyse.stance.letters as letters_module  # noqa: E402
import horingsanalyse.stance.training as training  # noqa: E402
from horingsanalyse.stance.features import (_CLAUSE_BOUNDARY, TOPIC, mask_topics, negation_scoped,  # noqa: E402
                                            normalise)
from horingsanalyse.stance.features import _WORD as _FEATURE_WORD  # noqa: E402
from horingsanalyse.positions import CUES_RESOURCE  # noqa: E402
from horingsanalyse.stance.models import FeatureClassifier, _masses, read_sentences, topic_row  # noqa: E402

CONTEXT = "context:"  # a topic carried from the sentences before, not named in the sentence
_WORD = re.compile(r"\w+")
_STANCE_FEATURES = ("CUE_POS", "CUE_NEG", "REQUEST", "REQUEST_NEG", "MODAL_SHOULD", "MODAL_MUST", "NEGATION",
                    "WANTS_FOR_SIDE", "WANTS_AGAINST_SIDE", "NEG_WANTS_FOR_SIDE", "NEG_WANTS_AGAINST_SIDE")


@dataclass(frozen=True)
class Variant:
    """The shipped recipe with one change: extra sentence features, topics carried from the
    context, a vocabulary the polarity model may read, or another C."""

    name: str
    extra_features: Callable[[str, dict, tuple], dict] | None = None  # (text, features, topic spans)
    context_window: int = 0
    polarity_words: frozenset[str] | None = None
    C: float = 0.5


def char_grams(text: str, features: dict, spans: tuple) -> dict:
    extra = {}
    for word in _WORD.findall(mask_topics(text, spans).lower()):
        if word == "topic":
            continue
        padded = f"<{word}>"
        for i in range(len(padded) - 3):
            key = f"c={padded[i:i + 4]}"
            extra[key] = extra.get(key, 0.0) + 1.0
    return extra


def word_bigrams(text: str, features: dict, spans: tuple) -> dict:
    raw = [w.lower() for w in _FEATURE_WORD.findall(mask_topics(text, spans))]
    words = [TOPIC if w == TOPIC.lower() else normalise(w) for w in raw]
    content = [w for w in negation_scoped(words) if w not in _CLAUSE_BOUNDARY]
    extra = {}
    for first, second in zip(content, content[1:]):
        key = f"b2={first}_{second}"
        extra[key] = extra.get(key, 0.0) + 1.0
    return extra


def speaker_crossed(text: str, features: dict, spans: tuple) -> dict:
    speaker = "WRITER" if "SPEAKER_WRITER" in features else "REPORTED" if "SPEAKER_REPORTED" in features else "NONE"
    return {f"{speaker}:{name}": 1.0 for name in _STANCE_FEATURES if name in features}


def stance_words() -> frozenset[str]:
    """The cue lexicon's words and the 1,000 commonest Norwegian words, normalised."""
    lexicon = tomllib.loads((resources.files("horingsanalyse") / "resources" / CUES_RESOURCE).read_text("utf-8"))
    words = {normalise(w) for w in wordfreq.top_n_list("nb", 1000)}
    for section in ("support", "oppose", "agreement", "reservation"):
        for phrase in lexicon[section].get("phrases", []):
            words |= {normalise(w.lower()) for w in _WORD.findall(phrase)}
    return frozenset(words | {"TOPIC"})


class VocabularyClassifier(FeatureClassifier):
    """A sentence model that reads only the words of ``words`` (the other features all)."""

    def __init__(self, C: float = 0.5, class_weight: str | None = "balanced", min_df: int = 2,
                 max_iter: int = 3000, words: frozenset[str] = frozenset()):
        super().__init__(C=C, class_weight=class_weight, min_df=min_df, max_iter=max_iter)
        self.words = words

    def _readable(self, name: str) -> bool:
        if name.startswith("w="):
            return name[2:].removeprefix("NEG_") in self.words
        if name.startswith("b="):
            return all(part.removeprefix("NEG_") in self.words for part in name[2:].split("_", 1))
        return True

    def fit(self, X, y, sample_weight=None):
        return super().fit([{k: v for k, v in row.items() if self._readable(k)} for row in X], y, sample_weight)


def with_context(topics: list[tuple], window: int) -> list[tuple]:
    """Each sentence's topics, a sentence naming none taking the last named within ``window``."""
    out, last, since = [], None, window + 1
    for own in topics:
        if own:
            out.append(own)
            last, since = own[0], 0
        else:
            since += 1
            out.append((CONTEXT + last,) if last and since <= window else ())
    return out


def context_topic_row(readings, topic_id, is_main):
    """The shipped topic row and the masses of the sentences that carry the topic from context."""
    carried = [1.0 if CONTEXT + topic_id in r.topics else 0.0 for r in readings]
    return topic_row(readings, topic_id, is_main) + _masses(readings, carried)


@contextmanager
def recipe(variant: Variant):
    """The training recipe and the letter reading with this variant's sentence models and rows."""
    shipped_fit, shipped_row = training.fit_sentence_models, training.topic_row

    def fit_sentence_models(letters, topic_ids, without_topics=(), C=variant.C):
        target, polarity = shipped_fit(letters, topic_ids, without_topics, C=C)
        if variant.polarity_words is None:
            return target, polarity
        X, _, polarities = training.labelled_sentences(letters, topic_ids, without_topics)
        return target, VocabularyClassifier(C=C, words=variant.polarity_words).fit(X, polarities)

    training.fit_sentence_models = fit_sentence_models
    if variant.context_window:
        training.topic_row = letters_module.topic_row = context_topic_row
    try:
        yield
    finally:
        training.fit_sentence_models = shipped_fit
        training.topic_row = letters_module.topic_row = shipped_row


def prepared(variant: Variant, letters, index):
    """The letters with this variant's features and topics."""
    if variant.extra_features is None and not variant.context_window:
        return letters
    out = []
    for letter in letters:
        features = letter.features
        if variant.extra_features is not None:
            hits = index.assign(letter.sentences)
            features = [{**f, **variant.extra_features(text, f, hit.spans)}
                        for text, f, hit in zip(letter.sentences, features, hits)]
        topics = with_context(letter.topics, variant.context_window) if variant.context_window else letter.topics
        out.append(replace(letter, features=features, topics=topics))
    return out


def evaluate(variant: Variant, letters, folds, topic_ids, held_out_topics: bool) -> dict:
    gold, pred, sure, sentence_gold, sentence_pred = [], [], [], [], []
    with recipe(variant):
        for fold in range(N_FOLDS):
            train = [l for l, f in zip(letters, folds) if f != fold]
            model = training.fit_stance_model(train, topic_ids)
            for letter in (l for l, f in zip(letters, folds) if f == fold):
                reading = letters_module.read_prepared(model, letter.features, letter.topics, topic_ids)
                for topic_id, call in reading.topics.items():
                    gold.append(letter.topic_stances[topic_id])
                    pred.append(call.label)
                    if not call.uncertain:
                        sure.append(call.label == letter.topic_stances[topic_id])
                readings = read_sentences(model.target, model.polarity, letter.features, letter.topics)
                for i, (_, polarity, _) in letter.sentence_labels.items():
                    sentence_gold.append(polarity)
                    sentence_pred.append(max(readings[i].polarity, key=readings[i].polarity.get))
        figures = {
            "labelled topic sentences given their topic (and others given one)": topic_assignment(letters, topic_ids),
            "sentence polarity macro-F1": f1_score(sentence_gold, sentence_pred, average="macro"),
            "topic macro-F1": f1_score(gold, pred, labels=sorted(set(gold)), average="macro"),
            "topic accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold),
            "topic calls not usikker (right)": f"{len(sure)} ({sum(sure)})",
        }
        if held_out_topics:
            figures["topic macro-F1, each topic held out"] = held_out_topic_f1(letters, folds, topic_ids)
    return figures


def topic_assignment(letters, topic_ids) -> str:
    """How many labelled sentences on a topic get one of theirs, «X of N (+ Y)», where Y is how
    many labelled sentences the labellers put on no topic get one."""
    found = total = wrong = 0
    for letter in letters:
        for i, (target, _, also) in letter.sentence_labels.items():
            gold = {target, *also} & set(topic_ids)
            given = {t.removeprefix(CONTEXT) for t in letter.topics[i]}
            if gold:
                total += 1
                found += bool(gold & given)
            elif given:
                wrong += 1
    return f"{found} of {total} (+ {wrong})"


def held_out_topic_f1(letters, folds, topic_ids) -> float:
    gold, pred = [], []
    for topic_id in topic_ids:
        for fold in range(N_FOLDS):
            train = [l for l, f in zip(letters, folds) if f != fold]
            model = training.fit_stance_model(train, topic_ids, without_topic=topic_id, inner_folds=2)
            for letter in (l for l, f in zip(letters, folds) if f == fold):
                reading = letters_module.read_prepared(model, letter.features, letter.topics, topic_ids)
                gold.append(letter.topic_stances[topic_id])
                pred.append(reading.topics[topic_id].label)
    return f1_score(gold, pred, labels=sorted(set(gold)), average="macro")


def variants() -> list[Variant]:
    return [Variant("shipped"), Variant("context 1", context_window=1), Variant("context 3", context_window=3),
            Variant("stance words only (polarity model)", polarity_words=stance_words()),
            Variant("char 4-grams (topic words masked)", extra_features=char_grams),
            Variant("word bigrams", extra_features=word_bigrams),
            Variant("speaker × cue", extra_features=speaker_crossed),
            Variant("sentence models C 0.1", C=0.1), Variant("sentence models C 1", C=1.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-held-out-topics", action="store_true")
    args = parser.parse_args()
    config, index, letters, folds, _ = load_stance_letters()
    topic_ids = [t.id for t in config.topics]
    print(f"{len(letters)} letters, 5 folds by response, body-only; topic majority macro-F1 0.167\n")
    rows = []
    for variant in variants():
        figures = evaluate(variant, prepared(variant, letters, index), folds, topic_ids, not args.skip_held_out_topics)
        rows.append((variant.name, figures))
        print(f"{variant.name}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                               for k, v in figures.items()), flush=True)
    keys = list(rows[0][1])
    print("\n| variant (held out) | " + " | ".join(keys) + " |")
    print("| --- | " + " | ".join("---:" for _ in keys) + " |")
    for name, figures in rows:
        print(f"| {name} | " + " | ".join(f"{figures[k]:.3f}" if isinstance(figures[k], float) else str(figures[k])
                                          for k in keys) + " |")


if __name__ == "__main__":
    main()
