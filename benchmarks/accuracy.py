"""Who answered, and whether they said anything: accuracy on responses as they are published.

Scores the sender, its category and «no remarks» on the gold set (`benchmarks/gold/`, the
published texts of NOU 2019: 18, labelled by hand, see `gold/GUIDELINES.md`) and on the
constructed letters in `tests/data/letters/` (no-remarks letters, empty bodies, private
persons, English letters: cases the gold set lacks), in two modes:

- **body-only** (the headline): the portal's «Høringssvar fra X» line removed, so the letter
  must say itself who wrote it;
- **as given**: the text as published.

Nothing is scored on what it was tuned on: the sender ranker is trained on four folds of the
gold set and scored on the fifth, for each of the five folds (folds keep campaigns and copies
together); its threshold is chosen inside the training folds. The majority-class baseline,
learned on the same training folds, is printed beside every figure. File names are neutral
(``svar-NNN.txt``), so they tell nothing.

    PYTHONPATH=src .venv/bin/python benchmarks/accuracy.py [--gazetteer-without-senders] [--save-ranker]

``--gazetteer-without-senders`` removes from the gazetteer every body that sent a response, as
a hearing from another field whose senders the gazetteer does not know. ``--save-ranker``
trains the ranker on all gold letters (both modes) and writes it, with these held-out figures,
to the package data ``resources/sender_ranker.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldset import MODES, N_FOLDS, GoldResponse, load_gold_responses, majority  # noqa: E402
from letters import constructed_letters  # noqa: E402
from tagged_gold import pipeline_for, tagged_responses  # noqa: E402

from horingsanalyse.actors import SenderRanker  # noqa: E402
from horingsanalyse.actors.copies import senders_of_copies  # noqa: E402
from horingsanalyse.gazetteer import load_gazetteer, names_index, normalise_name  # noqa: E402

PORTAL = re.compile(r"\A\s*Høringssvar fra ([^\n]+)", re.IGNORECASE)
RANKER_PATH = Path(__file__).resolve().parent.parent / "src" / "horingsanalyse" / "resources" / "sender_ranker.json"


@dataclass
class Letter:
    """One scored letter: its labels, candidates and what the tool concluded."""

    key: str
    labels: dict
    fold: int
    group: str  # what keeps letters together in the ranker's inner folds (copies; one response in both modes)
    gold: bool  # a gold response (else a constructed letter)
    text: str
    doc: object
    candidates: list
    context: object
    X: np.ndarray
    target: int | None
    decision: object = None
    no_comment: bool = False


def same_sender(predicted: str | None, labels: dict, index: dict, *, strict: bool = False) -> bool:
    """Whether the predicted name is the labelled sender: its name, a form of its name the
    letter uses (not in strict mode), or the same known body."""
    if predicted is None or labels.get("sender") is None:
        return False
    gold = [labels["sender"]] + ([] if strict else list(labels.get("name_forms") or []))
    norm = normalise_name(predicted)
    if norm in {normalise_name(g) for g in gold}:
        return True
    entry = index.get(norm)
    return entry is not None and any(index.get(normalise_name(g)) is entry for g in gold)


def names_writer(labels: dict, text: str) -> bool:
    """Whether the text says who sent it: its body does, or (as given) the portal heading names
    the writer (not «Anonym»)."""
    if labels.get("sender") is None:
        return False
    if labels.get("names_writer_in_body", True):
        return True
    heading = PORTAL.match(text)
    return bool(heading) and normalise_name(heading.group(1)) not in ("anonym", "anonymous", "privatperson")


def target_of(candidates, labels: dict, index: dict, text: str) -> int | None:
    """The candidate that is the labelled sender (the one with most mentions), if any."""
    if not names_writer(labels, text):
        return None
    matching = [i for i, c in enumerate(candidates)
                if any(same_sender(name, labels, index) for name in {*c.names, *(m.text for m in c.mentions)})
                or c.entry is not None and same_sender(c.entry.name, labels, index)]
    return max(matching, key=lambda i: len(candidates[i].mentions), default=None)


def prepare(mode: str, responses: list[GoldResponse], gazetteer, index) -> list[Letter]:
    """Every gold and constructed letter of a mode through the pipeline, with its candidates."""
    nlp = pipeline_for(responses, mode)
    recognizer = nlp.get_pipe("horingsanalyse_actors")
    recognizer.initialize(gazetteer=gazetteer, instanser=(), ranker=recognizer.ranker)
    positions = nlp.get_pipe("horingsanalyse_positions")
    letters = []
    items = [(f"gold-{t.gold.number}", t.gold.labels, t.gold.fold, t.gold.group, True, t.doc)
             for t in tagged_responses(responses, mode)]
    items += [(f"constructed-{c.name}", c.labels, index % N_FOLDS, c.name, False, c.doc(nlp, mode))
              for index, c in enumerate(constructed_letters())]
    for key, labels, fold, group, is_gold, doc in items:
        candidates, context, X = recognizer.candidates(doc)
        positions(doc)
        letters.append(Letter(key, labels, fold, group, is_gold, doc.text, doc, candidates, context, X,
                              target_of(candidates, labels, index, doc.text), no_comment=bool(doc._.no_comment)))
    return letters


def held_out(letters: list[Letter], recognizer, Cs: list[float]) -> tuple[dict[int, str | None], list[float]]:
    """Train on four folds (gold and constructed letters), decide the fifth. Returns the
    majority-baseline sender of each fold's training letters, and the C each fold's training
    letters chose (from ``Cs``, by cross-validation inside them)."""
    baseline, chosen = {}, []
    for fold in range(N_FOLDS):
        train = [letter for letter in letters if letter.fold != fold]
        ranker = SenderRanker(Cs=Cs).fit([t.X for t in train], [t.target for t in train], [t.group for t in train])
        chosen.append(ranker.C_)
        baseline[fold] = majority([t.labels["sender"] for t in train])
        for letter in letters:
            if letter.fold == fold:
                letter.decision = recognizer.decide(letter.doc, letter.candidates, letter.context,
                                                    ranker.probabilities(letter.X), ranker.threshold_)
    return baseline, chosen


def apply_copies(letters: list[Letter]) -> None:
    """The hearing-level step: copies of one letter filed by several respondents (gold only)."""
    gold = [letter for letter in letters if letter.gold]
    decided = senders_of_copies({g.key: g.decision for g in gold}, texts={g.key: g.text for g in gold})
    for letter in gold:
        letter.decision = decided[letter.key]


def pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f} % ({right}/{total})" if total else "   –"


def f1(pairs: list[tuple[bool, bool]]) -> tuple[float, int, int, int]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), tp, fp, fn


def report(mode: str, letters: list[Letter], baseline: dict, index: dict, verbose: bool) -> dict:
    """Print the figures of one mode; return them for the ranker's record."""
    figures = {}
    print(f"\n## {mode}{' (headline)' if mode == 'body-only' else ''}\n")
    for subset, rows in (("gold set", [x for x in letters if x.gold]),
                         ("constructed letters", [x for x in letters if not x.gold]),
                         ("all", letters)):
        named = [x for x in rows if names_writer(x.labels, x.text)]
        unnamed = [x for x in rows if x not in named]
        right = sum(same_sender(x.decision.name, x.labels, index) for x in named)
        strict = sum(same_sender(x.decision.name, x.labels, index, strict=True) for x in named)
        base = sum(same_sender(baseline[x.fold], x.labels, index) for x in named)
        nulls = sum(x.decision.name is None for x in unnamed)
        wrong_names = sum(x.decision.name is not None and not same_sender(x.decision.name, x.labels, index)
                          for x in named)
        category = sum(x.decision.category.value == x.labels["category"] for x in rows)
        train_categories = [x.labels["category"] for x in letters]
        category_base = sum(majority(train_categories) == x.labels["category"] for x in rows)
        pairs = [(bool(x.labels.get("no_comment")), x.no_comment) for x in rows]
        score, tp, fp, fn = f1(pairs)
        print(f"{subset} ({len(rows)} responses)")
        print(f"  sender right, letters that name their writer   {pct(right, len(named))}   "
              f"baseline {pct(base, len(named))}   [registered name only: {pct(strict, len(named))}; "
              f"wrong name {wrong_names}, none {len(named) - right - wrong_names}]")
        print(f"  sender null, letters that do not               {pct(nulls, len(unnamed))}   "
              f"baseline {pct(0, len(unnamed))}")
        print(f"  category right                                 {pct(category, len(rows))}   "
              f"baseline {pct(category_base, len(rows))} ({majority(train_categories)})")
        print(f"  no_comment F1                                  {score:.2f} (tp {tp}, fp {fp}, fn {fn})   "
              f"baseline 0.00 (majority: none)")
        figures[subset] = {"sender": round(right / len(named), 3) if named else None,
                           "sender_null": round(nulls / len(unnamed), 3) if unnamed else None,
                           "category": round(category / len(rows), 3), "no_comment_f1": round(score, 3),
                           "n": len(rows)}
    if verbose:
        print("\n  errors:")
        for x in letters:
            named = names_writer(x.labels, x.text)
            ok = same_sender(x.decision.name, x.labels, index) if named else x.decision.name is None
            cat_ok = x.decision.category.value == x.labels["category"]
            nc_ok = bool(x.labels.get("no_comment")) == x.no_comment
            if not (ok and cat_ok and nc_ok):
                print(f"    {x.key:34} gold {x.labels.get('sender')!r:45.45} → {x.decision.name!r:45.45} "
                      f"p={x.decision.confidence:.2f} {x.decision.source:15} "
                      f"{'' if cat_ok else x.labels['category'] + '→' + x.decision.category.value}"
                      f"{'' if nc_ok else ' no_comment ' + str(x.no_comment)}"
                      f"{'' if x.target is not None or not named else ' (not among candidates)'}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer-without-senders", action="store_true",
                        help="leave the gold set's senders out of the gazetteer")
    parser.add_argument("--save-ranker", action="store_true", help="train on all gold letters and save the ranker")
    parser.add_argument("--Cs", type=lambda v: [float(c) for c in v.split(",")], default=[0.03, 0.1, 0.3, 1.0],
                        help="the ranker's regularisations (inverse) to choose from inside the training folds")
    parser.add_argument("--mode", choices=MODES, action="append", help="only this mode (default: both)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every letter the tool got wrong")
    args = parser.parse_args()

    started = time.perf_counter()
    responses = load_gold_responses()
    gazetteer = load_gazetteer()
    if args.gazetteer_without_senders:
        senders = {normalise_name(n) for r in responses for n in [r.labels["sender"], *(r.labels["name_forms"] or [])]}
        gazetteer = [e for e in gazetteer if not {normalise_name(n) for n in (e.name, *e.aliases)} & senders]
    index = names_index(load_gazetteer())
    print("Sender, category and no remarks on responses as published; held out (5 folds by response, "
          "campaigns together); baseline = the training folds' majority class.")
    print(f"Gold: {len(responses)} responses of NOU 2019: 18 (benchmarks/gold/); constructed: "
          f"{len(constructed_letters())} letters (tests/data/letters/; the only no-remarks, empty, English "
          f"and private-person letters scored). Gazetteer: {len(gazetteer)} bodies"
          f"{' (the gold senders left out)' if args.gazetteer_without_senders else ''}.")
    all_figures, all_letters = {}, []
    for mode in args.mode or MODES:
        letters = prepare(mode, responses, gazetteer, index)
        recognizer = pipeline_for(responses, mode).get_pipe("horingsanalyse_actors")
        baseline, chosen = held_out(letters, recognizer, args.Cs)
        print(f"\n(C chosen inside the training folds, of {args.Cs}: {', '.join(f'{c:g}' for c in chosen)})")
        apply_copies(letters)
        all_figures[mode] = report(mode, letters, baseline, index, args.verbose)
        all_letters.extend(letters)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if args.save_ranker:
        ranker = SenderRanker(Cs=args.Cs).fit([x.X for x in all_letters], [x.target for x in all_letters],
                                              [x.group for x in all_letters])
        ranker.save(RANKER_PATH, trained_on=f"{len(all_letters)} letters in modes {', '.join(args.mode or MODES)}: "
                    f"the {len(responses)} gold responses of NOU 2019: 18 (benchmarks/gold/) and the "
                    f"{len(constructed_letters())} constructed letters (tests/data/letters/)",
                    trained_by="benchmarks/accuracy.py --save-ranker",
                    held_out=all_figures)
        print(f"saved {RANKER_PATH.relative_to(Path.cwd()) if RANKER_PATH.is_relative_to(Path.cwd()) else RANKER_PATH}")


if __name__ == "__main__":
    main()
