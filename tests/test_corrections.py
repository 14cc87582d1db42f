"""Corrections that are never lost: korreksjoner.csv read as Excel writes it, checked row by
row, applied on every run (a cache hit and a version change too), marked in every output and
counted against the machine's reading."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import horingsanalyse
from horingsanalyse import run_hearing
from horingsanalyse.analysis import HearingAnalysis
from horingsanalyse.cli import main
from horingsanalyse.corrections import (
    CORRECTIONS_FILE,
    agreement,
    apply_corrections,
    corrected_labels,
    load_corrections,
    read_corrections,
)
from horingsanalyse.errors import ConfigError
from horingsanalyse.report import markdown_escape, write_outputs
from horingsanalyse.types import (
    ActorCategory,
    Correction,
    Evidence,
    ResponseAnalysis,
    RunSummary,
    Stance,
    TopicPosition,
    TopicStance,
)
from pdfs import make_letter_pdf
from test_batch import HORING_TOML

# As Excel in Norway saves «CSV UTF-8»: a byte-order mark, semicolons, CRLF line ends.
EXCEL_ROWS = [
    "fil;felt;verdi;kommentar",
    "002 ukjent.pdf;sender;Hitra kommune;Følgebrevet i portalen sier Hitra",
    "002 ukjent.pdf;category;kommune;",
    "001 Averøy kommune.pdf;grunnrenteskatt;mixed;Side 2 tar forbehold; støtter en lavere sats",
    "",
    "001 Averøy kommune.pdf;stance;mixed;",
]


def build_hearing(folder: Path, rows: list[str] | None = EXCEL_ROWS) -> Path:
    svar = folder / "svar"
    svar.mkdir(parents=True)
    (folder / "horing.toml").write_text(HORING_TOML, encoding="utf-8")
    make_letter_pdf(svar / "001 Averøy kommune.pdf",
                    ["AVERØY KOMMUNE\n\nDato: 03.02.2020\n\nAverøy kommune går imot forslaget om grunnrenteskatt "
                     "på havbruk. En slik skatt vil svekke lokalt eierskap i kystsamfunnene.\n\n"
                     "Med vennlig hilsen\n\nAverøy kommune"])
    make_letter_pdf(svar / "002 ukjent.pdf",
                    ["Dato: 01.02.2020\n\nVi støtter at produksjonsavgiften videreføres, og mener at "
                     "vertskommunene skal få sin andel av verdiskapingen."])
    if rows is not None:
        (folder / CORRECTIONS_FILE).write_bytes("\r\n".join(rows).encode("utf-8-sig") + b"\r\n")
    return folder


def _json(out: Path, hearing: Path) -> dict:
    return json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))


def _by_file(data: dict) -> dict[str, dict]:
    return {response["file"]: response for response in data["responses"]}


def _stored(out: Path, hearing: Path) -> dict[str, dict]:
    """The machine's results as the store holds them, by file."""
    db = sqlite3.connect(out / hearing.name / "analyse.sqlite")
    return {file: json.loads(result) for file, result in db.execute("SELECT file, result FROM responses")}


def _assert_corrected(data: dict) -> None:
    responses = _by_file(data)
    unknown, averoy = responses["002 ukjent.pdf"], responses["001 Averøy kommune.pdf"]
    assert unknown["sender"] == "Hitra kommune" and unknown["instans"] == "Hitra kommune"
    assert unknown["category"] == "kommune"
    assert averoy["topics"]["grunnrenteskatt"]["stance"] == "mixed"
    assert averoy["stance"] == "mixed"
    sender = next(c for c in unknown["corrected"] if c["field"] == "sender")
    assert sender == {"field": "sender", "value": "Hitra kommune", "machine": sender["machine"], "changed": True,
                      "comment": "Følgebrevet i portalen sier Hitra"}
    assert sender["machine"] != "Hitra kommune"
    topic = next(c for c in averoy["corrected"] if c["field"] == "grunnrenteskatt")
    assert topic["comment"] == "Side 2 tar forbehold; støtter en lavere sats"  # an unquoted ; kept in the comment


# --- on every run ----------------------------------------------------------------------------

def test_a_correction_survives_a_re_run_from_the_store_and_never_enters_it(tmp_path, blank_nlp_model):
    hearing = build_hearing(tmp_path / "havbruk")
    out = tmp_path / "ut"
    first, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    assert first.run.n_new == 2
    _assert_corrected(_json(out, hearing))
    second, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    assert (second.run.n_new, second.run.n_cached) == (0, 2)
    _assert_corrected(_json(out, hearing))
    stored = _stored(out, hearing)
    assert stored["002 ukjent.pdf"]["sender"] != "Hitra kommune"  # the store keeps the machine's reading
    assert stored["002 ukjent.pdf"]["corrections"] == []
    machine = next(c for c in _by_file(_json(out, hearing))["001 Averøy kommune.pdf"]["corrected"]
                   if c["field"] == "stance")["machine"]
    assert stored["001 Averøy kommune.pdf"]["stance"] == machine


def test_a_correction_survives_a_version_change(tmp_path, blank_nlp_model):
    """A copy of the installed package, run as a real CLI, with one resource edited: a new
    analysis key re-analyses every response, and the corrections still apply."""
    package = tmp_path / "site" / "horingsanalyse"
    shutil.copytree(Path(horingsanalyse.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    hearing = build_hearing(tmp_path / "havbruk")
    out = tmp_path / "ut"

    def run() -> tuple[dict, str]:
        process = subprocess.run([sys.executable, "-m", "horingsanalyse.cli", "run", str(hearing), "--out", str(out),
                                  "--quiet", "--workers", "1", "--model", str(blank_nlp_model)],
                                 env=env, capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, process.stderr
        return _json(out, hearing), process.stdout

    before, printed = run()
    cues = package / "resources" / "stance_cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\n# tilføyd av en analytiker\n", encoding="utf-8")
    after, _ = run()
    assert after["run"]["analysis_key"] != before["run"]["analysis_key"]
    assert (after["run"]["n_new"], after["run"]["n_cached"]) == (2, 0)
    _assert_corrected(after)
    assert "Korreksjoner: maskinen stemte med analytikeren for avsender 0 av 1" in printed


def test_run_prints_per_field_how_often_the_machine_agreed(tmp_path, blank_nlp_model, capsys):
    hearing = build_hearing(tmp_path / "havbruk", EXCEL_ROWS + [
        "001 Averøy kommune.pdf;sender;Averøy kommune;bekreftet", "ukjent.pdf;stance;opposes;"])
    assert main(["run", str(hearing), "--out", str(tmp_path / "ut"), "--quiet", "--workers", "1",
                 "--model", str(blank_nlp_model)]) == 0
    captured = capsys.readouterr()
    line = next(line for line in captured.out.splitlines() if line.startswith("Korreksjoner:"))
    assert line.startswith("Korreksjoner: maskinen stemte med analytikeren for avsender 1 av 2, kategori ")
    assert "grunnrenteskatt 0 av 1." in line
    assert "korreksjoner.csv: line 8: 'ukjent.pdf' is not a response of the hearing" in captured.err
    data = _json(tmp_path / "ut", hearing)
    assert data["corrections"]["agreement"]["sender"] == {"agreed": 1, "total": 2}
    assert data["corrections"]["problems"] == [
        "korreksjoner.csv: line 8: 'ukjent.pdf' is not a response of the hearing (in svar/) "
        "(did you mean '002 ukjent.pdf'?)"]


def test_the_report_marks_corrected_values_and_shows_the_agreement(tmp_path, blank_nlp_model):
    hearing = build_hearing(tmp_path / "havbruk")
    _, written = run_hearing(hearing, tmp_path / "ut", model=str(blank_nlp_model), workers=1)
    for key, escape in (("html", str), ("md", markdown_escape)):
        text = written[key].read_text(encoding="utf-8")
        assert escape("Hitra kommune (korrigert)") in text, key
        assert escape("(korrigert: Side 2 tar forbehold; støtter en lavere sats)") in text, key
        section = text[text.index("Korreksjoner</h2>" if key == "html" else "## Korreksjoner"):]
        assert "Maskinen stemte" in section and "Grunnrenteskatt på havbruk" in section, key
    document = docx.Document(io.BytesIO(written["docx"].read_bytes()))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Hitra kommune (korrigert)" in cells and "Korrigert til" in cells
    csv_text = written["csv"].read_text(encoding="utf-8-sig")
    assert "sender | category" in csv_text  # the corrected column of svar.csv


def test_counts_and_arguments_use_the_corrected_stance(tmp_path, blank_nlp_model):
    hearing = build_hearing(tmp_path / "havbruk", ["file,field,value,comment",
                                                   "001 Averøy kommune.pdf,grunnrenteskatt,not_addressed,"])
    analysis, _ = run_hearing(hearing, tmp_path / "ut", model=str(blank_nlp_model), workers=1)
    averoy = next(r for r in analysis.responses if r.file == "001 Averøy kommune.pdf")
    assert averoy.topics["grunnrenteskatt"].stance is TopicStance.NOT_ADDRESSED
    assert not [e for e in averoy.evidence if e.topic_id == "grunnrenteskatt"]
    assert not [a for a in analysis.arguments if a.topic_id == "grunnrenteskatt"]
    counts = analysis.counts_frame().set_index(["topic_id", "category"])
    assert counts.loc[("grunnrenteskatt", "kommune"), "not_addressed"] == 1


# --- reading korreksjoner.csv ------------------------------------------------------------------

@pytest.fixture
def letters(hearing):
    for name in ("001 Averøy kommune.pdf", "002 ukjent.pdf", "undermappe/003.txt"):
        path = hearing.responses_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    return ["001 Averøy kommune.pdf", "002 ukjent.pdf", "undermappe/003.txt"]


def _sheet(hearing, letters, data: bytes):
    (hearing.path / CORRECTIONS_FILE).write_bytes(data)
    return read_corrections(hearing, letters)


@pytest.mark.parametrize("encoding, delimiter, newline", [
    ("utf-8-sig", ";", "\r\n"), ("utf-8", ",", "\n"), ("cp1252", ";", "\r\n")])
def test_bom_semicolons_commas_and_windows_1252_are_read(hearing, letters, encoding, delimiter, newline):
    rows = [["file", "field", "value", "comment"], ["001 Averøy kommune.pdf", "Stance", "Opposes", "Går imot, s. 2"],
            ["svar\\undermappe\\003.txt", "no_comment", "Ja", ""]]
    text = newline.join(delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows)
    sheet = _sheet(hearing, letters, text.encode(encoding))
    assert sheet.problems == ()
    assert sheet.corrections == (
        Correction("001 Averøy kommune.pdf", "stance", "opposes", "Går imot, s. 2", line=2),
        Correction("undermappe/003.txt", "no_comment", "true", "", line=3),
    )


def test_bad_rows_are_named_by_line_and_the_rest_still_apply(hearing, letters):
    sheet = _sheet(hearing, letters, "\n".join([
        "file;field;value;comment",
        "001 Averøy kommune.pdf;stnace;opposes;",          # 2: unknown field
        "001 Averøy kommune.pdf;havbruksfond;for;",        # 3: not a topic of this hearing
        "001 Averøy kommune.pdf;grunnrenteskatt;imot;",    # 4: outside the topic vocabulary
        "002 ukjent.pdf;category;kommunal;",               # 5: not a category
        "002 ukjent.pdf;no_comment;kanskje;",              # 6: not a yes or no
        "004 borte.pdf;stance;opposes;",                   # 7: no such response
        '"001 Averøy kommune.pdf";stance;"opposes";"fler-',
        'linjet kommentar"',                               # 8-9: one row over two lines
        "002 ukjent.pdf;stance;;",                         # 10: no value
        "002 ukjent.pdf;produksjonsavgift;for;",           # 11: applies
    ]).encode("utf-8"))
    assert [(c.line, c.field, c.value) for c in sheet.corrections] == [
        (8, "stance", "opposes"), (11, "produksjonsavgift", "for")]
    assert sheet.corrections[0].comment == "fler-\nlinjet kommentar"
    messages = [str(problem) for problem in sheet.problems]
    assert [problem.line for problem in sheet.problems] == [2, 3, 4, 5, 6, 7, 10]
    assert all(message.startswith(f"{hearing.path / CORRECTIONS_FILE}: line ") for message in messages)
    assert "unknown field 'stnace'" in messages[0] and "grunnrenteskatt, produksjonsavgift" in messages[0]
    assert "unknown field 'havbruksfond'" in messages[1]
    assert "'imot' is not a value for the topic grunnrenteskatt: use one of for, against, mixed, not_addressed" \
        in messages[2]
    assert "'kommunal' is not a value for category" in messages[3]
    assert "no_comment must be ja, nei, true or false, not 'kanskje'" in messages[4]
    assert "'004 borte.pdf' is not a response of the hearing" in messages[5]
    assert "gives no value for stance" in messages[6]


def test_a_field_corrected_twice_takes_the_later_row_and_says_so(hearing, letters):
    sheet = _sheet(hearing, letters,
                   b"file,field,value\n002 ukjent.pdf,stance,opposes\n002 ukjent.pdf,stance,supports\n")
    assert [(c.line, c.value) for c in sheet.corrections] == [(3, "supports")]
    assert "corrected again on line 3; that line's value is used" in str(sheet.problems[0])


def test_a_file_that_is_no_corrections_table_stops_with_its_name(hearing, letters):
    with pytest.raises(ConfigError, match=r"korreksjoner\.csv: the first row must name the columns .* missing field"):
        _sheet(hearing, letters, b"file;verdi\n001 Averoy.pdf;opposes\n")


def test_load_corrections_reads_the_hearing_folder(tmp_path):
    hearing = build_hearing(tmp_path / "havbruk")
    assert [(c.file, c.field, c.line) for c in load_corrections(hearing)] == [
        ("002 ukjent.pdf", "sender", 2), ("002 ukjent.pdf", "category", 3),
        ("001 Averøy kommune.pdf", "grunnrenteskatt", 4), ("001 Averøy kommune.pdf", "stance", 6)]
    assert load_corrections(build_hearing(tmp_path / "uten", rows=None)) == ()


# --- applying and counting ---------------------------------------------------------------------

def _machine() -> ResponseAnalysis:
    evidence = (
        Evidence("grunnrenteskatt", TopicStance.AGAINST, "Vi går imot grunnrenteskatt.", 1, 0, 28, -2.0),
        Evidence("grunnrenteskatt", TopicStance.FOR, "En lav grunnrente kan vi støtte.", 2, 30, 62, 1.0),
        Evidence("produksjonsavgift", TopicStance.FOR, "Produksjonsavgiften bør bli.", 2, 64, 92, 1.0),
    )
    return ResponseAnalysis(
        file="a.pdf", sha256="a", sender="Averøy Kommune", category=ActorCategory.ANNET, date=None,
        no_comment=False, stance=Stance.OPPOSES, repairs=(), language="nb", pages=2, evidence=evidence,
        topics={"grunnrenteskatt": TopicPosition("grunnrenteskatt", TopicStance.AGAINST,
                                                 "Vi går imot grunnrenteskatt.", 1, -2.0)})


def test_a_corrected_topic_keeps_the_sentences_that_agree_and_quotes_one():
    machine = _machine()
    (corrected,) = apply_corrections([machine], [Correction("a.pdf", "grunnrenteskatt", "for", "s. 2", 4)])
    position = corrected.topics["grunnrenteskatt"]
    assert (position.stance, position.quote, position.page) == (TopicStance.FOR, "En lav grunnrente kan vi støtte.", 2)
    assert [e.sentence for e in corrected.evidence] == ["En lav grunnrente kan vi støtte.",
                                                        "Produksjonsavgiften bør bli."]
    assert corrected.corrected == ("grunnrenteskatt",)
    assert corrected.corrections[0].machine == "against"
    assert machine.topics["grunnrenteskatt"].stance is TopicStance.AGAINST  # the input is not modified
    assert len(machine.evidence) == 3 and machine.corrections == ()


def test_a_confirmed_value_is_recorded_but_not_marked_and_a_sender_is_matched_again():
    corrections = [Correction("a.pdf", "stance", "opposes", "", 2),
                   Correction("a.pdf", "sender", "Averøy kommune", "", 3),
                   Correction("a.pdf", "category", "privatperson", "", 4)]
    (corrected,) = apply_corrections([_machine()], corrections, instanser=("Averøy kommune",))
    assert corrected.corrected == ("sender", "category")  # the stance was confirmed, not changed
    assert corrected.instans == "Averøy kommune" and corrected.private_person
    assert [(a.field, a.agreed, a.total) for a in agreement([_machine()], corrections)] == [
        ("sender", 1, 1), ("category", 0, 1), ("stance", 1, 1)]  # senders agree but for case


def test_corrected_labels_give_each_file_its_fields():
    corrections = [Correction("a.pdf", "stance", "opposes"), Correction("a.pdf", "grunnrenteskatt", "against"),
                   Correction("b.pdf", "no_comment", "true")]
    assert corrected_labels(corrections) == {"a.pdf": {"stance": "opposes", "grunnrenteskatt": "against"},
                                             "b.pdf": {"no_comment": "true"}}


def test_without_corrections_the_report_has_no_corrections_section(tmp_path, blank_nlp_model):
    hearing = build_hearing(tmp_path / "havbruk", rows=None)
    analysis, written = run_hearing(hearing, tmp_path / "ut", model=str(blank_nlp_model), workers=1)
    html = written["html"].read_text(encoding="utf-8")
    assert analysis.agreement == () and "Korreksjoner</h2>" not in html and "(korrigert)" not in html


def test_mask_private_hides_a_private_persons_name_given_by_a_correction(hearing, tmp_path):
    corrections = [Correction("a.pdf", "sender", "Kari Nordmann", "Kari Nordmann skrev under med navn", 2),
                   Correction("a.pdf", "category", "privatperson", "", 3)]
    machine = _machine()
    analysis = HearingAnalysis(hearing=hearing, responses=apply_corrections([machine], corrections), campaigns=(),
                               failures=(), run=RunSummary(dt.datetime(2020, 2, 5), dt.datetime(2020, 2, 5), "0", "x",
                                                           1, 0),
                               agreement=agreement([machine], corrections))
    written = write_outputs(analysis, tmp_path / "ut", mask_private=True)
    for key in ("html", "md", "json", "csv"):
        text = written[key].read_text(encoding="utf-8-sig")
        assert "Kari" not in text, key
        assert "Privatperson 1" in text, key


def test_a_sender_agrees_when_it_names_the_same_body_of_the_gazetteer():
    machine = dataclasses.replace(_machine(), sender="Den Norske Advokatforening")
    rows = [Correction("a.pdf", "sender", "Advokatforeningen", "", 2)]
    assert [(a.agreed, a.total) for a in agreement([machine], rows)] == [(1, 1)]
    other = [Correction("a.pdf", "sender", "Næringslivets Hovedorganisasjon", "", 2)]
    assert [(a.agreed, a.total) for a in agreement([machine], other)] == [(0, 1)]
