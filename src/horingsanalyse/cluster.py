"""Groups of responses: campaigns of identical or near-identical letters.

Organised campaigns send the same letter under many names. A summary must count every one of
them (each is a response) and say that they are one text, so the ministry reads it once.
The detector follows scikit-learn's conventions: hyperparameters in ``__init__``, learned
state ending in ``_``, ``fit`` returning ``self``; :func:`find_campaigns` is its function twin.
:func:`campaign_additions` says, for the members of one campaign, what each added to the
shared letter (its intro, its own paragraph, its signature).

Memory and time grow with the number of texts and the number of linked pairs, not with the
square of the number of texts: no n×n matrix is ever built (see :mod:`horingsanalyse.similarity`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin

from .kept import Kept
from .similarity import tfidf, threshold_groups
from .types import Campaign

DEFAULT_CAMPAIGN_THRESHOLD = 0.5  # on the gold set: other letters reach at most 0.32, campaign pairs 0.46 at the first quartile
DEFAULT_MIN_WORDS = 40
DEFAULT_ADDITION_MATCH = 0.7  # a 10-word sentence whose 2-word name was changed scores 0.8; a 5-word one 0.6


class CampaignDetector(ClusterMixin, BaseEstimator):
    """Near-duplicate detection by cosine similarity of TF-IDF word n-grams.

    Responses whose similarity to another is at least ``threshold`` are joined (transitively)
    into one campaign. Texts shorter than ``min_words`` never join one: two letters that only
    say "ingen merknader" are not a campaign. The similarities are exact (the same as a dense
    cosine matrix would give), but only pairs that can reach ``threshold`` are ever computed.

    Attributes:
        labels_: campaign index per text, ``-1`` for texts in no campaign. Campaigns are
            numbered 0, 1, … in the order of their first member.
        pairs_: the linked pairs, a ``scipy.sparse.csr_array`` of shape (n, n) holding in
            ``pairs_[i, j]`` (``i < j``, upper triangle only) the cosine similarity of every pair
            of texts that reaches ``threshold``, except that texts with the same n-grams (copies)
            count as one: a copy is linked to the first of its copies only, at 1.0, and that
            first one carries the links of them all. Its connected components are the campaigns.
            A campaign of m different letters can have up to m(m−1)/2 pairs; m copies of one
            letter have m − 1.
        campaign_similarity_: the least pairwise cosine similarity among the members of each
            campaign (index = campaign label), computed within members only; a campaign joined
            through a chain A~B~C can be below ``threshold``.
    """

    def __init__(self, threshold: float = DEFAULT_CAMPAIGN_THRESHOLD, min_words: int = DEFAULT_MIN_WORDS,
                 ngram_range: tuple[int, int] = (1, 2)):
        self.threshold = threshold
        self.min_words = min_words
        self.ngram_range = ngram_range

    def fit(self, X: Sequence[str], y=None) -> CampaignDetector:
        """Find the campaigns among the texts ``X``; ``y`` is ignored. Returns ``self``."""
        if isinstance(X, str):
            raise TypeError("X must be a sequence of texts, not one string")
        texts = list(X)
        if not all(isinstance(text, str) for text in texts):
            raise TypeError("every text must be a str")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        n = len(texts)
        self.labels_ = np.full(n, -1, dtype=int)
        self.pairs_ = sparse.csr_array((n, n), dtype=float)
        self.campaign_similarity_ = np.empty(0)
        # Every text counts in the weights (idf), short ones blanked, as if fitted on all of
        # them; but each distinct text (up to case and spacing) is read once.
        long_enough, text_row, first_texts = _distinct_texts(texts, self.min_words)
        if long_enough.sum() < 2:
            return self
        matrix = tfidf([texts[i] if long_enough[i] else "" for i in first_texts], self.ngram_range,
                       multiplicity=np.bincount(text_row))
        # Texts with the same n-grams are compared once: each distinct vector is a "version".
        row_version, first_row = _versions(matrix)
        if not len(first_row):  # long texts, but without a word of two letters
            return self
        if len(first_row) == np.count_nonzero(np.diff(matrix.indptr)):  # no two alike: no copy needed
            vectors, version = matrix, np.where(row_version[text_row] >= 0, text_row, -1)
            first_text_of = np.asarray(first_texts)
        else:
            vectors, version = matrix[first_row], row_version[text_row]
            first_text_of = np.asarray(first_texts)[first_row]
        del matrix
        group, between, least = threshold_groups(vectors, self.threshold)
        # Links between versions go between their first texts; every other copy of a version is
        # linked to its first text at 1.0 (not to every copy: that would be m² pairs for m copies).
        between = between.tocoo()
        ends = np.sort(np.stack([first_text_of[between.row], first_text_of[between.col]]), axis=0)
        copies = np.flatnonzero(version >= 0)
        copies = copies[first_text_of[version[copies]] != copies]
        self.pairs_ = sparse.csr_array(sparse.coo_array(
            (np.concatenate([between.data, np.ones(len(copies))]),
             (np.concatenate([ends[0], first_text_of[version[copies]]]), np.concatenate([ends[1], copies]))),
            shape=(n, n)).tocsr())
        component = np.where(version >= 0, group[np.maximum(version, 0)], len(least) + np.arange(n))
        self.labels_ = self._number_campaigns(component)
        first_member = np.unique(self.labels_[self.labels_ >= 0], return_index=True)[1]
        self.campaign_similarity_ = least[component[np.flatnonzero(self.labels_ >= 0)[first_member]]]
        return self

    @staticmethod
    def _number_campaigns(components: np.ndarray) -> np.ndarray:
        """Components of two or more texts become campaigns 0, 1, … in order of first member."""
        _, first, inverse, sizes = np.unique(components, return_index=True, return_inverse=True,
                                             return_counts=True)
        campaigns = np.flatnonzero(sizes >= 2)
        label_of = np.full(len(sizes), -1, dtype=int)
        label_of[campaigns[np.argsort(first[campaigns])]] = np.arange(len(campaigns))
        return label_of[inverse.ravel()]


def find_campaigns(texts: Sequence[str], files: Sequence[str],
                   threshold: float = DEFAULT_CAMPAIGN_THRESHOLD,
                   min_words: int = DEFAULT_MIN_WORDS, kept: Kept | None = None,
                   additions: bool = True) -> list[Campaign]:
    """The campaigns among these responses, each with its files, least pairwise similarity and
    what each member added to the shared letter (:func:`campaign_additions`; none when
    ``additions`` is false, for a caller that needs only the groups).

    ``kept`` holds what earlier runs found (see :mod:`.kept`): the detection for exactly these
    texts, and the additions of a campaign whose members' texts are exactly these; a re-run
    recomputes only the campaigns whose members changed.
    """
    if len(texts) != len(files):
        raise ValueError(f"{len(texts)} texts but {len(files)} file names")
    kept = kept if kept is not None else Kept()
    detector = CampaignDetector(threshold=threshold, min_words=min_words)
    found = kept.made_once("campaigns", {"params": detector.get_params(), "texts": list(texts)},
                           lambda: _detected(detector, texts))
    labels = np.asarray(found["labels"], dtype=int)
    campaigns = []
    for label, similarity in enumerate(found["similarity"]):
        members = np.flatnonzero(labels == label)
        added = _additions(kept, [texts[i] for i in members]) if additions else []
        campaigns.append(Campaign(
            campaign_id=f"kampanje-{label + 1}",
            files=tuple(files[i] for i in members),
            similarity=round(float(similarity), 3),
            additions=tuple((files[i], tuple(passages)) for i, passages in zip(members, added)),
        ))
    return campaigns


def _additions(kept: Kept, member_texts: list[str]) -> list[list[str]]:
    return kept.made_once("campaign-additions", {"min_similarity": DEFAULT_ADDITION_MATCH, "texts": member_texts},
                          lambda: campaign_additions(member_texts))


def _detected(detector: CampaignDetector, texts: Sequence[str]) -> dict[str, list]:
    """The campaign of each text and each campaign's least similarity, as JSON data."""
    detector.fit(texts)
    return {"labels": detector.labels_.tolist(), "similarity": detector.campaign_similarity_.tolist()}


def _distinct_texts(texts: list[str], min_words: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Which texts are long enough, and a number for the texts alike up to case and spacing
    (the short ones all alike, as if empty).

    Returns the mask of long texts, the number of each text and the first text of each number.
    Only hashes of the normalised texts are kept, so that no second copy of the hearing is held.
    """
    def normalised(words: list[str]) -> str:
        return " ".join(words).lower() if len(words) >= min_words else ""

    long_enough = np.zeros(len(texts), dtype=bool)
    number = np.empty(len(texts), dtype=np.int64)
    first: list[int] = []
    by_hash: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        words = text.split()
        long_enough[i] = len(words) >= min_words
        key = normalised(words)
        same = by_hash.setdefault(hash(key), [])
        number[i] = next((k for k in same if normalised(texts[first[k]].split()) == key), len(first))
        if number[i] == len(first):
            same.append(len(first))
            first.append(i)
    return long_enough, number, first


def _versions(matrix) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct non-empty rows of ``matrix`` (identical rows share a number).

    Returns the version of each row (``-1`` for an empty one) and each version's first row.
    """
    version = np.full(matrix.shape[0], -1, dtype=np.int64)
    first_row: list[int] = []
    by_hash: dict[int, list[int]] = {}  # hashes, not the rows: the rows stay in the matrix alone
    for i in np.flatnonzero(np.diff(matrix.indptr) > 0):
        row = slice(matrix.indptr[i], matrix.indptr[i + 1])
        indices, data = matrix.indices[row], matrix.data[row]
        same = by_hash.setdefault(hash((indices.tobytes(), data.tobytes())), [])
        for candidate in same:
            other = slice(matrix.indptr[first_row[candidate]], matrix.indptr[first_row[candidate] + 1])
            if np.array_equal(matrix.indices[other], indices) and np.array_equal(matrix.data[other], data):
                version[i] = candidate
                break
        else:
            version[i] = len(first_row)
            same.append(len(first_row))
            first_row.append(i)
    return version, np.array(first_row, dtype=np.int64)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A sentence ends at . ! ? or … (and any closing quote or bracket) before a space and a capital or digit.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"')\]]*\s+(?=[«“\"'(\[]?[A-ZÆØÅÄÖÉ0-9])")
_ABBREVIATIONS = frozenset({
    "bl.a", "f.eks", "jf", "jfr", "nr", "ca", "dvs", "mv", "m.m", "osv", "pkt", "kap", "ref", "evt",
    "ev", "iht", "ifm", "mht", "tlf", "sml", "pr", "kr", "mill", "mrd", "ang", "vedr", "st", "t.o.m",
    "o.l", "m.fl", "p.t", "d.d", "fhv", "adm", "avd", "pb", "org.nr", "jnr", "saksnr",
})
_WORD = re.compile(r"\w+")


def campaign_additions(texts: Sequence[str], *, min_similarity: float = DEFAULT_ADDITION_MATCH) -> list[list[str]]:
    """What each member of one campaign added to the letter they share.

    A campaign's letters share a body and differ in the intro, the sender's own paragraph and the
    signature. Each text is cut into paragraphs (at blank lines) and these into sentences. A
    sentence is the member's own when no other member has it, exactly or nearly: "nearly" is a
    Dice coefficient of the two sentences' words (lower-cased, as multisets) of at least
    ``min_similarity``, so a shared sentence in which a name or a date was changed is not an
    addition. Nor is a sentence whose words another member has in a row (a shared sentence cut in
    two by a page or paragraph break, or glued to a letterhead). Consecutive own sentences of one
    paragraph make one passage.

    Args:
        texts: the members of one campaign (at least two), e.g. in the order of ``Campaign.files``.
        min_similarity: the Dice coefficient at which two sentences count as the same, in (0, 1].

    Returns:
        Per member, in input order, its own passages in reading order, each verbatim (a slice of
        the member's text); an empty list for a member that added nothing.
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of texts, not one string")
    texts = list(texts)
    if len(texts) < 2:
        raise ValueError(f"a campaign has at least two members, got {len(texts)}")
    if not 0.0 < min_similarity <= 1.0:
        raise ValueError(f"min_similarity must be in (0, 1], got {min_similarity}")
    spans = [_sentence_spans(text) for text in texts]
    sentences = _SentenceIndex()
    keys = [[sentences.add(_words(text[start:stop]), member) for _, start, stop in member_spans]
            for member, (text, member_spans) in enumerate(zip(texts, spans))]
    # Every text as its words, for a shared sentence that a layout break cut in two ("NFKK er
    # videre" | "sterkt skeptisk til …") or glued to a footer: its words are inside another text.
    word_texts = _WordTexts(texts)
    additions = []
    for member, (text, member_spans, member_keys) in enumerate(zip(texts, spans, keys)):
        passages: list[str] = []
        open_paragraph, open_start, open_stop = -1, 0, 0
        for (paragraph, start, stop), key in zip(member_spans, member_keys):
            if key is None or sentences.found_elsewhere(key, member, min_similarity):
                continue
            if word_texts.occurs_elsewhere(sentences.words[key], member):
                continue
            if paragraph == open_paragraph:
                open_stop = stop
                continue
            if open_paragraph >= 0:
                passages.append(text[open_start:open_stop])
            open_paragraph, open_start, open_stop = paragraph, start, stop
        if open_paragraph >= 0:
            passages.append(text[open_start:open_stop])
        additions.append(passages)
    return additions


class _WordTexts:
    """The members' texts as runs of words, and which members use each word.

    A sentence's words in a row can only be inside a text that has its rarest word, so only
    those texts are searched: the search stays linear in a large campaign, where searching
    every member for every added sentence would be quadratic.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = []
        self.users: defaultdict[str, list[int]] = defaultdict(list)
        for member, text in enumerate(texts):
            words = _words(text)
            self.texts.append(" " + " ".join(words) + " ")
            for word in set(words):
                self.users[word].append(member)

    def occurs_elsewhere(self, words: tuple[str, ...], member: int) -> bool:
        """Whether a text other than ``member``'s has ``words`` in a row."""
        needle = " " + " ".join(words) + " "
        rarest = min(words, key=lambda word: len(self.users.get(word, ())))
        return any(other != member and needle in self.texts[other] for other in self.users.get(rarest, ()))


def _sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """``(paragraph number, start, stop)`` of each sentence of ``text``, in order."""
    spans = []
    paragraph_start = 0
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for number, (paragraph_stop, next_start) in enumerate(breaks):
        start = paragraph_start
        for end in _SENTENCE_END.finditer(text, paragraph_start, paragraph_stop):
            if _ends_in_abbreviation(text[start:end.start() + 1]):
                continue
            spans.append((number, start, end.start() + len(end.group().rstrip())))
            start = end.end()
        stop = paragraph_start + len(text[paragraph_start:paragraph_stop].rstrip())
        if text[start:stop].strip():
            spans.append((number, start, stop))
        paragraph_start = next_start
    return [(number, start + len(text[start:stop]) - len(text[start:stop].lstrip()), stop)
            for number, start, stop in spans]


def _ends_in_abbreviation(sentence: str) -> bool:
    """Whether the full stop ending ``sentence`` belongs to an abbreviation such as "bl.a."."""
    if not sentence.endswith("."):
        return False
    last_word = sentence[:-1].rsplit(None, 1)[-1].lower() if sentence[:-1].split() else ""
    return last_word.lstrip("(«\"") in _ABBREVIATIONS


def _words(sentence: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(sentence.lower()))


class _SentenceIndex:
    """The distinct sentences of a campaign, which members have each, and a word index for near matches."""

    def __init__(self):
        self.ids: dict[tuple[str, ...], int] = {}
        self.words: list[tuple[str, ...]] = []
        self.counts: list[dict[str, int]] = []
        self.lengths: list[int] = []
        self.members: list[set[int]] = []
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self._near: dict[tuple[int, int], bool] = {}

    def add(self, words: tuple[str, ...], member: int) -> int | None:
        """Record that ``member`` has this sentence; ``None`` for one without words."""
        if not words:
            return None
        key = self.ids.get(words)
        if key is None:
            key = self.ids[words] = len(self.counts)
            self.words.append(words)
            counts: dict[str, int] = {}
            for word in words:
                counts[word] = counts.get(word, 0) + 1
            self.counts.append(counts)
            self.lengths.append(len(words))
            self.members.append(set())
            for word in counts:
                self.postings[word].append(key)
        self.members[key].add(member)
        return key

    def found_elsewhere(self, key: int, member: int, min_similarity: float) -> bool:
        """Whether a member other than ``member`` has this sentence, or one at least ``min_similarity`` like it."""
        if self.members[key] - {member}:
            return True
        cached = self._near.get((key, member))
        if cached is None:
            cached = self._near[(key, member)] = self._near_match(key, member, min_similarity)
        return cached

    def _near_match(self, key: int, member: int, min_similarity: float) -> bool:
        counts, length = self.counts[key], self.lengths[key]
        # A sentence with Dice >= d shares at least d·L/(2−d) of this one's L words, so it must
        # contain one of the L − that + 1 rarest of them (pigeonhole): only those are looked up.
        needed = math.ceil(min_similarity * length / (2.0 - min_similarity) - 1e-9)
        probes_left = length - needed + 1
        seen = {key}
        for word in sorted(counts, key=lambda w: (len(self.postings[w]), w)):
            if probes_left <= 0:
                break
            probes_left -= counts[word]
            for other in self.postings[word]:
                if other in seen:
                    continue
                seen.add(other)
                if not self.members[other] - {member}:
                    continue
                other_counts = self.counts[other]
                common = sum(min(c, other_counts.get(w, 0)) for w, c in counts.items())
                if 2.0 * common >= min_similarity * (length + self.lengths[other]) - 1e-9:
                    return True
        return False
