"""Tests for summary.py and wording.py: bokmål number agreement, and numbers equal to the tables."""

from __future__ import annotations

import re

from test_report import make_analysis

from horingsanalyse.analysis import counts_frame, stance_counts
from horingsanalyse.summary import category_phrase, topic_summaries
from horingsanalyse.wording import counted, join_words

STANCES = ["against", "for", "mixed"]


def _row(category="kommune", **counts):
    values = {"for": 0, "against": 0, "mixed": 0, "not_addressed": 0, **counts}
    return {"category": category, **values, "total": sum(values.values())}


def test_bokmal_singular_and_plural():
    assert category_phrase(_row(**{"for": 1}), STANCES) == "1 kommune støtter"
    assert category_phrase(_row(against=11), STANCES) == "11 kommuner går imot"
    assert category_phrase(_row(against=11, **{"for": 2}, mixed=1, not_addressed=3), STANCES) == \
        "11 av 17 kommuner går imot, 2 støtter og 1 har et blandet syn"
    assert category_phrase(_row("statlig_etat", against=1, not_addressed=1), STANCES) == \
        "1 av 2 statlige etater går imot"
    assert counted(1) == "1 høringsinstans" and counted(0) == "0 høringsinstanser"
    assert counted(1, "politisk_parti") == "1 politisk parti" and counted(2, "fagmiljo") == "2 fagmiljøer"
    assert join_words(["A", "B", "C"]) == "A, B og C" and join_words(["A"]) == "A"


def test_the_numbers_in_the_summary_are_the_tables_numbers():
    analysis = make_analysis()
    (lonnsplikt, arbeidsgiverperiode) = topic_summaries(analysis)
    text = " ".join(lonnsplikt["sentences"])
    frame = counts_frame(analysis)
    topic = frame[frame["topic_id"] == "lonnsplikt"]
    addressed = int(topic[["for", "against", "mixed"]].to_numpy().sum())
    assert text.startswith(f"{addressed} av {int(topic['total'].sum())} høringsinstanser tok stilling til "
                           "Lønnsplikt ved permittering: ")
    assert f"{int(topic['against'].sum())} går imot, {int(topic['for'].sum())} støtter og " \
           f"{int(topic['mixed'].sum())} har et blandet syn." in text
    assert "1 arbeidstakerorganisasjon går imot." in text and "1 av 1" not in text
    assert "1 av 2 kommuner" not in text  # one kommune only answered
    assert re.search(r"Ærlige Øystein Åsen: «Både.og – særlig for små bedrifter.» \(s\. 1\)", text)
    assert " ".join(arbeidsgiverperiode["sentences"]).startswith("1 av 5 høringsinstanser tok stilling")
    assert len(stance_counts(analysis)) == len(frame)
