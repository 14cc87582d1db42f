"""Tests for camps.py: stance profiles grouped by hand-computable distances."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np
import pytest

from horingsanalyse.camps import CampClusterer, cluster_camps, find_camps, profile_distances, stance_profiles
from horingsanalyse.types import ActorCategory, ResponseAnalysis, Stance, TopicPosition, TopicStance

NAN = np.nan


def test_profile_distance_counts_opposites_one_and_half_views_a_half():
    profiles = np.array([[1, NAN], [-1, 1], [1, 0], [NAN, NAN]])
    distances = profile_distances(profiles)
    assert distances[0, 1] == pytest.approx((1 + 0.5) / 2)  # opposite on one, only one addressed the other
    assert distances[0, 2] == pytest.approx((0 + 0.5) / 2)  # same on one, the other addressed by one
    assert distances[1, 2] == pytest.approx((1 + 0.5) / 2)  # opposite, then for against mixed
    assert distances[3, 3] == 0 and np.allclose(np.diag(distances), 0)
    assert np.allclose(distances, distances.T)


def test_camps_of_agreeing_profiles_largest_first_and_the_rest_outside():
    profiles = np.array([
        [-1, -1], [1, 1], [-1, -1], [1, 1], [-1, -1], [1, 1], [-1, -1],  # two camps, four and three
        [NAN, NAN],  # addressed nothing
        [1, -1],  # distance 0.5 from both camps
    ])
    before = profiles.copy()
    labels = CampClusterer(threshold=0.3, min_size=3).fit(profiles).labels_
    assert labels.tolist() == [0, 1, 0, 1, 0, 1, 0, -1, -1]
    assert np.array_equal(profiles, before, equal_nan=True)
    assert np.array_equal(labels, cluster_camps(profiles, threshold=0.3, min_size=3))


def test_a_threshold_of_a_half_joins_a_profile_half_a_topic_apart():
    profiles = np.array([[1, 1], [1, 1], [1, NAN]])  # 0.5 / 2 = 0.25 from the others
    assert cluster_camps(profiles, threshold=0.25, min_size=3).tolist() == [0, 0, 0]
    assert cluster_camps(profiles, threshold=0.2, min_size=2).tolist() == [0, 0, -1]


def _response(file, category, stances, no_comment=False):
    return ResponseAnalysis(
        file=file, sha256=file, sender=file, category=category, date=dt.date(2020, 1, 1), no_comment=no_comment,
        stance=Stance.MIXED, topics={t: TopicPosition(t, TopicStance(s)) for t, s in stances.items()},
        repairs=(), language="nb", pages=1)


def test_find_camps_describes_members_and_positions():
    responses = [_response(f"k{i}.pdf", ActorCategory.KOMMUNE, {"a": "against", "b": "for"}) for i in range(3)]
    responses.append(_response("n.pdf", ActorCategory.NAERINGSLIV, {"a": "against", "b": "not_addressed"}))
    responses.append(_response("x.pdf", ActorCategory.FAGMILJO, {}, no_comment=True))
    before = copy.deepcopy(responses)
    camps = find_camps(responses, ["a", "b"], {"a": "Skatt", "b": "Fond"}, threshold=0.3)
    assert responses == before
    (camp,) = camps
    assert camp.files == ("k0.pdf", "k1.pdf", "k2.pdf", "n.pdf")
    assert camp.categories == (("kommune", 3), ("naeringsliv", 1))
    assert [(p.topic_id, p.stance, p.count, p.addressed) for p in camp.positions] == \
        [("a", "against", 4, 4), ("b", "for", 3, 3)]
    assert camp.label == "3 kommuner og 1 næringslivsaktør: mot Skatt, for Fond"
    assert np.isnan(stance_profiles(responses, ["a", "b"])[3, 1])
