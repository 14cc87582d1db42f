"""Corrections that teach: the stance model adapted to a hearing by its analyst's corrections.

An analyst who corrects the overall stance or a topic's stance of a few letters in
``korreksjoner.csv`` tells the model how this hearing's letters read. Each analysed response
keeps what the stance model's letter models read of it (:class:`~horingsanalyse.types.StanceRows`,
numbers only), so a run can refit the letter models with the corrected letters
(:func:`horingsanalyse.stance.models.adapt`) without reading any letter again, and call every
stored letter again with the adapted model: the uncorrected letters benefit on the same run.

The sentence models are not adapted, so the rows do not depend on the adaptation: the store
keeps them under the same analysis key whatever the corrections are, and the letter-level calls
of the report are always those of the model adapted with every corrected letter the store has
rows for (the shipped model when there is none), whichever model read a letter first. What the
rows cannot tell again is which sentence to quote: a letter whose topic call the adapted model
changes quotes its strongest evidence sentence on the new side, and with none the call is
marked usikker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .positions import POSITIONS_PIPE, quote_text
from .stance.letters import Call, calls
from .stance.models import StanceModel, adapt
from .types import Correction, Evidence, FieldAgreement, Quote, ResponseAnalysis, Stance, TopicPosition, TopicStance

STANCE_FIELD = "stance"
_WEIGHED_SHOWN = 3  # as many sentences as the model shows under «Til kontroll»
_QUOTED = frozenset({TopicStance.FOR, TopicStance.AGAINST, TopicStance.MIXED})


@dataclass(frozen=True)
class CorrectedRow:
    """One corrected stance: the letter model's row of that letter and field, and the analyst's value."""

    file: str
    field: str  # ``stance`` or a topic id
    row: tuple[float, ...]
    label: str


@dataclass(frozen=True)
class Adaptation:
    """The corrected letters' rows with the analyst's labels: what the letter models learn from.

    Plain numbers, so every worker process (and Dask worker) that gets it refits the same
    model from the shipped one."""

    rows: tuple[CorrectedRow, ...] = ()

    @property
    def letters(self) -> int:
        """The corrected letters the rows come from."""
        return len({row.file for row in self.rows})

    @property
    def topic_rows(self) -> list[tuple[tuple[float, ...], str]]:
        return [(row.row, row.label) for row in self.rows if row.field != STANCE_FIELD]

    @property
    def overall_rows(self) -> list[tuple[tuple[float, ...], str]]:
        return [(row.row, row.label) for row in self.rows if row.field == STANCE_FIELD]

    def model(self, shipped: StanceModel) -> StanceModel:
        """The shipped model adapted with these rows (the shipped model itself when there are none)."""
        if not self.rows:
            return shipped
        return adapt(shipped, self.topic_rows, self.overall_rows)

    def held_out_agreement(self, shipped: StanceModel) -> tuple[FieldAgreement, ...]:
        """Per corrected field, how often the model adapted with the *other* corrected letters
        calls a corrected letter as the analyst did, each letter left out in turn: the live
        measure of what the corrections teach on this hearing (none with fewer than two letters,
        where it is the shipped model's agreement)."""
        if self.letters < 2:
            return ()
        counts: dict[str, list[int]] = {}
        for file in dict.fromkeys(row.file for row in self.rows):
            without = Adaptation(tuple(row for row in self.rows if row.file != file)).model(shipped)
            for row in self.rows:
                if row.file != file:
                    continue
                classifier = without.overall if row.field == STANCE_FIELD else without.topic
                agreed = str(classifier.predict(np.array([row.row], dtype=float))[0]) == row.label
                count = counts.setdefault(row.field, [0, 0])
                count[0], count[1] = count[0] + agreed, count[1] + 1
        order = sorted(counts, key=lambda field: field != STANCE_FIELD)  # the stance first, topics as met
        return tuple(FieldAgreement(field, *counts[field]) for field in order)


def adaptation_from(responses: Iterable[ResponseAnalysis], corrections: Sequence[Correction]) -> Adaptation:
    """The rows of the corrected stances (``stance`` and topic ids) of the responses that have
    stored rows, in the order of ``korreksjoner.csv``; other corrections teach the stance model
    nothing."""
    rows_of = {response.file: response.stance_rows for response in responses if response.stance_rows is not None}
    taught = []
    for correction in corrections:
        rows = rows_of.get(correction.file)
        if rows is None:
            continue
        if correction.field == STANCE_FIELD and rows.overall:
            taught.append(CorrectedRow(correction.file, correction.field, rows.overall, correction.value))
        elif correction.field in rows.topics:
            taught.append(CorrectedRow(correction.file, correction.field, rows.topics[correction.field],
                                       correction.value))
    return Adaptation(tuple(taught))


def teach(nlp, hearing, adaptation: Adaptation, shipped: StanceModel) -> None:
    """Hand the adapted model to the pipeline's positions component (nothing when there is no
    adaptation), so the letters it reads next are called by it."""
    if adaptation.rows:
        nlp.get_pipe(POSITIONS_PIPE).initialize(topics=hearing.topics, model=adaptation.model(shipped))


def called_again(responses: Sequence[ResponseAnalysis], model: StanceModel) -> list[ResponseAnalysis]:
    """The responses with their overall and topic stances called again by ``model`` from their
    stored rows: label, confidence and usikker. Letters with no remarks keep their calls, and
    so do responses from a store that kept no rows."""
    topic_keys = [(i, topic_id) for i, response in enumerate(responses) if _has_rows(response)
                  for topic_id in response.topics if topic_id in response.stance_rows.topics]
    overall_keys = [i for i, response in enumerate(responses) if _has_rows(response) and response.stance_rows.overall]
    topic_calls = dict(zip(topic_keys, calls(model.topic, [responses[i].stance_rows.topics[t] for i, t in topic_keys])))
    overall_calls = dict(zip(overall_keys, calls(model.overall, [responses[i].stance_rows.overall
                                                                 for i in overall_keys])))
    again = []
    for i, response in enumerate(responses):
        topics = {topic_id: _topic_again(position, topic_calls[(i, topic_id)], response.evidence)
                  if (i, topic_id) in topic_calls else position
                  for topic_id, position in response.topics.items()}
        if i in overall_calls:
            call = overall_calls[i]
            response = replace(response, stance=Stance(call.label), stance_confidence=call.confidence,
                               stance_uncertain=call.uncertain)
        again.append(replace(response, topics=topics))
    return again


def _has_rows(response: ResponseAnalysis) -> bool:
    return response.stance_rows is not None and not response.no_comment


def _topic_again(position: TopicPosition, call: Call, evidence: Sequence[Evidence]) -> TopicPosition:
    stance = TopicStance(call.label)
    if stance is position.stance:
        quote, page, weighed = position.quote, position.page, position.weighed
    else:
        ranked = _evidence_for(stance, [item for item in evidence if item.topic_id == position.topic_id])
        quote, page = (quote_text(ranked[0].sentence), ranked[0].page) if ranked and stance in _QUOTED else (None, None)
        weighed = tuple(Quote(quote_text(item.sentence), item.page) for item in ranked[:_WEIGHED_SHOWN])
    return replace(position, stance=stance, quote=quote, page=page, confidence=call.confidence, weighed=weighed,
                   uncertain=call.uncertain or (quote is None and stance in _QUOTED))


def _evidence_for(stance: TopicStance, evidence: list[Evidence]) -> list[Evidence]:
    """The topic's evidence sentences that lean the call's way, strongest first (any way for
    mixed and not addressed)."""
    if stance in (TopicStance.FOR, TopicStance.AGAINST):
        evidence = [item for item in evidence if item.stance is stance]
    return sorted(evidence, key=lambda item: -abs(item.score))
