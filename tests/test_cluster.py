"""Campaign detection: near-identical letters grouped, short no-remarks letters never."""

import random
import tracemalloc

import numpy as np
import pytest
from scipy import sparse

from horingsanalyse import similarity
from horingsanalyse.cluster import CampaignDetector, campaign_additions, find_campaigns

CAMPAIGN = (
    "Vi viser til høringen om grunnrenteskatt på havbruk. Kommunen går imot forslaget fordi det vil "
    "svekke lokalt eierskap, redusere investeringene i kystsamfunnene og flytte verdiskapingen ut av "
    "distriktene. Produksjonsavgiften må videreføres og Havbruksfondet må styrkes slik at vertskommunene "
    "får sin rettmessige andel av verdiskapingen. Vi ber departementet skrinlegge forslaget."
)


def words(prefix: str, count: int) -> str:
    """``count`` distinct words that occur in no other call with another prefix: "a0 a1 …"."""
    return " ".join(f"{prefix}{i}" for i in range(count))


def random_texts(count: int, seed: int, n_words: int = 50, vocabulary: int = 20_000) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(f"w{rng.randrange(vocabulary)}" for _ in range(n_words + rng.randrange(10)))
            for _ in range(count)]


def test_near_identical_letters_form_one_campaign_and_others_stay_alone():
    texts = [
        "Averøy kommune\n" + CAMPAIGN,
        "Fjord kommune\n" + CAMPAIGN.replace("Vi ber", "Kommunen ber"),
        "Sjømat Norge mener at skattesystemet for havbruk bør være nøytralt og forutsigbart. " * 6,
        "Ingen merknader.",
        "Ingen merknader.",
        "Hitra kommune\n" + CAMPAIGN,
    ]
    original = list(texts)
    detector = CampaignDetector(threshold=0.85).fit(texts)
    assert texts == original  # input not modified
    assert detector.labels_.tolist() == [0, 0, -1, -1, -1, 0]
    assert sparse.issparse(detector.pairs_) and detector.pairs_.shape == (6, 6)
    linked = dict(zip(zip(*map(np.ndarray.tolist, detector.pairs_.nonzero())), detector.pairs_.data.tolist()))
    assert sorted(linked) == [(0, 1), (0, 5), (1, 5)]  # upper triangle, the campaign's pairs only
    assert all(0.85 <= value <= 1.0 for value in linked.values())
    assert detector.campaign_similarity_[0] == pytest.approx(min(linked.values()))
    campaigns = find_campaigns(texts, [f"{i}.pdf" for i in range(6)])
    assert len(campaigns) == 1
    assert campaigns[0].files == ("0.pdf", "1.pdf", "5.pdf")
    assert 0.85 <= campaigns[0].similarity <= 1.0


def test_find_campaigns_says_what_each_member_added():
    texts = ["Averøy kommune\n\n" + CAMPAIGN,
             "Fjord kommune\n\n" + CAMPAIGN.replace("Vi ber", "Kommunen ber"),  # a near match: shared
             "Sjømat Norge mener at skattesystemet for havbruk bør være nøytralt og forutsigbart. " * 6,
             "Hitra kommune\n\n" + CAMPAIGN + " Hitra har tolv oppdrettsanlegg."]
    campaign, = find_campaigns(texts, ["a.pdf", "b.pdf", "c.pdf", "d.pdf"])
    assert campaign.additions == (("a.pdf", ("Averøy kommune",)), ("b.pdf", ("Fjord kommune",)),
                                  ("d.pdf", ("Hitra kommune", "Hitra har tolv oppdrettsanlegg.")))


def test_hand_computed_chain_joins_transitively():
    # Unigrams, each word once: every weight in a text is the same, so cosines are counts.
    # A = a-words, B = a-words + c-words, C = c-words, D = d-words.
    # cos(A, B) = cos(B, C) = 40 / sqrt(40 * 80) = 1/sqrt(2); cos(A, C) = 0; D shares nothing.
    a, c, d = words("a", 40), words("c", 40), words("d", 40)
    texts = [a, f"{a} {c}", c, d]
    detector = CampaignDetector(ngram_range=(1, 1)).fit(texts)
    assert detector.labels_.tolist() == [0, 0, 0, -1]
    assert detector.pairs_.toarray() == pytest.approx(np.array([
        [0, 2 ** -0.5, 0, 0],
        [0, 0, 2 ** -0.5, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
    ]))
    assert detector.campaign_similarity_.tolist() == [pytest.approx(0.0)]  # A and C share nothing
    assert CampaignDetector(threshold=0.75, ngram_range=(1, 1)).fit(texts).labels_.tolist() == [-1] * 4
    campaign, = find_campaigns(texts, ["a.pdf", "ab.pdf", "c.pdf", "d.pdf"])
    assert campaign.files == ("a.pdf", "ab.pdf", "c.pdf") and campaign.similarity == 0.0


def test_identical_copies_are_one_campaign_at_similarity_one():
    text = words("x", 45)
    spaced = "  ".join(text.upper().split())  # the same up to case and spacing
    detector = CampaignDetector().fit([text, words("y", 45), text, spaced, words("y", 45) + " y0"])
    assert detector.labels_.tolist() == [0, 1, 0, 0, 1]  # "y0" twice: other counts, not a copy
    # Copies are linked to their first one only (not to each other): linear in the copies.
    upper = detector.pairs_.toarray()
    assert upper[0].tolist() == [0, 0, 1, 1, 0] and upper[2:4].sum() == 0
    assert 0.9 < upper[1, 4] < 1.0
    assert detector.campaign_similarity_[0] == 1.0


def test_short_texts_never_join():
    short, long = words("s", 39), words("s", 40)
    assert CampaignDetector().fit([short] * 5).labels_.tolist() == [-1] * 5
    assert CampaignDetector().fit([short, long, long]).labels_.tolist() == [-1, 0, 0]
    detector = CampaignDetector(min_words=3).fit(["ingen merknader her", "ingen merknader her", "ingen merknader"])
    assert detector.labels_.tolist() == [0, 0, -1]
    assert detector.pairs_.nnz == 1


def test_texts_without_words_are_no_campaign():
    # Forty "words" of one character each: no token at all (scikit-learn's vectorizer would fail).
    empty = " ".join("a" * 40)
    assert CampaignDetector().fit([empty, empty]).labels_.tolist() == [-1, -1]


def test_fit_predict_matches_labels_and_rejects_bad_input():
    texts = [CAMPAIGN, CAMPAIGN, "En helt annen tekst om noe annet enn havbruk og skatt. " * 8]
    assert CampaignDetector().fit_predict(texts).tolist() == [0, 0, -1]
    with pytest.raises(ValueError, match="threshold"):
        CampaignDetector(threshold=0).fit(texts)
    with pytest.raises(ValueError, match="threshold"):
        CampaignDetector(threshold=1.5).fit(texts)
    with pytest.raises(TypeError):
        CampaignDetector().fit(CAMPAIGN)
    with pytest.raises(TypeError):
        CampaignDetector().fit([CAMPAIGN, None])


def test_no_texts_or_one_text_gives_no_campaign():
    assert find_campaigns([], []) == []
    assert find_campaigns([CAMPAIGN], ["a.pdf"]) == []
    detector = CampaignDetector().fit([])
    assert detector.labels_.tolist() == [] and detector.pairs_.shape == (0, 0)
    with pytest.raises(ValueError, match="file names"):
        find_campaigns([CAMPAIGN], [])


def planted_hearing(seed: int) -> list[str]:
    """Random letters and near-copies of some of them (a word or three changed), shuffled."""
    rng = random.Random(seed)
    letters = random_texts(60, seed, vocabulary=400)  # a small vocabulary: many weak overlaps
    for template in letters[:12]:
        for _ in range(rng.randrange(1, 4)):
            copy = template.split()
            for _ in range(rng.randrange(1, 4)):
                copy[rng.randrange(len(copy))] = f"w{rng.randrange(400)}"
            letters.append(" ".join(copy))
    rng.shuffle(letters)
    assert len(set(letters)) == len(letters)  # no copies: their pairs are recorded once (see pairs_)
    return letters


def dense_reference(texts, threshold, ngram_range=(1, 2), min_words=40):
    """Labels, linked pairs and least similarities from a dense cosine matrix (the old detector)."""
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer
    long_enough = np.array([len(t.split()) >= min_words for t in texts])
    matrix = TfidfVectorizer(ngram_range=ngram_range, sublinear_tf=True).fit_transform(
        [t if keep else "" for t, keep in zip(texts, long_enough)])
    dense = (matrix @ matrix.T).toarray()
    linked = np.triu((dense >= threshold) & np.outer(long_enough, long_enough), k=1)
    _, components = connected_components(linked, directed=False)
    labels, least = np.full(len(texts), -1), []
    for component in dict.fromkeys(components):
        members = np.flatnonzero(components == component)
        if len(members) >= 2:
            labels[members] = len(least)
            least.append(dense[np.ix_(members, members)].min())
    return labels, {(i, j): dense[i, j] for i, j in zip(*np.nonzero(linked))}, least


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
@pytest.mark.parametrize("common", [2, 6, 128])  # small: prefixes reach "common" features, more rounds
def test_same_campaigns_and_pairs_as_a_dense_similarity_matrix(threshold, common, monkeypatch):
    monkeypatch.setattr(similarity, "_COMMON_FREQUENCY", common)
    texts = planted_hearing(seed=7)
    labels, pairs, least = dense_reference(texts, threshold)
    detector = CampaignDetector(threshold=threshold).fit(texts)
    found = detector.pairs_.tocoo()
    assert detector.labels_.tolist() == labels.tolist()
    assert sorted(zip(found.row.tolist(), found.col.tolist())) == sorted(pairs)
    assert found.data == pytest.approx([pairs[i, j] for i, j in zip(found.row, found.col)])
    assert detector.campaign_similarity_ == pytest.approx(least)
    assert labels.max() >= 5  # the check means something: several campaigns


def test_deterministic_and_independent_of_input_order():
    texts = planted_hearing(seed=3)
    first = CampaignDetector().fit(texts)
    again = CampaignDetector().fit(texts)
    assert first.labels_.tolist() == again.labels_.tolist()
    assert (first.pairs_ != again.pairs_).nnz == 0
    order = np.random.default_rng(0).permutation(len(texts))
    shuffled = CampaignDetector().fit([texts[i] for i in order])
    # Same partition, each campaign numbered by its first member in the new order.
    old_to_new = {}
    for position, original in enumerate(order):
        old, new = first.labels_[original], shuffled.labels_[position]
        assert (old == -1) == (new == -1)
        if old >= 0:
            assert old_to_new.setdefault(old, new) == new
    assert len(set(old_to_new.values())) == len(old_to_new) == first.labels_.max() + 1
    firsts = [np.flatnonzero(shuffled.labels_ == label)[0] for label in range(len(old_to_new))]
    assert firsts == sorted(firsts)
    # The same similarities, to the last bit: each is summed in the same (column) order.
    moved = shuffled.pairs_.tocoo()
    moved_pairs = {tuple(sorted((int(order[i]), int(order[j])))): v for i, j, v in zip(moved.row, moved.col, moved.data)}
    kept = first.pairs_.tocoo()
    assert moved_pairs == {(int(i), int(j)): v for i, j, v in zip(kept.row, kept.col, kept.data)}
    for old, new in old_to_new.items():
        assert shuffled.campaign_similarity_[new] == first.campaign_similarity_[old]


def test_many_distinct_texts_need_no_dense_matrix():
    n = 3_000
    texts = random_texts(n, seed=11)
    texts[10] = texts[20]  # one campaign, so that the similarity path runs too
    tracemalloc.start()
    detector = CampaignDetector().fit(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert detector.labels_.max() == 0 and detector.labels_[[10, 20]].tolist() == [0, 0]
    for name, value in vars(detector).items():
        if name.endswith("_"):
            assert sparse.issparse(value) or np.asarray(value).size < n * n // 100, name
    assert peak < n * n * 8 / 2, f"peak {peak / 2**20:.0f} MiB: as much as half a dense n×n matrix"


def test_many_copies_of_one_letter_add_one_pair_each():
    n = 3_000
    texts = [CAMPAIGN if i % 2 else CAMPAIGN.replace("  ", " ").upper() for i in range(n)]
    detector = CampaignDetector(min_words=10).fit(texts)
    assert (detector.labels_ == 0).all()
    assert detector.pairs_.nnz == n - 1  # each copy linked to text 0, not the n(n−1)/2 pairs
    assert detector.pairs_[[0], :].toarray().ravel().tolist() == [0.0] + [1.0] * (n - 1)
    assert detector.campaign_similarity_.tolist() == [1.0]


# --- form letters: what each member added ------------------------------------------------------

CORE = [
    "Vi viser til høringsbrevet om skattlegging av havbruk.",
    "Vi går imot en ny grunnrenteskatt på havbruk.",
    "Produksjonsavgiften må gå uavkortet til vertskommunene.",
    "Havbruksfondet må videreføres med dagens fordeling mellom kommuner og fylker.",
]


def test_campaign_additions_on_a_hand_built_campaign():
    hitra = ("Hitra kommune\n\n" + " ".join(CORE) + "\n\n"
             "Hitra har tolv oppdrettsanlegg og tre slakterier som gir arbeid til fire hundre innbyggere.\n\n"
             "Med vennlig hilsen\nOla Nordmann\nordfører")
    froya = ("Frøya kommune\n\n"
             + " ".join([CORE[0], "Frøya kommune går imot en ny grunnrenteskatt på havbruk.", CORE[3]])
             + " Vi ber også om at departementet ser på ferjetilbudet til øyene våre.\n\n"
             "Med vennlig hilsen\nKari Hansen\nordfører")
    smola = ("Smøla kommune\n\n" + " ".join(CORE[:2]) + " Dette gjelder bl.a. Smøla, der halvparten av "
             "arbeidsplassene er i havbruk. Mange av dem er i små familiebedrifter. " + " ".join(CORE[2:]) +
             "\n\nMed vennlig hilsen\nOla Nordmann\nordfører")
    texts = [hitra, froya, smola]
    original = list(texts)
    additions = campaign_additions(texts)
    assert texts == original
    assert additions == [
        # "Ola Nordmann" signs Smøla's letter too: Hitra's signature is not its own.
        ["Hitra kommune",
         "Hitra har tolv oppdrettsanlegg og tre slakterier som gir arbeid til fire hundre innbyggere."],
        # The core sentence with "Frøya kommune" for "Vi" is shared (Dice 14/17); the dropped one is no addition.
        ["Frøya kommune", "Vi ber også om at departementet ser på ferjetilbudet til øyene våre.",
         "Med vennlig hilsen\nKari Hansen\nordfører"],
        # Two own sentences in the middle of a shared paragraph make one passage; "bl.a." ends none.
        ["Smøla kommune", ("Dette gjelder bl.a. Smøla, der halvparten av arbeidsplassene er i havbruk. "
                           "Mange av dem er i små familiebedrifter.")],
    ]
    for text, passages in zip(texts, additions):
        assert all(passage in text for passage in passages)  # verbatim


def test_campaign_additions_identical_members_added_nothing():
    letter = "\n\n".join(CORE)
    assert campaign_additions([letter, letter, letter]) == [[], [], []]


def test_campaign_additions_near_match_threshold():
    a = "Vi går imot en ny grunnrenteskatt på havbruk."
    b = "Frøya kommune går imot en ny grunnrenteskatt på havbruk."  # Dice 14/17 = 0.82
    assert campaign_additions([a, b]) == [[], []]
    assert campaign_additions([a, b], min_similarity=0.9) == [[a], [b]]


def test_campaign_additions_rejects_what_is_not_a_campaign():
    with pytest.raises(ValueError, match="two members"):
        campaign_additions([CAMPAIGN])
    with pytest.raises(ValueError, match="min_similarity"):
        campaign_additions([CAMPAIGN, CAMPAIGN], min_similarity=0)
    with pytest.raises(TypeError):
        campaign_additions(CAMPAIGN)
