"""Tests for report.py: the analyse.json contract, the frames and the report in every format.

The fixture is a small hearing built by hand, with Norwegian names and a quote that tries to
inject HTML and break tables, so every output is checked against hostile response text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import docx
import lxml.etree
import lxml.html
import pandas as pd
import pytest

from horingsanalyse import report
from horingsanalyse.analysis import (
    HearingAnalysis,
    analysis_to_dict,
    positions_frame,
    responses_frame,
)
from horingsanalyse.config import Hearing, Topic
from horingsanalyse.report import render_report, write_outputs
from horingsanalyse.types import (
    ActorCategory,
    Campaign,
    Failure,
    Repair,
    ResponseAnalysis,
    RunSummary,
    Stance,
    TopicPosition,
    TopicStance,
)

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_QUOTE = "Vi er imot <script>alert(1)</script> dette </td> | *fett* [lenke](javascript:x)"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _response(file, sender, category, stance, topics=None, **extra):
    defaults = dict(date=dt.date(2020, 3, 1), no_comment=False, repairs=(), language="nb", pages=3)
    return ResponseAnalysis(file=file, sha256=f"sha-{file}", sender=sender, category=category,
                            stance=stance, topics=topics or {}, **{**defaults, **extra})


def _position(topic_id, stance, quote=None, page=None):
    return TopicPosition(topic_id=topic_id, stance=stance, quote=quote, page=page)


def make_analysis(**changes) -> HearingAnalysis:
    """Five responses, two topics, one campaign and one failure."""
    hearing = Hearing(
        path=Path("corpus/lonnsplikt"),
        title="Høring om endringer i permitteringsregelverket",
        ministry="Arbeids- og sosialdepartementet",
        reference="20/1234",
        deadline=dt.date(2020, 2, 4),
        url="https://www.regjeringen.no/no/dokumenter/horing/id123/",
        instanser=("Oslo kommune", "Arbeidstilsynet", "Bergen kommune", "Datatilsynet"),
        topics=(
            Topic(id="lonnsplikt", name="Lønnsplikt ved permittering",
                  description="Arbeidsgivers plikt til å betale lønn de første dagene.", cues=("lønnsplikt",)),
            Topic(id="arbeidsgiverperiode", name="Arbeidsgiverperiode", cues=("arbeidsgiverperiode",)),
        ),
    )
    responses = (
        _response("oslo.pdf", "Oslo kommune", ActorCategory.KOMMUNE, Stance.SUPPORTS, {
            "lonnsplikt": _position("lonnsplikt", TopicStance.FOR, "Vi støtter forslaget om lønnsplikt.", 2),
            "arbeidsgiverperiode": _position("arbeidsgiverperiode", TopicStance.AGAINST, HOSTILE_QUOTE, 3),
        }, instans="Oslo kommune"),
        _response("arbeidstilsynet.pdf", "Arbeidstilsynet", ActorCategory.STATLIG_ETAT, Stance.NO_POSITION,
                  no_comment=True, instans="Arbeidstilsynet", pages=1),
        _response("fellesforbundet.pdf", "Fellesforbundet", ActorCategory.ARBEIDSTAKERORGANISASJON,
                  Stance.OPPOSES, {
                      "lonnsplikt": _position("lonnsplikt", TopicStance.AGAINST, "Vi går imot økt lønnsplikt.", 2),
                  }, campaign_id="k1"),
        _response("oystein.txt", "Ærlige Øystein Åsen", ActorCategory.PRIVATPERSON, Stance.MIXED, {
            "lonnsplikt": _position("lonnsplikt", TopicStance.MIXED, "Både\x0cog – særlig for små bedrifter.", 1),
        }, campaign_id="k1", date=None,
            repairs=(Repair(page=1, before="sÃ¸knad", after="søknad", confidence=0.97, kind="mojibake"),)),
        _response("nho.pdf", "Næringslivets Hovedorganisasjon", ActorCategory.NAERINGSLIV,
                  Stance.SUPPORTS_WITH_RESERVATIONS, {
                      "lonnsplikt": _position("lonnsplikt", TopicStance.FOR, "Vi støtter, med forbehold.", 4),
                  }),
    )
    analysis = HearingAnalysis(
        hearing=hearing,
        responses=responses,
        campaigns=(Campaign("k1", ("oystein.txt", "fellesforbundet.pdf"), 0.97),),
        failures=(Failure("skadet.pdf", "Filen er kryptert og kan ikke leses."),),
        run=RunSummary(started=dt.datetime(2020, 2, 5, 9, 0), finished=dt.datetime(2020, 2, 5, 9, 4),
                       version="0.1.0", pipeline="nb_core_news_sm-3.8", n_new=4, n_cached=1),
    )
    return dataclasses.replace(analysis, **changes)


@pytest.fixture
def analysis() -> HearingAnalysis:
    return make_analysis()


# --- analyse.json ----------------------------------------------------------------------------

def test_json_contract_fields_and_vocabulary(analysis):
    data = analysis_to_dict(analysis)
    assert set(data) == {"hearing", "responses", "campaigns", "failures", "run", "repairs", "arguments", "camps",
                         "no_camp", "corrections"}
    assert data["corrections"] == {"agreement": {}, "adapted_agreement": {}, "problems": []}
    assert data["hearing"]["tittel"] == "Høring om endringer i permitteringsregelverket"
    files = [r["file"] for r in data["responses"]]
    assert files == sorted(files)
    for response in data["responses"]:
        assert set(response) == {"file", "sha256", "sender", "category", "instans", "date", "no_comment",
                                 "stance", "topics", "campaign_id", "endorses", "repairs", "language", "pages",
                                 "warnings", "evidence", "sender_confidence", "sender_evidence", "sender_note",
                                 "private_person", "stance_confidence", "stance_uncertain", "stance_weighed",
                                 "corrected"}
        assert response["corrected"] == []
        assert response["category"] in {c.value for c in ActorCategory}
        assert response["stance"] in {s.value for s in Stance}
        assert list(response["topics"]) == ["lonnsplikt", "arbeidsgiverperiode"]
        for position in response["topics"].values():
            assert set(position) == {"stance", "quote", "page", "confidence", "uncertain", "weighed"}
            assert position["stance"] in {s.value for s in TopicStance}
    by_file = {r["file"]: r for r in data["responses"]}
    assert by_file["arbeidstilsynet.pdf"]["topics"]["lonnsplikt"] == {
        "stance": "not_addressed", "quote": None, "page": None, "confidence": None, "uncertain": False, "weighed": []}
    assert by_file["oslo.pdf"]["topics"]["lonnsplikt"] == {
        "stance": "for", "quote": "Vi støtter forslaget om lønnsplikt.", "page": 2, "confidence": None,
        "uncertain": False, "weighed": []}
    assert by_file["oystein.txt"]["date"] is None and by_file["oslo.pdf"]["date"] == "2020-03-01"
    assert by_file["oystein.txt"]["repairs"] == 1
    assert data["campaigns"] == [{"id": "k1", "files": ["fellesforbundet.pdf", "oystein.txt"], "similarity": 0.97,
                                  "additions": {}}]
    assert data["failures"] == [{"file": "skadet.pdf", "reason": "Filen er kryptert og kan ikke leses."}]
    assert data["run"] == {"started": "2020-02-05T09:00:00", "finished": "2020-02-05T09:04:00",
                           "version": "0.1.0", "pipeline": "nb_core_news_sm-3.8", "n_new": 4, "n_cached": 1,
                           "analysis_key": "", "stance_adapted_with": 0, "warnings": []}
    assert data["repairs"] == [{"file": "oystein.txt", "page": 1, "before": "sÃ¸knad", "after": "søknad",
                                "confidence": 0.97, "kind": "mojibake"}]


def test_json_file_round_trips_and_keeps_norwegian_letters(analysis, tmp_path):
    path = write_outputs(analysis, tmp_path)["json"]
    text = path.read_text(encoding="utf-8")
    assert "Ærlige Øystein Åsen" in text and "\\u00" not in text
    assert json.loads(text) == analysis_to_dict(analysis)


def test_topic_ids_unknown_to_the_hearing_are_kept(analysis):
    stale = _response("gammel.pdf", "Gammel AS", ActorCategory.NAERINGSLIV, Stance.SUPPORTS,
                      {"fjernet": _position("fjernet", TopicStance.FOR, "Ja.", 1)})
    data = analysis_to_dict(dataclasses.replace(analysis, responses=(*analysis.responses, stale)))
    assert all(list(r["topics"]) == ["lonnsplikt", "arbeidsgiverperiode", "fjernet"] for r in data["responses"])


# --- DataFrames ------------------------------------------------------------------------------

def test_responses_frame_columns_and_types(analysis):
    frame = responses_frame(analysis)
    topic_columns = [f"{t}_{p}" for t in ("lonnsplikt", "arbeidsgiverperiode") for p in ("stance", "quote", "page")]
    assert list(frame.columns) == ["file", "sha256", "sender", "category", "instans", "date", "no_comment",
                                   "stance", "campaign_id", "endorses", "repairs", "language", "pages", "warnings",
                                   "sender_confidence", "sender_evidence", "sender_evidence_page", "sender_note",
                                   "private_person", "corrected", *topic_columns]
    assert frame.shape == (5, 26)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    row = frame.set_index("file").loc["oystein.txt"]
    assert pd.isna(row["date"]) and row["category"] == "privatperson" and row["lonnsplikt_page"] == 1
    assert frame.set_index("file").loc["arbeidstilsynet.pdf", "no_comment"]
    assert frame["lonnsplikt_page"].dtype == "Int64"


def test_positions_frame_is_long_format(analysis):
    frame = positions_frame(analysis)
    assert list(frame.columns) == ["file", "sender", "category", "topic_id", "topic", "stance", "quote", "page",
                                   "corrected"]
    assert len(frame) == 5 * 2
    counts = frame[frame.topic_id == "lonnsplikt"].stance.value_counts().to_dict()
    assert counts == {"for": 2, "against": 1, "mixed": 1, "not_addressed": 1}
    assert set(frame.topic) == {"Lønnsplikt ved permittering", "Arbeidsgiverperiode"}


def test_frames_of_an_empty_analysis_keep_their_columns(analysis):
    empty = dataclasses.replace(analysis, responses=(), campaigns=())
    assert responses_frame(empty).shape == (0, 26)
    assert positions_frame(empty).shape == (0, 9)


# --- HTML ------------------------------------------------------------------------------------

def test_html_escapes_response_text(analysis):
    html = render_report(analysis, "html")
    assert html.startswith("<!doctype html>")
    assert '<html lang="nb">' in html and '<meta charset="utf-8">' in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://www.regjeringen.no/no/dokumenter/horing/id123/">' in html


def test_html_links_only_web_urls(analysis):
    hearing = dataclasses.replace(analysis.hearing, url="javascript:alert(1)")
    html = render_report(dataclasses.replace(analysis, hearing=hearing), "html")
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_html_lists_categories_missing_instanser_and_failures(analysis):
    html = render_report(analysis, "html")
    for label in ("Kommuner", "Statlige etater", "Arbeidstakerorganisasjoner", "Næringsliv", "Privatpersoner"):
        assert label in html
    missing = lxml.html.fromstring(html).xpath("//section[@id='ikke-svart']//li/text()")
    assert missing == ["Bergen kommune", "Datatilsynet"]
    assert "Filen er kryptert og kan ikke leses." in html


def test_appendix_is_in_norwegian_alphabetical_order(analysis):
    page = lxml.html.fromstring(render_report(analysis, "html"))
    senders = page.xpath("//section[@id='vedlegg-svar']//tbody/tr/td[1]/text()")
    assert senders == ["Arbeidstilsynet", "Fellesforbundet", "Næringslivets Hovedorganisasjon",
                       "Oslo kommune", "Ærlige Øystein Åsen"]


def test_repair_appendix_is_capped(analysis):
    repairs = tuple(Repair(page=1, before=f"a{i}", after=f"å{i}", confidence=0.9) for i in range(600))
    many = dataclasses.replace(analysis.responses[0], repairs=repairs)
    html = render_report(dataclasses.replace(analysis, responses=(many, *analysis.responses[1:])), "html")
    assert "Viser de første 500 av 601 rettinger" in html
    rows = lxml.html.fromstring(html).xpath("//section[@id='vedlegg-rettinger']//tbody/tr")
    assert len(rows) == report.APPENDIX_REPAIR_LIMIT


def test_every_format_renders_an_empty_hearing(analysis):
    hearing = dataclasses.replace(analysis.hearing, topics=(), instanser=(), url="")
    empty = dataclasses.replace(analysis, hearing=hearing, responses=(), campaigns=(), failures=())
    assert "Ingen svar er analysert." in render_report(empty, "html")
    assert "Ingen svar er analysert." in render_report(empty, "md")
    assert render_report(empty, "docx")[:2] == b"PK"


def test_unknown_format_is_refused(analysis):
    with pytest.raises(ValueError, match="pdf"):
        render_report(analysis, "pdf")


# --- HTML in a real browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Run headless Chromium on a file; skipped where no browser is installed."""
    if not CHROMIUM.exists() or not shutil.which(str(CHROMIUM)):
        pytest.skip(f"headless browser tests need Chromium at {CHROMIUM}")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(page: Path, *args: str) -> str:
        command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)
        return done.stdout

    return run


@pytest.fixture
def html_file(analysis, tmp_path) -> Path:
    return write_outputs(analysis, tmp_path)["html"]


def test_browser_dom_has_no_injected_script(chromium, html_file):
    dom = chromium(html_file, "--dump-dom")
    page = lxml.html.fromstring(dom)
    assert page.xpath("//script") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    row = page.xpath("//section[@id='tema-arbeidsgiverperiode']//tbody/tr")
    assert len(row) == 1
    cells = [cell.text_content() for cell in row[0].xpath("td")]
    assert cells == ["Oslo kommune", "Kommune", f"«{HOSTILE_QUOTE}»", "s. 3"]


def test_browser_topic_tables_name_who_is_for_and_against(chromium, html_file):
    page = lxml.html.fromstring(chromium(html_file, "--dump-dom"))
    topic = page.xpath("//section[@id='tema-lonnsplikt']")[0]
    groups = {h4.text_content(): h4.getnext() for h4 in topic.xpath(".//h4")}
    assert list(groups) == ["For (2)", "Mot (1)", "Blandet (1)"]
    rows_for = [[td.text_content() for td in tr.xpath("td")] for tr in groups["For (2)"].xpath(".//tbody/tr")]
    assert rows_for == [
        ["Næringslivets Hovedorganisasjon", "Næringsliv", "«Vi støtter, med forbehold.»", "s. 4"],
        ["Oslo kommune", "Kommune", "«Vi støtter forslaget om lønnsplikt.»", "s. 2"],
    ]
    assert "Fellesforbundet" in groups["Mot (1)"].text_content()


def test_browser_screenshot_is_a_nonempty_png(chromium, html_file, tmp_path):
    screenshot = tmp_path / "rapport.png"
    chromium(html_file, f"--screenshot={screenshot}", "--window-size=1280,2400", "--hide-scrollbars")
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2400)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes


# --- Markdown --------------------------------------------------------------------------------

def _markdown_tables(markdown: str) -> list[list[str]]:
    """The Markdown tables as lists of their lines (runs of lines starting with a pipe)."""
    tables, current = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_tables_keep_their_columns(analysis):
    markdown = render_report(analysis, "md")
    assert "<script" not in markdown and "</td>" not in markdown
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    tables = _markdown_tables(markdown)
    assert len(tables) >= 8
    for table in tables:
        assert len({len(unescaped_pipe.findall(line)) for line in table}) == 1, table
    hostile = next(line for table in tables for line in table if "alert" in line)
    assert len(unescaped_pipe.findall(hostile)) == 5


def test_markdown_renders_without_raw_html(analysis):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown to check it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(render_report(analysis, "md"))
    assert "<script" not in html and "<a href=\"javascript" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for table in lxml.html.fromstring(f"<div>{html}</div>").xpath("//table"):
        widths = {len(row.xpath("th|td")) for row in table.xpath(".//tr")}
        assert len(widths) == 1, lxml.html.tostring(table)
    hostile_cell = lxml.html.fromstring(html).xpath("//td[contains(., 'alert')]")[0]
    assert hostile_cell.text_content() == f"«{HOSTILE_QUOTE}»"


def test_markdown_escape_neutralises_markup():
    assert report.markdown_escape("a | b\n# c <b>&") == r"a \| b \# c &lt;b&gt;&amp;"
    assert report.markdown_escape(None) == ""


# --- DOCX ------------------------------------------------------------------------------------

def test_docx_has_topic_headings_and_senders(analysis):
    document = docx.Document(io.BytesIO(render_report(analysis, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Lønnsplikt ved permittering" in headings and "Arbeidsgiverperiode" in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Oslo kommune", "Ærlige Øystein Åsen", "Fellesforbundet", "s. 2"} <= cells
    assert f"«{HOSTILE_QUOTE}»" in cells
    assert "«Både og – særlig for små bedrifter.»" in cells  # the form feed could not go into XML


TRICKY_QUOTE = "Lønn & ansvar <b>før</b> 3 dager:\t ærlig talt\n økt  ansvar"


def _with_tricky_quote(analysis):
    """Oslo's lønnsplikt quote with XML's special characters, and a tab and a line break with a space after."""
    oslo = analysis.responses[0]
    topics = {**oslo.topics, "lonnsplikt": dataclasses.replace(oslo.topics["lonnsplikt"], quote=TRICKY_QUOTE)}
    return dataclasses.replace(analysis, responses=(dataclasses.replace(oslo, topics=topics), *analysis.responses[1:]))


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_tables_show_bold_headers_rows_and_untrusted_text_as_written(analysis, tmp_path):
    document = docx.Document(write_outputs(_with_tricky_quote(analysis), tmp_path)["docx"])
    assert {table.style.name for table in document.tables} == {"Table Grid"}
    appendix = next(t for t in document.tables if _rows(t)[0] == ["Høringsinstans", "Kategori", "Dato", "Standpunkt", "Fil"])
    assert all(run.bold for cell in appendix.rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in appendix.rows[1].cells for run in cell.paragraphs[0].runs)
    assert ["Ærlige Øystein Åsen", "Privatperson", "", "Blandet", "oystein.txt"] in _rows(appendix)
    assert len(_rows(appendix)) == 1 + len(analysis.responses)
    for row in appendix.rows:  # every cell as wide as its column, as Word lays the grid out
        assert [cell.width for cell in row.cells] == [column.width for column in appendix.columns]
    topic = next(t for t in document.tables if ["Oslo kommune", "Kommune", f"«{TRICKY_QUOTE}»", "s. 2"] in _rows(t))
    assert _rows(topic)[0] == ["Høringsinstans", "Kategori", "Sitat", "Side"]


def test_word_cells_are_what_python_docx_itself_writes_for_their_text(analysis):
    """The one-pass table writer against python-docx's own ``cell.text = ...``: the same XML,
    so Word sees line breaks, tabs and the spaces at a run's ends the same way."""
    document = docx.Document(io.BytesIO(render_report(_with_tricky_quote(analysis), "docx")))
    reference = docx.Document().add_table(rows=1, cols=1).cell(0, 0)
    for table in document.tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                reference.text = cell.text
                assert lxml.etree.tostring(cell._tc.p_lst[0]) == lxml.etree.tostring(reference._tc.p_lst[0])


# --- write_outputs ---------------------------------------------------------------------------

def test_write_outputs_writes_every_file(analysis, tmp_path):
    paths = write_outputs(analysis, tmp_path / "ut")
    assert {key: path.name for key, path in paths.items()} == report.OUTPUT_FILES
    assert all(path.stat().st_size > 0 for path in paths.values())
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == sorted(report.OUTPUT_FILES.values())
    assert paths["csv"].read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(paths["csv"], encoding="utf-8-sig")
    assert "Ærlige Øystein Åsen" in set(frame.sender)
    assert frame.shape == (5, 26)


def test_write_outputs_leaves_old_files_when_rendering_fails(analysis, tmp_path, monkeypatch):
    paths = write_outputs(analysis, tmp_path)
    before = {key: path.read_bytes() for key, path in paths.items()}

    def broken(_analysis):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "responses_frame", broken)
    with pytest.raises(RuntimeError):
        write_outputs(make_analysis(failures=()), tmp_path)
    assert {key: path.read_bytes() for key, path in paths.items()} == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_control_characters_become_spaces_in_every_format(analysis):
    for fmt in ("html", "md"):
        text = render_report(analysis, fmt)
        assert "\x0c" not in text and "Både og" in text


def _with_reading_problems(analysis):
    responses = list(analysis.responses)
    responses[0] = dataclasses.replace(responses[0], warnings=("page 2: OCR found no text on this image-only page",))
    run = dataclasses.replace(analysis.run, warnings=("OCR is not available (tesseract is not installed)",))
    return dataclasses.replace(analysis, responses=tuple(responses), run=run)


def _docx_headings(data: bytes, level: int) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_html_markdown_and_word_follow_one_outline(analysis):
    expected = [title for section, title in report.REPORT_OUTLINE if section not in ("ukjent-avsender", "korreksjoner")]
    html = render_report(analysis, "html")
    markdown = render_report(analysis, "md")
    assert re.findall(r"<h2>(.*?)</h2>", html) == expected
    assert re.findall(r"^## (.*)$", markdown, flags=re.M) == expected
    assert _docx_headings(render_report(analysis, "docx"), 1) == expected
    without_list = dataclasses.replace(analysis, hearing=dataclasses.replace(analysis.hearing, instanser=()))
    assert "Høringsinstanser som ikke har svart" not in _docx_headings(render_report(without_list, "docx"), 1)
    assert "Høringsinstanser som ikke har svart" not in render_report(without_list, "md")


def _with_unknown_sender(analysis):
    unknown = dataclasses.replace(analysis.responses[2], sender=None, sender_note="Teksten sier ikke hvem.",
                                  sender_evidence="Med vennlig hilsen For styret", sender_evidence_page=2)
    return dataclasses.replace(analysis, responses=(*analysis.responses[:2], unknown, *analysis.responses[3:]))


def test_a_response_without_a_sender_is_unknown_and_listed_for_review(analysis):
    unknown = _with_unknown_sender(analysis)
    for fmt, heading in (("html", "<h2>Svar uten kjent avsender"), ("md", "## Svar uten kjent avsender")):
        text = render_report(unknown, fmt)
        assert "Ukjent avsender" in text
        section = text[text.index(heading):text.index(heading.replace("Svar uten kjent avsender", "Vedlegg A"))]
        assert "fellesforbundet.pdf" in section and "Teksten sier ikke hvem." in section and "s. 2" in section
    assert "Svar uten kjent avsender" in _docx_headings(render_report(unknown, "docx"), 1)
    data = {r["file"]: r for r in analysis_to_dict(unknown)["responses"]}
    assert data["fellesforbundet.pdf"]["sender"] is None
    assert data["fellesforbundet.pdf"]["sender_evidence"] == {"line": "Med vennlig hilsen For styret", "page": 2}
    assert pd.isna(responses_frame(unknown).set_index("file").loc["fellesforbundet.pdf", "sender"])


def test_mask_private_names_private_persons_in_the_outputs_not_the_analysis(analysis, tmp_path):
    person = dataclasses.replace(analysis.responses[3], private_person=True,
                                 sender_evidence="Hilsen Ærlige Øystein Åsen")
    private = dataclasses.replace(analysis, responses=(*analysis.responses[:3], person, *analysis.responses[4:]))
    paths = write_outputs(private, tmp_path / "ut", mask_private=True)
    for key in ("html", "md", "json", "csv"):
        text = paths[key].read_text(encoding="utf-8-sig")
        assert "Øystein" not in text, key
        assert "Privatperson 1" in text, key
    assert private.responses[3].sender == "Ærlige Øystein Åsen"  # the analysis (and the store) keep the name
    assert "Oslo kommune" in paths["md"].read_text(encoding="utf-8")


HOSTILE_ADDITION = "Og vi i <b>Sagvåg</b> | *legger* til: [klikk](javascript:x)"


def _with_additions(analysis: HearingAnalysis) -> HearingAnalysis:
    """The campaign with what its members added: Øystein two passages, Fellesforbundet nothing."""
    campaign = dataclasses.replace(analysis.campaigns[0], additions=(
        ("oystein.txt", (HOSTILE_ADDITION, "Hilsen Ærlige Øystein Åsen")), ("fellesforbundet.pdf", ())))
    return dataclasses.replace(analysis, campaigns=(campaign,))


def test_campaign_additions_under_the_campaign_in_every_format(analysis):
    added = _with_additions(analysis)
    assert analysis_to_dict(added)["campaigns"][0]["additions"] == {
        "fellesforbundet.pdf": [], "oystein.txt": [HOSTILE_ADDITION, "Hilsen Ærlige Øystein Åsen"]}

    page = lxml.html.fromstring(render_report(added, "html"))
    assert page.xpath("//script|//b|//a[starts-with(@href, 'javascript')]") == []
    section = page.xpath("//section[@id='likelydende']")[0]
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in section.xpath(".//table[@class='additions']//tbody/tr")]
    assert rows == [["Ærlige Øystein Åsen", f"«{HOSTILE_ADDITION}»«Hilsen Ærlige Øystein Åsen»"]]
    assert "1 svar har ingen egen tekst utover fellesbrevet." in section.text_content()

    markdown = render_report(added, "md")
    part = markdown[markdown.index("## Likelydende svar"):markdown.index("## Høringsinstanser som ikke har svart")]
    line = next(line for line in part.splitlines() if "Sagvåg" in line)
    assert line == (r"  - Ærlige Øystein Åsen: «Og vi i &lt;b&gt;Sagvåg&lt;/b&gt; \| \*legger\* til: "
                    r"\[klikk\]\(javascript:x\)» · «Hilsen Ærlige Øystein Åsen»")
    assert "1 svar har ingen egen tekst utover fellesbrevet." in part

    document = docx.Document(io.BytesIO(render_report(added, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert f"«{HOSTILE_ADDITION}»\n«Hilsen Ærlige Øystein Åsen»" in cells
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert report.ADDITIONS_HEADING in headings


def test_campaign_whose_members_added_nothing_says_so(analysis):
    campaign = dataclasses.replace(analysis.campaigns[0], additions=(("oystein.txt", ()), ("fellesforbundet.pdf", ())))
    html = render_report(dataclasses.replace(analysis, campaigns=(campaign,)), "html")
    section = lxml.html.fromstring(html).xpath("//section[@id='likelydende']")[0]
    assert section.xpath(".//table") == []
    assert "Ingen av svarene har egen tekst utover fellesbrevet." in section.text_content()


def test_mask_private_hides_the_name_in_a_campaign_signature(analysis, tmp_path):
    person = dataclasses.replace(analysis.responses[3], private_person=True)
    added = _with_additions(analysis)
    private = dataclasses.replace(added, responses=(*added.responses[:3], person, *added.responses[4:]))
    paths = write_outputs(private, tmp_path / "ut", mask_private=True)
    for key in ("html", "md", "json"):
        text = paths[key].read_text(encoding="utf-8")
        assert "Øystein" not in text and "Hilsen Privatperson 1" in text, key


def test_reading_problems_are_listed_in_every_format(analysis):
    troubled = _with_reading_problems(analysis)
    for fmt, heading in (("html", "<h2>Problemer ved lesing"), ("md", "## Problemer ved lesing")):
        text = render_report(troubled, fmt)
        section = text[text.index(heading):text.index(heading.replace("Problemer ved lesing", "Vedlegg A"))]
        assert "OCR found no text on this image-only page" in section and "oslo.pdf" in section
        assert "OCR is not available" in section
        assert "Ingen problemer ved lesingen" in render_report(analysis, fmt)
    document = docx.Document(io.BytesIO(render_report(troubled, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "page 2: OCR found no text on this image-only page" in cells
    by_file = {r["file"]: r for r in analysis_to_dict(troubled)["responses"]}
    assert by_file["oslo.pdf"]["warnings"] == ["page 2: OCR found no text on this image-only page"]
    assert responses_frame(troubled).set_index("file").loc["oslo.pdf", "warnings"] == \
        "page 2: OCR found no text on this image-only page"


def test_usikker_calls_are_listed_for_review_with_the_sentences_that_weighed(analysis):
    from horingsanalyse.types import Quote

    responses = list(analysis.responses)
    first = responses[0]
    topic_id = next(iter(first.topics))
    doubtful = dataclasses.replace(first.topics[topic_id], confidence=0.41, uncertain=True,
                                   weighed=(Quote("Vi har visse betenkeligheter ved forslaget.", 2),))
    responses[0] = dataclasses.replace(first, topics={**first.topics, topic_id: doubtful})
    doubtful_analysis = dataclasses.replace(analysis, responses=tuple(responses))
    markdown = render_report(doubtful_analysis, "md")
    review = markdown.split("## Til kontroll", 1)[1].split("\n## ", 1)[0]
    assert "Vi har visse betenkeligheter ved forslaget." in review and "s. 2" in review and "41 %" in review
    assert "Ingen usikre standpunkt." in render_report(analysis, "md").split("## Til kontroll", 1)[1].split("\n## ", 1)[0]
