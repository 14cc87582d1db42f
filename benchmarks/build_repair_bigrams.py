"""Regenerate ``src/horingsanalyse/resources/repair_bigrams.tsv``, the context table of the repair.

Some garbles are valid words: "vare" for "våre", "bor" for "bør", "ga" for "gå". Only the
neighbouring words tell them apart, so the repair keeps, for each such word and its Norwegian
twin, how often each common neighbour stood before and after it in clean bokmål text.

The counts come from the TRAIN and DEV splits of the NorNE / Norwegian Dependency Treebank
bokmål text (``data/norne/derived/no_bokmaal-ndt2ud-train.conllu.gz``,
``data/norne/ud/nob/no_bokmaal-ud-dev.conllu.gz``). The test split is not read, as the repair
benchmark uses it, and hearing responses are never read. The texts
are third-party and may not be republished, so only aggregated counts are written: one row per
(ambiguous word, neighbour) seen at least :data:`MIN_COUNT` times, where a neighbour is a common
word (Zipf ≥ :data:`CONTEXT_MIN_ZIPF`, mostly function words) or else only its last two letters
("~es"), and a sentence start is "<s>". No sentence can be rebuilt from these rows.

Usage: python benchmarks/build_repair_bigrams.py --shared ../shared
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
from collections import Counter
from pathlib import Path

from horingsanalyse import repair

SPLITS = (
    Path("data/norne/derived/no_bokmaal-ndt2ud-train.conllu.gz"),
    Path("data/norne/ud/nob/no_bokmaal-ud-dev.conllu.gz"),
)
OUTPUT = Path(repair.__file__).parent / "resources" / "repair_bigrams.tsv"
MIN_COUNT = 2


def sentences(path: Path) -> list[list[str]]:
    """The lower-case word tokens of each sentence, punctuation dropped (as the repair sees them)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = [line[len("# text = ") :] for line in handle if line.startswith("# text = ")]
    return [[match.group().lower() for match in repair.TOKEN.finditer(text)] for text in texts]


def garbled_forms(word: str) -> set[str]:
    """What OCR without Norwegian may make of ``word``: one family replacing one or all of a letter."""
    forms = set()
    for target in "æøå":
        if target not in word:
            continue
        for source in repair.CONFUSIONS[target]:
            forms.add(word.replace(target, source))
            forms.update(word[:i] + source + word[i + 1 :] for i, char in enumerate(word) if char == target)
    return forms


def ambiguous_words(vocabulary: set[str]) -> set[str]:
    """Words with a twin that differs only by a lost æ/ø/å, when the dictionary accepts both."""
    words = set()
    for word in vocabulary:
        twins = {form for form in garbled_forms(word) if repair._original(form)[1]}
        if twins:
            words |= twins | {word}
    return words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    corpus = [tokens for split in SPLITS for tokens in sentences(args.shared / split)]
    targets = ambiguous_words(set(itertools.chain.from_iterable(corpus)))
    unigrams, left, right = Counter(), Counter(), Counter()
    for tokens in corpus:
        for index, word in enumerate(tokens):
            if word not in targets:
                continue
            unigrams[word] += 1
            left[word, repair.context_key(tokens[index - 1]) if index else repair.SENTENCE_START] += 1
            if index + 1 < len(tokens):
                right[word, repair.context_key(tokens[index + 1])] += 1
    rows = [("U", word, "", unigrams[word]) for word in targets]
    rows += [("L", word, context, n) for (word, context), n in left.items() if n >= MIN_COUNT]
    rows += [("R", word, context, n) for (word, context), n in right.items() if n >= MIN_COUNT]
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write("# side\tword\tneighbour\tcount  (built by benchmarks/build_repair_bigrams.py)\n")
        for row in sorted(rows):
            handle.write("\t".join(map(str, row)) + "\n")
    print(f"{len(targets)} ambiguous words, {len(rows)} rows -> {args.output}")


if __name__ == "__main__":
    sys.exit(main())
