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

The same counts are kept a second time by word class ("#VERB", "#NOUN"), the back-off for a
neighbour never seen beside any reading: most pairs are seen too seldom in 300,000 words
("politisk råd"), but "vår" stands before a noun and "bør" before a verb far more
often than "var" and "ber" do. A neighbour's class is what :func:`word_class` guesses at
run time (the treebank's commonest tag of a common word, or of the rare words sharing its last
three letters), so the table is counted with the very guesses it will be used with. The guesses
are written to the table too: ``W`` rows for common words, ``S`` rows for endings.

Usage: python benchmarks/build_repair_bigrams.py --shared ../shared
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
from collections import Counter
from pathlib import Path

import horingsanalyse
from horingsanalyse.repair.confusions import CONFUSIONS
from horingsanalyse.repair.context import (
    BIGRAMS_RESOURCE,
    CLASS_ENDING,
    SENTENCE_START,
    SUFFIX_MARK,
    context_key,
    word_class,
)
from horingsanalyse.repair.lexicon import as_written
from horingsanalyse.repair.text import TOKEN

SPLITS = (
    Path("data/norne/derived/no_bokmaal-ndt2ud-train.conllu.gz"),
    Path("data/norne/ud/nob/no_bokmaal-ud-dev.conllu.gz"),
)
OUTPUT = Path(horingsanalyse.__file__).parent / "resources" / BIGRAMS_RESOURCE
MIN_COUNT = 2
# A word's or an ending's class is kept when it is seen this often and has one tag this often.
MIN_CLASS_COUNT = 5
MIN_CLASS_SHARE = 0.6
# Rare words (seen at most this often) teach what an unknown word's ending says of its class.
RARE_WORD_COUNT = 2


def sentences(path: Path) -> list[list[tuple[str, str]]]:
    """The lower-case word tokens of each sentence with their UPOS tag, punctuation dropped (as
    the repair sees them)."""
    found, tokens = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                if tokens:
                    found.append(tokens)
                tokens = []
            elif line[0].isdigit():
                columns = line.split("\t")
                if columns[0].isdigit() and TOKEN.fullmatch(columns[1]):
                    tokens.append((columns[1].lower(), columns[3]))
    return found + [tokens] if tokens else found


def dominant(tags: Counter) -> str | None:
    """The tag seen at least :data:`MIN_CLASS_SHARE` of :data:`MIN_CLASS_COUNT` times or more."""
    total = sum(tags.values())
    tag, n = tags.most_common(1)[0]
    return tag if total >= MIN_CLASS_COUNT and n >= MIN_CLASS_SHARE * total else None


def class_guesses(corpus: list[list[tuple[str, str]]]) -> dict[str, str]:
    """The classes :func:`word_class` reads: each common word's, and each ending's
    (``~`` and three letters) from the rare words that have it."""
    by_word: dict[str, Counter] = {}
    for word, tag in itertools.chain.from_iterable(corpus):
        by_word.setdefault(word, Counter())[tag] += 1
    guesses, by_ending = {}, {}
    for word, tags in by_word.items():
        if context_key(word) == word:
            if tag := dominant(tags):
                guesses[word] = tag
        elif sum(tags.values()) <= RARE_WORD_COUNT:
            by_ending.setdefault(SUFFIX_MARK + word[-CLASS_ENDING :], Counter()).update(tags)
    guesses.update((ending, tag) for ending, tags in by_ending.items() if (tag := dominant(tags)))
    return guesses


def garbled_forms(word: str) -> set[str]:
    """What OCR without Norwegian may make of ``word``: one family replacing one or all of a letter."""
    forms = set()
    for target in "æøå":
        if target not in word:
            continue
        for source in CONFUSIONS[target]:
            forms.add(word.replace(target, source))
            forms.update(word[:i] + source + word[i + 1 :] for i, char in enumerate(word) if char == target)
    return forms


def ambiguous_words(vocabulary: set[str]) -> set[str]:
    """Words with a twin that differs only by a lost æ/ø/å, when the dictionary accepts both."""
    words = set()
    for word in vocabulary:
        twins = {form for form in garbled_forms(word) if as_written(form)[1]}
        if twins:
            words |= twins | {word}
    return words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    tagged = [tokens for split in SPLITS for tokens in sentences(args.shared / split)]
    guesses = class_guesses(tagged)
    corpus = [[word for word, _ in tokens] for tokens in tagged]
    targets = ambiguous_words(set(itertools.chain.from_iterable(corpus)))
    unigrams, left, right = Counter(), Counter(), Counter()
    for tokens in corpus:
        for index, word in enumerate(tokens):
            if word not in targets:
                continue
            unigrams[word] += 1
            neighbours = [("L", tokens[index - 1] if index else None)]
            neighbours += [("R", tokens[index + 1])] if index + 1 < len(tokens) else []
            for side, neighbour in neighbours:
                if neighbour:
                    keys = (context_key(neighbour), word_class(neighbour, guesses))
                else:
                    keys = (SENTENCE_START,)
                for key in filter(None, keys):
                    (left if side == "L" else right)[word, key] += 1
    rows = [("U", word, "", unigrams[word]) for word in targets]
    rows += [("L", word, context, n) for (word, context), n in left.items() if n >= MIN_COUNT]
    rows += [("R", word, context, n) for (word, context), n in right.items() if n >= MIN_COUNT]
    rows += [("S" if key.startswith(SUFFIX_MARK) else "W", key, tag, "") for key, tag in guesses.items()]
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write("# side\tword\tneighbour\tcount  (built by benchmarks/build_repair_bigrams.py)\n")
        for row in sorted(rows):
            handle.write("\t".join(map(str, row)) + "\n")
    print(f"{len(targets)} ambiguous words, {len(rows)} rows -> {args.output}")


if __name__ == "__main__":
    sys.exit(main())
