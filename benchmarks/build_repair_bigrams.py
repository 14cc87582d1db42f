"""Regenerate ``src/horingsanalyse/resources/repair_bigrams.tsv``, the context table of the repair.

Some garbles are valid words: "vare" for "våre", "bor" for "bør", "ga" for "gå". Only the
neighbouring words tell them apart, so the repair keeps, for each such word and its Norwegian
twin, how often each common neighbour stood before and after it in clean bokmål text.

The counts come from two sources, merged:

1. the TRAIN and DEV splits of the NorNE / Norwegian Dependency Treebank bokmål text
   (``data/norne/derived/no_bokmaal-ndt2ud-train.conllu.gz``,
   ``data/norne/ud/nob/no_bokmaal-ud-dev.conllu.gz``; ~300,000 words of news, blogs, reports,
   parliament). The test split is not read, as the repair benchmark uses it. The texts are
   third-party and may not be republished;
2. the running bokmål text of ``data/norsk-tekst`` (all current laws and Norsk Lovtidend 2025,
   read by ``norsk_tekst.py``: ~2.3 million words after markup, glued list copies, nynorsk,
   old spelling and repeated paragraphs are left out), under the NLOD 2.0. Its legal register
   ("skal", "departementet", "forskrift") differs from that of a høringssvar, so its counts are
   weighed by ``--legal-weight`` (:data:`LEGAL_WEIGHT`, chosen on the repair benchmark's
   development pages) before they are added to NorNE's.

Hearing responses are never read. Only aggregated counts are written: one row per (ambiguous
word, neighbour) seen at least :data:`MIN_COUNT` times after the merge, where a neighbour is a
common word (Zipf ≥ :data:`CONTEXT_MIN_ZIPF`, mostly function words) or else only its last two
letters ("~es"), and a sentence start is "<s>". No sentence can be rebuilt from these rows.
Neighbours are read as the repair reads them at run time: the left one is a sentence start
where :func:`~horingsanalyse.repair.text.sentence_start` says so, the right one the next token
(in NorNE, within the sentence).

The same counts are kept a second time by word class ("#VERB", "#NOUN"), the back-off for a
neighbour never seen beside any reading ("politisk råd"): "vår" stands before a noun and "bør"
before a verb far more often than "var" and "ber" do. A neighbour's class is what
:func:`word_class` guesses at run time (the treebank's commonest tag of a common word, or of the
rare words sharing its last three letters), so the table is counted with the very guesses it
will be used with; the guesses come from NorNE's tags alone (the laws are not tagged) and are
written to the table too: ``W`` rows for common words, ``S`` rows for endings.

The ambiguous words are those of NorNE's vocabulary, as before (``--targets all`` adds those of
the laws' vocabulary too).

Usage: python benchmarks/build_repair_bigrams.py --shared ../shared [--legal-weight W]
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
from horingsanalyse.repair.lexicon import HUNSPELL_DICTIONARIES, as_written, hunspell_dictionaries
from horingsanalyse.repair.text import TOKEN, sentence_start

from norsk_tekst import ATTRIBUTION, bokmal_paragraphs

SPLITS = (
    Path("data/norne/derived/no_bokmaal-ndt2ud-train.conllu.gz"),
    Path("data/norne/ud/nob/no_bokmaal-ud-dev.conllu.gz"),
)
OUTPUT = Path(horingsanalyse.__file__).parent / "resources" / BIGRAMS_RESOURCE
MIN_COUNT = 2
# The laws' counts are multiplied by this before they are added to NorNE's (the README's repair
# figures name the weights compared).
LEGAL_WEIGHT = 1.0
# A word's or an ending's class is kept when it is seen this often and has one tag this often.
MIN_CLASS_COUNT = 5
MIN_CLASS_SHARE = 0.6
# Rare words (seen at most this often) teach what an unknown word's ending says of its class.
RARE_WORD_COUNT = 2

# A text as the counting sees it: the lower-case tokens of one sentence or paragraph, each with
# whether a sentence starts there.
Sequence = list[tuple[str, bool]]


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


def norne_sequences(tagged: list[list[tuple[str, str]]]) -> list[Sequence]:
    """NorNE's sentences as sequences, each opening with a sentence start."""
    return [[(word, index == 0) for index, (word, _) in enumerate(tokens)] for tokens in tagged]


def text_sequences(paragraphs: list[str]) -> list[Sequence]:
    """Paragraphs of running text as sequences, sentence starts found as the repair finds them."""
    return [
        [(match.group().lower(), sentence_start(paragraph, match.start())) for match in TOKEN.finditer(paragraph)]
        for paragraph in paragraphs
    ]


def count_pairs(sequences: list[Sequence], targets: set[str], guesses: dict[str, str]) -> tuple[Counter, Counter]:
    """How often each target occurs, and each (side, target, neighbour key): every neighbour is
    counted by its word key and again by its class key."""
    unigrams, pairs = Counter(), Counter()
    for tokens in sequences:
        for index, (word, opens) in enumerate(tokens):
            if word not in targets:
                continue
            unigrams[word] += 1
            neighbours = [("L", None if opens or not index else tokens[index - 1][0])]
            neighbours += [("R", tokens[index + 1][0])] if index + 1 < len(tokens) else []
            for side, neighbour in neighbours:
                if neighbour:
                    keys = (context_key(neighbour), word_class(neighbour, guesses))
                else:
                    keys = (SENTENCE_START,)
                for key in filter(None, keys):
                    pairs[side, word, key] += 1
    return unigrams, pairs


def merged(norne: Counter, legal: Counter, weight: float) -> Counter:
    """NorNE's counts plus the laws' times ``weight``, rounded to whole counts."""
    total = Counter({key: float(n) for key, n in norne.items()})
    for key, n in legal.items():
        total[key] += weight * n
    return Counter({key: round(n) for key, n in total.items()})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--legal-weight", type=float, default=LEGAL_WEIGHT,
        help=f"weight of the laws' counts against NorNE's (default {LEGAL_WEIGHT:g}; 0 leaves them out)",
    )
    parser.add_argument(
        "--targets", choices=("norne", "all"), default="norne",
        help="whose vocabulary the ambiguous words come from: NorNE's (default), or the laws' too",
    )
    args = parser.parse_args(argv)
    if len(hunspell_dictionaries()) < len(HUNSPELL_DICTIONARIES):
        # without them the ambiguous words are chosen by wordfreq alone: a quarter as many
        parser.error(f"needs the hunspell dictionaries {', '.join(HUNSPELL_DICTIONARIES)} (Debian's hunspell-no)")

    tagged = [tokens for split in SPLITS for tokens in sentences(args.shared / split)]
    guesses = class_guesses(tagged)
    norne = norne_sequences(tagged)
    legal = text_sequences([paragraph for _, paragraph in bokmal_paragraphs(args.shared)]) if args.legal_weight else []
    vocabulary = {word for tokens in norne for word, _ in tokens}
    if args.targets == "all":
        vocabulary |= {word for tokens in legal for word, _ in tokens}
    targets = ambiguous_words(vocabulary)
    norne_unigrams, norne_pairs = count_pairs(norne, targets, guesses)
    legal_unigrams, legal_pairs = count_pairs(legal, targets, guesses)
    unigrams = merged(norne_unigrams, legal_unigrams, args.legal_weight)
    pairs = merged(norne_pairs, legal_pairs, args.legal_weight)
    rows = [("U", word, "", unigrams[word]) for word in targets]
    rows += [(side, word, key, n) for (side, word, key), n in pairs.items() if n >= MIN_COUNT]
    rows += [("S" if key.startswith(SUFFIX_MARK) else "W", key, tag, "") for key, tag in guesses.items()]
    words = sum(map(len, norne)), sum(map(len, legal))
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write("# side\tword\tneighbour\tcount  (built by benchmarks/build_repair_bigrams.py)\n")
        if legal:
            handle.write(
                f"# NorNE train+dev: {words[0]} words; laws and Lovtidend 2025: {words[1]} words,"
                f" weight {args.legal_weight:g}. {ATTRIBUTION}\n"
            )
        for row in sorted(rows):
            handle.write("\t".join(map(str, row)) + "\n")
    print(f"{words[0]} + {words[1]} words, {len(targets)} ambiguous words, {len(rows)} rows -> {args.output}")


if __name__ == "__main__":
    sys.exit(main())
