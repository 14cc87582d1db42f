"""Cosine similarity of TF-IDF word n-grams among many texts, without an n×n matrix.

:func:`tfidf` builds the matrix scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` builds, on
integer token ids rather than n-gram strings, which is several times faster on a large hearing.
:func:`threshold_groups` finds every pair of rows whose similarity reaches a threshold by prefix
filtering, joins them into groups, and computes the least similarity within each group: time
and memory grow with the number of rows and the number of linked pairs, not with their square.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b", written as the same maximal runs of
# two or more word characters, which Python's re finds faster.
_TOKEN = re.compile(r"\w{2,}")
# A feature in more rows than this is "common": a row whose prefix reaches one is left to the
# next round, among such rows only (see _linked_edges).
_COMMON_FREQUENCY = 128
# When nearly all rows of a round reach a common feature, splitting gains nothing.
_LEAST_SHRINK = 0.9
# The prefix is cut where the rest of a row can add less than this share of the threshold to a
# similarity. Smaller means longer prefixes (more of each similarity known from the postings,
# fewer pairs left to compute one by one); 1, the shortest, was the fastest on the benchmark.
_REST_SHARE = 1.0
_PRODUCTS_PER_BLOCK = 1 << 19  # multiplications in one product of prefixes and postings: bounds its memory
_ENTRIES_PER_CHUNK = 1 << 16  # entries whose bounds are computed at once
_TOKENS_PER_CHUNK = 1 << 18  # tokens whose n-grams are counted at once
_NORM_PROFILE_STEPS = 64  # (at most 2**15) rank intervals at whose starts each row's remaining norm is kept
_PAIRS_PER_STEP_BOUND = 1 << 12  # pairs whose bound is refined step by step at once
_ROWS_PER_BATCH = 32  # rows whose candidate pairs are computed together
_ROWS_PER_MOVE = 1024  # rows whose prefixes are moved at once
_PRODUCT_CELLS = 1 << 22  # cells of one dense block of similarities within a group
# Slack in the bounds for floating-point error (candidates are chosen in float32; the norm tables
# are float32): it only lets more candidates through, each then computed exactly in float64, so
# it never drops a pair. Added to it: this much per product summed in float32.
_BOUND_SLACK = 1e-4
_FLOAT32_ERROR = 2.0 ** -22


def tfidf(texts: Sequence[str], ngram_range: tuple[int, int] = (1, 2), *,
          multiplicity: Sequence[int] | None = None) -> sparse.csr_array:
    """The TF-IDF matrix of word n-grams, as ``TfidfVectorizer(ngram_range=…, sublinear_tf=True)``.

    Same tokens (lower-cased words of two or more characters), same features in the same
    (alphabetical) column order, same weights: ``1 + log(count)`` times the smoothed idf
    ``1 + log((n + 1) / (df + 1))``, each row scaled to unit length (texts without a word give
    empty rows). Rows hold their entries in column order. The texts are read a chunk at a time
    after tokenising, so that memory holds the matrix and one chunk's n-grams.

    Args:
        texts: the documents.
        ngram_range: the smallest and largest n of the word n-grams.
        multiplicity: how many documents each text stands for (copies counted once each in
            ``n`` and ``df``), as if every copy had been passed; 1 each when ``None``.
    """
    min_n, max_n = ngram_range
    if not 1 <= min_n <= max_n:
        raise ValueError(f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, got {ngram_range}")
    n = len(texts)
    weight = np.ones(n, dtype=np.int64) if multiplicity is None else np.asarray(multiplicity, dtype=np.int64)
    if weight.shape != (n,) or (weight < 1).any():
        raise ValueError("multiplicity must give a count of at least 1 for each text")
    vocabulary: dict[str, int] = {}
    per_text = []
    for text in texts:
        found = _TOKEN.findall(text.lower())
        new = set(found).difference(vocabulary)
        vocabulary.update(zip(new, range(len(vocabulary), len(vocabulary) + len(new))))
        per_text.append(np.fromiter(map(vocabulary.__getitem__, found), dtype=np.int32, count=len(found)))
    words = list(vocabulary)
    del vocabulary
    # Tokens as alphabetical ranks: the order of n-grams as tuples of ranks is then the order
    # of their strings (joined by spaces, which sort before any word character).
    rank = np.empty(len(words), dtype=np.int64)
    rank[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
    grams = _NGrams(per_text, rank, max_n)
    del words
    for size in range(2, max_n + 1):  # the distinct n-grams of each size, from those one shorter
        grams.learn(size)
    # Every feature as a tuple of token ranks, padded: sorting the tuples sorts the strings.
    keys = np.vstack([np.hstack([grams.tuples[size], np.full((len(grams.tuples[size]), max_n - size), -1)])
                      for size in range(min_n, max_n + 1)])
    column = np.empty(len(keys), dtype=np.int64)
    column[np.lexsort(keys.T[::-1])] = np.arange(len(keys))
    n_features = len(keys)
    del keys
    offset = dict(zip(range(min_n, max_n + 1), np.cumsum([0] + [len(grams.tuples[s]) for s in range(min_n, max_n)])))
    index = np.int32 if max(n_features, grams.n_tokens) < 2**31 else np.int64
    # Counts per (text, feature), then turned into weights in place, a chunk of rows at a time,
    # so that no temporary array is as long as the matrix. The arrays are allocated for the most
    # entries there can be (one per n-gram occurrence); the pages never written cost no memory.
    most = max(grams.n_tokens * (max_n - min_n + 1), 1)
    indices, data = np.empty(most, dtype=index), np.empty(most)
    row_counts = np.zeros(n, dtype=np.int64)
    document_frequency = np.zeros(n_features)
    nnz = 0
    for lo, hi in grams.chunks:
        found = [(text, column[code + offset[size]])
                 for size, (text, code) in grams.occurrences(lo, hi, max_n).items() if size >= min_n]
        key = np.concatenate([(text - lo) * n_features + col for text, col in found])
        key, count = np.unique(key, return_counts=True)  # by text, then column
        text, col = np.divmod(key, n_features)
        row_counts[lo:hi] = np.bincount(text, minlength=hi - lo)
        indices[nnz:nnz + len(key)] = col
        data[nnz:nnz + len(key)] = count
        nnz += len(key)
        document_frequency += np.bincount(col, weights=weight[lo + text], minlength=n_features)
    del grams, column
    indptr = np.concatenate(([0], np.cumsum(row_counts))).astype(index)
    indices, data = indices[:nnz], data[:nnz]
    idf = np.log((weight.sum() + 1) / (document_frequency + 1)) + 1.0
    del document_frequency
    for lo, hi in _row_chunks(indptr, _ENTRIES_PER_CHUNK):
        values = data[indptr[lo]:indptr[hi]]  # a view: changed in place
        np.log(values, out=values)
        values += 1.0
        values *= idf[indices[indptr[lo]:indptr[hi]]]
        lengths = np.diff(indptr[lo:hi + 1])
        nonempty = lengths > 0
        norms = np.ones(hi - lo)
        norms[nonempty] = np.sqrt(np.add.reduceat(values ** 2, (indptr[lo:hi] - indptr[lo])[nonempty]))
        values /= np.repeat(norms, lengths)
    return sparse.csr_array((data, indices, indptr), shape=(n, n_features))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting: numpy's hashing is much slower on these codes."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


class _NGrams:
    """The n-grams of tokenised texts, as integer codes, a chunk of texts at a time.

    An n-gram of size 2 or more is coded by its position among the distinct ones of its size,
    sorted by (code of its first n − 1 tokens, rank of its last token); ``tuples[size]`` gives the
    token ranks of each.
    """

    def __init__(self, per_text: list[np.ndarray], rank: np.ndarray, max_n: int):
        self.per_text, self.rank, self.n_words = per_text, rank, max(len(rank), 1)
        self.distinct: dict[int, np.ndarray] = {}
        self.tuples = {1: np.arange(len(rank), dtype=np.int32)[:, None]}
        lengths = np.array([len(ids) for ids in per_text], dtype=np.int64)
        ends = np.cumsum(lengths)
        self.n_tokens = int(ends[-1]) if len(ends) else 0
        cuts = np.searchsorted(ends, np.arange(_TOKENS_PER_CHUNK, int(ends[-1]) if len(ends) else 0, _TOKENS_PER_CHUNK))
        bounds = np.unique(np.concatenate(([0], np.minimum(cuts + 1, len(per_text)), [len(per_text)])))
        self.chunks = [(int(lo), int(hi)) for lo, hi in itertools.pairwise(bounds.tolist())]

    def occurrences(self, lo: int, hi: int, up_to: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """``{size: (text of each occurrence, its code)}`` for texts ``lo``…``hi − 1``; for a size
        not learnt yet, its code is the pair (code of the first tokens, last token) as one number."""
        lengths = np.array([len(ids) for ids in self.per_text[lo:hi]], dtype=np.int64)
        tokens = self.rank[np.concatenate(self.per_text[lo:hi])] if lengths.sum() else np.empty(0, dtype=np.int64)
        text_of = np.repeat(np.arange(lo, hi), lengths)
        place = np.arange(len(tokens)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # index in its text
        found = {1: (text_of, tokens)}
        starts, code = np.arange(len(tokens)), tokens
        for size in range(2, up_to + 1):
            keep = place[starts] + size <= lengths[text_of[starts] - lo]
            starts = starts[keep]
            code = code[keep] * self.n_words + tokens[starts + size - 1]
            if size not in self.distinct:
                found[size] = (text_of[starts], code)
                break
            local, inverse = np.unique(code, return_inverse=True)  # sorted look-ups are faster
            code = np.searchsorted(self.distinct[size], local)[inverse.ravel()]
            found[size] = (text_of[starts], code)
        return found

    def learn(self, size: int) -> None:
        """Find the distinct n-grams of ``size`` (those of ``size − 1`` known)."""
        seen, count = np.empty(self.n_tokens, dtype=np.int64), 0  # as above: unwritten pages are free
        for lo, hi in self.chunks:
            codes = _sorted_unique(self.occurrences(lo, hi, size).get(size, (None, np.empty(0, dtype=np.int64)))[1])
            seen[count:count + len(codes)] = codes
            count += len(codes)
        self.distinct[size] = _sorted_unique(seen[:count])
        del seen
        shorter, last = np.divmod(self.distinct[size], self.n_words)
        self.tuples[size] = np.hstack([self.tuples[size - 1][shorter], last[:, None].astype(np.int32)])


def threshold_groups(vectors, threshold: float) -> tuple[np.ndarray, sparse.csr_array, np.ndarray]:
    """The pairs of rows whose cosine similarity reaches ``threshold``, and the groups they form.

    ``vectors`` is a sparse matrix of non-negative rows of unit (or zero) length, such as
    :func:`tfidf`. Every similarity is summed in column order over the features both rows have,
    so it does not depend on the order of the rows; the pairs and groups are those a dense
    similarity matrix would give.

    Returns:
        ``group``: the group of each row (connected components of the linked pairs, numbered
        from 0 in order of first row; a row linked to none is a group of one).
        ``pairs``: a CSR array (n, n) with the similarity of each linked pair ``i < j`` at
        ``[i, j]`` (upper triangle only).
        ``least``: the least similarity between two rows of each group, computed over all its
        pairs, linked or not (1.0 for a group of one).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    vectors = sparse.csr_array(vectors)  # shares the caller's arrays, which are only read
    if vectors.dtype != np.float64 or not vectors.has_sorted_indices:
        vectors = sparse.csr_array(vectors, dtype=np.float64, copy=True)
        vectors.sort_indices()
    n = vectors.shape[0]
    rows, cols = _linked_edges(vectors, threshold)
    _, group = connected_components(sparse.coo_array((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                    directed=False)
    group = _renumber_by_first(group)
    sizes = np.bincount(group)
    least = np.ones(len(sizes))
    found_rows, found_cols, found_values = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)], [np.empty(0)]
    by_group = np.argsort(group, kind="stable")
    group_start = np.concatenate(([0], np.cumsum(sizes)))
    for g in np.flatnonzero(sizes >= 2):
        members = by_group[group_start[g]:group_start[g + 1]]
        block_rows, block_cols, block_values, least[g] = _within(vectors[members], threshold)
        found_rows.append(members[block_rows])
        found_cols.append(members[block_cols])
        found_values.append(block_values)
    pairs = sparse.coo_array((np.concatenate(found_values), (np.concatenate(found_rows), np.concatenate(found_cols))),
                             shape=(n, n))
    return group, sparse.csr_array(pairs.tocsr()), least


def _linked_edges(vectors: sparse.csr_array, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Enough pairs ``(i, j)`` with similarity at least ``threshold`` to connect every group.

    Prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW
    2007): each row's features are taken rarest first, and its *prefix* is its shortest leading
    run after which the rest of the row can add less than a budget (at most ``threshold``) to
    any similarity: less than the rest's norm, and less than the rest's weights times each
    feature's largest weight in any row. Two rows whose similarity reaches ``threshold`` then
    share a feature in both prefixes (otherwise all common features lie in the rest of one of
    them, and the similarity is below the budget). The product of the prefixes with the postings
    gives, for each pair it touches, the prefix part ``A`` of the similarity; the rest is
    bounded by the budget and, tighter, by Cauchy–Schwarz: the rest's norm times the other
    row's norm from the same rank on, and then the sum of the two rows' norms over intervals of
    ranks (a table of 64 per row). ``A >= threshold`` links the pair (weights are non-negative),
    a bound below ``threshold`` rules it out, and the few in between are computed, unless the
    two rows are joined already (a pair inside a group cannot change the groups).

    Rare features have short posting lists; common ones (in more than ``_COMMON_FREQUENCY``
    rows) long ones. So rounds: a row whose prefix holds only rare features finds all its links
    through them; the rows whose prefix reaches a common feature are joined among themselves in
    the next round, where the features are ranked by their frequency among those rows only. A
    round where nearly every row reaches a common feature takes all prefixes as they are.
    """
    n = vectors.shape[0]
    rows, cols = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    lookup = np.full(vectors.shape[1], -1, dtype=np.int64)
    subset = np.arange(n)
    while len(subset) >= 2:
        part = vectors if len(subset) == n else vectors[subset]
        late, sure, unsure = _round(part, threshold)
        rows = np.concatenate([rows, subset[sure[0]]])
        cols = np.concatenate([cols, subset[sure[1]]])
        # A pair whose rows are joined already cannot change the groups: it is not computed.
        _, group = connected_components(sparse.coo_array((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                        directed=False)
        unsure_rows, unsure_cols = subset[unsure[0]], subset[unsure[1]]
        apart = group[unsure_rows] != group[unsure_cols]
        unsure_rows, unsure_cols = unsure_rows[apart], unsure_cols[apart]
        linked = _reach(vectors, unsure_rows, unsure_cols, threshold, lookup)
        rows = np.concatenate([rows, unsure_rows[linked]])
        cols = np.concatenate([cols, unsure_cols[linked]])
        if not late.any():
            break
        subset = subset[late]
    return rows, cols


def _round(part, threshold: float):
    """One round of :func:`_linked_edges` on the rows of ``part``.

    Returns the mask of rows left to the next round, the pairs ``(rows, cols)`` linked for sure
    and the pairs that may be linked (to be computed), in rows of ``part``.
    """
    n, n_features = part.shape
    frequency = np.bincount(part.indices, minlength=n_features)
    column_of_rank = np.lexsort((np.arange(n_features), frequency))
    rank = np.empty(n_features, dtype=np.int32 if n_features < 2**31 else np.int64)
    rank[column_of_rank] = np.arange(n_features)
    # Candidates are chosen in float32 (the slack covers its rounding); links are decided in float64.
    # One index type throughout, or scipy converts the postings' indices at every product.
    index = np.int32 if max(part.nnz, n_features, n) < 2**31 else np.int64
    postings = _postings(part, frequency, index)
    largest_weight = np.zeros(n_features, dtype=np.float32)
    present = np.flatnonzero(np.diff(postings.indptr) > 0)
    largest_weight[present] = np.maximum.reduceat(postings.data, postings.indptr[present])
    entries_up_to_rank = np.cumsum(frequency[column_of_rank])
    del column_of_rank
    bounds = _Bounds(part, rank, entries_up_to_rank, frequency, largest_weight, _REST_SHARE * threshold)
    del largest_weight, rank, entries_up_to_rank
    split = bounds.late.sum() <= _LEAST_SHRINK * n
    late = bounds.late if split else np.zeros(n, dtype=bool)
    probes = np.flatnonzero(~late)
    prefix = bounds.prefix_of(probes, index)
    work = np.add.reduceat(np.append(frequency[prefix.indices], 0), prefix.indptr[:-1]) * (np.diff(prefix.indptr) > 0)
    del frequency
    sure_rows, sure_cols, unsure_rows, unsure_cols = [], [], [], []
    start = 0
    while start < len(probes):
        stop = start + max(1, int(np.searchsorted(np.cumsum(work[start:]), _PRODUCTS_PER_BLOCK, side="right")))
        partial = (prefix[start:stop] @ postings).tocoo()
        rows = probes[partial.row.astype(np.int64) + start]
        cols = partial.col.astype(np.int64)
        keep = (cols > rows) | late[cols]  # a late row is not a probe: its links are found from this side
        rows, cols, known = rows[keep], cols[keep], partial.data[keep].astype(float)
        del partial, keep
        # A float32 sum of k products is within about k·2⁻²³ of the exact one (and the weights are
        # at most 1): per row, a slack for as many products as its prefix has entries.
        slack = _BOUND_SLACK + _FLOAT32_ERROR * (bounds.prefix_length[rows] + 2)
        sure = known >= threshold + slack
        sure_rows.append(rows[sure])
        sure_cols.append(cols[sure])
        unsure = ~sure & bounds.may_reach(rows, cols, known, threshold - slack)
        unsure_rows.append(rows[unsure])
        unsure_cols.append(cols[unsure])
        start = stop
    none = [np.empty(0, dtype=np.int64)]
    return (late, (np.concatenate(none + sure_rows), np.concatenate(none + sure_cols)),
            (np.concatenate(none + unsure_rows), np.concatenate(none + unsure_cols)))


def _postings(part, frequency: np.ndarray, index) -> sparse.csr_array:
    """The transpose of ``part`` in float32 (for each feature, the rows that have it, in order).

    Written a chunk of rows at a time into the final arrays: no float32 copy of ``part`` first.
    """
    n, n_features = part.shape
    indptr = np.concatenate(([0], np.cumsum(frequency)))
    rows, data = np.empty(part.nnz, dtype=index), np.empty(part.nnz, dtype=np.float32)
    free = indptr[:-1].copy()  # the next free place in each feature's list
    for lo, hi in _row_chunks(part.indptr, _ENTRIES_PER_CHUNK):
        first, last = part.indptr[lo], part.indptr[hi]
        order = np.argsort(part.indices[first:last], kind="stable")  # by feature, then row
        features = part.indices[first:last][order]
        run = np.flatnonzero(np.concatenate(([True], features[1:] != features[:-1])))
        run_length = np.diff(np.append(run, len(features)))
        place = free[features] + np.arange(len(features)) - np.repeat(run, run_length)
        rows[place] = np.repeat(np.arange(lo, hi), np.diff(part.indptr[lo:hi + 1]))[order]
        data[place] = part.data[first:last][order]
        free[features[run]] += run_length
    return sparse.csr_array((data, rows, indptr.astype(index)), shape=(n_features, n))


class _Bounds:
    """Each row's prefix, and what the rest of it can add to a similarity with another row.

    Computed by chunks of rows, so that the per-entry arrays of one chunk only are in memory.
    ``prefix`` holds each row's prefix (float32), in the columns of ``part``.
    """

    def __init__(self, part, rank: np.ndarray, entries_up_to_rank: np.ndarray, frequency: np.ndarray,
                 largest_weight: np.ndarray, budget: float):
        n = part.shape[0]
        # Rank intervals holding about the same number of entries; a row's norm from the start of
        # each is kept, to bound its norm from any rank in it.
        cuts = np.searchsorted(entries_up_to_rank, np.linspace(0, part.nnz, _NORM_PROFILE_STEPS + 1)[1:-1],
                               side="right")
        steps = np.unique(np.concatenate(([0], cuts)))
        n_steps = len(steps)
        step_of_rank = np.repeat(np.arange(n_steps, dtype=np.int16), np.diff(np.append(steps, len(rank))))
        self.rest = np.zeros(n)  # the most the rest can add: its norm, or its weights times the largest
        self.rest_norm = np.zeros(n)
        self.rest_step = np.full(n, n_steps)  # the step the rest starts in (n_steps: no rest)
        self.late = np.zeros(n, dtype=bool)  # the prefix reaches a common feature
        self.norm_from_step = np.zeros((n, n_steps + 1), dtype=np.float32)
        self.step_norm = np.zeros((n, n_steps + 1), dtype=np.float32)  # the norm within each step
        # Each row's prefix, rarest first, written in place into arrays as long as the matrix
        # (the pages past the prefixes are never written, and cost no memory).
        self.prefix_data = np.empty(part.nnz, dtype=np.float32)
        self.prefix_columns = np.empty(part.nnz, dtype=part.indices.dtype)
        self.prefix_length = np.zeros(n, dtype=np.int64)
        self.n_features = part.shape[1]
        written = 0
        for lo, hi in _row_chunks(part.indptr, _ENTRIES_PER_CHUNK):
            first, last = part.indptr[lo], part.indptr[hi]
            indptr = part.indptr[lo:hi + 1] - first
            row_of = np.repeat(np.arange(hi - lo), np.diff(indptr))
            ranks = rank[part.indices[first:last]]
            order = np.argsort(row_of * len(rank) + ranks)  # each row rarest first
            ranks = ranks[order]
            columns = part.indices[first:last][order]
            data = part.data[first:last][order]
            squares = data ** 2
            norm_from_here = np.sqrt(np.maximum(_from_here(squares, indptr, row_of), 0.0))
            rest_bound = np.minimum(norm_from_here, _from_here(data * largest_weight[columns], indptr, row_of))
            # The bound only falls along a row, so the prefix is an initial run; cut it at the first
            # entry below the budget, lest rounding let a later one back in.
            place = np.arange(len(data))
            outside = np.where(rest_bound >= budget - _BOUND_SLACK, len(data), place)
            cut = np.full(hi - lo, len(data))
            nonempty = np.diff(indptr) > 0
            cut[nonempty] = np.minimum.reduceat(outside, indptr[:-1][nonempty])
            in_prefix = place < cut[row_of]
            length = np.bincount(row_of[in_prefix], minlength=hi - lo)
            after = indptr[:-1] + length
            has_rest = after < indptr[1:]
            after = np.minimum(after, max(len(data) - 1, 0))
            self.prefix_length[lo:hi] = length
            self.prefix_data[written:written + int(length.sum())] = data[in_prefix]
            self.prefix_columns[written:written + int(length.sum())] = columns[in_prefix]
            written += int(length.sum())
            self.rest[lo:hi] = np.where(has_rest, rest_bound[after], 0.0)
            self.rest_norm[lo:hi] = np.where(has_rest, norm_from_here[after], 0.0)
            step = step_of_rank[ranks]
            self.rest_step[lo:hi] = np.where(has_rest, step[after], n_steps)
            self.late[lo:hi] = np.bincount(row_of[in_prefix & (frequency[columns] > _COMMON_FREQUENCY)],
                                           minlength=hi - lo) > 0
            mass = np.bincount(row_of * (n_steps + 1) + step, weights=squares,
                               minlength=(hi - lo) * (n_steps + 1)).reshape(hi - lo, n_steps + 1)
            self.norm_from_step[lo:hi] = np.sqrt(np.cumsum(mass[:, ::-1], axis=1)[:, ::-1])
            self.step_norm[lo:hi] = np.sqrt(mass)

    def prefix_of(self, rows: np.ndarray, index) -> sparse.csr_array:
        """The prefixes of ``rows`` (sorted) as a matrix; those of the other rows are let go.

        The kept prefixes are moved to the front of the arrays in place, a chunk at a time.
        """
        starts = np.concatenate(([0], np.cumsum(self.prefix_length)))
        written = 0
        for begin in range(0, len(rows), _ROWS_PER_MOVE):
            some = rows[begin:begin + _ROWS_PER_MOVE]
            lengths = self.prefix_length[some]
            entries = np.repeat(starts[some] - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
            # entries >= written: each kept entry moves left or stays, so nothing unread is overwritten.
            self.prefix_data[written:written + len(entries)] = self.prefix_data[entries]
            self.prefix_columns[written:written + len(entries)] = self.prefix_columns[entries]
            written += len(entries)
        indptr = np.concatenate(([0], np.cumsum(self.prefix_length[rows]))).astype(index)
        prefix = sparse.csr_array((self.prefix_data[:written], self.prefix_columns[:written].astype(index, copy=False),
                                   indptr), shape=(len(rows), self.n_features))
        del self.prefix_data, self.prefix_columns
        return prefix

    def may_reach(self, rows: np.ndarray, cols: np.ndarray, known: np.ndarray, threshold: np.ndarray) -> np.ndarray:
        """Whether each pair, whose prefix part of the similarity is ``known``, may reach its
        ``threshold`` (the caller's threshold less the slack for rounding).

        What the rest of the row can add is at most the rest's own bound, or (Cauchy–Schwarz) its
        norm times the col's norm from the step the rest starts in; for the pairs that still may,
        at most the sum over the steps of the two rows' norms within each.
        """
        may = known + np.minimum(self.rest[rows], self.rest_norm[rows] * self.norm_from_step[cols, self.rest_step[rows]]) \
            >= threshold
        candidates = np.flatnonzero(may)
        for begin in range(0, len(candidates), _PAIRS_PER_STEP_BOUND):
            some = candidates[begin:begin + _PAIRS_PER_STEP_BOUND]
            row, col = rows[some], cols[some]
            first = self.rest_step[row]
            of_row, of_col = self.step_norm[row], self.step_norm[col]
            later = np.arange(of_row.shape[1])[None, :] > first[:, None]
            in_first = np.sqrt(np.maximum(self.rest_norm[row] ** 2 - (of_row ** 2 * later).sum(axis=1), 0.0))
            by_step = in_first * of_col[np.arange(len(some)), first] + (of_row * of_col * later).sum(axis=1)
            may[some] = known[some] + by_step >= threshold[some]
        return may


def _row_chunks(indptr: np.ndarray, entries: int):
    """``(lo, hi)`` ranges of rows holding about ``entries`` entries each (at least one row)."""
    n = len(indptr) - 1
    lo = 0
    while lo < n:
        hi = max(lo + 1, int(np.searchsorted(indptr, indptr[lo] + entries, side="right")) - 1)
        hi = min(hi, n)
        yield lo, hi
        lo = hi


def _from_here(values: np.ndarray, indptr: np.ndarray, row_of: np.ndarray) -> np.ndarray:
    """For each entry of a CSR matrix, the sum of ``values`` from it to the end of its row."""
    if not len(values):
        return values
    from_entry = np.cumsum(values[::-1])[::-1]  # from each entry to the end of the matrix
    row_stop = indptr[1:][row_of]
    return from_entry - np.where(row_stop < len(values), from_entry[np.minimum(row_stop, len(values) - 1)], 0.0)


def _reach(vectors, rows: np.ndarray, cols: np.ndarray, threshold: float, lookup: np.ndarray) -> np.ndarray:
    """Whether each pair ``(rows[k], cols[k])`` of rows of ``vectors`` reaches ``threshold``.

    Computed as :func:`_similarities` computes them, by batches of rows made dense over just
    their own features (what the others have beyond those adds nothing). ``lookup`` is a buffer
    of -1, one per feature, and is left so.
    """
    reached = np.zeros(len(rows), dtype=bool)
    order = np.argsort(rows, kind="stable")
    distinct, first = np.unique(rows[order], return_index=True)
    first = np.append(first, len(rows))
    for begin in range(0, len(distinct), _ROWS_PER_BATCH):
        end = min(begin + _ROWS_PER_BATCH, len(distinct))
        pairs = order[first[begin]:first[end]]
        batch = vectors[distinct[begin:end]]
        used = np.unique(batch.indices)
        lookup[used] = np.arange(len(used))
        others, other_of_pair = np.unique(cols[pairs], return_inverse=True)
        others = vectors[others]
        at = lookup[others.indices]
        hit = at >= 0
        row_of = np.repeat(np.arange(others.shape[0]), np.diff(others.indptr))
        others = sparse.csr_array(
            (others.data[hit], at[hit],
             np.concatenate(([0], np.cumsum(np.bincount(row_of[hit], minlength=others.shape[0]))))),
            shape=(others.shape[0], len(used)))
        batch = sparse.csr_array((batch.data, lookup[batch.indices], batch.indptr), shape=(end - begin, len(used)))
        lookup[used] = -1
        similarity = _similarities(others, batch)
        reached[pairs] = similarity[other_of_pair.ravel(), np.searchsorted(distinct[begin:end], rows[pairs])] >= threshold
    return reached


def _similarities(rows, others) -> np.ndarray:
    """``rows @ others.T`` for sparse ``rows`` and a few sparse ``others``, made dense.

    Every similarity of this module comes from here: a sum over a sparse row's entries in column
    order, where only the features both rows have add anything (the others add exact zeros), so
    a pair gets the same value whichever of its rows is the sparse one, and whatever columns
    that neither has are left out.
    """
    return rows @ others.toarray().T


def _within(vectors, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Pairs ``i < j`` of these rows whose similarity reaches ``threshold``, and the least similarity.

    By blocks of rows against all the rows, so that memory holds one block.
    """
    n = vectors.shape[0]
    used = np.unique(vectors.indices)  # the group's features: the same values, in the same column order
    vectors = sparse.csr_array((vectors.data, np.searchsorted(used, vectors.indices), vectors.indptr),
                               shape=(n, len(used)))
    block = max(1, _PRODUCT_CELLS // max(n, vectors.shape[1]))
    least = 1.0
    rows, cols, values = [], [], []
    for start in range(0, n, block):
        stop = min(start + block, n)
        similarity = _similarities(vectors, vectors[start:stop])  # n × block
        sparse_row, dense_row = np.arange(n)[:, None], np.arange(start, stop)[None, :]
        least = min(least, float(similarity[np.broadcast_to(sparse_row != dense_row, similarity.shape)].min()))
        i, j = np.nonzero((sparse_row < dense_row) & (similarity >= threshold))
        rows.append(i)
        cols.append(j + start)
        values.append(similarity[i, j])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values), least


def _renumber_by_first(labels: np.ndarray) -> np.ndarray:
    """The same partition, its parts numbered 0, 1, … in order of their first element."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    number = np.empty(len(first), dtype=np.int64)
    number[np.argsort(first)] = np.arange(len(first))
    return number[inverse.ravel()]
