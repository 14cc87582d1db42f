"""Corrections that teach: a corrected stance adapts the stance model on the next run, the
stored letters are called again by it, every worker reads with the same adapted model, and a
store from before the rows were kept still loads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from horingsanalyse import run_hearing
from horingsanalyse.adaptation import adaptation_from, called_again
from horingsanalyse.cli import main
from horingsanalyse.corrections import CORRECTIONS_FILE
from horingsanalyse.stance.models import load_stance_model
from horingsanalyse.store import response_from_json
from horingsanalyse.types import Correction, Stance
from pdfs import make_letter_pdf
from test_batch import HORING_TOML

# Two letters that read alike, from two senders, and one unlike them. The shipped model does
# not call the first two «supports» (its known gap: short, hedged letters).
WEIGHING = ("har vurdert forslaget om grunnrenteskatt.\n\nVi ser både fordeler og ulemper ved en "
            "grunnrenteskatt på havbruk.\n\nProduksjonsavgiften bør vurderes nærmere.")
CORRECTED, SIMILAR = "001 Averøy kommune.pdf", "002 Hitra kommune.pdf"


def build_hearing(folder: Path, with_similar: bool = True) -> Path:
    svar = folder / "svar"
    svar.mkdir(parents=True, exist_ok=True)
    (folder / "horing.toml").write_text(HORING_TOML, encoding="utf-8")
    make_letter_pdf(svar / CORRECTED, ["AVERØY KOMMUNE\n\nDato: 03.02.2020\n\nKommunen " + WEIGHING])
    if with_similar:
        make_letter_pdf(svar / SIMILAR, ["HITRA KOMMUNE\n\nDato: 02.02.2020\n\nHitra kommune " + WEIGHING])
    return folder


def correct(folder: Path, *rows: str) -> None:
    (folder / CORRECTIONS_FILE).write_text("\n".join(["file,field,value,comment", *rows]) + "\n", encoding="utf-8")


def _stored(out: Path, folder: Path) -> dict[str, dict]:
    db = sqlite3.connect(out / folder.name / "analyse.sqlite")
    try:
        return {file: json.loads(result) for file, result in db.execute("SELECT file, result FROM responses")}
    finally:
        db.close()


def _stances(analysis) -> dict[str, str]:
    return {r.file: r.stance.value for r in analysis.responses}


def test_a_corrected_stance_changes_the_call_on_a_similar_uncorrected_letter(tmp_path, blank_nlp_model, capsys):
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    before, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    assert _stances(before)[SIMILAR] != "supports"
    assert before.run.stance_adapted_with == 0
    correct(hearing, f"{CORRECTED},stance,supports,bare positiv")
    assert main(["run", str(hearing), "--out", str(out), "--quiet", "--workers", "1",
                 "--model", str(blank_nlp_model)]) == 0
    assert "Standpunktmodellen er tilpasset høringen med 1 rettede svar fra korreksjoner.csv." in capsys.readouterr().out
    data = json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))
    similar = next(r for r in data["responses"] if r["file"] == SIMILAR)
    assert similar["stance"] == "supports" and similar["corrected"] == []
    assert data["run"]["stance_adapted_with"] == 1
    # The machine's value beside the correction is the shipped model's, not the adapted one's
    # (which learnt from that very letter), and so is the agreement.
    corrected = next(r for r in data["responses"] if r["file"] == CORRECTED)
    assert corrected["stance"] == "supports"
    assert corrected["corrected"][0]["machine"] == _stances(before)[CORRECTED] != "supports"
    assert data["corrections"]["agreement"]["stance"] == {"agreed": 0, "total": 1}
    # The store still holds what the pipeline read, unadapted: the adaptation is made each run.
    assert _stored(out, hearing)[SIMILAR]["stance"] == _stances(before)[SIMILAR]


def test_without_the_corrections_the_next_run_calls_as_shipped_again(tmp_path, blank_nlp_model):
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    shipped, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    correct(hearing, f"{CORRECTED},stance,supports,")
    run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    (hearing / CORRECTIONS_FILE).unlink()
    again, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    assert again.run.stance_adapted_with == 0
    assert _stances(again) == _stances(shipped)


def test_the_letters_read_after_a_correction_are_read_by_the_adapted_model_in_every_worker(tmp_path,
                                                                                            blank_nlp_model):
    """The corrected letter is in the store; the similar one arrives later and is analysed by
    pipelines taught the correction, in this process or in two workers alike."""
    results = {}
    for workers in (1, 2):
        hearing, out = build_hearing(tmp_path / f"w{workers}" / "havbruk", with_similar=False), tmp_path / f"ut{workers}"
        run_hearing(hearing, out, model=str(blank_nlp_model), workers=workers)
        correct(hearing, f"{CORRECTED},stance,supports,", f"{CORRECTED},grunnrenteskatt,mixed,")
        make_letter_pdf(hearing / "svar" / SIMILAR, ["HITRA KOMMUNE\n\nDato: 02.02.2020\n\nHitra kommune " + WEIGHING])
        make_letter_pdf(hearing / "svar" / "003 Frøya kommune.pdf",
                        ["FRØYA KOMMUNE\n\nDato: 01.02.2020\n\nFrøya kommune " + WEIGHING])
        analysis, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=workers)
        assert (analysis.run.n_new, analysis.run.stance_adapted_with) == (2, 1)
        stored = _stored(out, hearing)
        assert stored[SIMILAR]["stance"] == "supports"  # read by the taught pipeline itself
        results[workers] = ({file: (r["stance"], r["stance_confidence"], r["topics"]) for file, r in stored.items()},
                            [(r.file, r.stance, r.stance_confidence, r.topics) for r in analysis.responses])
    assert results[1] == results[2]


def test_the_stored_rows_round_trip_and_give_the_pipelines_calls_again(tmp_path, blank_nlp_model):
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    analysis, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    stored = [response_from_json(json.dumps(result)) for result in _stored(out, hearing).values()]
    for response in stored:
        assert set(response.stance_rows.topics) == {"grunnrenteskatt", "produksjonsavgift"}
        assert len(response.stance_rows.overall) > 0
    by_file = {r.file: r for r in analysis.responses}
    for again in called_again(stored, load_stance_model()):
        assert (again.stance, again.stance_confidence, again.stance_uncertain, again.topics) == \
            (by_file[again.file].stance, by_file[again.file].stance_confidence,
             by_file[again.file].stance_uncertain, by_file[again.file].topics)


def test_a_store_from_before_the_rows_were_kept_still_loads_and_teaches_nothing(tmp_path, blank_nlp_model):
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    db = sqlite3.connect(out / hearing.name / "analyse.sqlite")
    with db:
        for sha, key, result in db.execute("SELECT sha256, analysis_key, result FROM responses").fetchall():
            old = json.loads(result)
            del old["stance_rows"]
            db.execute("UPDATE responses SET result = ? WHERE sha256 = ? AND analysis_key = ?",
                       (json.dumps(old, ensure_ascii=False), sha, key))
    db.close()
    correct(hearing, f"{CORRECTED},stance,supports,")
    analysis, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    assert (analysis.run.n_cached, analysis.run.stance_adapted_with) == (2, 0)
    similar = next(r for r in analysis.responses if r.file == SIMILAR)
    assert similar.stance_rows is None and similar.stance is not Stance.SUPPORTS
    corrected = next(r for r in analysis.responses if r.file == CORRECTED)
    assert corrected.stance is Stance.SUPPORTS  # the correction itself still applies


def test_only_stance_and_topic_corrections_of_letters_with_rows_teach(tmp_path, blank_nlp_model):
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    analysis, _ = run_hearing(hearing, out, model=str(blank_nlp_model), workers=1)
    corrections = [Correction(CORRECTED, "sender", "Averøy kommune"), Correction(CORRECTED, "grunnrenteskatt", "for"),
                   Correction(SIMILAR, "category", "kommune"), Correction("ukjent.pdf", "stance", "supports")]
    taught = adaptation_from(analysis.responses, corrections)
    assert (taught.letters, len(taught.topic_rows), taught.overall_rows) == (1, 1, [])
    assert taught.topic_rows[0][1] == "for"


def test_run_prints_how_the_adapted_model_calls_each_corrected_letter_held_out(tmp_path, blank_nlp_model, capsys):
    """Two alike letters corrected to «supports»: the model taught by either calls the other as
    the analyst did, where the shipped model agreed with neither."""
    hearing, out = build_hearing(tmp_path / "havbruk"), tmp_path / "ut"
    correct(hearing, f"{CORRECTED},stance,supports,", f"{SIMILAR},stance,supports,")
    assert main(["run", str(hearing), "--out", str(out), "--quiet", "--workers", "1",
                 "--model", str(blank_nlp_model)]) == 0
    printed = capsys.readouterr().out
    assert "Korreksjoner: maskinen stemte med analytikeren for samlet standpunkt 0 av 2." in printed
    assert "Tilpasset modell, hvert rettet svar holdt utenfor: stemte med analytikeren for samlet standpunkt " \
           "2 av 2." in printed
    data = json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))
    assert data["corrections"]["adapted_agreement"] == {"stance": {"agreed": 2, "total": 2}}
