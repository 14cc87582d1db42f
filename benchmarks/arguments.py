"""Argument clustering against the hand-labelled argument set (issue 14), and what it costs.

    python benchmarks/arguments.py [--method agglomerative|kmeans] [--threshold T] [--features char|stems]
        [--units sentences|clauses] [--components N] [--exclude-topic-words] [--learned]
        [--threshold-held-out] [--vectors FILE]
        [--analysis REPORT_DIR]

For every topic and side of ``gold/arguments/`` (every ``nou-2019-18-havbruk.assignments.*.jsonl``
present), the hand-selected sentences are clustered as the product clusters evidence sentences
(so this measures the clusterer, not the stance model), with one voice per letter or per
campaign of the letter labels. It prints, per topic and side and weighted by sentences:

- V-measure and adjusted Rand index against the hand grouping (the -00 «standpunkt uten
  begrunnelse» and -99 «andre argumenter» groups included, as the labeller assigned them);
- **found**: the share of hand arguments made by three or more letters (-00 and -99 left
  out: they are no argument) for which some cluster holds a majority of that argument's
  sentences *and* at least half of all its sentences;
- **recognisable**: of those found, the share whose cluster label (key phrases labelled as the
  product labels them, the topic's own name and cue words left out) shares a content stem (or
  a compound part's stem) with the hand label or description. Both labels are printed side by
  side so a reader can judge;
- for the hand arguments not found, why: **fragmented** (no cluster holds half of its
  sentences: recall fails) or **mixed** (one does, but the argument is not that cluster's
  majority: purity fails).

Beside them it prints two baselines that need no text: all of a side's sentences in one
cluster, and one cluster per letter (a letter's sentences often make one argument in a row),
and the means per topic.

``--threshold-held-out`` chooses average linkage's distance threshold for each topic on the
other three (the best mean V-measure over a grid) and scores it on that topic only.
``--learned`` scores a representation learned from the hand grouping: :class:`TermBinWeights`
fits, on same/different-argument pairs of sentences of the *other* topics, one weight per kind
of term (its share of the side's sentences, its frequency in general Norwegian, whether it is a
compound part or a topic word: nothing that names a word of this hearing), and the topic is
clustered with its stem TF-IDF so weighted; every topic is scored held out.
``--units``, ``--features`` and ``--components`` (LSA, 0 for none) default to the product's
settings; ``--units sentences`` clusters whole sentences instead of their clauses.
``--exclude-topic-words`` drops the topic's name and cue words
(``corpus/<hearing>/horing.toml``) from the features. ``benchmarks/argument_variants.py``
compares every representation, unit and linkage held out in one table.

``--vectors FILE`` scores word vectors instead of TF-IDF: gensim ``KeyedVectors`` (built by
``benchmarks/build_word_vectors.py``), each sentence the SIF-weighted mean of its words'
vectors with the first principal component removed, clustered by the same k-means.

``--analysis REPORT_DIR`` times arguments and camps on a run's stored evidence (its
``analyse.json`` and ``analyse.sqlite``) against the run's own duration. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from horingsanalyse.arguments import (  # noqa: E402
    DEFAULT_COMPONENTS,
    DEFAULT_FEATURES,
    DEFAULT_UNITS,
    FEATURES,
    UNITS,
    ArgumentClusterer,
    label_clusters,
    label_text,
)
from horingsanalyse.keyphrases import sentence_phrases  # noqa: E402
from horingsanalyse.norwegian import zipf_frequencies  # noqa: E402
from horingsanalyse.terms import STOP_WORDS, compound_parts, content_words, stem, stems  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"
HEARING = "nou-2019-18-havbruk"
MIN_RESPONDENTS = 3
NOT_ARGUMENTS = ("-00", "-99")
THRESHOLD_GRID = (0.75, 0.8, 0.85, 0.9, 0.95)


def load_topic_words() -> dict[str, list[str]]:
    """Topic id → its name and cue words, as the product passes them (``horing.toml``)."""
    with (ROOT / "corpus" / HEARING / "horing.toml").open("rb") as stream:
        topics = tomllib.load(stream)["tema"]
    return {t["id"]: [t["navn"], *t.get("stikkord", [])] for t in topics}


def load_gold() -> tuple[dict, dict, dict]:
    """(topic, side) → assignments; argument id → its record; file → campaign or None."""
    texts = {}
    for line in (GOLD / "sentences" / f"{HEARING}.sentences.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        texts[record["sid"]] = record["text"]
    groups = defaultdict(list)
    for path in sorted((GOLD / "arguments").glob(f"{HEARING}.assignments.*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if record["sid"] in texts:
                groups[(record["topic"], record["side"])].append({**record, "text": texts[record["sid"]]})
    arguments = {}
    for path in sorted((GOLD / "arguments").glob(f"{HEARING}.arguments.*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            arguments[record["argument_id"]] = record
    campaign = {}
    for line in (GOLD / f"{HEARING}.letters.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        campaign[record["file"]] = record.get("campaign")
    return dict(groups), arguments, campaign


class VectorClusterer(ArgumentClusterer):
    """The product's clusterer with SIF-weighted word vectors in place of TF-IDF + LSA."""

    def __init__(self, vectors=None, **params):
        super().__init__(**params)
        self.vectors = vectors

    def _embed(self, sentences):
        from horingsanalyse.terms import content_words

        tokens = [[w for w in content_words(s) if w in self.vectors] for s in sentences]
        counts = Counter(w for ts in tokens for w in ts)
        total = sum(counts.values()) or 1
        matrix = np.zeros((len(sentences), self.vectors.vector_size))
        for i, ts in enumerate(tokens):
            if ts:
                weights = np.array([1e-3 / (1e-3 + counts[w] / total) for w in ts])
                matrix[i] = weights @ np.array([self.vectors[w] for w in ts]) / weights.sum()
        if len(sentences) > 2:
            centred = matrix - matrix.mean(axis=0)
            component = np.linalg.svd(centred, full_matrices=False)[2][:1]
            matrix = matrix - matrix @ component.T @ component
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


_DF_EDGES = np.array([0.01, 0.03, 0.1, 0.3])  # a term's share of the side's sentences
_ZIPF_EDGES = np.array([1.0, 2.5, 3.5, 4.5])  # its Zipf frequency in general bokmål (wordfreq)
N_BINS = (len(_DF_EDGES) + 1) * (len(_ZIPF_EDGES) + 1) * 2 + 1  # … × whole word or part; + topic words


def term_bins(sentences, topic_words=()):
    """The side's stem TF-IDF (sublinear, rows unit length) and each term's kind (bin).

    A term's kind is what carries over to another topic or hearing: how common it is among
    the side's sentences, how common in Norwegian at large, whether it occurs as a word of its
    own or only as a compound's part, and whether it is one of the topic's own words.
    """
    zipf = zipf_frequencies("nb")
    excluded = {stem(w) for text in topic_words for w in content_words(text)}
    documents, whole, commonness = [], set(), defaultdict(float)
    for sentence in sentences:
        terms = []
        for word in content_words(sentence):
            key = stem(word)
            terms.append(key)
            whole.add(key)
            commonness[key] = max(commonness[key], zipf.get(word, 0.0))
            parts = compound_parts(word)
            for part in parts if len(parts) > 1 else ():
                if part not in STOP_WORDS:
                    terms.append(stem(part))
                    commonness[stem(part)] = max(commonness[stem(part)], zipf.get(part, 0.0))
        documents.append(terms)
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no content word at all
        return sparse.csr_matrix((len(sentences), 1)), np.zeros(1, dtype=int)
    share = np.asarray((matrix > 0).sum(axis=0)).ravel() / len(sentences)
    bins = np.array([
        N_BINS - 1 if term in excluded else
        (np.searchsorted(_DF_EDGES, share[j]) * (len(_ZIPF_EDGES) + 1)
         + np.searchsorted(_ZIPF_EDGES, commonness[term])) * 2 + (term in whole)
        for j, term in enumerate(vectorizer.get_feature_names_out())])
    return matrix.tocsr(), bins


class TermBinWeights(BaseEstimator):
    """One non-negative weight per kind of term, fitted on pairs of sentences with hand labels.

    The similarity of two sentences is split by term kind (:func:`term_bins`): ``phi_b`` is the
    part of their TF-IDF cosine that terms of kind ``b`` give. A logistic regression with
    non-negative coefficients predicts «same argument» from ``phi``, positives and negatives
    weighed equally, with an L2 penalty ``alpha``; the weights are its coefficients. Sentences
    labelled «standpunkt uten begrunnelse» or «andre argumenter» take no part.
    """

    def __init__(self, alpha: float = 1e-3):
        self.alpha = alpha

    def fit(self, sides, y=None):
        """``sides``: (sentences, argument ids, topic words) per topic and side."""
        features, same = [], []
        for sentences, argument_ids, topic_words in sides:
            keep = [i for i, a in enumerate(argument_ids) if not a.endswith(NOT_ARGUMENTS)]
            if len(keep) < 2:
                continue
            matrix, bins = term_bins([sentences[i] for i in keep], topic_words)
            ids = np.array([argument_ids[i] for i in keep])
            upper = np.triu_indices(len(keep), 1)
            phi = np.zeros((len(upper[0]), N_BINS))
            for b in np.unique(bins):
                part = matrix[:, np.flatnonzero(bins == b)]
                phi[:, b] = (part @ part.T).toarray()[upper]
            features.append(phi)
            same.append(ids[upper[0]] == ids[upper[1]])
        phi, target = np.vstack(features), np.concatenate(same).astype(float)
        share = target.mean()
        weight = np.where(target == 1, 0.5 / share, 0.5 / (1 - share)) / len(target)

        def loss(params):
            coefficients, intercept = params[:-1], params[-1]
            p = 1 / (1 + np.exp(-(phi @ coefficients + intercept)))
            value = -(weight * (target * np.log(p + 1e-12) + (1 - target) * np.log(1 - p + 1e-12))).sum()
            gradient = weight * (p - target)
            return (value + self.alpha * coefficients @ coefficients,
                    np.concatenate([phi.T @ gradient + 2 * self.alpha * coefficients, [gradient.sum()]]))

        start = np.concatenate([np.ones(N_BINS), [-1.0]])
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0, None)] * N_BINS + [(None, None)])
        self.weights_ = result.x[:-1]
        return self


class LearnedClusterer(ArgumentClusterer):
    """The product's clusterer over stem TF-IDF with :class:`TermBinWeights`' weights, then LSA."""

    def __init__(self, weights=None, topic_words=(), **params):
        super().__init__(**params)
        self.weights = weights
        self.topic_words = topic_words

    def _embed(self, sentences):
        matrix, bins = term_bins(sentences, self.topic_words)
        matrix = normalize(matrix @ sparse.diags(np.sqrt(self.weights[bins])))
        components = min(self.n_components, matrix.shape[1] - 1, len(sentences) - 1)
        if components >= 2:
            return normalize(TruncatedSVD(n_components=components, random_state=0).fit_transform(matrix))
        return matrix.toarray()


class ExcludingClusterer(ArgumentClusterer):
    """The product's clusterer with the topic's own name and cue words left out of the features."""

    def __init__(self, topic_words=(), **params):
        super().__init__(**params)
        self.topic_words = topic_words

    def _embed(self, sentences):
        excluded = {stem(w) for text in self.topic_words for w in content_words(text)}
        kept = [" ".join(w for w in content_words(s) if stem(w) not in excluded) for s in sentences]
        return super()._embed(kept)


def found_arguments(gold_ids, labels, files, arguments):
    """Per hand argument made by ≥ 3 letters: the cluster that found it, or None."""
    letters = defaultdict(set)
    for argument_id, file in zip(gold_ids, files):
        letters[argument_id].add(file)
    result = {}
    for argument_id, its_letters in sorted(letters.items()):
        if len(its_letters) < MIN_RESPONDENTS or argument_id.endswith(NOT_ARGUMENTS):
            continue
        total = sum(1 for g in gold_ids if g == argument_id)
        result[argument_id] = None
        for cluster in sorted(set(labels) - {-1}):
            members = [g for g, label in zip(gold_ids, labels) if label == cluster]
            hits = members.count(argument_id)
            if 2 * hits > len(members) and 2 * hits >= total:
                result[argument_id] = cluster
                break
    return result


def why_missed(gold_ids, labels, found) -> Counter:
    """For each argument not found, why: «fragmented» if no cluster holds half of its sentences
    (recall fails), «mixed» if one does but the argument is not that cluster's majority (purity)."""
    reasons = Counter()
    for argument_id, cluster in found.items():
        if cluster is not None:
            continue
        total = list(gold_ids).count(argument_id)
        hits = Counter(label for g, label in zip(gold_ids, labels) if g == argument_id and label >= 0)
        reasons["fragmented" if 2 * max(hits.values(), default=0) < total else "mixed"] += 1
    return reasons


def recognisable(cluster_terms, argument) -> bool:
    ours = set(stems(" ".join(cluster_terms)))
    theirs = set(stems(f"{argument['label']} {argument['description']}"))
    return bool(ours & theirs)


class OneCluster(BaseEstimator):
    """Baseline: every sentence of the side in one cluster."""

    def fit(self, X, y=None, groups=None):
        self.labels_ = np.zeros(len(X), dtype=int)
        self.n_clusters_ = 1
        return self


class OnePerLetter(BaseEstimator):
    """Baseline: one cluster per voice (a letter, or a campaign of copies)."""

    def fit(self, X, y=None, groups=None):
        self.labels_ = np.unique(list(groups), return_inverse=True)[1] if len(X) else np.zeros(0, dtype=int)
        self.n_clusters_ = int(self.labels_.max(initial=-1) + 1)
        return self


_PHRASES: dict[tuple[str, ...], list] = {}


def phrases_of(texts):
    """The sentences' key phrases, tagged once per side however many clusterings are scored."""
    key = tuple(texts)
    if key not in _PHRASES:
        _PHRASES[key] = sentence_phrases(texts)
    return _PHRASES[key]


def score_side(records, arguments, campaign, clusterer, topic_words=()):
    """One topic and side: its clusters and figures (labels without the topic's own words)."""
    texts = [r["text"] for r in records]
    gold_ids = [r["argument_id"] for r in records]
    files = [r["file"] for r in records]
    voices = [campaign.get(f) or f for f in files]
    started = time.perf_counter()
    clusterer.fit(texts, groups=voices)
    seconds = time.perf_counter() - started
    labels = clusterer.labels_
    terms = label_clusters(texts, labels, exclude=topic_words, groups=voices, phrases=phrases_of(texts))
    found = found_arguments(gold_ids, labels, files, arguments)
    named = {a: c is not None and recognisable(terms.get(c, ()), arguments[a]) for a, c in found.items()}
    return {"n": len(records), "v": v_measure_score(gold_ids, labels), "ari": adjusted_rand_score(gold_ids, labels),
            "groups": len(set(gold_ids)), "clusters": clusterer.n_clusters_, "rest": int((labels < 0).sum()),
            "seconds": seconds, "found": found, "named": named, "terms": terms,
            **why_missed(gold_ids, labels, found)}


def add(totals, figures):
    totals["n"] += figures["n"]
    totals["v"] += figures["v"] * figures["n"]
    totals["ari"] += figures["ari"] * figures["n"]
    totals["big"] += len(figures["found"])
    totals["found"] += sum(c is not None for c in figures["found"].values())
    totals["named"] += sum(figures["named"].values())
    totals["fragmented"] += figures.get("fragmented", 0)
    totals["mixed"] += figures.get("mixed", 0)


def summary_line(name, totals):
    n, big = totals["n"] or 1, max(totals["big"], 1)
    return (f"{name}: {totals['n']} sentences; V-measure {totals['v'] / n:.3f}, ARI {totals['ari'] / n:.3f}; "
            f"found {totals['found']}/{totals['big']} = {100 * totals['found'] / big:.0f} %, "
            f"recognisable {totals['named']}/{totals['big']}; not found: {totals['fragmented']} fragmented, "
            f"{totals['mixed']} mixed")


def score(groups, arguments, campaign, make_clusterer, show_labels=True, name="ALL"):
    """Every topic and side with ``make_clusterer(topic, side)``; prints and returns per-topic totals."""
    by_topic: dict[str, Counter] = defaultdict(Counter)
    topic_words = load_topic_words()
    for (topic, side), records in sorted(groups.items()):
        figures = score_side(records, arguments, campaign, make_clusterer(topic, side), topic_words.get(topic, ()))
        add(by_topic[topic], figures)
        found, named, terms = figures["found"], figures["named"], figures["terms"]
        if show_labels is not None:
            print(f"\n{topic} / {side}: {figures['n']} sentences, {figures['groups']} hand groups, "
                  f"{figures['clusters']} clusters (+ {figures['rest']} unclustered), {figures['seconds']:.2f} s")
            print(f"  V-measure {figures['v']:.3f}   ARI {figures['ari']:.3f}   "
                  f"found {sum(c is not None for c in found.values())}/{len(found)}   recognisable {sum(named.values())}")
        if show_labels:
            for argument_id, cluster in found.items():
                mark = "found" if cluster is not None else "  -  "
                ours = label_text(terms.get(cluster, ())) if cluster is not None else ""
                print(f"  {mark} {'*' if named[argument_id] else ' '} {argument_id:24} "
                      f"{arguments[argument_id]['label'][:55]:55} | {ours}")
    totals = Counter()
    print()
    for topic, figures in sorted(by_topic.items()):
        print("  " + summary_line(topic, figures))
        totals.update(figures)
    print(summary_line(name, totals) + " (means weighted by sentences)")
    return by_topic


def threshold_held_out(groups, arguments, campaign, params):
    """Per topic, the distance threshold best on the other topics (mean V-measure), scored on it."""
    stats = {}
    for threshold in THRESHOLD_GRID:
        print(f"\n-- distance threshold {threshold}")
        stats[threshold] = score(groups, arguments, campaign,
                                 lambda *_: ArgumentClusterer(distance_threshold=threshold, **params),
                                 show_labels=None, name=f"threshold {threshold}")
    topics = sorted({topic for topic, _ in groups})
    totals, chosen = Counter(), {}
    for topic in topics:
        def others(threshold):
            rest = [stats[threshold][t] for t in topics if t != topic]
            return sum(r["v"] for r in rest) / sum(r["n"] for r in rest), sum(r["found"] for r in rest)
        chosen[topic] = max(THRESHOLD_GRID, key=others)
        totals.update(stats[chosen[topic]][topic])
    print("\nthreshold chosen on the other topics: " + ", ".join(f"{t} {c}" for t, c in chosen.items()))
    print(summary_line("ALL, threshold held out", totals))


def time_on_analysis(folder: Path) -> None:
    """Arguments and camps on a stored run's evidence (a report folder's ``analyse.json`` and
    ``analyse.sqlite``), against the run's own time."""
    import datetime as dt

    from horingsanalyse.arguments import find_arguments
    from horingsanalyse.camps import find_camps
    from horingsanalyse.store import Store
    from horingsanalyse.types import Campaign

    data = json.loads((folder / "analyse.json").read_text(encoding="utf-8"))
    run = data["run"]
    with Store(folder / "analyse.sqlite") as store:
        responses = [store.get(r["sha256"], run["analysis_key"])[0] for r in data["responses"]]
    topic_ids = [t["id"] for t in data["hearing"]["tema"]]
    campaigns = [Campaign(c["id"], tuple(c["files"]), c["similarity"]) for c in data["campaigns"]]
    run_seconds = (dt.datetime.fromisoformat(run["finished"]) - dt.datetime.fromisoformat(run["started"])).total_seconds()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        arguments = find_arguments(responses, topic_ids, campaigns)
        camps = find_camps(responses, topic_ids)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    n_sentences = sum(len(a.sentences) for a in arguments)
    print(f"\ntiming on {folder}: {len(responses)} responses, {n_sentences} evidence sentences -> "
          f"{len(arguments)} arguments, {len(camps)} camps in {best:.2f} s (best of 3: "
          f"{', '.join(f'{t:.2f}' for t in timings)}); the run took {run_seconds:.0f} s "
          f"({run['n_new']} new, {run['n_cached']} from the store): +{100 * best / run_seconds:.1f} %")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", default="agglomerative", choices=("agglomerative", "kmeans"))
    parser.add_argument("--threshold", type=float, default=None, help="average linkage's distance threshold")
    parser.add_argument("--features", default=DEFAULT_FEATURES, choices=FEATURES)
    parser.add_argument("--units", default=DEFAULT_UNITS, choices=UNITS)
    parser.add_argument("--components", type=int, default=DEFAULT_COMPONENTS, help="LSA components, 0: none")
    parser.add_argument("--vectors", type=Path, help="gensim KeyedVectors file to score instead of TF-IDF")
    parser.add_argument("--max-clusters", type=int, default=None)
    parser.add_argument("--per-cluster", type=float, default=None, help="sentences_per_cluster")
    parser.add_argument("--exclude-topic-words", action="store_true", help="leave the topic's words out of the features")
    parser.add_argument("--learned", action="store_true",
                        help="term-kind weights learned on the other topics' hand grouping (topic held out)")
    parser.add_argument("--threshold-held-out", action="store_true",
                        help="choose the distance threshold per topic on the other topics")
    parser.add_argument("--analysis", type=Path, help="a report folder (analyse.json, analyse.sqlite) to time on")
    parser.add_argument("--quiet", action="store_true", help="leave out the label-by-label table")
    args = parser.parse_args(argv)
    groups, arguments, campaign = load_gold()
    topic_words = load_topic_words()
    params = {"method": args.method, "features": args.features, "units": args.units,
              "n_components": args.components}
    if args.threshold:
        params["distance_threshold"] = args.threshold
    if args.max_clusters:
        params["max_clusters"] = args.max_clusters
    if args.per_cluster:
        params["sentences_per_cluster"] = args.per_cluster
    print("baselines:")
    score(groups, arguments, campaign, lambda *_: OneCluster(), show_labels=None, name="BASELINE one cluster")
    score(groups, arguments, campaign, lambda *_: OnePerLetter(), show_labels=None, name="BASELINE one per letter")
    if args.threshold_held_out:
        threshold_held_out(groups, arguments, campaign, {k: v for k, v in params.items() if k != "distance_threshold"})
        return
    if args.vectors:
        from gensim.models import KeyedVectors

        vectors = KeyedVectors.load(str(args.vectors))
        print(f"\nword vectors {args.vectors} ({len(vectors)} words, {vectors.vector_size} dimensions)")
        make = lambda topic, side: VectorClusterer(vectors=vectors, **params)  # noqa: E731
    elif args.learned:
        weights = {}
        for topic in sorted({t for t, _ in groups}):
            sides = [([r["text"] for r in records], [r["argument_id"] for r in records], topic_words.get(t, ()))
                     for (t, _), records in sorted(groups.items()) if t != topic]
            weights[topic] = TermBinWeights().fit(sides).weights_
            print(f"term-kind weights fitted without {topic}: {np.round(weights[topic], 2).tolist()}")
        make = lambda topic, side: LearnedClusterer(weights=weights[topic], topic_words=topic_words.get(topic, ()),  # noqa: E731
                                                    **params)
    elif args.exclude_topic_words:
        make = lambda topic, side: ExcludingClusterer(topic_words=topic_words.get(topic, ()), **params)  # noqa: E731
    else:
        make = lambda topic, side: ArgumentClusterer(**params)  # noqa: E731
    print(f"\n{args.method}, {'learned term kinds' if args.learned else args.features}"
          f", {args.units}, {args.components or 'no'} LSA components"
          f"{', topic words left out' if args.exclude_topic_words else ''}")
    score(groups, arguments, campaign, make, show_labels=not args.quiet)
    if args.analysis:
        time_on_analysis(args.analysis)


if __name__ == "__main__":
    main()
