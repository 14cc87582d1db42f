"""Recurring arguments: the sentences on each side of a topic, grouped by the reason they give.

A høring summary says per proposal what the main arguments for and against were and who made
them. The positions stage keeps every sentence that weighed on a topic (``Evidence``); here the
sentences of one topic and side are clustered by their content words (TF-IDF over the words'
character 3–5-grams, which match inflections and nynorsk spellings, and beside them over
Snowball stems, a compound counting its parts too, so «vertskommunene» meets «kommunane»),
joined by average linkage
while their mean cosine distance stays under a threshold, so the number of arguments follows from
how alike the sentences are rather than from a fixed k), and each cluster is
labelled by its key phrases: a class-based TF-IDF over the sentences' noun phrases
(:mod:`.keyphrases`, by lemma), the phrases frequent in this cluster and rare in the topic's
others. Nothing depends on the hearing's subject: phrases, labels and the number of arguments
all come from the sentences.

:class:`ArgumentClusterer` follows scikit-learn's conventions; :func:`cluster_arguments` is its
function twin, :func:`label_clusters` labels any clustering, and :func:`find_arguments` builds
the :class:`~horingsanalyse.types.Argument` records of a hearing from its responses.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .kept import Kept
from .keyphrases import KeyPhrase, sentence_phrases
from .terms import content_words, stem, stems
from .types import Argument, ArgumentSentence, Campaign, ResponseAnalysis, TopicStance

SIDES = (TopicStance.AGAINST, TopicStance.FOR)  # a summary leads with the objections
SIDE_CODES = {TopicStance.FOR: "for", TopicStance.AGAINST: "mot"}
# The argument benchmark's variants (benchmarks/argument_variants.py, the threshold chosen on
# the other topics): character 3–5-grams and stems side by side, no LSA, whole sentences,
# average linkage at 0.9 found 11 of 41 hand arguments at V-measure 0.517, the most found and
# the best V among those; stems over clauses found 11 at 0.508, the character n-grams with LSA
# 11 at 0.498 (8 at 0.485 with the old threshold).
FEATURES = ("char", "stems", "char+stems")
DEFAULT_FEATURES = "char+stems"
UNITS = ("sentences", "clauses")
DEFAULT_UNITS = "sentences"
METHODS = ("agglomerative", "kmeans")
DEFAULT_METHOD = "agglomerative"  # the argument benchmark: V-measure 0.51 against 0.45 for k-means
# Cosine distance under which average linkage joins; the choice on the other three topics for
# every topic of the argument benchmark.
DEFAULT_DISTANCE_THRESHOLD = 0.9
# Average linkage holds all pairwise distances: beyond this many sentences k-means is used.
DEFAULT_AGGLOMERATIVE_LIMIT = 5000
DEFAULT_MAX_CLUSTERS = 15  # k-means only; the report shows the main ones (report.py)
DEFAULT_SENTENCES_PER_CLUSTER = 1.0  # k = sqrt(n / this), at most max_clusters
DEFAULT_COMPONENTS = 0  # no LSA: with it the same found 6 of the 41, not 11
# A sentence splits into clauses at «;», «samt» and «, og» / «og at …»: letters make two or
# three arguments in one sentence, and the longest clause is the one it makes most.
_CLAUSE_BREAK = re.compile(r";|\bsamt\b|(?<=\w), og\b| og (?=(?:at|det|dette|vi|den|de)\b)")
_MIN_CLAUSE_WORDS = 3  # a shorter piece is a tail of the clause before, not an argument
DEFAULT_MIN_VOICES = 2  # an argument recurs: one voice alone goes to «andre argumenter»
DEFAULT_LABEL_TERMS = 3
DEFAULT_QUOTES = 3
OTHER_LABEL = "Andre argumenter"
_QUOTE_MAX_CHARS = 400  # a longer sentence is a paragraph the segmenter did not split


class ArgumentClusterer(ClusterMixin, BaseEstimator):
    """Groups sentences of one topic and side by the argument they make.

    Sentences (``units="clauses"``: their clauses, see :func:`clauses`) become TF-IDF vectors
    over the character 3–5-grams of their content words and, beside them with equal weight,
    over the words' stems, compound parts included (``features="char"`` or ``"stems"``: one of
    the two), reduced by truncated SVD (LSA) to ``n_components`` when that is 2 or more.
    ``method="agglomerative"`` joins them by average linkage
    (cosine) until the clusters are more than ``distance_threshold`` apart; ``"kmeans"``
    (also used beyond ``agglomerative_limit`` distinct sentences, where the pairwise distances
    would not fit in memory) makes ``min(max_clusters, round(sqrt(n / sentences_per_cluster)))``
    groups. With ``n_clusters`` either method makes that many. Each distinct text is
    clustered once and its copies take its cluster (see :func:`distinct_texts`). A sentence
    split into clauses takes the cluster of its longest clause. Clusters are numbered by size,
    largest first. A cluster that fewer than ``min_voices`` distinct voices (``groups`` in
    :meth:`fit`) made is dissolved into ``-1``.

    Attributes:
        labels_: cluster per sentence, ``-1`` for sentences in no recurring argument.
        n_clusters_: the number of clusters kept.
        embedding_: the sentences' unit vectors (a clause's: the longest one's), dense with LSA
            and sparse without, for choosing representatives.
    """

    def __init__(self, n_clusters: int | None = None, features: str = DEFAULT_FEATURES,
                 units: str = DEFAULT_UNITS, method: str = DEFAULT_METHOD,
                 distance_threshold: float = DEFAULT_DISTANCE_THRESHOLD,
                 agglomerative_limit: int = DEFAULT_AGGLOMERATIVE_LIMIT,
                 max_clusters: int = DEFAULT_MAX_CLUSTERS,
                 sentences_per_cluster: float = DEFAULT_SENTENCES_PER_CLUSTER,
                 n_components: int = DEFAULT_COMPONENTS, min_voices: int = DEFAULT_MIN_VOICES,
                 random_state: int = 0):
        self.n_clusters = n_clusters
        self.features = features
        self.units = units
        self.method = method
        self.distance_threshold = distance_threshold
        self.agglomerative_limit = agglomerative_limit
        self.max_clusters = max_clusters
        self.sentences_per_cluster = sentences_per_cluster
        self.n_components = n_components
        self.min_voices = min_voices
        self.random_state = random_state

    def fit(self, X: Sequence[str], y=None, groups: Sequence[str] | None = None) -> ArgumentClusterer:
        """Cluster the sentences ``X``; ``groups`` names each sentence's voice (its file or campaign)."""
        sentences = list(X)
        voices = list(groups) if groups is not None else [str(i) for i in range(len(sentences))]
        if len(voices) != len(sentences):
            raise ValueError(f"{len(sentences)} sentences but {len(voices)} groups")
        self.embedding_, raw = self._raw_clusters(sentences)
        self.labels_ = renumbered(raw, voices, self.min_voices)
        self.n_clusters_ = int(self.labels_.max(initial=-1) + 1)
        return self

    def _raw_clusters(self, sentences: list[str]):
        """The sentences' unit vectors and clusters before the voices are counted (``-1``: a
        sentence without a content word)."""
        self._check_params()
        units, longest = self._units(sentences)
        texts, text_of = distinct_texts(units)
        embedding = self._embed(texts)
        has_words = np.asarray(abs(embedding).sum(axis=1)).ravel() > 0
        raw = np.full(len(texts), -1, dtype=int)
        raw[has_words] = self._cluster(embedding[np.flatnonzero(has_words)])
        chosen = text_of[longest]
        return embedding[chosen], raw[chosen]

    def _check_params(self) -> None:
        if self.n_clusters is not None and self.n_clusters < 1:
            raise ValueError(f"n_clusters must be at least 1, got {self.n_clusters}")
        if self.max_clusters < 1 or self.sentences_per_cluster <= 0:
            raise ValueError("max_clusters must be at least 1 and sentences_per_cluster positive")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if not 0 < self.distance_threshold <= 2:
            raise ValueError(f"distance_threshold is a cosine distance in (0, 2], got {self.distance_threshold}")
        if self.units not in UNITS:
            raise ValueError(f"units must be one of {', '.join(UNITS)}, got {self.units!r}")

    def _units(self, sentences: list[str]) -> tuple[list[str], list[int]]:
        """The texts to cluster, and for each sentence the position of its longest one."""
        if self.units == "sentences":
            return sentences, list(range(len(sentences)))
        units, longest = [], []
        for sentence in sentences:
            parts = clauses(sentence)
            longest.append(len(units) + max(range(len(parts)), key=lambda i: (len(parts[i]), -i)))
            units.extend(parts)
        return units, longest

    def _cluster(self, points) -> np.ndarray:
        """A cluster number per point (unit vectors, dense or sparse, with a content word)."""
        distinct = _distinct_rows(points)  # texts with the same content words are one point
        if distinct < 2:
            return np.zeros(points.shape[0], dtype=int)
        if self.method == "agglomerative" and points.shape[0] <= self.agglomerative_limit:
            similarity = points @ points.T
            distances = np.clip(1 - (similarity.toarray() if sparse.issparse(similarity) else similarity), 0, 2)
            np.fill_diagonal(distances, 0)
            if self.n_clusters is not None:
                joined = AgglomerativeClustering(n_clusters=min(self.n_clusters, distinct), metric="precomputed",
                                                 linkage="average")
            else:
                joined = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                                 distance_threshold=self.distance_threshold)
            return joined.fit_predict(distances)
        k = min(self._cluster_count(points.shape[0]), distinct)
        if k < 2:
            return np.zeros(points.shape[0], dtype=int)
        return KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit_predict(points)

    def _cluster_count(self, n: int) -> int:
        if self.n_clusters is not None:
            return min(self.n_clusters, n)
        return max(1, min(self.max_clusters, round(math.sqrt(n / self.sentences_per_cluster))))

    def _embed(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 0))
        if self.features not in FEATURES:
            raise ValueError(f"features must be one of {', '.join(FEATURES)}, got {self.features!r}")
        vectorizers = {
            "char": lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                            preprocessor=lambda text: " ".join(content_words(text))),
            "stems": lambda: TfidfVectorizer(analyzer=stems, sublinear_tf=True),
        }
        try:  # «char+stems»: each half of unit length, so either counts as much
            matrix = sparse.hstack([normalize(vectorizers[name]().fit_transform(sentences))
                                    for name in self.features.split("+")]).tocsr()
        except ValueError:  # no sentence has a content word
            return np.zeros((len(sentences), 1))
        components = min(self.n_components, matrix.shape[1] - 1, len(sentences) - 1)
        if components >= 2:
            svd = TruncatedSVD(n_components=components, random_state=self.random_state)
            return normalize(svd.fit_transform(matrix))
        return normalize(matrix).tocsr()


def clauses(sentence: str) -> list[str]:
    """«Skatten gir byråkrati; kommunene mister inntekter» → its two clauses; a piece of fewer
    than three content words stays with the sentence, and a sentence without a split is itself."""
    parts = [part for part in _CLAUSE_BREAK.split(sentence) if len(content_words(part)) >= _MIN_CLAUSE_WORDS]
    return parts or [sentence]


def distinct_texts(units: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each text once, in the order first met, and for each unit the position of its text.

    A campaign repeats its sentences in hundreds of letters: they are one argument, which
    the voices count (a campaign is one voice), and clustered once they neither outweigh the
    other sentences in the average linkage nor make a large hearing's sides too big for it."""
    position: dict[str, int] = {}
    text_of = np.fromiter((position.setdefault(unit, len(position)) for unit in units), dtype=int, count=len(units))
    return list(position), text_of


def _distinct_rows(points) -> int:
    if points.shape[0] == 0:
        return 0
    if not sparse.issparse(points):
        return len(np.unique(points, axis=0))
    rows = points.tocsr()
    rows.sort_indices()
    return len({(tuple(rows.indices[a:b]), tuple(np.round(rows.data[a:b], 9)))
                for a, b in zip(rows.indptr[:-1], rows.indptr[1:])})


def renumbered(raw: np.ndarray, voices: Sequence[str], min_voices: int) -> np.ndarray:
    """Clusters of at least ``min_voices`` voices, numbered by size (then first sentence); the rest ``-1``."""
    members = defaultdict(list)
    for index, label in enumerate(raw):
        if label >= 0:
            members[label].append(index)
    kept = [indices for indices in members.values() if len({voices[i] for i in indices}) >= min_voices]
    kept.sort(key=lambda indices: (-len(indices), indices[0]))
    labels = np.full(len(raw), -1, dtype=int)
    for number, indices in enumerate(kept):
        labels[indices] = number
    return labels


def cluster_arguments(sentences: Sequence[str], groups: Sequence[str] | None = None, **params) -> np.ndarray:
    """The argument cluster of each sentence (``-1``: none); the function twin of the estimator."""
    return ArgumentClusterer(**params).fit(sentences, groups=groups).labels_


def label_clusters(sentences: Sequence[str], labels: Sequence[int], n_terms: int = DEFAULT_LABEL_TERMS,
                   exclude: Iterable[str] = (), groups: Sequence[str] | None = None,
                   phrases: Sequence[Sequence[KeyPhrase]] | None = None) -> dict[int, tuple[str, ...]]:
    """Each cluster's key phrases by class-based TF-IDF, as the sentences write them.

    The candidates are the sentences' noun phrases (:mod:`.keyphrases`: a noun, an adjective and
    its noun, two nouns joined by a preposition), keyed by lemma. A phrase's weight in a cluster
    is the share of the cluster's sentences that use it times ``log(1 + A / f)``, ``A`` the mean
    number of sentences per cluster and ``f`` the number of sentences of all clusters that use
    it: frequent here and rare in the other clusters. In a cluster of two or more voices
    (``groups``, by default one per sentence) a phrase must come from two of them, so one
    letter's repeated name for a thing is no label. A phrase sharing a word with one already
    chosen is skipped, and a noun is shown with the adjective or prepositional phrase that
    half or more of its uses have («forutsigbare inntekter» rather than «inntekter»). Each is
    shown as the cluster most often writes it. Cluster ``-1`` gets no phrases. Phrases holding
    a word of ``exclude`` (the topic's own name and cue words: every sentence of it has them)
    are never chosen.

    Args:
        phrases: each sentence's key phrases, when already found (:func:`sentence_phrases`).
    """
    excluded = {stem(word) for text in exclude for word in content_words(text)}
    voices = list(groups) if groups is not None else [str(i) for i in range(len(sentences))]
    found = phrases if phrases is not None else sentence_phrases(sentences)
    uses: dict[int, Counter] = defaultdict(Counter)  # cluster -> phrase key -> sentences using it
    speakers: dict[int, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))
    spelling: dict[int, dict[tuple, Counter]] = defaultdict(lambda: defaultdict(Counter))
    sizes, cluster_voices = Counter(), defaultdict(set)
    for its_phrases, label, voice in zip(found, labels, voices):
        if label < 0:
            continue
        sizes[label] += 1
        cluster_voices[label].add(voice)
        keys = set()
        for phrase in its_phrases:
            if excluded & set(phrase.key):
                continue
            keys.add(phrase.key)
            speakers[label][phrase.key].add(voice)
            spelling[label][phrase.key][phrase.text] += 1
        uses[label].update(keys)
    if not sizes:
        return {}
    everywhere = Counter()
    for counts in uses.values():
        everywhere.update(counts)
    mean_size = sum(sizes.values()) / len(sizes)
    result = {}
    for label in sorted(sizes):
        counts = uses[label]
        allowed = list(counts)
        if len(cluster_voices[label]) >= 2 and any(len(speakers[label][key]) >= 2 for key in allowed):
            allowed = [key for key in allowed if len(speakers[label][key]) >= 2]
        weight = {key: counts[key] / sizes[label] * math.log(1 + mean_size / everywhere[key]) for key in allowed}
        chosen: list[tuple[str, ...]] = []
        for key in sorted(allowed, key=lambda k: (-weight[k], len(k), k)):
            shown = _widened(key, allowed, counts, weight)
            if any(set(shown) & set(other) for other in chosen):
                continue
            chosen.append(shown)
            if len(chosen) == n_terms:
                break
        result[label] = tuple(_written(key, spelling[label]) for key in chosen)
    return result


def _widened(key: tuple[str, ...], allowed: list[tuple[str, ...]], counts: Counter,
             weight: dict[tuple[str, ...], float]) -> tuple[str, ...]:
    """A lone noun's best longer phrase that at least half of its uses have, else the noun."""
    if len(key) > 1:
        return key
    longer = [k for k in allowed if len(k) > 1 and key[0] in k and 2 * counts[k] >= counts[key]]
    return max(longer, key=lambda k: (weight[k], k)) if longer else key


def _written(key: tuple[str, ...], spelling: dict[tuple[str, ...], Counter]) -> str:
    return min(spelling[key].items(), key=lambda item: (-item[1], item[0]))[0]


def label_text(terms: Iterable[str]) -> str:
    """«Forutsigbare inntekter, lokal aksept, arealbeslag»: the phrases as a label, first letter capital."""
    text = ", ".join(terms)
    return text[:1].upper() + text[1:]


def find_arguments(responses: Sequence[ResponseAnalysis], topic_ids: Sequence[str],
                   campaigns: Sequence[Campaign] = (), topic_words: Mapping[str, Sequence[str]] | None = None,
                   known_phrases: MutableMapping[str, tuple[KeyPhrase, ...]] | None = None,
                   kept: Kept | None = None, **params) -> tuple[Argument, ...]:
    """The recurring arguments of every topic and side, from the responses' evidence sentences.

    Args:
        responses: the analysed responses (their ``evidence`` is read, nothing is changed).
        topic_ids: the topics in the order the report shows them.
        campaigns: campaigns of near-identical letters; each counts as one voice.
        topic_words: per topic, its name and cue words, kept out of the labels.
        known_phrases: key phrases of sentences tagged before (see :func:`sentence_phrases`);
            the phrases of the others are added to it.
        kept: what earlier runs found (see :mod:`.kept`): a side whose sentences and settings
            are exactly those of an earlier run is not clustered again.
        params: passed to :class:`ArgumentClusterer`.

    Returns:
        Per topic (in ``topic_ids`` order) and side (against, then for): the arguments by
        number of voices, then the side's «andre argumenter» if any sentence fell outside them.
    """
    campaign_of = {file: c.campaign_id for c in campaigns for file in c.files}
    sizes = {c.campaign_id: len(c.files) for c in campaigns}
    clusterer = ArgumentClusterer(**params)
    kept = kept if kept is not None else Kept()
    arguments: list[Argument] = []
    for topic_id in topic_ids:
        sides = {side: found for side in SIDES if (found := _side_sentences(responses, topic_id, side, campaign_of))}
        clusterings = {side: _side_clusters(clusterer, sentences, kept) for side, sentences in sides.items()}
        terms = _topic_labels(sides, clusterings, (topic_words or {}).get(topic_id, ()), known_phrases)
        for side, sentences in sides.items():
            arguments.extend(_side_arguments(topic_id, side, sentences, clusterings[side], terms[side], sizes))
    return tuple(arguments)


@dataclass(frozen=True)
class _SideClusters:
    """One side's arguments: the cluster of each sentence (``-1``: none) and, per cluster, the
    positions of its members nearest the centre first."""

    labels: np.ndarray
    central: tuple[list[int], ...]

    @property
    def n_clusters(self) -> int:
        return len(self.central)


def _side_clusters(clusterer: ArgumentClusterer, sentences: list[ArgumentSentence], kept: Kept) -> _SideClusters:
    """Cluster one side: the clustering itself (the costly part, which depends on the texts
    alone) is kept, and the voices are counted on every run (a campaign may have grown)."""
    texts = [s.text for s in sentences]
    grouping = kept.made_once("argument-clusters", {"params": clusterer.get_params(), "sentences": texts},
                              lambda: _grouping(clusterer, texts))
    raw = np.asarray(grouping["raw"], dtype=int)
    labels = renumbered(raw, [voice_of(s) for s in sentences], clusterer.min_voices)
    central = tuple(grouping["central"][str(raw[np.flatnonzero(labels == label)[0]])]
                    for label in range(int(labels.max(initial=-1) + 1)))
    return _SideClusters(labels, central)


def _grouping(clusterer: ArgumentClusterer, texts: list[str]) -> dict:
    """The raw cluster of each sentence and each cluster's central order, as JSON data."""
    embedding, raw = clusterer._raw_clusters(texts)
    return {"raw": raw.tolist(),
            "central": {str(label): _central(embedding, np.flatnonzero(raw == label)) for label in set(raw) - {-1}}}


def _topic_labels(sides: dict[TopicStance, list[ArgumentSentence]], clusterings: dict[TopicStance, _SideClusters],
                  exclude: Sequence[str], known_phrases: MutableMapping[str, tuple[KeyPhrase, ...]] | None
                  ) -> dict[TopicStance, dict[int, tuple[str, ...]]]:
    """Key phrases per side and cluster, each cluster weighed against all others of the topic:
    what sets an argument against apart is also what the arguments for do not say."""
    texts, labels, voices, offsets, offset = [], [], [], {}, 0
    for side, sentences in sides.items():
        offsets[side] = offset
        texts.extend(s.text for s in sentences)
        voices.extend(voice_of(s) for s in sentences)
        labels.extend(label + offset if label >= 0 else -1 for label in clusterings[side].labels)
        offset += clusterings[side].n_clusters
    terms = label_clusters(texts, labels, exclude=exclude, groups=voices,
                           phrases=sentence_phrases(texts, known=known_phrases))
    return {side: {label: terms.get(label + offsets[side], ()) for label in range(clusterings[side].n_clusters)}
            for side in sides}


def _side_sentences(responses: Sequence[ResponseAnalysis], topic_id: str, side: TopicStance,
                    campaign_of: dict[str, str]) -> list[ArgumentSentence]:
    """The distinct sentences on one side of a topic, response by response in file order."""
    found = []
    for response in sorted(responses, key=lambda r: r.file):
        seen = set()
        for item in response.evidence:
            if item.topic_id != topic_id or _value(item.stance) != side.value or not item.sentence.strip():
                continue
            if (item.start, item.end, item.sentence) in seen:
                continue
            seen.add((item.start, item.end, item.sentence))
            found.append(ArgumentSentence(
                file=response.file, sender=response.sender, category=_value(response.category),
                page=item.page, text=item.sentence, start=item.start, end=item.end,
                campaign_id=campaign_of.get(response.file) or response.campaign_id))
    return found


def _side_arguments(topic_id: str, side: TopicStance, sentences: list[ArgumentSentence],
                    clusters: _SideClusters, terms: dict[int, tuple[str, ...]],
                    sizes: dict[str, int]) -> list[Argument]:
    prefix = f"{topic_id}-{SIDE_CODES[side]}"
    arguments = []
    for label in range(clusters.n_clusters):
        members = np.flatnonzero(clusters.labels == label)
        arguments.append(_argument(f"{prefix}-{label + 1:02d}", topic_id, side,
                                   label_text(terms.get(label, ())) or OTHER_LABEL, terms.get(label, ()),
                                   [sentences[i] for i in members], clusters.central[label], sizes))
    arguments.sort(key=lambda a: (-a.n_respondents, -len(a.sentences), a.argument_id))
    arguments = [replace(a, argument_id=f"{prefix}-{i:02d}") for i, a in enumerate(arguments, start=1)]
    rest = np.flatnonzero(clusters.labels < 0)
    if len(rest):
        arguments.append(_argument(f"{prefix}-99", topic_id, side, OTHER_LABEL, (),
                                   [sentences[i] for i in rest], list(range(len(rest))), sizes, other=True))
    return arguments


def _central(embedding: np.ndarray, members: np.ndarray) -> list[int]:
    """Positions within ``members``, nearest to the cluster's centre first (ties by order)."""
    vectors = embedding[members]
    centre = np.asarray(vectors.mean(axis=0)).ravel()
    closeness = np.asarray(vectors @ centre).ravel()
    return sorted(range(len(members)), key=lambda i: (-round(float(closeness[i]), 9), i))


def _argument(argument_id: str, topic_id: str, side: TopicStance, label: str, terms: tuple[str, ...],
              members: list[ArgumentSentence], order: list[int], sizes: dict[str, int],
              other: bool = False) -> Argument:
    voices: dict[str, str] = {}
    for sentence in members:
        voices.setdefault(voice_of(sentence), sentence.category)
    campaign_ids = sorted({s.campaign_id for s in members if s.campaign_id})
    return Argument(
        argument_id=argument_id, topic_id=topic_id, side=side, label=label, terms=terms,
        n_respondents=len(voices), n_responses=len({s.file for s in members}),
        categories=tuple(sorted(Counter(voices.values()).items(), key=lambda item: (-item[1], item[0]))),
        campaigns=tuple((cid, sizes.get(cid, 0)) for cid in campaign_ids),
        quotes=tuple(_quotes([members[i] for i in order])),
        sentences=tuple(members), other=other)


def _quotes(ranked: list[ArgumentSentence], limit: int = DEFAULT_QUOTES) -> list[ArgumentSentence]:
    """Up to ``limit`` representative sentences, one per voice, paragraph-long ones last."""
    quotes, voices = [], set()
    for sentence in sorted(ranked, key=lambda s: len(s.text) > _QUOTE_MAX_CHARS):
        if voice_of(sentence) in voices:
            continue
        voices.add(voice_of(sentence))
        quotes.append(sentence)
        if len(quotes) == limit:
            break
    return quotes


def voice_of(sentence: ArgumentSentence) -> str:
    """Who is speaking: a campaign speaks with one voice, any other response with its own."""
    return f"kampanje:{sentence.campaign_id}" if sentence.campaign_id else f"svar:{sentence.file}"


def _value(item) -> str:
    return getattr(item, "value", item)
