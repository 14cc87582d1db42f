"""The result of a run over one hearing, and its views for researchers.

:class:`HearingAnalysis` is what the report, ``analyse.json`` and the DataFrames are made
of. It lives here, above the stage data of :mod:`.types` and below :mod:`.report`, so that
no module has to import one that imports it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .config import Hearing, Topic
from .serialize import to_jsonable
from .types import (
    Campaign,
    Failure,
    ResponseAnalysis,
    RunSummary,
    TopicPosition,
    TopicStance,
)

_TOPIC_PARTS = ("stance", "quote", "page")
_CONTRACT_FIELDS = ("file", "sha256", "sender", "category", "instans", "date", "no_comment", "stance")
_EVIDENCE_FIELDS = ("topic_id", "stance", "sentence", "page")
_RESPONSE_COLUMNS = (
    "file", "sha256", "sender", "category", "instans", "date", "no_comment", "stance",
    "campaign_id", "endorses", "repairs", "language", "pages", "warnings",
    "sender_confidence", "sender_evidence", "sender_evidence_page", "sender_note", "private_person",
)
_POSITION_COLUMNS = ("file", "sender", "category", "topic_id", "topic", "stance", "quote", "page")
WARNING_SEPARATOR = " | "  # joins a response's warnings in one svar.csv cell


@dataclass(frozen=True)
class HearingAnalysis:
    """The result of a run over one hearing."""

    hearing: Hearing
    responses: tuple[ResponseAnalysis, ...]
    campaigns: tuple[Campaign, ...]
    failures: tuple[Failure, ...]
    run: RunSummary

    def responses_frame(self) -> pd.DataFrame:
        """One row per response, topics flattened (the same columns as ``svar.csv``)."""
        return responses_frame(self)

    def positions_frame(self) -> pd.DataFrame:
        """One row per response and topic: stance, quote and page (long format for analysis)."""
        return positions_frame(self)


def analysis_to_dict(analysis: HearingAnalysis) -> dict[str, Any]:
    """The ``analyse.json`` contract: JSON-ready values, lists sorted by file so runs diff cleanly.

    Every response lists every topic; a topic the pipeline found nothing on is ``not_addressed``.
    """
    topics = topics_of(analysis)
    responses = sorted_responses(analysis)
    return {
        "hearing": analysis.hearing.facts(),
        "responses": [_response_to_dict(response, topics) for response in responses],
        "campaigns": [
            {"id": c.campaign_id, "files": sorted(c.files), "similarity": c.similarity}
            for c in sorted_campaigns(analysis)
        ],
        "failures": [{"file": f.file, "reason": f.reason} for f in sorted(analysis.failures, key=by_file)],
        "run": to_jsonable(analysis.run),
        "repairs": repair_rows(responses),
    }


def responses_frame(analysis: HearingAnalysis) -> pd.DataFrame:
    """One row per response with topics flattened to ``<id>_stance``, ``<id>_quote``, ``<id>_page``.

    Category and stances hold the contract's vocabulary values as plain strings; ``date`` is
    datetime64 (NaT when the letter had none); counts and pages are nullable integers.
    """
    topics = topics_of(analysis)
    topic_columns = [f"{topic.id}_{part}" for topic in topics for part in _TOPIC_PARTS]
    rows = []
    for response in sorted_responses(analysis):
        row = _response_to_dict(response, topics)
        row["warnings"] = WARNING_SEPARATOR.join(row["warnings"])
        row.pop("evidence")
        evidence = row.pop("sender_evidence") or {}
        row["sender_evidence"], row["sender_evidence_page"] = evidence.get("line"), evidence.get("page")
        for topic_id, position in row.pop("topics").items():
            for part in _TOPIC_PARTS:
                row[f"{topic_id}_{part}"] = position[part]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*_RESPONSE_COLUMNS, *topic_columns])
    frame["date"] = pd.to_datetime(frame["date"])
    integer_columns = ["repairs", "pages", "sender_evidence_page", *(f"{topic.id}_page" for topic in topics)]
    return frame.astype({"no_comment": bool, **{column: "Int64" for column in integer_columns}})


def positions_frame(analysis: HearingAnalysis) -> pd.DataFrame:
    """One row per response and topic (long format), for grouping and counting in notebooks."""
    topics = topics_of(analysis)
    rows = [
        {"file": response.file, "sender": response.sender, "category": response.category.value,
         "topic_id": topic.id, "topic": topic.name, "stance": position.stance.value,
         "quote": position.quote, "page": position.page}
        for response in sorted_responses(analysis)
        for topic in topics
        for position in [position_of(response, topic.id)]
    ]
    return pd.DataFrame(rows, columns=list(_POSITION_COLUMNS)).astype({"page": "Int64"})


def _response_to_dict(response: ResponseAnalysis, topics: list[Topic]) -> dict[str, Any]:
    """One response of the contract, from the dataclass's own fields (see :mod:`.serialize`):
    every topic listed, repairs counted (they are listed in full under ``repairs``)."""
    data = to_jsonable(response)
    return {
        **{key: data[key] for key in _CONTRACT_FIELDS},
        "topics": {
            topic.id: {part: data_of[part] for part in _TOPIC_PARTS}
            for topic in topics
            for data_of in [to_jsonable(position_of(response, topic.id))]
        },
        **{key: data[key] for key in ("campaign_id", "endorses")},
        "repairs": len(response.repairs),
        **{key: data[key] for key in ("language", "pages", "warnings")},
        "evidence": [{key: item[key] for key in _EVIDENCE_FIELDS} for item in data["evidence"]],
        "sender_confidence": data["sender_confidence"],
        "sender_evidence": ({"line": data["sender_evidence"], "page": data["sender_evidence_page"]}
                            if data["sender_evidence"] else None),
        "sender_note": data["sender_note"],
        "private_person": data["private_person"],
    }


def repair_rows(responses: Iterable[ResponseAnalysis]) -> list[dict[str, Any]]:
    """Every repair with the file it was made in, by file and page, for checking by hand."""
    return [
        {"file": response.file, "page": repair.page, "before": repair.before, "after": repair.after,
         "confidence": repair.confidence, "kind": repair.kind}
        for response in sorted(responses, key=by_file)
        for repair in sorted(response.repairs, key=lambda r: r.page)
    ]


def topics_of(analysis: HearingAnalysis) -> list[Topic]:
    """The hearing's topics in its order, then any topic ids only the responses mention.

    Responses analysed against an older ``horing.toml`` can carry such ids; they are kept
    (named by their id) rather than silently dropped.
    """
    topics = list(analysis.hearing.topics)
    known = {topic.id for topic in topics}
    extra = sorted({tid for r in analysis.responses for tid in r.topics} - known)
    return topics + [Topic(id=tid, name=tid) for tid in extra]


def position_of(response: ResponseAnalysis, topic_id: str) -> TopicPosition:
    return response.topics.get(topic_id) or TopicPosition(topic_id, TopicStance.NOT_ADDRESSED)


def by_file(item: Any) -> str:
    return item.file


def sorted_responses(analysis: HearingAnalysis) -> list[ResponseAnalysis]:
    return sorted(analysis.responses, key=by_file)


def sorted_campaigns(analysis: HearingAnalysis) -> list:
    return sorted(analysis.campaigns, key=lambda c: (min(c.files, default=""), c.campaign_id))
