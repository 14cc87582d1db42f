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


def test_arguments_and_camps_reach_json_frames_and_parquet(tmp_path):

    import pandas as pd

    from horingsanalyse.analysis import analysis_to_dict
    from horingsanalyse.types import Argument, ArgumentSentence, Camp, CampPosition, TopicStance

    sentence = ArgumentSentence(file="oslo.pdf", sender="Oslo kommune", category="kommune", page=2,
                                text="Lønnsplikten gir forutsigbarhet.", start=10, end=42)
    argument = Argument("lonnsplikt-for-01", "lonnsplikt", TopicStance.FOR, "Forutsigbarhet", ("forutsigbarhet",),
                        1, 1, (("kommune", 1),), (), (sentence,), (sentence,))
    camp = Camp("gruppe-1", "1 kommune: for Lønnsplikt", ("oslo.pdf",), (("kommune", 1),),
                (CampPosition("lonnsplikt", "for", 1, 1),))
    analysis = make_analysis(arguments=(argument,), camps=(camp,))
    data = analysis_to_dict(analysis)
    (stored,) = data["arguments"]["lonnsplikt"]["for"]
    assert stored["id"] == "lonnsplikt-for-01" and stored["n_respondents"] == 1
    assert stored["sentences"] == [{"file": "oslo.pdf", "sender": "Oslo kommune", "category": "kommune", "page": 2,
                                    "text": "Lønnsplikten gir forutsigbarhet.", "start": 10, "end": 42}]
    assert data["camps"][0]["files"] == ["oslo.pdf"]
    assert "oslo.pdf" not in data["no_camp"] and "fellesforbundet.pdf" in data["no_camp"]
    assert analysis.arguments_frame().loc[0, "label"] == "Forutsigbarhet"
    camps = analysis.camps_frame().set_index("file")
    assert camps.loc["oslo.pdf", "camp_id"] == "gruppe-1" and pd.isna(camps.loc["nho.pdf", "camp_id"])
    assert "arbeidstilsynet.pdf" not in camps.index  # no remarks: no view to group by
    written = analysis.write_parquet(tmp_path)
    assert sorted(written) == ["argumenter", "grupper", "standpunkt", "svar", "tall"]
    assert pd.read_parquet(written["tall"]).equals(analysis.counts_frame())


def test_the_report_shows_the_main_arguments_of_a_side_and_says_how_many_more(tmp_path):
    import lxml.html

    from horingsanalyse import report
    from horingsanalyse.analysis import analysis_to_dict
    from horingsanalyse.types import Argument, ArgumentSentence, TopicStance

    limit = report.REPORT_ARGUMENTS_PER_SIDE
    sentence = ArgumentSentence(file="oslo.pdf", sender="Oslo kommune", category="kommune", page=2,
                                text="Lønnsplikten gir forutsigbarhet.", start=10, end=42)
    arguments = tuple(
        Argument(f"lonnsplikt-for-{i:02d}", "lonnsplikt", TopicStance.FOR, f"Argument {i}", (), voices, voices,
                 (("kommune", voices),), (), (sentence,), (sentence,))
        for i, voices in enumerate([5] * limit + [3, 2, 2], start=1))
    other = Argument("lonnsplikt-for-99", "lonnsplikt", TopicStance.FOR, "Andre argumenter", (), 1, 1,
                     (("kommune", 1),), (), (sentence,), (sentence,), other=True)
    analysis = make_analysis(arguments=(*arguments, other))
    section = lxml.html.fromstring(report.render_report(analysis, "html")).xpath("//section[@id='hovedargumenter']")[0]
    labels = [tr.xpath("td")[0].text_content() for tr in section.xpath(".//tbody/tr")]
    assert labels == [f"Argument {i}" for i in range(1, limit + 1)] + ["Andre argumenter"]
    note = "Ytterligere 3 argumenter, fra 2–3 høringsinstanser hver, står i analyse.json."
    assert note in section.text_content()
    assert note in report.render_report(analysis, "md")
    assert len(analysis_to_dict(analysis)["arguments"]["lonnsplikt"]["for"]) == limit + 4
