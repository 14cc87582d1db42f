"""The similarity join under the campaign detector: scikit-learn's TF-IDF, a dense matrix's pairs."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from horingsanalyse import similarity

TEXTS = ["Vi går imot grunnrenteskatten, og vi går imot den NÅ.", "", "Øl og ål; ÆØÅ æøå!", "a b c",
         "Produksjonsavgiften må videreføres og Havbruksfondet må styrkes.", "PRODUKSJONSAVGIFTEN må videreføres",
         "1 22 333 x_y é-è"]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3)])
def test_tfidf_is_scikit_learns_matrix(ngram_range):
    original = list(TEXTS)
    expected = TfidfVectorizer(ngram_range=ngram_range, sublinear_tf=True).fit_transform(TEXTS).tocsr()
    expected.sort_indices()
    found = similarity.tfidf(TEXTS, ngram_range)
    assert TEXTS == original
    assert found.shape == expected.shape
    assert found.indptr.tolist() == expected.indptr.tolist()
    assert found.indices.tolist() == expected.indices.tolist()  # same features, same (alphabetical) columns
    assert found.data == pytest.approx(expected.data, rel=1e-12)


def test_tfidf_multiplicity_counts_copies_without_reading_them():
    copies = [3, 1, 1, 2, 1, 1, 1]
    expected = similarity.tfidf([text for text, k in zip(TEXTS, copies) for _ in range(k)])
    first_copy = np.cumsum([0] + copies[:-1])
    found = similarity.tfidf(TEXTS, multiplicity=copies)
    assert abs(found - expected[first_copy]).max() < 1e-15
    with pytest.raises(ValueError, match="multiplicity"):
        similarity.tfidf(TEXTS, multiplicity=[1, 2])
    with pytest.raises(ValueError, match="ngram_range"):
        similarity.tfidf(TEXTS, (2, 1))


def test_tfidf_of_nothing():
    assert similarity.tfidf([]).shape == (0, 0)
    assert similarity.tfidf(["", "a b"]).shape == (2, 0)


def random_rows(seed: int, n: int = 120, n_features: int = 300) -> sparse.csr_array:
    """Non-negative unit rows, some near-copies of others and some with heavy common features."""
    rng = np.random.default_rng(seed)
    rows = rng.random((n, n_features)) * (rng.random((n, n_features)) < 0.05)
    rows[:, :5] = rng.random((n, 5)) * (rng.random((n, 1)) < 0.3)  # features in many rows
    copies = rng.integers(0, n, (2, n // 6))
    rows[copies[0]] = rows[copies[1]] + rng.random((n // 6, n_features)) * (rng.random((n // 6, n_features)) < 0.01)
    return sparse.csr_array(normalize(rows))


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("common", [1, 4, 128])
def test_threshold_groups_are_a_dense_matrix_pairs_and_components(threshold, common, monkeypatch):
    from scipy.sparse.csgraph import connected_components
    monkeypatch.setattr(similarity, "_COMMON_FREQUENCY", common)
    rows = random_rows(seed=common)
    rows.sort_indices()
    dense = (rows @ rows.T).toarray()
    linked = np.triu(dense >= threshold, k=1)
    _, components = connected_components(linked, directed=False)
    group, pairs, least = similarity.threshold_groups(rows, threshold)
    found = pairs.tocoo()
    assert sorted(zip(found.row.tolist(), found.col.tolist())) == sorted(zip(*map(np.ndarray.tolist, np.nonzero(linked))))
    assert found.data == pytest.approx(dense[found.row, found.col], abs=1e-12)
    # The same partition, numbered by first row.
    first = {}
    assert [first.setdefault(c, len(first)) for c in components] == group.tolist()
    for g in range(group.max() + 1):
        members = np.flatnonzero(group == g)
        expected = dense[np.ix_(members, members)][~np.eye(len(members), dtype=bool)].min() if len(members) > 1 else 1.0
        assert least[g] == pytest.approx(expected, abs=1e-12)


def test_threshold_groups_leaves_its_input_alone():
    rows = random_rows(seed=9)
    expected = similarity.threshold_groups(rows, 0.5)
    # The same rows with each row's entries in reverse order: sorted on a copy, not in place.
    reverse = np.concatenate([np.arange(stop - 1, start - 1, -1) for start, stop in zip(rows.indptr[:-1], rows.indptr[1:])])
    unsorted = sparse.csr_array((rows.data[reverse], rows.indices[reverse], rows.indptr), shape=rows.shape)
    for matrix in (rows, unsorted):
        before = (matrix.data.copy(), matrix.indices.copy(), matrix.indptr.copy())
        group, pairs, _ = similarity.threshold_groups(matrix, 0.5)
        assert all(np.array_equal(a, b) for a, b in zip(before, (matrix.data, matrix.indices, matrix.indptr)))
        assert group.tolist() == expected[0].tolist() and (pairs != expected[1]).nnz == 0


def test_threshold_groups_of_few_rows():
    group, pairs, least = similarity.threshold_groups(sparse.csr_array((0, 3)), 0.5)
    assert group.tolist() == [] and pairs.shape == (0, 0) and least.tolist() == []
    group, pairs, least = similarity.threshold_groups(sparse.csr_array(np.array([[1.0, 0.0]])), 0.5)
    assert group.tolist() == [0] and pairs.nnz == 0 and least.tolist() == [1.0]
    with pytest.raises(ValueError, match="threshold"):
        similarity.threshold_groups(sparse.csr_array((2, 2)), 0.0)
