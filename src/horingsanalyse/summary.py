"""The summary in words: per topic, a paragraph in plain bokmål, as a ministry's «oppsummering
av høringsinnspillene» reads.

Every number comes from :func:`~horingsanalyse.analysis.stance_counts` (the report's tables read
the same counts) and from the arguments' voice counts, so text and tables cannot disagree. The
phrases are generic: a topic's name and the respondents' categories, stances and arguments are
all that is put into them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .analysis import HearingAnalysis, position_of, sorted_responses, stance_counts, topics_of
from .types import Argument, TopicStance
from .wording import category_nouns, counted, join_words, noun, sender_name, stance_verb

CATEGORY_SENTENCES = 4  # the categories with most respondents on the topic; the table has all
MAIN_ARGUMENTS = 3  # per side in the paragraph; the section «Hovedargumenter» lists them all
NAMED_SENDERS = 3
RESERVATION_QUOTES = 2
_STANCE_ORDER = (TopicStance.AGAINST.value, TopicStance.FOR.value, TopicStance.MIXED.value)
_SIDE_WORDS = {TopicStance.AGAINST: "mot", TopicStance.FOR: "for"}


def topic_summaries(analysis: HearingAnalysis) -> list[dict[str, Any]]:
    """Per topic, in the hearing's order: ``topic_id``, ``name`` and its ``paragraph`` (a list
    of sentences, joined by a space when shown)."""
    counts = stance_counts(analysis)
    arguments = defaultdict(list)
    for argument in analysis.arguments:
        arguments[argument.topic_id].append(argument)
    return [
        {"topic_id": topic.id, "name": topic.name,
         "sentences": _topic_sentences(analysis, topic.id, topic.name,
                                       [row for row in counts if row["topic_id"] == topic.id],
                                       arguments[topic.id])}
        for topic in topics_of(analysis)
    ]


def _topic_sentences(analysis: HearingAnalysis, topic_id: str, name: str, rows: list[dict[str, Any]],
                     arguments: list[Argument]) -> list[str]:
    total = sum(row["total"] for row in rows)
    stances = _stances_of(rows)
    addressed = total - sum(row[TopicStance.NOT_ADDRESSED.value] for row in rows)
    if not addressed:
        return [f"Ingen av de {total} som svarte, tok stilling til {name}." if total
                else f"Ingen har tatt stilling til {name}."]
    split = [f"{sum(row[s] for row in rows)} {stance_verb(s)}" for s in stances if sum(row[s] for row in rows)]
    sentences = [f"{addressed} av {counted(total)} tok stilling til {name}: {join_words(split)}."]
    by_category = [row for row in rows if row["total"] - row[TopicStance.NOT_ADDRESSED.value]]
    by_category.sort(key=lambda row: (-(row["total"] - row[TopicStance.NOT_ADDRESSED.value]), row["category"]))
    if len(by_category) > 1 or (by_category and by_category[0]["total"] != addressed):
        sentences.extend(category_phrase(row, stances) + "." for row in by_category[:CATEGORY_SENTENCES])
    for side in (TopicStance.AGAINST, TopicStance.FOR):
        main = [a for a in arguments if a.side is side and not a.other and a.n_respondents >= 2][:MAIN_ARGUMENTS]
        if main:
            sentences.append(f"Hovedargumentene {_SIDE_WORDS[side]} er "
                             + join_words([_argument_phrase(a) for a in main]) + ".")
    sentences.extend(_reservations(analysis, topic_id))
    return [sentence[:1].upper() + sentence[1:] for sentence in sentences]


def category_phrase(row: dict[str, Any], stances: list[str]) -> str:
    """«11 av 14 kommuner går imot, 2 støtter og 1 har et blandet syn» (the other 14 − 11 − 2 −
    1 did not address the topic), or «1 kommune støtter» when all of the category take the
    leading stance. The largest stance leads."""
    parts = sorted(((row[s], s) for s in stances if row[s]), key=lambda item: (-item[0], stances.index(item[1])))
    (lead, lead_stance), rest = parts[0], parts[1:]
    forms = category_nouns(row["category"])
    if lead == row["total"]:
        head = f"{lead} {noun(lead, forms)} {stance_verb(lead_stance)}"
    else:
        head = f"{lead} av {row['total']} {noun(row['total'], forms)} {stance_verb(lead_stance)}"
    return join_words([head, *(f"{n} {stance_verb(s)}" for n, s in rest)])


def _stances_of(rows: list[dict[str, Any]]) -> list[str]:
    """The stances to count, against/for/mixed first, then any other value (not «not_addressed»)."""
    known = set(_STANCE_ORDER) | {TopicStance.NOT_ADDRESSED.value}
    extra = sorted({key for row in rows for key in row} - known - {"topic_id", "topic", "category", "total"})
    return [*_STANCE_ORDER, *extra]


def _argument_phrase(argument: Argument) -> str:
    """«Forutsigbare inntekter, stabile» (7 høringsinstanser, blant dem A, B og C)."""
    names = []
    for sentence in argument.sentences:
        name = (f"{sentence.campaign_id} ({dict(argument.campaigns).get(sentence.campaign_id, 0)} svar)"
                if sentence.campaign_id else sender_name(sentence.sender))
        if name not in names:
            names.append(name)
    who = join_words(names[:NAMED_SENDERS]) if len(names) <= NAMED_SENDERS else \
        "blant dem " + join_words(names[:NAMED_SENDERS])
    return f"«{argument.label}» ({counted(argument.n_respondents)}: {who})"


def _reservations(analysis: HearingAnalysis, topic_id: str) -> list[str]:
    """What the respondents with a mixed view wrote, in their own words (a few quotes)."""
    mixed = [(r, position_of(r, topic_id)) for r in sorted_responses(analysis)
             if position_of(r, topic_id).stance is TopicStance.MIXED]
    if not mixed:
        return []
    quoted = [f"{sender_name(r.sender)}: «{p.quote}»" + (f" (s. {p.page})" if p.page else "")
              for r, p in mixed if p.quote][:RESERVATION_QUOTES]
    head = f"{counted(len(mixed))} har et blandet syn eller tar forbehold"
    return [f"{head}; {'; '.join(quoted)}." if quoted else f"{head}."]

