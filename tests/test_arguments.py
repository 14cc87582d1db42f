"""Tests for terms.py, keyphrases.py and arguments.py: stems, compounds, key phrases, the
clusterer and its labels, on toy sentences whose grouping and key phrases can be worked out by
hand."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np
import pytest
import scipy.sparse.linalg  # noqa: F401  (sparse.linalg.norm)
from scipy import sparse

from horingsanalyse.arguments import ArgumentClusterer, clauses, cluster_arguments, find_arguments, label_clusters
from horingsanalyse.keyphrases import sentence_phrases
from horingsanalyse.terms import compound_parts, content_words, stem, stems
from horingsanalyse.types import (
    ActorCategory,
    Campaign,
    Evidence,
    ResponseAnalysis,
    Stance,
    TopicPosition,
    TopicStance,
)

# Two arguments that share no content word: money to the municipalities, and red tape.
MONEY = ["Kommunene trenger forutsigbare inntekter.", "Forutsigbare inntekter til kommunene er nødvendig.",
         "Kommunene mister inntekter og forutsigbarhet."]
PAPERWORK = ["Skatten gir mye byråkrati og tvister.", "Byråkrati og tvister blir kostbart.",
             "Kostbart byråkrati og flere tvister følger."]


def test_stems_fold_inflections_and_compounds_count_their_parts():
    assert stem("inntektene") == stem("inntekter") == stem("inntekt") == "inntekt"
    assert compound_parts("vertskommunene") == ("vert", "kommunene")
    assert compound_parts("skatt") == ("skatt",)
    assert content_words("Vi mener at kommunene bør få inntektene") == ["kommunene", "inntektene"]
    assert stems("vertskommunene") == ["vertskommun", "vert", "kommun"]


def test_the_clusterer_separates_arguments_with_no_word_in_common():
    sentences = MONEY + PAPERWORK
    labels = ArgumentClusterer(n_clusters=2).fit(sentences).labels_
    assert len(set(labels[:3])) == 1 and len(set(labels[3:])) == 1 and labels[0] != labels[3]


def test_clusters_are_numbered_by_size_and_lone_voices_dissolved():
    sentences = PAPERWORK[:2] + MONEY
    voices = ["a", "b", "c", "c", "c"]  # the money argument is one letter's alone
    clusterer = ArgumentClusterer(n_clusters=2, min_voices=2).fit(sentences, groups=voices)
    assert clusterer.labels_.tolist() == [0, 0, -1, -1, -1]
    assert clusterer.n_clusters_ == 1
    everyone = ArgumentClusterer(n_clusters=2, min_voices=1).fit(sentences, groups=voices).labels_
    assert everyone.tolist() == [1, 1, 0, 0, 0]  # three sentences before two


def test_the_clusterer_is_deterministic_and_leaves_its_input_alone():
    sentences = MONEY + PAPERWORK
    before = copy.deepcopy(sentences)
    first = cluster_arguments(sentences, n_clusters=2)
    assert np.array_equal(first, cluster_arguments(sentences, n_clusters=2))
    assert sentences == before


def test_kmeans_makes_as_many_clusters_as_the_square_root_rule_says():
    sentences = [f"{word} ord" for word in ("alfa", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota")]
    clusterer = ArgumentClusterer(method="kmeans", sentences_per_cluster=1.0, min_voices=1).fit(sentences)
    assert clusterer.n_clusters_ == 3  # sqrt(9 / 1)
    assert ArgumentClusterer(method="kmeans", max_clusters=2, min_voices=1).fit(sentences).n_clusters_ == 2
    with pytest.raises(ValueError):
        ArgumentClusterer(n_clusters=0).fit(sentences)
    with pytest.raises(ValueError):
        ArgumentClusterer(method="dbscan").fit(sentences)


def test_average_linkage_joins_only_clusters_closer_than_the_threshold():
    # Three words with no character 3-gram in common: copies of one word are 0 apart, different
    # words orthogonal (cosine distance exactly 1), so a threshold under 1 keeps the three apart,
    # one above 1 joins all, and with n_clusters=2 two of them are joined.
    sentences = ["skatt", "skatt", "fjord", "fjord", "humle", "humle"]
    labels = ArgumentClusterer(distance_threshold=0.8, min_voices=1).fit(sentences).labels_
    assert labels.tolist() == [0, 0, 1, 1, 2, 2]
    assert set(ArgumentClusterer(distance_threshold=1.5, min_voices=1).fit(sentences).labels_) == {0}
    assert ArgumentClusterer(n_clusters=2, min_voices=1).fit(sentences).n_clusters_ == 2
    with pytest.raises(ValueError):
        ArgumentClusterer(distance_threshold=0).fit(sentences)


def _partition(labels) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), set()).add(index)
    return {frozenset(members) for members in groups.values()}


def test_a_campaigns_copies_of_a_sentence_are_clustered_once_and_all_take_its_cluster():
    # 300 letters repeat one money sentence: the arguments stay as the five distinct sentences
    # make them (copies clustered one by one would outweigh the rest in the average linkage),
    # and 305 sentences of six texts are not too many for average linkage (k-means would make
    # as many clusters as there are texts).
    own = MONEY[:2] + PAPERWORK
    alone = ArgumentClusterer(min_voices=1).fit(own + MONEY[2:]).labels_
    with_copies = ArgumentClusterer(min_voices=1, agglomerative_limit=10).fit(own + MONEY[2:] * 300).labels_
    assert len(set(with_copies[5:])) == 1 and with_copies[5] == with_copies[0]
    assert _partition(with_copies[:6]) == _partition(alone) and len(_partition(alone)) == 2


def test_sentences_without_content_words_are_left_out():
    labels = ArgumentClusterer(n_clusters=1, min_voices=1).fit(["Vi er enige.", *PAPERWORK]).labels_
    assert labels[0] == -1 and set(labels[1:]) == {0}


def test_a_sentence_of_two_clauses_joins_the_argument_of_its_longest_one():
    # The last sentence's long clause is the money argument, its short one the paperwork: as
    # clauses it goes with the money; «samt» and «;» split, a piece under three content words does not.
    mixed = "Kommunene mister forutsigbare inntekter hvert eneste år; skatten gir byråkrati og tvister"
    assert clauses(mixed) == ["Kommunene mister forutsigbare inntekter hvert eneste år",
                              " skatten gir byråkrati og tvister"]
    assert clauses("Skatten gir byråkrati samt tvister.") == ["Skatten gir byråkrati samt tvister."]
    labels = ArgumentClusterer(n_clusters=2, min_voices=1, units="clauses").fit([*MONEY, *PAPERWORK, mixed]).labels_
    assert labels[-1] == labels[0] and labels[0] != labels[3]
    assert len(set(labels[:3])) == 1 and len(set(labels[3:6])) == 1
    # As a whole sentence its three paperwork words outweigh the money words.
    whole = ArgumentClusterer(n_clusters=2, min_voices=1, units="sentences").fit([*MONEY, *PAPERWORK, mixed]).labels_
    assert whole[-1] == whole[3]


def test_without_lsa_the_sentence_vectors_stay_sparse_and_unit_length():
    clusterer = ArgumentClusterer(n_clusters=2, n_components=0).fit([*MONEY, *PAPERWORK])
    assert sparse.issparse(clusterer.embedding_)
    assert np.allclose(sparse.linalg.norm(clusterer.embedding_, axis=1), 1)
    # Character n-grams and stems side by side, each half of unit length: «byråkrati» in two
    # sentences shares n-grams and a stem, so both halves add to their similarity.
    one = ArgumentClusterer(n_clusters=2, features="char").fit(PAPERWORK[:2]).embedding_
    both = ArgumentClusterer(n_clusters=2, features="char+stems").fit(PAPERWORK[:2]).embedding_
    assert both.shape[1] > one.shape[1]
    stems_only = ArgumentClusterer(n_clusters=2, features="stems").fit(PAPERWORK[:2]).embedding_
    expected = ((one[0] @ one[1].T).toarray()[0, 0] + (stems_only[0] @ stems_only[1].T).toarray()[0, 0]) / 2
    assert np.isclose((both[0] @ both[1].T).toarray()[0, 0], expected)
    assert ArgumentClusterer(n_clusters=2, n_components=5).fit([*MONEY, *PAPERWORK]).embedding_.shape == (6, 5)


def test_labels_are_the_terms_one_cluster_has_and_the_others_lack():
    # «kommunene» is in every sentence, so it cannot tell the clusters apart; each cluster's
    # own words (in two of its sentences) can: c-TF-IDF weighs them log(1 + A/f) higher.
    sentences = ["Kommunene trenger inntekter.", "Kommunene mister inntekter.",
                 "Kommunene får byråkrati.", "Kommunene hater byråkrati."]
    terms = label_clusters(sentences, [0, 0, 1, 1], n_terms=1)
    assert terms == {0: ("inntekter",), 1: ("byråkrati",)}
    assert label_clusters(sentences, [0, 0, 1, 1], n_terms=1, exclude=["inntekt"])[0] != ("inntekter",)
    assert label_clusters(sentences, [-1, -1, -1, -1]) == {}


def test_key_phrases_are_noun_phrases_without_verbs_names_or_the_process():
    skatt, utvalg = sentence_phrases(["Skatten svekker konkurranseevnen og gir færre arbeidsplasser i distriktene.",
                                      "Utvalget foreslår at Stortinget vedtar skatten."])
    shown = [phrase.text for phrase in skatt]
    assert {"konkurranseevnen", "færre arbeidsplasser", "arbeidsplasser i distriktene"} <= set(shown)
    assert not {"svekker", "gir"} & set(shown)
    assert [phrase.text for phrase in utvalg] == ["skatten"]  # no «utvalget», no «Stortinget», no verb


def test_a_label_names_a_noun_with_the_adjective_most_of_its_uses_have():
    # Both clusters say «kommunene»; only cluster 0 says «inntekter», both times «forutsigbare».
    sentences = ["Kommunene trenger forutsigbare inntekter.", "Forutsigbare inntekter er nødvendig for kommunene.",
                 "Kommunene får byråkrati.", "Kommunene hater byråkrati."]
    assert label_clusters(sentences, [0, 0, 1, 1], n_terms=1) == {0: ("forutsigbare inntekter",), 1: ("byråkrati",)}
    # Two phrases: the second may not repeat a word of the first, and «kommunene» is all that is left.
    assert label_clusters(sentences, [0, 0, 1, 1], n_terms=2)[0] == ("forutsigbare inntekter", "kommunene")


def test_a_phrase_only_one_voice_uses_is_no_label_where_two_voices_spoke():
    # «byråkrati» is in three sentences, all from letter a; «tvister» in two, from a and b.
    sentences = ["Skatten gir byråkrati og tvister.", "Det gir mer byråkrati.", "Vi frykter byråkrati.",
                 "Det gir tvister."]
    labels = label_clusters(sentences, [0, 0, 0, 0], n_terms=1, groups=["a", "a", "a", "b"])
    assert labels == {0: ("tvister",)}
    assert label_clusters(sentences, [0, 0, 0, 0], n_terms=1)[0] == ("byråkrati",)  # one voice per sentence


def test_find_arguments_weighs_a_side_s_phrases_against_the_other_side_of_the_topic():
    # Both sides say «byråkrati» (4 sentences of 4); only the objections say «tapte
    # arbeidsplasser», only the support says «inntekter» (2 of 4 each): log(1 + 2/2) > log(1 + 2/4).
    against = ["Skatten gir byråkrati og tapte arbeidsplasser.", "Byråkrati og tapte arbeidsplasser følger."]
    support = ["Skatten gir byråkrati, men fondet gir inntekter.", "Byråkrati, ja, men inntekter."]
    responses = [_response(f"{side}{i}.pdf", ActorCategory.KOMMUNE, [text], side=side)
                 for side, texts in (("mot", against), ("for", support)) for i, text in enumerate(texts)]
    mot, rest = [a for a in find_arguments(responses, ["skatt"], n_clusters=1, min_voices=1)]
    assert mot.side is TopicStance.AGAINST and mot.terms[0] == "tapte arbeidsplasser"
    assert rest.side is TopicStance.FOR and rest.terms[0] == "inntekter"


def _response(file, category, evidence, campaign_id=None, side="mot"):
    stance = TopicStance.AGAINST if side == "mot" else TopicStance.FOR
    return ResponseAnalysis(
        file=file, sha256=f"sha-{file}", sender=None if file == "ukjent.txt" else file.split(".")[0].title(),
        category=category, date=dt.date(2020, 1, 1), no_comment=False, stance=Stance.OPPOSES,
        topics={"skatt": TopicPosition("skatt", stance)}, repairs=(), language="nb", pages=1,
        campaign_id=campaign_id,
        evidence=tuple(Evidence("skatt", stance, text, 1, 0, len(text), -1.0) for text in evidence))


def test_find_arguments_counts_a_campaign_as_one_voice():
    responses = [
        _response("a.pdf", ActorCategory.KOMMUNE, [MONEY[0]]),
        _response("b.pdf", ActorCategory.KOMMUNE, [MONEY[1]]),
        _response("k1.pdf", ActorCategory.NAERINGSLIV, [MONEY[2]], "kampanje-1"),
        _response("k2.pdf", ActorCategory.NAERINGSLIV, [MONEY[2]], "kampanje-1"),
        _response("c.pdf", ActorCategory.FAGMILJO, [PAPERWORK[0]]),
        _response("ukjent.txt", ActorCategory.ANNET, [PAPERWORK[1]]),
    ]
    before = copy.deepcopy(responses)
    arguments = find_arguments(responses, ["skatt"], [Campaign("kampanje-1", ("k1.pdf", "k2.pdf"), 1.0)],
                               n_clusters=2)
    assert responses == before
    money, paperwork = arguments
    assert money.argument_id == "skatt-mot-01" and money.side is TopicStance.AGAINST
    assert (money.n_respondents, money.n_responses, len(money.sentences)) == (3, 4, 4)
    assert money.campaigns == (("kampanje-1", 2),)
    assert dict(money.categories) == {"kommune": 2, "naeringsliv": 1}
    assert len(money.quotes) == 3 and len({q.file for q in money.quotes}) == 3
    assert paperwork.n_respondents == 2 and {s.sender for s in paperwork.sentences} == {"C", None}
    assert find_arguments(responses, ["annet"]) == ()
