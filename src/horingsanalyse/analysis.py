"""The result of a run over one hearing, and its views for researchers.

:class:`HearingAnalysis` is what the report, ``analyse.json`` and the DataFrames are made
of. It lives here, above the stage data of :mod:`.types` and below :mod:`.report`, so that
no module has to import one that imports it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .config import Hearing, Topic
from .serialize import to_jsonable
from .types import (
    Argument,
    Camp,
    Campaign,
    Failure,
    FieldAgreement,
    ResponseAnalysis,
    RunSummary,
    TopicPosition,
    TopicStance,
)

_TOPIC_PARTS = ("stance", "quote", "page")
_TOPIC_MODEL_PARTS = ("confidence", "uncertain", "weighed")  # in analyse.json, not in svar.csv
_CONTRACT_FIELDS = ("file", "sha256", "sender", "category", "instans", "date", "no_comment", "stance")
_EVIDENCE_FIELDS = ("topic_id", "stance", "sentence", "page")
_RESPONSE_COLUMNS = (
    "file", "sha256", "sender", "category", "instans", "date", "no_comment", "stance",
    "campaign_id", "endorses", "repairs", "language", "pages", "warnings",
    "sender_confidence", "sender_evidence", "sender_evidence_page", "sender_note", "private_person", "corrected",
)
_POSITION_COLUMNS = ("file", "sender", "category", "topic_id", "topic", "stance", "quote", "page", "corrected")
WARNING_SEPARATOR = " | "  # joins a response's warnings in one svar.csv cell


@dataclass(frozen=True)
class HearingAnalysis:
    """The result of a run over one hearing."""

    hearing: Hearing
    responses: tuple[ResponseAnalysis, ...]
    campaigns: tuple[Campaign, ...]
    failures: tuple[Failure, ...]
    run: RunSummary
    arguments: tuple[Argument, ...] = ()  # per topic and side, from the evidence sentences
    camps: tuple[Camp, ...] = ()  # respondents who stand together across the topics
    agreement: tuple[FieldAgreement, ...] = ()  # per corrected field, how often the machine agreed
    # per corrected stance field, how often the model adapted with the other corrected letters agreed
    adapted_agreement: tuple[FieldAgreement, ...] = ()
    correction_problems: tuple[str, ...] = ()  # rows of korreksjoner.csv not applied, and why

    def responses_frame(self) -> pd.DataFrame:
        """One row per response, topics flattened (the same columns as ``svar.csv``)."""
        return responses_frame(self)

    def positions_frame(self) -> pd.DataFrame:
        """One row per response and topic: stance, quote, page and whether an analyst corrected it."""
        return positions_frame(self)

    def arguments_frame(self) -> pd.DataFrame:
        """One row per argument: topic, side, label, voices, letters, categories, a quote."""
        return arguments_frame(self)

    def camps_frame(self) -> pd.DataFrame:
        """One row per respondent (no-remarks letters left out): its camp, or none."""
        return camps_frame(self)

    def counts_frame(self) -> pd.DataFrame:
        """One row per topic and category: how many are for, against, mixed, not addressed."""
        return counts_frame(self)

    def write_parquet(self, folder: Path | str) -> dict[str, Path]:
        """Write every frame as Parquet (``svar``, ``standpunkt``, ``argumenter``, ``grupper``,
        ``tall`` ``.parquet``) into ``folder``; needs pyarrow. Returns the paths by frame name."""
        return write_parquet(self, folder)


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
            {"id": c.campaign_id, "files": sorted(c.files), "similarity": c.similarity,
             "additions": {file: list(passages) for file, passages in sorted(c.additions)}}
            for c in sorted_campaigns(analysis)
        ],
        "failures": [{"file": f.file, "reason": f.reason} for f in sorted(analysis.failures, key=by_file)],
        "run": to_jsonable(analysis.run),
        "repairs": repair_rows(responses),
        "arguments": arguments_to_dict(analysis),
        "camps": [_camp_to_dict(camp) for camp in analysis.camps],
        "no_camp": no_camp_files(analysis),
        "corrections": {
            "agreement": {a.field: {"agreed": a.agreed, "total": a.total} for a in analysis.agreement},
            "adapted_agreement": {a.field: {"agreed": a.agreed, "total": a.total} for a in analysis.adapted_agreement},
            "problems": list(analysis.correction_problems),
        },
    }


def arguments_to_dict(analysis: HearingAnalysis) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Topic id → side (``for``/``against``) → its arguments, each with every member sentence."""
    result: dict[str, dict[str, list[dict[str, Any]]]] = {topic.id: {} for topic in topics_of(analysis)}
    for argument in analysis.arguments:
        result.setdefault(argument.topic_id, {}).setdefault(argument.side.value, []).append({
            "id": argument.argument_id, "label": argument.label, "terms": list(argument.terms),
            "other": argument.other, "n_respondents": argument.n_respondents,
            "n_responses": argument.n_responses, "categories": dict(argument.categories),
            "campaigns": dict(argument.campaigns),
            "quotes": [_sentence_to_dict(s) for s in argument.quotes],
            "sentences": [_sentence_to_dict(s) for s in argument.sentences],
        })
    return result


def _sentence_to_dict(sentence) -> dict[str, Any]:
    return {"file": sentence.file, "sender": sentence.sender, "category": sentence.category,
            "page": sentence.page, "text": sentence.text, "start": sentence.start, "end": sentence.end}


def _camp_to_dict(camp: Camp) -> dict[str, Any]:
    return {"id": camp.camp_id, "label": camp.label, "size": len(camp.files), "files": sorted(camp.files),
            "categories": dict(camp.categories),
            "positions": {p.topic_id: {"stance": p.stance, "count": p.count, "addressed": p.addressed}
                          for p in camp.positions}}


def no_camp_files(analysis: HearingAnalysis) -> list[str]:
    """Respondents with a view (not «ingen merknader») that fit no camp, by file."""
    in_camp = {file for camp in analysis.camps for file in camp.files}
    return sorted(r.file for r in analysis.responses if not r.no_comment and r.file not in in_camp)


def stance_counts(analysis: HearingAnalysis) -> list[dict[str, Any]]:
    """Per topic and category: responses by topic stance, and the category's total.

    The one count that the report's tables, the summary's sentences and :func:`counts_frame`
    all read, so their numbers cannot disagree. Stance columns are the contract's topic
    stances, plus any other value the responses carry.
    """
    topics = topics_of(analysis)  # once: it reads every response
    stances = [s.value for s in TopicStance]
    stances += sorted({position_of(r, t.id).stance.value for r in analysis.responses for t in topics} - set(stances))
    rows = []
    for topic in topics:
        by_category: dict[str, Counter] = {}
        for response in sorted_responses(analysis):
            category = getattr(response.category, "value", response.category) or "annet"
            by_category.setdefault(category, Counter())[position_of(response, topic.id).stance.value] += 1
        for category, counts in by_category.items():
            rows.append({"topic_id": topic.id, "topic": topic.name, "category": category,
                         **{stance: counts[stance] for stance in stances}, "total": sum(counts.values())})
    return rows


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
        row["corrected"] = WARNING_SEPARATOR.join(response.corrected)
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
         "quote": position.quote, "page": position.page, "corrected": topic.id in response.corrected}
        for response in sorted_responses(analysis)
        for topic in topics
        for position in [position_of(response, topic.id)]
    ]
    return pd.DataFrame(rows, columns=list(_POSITION_COLUMNS)).astype({"page": "Int64"})


def arguments_frame(analysis: HearingAnalysis) -> pd.DataFrame:
    """One row per argument, in the report's order; ``senders`` joins its voices' names."""
    rows = [
        {"topic_id": a.topic_id, "side": a.side.value, "argument_id": a.argument_id, "label": a.label,
         "other": a.other, "n_respondents": a.n_respondents, "n_responses": a.n_responses,
         "n_sentences": len(a.sentences),
         "categories": ", ".join(f"{category} {n}" for category, n in a.categories),
         "senders": WARNING_SEPARATOR.join(dict.fromkeys(s.sender or "" for s in a.sentences)),
         "quote": a.quotes[0].text if a.quotes else None,
         "quote_sender": a.quotes[0].sender if a.quotes else None,
         "quote_page": a.quotes[0].page if a.quotes else None}
        for a in analysis.arguments
    ]
    columns = ["topic_id", "side", "argument_id", "label", "other", "n_respondents", "n_responses", "n_sentences",
               "categories", "senders", "quote", "quote_sender", "quote_page"]
    return pd.DataFrame(rows, columns=columns).astype({"quote_page": "Int64"})


def camps_frame(analysis: HearingAnalysis) -> pd.DataFrame:
    """One row per respondent that took a view: its camp id and label (missing when in none)."""
    camp_of = {file: camp for camp in analysis.camps for file in camp.files}
    rows = [
        {"file": r.file, "sender": r.sender, "category": getattr(r.category, "value", r.category),
         "camp_id": camp_of[r.file].camp_id if r.file in camp_of else None,
         "camp": camp_of[r.file].label if r.file in camp_of else None}
        for r in sorted_responses(analysis) if not r.no_comment
    ]
    return pd.DataFrame(rows, columns=["file", "sender", "category", "camp_id", "camp"])


def counts_frame(analysis: HearingAnalysis) -> pd.DataFrame:
    """:func:`stance_counts` as a DataFrame (the numbers the summary quotes)."""
    rows = stance_counts(analysis)
    stances = [s.value for s in TopicStance]
    columns = ["topic_id", "topic", "category", *stances, "total"]
    extra = [key for row in rows for key in row if key not in columns]
    return pd.DataFrame(rows, columns=[*columns[:-1], *dict.fromkeys(extra), "total"])


PARQUET_FILES = {"svar": responses_frame, "standpunkt": positions_frame, "argumenter": arguments_frame,
                 "grupper": camps_frame, "tall": counts_frame}


def write_parquet(analysis: HearingAnalysis, folder: Path | str) -> dict[str, Path]:
    """Every frame as ``<name>.parquet`` in ``folder`` (created if missing); needs pyarrow."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, make in PARQUET_FILES.items():
        path = target / f"{name}.parquet"
        make(analysis).to_parquet(path, index=False)
        written[name] = path
    return written


def _response_to_dict(response: ResponseAnalysis, topics: list[Topic]) -> dict[str, Any]:
    """One response of the contract, from the dataclass's own fields (see :mod:`.serialize`):
    every topic listed, repairs counted (they are listed in full under ``repairs``)."""
    data = to_jsonable(response)
    return {
        **{key: data[key] for key in _CONTRACT_FIELDS},
        "topics": {
            topic.id: {**{part: data_of[part] for part in _TOPIC_PARTS},
                       **{part: data_of[part] for part in _TOPIC_MODEL_PARTS}}
            for topic in topics
            for data_of in [to_jsonable(position_of(response, topic.id))]
        },
        **{key: data[key] for key in ("stance_confidence", "stance_uncertain", "stance_weighed")},
        **{key: data[key] for key in ("campaign_id", "endorses")},
        "repairs": len(response.repairs),
        **{key: data[key] for key in ("language", "pages", "warnings")},
        "evidence": [{key: item[key] for key in _EVIDENCE_FIELDS} for item in data["evidence"]],
        "sender_confidence": data["sender_confidence"],
        "sender_evidence": ({"line": data["sender_evidence"], "page": data["sender_evidence_page"]}
                            if data["sender_evidence"] else None),
        "sender_note": data["sender_note"],
        "private_person": data["private_person"],
        "corrected": [{"field": c.field, "value": c.value, "machine": c.machine, "changed": c.changed,
                       "comment": c.comment} for c in response.corrections],
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
