"""End to end: a hearing folder of real PDFs and other files, analysed, reported, re-run."""

import json
import sqlite3

import pandas as pd
import pytest

from horingsanalyse import analyse_hearing, run_hearing
from horingsanalyse.cli import main
from pdfs import make_letter_pdf

HORING_TOML = """
[horing]
tittel = "Høring - NOU 2019: 18 Skattlegging av havbruk"
departement = "Finansdepartementet"
referanse = "19/4419"
horingsfrist = 2020-02-04
instanser = ["Averøy kommune", "Sjømat Norge", "Hitra kommune"]

[[tema]]
id = "grunnrenteskatt"
navn = "Grunnrenteskatt på havbruk"
stikkord = ["grunnrenteskatt", "grunnrente"]

[[tema]]
id = "produksjonsavgift"
navn = "Produksjonsavgift"
stikkord = ["produksjonsavgift"]
"""

CAMPAIGN_BODY = (
    "Kommunen viser til høringen om NOU 2019: 18.\n\n"
    "Kommunen går imot forslaget om grunnrenteskatt på havbruk. En slik skatt vil svekke lokalt eierskap, "
    "redusere investeringene i kystsamfunnene og flytte verdiskapingen ut av distriktene.\n\n"
    "Kommunen er positiv til at produksjonsavgiften videreføres, og ber om at vertskommunene får sin "
    "rettmessige andel av verdiskapingen gjennom Havbruksfondet."
)


def build_hearing(folder):
    svar = folder / "svar"
    svar.mkdir(parents=True)
    (folder / "horing.toml").write_text(HORING_TOML, encoding="utf-8")
    make_letter_pdf(svar / "001 Averøy kommune.pdf",
                    ["AVERØY KOMMUNE\n\nFinansdepartementet\nPostboks 8008 Dep\n0030 Oslo\n\n"
                     "Vår referanse: 19/221\nDeres referanse: 19/4419\nDato: 03.02.2020\n\n# HØRINGSSVAR\n\n"
                     + CAMPAIGN_BODY, "Med vennlig hilsen\n\nAverøy kommune\nPer Ordfører"],
                    footer="Averøy kommune – side {page} av {pages}")
    make_letter_pdf(svar / "002 Hitra kommune.pdf",
                    ["HITRA KOMMUNE\n\nDato: 02.02.2020\n\n" + CAMPAIGN_BODY,
                     "Med vennlig hilsen\n\nHitra kommune"],
                    footer="Hitra kommune – side {page} av {pages}")
    make_letter_pdf(svar / "003-sjømat-norge.pdf",
                    ["Sjømat Norge\n\nDato: 04.02.2020\n\nSjømat Norge går sterkt imot grunnrenteskatt på havbruk. "
                     "Vi støtter heller ikke en produksjonsavgift.\n\nMed vennlig hilsen\nSjømat Norge"])
    (svar / "004 Statistisk sentralbyrå.txt").write_bytes(
        "Høringssvar fra Statistisk sentralbyrå\nDato: 20.01.2020\n\nSSB har ingen merknader til høringen.\n"
        .encode("cp1252"))
    (svar / "005-privatperson.html").write_text(
        "<html><body><p>Høringssvar fra Kari Nordmann</p><p>Dato: 01.02.2020</p>"
        "<p>Jeg støtter grunnrenteskatt. &lt;script&gt;alert('x')&lt;/script&gt;</p>"
        "<script>document.title='hacked'</script></body></html>", encoding="utf-8")
    (svar / "006-tom.pdf").write_bytes(b"")
    (svar / "007-ikke-pdf.pdf").write_text("Dette er ikke en PDF, bare tekst.", encoding="utf-8")
    good = (svar / "003-sjømat-norge.pdf").read_bytes()
    (svar / "008-avkuttet.pdf").write_bytes(good[: len(good) // 2])
    make_letter_pdf(svar / "009-passord.pdf", ["Hemmelig"], user_password="hemmelig")
    return folder


@pytest.fixture
def hearing_dir(tmp_path):
    return build_hearing(tmp_path / "havbruk-høring")


def test_run_analyses_writes_outputs_and_lists_failures(hearing_dir, tmp_path):
    outside = tmp_path / "hemmelig.txt"
    outside.write_text("Dette ligger utenfor høringsmappen.", encoding="utf-8")
    (hearing_dir / "svar" / "010-lenke.txt").symlink_to(outside)

    analysis, written = run_hearing(hearing_dir, tmp_path / "ut")
    out = tmp_path / "ut" / "havbruk-høring"
    assert {p.name for p in out.iterdir()} >= {"rapport.html", "rapport.md", "rapport.docx", "analyse.json",
                                              "svar.csv", "analyse.sqlite"}

    by_file = {r.file: r for r in analysis.responses}
    assert set(by_file) == {"001 Averøy kommune.pdf", "002 Hitra kommune.pdf", "003-sjømat-norge.pdf",
                            "004 Statistisk sentralbyrå.txt", "005-privatperson.html"}
    averoy = by_file["001 Averøy kommune.pdf"]
    assert (averoy.sender, averoy.category.value, averoy.instans) == ("Averøy kommune", "kommune", "Averøy kommune")
    assert averoy.date.isoformat() == "2020-02-03"
    assert averoy.topics["grunnrenteskatt"].stance.value == "against"
    assert averoy.topics["grunnrenteskatt"].page == 1
    # the stance model's support for «positiv til at … videreføres» is a known gap (tests/test_positions.py);
    # the batch's part is to carry the call's confidence and usikker mark through
    assert 0 < averoy.topics["produksjonsavgift"].confidence <= 1
    assert averoy.stance_confidence is not None
    assert by_file["003-sjømat-norge.pdf"].topics["produksjonsavgift"].stance.value == "against"
    ssb = by_file["004 Statistisk sentralbyrå.txt"]
    assert ssb.no_comment and ssb.sender == "Statistisk sentralbyrå" and ssb.category.value == "statlig_etat"
    assert by_file["005-privatperson.html"].category.value == "privatperson"

    campaign = {r.file for r in analysis.responses if r.campaign_id}
    assert campaign == {"001 Averøy kommune.pdf", "002 Hitra kommune.pdf"}

    failures = {f.file: f.reason for f in analysis.failures}
    assert set(failures) == {"006-tom.pdf", "007-ikke-pdf.pdf", "008-avkuttet.pdf", "009-passord.pdf",
                             "010-lenke.txt"}
    assert "empty" in failures["006-tom.pdf"]
    assert "password" in failures["009-passord.pdf"]
    assert "outside the hearing folder" in failures["010-lenke.txt"]

    data = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    assert data["run"]["n_new"] == 5 and data["run"]["n_cached"] == 0
    assert {f["file"] for f in data["failures"]} == set(failures)
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Averøy kommune" in html and "<script>alert" not in html and "hacked" not in html
    assert "Dette ligger utenfor" not in html
    frame = pd.read_csv(out / "svar.csv", encoding="utf-8-sig")
    assert "Statistisk sentralbyrå" in set(frame["sender"])
    assert not any(hearing_dir.rglob("*.sqlite")), "nothing is written inside the hearing folder"


def test_second_run_uses_the_store_and_gives_the_same_results(hearing_dir, tmp_path):
    first, _ = run_hearing(hearing_dir, tmp_path / "ut")
    second, _ = run_hearing(hearing_dir, tmp_path / "ut")
    assert (second.run.n_new, second.run.n_cached) == (0, len(first.responses))
    assert second.responses == first.responses
    assert second.failures == first.failures

    make_letter_pdf(hearing_dir / "svar" / "011-ny.pdf", ["Hitra kommune\n\nVi støtter grunnrenteskatt."])
    third, _ = run_hearing(hearing_dir, tmp_path / "ut")
    assert (third.run.n_new, third.run.n_cached) == (1, len(first.responses))
    db = sqlite3.connect(tmp_path / "ut" / "havbruk-høring" / "analyse.sqlite")
    assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 3


def test_a_rerun_labels_arguments_from_the_key_phrases_the_store_kept(hearing_dir, tmp_path):
    first, _ = run_hearing(hearing_dir, tmp_path / "ut")
    labelled = [a for a in first.arguments if a.label]
    assert labelled, "the hearing has no labelled argument to check"
    path = tmp_path / "ut" / "havbruk-høring" / "analyse.sqlite"
    db = sqlite3.connect(path)
    stored = db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0]
    assert stored > 0
    # a stored phrase stands in for the tagger on the next run: mark every one of them
    rows = db.execute("SELECT analysis_key, text, phrases FROM phrases").fetchall()
    marked = [(json.dumps([{"key": ["merket"], "text": "Merket frase"}]), key, text) for key, text, _ in rows]
    with db:
        db.executemany("UPDATE phrases SET phrases = ? WHERE analysis_key = ? AND text = ?", marked)
    db.close()
    second, _ = run_hearing(hearing_dir, tmp_path / "ut")
    assert second.run.n_new == 0
    assert any("Merket frase" in a.label for a in second.arguments)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM phrases").fetchone()[0] == stored


def _kept(out):
    """The report-time results the store kept: inputs hash -> result (JSON)."""
    db = sqlite3.connect(out / "havbruk-høring" / "analyse.sqlite")
    try:
        return dict(db.execute("SELECT inputs, result FROM kept"))
    finally:
        db.close()


def _report_results(analysis):
    return analysis.responses, analysis.campaigns, analysis.arguments, analysis.camps


def test_a_rerun_reads_campaigns_and_argument_clusters_back_from_the_store(hearing_dir, tmp_path):
    first, _ = run_hearing(hearing_dir, tmp_path / "ut")
    kept = _kept(tmp_path / "ut")
    additions = {inputs: json.loads(result) for inputs, result in kept.items()
                 if isinstance(json.loads(result), list)}
    clusters = {inputs: json.loads(result) for inputs, result in kept.items()
                if "central" in json.loads(result)}
    assert len(additions) == 1 and len(clusters) >= 2, "the campaign's additions and each side's clusters are kept"
    assert any(a.label for a in first.arguments if not a.other)
    # what the store kept stands in for the work on the next run: mark it
    marked = [(json.dumps([["Merket tillegg."], []]), inputs) for inputs in additions]
    marked += [(json.dumps({"raw": [-1] * len(found["raw"]), "central": {}}), inputs)
               for inputs, found in clusters.items()]
    db = sqlite3.connect(tmp_path / "ut" / "havbruk-høring" / "analyse.sqlite")
    with db:
        db.executemany("UPDATE kept SET result = ? WHERE inputs = ?", marked)
    db.close()
    second, _ = run_hearing(hearing_dir, tmp_path / "ut")
    assert second.run.n_new == 0
    assert second.campaigns[0].additions[0][1] == ("Merket tillegg.",)
    assert all(a.other for a in second.arguments), "every side's sentences read back as in no argument"


def test_a_rerun_gives_what_a_fresh_run_gives(hearing_dir, tmp_path):
    first, _ = run_hearing(hearing_dir, tmp_path / "ut")
    again, _ = run_hearing(hearing_dir, tmp_path / "ut")
    assert _report_results(again) == _report_results(first)
    # a new member of the campaign, and a new sentence on one side of a topic
    make_letter_pdf(hearing_dir / "svar" / "011 Frøya kommune.pdf",
                    ["FRØYA KOMMUNE\n\nDato: 01.02.2020\n\n" + CAMPAIGN_BODY
                     + "\n\nFrøya kommune har selv tolv oppdrettsanlegg og kjenner virkningene godt.",
                     "Med vennlig hilsen\n\nFrøya kommune"])
    make_letter_pdf(hearing_dir / "svar" / "012 Smøla kommune.pdf",
                    ["SMØLA KOMMUNE\n\nDato: 02.02.2020\n\nSmøla kommune går imot produksjonsavgift, "
                     "fordi avgiften rammer de minste anleggene hardest.\n\nMed vennlig hilsen\nSmøla kommune"])
    rerun, _ = run_hearing(hearing_dir, tmp_path / "ut")
    fresh, _ = run_hearing(hearing_dir, tmp_path / "fersk")
    assert (rerun.run.n_new, fresh.run.n_cached) == (2, 0)
    assert _report_results(rerun) == _report_results(fresh)
    campaign = next(c for c in rerun.campaigns if "011 Frøya kommune.pdf" in c.files)
    assert len(campaign.files) == 3
    assert any("tolv oppdrettsanlegg" in passage for file, passages in campaign.additions
               if file == "011 Frøya kommune.pdf" for passage in passages)
    assert any(s.file == "012 Smøla kommune.pdf" for a in rerun.arguments for s in a.sentences)
    # the store keeps what a fresh run keeps: nothing made for the inputs of before
    assert set(_kept(tmp_path / "ut")) == set(_kept(tmp_path / "fersk"))
    assert _without_run(tmp_path / "ut") == _without_run(tmp_path / "fersk")


def _without_run(out):
    """``analyse.json`` less the run's own record (its times and counts)."""
    data = json.loads((out / "havbruk-høring" / "analyse.json").read_text(encoding="utf-8"))
    data.pop("run")
    return data


def test_cli_exit_code_1_when_some_responses_fail(hearing_dir, tmp_path, capsys):
    assert main(["run", str(hearing_dir), "--out", str(tmp_path / "ut"), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "5 svar analysert" in captured.out
    assert "006-tom.pdf" in captured.err


def test_clean_folder_exits_0_and_frames_for_researchers(tmp_path):
    folder = build_hearing(tmp_path / "ren")
    for bad in ("006-tom.pdf", "007-ikke-pdf.pdf", "008-avkuttet.pdf", "009-passord.pdf"):
        (folder / "svar" / bad).unlink()
    assert main(["run", str(folder), "--out", str(tmp_path / "ut"), "--quiet"]) == 0
    analysis = analyse_hearing(folder)
    responses = analysis.responses_frame()
    positions = analysis.positions_frame()
    assert len(responses) == 5 and len(positions) == 10
    assert set(positions["topic_id"]) == {"grunnrenteskatt", "produksjonsavgift"}


def test_a_response_adopting_another_statement_takes_its_stance(tmp_path):
    from pdfs import make_letter_pdf as pdf

    folder = tmp_path / "h"
    (folder / "svar").mkdir(parents=True)
    (folder / "horing.toml").write_text(HORING_TOML, encoding="utf-8")
    pdf(folder / "svar" / "a.pdf", ["Sjømat Norge\n\nSjømat Norge går imot grunnrenteskatt på havbruk. " * 3])
    pdf(folder / "svar" / "b.pdf", ["Hitra kommune\n\nFormannskapet fattet følgende vedtak: Hitra kommune slutter "
                                    "seg til høringsuttalelsen fra Sjømat Norge."])
    by_file = {r.file: r for r in analyse_hearing(folder).responses}
    hitra = by_file["b.pdf"]
    assert hitra.endorses == "Sjømat Norge"
    assert hitra.stance.value == "opposes"
    assert hitra.topics["grunnrenteskatt"].stance.value == "against"
    assert "slutter seg til høringsuttalelsen fra Sjømat Norge" in hitra.topics["grunnrenteskatt"].quote
    assert by_file["a.pdf"].endorses is None
