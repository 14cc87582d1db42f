"""Camps: respondents grouped by their stance profile across the hearing's topics.

A summary says which groups of høringsinstanser stand together («kommunene med havbruk: mot
grunnrenteskatten, for at vertskommunene får en andel»). Each respondent's profile is its
stance per topic; two profiles are as far apart as the share of the topics either addressed
on which they differ (opposite stances count 1; a mixed stance against a clear one, or a topic
only one of them addressed, ½). Profiles are joined by complete linkage while every pair in a
camp stays within ``threshold``; camps smaller than ``min_size`` respondents are dissolved,
and their members, with those who addressed no topic, fit no camp.

Identical profiles are clustered once (complete linkage needs no weights), so the cost grows
with the number of distinct profiles, not of respondents. :class:`CampClusterer` follows
scikit-learn's conventions; :func:`cluster_camps` is its function twin and
:func:`find_camps` builds the :class:`~horingsanalyse.types.Camp` records of a hearing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import AgglomerativeClustering

from .types import Camp, CampPosition, ResponseAnalysis, TopicStance
from .wording import STANCE_SHORT, counted, join_words

DEFAULT_THRESHOLD = 0.3  # at most about one topic in three apart
DEFAULT_MIN_SIZE = 3
_CODES = {TopicStance.FOR.value: 1.0, TopicStance.AGAINST.value: -1.0, TopicStance.MIXED.value: 0.0}
_SHOWN_SHARE = 2 / 3  # a camp's label names a topic where this share of its members agree on it


class CampClusterer(ClusterMixin, BaseEstimator):
    """Complete-linkage clustering of stance profiles.

    ``X`` is an array of respondents × topics: ``1`` for, ``-1`` against, ``0`` mixed, ``NaN``
    not addressed.

    Attributes:
        labels_: camp per respondent (``0`` the largest), ``-1`` for those in no camp.
        n_camps_: the number of camps.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, min_size: int = DEFAULT_MIN_SIZE):
        self.threshold = threshold
        self.min_size = min_size

    def fit(self, X, y=None) -> CampClusterer:
        profiles = np.asarray(X, dtype=float)
        if profiles.ndim != 2:
            raise ValueError(f"X must be respondents × topics, got shape {profiles.shape}")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {self.threshold}")
        n = len(profiles)
        self.labels_ = np.full(n, -1, dtype=int)
        addressed = ~np.isnan(profiles).all(axis=1) if n else np.zeros(0, dtype=bool)
        keys = [tuple(np.nan_to_num(row, nan=9.0)) for row in profiles]
        distinct = sorted({keys[i] for i in range(n) if addressed[i]})
        if not distinct:
            self.n_camps_ = 0
            return self
        groups = self._cluster_distinct(np.array([[np.nan if v == 9.0 else v for v in key] for key in distinct]))
        group_of = dict(zip(distinct, groups))
        members: dict[int, list[int]] = {}
        for i in range(n):
            if addressed[i]:
                members.setdefault(group_of[keys[i]], []).append(i)
        camps = sorted((m for m in members.values() if len(m) >= self.min_size), key=lambda m: (-len(m), m[0]))
        for number, indices in enumerate(camps):
            self.labels_[indices] = number
        self.n_camps_ = len(camps)
        return self

    def _cluster_distinct(self, profiles: np.ndarray) -> np.ndarray:
        if len(profiles) == 1:
            return np.zeros(1, dtype=int)
        distances = profile_distances(profiles)
        # sklearn merges while the linkage distance is below the threshold; ours is inclusive
        clustering = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                             distance_threshold=self.threshold + 1e-9)
        return clustering.fit_predict(distances)


def profile_distances(profiles: np.ndarray) -> np.ndarray:
    """Pairwise distances of stance profiles (see the module docstring); 0 on the diagonal."""
    seen = ~np.isnan(profiles)
    values = np.nan_to_num(profiles)
    both = seen[:, None, :] & seen[None, :, :]
    either = seen[:, None, :] | seen[None, :, :]
    differ = np.where(both, np.abs(values[:, None, :] - values[None, :, :]) / 2, 0.0)
    one_only = (either & ~both) * 0.5
    counted = either.sum(axis=2)
    total = (differ + one_only).sum(axis=2)
    return np.divide(total, counted, out=np.zeros_like(total), where=counted > 0)


def cluster_camps(profiles, threshold: float = DEFAULT_THRESHOLD, min_size: int = DEFAULT_MIN_SIZE) -> np.ndarray:
    """The camp of each respondent (``-1``: none); the function twin of :class:`CampClusterer`."""
    return CampClusterer(threshold=threshold, min_size=min_size).fit(profiles).labels_


def stance_profiles(responses: Sequence[ResponseAnalysis], topic_ids: Sequence[str]) -> np.ndarray:
    """Respondents × topics: 1 for, -1 against, 0 mixed, NaN not addressed (or a stance such as
    «usikker» that takes no side)."""
    matrix = np.full((len(responses), len(topic_ids)), np.nan)
    for i, response in enumerate(responses):
        for j, topic_id in enumerate(topic_ids):
            position = response.topics.get(topic_id)
            if position is not None:
                matrix[i, j] = _CODES.get(getattr(position.stance, "value", position.stance), np.nan)
    return matrix


def find_camps(responses: Sequence[ResponseAnalysis], topic_ids: Sequence[str],
               topic_names: Mapping[str, str] | None = None, **params) -> tuple[Camp, ...]:
    """The camps among the responses (no-remarks letters left out), largest first.

    Args:
        responses: the analysed responses (not changed).
        topic_ids: the hearing's topics, in order.
        topic_names: names for the labels (the id where missing).
        params: passed to :class:`CampClusterer`.
    """
    ordered = sorted((r for r in responses if not r.no_comment), key=lambda r: r.file)
    labels = CampClusterer(**params).fit(stance_profiles(ordered, topic_ids)).labels_
    names = dict(topic_names or {})
    camps = []
    for number in range(labels.max(initial=-1) + 1):
        members = [ordered[i] for i in np.flatnonzero(labels == number)]
        categories = tuple(sorted(Counter(_value(r.category) for r in members).items(),
                                  key=lambda item: (-item[1], item[0])))
        positions = tuple(_position(members, topic_id) for topic_id in topic_ids)
        positions = tuple(p for p in positions if p is not None)
        camps.append(Camp(camp_id=f"gruppe-{number + 1}",
                          label=camp_label(categories, positions, names, len(members)),
                          files=tuple(r.file for r in members), categories=categories, positions=positions))
    return tuple(camps)


def _position(members: list[ResponseAnalysis], topic_id: str) -> CampPosition | None:
    stances = [_value(r.topics[topic_id].stance) for r in members
               if topic_id in r.topics and _value(r.topics[topic_id].stance) in _CODES]
    if not stances:
        return None
    stance, count = min(Counter(stances).items(), key=lambda item: (-item[1], item[0]))
    return CampPosition(topic_id=topic_id, stance=stance, count=count, addressed=len(stances))


def camp_positions_shown(positions: Sequence[CampPosition], size: int) -> list[CampPosition]:
    """The positions that describe a camp: most of its members addressed the topic and agree."""
    return [p for p in positions if 2 * p.addressed >= size and p.count >= _SHOWN_SHARE * p.addressed]


def camp_label(categories: Sequence[tuple[str, int]], positions: Sequence[CampPosition],
               topic_names: Mapping[str, str], size: int) -> str:
    """«12 kommuner og 3 næringslivsaktører: mot Grunnrenteskatt, for Produksjonsavgift».

    The categories named are the two largest (a third and more are «m.fl.»); the positions are
    those most members share (see :func:`camp_positions_shown`)."""
    named = [counted(n, category) for category, n in categories[:2]]
    who = join_words(named) + (" m.fl." if len(categories) > 2 else "")
    shown = camp_positions_shown(positions, size)
    what = ", ".join(f"{STANCE_SHORT[p.stance]} {topic_names.get(p.topic_id, p.topic_id)}" for p in shown)
    return f"{who}: {what or 'ulike standpunkt'}"


def _value(item) -> str:
    return getattr(item, "value", item)
