"""Every argument-clustering variant tried for issue 14, held out, in one table.

    python benchmarks/argument_variants.py [--shared ../shared] [--only NAME ...]

For each representation (rows) and linkage, the sentences of every topic and side of the hand
argument set (``gold/arguments/``) are embedded once and cut at every threshold of the
linkage's grid. The threshold for a topic is chosen on the **other three** topics, by two
rules: the best mean V-measure there («by V»), and the most arguments found there, ties by V
(«by found»); the topic is scored with that threshold only, and the four held-out topics are
summed. Beside the figures the arguments that were not found are split by why:

- **fragmented**: no cluster holds half of the argument's sentences (recall fails);
- **mixed**: one does, but the argument is not the majority of that cluster (purity fails).

Representations: character 3–5-grams of the content words (the product's), Snowball stems with
compound parts, plain words, each with and without LSA (100 components); stems and n-grams
side by side; word vectors made here without a new library (PPMI over a ±5-word window on the
hearing's own letters, and with ``--shared`` also on the laws of ``norsk-tekst``, reduced by
SVD to 100 dimensions, each sentence the SIF-weighted mean of its words); and clauses instead of
sentences as units (a sentence takes its longest clause's cluster). Each distinct text is
embedded and clustered once, its copies taking its cluster, as in the product. Linkages: average and
complete over cosine distance, Ward over the unit vectors. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import v_measure_score
from sklearn.preprocessing import normalize

from arguments import found_arguments, load_gold, why_missed  # noqa: E402  (sets sys.path)

from horingsanalyse.arguments import DEFAULT_MIN_VOICES, clauses, distinct_texts, renumbered  # noqa: E402
from horingsanalyse.terms import content_words, stems, words  # noqa: E402

GRIDS = {
    "average": (0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95),
    "complete": (0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.0),
    "ward": (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0),
}
ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "benchmarks" / "gold" / "texts" / "nou-2019-18-havbruk" / "responses"


def tfidf(texts, analyzer, lsa=True):
    try:
        matrix = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit_transform(texts)
    except ValueError:
        return np.zeros((len(texts), 1))
    return _reduce(matrix, lsa)


def _reduce(matrix, lsa):
    components = min(100, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if lsa and components >= 2:
        return normalize(TruncatedSVD(n_components=components, random_state=0).fit_transform(matrix))
    return normalize(matrix).toarray()


def char_grams(text):
    analyse = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    return analyse(" ".join(content_words(text)))


def both(texts, lsa=True):
    try:
        chars = TfidfVectorizer(analyzer=char_grams, sublinear_tf=True).fit_transform(texts)
        stem_matrix = TfidfVectorizer(analyzer=stems, sublinear_tf=True).fit_transform(texts)
    except ValueError:
        return np.zeros((len(texts), 1))
    return _reduce(sparse.hstack([normalize(chars), normalize(stem_matrix)]).tocsr(), lsa)


class PpmiVectors:
    """Word vectors by SVD of the positive PMI of words within ±5 of each other."""

    def __init__(self, lines, dimensions=100, window=5, min_count=3):
        counts = Counter(w for line in lines for w in line)
        vocabulary = {w: i for i, (w, c) in enumerate(counts.most_common()) if c >= min_count}
        gap = [-1] * window  # lines do not run into each other
        ids = np.array([i for line in lines for i in [*(vocabulary.get(w, -1) for w in line), *gap]])
        rows, cols = [], []
        for distance in range(1, window + 1):
            a, b = ids[:-distance], ids[distance:]
            both = (a >= 0) & (b >= 0)
            rows += [a[both], b[both]]
            cols += [b[both], a[both]]
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        n = len(vocabulary)
        pairs = sparse.coo_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, n)).tocsr()
        total = pairs.sum()
        word_sums = np.asarray(pairs.sum(axis=1)).ravel()
        context_sums = np.asarray(pairs.sum(axis=0)).ravel() ** 0.75
        context_sums = context_sums / context_sums.sum() * total
        pairs = pairs.tocoo()
        pmi = np.log(pairs.data * total / (word_sums[pairs.row] * context_sums[pairs.col]))
        keep = pmi > 0
        ppmi = sparse.csr_matrix((pmi[keep], (pairs.row[keep], pairs.col[keep])), shape=(n, n))
        svd = TruncatedSVD(n_components=dimensions, random_state=0)
        self.vectors = normalize(svd.fit_transform(ppmi) * 1.0)
        self.vocabulary = vocabulary

    def embed(self, texts):
        tokens = [[w for w in content_words(t) if w in self.vocabulary] for t in texts]
        counts = Counter(w for ts in tokens for w in ts)
        total = sum(counts.values()) or 1
        matrix = np.zeros((len(texts), self.vectors.shape[1]))
        for i, ts in enumerate(tokens):
            if ts:
                weights = np.array([1e-3 / (1e-3 + counts[w] / total) for w in ts])
                matrix[i] = weights @ self.vectors[[self.vocabulary[w] for w in ts]] / weights.sum()
        if len(texts) > 2:
            component = np.linalg.svd(matrix - matrix.mean(axis=0), full_matrices=False)[2][:1]
            matrix = matrix - matrix @ component.T @ component
        return normalize(matrix)


def corpus_lines(shared: Path | None) -> list[list[str]]:
    lines = [w for path in sorted(RESPONSES.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(w := words(line)) > 2]
    if shared:
        from build_word_vectors import law_lines

        lines += law_lines(shared)
    return lines


def clauses_of(texts):
    units, owners = [], []
    for index, sentence in enumerate(texts):
        parts = clauses(sentence)
        units.extend(parts)
        owners.extend([index] * len(parts))
    return units, owners


def cuts(points, method, thresholds):
    """Flat clusters of the unit vectors ``points`` at every threshold (-1: no content word)."""
    has_words = np.abs(points).sum(axis=1) > 0
    result = {t: np.full(len(points), -1) for t in thresholds}
    kept = points[has_words]
    if len(np.unique(kept, axis=0)) < 2:
        for t in thresholds:
            result[t][has_words] = 0
        return result
    tree = linkage(kept, method="ward" if method == "ward" else method,
                   metric="euclidean" if method == "ward" else "cosine")
    for t in thresholds:
        result[t][has_words] = fcluster(tree, t, criterion="distance")
    return result


def side_scores(records, embed, method, thresholds, clause_units, campaign):
    texts = [r["text"] for r in records]
    gold_ids = [r["argument_id"] for r in records]
    files = [r["file"] for r in records]
    voices = [campaign.get(f) or f for f in files]
    units, owners = clauses_of(texts) if clause_units else (texts, list(range(len(texts))))
    started = time.perf_counter()
    distinct, text_of = distinct_texts(units)  # each text clustered once, as the product does
    raw = {t: labels[text_of] for t, labels in cuts(embed(distinct), method, thresholds).items()}
    seconds = time.perf_counter() - started
    result = {}
    for t in thresholds:
        unit_labels = renumbered(raw[t], [voices[o] for o in owners], DEFAULT_MIN_VOICES)
        longest = {}
        for unit, owner, label in zip(units, owners, unit_labels):
            if owner not in longest or len(unit) > longest[owner][0]:
                longest[owner] = (len(unit), label)
        labels = [longest[i][1] for i in range(len(texts))]
        found = found_arguments(gold_ids, labels, files, None)
        result[t] = Counter(n=len(texts), v=v_measure_score(gold_ids, labels) * len(texts), big=len(found),
                            found=sum(c is not None for c in found.values()), **why_missed(gold_ids, labels, found),
                            clusters=len(set(labels) - {-1}))
    return result, seconds


def held_out(per_topic, thresholds):
    """Both selection rules: the threshold chosen per topic on the others, and the summed figures."""
    topics = sorted(per_topic)
    outcome = {}
    for rule in ("V", "found"):
        totals, chosen = Counter(), {}
        for topic in topics:
            def on_others(t):
                rest = Counter()
                for other in topics:
                    if other != topic:
                        rest.update(per_topic[other][t])
                v = rest["v"] / max(rest["n"], 1)
                return (v,) if rule == "V" else (rest["found"], v)
            chosen[topic] = max(thresholds, key=on_others)
            totals.update(per_topic[topic][chosen[topic]])
        outcome[rule] = (totals, chosen)
    return outcome


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, help="the shared/ folder: add norsk-tekst's laws to the word vectors")
    parser.add_argument("--only", nargs="*", help="run only the representations of these names")
    args = parser.parse_args(argv)
    groups, _, campaign = load_gold()
    representations = {
        "char 3-5 + LSA (the old product)": lambda texts: tfidf(texts, char_grams),
        "char 3-5, no LSA": lambda texts: tfidf(texts, char_grams, lsa=False),
        "stems + compound parts + LSA": lambda texts: tfidf(texts, stems),
        "stems + compound parts, no LSA": lambda texts: tfidf(texts, stems, lsa=False),
        "words + LSA": lambda texts: tfidf(texts, content_words),
        "char + stems + LSA": both,
        "char + stems, no LSA": lambda texts: both(texts, lsa=False),
    }
    if not args.only or any(name.startswith("ppmi") for name in args.only):
        for shared in (None, args.shared) if args.shared else (None,):
            started = time.perf_counter()
            vectors = PpmiVectors(corpus_lines(shared))
            source = "letters + laws" if shared else "letters"
            print(f"PPMI-SVD word vectors on the {source}: {len(vectors.vocabulary):,} words, "
                  f"{time.perf_counter() - started:.0f} s")
            representations[f"ppmi word vectors ({source})"] = vectors.embed
    if args.only:
        representations = {k: v for k, v in representations.items()
                           if any(k.startswith(name) for name in args.only)}
    print("| representation | units | linkage | V by V | found by V | V by found | found by found "
          "| fragmented / mixed (by found) | thresholds (by found) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, embed in representations.items():
        for clause_units in (False, True):
            for method, thresholds in GRIDS.items():
                per_topic = defaultdict(lambda: defaultdict(Counter))
                for (topic, _side), records in sorted(groups.items()):
                    scores, _ = side_scores(records, embed, method, thresholds, clause_units, campaign)
                    for t, figures in scores.items():
                        per_topic[topic][t].update(figures)
                outcome = held_out(per_topic, thresholds)
                (by_v, _), (by_found, chosen) = outcome["V"], outcome["found"]
                print(f"| {name} | {'clauses' if clause_units else 'sentences'} | {method} "
                      f"| {by_v['v'] / by_v['n']:.3f} | {by_v['found']}/{by_v['big']} "
                      f"| {by_found['v'] / by_found['n']:.3f} | {by_found['found']}/{by_found['big']} "
                      f"| {by_found['fragmented']} / {by_found['mixed']} "
                      f"| {', '.join(f'{t} {c}' for t, c in chosen.items())} |", flush=True)


if __name__ == "__main__":
    main()
