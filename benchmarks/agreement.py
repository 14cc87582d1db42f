"""Inter-annotator agreement on the gold set: how far two independent labellers agree.

Prints, for the letters and the sentences that both labellers labelled, the share of items
on which they agree and Cohen's κ (agreement beyond what their label frequencies give by
chance), field by field. A model scored against one labeller cannot be expected to agree with
it much more often than the second labeller does.

    .venv/bin/python benchmarks/agreement.py
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

GOLD = Path(__file__).resolve().parent / "gold"
LETTER_FIELDS = ("category", "stance", "no_comment", "names_writer_in_body", "private_person", "language")
SENTENCE_FIELDS = ("target", "polarity", "speaker")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def normalised(name: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def agreement_row(name: str, first: list, second: list) -> str:
    agree = sum(a == b for a, b in zip(first, second)) / len(first)
    labels = {str(v) for v in first + second}
    kappa = cohen_kappa_score([str(v) for v in first], [str(v) for v in second]) if len(labels) > 1 else float("nan")
    return f"| {name} | {len(first)} | {100 * agree:.1f} % | {kappa:.2f} |"


def letter_table(hearing: str) -> list[str]:
    first = {r["file"]: r for r in read_jsonl(GOLD / f"{hearing}.letters.jsonl")}
    second = read_jsonl(GOLD / f"{hearing}.letters.second.jsonl")
    pairs = [(first[r["file"]], r) for r in second]
    rows = ["| field | letters | agreement | Cohen's κ |", "| --- | ---: | ---: | ---: |"]
    rows.append(agreement_row("sender (same name)", [normalised(a["sender"]) for a, _ in pairs],
                              [normalised(b["sender"]) for _, b in pairs]))
    for field in LETTER_FIELDS:
        rows.append(agreement_row(field, [a[field] for a, _ in pairs], [b[field] for _, b in pairs]))
    rows.append(agreement_row("date", [a["date"] for a, _ in pairs], [b["date"] for _, b in pairs]))
    topics = sorted(pairs[0][0]["topics"])
    for topic in topics:
        rows.append(agreement_row(f"topic {topic}", [a["topics"][topic]["stance"] for a, _ in pairs],
                                  [b["topics"][topic]["stance"] for _, b in pairs]))
    rows.append(agreement_row("all topic stances", [a["topics"][t]["stance"] for a, _ in pairs for t in topics],
                              [b["topics"][t]["stance"] for _, b in pairs for t in topics]))
    return rows


def sentence_table(hearing: str) -> list[str]:
    sentences = GOLD / "sentences"
    second_path = sentences / f"{hearing}.stance.second.jsonl"
    if not second_path.exists():
        return ["(no second labelling of the sentences yet)"]
    first = {r["sid"]: r for path in sorted(sentences.glob(f"{hearing}.stance.[0-9]*.jsonl")) for r in read_jsonl(path)}
    pairs = [(first[r["sid"]], r) for r in read_jsonl(second_path) if r["sid"] in first]
    rows = ["| field | sentences | agreement | Cohen's κ |", "| --- | ---: | ---: | ---: |"]
    for field in SENTENCE_FIELDS:
        rows.append(agreement_row(field, [a[field] for a, _ in pairs], [b[field] for _, b in pairs]))
    rows.append(agreement_row("target + polarity", [(a["target"], a["polarity"]) for a, _ in pairs],
                              [(b["target"], b["polarity"]) for _, b in pairs]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hearing", default="nou-2019-18-havbruk")
    args = parser.parse_args()
    print(f"Letters labelled by both labellers ({args.hearing}):\n")
    print("\n".join(letter_table(args.hearing)))
    print(f"\nSentences labelled by both labellers ({args.hearing}):\n")
    print("\n".join(sentence_table(args.hearing)))


if __name__ == "__main__":
    main()
