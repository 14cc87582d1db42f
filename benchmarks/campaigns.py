"""Campaign detection at scale: time, peak memory and recovery of planted campaigns.

Two parts:

(a) Identity check on the demo hearing (``corpus/nou-2019-18-havbruk/svar/``): the texts are
    extracted and repaired as ``batch.py`` does (cached under the temp dir, keyed by the files'
    digests), and the campaigns of :func:`horingsanalyse.cluster.find_campaigns` are compared with
    those of the dense detector it replaced (copied below as :func:`dense_campaigns`): the groups
    and their similarities must be identical, and so must the linked pairs.
(b) Synthetic hearings of 1,000, 4,000 and 20,000 responses built from the demo letters with a
    fixed seed. A quarter of the responses are members of planted campaigns (one of n/20 members,
    then halving sizes, then many of 2–10): a demo letter, or a letter of sentences drawn from
    the demo letters, sent under different names, each copy lightly edited (a sentence dropped, a
    sentence added, now and then an own paragraph). The rest are distinct letters whose sentences
    are sampled from different demo letters, shuffled and reworded (``--reworded``: the share of
    their words replaced by other words of the demo letters, 0.3 by default; the demo letters have
    only some 3,400 sentences, so verbatim each would recur in about 135 letters of 20,000, which
    no real hearing does), and 5 % short "ingen merknader" letters. Each size runs in a fresh
    child process, which reports the detection time (wall clock and CPU: the machine is shared),
    the peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the whole process,
    so it includes the interpreter, the libraries and the hearing's texts; the figure before
    detection is printed beside it), and the pair precision and recall of the planted campaigns.
    Up to ``--dense-up-to`` responses the dense detector runs too (after the measurement) and its
    groups must be the same.

Target: 20,000 responses in under 60 s and under 1 GB on a 2-core machine.

Usage: PYTHONPATH=src python benchmarks/campaigns.py [--sizes 1000,4000,20000] [--dense-up-to 4000]
       [--reworded 0.3] [--skip-demo]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from horingsanalyse.cluster import (
    DEFAULT_CAMPAIGN_THRESHOLD,
    DEFAULT_MIN_WORDS,
    CampaignDetector,
    find_campaigns,
)
from horingsanalyse.extract import extract_letter, file_sha256
from horingsanalyse.repair import repair_letter

DEMO = Path(__file__).resolve().parent.parent / "corpus" / "nou-2019-18-havbruk" / "svar"
SIZES = (1_000, 4_000, 20_000)
TARGET_SECONDS = 60.0
TARGET_MB = 1024.0
CAMPAIGN_SHARE = 0.25
SHORT_SHARE = 0.05
REWORDED_SHARE = 0.3  # of the words of a distinct letter's sentences, and of sentences a member adds
SEED = 20200204  # the hearing's høringsfrist

FIRST_NAMES = ("Ola", "Kari", "Per", "Anne", "Lars", "Ingrid", "Nils", "Marit", "Jon", "Liv", "Knut", "Sigrid",
               "Arne", "Hilde", "Tor", "Randi", "Espen", "Silje", "Geir", "Tone", "Eirik", "Berit", "Håkon", "Åse")
SURNAMES = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
            "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
            "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Strand", "Aas")
ORGANISATION_KINDS = ("kommune", "Høyre", "Arbeiderparti", "Senterparti", "Fiskarlag", "Næringsforening",
                      "Næringsforum", "Sjømatlag", "Bondelag", "Venstre", "fylkeslag", "Utviklingsselskap")


# ---------------------------------------------------------------------------------------------
# The dense detector this benchmark compares against: horingsanalyse.cluster as of commit
# 742c48c, before issue 12.3, with its n×n similarity matrix.

def dense_labels(texts: Sequence[str], threshold: float = DEFAULT_CAMPAIGN_THRESHOLD,
                 min_words: int = DEFAULT_MIN_WORDS) -> tuple[np.ndarray, np.ndarray]:
    """Labels and the dense similarity matrix, as ``CampaignDetector.fit`` computed them before."""
    n = len(texts)
    labels = np.full(n, -1, dtype=int)
    similarity = np.eye(n)
    long_enough = np.array([len(t.split()) >= min_words for t in texts], dtype=bool)
    if long_enough.sum() < 2:
        return labels, similarity
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([t if keep else "" for t, keep in zip(texts, long_enough)])
    similarity = cosine_similarity(matrix)
    np.fill_diagonal(similarity, 1.0)
    linked = (similarity >= threshold) & np.outer(long_enough, long_enough)
    _, components = connected_components(linked, directed=False)
    next_label = 0
    for component in dict.fromkeys(components):
        members = np.flatnonzero(components == component)
        if len(members) >= 2:
            labels[members] = next_label
            next_label += 1
    return labels, similarity


def dense_campaigns(texts: Sequence[str], files: Sequence[str]) -> list[tuple[tuple[str, ...], float]]:
    """``(files, similarity)`` per campaign, as ``find_campaigns`` returned them before."""
    labels, similarity = dense_labels(texts)
    campaigns = []
    for label in range(labels.max(initial=-1) + 1):
        members = np.flatnonzero(labels == label)
        block = similarity[np.ix_(members, members)]
        campaigns.append((tuple(files[i] for i in members), round(float(block.min()), 3)))
    return campaigns


# ---------------------------------------------------------------------------------------------
# (a) the demo hearing

def demo_texts() -> dict[str, str]:
    """The demo hearing's response texts by file name, extracted and repaired as ``batch.py`` does."""
    paths = sorted(p for p in DEMO.iterdir() if p.is_file())
    digest = hashlib.sha256("".join(p.name + file_sha256(p) for p in paths).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / "horingsanalyse-campaigns" / f"demo-texts-{digest}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    texts = {p.name: repair_letter(extract_letter(p, relative_to=DEMO)).text for p in paths}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return texts


def check_demo() -> bool:
    """Whether the sparse detector finds the dense detector's campaigns and pairs on the demo hearing."""
    by_file = demo_texts()
    files, texts = list(by_file), list(by_file.values())
    dense = dense_campaigns(texts, files)
    sparse_found = [(c.files, c.similarity) for c in find_campaigns(texts, files)]
    _, similarity = dense_labels(texts)
    long_enough = np.array([len(t.split()) >= DEFAULT_MIN_WORDS for t in texts])
    upper = np.triu((similarity >= DEFAULT_CAMPAIGN_THRESHOLD) & np.outer(long_enough, long_enough), k=1)
    dense_pairs = set(zip(*map(np.ndarray.tolist, np.nonzero(upper))))
    pairs = CampaignDetector().fit(texts).pairs_.tocoo()
    sparse_pairs = set(zip(pairs.row.tolist(), pairs.col.tolist()))
    same = dense == sparse_found and dense_pairs == sparse_pairs
    print(f"demo hearing ({len(texts)} responses): {len(dense)} campaigns dense, {len(sparse_found)} sparse; "
          f"{len(dense_pairs)} linked pairs dense, {len(sparse_pairs)} sparse -> "
          f"{'IDENTICAL' if same else 'DIFFERENT'} (groups, similarities, pairs)")
    for (dense_files, dense_sim), (sparse_files, sparse_sim) in zip(dense, sparse_found):
        mark = "" if (dense_files, dense_sim) == (sparse_files, sparse_sim) else "   <- differs"
        print(f"  {len(dense_files)} letters, similarity {dense_sim:.3f} / {sparse_sim:.3f}: "
              f"{', '.join(f[:3] for f in dense_files)}{mark}")
    return same


# ---------------------------------------------------------------------------------------------
# (b) synthetic hearings

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])")


def _sentences(text: str) -> list[str]:
    return [s.strip() for paragraph in re.split(r"\n\s*\n", text) for s in _SENTENCE.split(paragraph)
            if len(s.split()) >= 6]


def _reworded(sentence: str, vocabulary: Sequence[str], rng: random.Random, share: float) -> str:
    """The sentence with a share of its words replaced by other words of the demo letters.

    Different writers do not share whole sentences: without this, every distinct letter of a
    20,000-letter hearing would repeat each of its sentences from about 135 others (the demo
    letters have some 3,400), which no real hearing does.
    """
    return " ".join(rng.choice(vocabulary) if rng.random() < share else word for word in sentence.split())


def _sender(rng: random.Random, places: Sequence[str]) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(places)} {rng.choice(ORGANISATION_KINDS)}"


def _letter(sender: str, person: str, sentences: Sequence[str], rng: random.Random) -> str:
    paragraphs, at = [], 0
    while at < len(sentences):
        size = rng.randint(3, 6)
        paragraphs.append(" ".join(sentences[at:at + size]))
        at += size
    return (f"{sender}\n\nFinansdepartementet\nPostboks 8008 Dep\n0030 Oslo\n\n" + "\n\n".join(paragraphs)
            + f"\n\nMed vennlig hilsen\n{person}\n{sender}")


def synthetic_hearing(n: int, seed: int = SEED, reworded: float = REWORDED_SHARE) -> tuple[list[str], np.ndarray]:
    """``n`` responses and their planted campaign (``-1`` for none), shuffled."""
    rng = random.Random(seed)
    demo = demo_texts()
    letters = [_sentences(text) for text in demo.values()]
    pool = list(dict.fromkeys(s for sentences in letters for s in sentences))
    # Letters of one demo campaign would make planted campaigns that are one: one template each.
    files = list(demo)
    repeated = {f for c in find_campaigns(list(demo.values()), files) for f in c.files[1:]}
    templates = [s for f, s in zip(files, letters) if 15 <= len(s) <= 80 and f not in repeated]
    vocabulary = sorted({w for s in pool for w in s.split() if len(w) >= 3 and w.isalpha()})
    places = sorted({re.sub(r"-(kommune|hoyre)$", "", name[4:-4]).replace("-", " ").title() for name in demo})
    sizes, size = [], max(2, n // 20)
    while size >= 11:
        sizes.append(size)
        size //= 2
    while sum(sizes) < CAMPAIGN_SHARE * n:
        sizes.append(rng.randint(2, 10))
    demo_bodies = rng.sample(templates, min(8, len(templates)))  # the largest campaigns: real letters, each once
    texts, planted = [], []
    for campaign, size in enumerate(sizes):
        body = demo_bodies[campaign] if campaign < len(demo_bodies) else rng.sample(pool, rng.randint(10, 30))
        for _ in range(size):
            sentences = list(body)
            if rng.random() < 0.5:
                del sentences[rng.randrange(len(sentences))]
            if rng.random() < 0.5:
                sentences.insert(rng.randrange(len(sentences) + 1), _reworded(rng.choice(pool), vocabulary, rng, reworded))
            if rng.random() < 0.3:
                sentences += [_reworded(s, vocabulary, rng, reworded) for s in rng.sample(pool, rng.randint(1, 3))]
            texts.append(_letter(_sender(rng, places), f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                                 sentences, rng))
            planted.append(campaign)
    while len(texts) < n:
        sender = _sender(rng, places)
        if rng.random() < SHORT_SHARE:
            texts.append(f"{sender}\n\nVi har ingen merknader til høringen.\n\nMed vennlig hilsen\n{sender}")
        else:
            sentences = [_reworded(s, vocabulary, rng, reworded) for s in rng.sample(pool, rng.randint(6, 40))]
            texts.append(_letter(sender, f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", sentences, rng))
        planted.append(-1)
    order = list(range(n))
    rng.shuffle(order)
    return [texts[i] for i in order], np.array([planted[i] for i in order])


def _same_group_pairs(labels: np.ndarray) -> int:
    counts = np.bincount(labels[labels >= 0])
    return int((counts * (counts - 1) // 2).sum())


def pair_precision_recall(found: np.ndarray, planted: np.ndarray) -> tuple[float, float]:
    """Precision and recall of "same campaign" over all pairs of responses."""
    both = Counter(zip(found[(found >= 0) & (planted >= 0)].tolist(), planted[(found >= 0) & (planted >= 0)].tolist()))
    agreed = sum(c * (c - 1) // 2 for c in both.values())
    n_found, n_planted = _same_group_pairs(found), _same_group_pairs(planted)
    return (agreed / n_found if n_found else 1.0), (agreed / n_planted if n_planted else 1.0)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def measure(n: int, dense_up_to: int, reworded: float) -> dict:
    """Build a hearing of ``n`` responses and time the detector on it (run in a fresh process)."""
    texts, planted = synthetic_hearing(n, reworded=reworded)
    before = _rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    detector = CampaignDetector().fit(texts)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pair_precision_recall(detector.labels_, planted)
    result = {"n": n, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak, "before_mb": before, "precision": precision,
              "recall": recall, "campaigns": int(detector.labels_.max() + 1),
              "planted": int(planted.max() + 1), "pairs": int(detector.pairs_.nnz)}
    if n <= dense_up_to:
        labels, _ = dense_labels(texts)
        result["same_as_dense"] = bool(np.array_equal(labels, detector.labels_))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--dense-up-to", type=int, default=4_000,
                        help="also run the dense detector, and compare its groups, up to this size")
    parser.add_argument("--reworded", type=float, default=REWORDED_SHARE,
                        help="share of the words of distinct letters replaced (0: verbatim sentences)")
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.dense_up_to, args.reworded)))
        return 0
    ok = True
    if not args.skip_demo:
        ok = check_demo()
    print(f"\n{'responses':>9} {'time s':>7} {'CPU s':>6} {'target':>7} {'peak RSS MB':>12} {'before':>7} {'target':>7} "
          f"{'pair P':>7} {'pair R':>7} {'found':>6} {'planted':>7} {'pairs':>9}  same as dense")
    for n in map(int, args.sizes.split(",")):
        child = subprocess.run([sys.executable, __file__, "--child", str(n), "--dense-up-to", str(args.dense_up_to),
                                "--reworded", str(args.reworded)], capture_output=True, text=True, check=True)
        r = json.loads(child.stdout.strip().splitlines()[-1])
        dense = {True: "yes", False: "NO"}.get(r.get("same_as_dense"), "-")
        ok &= r.get("same_as_dense", True)
        print(f"{r['n']:>9,} {r['seconds']:>7.1f} {r['cpu_seconds']:>6.1f} {'<' + format(TARGET_SECONDS, '.0f'):>7} {r['peak_mb']:>12.0f} "
              f"{r['before_mb']:>7.0f} {'<' + format(TARGET_MB, '.0f'):>7} {r['precision']:>7.3f} "
              f"{r['recall']:>7.3f} {r['campaigns']:>6} {r['planted']:>7} {r['pairs']:>9,}  {dense}")
    print("\ntime: wall clock of CampaignDetector().fit; CPU: its process time (the machine may be shared)")
    print("peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss of a fresh process per size (interpreter, "
          "libraries and texts included; 'before' is its RSS just before detection)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
