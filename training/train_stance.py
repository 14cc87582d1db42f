"""Train the stance model that ships with the package (``resources/stance_model.json``).

The recipe: the benchmark measures the model on held-out folds and writes its figures; this
script fits the shipped model on **all** labelled letters (the figures come from the folds, not
from this fit) and writes it with its data card and those held-out figures in its metadata.

    PYTHONPATH=src .venv/bin/python benchmarks/stance.py --json /tmp/stance_scores.json
    PYTHONPATH=src .venv/bin/python training/train_stance.py --scores /tmp/stance_scores.json

What it learns from (the data card, also in the metadata): the 106 labelled responses to
NOU 2019: 18 Skattlegging av havbruk (``benchmarks/gold/``), 3,448 sentences labelled by hand
with target and polarity (guidelines ``benchmarks/gold/sentences/README.md``) and the letters'
overall and topic stances (``benchmarks/gold/GUIDELINES.md``), in body-only mode. One hearing:
the features name no hearing's subject (topic words become TOPIC), but the letters are nearly
all against its main proposal (89 of 106), so the supporting and mixed classes rest on few
letters. Nothing is executed on load: the file holds vocabularies and coefficients.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from stance_gold import load_stance_letters  # noqa: E402

from horingsanalyse.stance.models import MODEL_RESOURCE  # noqa: E402
from horingsanalyse.stance.training import INNER_FOLDS, fit_stance_model  # noqa: E402

TARGET = ROOT / "src" / "horingsanalyse" / "resources" / MODEL_RESOURCE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=Path, required=True, help="the figures benchmarks/stance.py --json wrote")
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--scores-only", action="store_true",
                        help="only put the figures into the metadata of the model already at --out")
    args = parser.parse_args()
    scores = json.loads(args.scores.read_text(encoding="utf-8"))
    if args.scores_only:
        data = json.loads(args.out.read_text(encoding="utf-8"))
        data["metadata"]["held_out"] = scores
        args.out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return
    config, _, letters, _, _ = load_stance_letters()
    topic_ids = [t.id for t in config.topics]
    metadata = {
        "name": "horingsanalyse stance model",
        "trained": dt.date.today().isoformat(),
        "recipe": "training/train_stance.py (fit on all labelled letters; figures from benchmarks/stance.py folds)",
        "data": {
            "hearing": "NOU 2019: 18 Skattlegging av havbruk (Finansdepartementet, 19/4419)",
            "letters": len(letters),
            "labelled_sentences": sum(len(l.sentence_labels) for l in letters),
            "overall_stances": dict(Counter(l.stance for l in letters)),
            "topic_stances": dict(Counter(s for l in letters for s in l.topic_stances.values())),
            "mode": "body-only (the portal's «Høringssvar fra X» line removed)",
            "guidelines": ["benchmarks/gold/sentences/README.md", "benchmarks/gold/GUIDELINES.md"],
        },
        "structure": {
            "sentence": "two logistic regressions over sentence features: target kind (topic, proposal, "
                        "other) and polarity (support, oppose, conditional, neutral)",
            "letter": "two logistic regressions over the weighed sentence predictions: topic stance (each "
                      "training row also learnt mirrored, for and against swapped, so it leans to neither) and "
                      f"overall stance; usikker thresholds chosen on {INNER_FOLDS} folds inside the training letters, "
                      "the topic one also on each training topic left out of all training in turn: the lowest at "
                      "which the calls above it were right 90 % of the time one standard error below the share "
                      "seen, and where none was, every call usikker",
        },
        "limits": "one hearing, most letters against its main proposal; English read through a small English "
                  "cue set only; the figures are held out by response, not by hearing",
        "held_out": scores,
    }
    model = fit_stance_model(letters, topic_ids, metadata=metadata)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB); thresholds topic {model.topic.threshold_}, "
          f"overall {model.overall.threshold_}")


if __name__ == "__main__":
    main()
