"""Argument clustering against the hand-labelled argument set (issue 14), and what it costs.

    python benchmarks/arguments.py [--features char|stems] [--vectors FILE] [--analysis REPORT_DIR]

For every topic and side of ``gold/arguments/`` (every ``nou-2019-18-havbruk.assignments.*.jsonl``
present), the hand-selected sentences are clustered as the product clusters evidence sentences
(so this measures the clusterer, not the stance model), with one voice per letter or per
campaign of the letter labels. It prints, per topic and side and weighted by sentences:

- V-measure and adjusted Rand index against the hand grouping (the -00 «standpunkt uten
  begrunnelse» and -99 «andre argumenter» groups included, as the labeller assigned them);
- **found**: the share of hand arguments made by three or more letters (-00 and -99 left
  out: they are no argument) for which some cluster holds a majority of that argument's
  sentences *and* at least half of all its sentences;
- **recognisable**: of those found, the share whose cluster label shares a content stem (or a
  compound part's stem) with the hand label or description. Both labels are printed side by
  side so a reader can judge.

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
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, v_measure_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from horingsanalyse.arguments import ArgumentClusterer, label_clusters, label_text  # noqa: E402
from horingsanalyse.terms import stems  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"
HEARING = "nou-2019-18-havbruk"
MIN_RESPONDENTS = 3
NOT_ARGUMENTS = ("-00", "-99")


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


def recognisable(cluster_terms, argument) -> bool:
    ours = set(stems(" ".join(cluster_terms)))
    theirs = set(stems(f"{argument['label']} {argument['description']}"))
    return bool(ours & theirs)


def score(groups, arguments, campaign, make_clusterer, show_labels=True):
    totals = {"n": 0, "v": 0.0, "ari": 0.0, "big": 0, "found": 0, "named": 0}
    for (topic, side), records in sorted(groups.items()):
        texts = [r["text"] for r in records]
        gold_ids = [r["argument_id"] for r in records]
        files = [r["file"] for r in records]
        voices = [campaign.get(f) or f for f in files]
        started = time.perf_counter()
        clusterer = make_clusterer().fit(texts, groups=voices)
        seconds = time.perf_counter() - started
        labels = clusterer.labels_
        terms = label_clusters(texts, labels)
        v, ari = v_measure_score(gold_ids, labels), adjusted_rand_score(gold_ids, labels)
        found = found_arguments(gold_ids, labels, files, arguments)
        named = {a: c is not None and recognisable(terms.get(c, ()), arguments[a]) for a, c in found.items()}
        n = len(records)
        print(f"\n{topic} / {side}: {n} sentences, {len(set(gold_ids))} hand groups, "
              f"{clusterer.n_clusters_} clusters (+ {int((labels < 0).sum())} unclustered), {seconds:.2f} s")
        print(f"  V-measure {v:.3f}   ARI {ari:.3f}   found {sum(c is not None for c in found.values())}"
              f"/{len(found)}   recognisable {sum(named.values())}")
        if show_labels:
            for argument_id, cluster in found.items():
                mark = "found" if cluster is not None else "  -  "
                ours = label_text(terms.get(cluster, ())) if cluster is not None else ""
                print(f"  {mark} {'*' if named[argument_id] else ' '} {argument_id:24} "
                      f"{arguments[argument_id]['label'][:55]:55} | {ours}")
        totals["n"] += n
        totals["v"] += v * n
        totals["ari"] += ari * n
        totals["big"] += len(found)
        totals["found"] += sum(c is not None for c in found.values())
        totals["named"] += sum(named.values())
    n = totals["n"] or 1
    print(f"\nALL: {totals['n']} sentences; V-measure {totals['v'] / n:.3f}, ARI {totals['ari'] / n:.3f} "
          f"(means weighted by sentences); arguments by ≥ {MIN_RESPONDENTS} letters found "
          f"{totals['found']}/{totals['big']} = {100 * totals['found'] / max(totals['big'], 1):.0f} %, "
          f"found with a recognisable label {totals['named']}/{totals['big']} "
          f"= {100 * totals['named'] / max(totals['big'], 1):.0f} %")
    return totals


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
    parser.add_argument("--features", default="char", choices=("char", "stems"))
    parser.add_argument("--vectors", type=Path, help="gensim KeyedVectors file to score instead of TF-IDF")
    parser.add_argument("--max-clusters", type=int, default=None)
    parser.add_argument("--per-cluster", type=float, default=None, help="sentences_per_cluster")
    parser.add_argument("--analysis", type=Path, help="a report folder (analyse.json, analyse.sqlite) to time on")
    parser.add_argument("--quiet", action="store_true", help="leave out the label-by-label table")
    args = parser.parse_args(argv)
    groups, arguments, campaign = load_gold()
    params = {}
    if args.max_clusters:
        params["max_clusters"] = args.max_clusters
    if args.per_cluster:
        params["sentences_per_cluster"] = args.per_cluster
    if args.vectors:
        from gensim.models import KeyedVectors

        vectors = KeyedVectors.load(str(args.vectors))
        print(f"word vectors {args.vectors} ({len(vectors)} words, {vectors.vector_size} dimensions)")
        make = lambda: VectorClusterer(vectors=vectors, **params)  # noqa: E731
    else:
        print(f"TF-IDF over {args.features}, LSA, k-means")
        make = lambda: ArgumentClusterer(features=args.features, **params)  # noqa: E731
    score(groups, arguments, campaign, make, show_labels=not args.quiet)
    if args.analysis:
        time_on_analysis(args.analysis)


if __name__ == "__main__":
    main()
