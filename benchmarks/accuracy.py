"""Accuracy of the analysis against the hand-labelled gold set, and its speed.

Runs the whole pipeline (extract → repair → tag → campaigns) on a corpus hearing and compares
each response with ``benchmarks/gold/<hearing>.jsonl``: sender, category, no-remarks, overall
stance, topic stances and campaigns. Prints the figures; asserts nothing.

    python benchmarks/accuracy.py corpus/nou-2019-18-havbruk
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from horingsanalyse import analyse_hearing
from horingsanalyse.gazetteer import load_gazetteer, names_index, normalise_name

GOLD_DIR = Path(__file__).parent / "gold"


def load_gold(hearing_dir: Path) -> dict[str, dict]:
    path = GOLD_DIR / f"{hearing_dir.name}.jsonl"
    return {row["file"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {gold for gold, _ in pairs} | {pred for _, pred in pairs}
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label != g for g, p in pairs)
        fn = sum(g == label != p for g, p in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def campaign_pairs(groups: dict[str, str | None]) -> set[frozenset[str]]:
    """Pairs of files in the same campaign: compares groupings whatever the labels are called."""
    members: dict[str, list[str]] = {}
    for file, group in groups.items():
        if group:
            members.setdefault(group, []).append(file)
    return {frozenset((a, b)) for files in members.values() for a in files for b in files if a < b}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hearing", type=Path, nargs="?", default=Path("corpus/nou-2019-18-havbruk"))
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    args = parser.parse_args()

    gold = load_gold(args.hearing)
    started = time.perf_counter()
    analysis = analyse_hearing(args.hearing, model=args.model)
    seconds = time.perf_counter() - started
    predicted = {r.file: r for r in analysis.responses}
    files = sorted(set(gold) & set(predicted))
    missing = sorted(set(gold) - set(predicted))

    sender = [(normalise_name(gold[f]["sender"]), normalise_name(predicted[f].sender)) for f in files]
    known = names_index(load_gazetteer())

    def canonical(name: str) -> str:
        return normalise_name(known[name].name) if name in known else name

    same_actor = [(canonical(g), canonical(p)) for g, p in sender]
    category = [(gold[f]["category"], predicted[f].category.value) for f in files]
    no_comment = [(str(gold[f]["no_comment"]), str(predicted[f].no_comment)) for f in files]
    stance = [(gold[f]["stance"], predicted[f].stance.value) for f in files]
    topic = [(gold[f]["topics"][t]["stance"], predicted[f].topics[t].stance.value)
             for f in files for t in gold[f]["topics"] if t in predicted[f].topics]
    addressed = [(g, p) for g, p in topic if g != "not_addressed"]
    gold_pairs = campaign_pairs({f: gold[f].get("campaign") for f in files})
    found_pairs = campaign_pairs({f: predicted[f].campaign_id for f in files})
    tp = len(gold_pairs & found_pairs)

    pages = sum(predicted[f].pages for f in files)
    rows = [
        ("responses compared", f"{len(files)} (failed or missing: {len(missing)})"),
        ("sender exact (normalised)", f"{accuracy(sender):.1%}"),
        ("sender, gazetteer aliases equal", f"{accuracy(same_actor):.1%}"),
        ("category accuracy", f"{accuracy(category):.1%}"),
        ("no-remarks accuracy", f"{accuracy(no_comment):.1%} "
                                f"(gold yes: {sum(g == 'True' for g, _ in no_comment)})"),
        ("overall stance accuracy", f"{accuracy(stance):.1%} (macro-F1 {macro_f1(stance):.2f})"),
        ("topic stance accuracy", f"{accuracy(topic):.1%} (macro-F1 {macro_f1(topic):.2f}, n={len(topic)})"),
        ("topic stance where addressed", f"{accuracy(addressed):.1%} (n={len(addressed)})"),
        ("campaign pairs P / R", f"{tp / len(found_pairs) if found_pairs else 1:.2f} / "
                                 f"{tp / len(gold_pairs) if gold_pairs else 1:.2f} "
                                 f"(gold pairs {len(gold_pairs)})"),
        ("speed", f"{seconds:.1f} s for {len(files)} responses, {pages / seconds:.1f} pages/s "
                  f"({analysis.run.pipeline})"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"Accuracy on {args.hearing.name} against benchmarks/gold/{args.hearing.name}.jsonl")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    confusions = Counter((g, p) for g, p in stance if g != p)
    print("  overall stance confusions (gold -> predicted):",
          ", ".join(f"{g}->{p}: {n}" for (g, p), n in confusions.most_common(6)) or "none")


if __name__ == "__main__":
    main()
