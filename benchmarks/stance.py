"""Stance benchmark: the trained stance model on held-out responses, beside the majority class.

Body-only mode (the portal's «Høringssvar fra X» line removed), 5 folds by response
(campaigns and byte-identical copies kept together, ``goldset.py``): the model is fitted on four
folds (its ``usikker`` thresholds chosen inside them) and scored on the fifth. Prints:

- overall stance: accuracy and macro-F1; topic stance (every response × topic): macro-F1;
- the share of calls not marked ``usikker``, and how often those are right (also counted by
  kind: overall and topic calls have thresholds of their own);
- whether every for/against call quotes an exact sentence of the letter;
- topic stance with each topic held out in turn (no sentence or letter label of it in training);
- the same figures after 10 and 20 corrected letters of the held-out fold (the letter models
  adapted with their labels, :func:`horingsanalyse.stance.models.adapt`), scored on the rest;
- the sentence labels' agreement between the two labellers (Cohen's κ).

    PYTHONPATH=src .venv/bin/python benchmarks/stance.py [--skip-held-out-topics] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement import sentence_table  # noqa: E402
from goldset import N_FOLDS, majority  # noqa: E402
from stance_gold import load_stance_letters  # noqa: E402

from horingsanalyse.stance.letters import read_prepared  # noqa: E402
from horingsanalyse.stance.models import adapt  # noqa: E402
from horingsanalyse.stance.training import fit_stance_model  # noqa: E402

TARGETS = {"overall macro-F1": 0.70, "topic macro-F1": 0.65, "not-usikker accuracy": 0.90}
CORRECTED = (10, 20)
HELD_OUT_TOPIC_INNER_FOLDS = 2  # 25 fits: two inner folds keep the run to minutes
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _sure_of(sure: list[dict], kind: str) -> str:
    """«n (right)» for the calls of one kind not marked usikker."""
    calls = [r for r in sure if r["kind"] == kind]
    return f"{len(calls)} ({sum(r['gold'] == r['pred'] for r in calls)})"


def scores(rows: list[dict]) -> dict:
    """Accuracy, macro-F1 (over the gold classes present), share sure and its accuracy, quotes."""
    overall = [r for r in rows if r["kind"] == "overall"]
    topic = [r for r in rows if r["kind"] == "topic"]
    sure = [r for r in rows if not r["uncertain"]]
    sided = [r for r in rows if r["pred"] in ("for", "against")]

    def f1(items):
        if not items:
            return float("nan")
        gold = [r["gold"] for r in items]
        return f1_score(gold, [r["pred"] for r in items], labels=sorted(set(gold)), average="macro", zero_division=0)

    return {
        "n letters": len(overall),
        "overall accuracy": accuracy_score([r["gold"] for r in overall], [r["pred"] for r in overall]) if overall else float("nan"),
        "overall macro-F1": f1(overall),
        "topic macro-F1": f1(topic),
        "topic accuracy": accuracy_score([r["gold"] for r in topic], [r["pred"] for r in topic]) if topic else float("nan"),
        "not-usikker share": len(sure) / len(rows) if rows else float("nan"),
        "not-usikker calls, overall / topic (right)": " / ".join(_sure_of(sure, kind) for kind in ("overall", "topic")),
        "not-usikker accuracy": float(np.mean([r["gold"] == r["pred"] for r in sure])) if sure else float("nan"),
        "for/against with exact quote": (sum(r["quote_exact"] for r in sided), len(sided)),
    }


def call_rows(model, letters, bodies, topic_ids, only_topic=None) -> list[dict]:
    """One row per call the model makes on these letters: gold, prediction, usikker, quote check."""
    rows = []
    for letter, body in zip(letters, bodies):
        reading = read_prepared(model, letter.features, letter.topics, topic_ids)
        normal_body = _normal(body)
        if only_topic is None:
            rows.append({"kind": "overall", "gold": letter.stance, "pred": reading.overall.label,
                         "uncertain": reading.overall.uncertain, "quote_exact": True})
        for topic_id, call in reading.topics.items():
            if only_topic is not None and topic_id != only_topic:
                continue
            quote = letter.sentences[call.quote] if call.quote is not None else None
            rows.append({"kind": "topic", "gold": letter.topic_stances[topic_id], "pred": call.label,
                         "uncertain": call.uncertain,
                         "quote_exact": quote is not None and _normal(quote) in normal_body})
    return rows


def majority_rows(train, test, topic_ids) -> list[dict]:
    """The majority baseline's calls: the training folds' commonest overall and topic stance."""
    overall = majority([letter.stance for letter in train])
    topic = majority([letter.topic_stances[t] for letter in train for t in topic_ids])
    rows = [{"kind": "overall", "gold": letter.stance, "pred": overall, "uncertain": False, "quote_exact": False}
            for letter in test]
    rows += [{"kind": "topic", "gold": letter.topic_stances[t], "pred": topic, "uncertain": False, "quote_exact": False}
             for letter in test for t in topic_ids]
    return rows


def corrected_rows(model, letters, topic_ids):
    """The letter-model rows of corrected letters, with their (gold) labels, for :func:`adapt`."""
    topic_rows, overall_rows = [], []
    for letter in letters:
        reading = read_prepared(model, letter.features, letter.topics, topic_ids)
        topic_rows += [(reading.topic_rows[t], letter.topic_stances[t]) for t in topic_ids]
        overall_rows.append((reading.overall_row, letter.stance))
    return topic_rows, overall_rows


def _format(value) -> str:
    if isinstance(value, tuple):
        return f"{value[0]}/{value[1]}"
    if isinstance(value, float):
        return "–" if np.isnan(value) else f"{value:.3f}"
    return str(value)


def print_table(title: str, columns: dict[str, dict]) -> None:
    print(f"\n{title}\n")
    names = list(columns)
    print("| figure | " + " | ".join(names) + " |")
    print("| --- | " + " | ".join("---:" for _ in names) + " |")
    for key in next(iter(columns.values())):
        print(f"| {key} | " + " | ".join(_format(columns[n].get(key, "")) for n in names) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-held-out-topics", action="store_true", help="leave out the slowest part")
    parser.add_argument("--json", type=Path, help="also write the figures here (the training recipe reads them)")
    args = parser.parse_args()
    config, _, letters, folds, bodies = load_stance_letters()
    topic_ids = [t.id for t in config.topics]
    print(f"{len(letters)} labelled letters, {sum(len(l.sentence_labels) for l in letters)} labelled sentences, "
          f"{N_FOLDS} folds by response; body-only mode")
    print("gold overall stances:", dict(Counter(l.stance for l in letters)))
    model_rows, base_rows = [], []
    adapted = {n: [] for n in CORRECTED}
    unadapted = {n: [] for n in CORRECTED}
    rng = random.Random(11)
    for fold in range(N_FOLDS):
        train = [l for l, f in zip(letters, folds) if f != fold]
        test = [(l, b) for l, b, f in zip(letters, bodies, folds) if f == fold]
        model = fit_stance_model(train, topic_ids)
        model_rows += call_rows(model, [l for l, _ in test], [b for _, b in test], topic_ids)
        base_rows += majority_rows(train, [l for l, _ in test], topic_ids)
        order = list(range(len(test)))
        rng.shuffle(order)
        for n in CORRECTED:
            corrected, rest = [test[i] for i in order[:n]], [test[i] for i in order[n:]]
            if not rest:
                continue
            topic_rows, overall_rows = corrected_rows(model, [l for l, _ in corrected], topic_ids)
            better = adapt(model, topic_rows, overall_rows)
            adapted[n] += call_rows(better, [l for l, _ in rest], [b for _, b in rest], topic_ids)
            unadapted[n] += call_rows(model, [l for l, _ in rest], [b for _, b in rest], topic_ids)
        print(f"fold {fold}: {len(test)} held-out letters; thresholds topic {model.topic.threshold_:.2f}, "
              f"overall {model.overall.threshold_:.2f}", flush=True)
    figures = {"majority class": scores(base_rows), "stance model": scores(model_rows)}
    print_table("Held out (5 folds by response), body-only:", figures)
    for key, target in TARGETS.items():
        value = figures["stance model"][key]
        print(f"target {key} ≥ {target:.2f}: {value:.3f} {'met' if value >= target else 'MISSED'}")
    print(f"target overall accuracy above the majority class: "
          f"{figures['stance model']['overall accuracy']:.3f} vs {figures['majority class']['overall accuracy']:.3f} "
          f"{'met' if figures['stance model']['overall accuracy'] > figures['majority class']['overall accuracy'] else 'MISSED'}")
    adaptation = {}
    for n in CORRECTED:
        adaptation[f"before, rest after {n}"] = scores(unadapted[n])
        adaptation[f"after {n} corrected"] = scores(adapted[n])
    print_table("Corrected letters of the held-out fold (the rest of the fold scored):", adaptation)
    held_out_topics = {}
    if not args.skip_held_out_topics:
        rows_by_topic = {}
        for topic_id in topic_ids:
            rows_by_topic[topic_id] = []
            for fold in range(N_FOLDS):
                train = [l for l, f in zip(letters, folds) if f != fold]
                test = [(l, b) for l, b, f in zip(letters, bodies, folds) if f == fold]
                model = fit_stance_model(train, topic_ids, without_topic=topic_id, inner_folds=HELD_OUT_TOPIC_INNER_FOLDS)
                rows_by_topic[topic_id] += call_rows(model, [l for l, _ in test], [b for _, b in test], topic_ids,
                                                     only_topic=topic_id)
            print(f"held out topic {topic_id}: done", flush=True)
        every = [r for rows in rows_by_topic.values() for r in rows]
        held_out_topics = {"all topics": scores(every), **{t: scores(r) for t, r in rows_by_topic.items()}}
        print_table("Topic stance with each topic held out in turn (no sentence or label of it in training):",
                    {name: {k: v for k, v in s.items() if k.startswith(("topic", "not-usikker", "for/against"))}
                     for name, s in held_out_topics.items()})
    print("\nSentence labels, two labellers:\n")
    print("\n".join(sentence_table("nou-2019-18-havbruk")))
    if args.json:
        out = {"held_out": figures, "adaptation": adaptation, "held_out_topics": held_out_topics}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=list), encoding="utf-8")


if __name__ == "__main__":
    main()
