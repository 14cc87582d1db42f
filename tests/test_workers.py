"""Every core, and a cluster (issue 12): the same results whoever analyses, one writer to the
store, and a worker's crash costs one file, not the batch."""

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from horingsanalyse import analyse_hearing, batch, run_hearing
from horingsanalyse.cli import main
from pdfs import make_letter_pdf
from test_batch import build_hearing

CORPUS = Path(__file__).parents[1] / "corpus" / "nou-2019-18-havbruk"


def _responses(out: Path, slug: str) -> list[dict]:
    return json.loads((out / slug / "analyse.json").read_text(encoding="utf-8"))["responses"]


@pytest.fixture(scope="module")
def hearing_dir(tmp_path_factory):
    return build_hearing(tmp_path_factory.mktemp("workers") / "havbruk-høring")


@pytest.fixture(scope="module")
def serial(hearing_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    analysis, _ = run_hearing(hearing_dir, out, workers=1)
    return analysis, _responses(out, hearing_dir.name)


def test_two_workers_give_the_same_results_as_one(hearing_dir, serial, tmp_path):
    analysis, _ = run_hearing(hearing_dir, tmp_path, workers=2)
    assert _responses(tmp_path, hearing_dir.name) == serial[1]
    assert analysis.responses == serial[0].responses
    assert analysis.failures == serial[0].failures
    assert analysis.campaigns == serial[0].campaigns
    assert (analysis.run.n_new, analysis.run.n_cached) == (5, 0)
    db = sqlite3.connect(tmp_path / hearing_dir.name / "analyse.sqlite")
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 5


def test_copies_of_one_file_are_analysed_once_as_one_at_a_time_would(hearing_dir, tmp_path):
    folder = tmp_path / "kopier"
    shutil.copytree(hearing_dir, folder)
    shutil.copy(folder / "svar" / "003-sjømat-norge.pdf", folder / "svar" / "003b-sjømat-norge-kopi.pdf")
    shutil.copy(folder / "svar" / "006-tom.pdf", folder / "svar" / "006b-tom.pdf")
    serial = analyse_hearing(folder, workers=1)
    parallel = analyse_hearing(folder, workers=2)
    assert parallel.responses == serial.responses and parallel.failures == serial.failures
    assert (parallel.run.n_new, parallel.run.n_cached) == (serial.run.n_new, serial.run.n_cached) == (5, 1)
    assert {f.file for f in parallel.failures} >= {"006-tom.pdf", "006b-tom.pdf"}


def test_a_worker_that_dies_on_one_file_makes_that_file_a_failure(hearing_dir, serial, tmp_path, monkeypatch):
    import crashing

    folder = tmp_path / "krasj-høring"
    shutil.copytree(hearing_dir, folder)
    make_letter_pdf(folder / "svar" / f"002b-{crashing.CRASH_MARK}.pdf", ["Hitra kommune\n\nVi støtter grunnrenteskatt."])
    monkeypatch.setattr(batch, "ResponseWork", crashing.CrashingResponseWork)
    analysis, _ = run_hearing(folder, tmp_path / "ut", workers=2)
    failures = {f.file: f.reason for f in analysis.failures}
    assert "worker process analysing it died" in failures.pop(f"002b-{crashing.CRASH_MARK}.pdf")
    assert failures == {f.file: f.reason for f in serial[0].failures}
    assert analysis.responses == serial[0].responses
    assert _responses(tmp_path / "ut", folder.name) == serial[1]


def test_the_components_the_analysis_skips_change_no_result(tmp_path, monkeypatch):
    """Lemmas, part of speech and morphology are read by nothing in the analysis, so the
    batch skips their components; on real responses the results are the same with them."""
    folder = tmp_path / "havbruk"
    (folder / "svar").mkdir(parents=True)
    shutil.copy(CORPUS / "horing.toml", folder / "horing.toml")
    for path in sorted((CORPUS / "svar").iterdir())[:78:13]:
        shutil.copy(path, folder / "svar" / path.name)
    skipping = analyse_hearing(folder, workers=1)
    monkeypatch.setattr(batch, "UNREAD_PIPES", ())
    full = analyse_hearing(folder, workers=1)
    assert len(full.responses) == 6
    assert skipping.responses == full.responses


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="Dask is an extra: pip install 'horingsanalyse[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_port=0) as cluster:
        yield cluster


def test_a_dask_local_cluster_gives_the_same_results_as_the_serial_run(hearing_dir, serial, dask_cluster, tmp_path):
    analysis, _ = run_hearing(hearing_dir, tmp_path, cluster=dask_cluster.scheduler_address)
    assert _responses(tmp_path, hearing_dir.name) == serial[1]
    assert analysis.failures == serial[0].failures
    assert (analysis.run.n_new, analysis.run.n_cached) == (5, 0)
    again, _ = run_hearing(hearing_dir, tmp_path, cluster=dask_cluster.scheduler_address)
    assert (again.run.n_new, again.run.n_cached) == (0, 5)


def test_a_cluster_nobody_answers_at_is_exit_2_and_says_so(hearing_dir, tmp_path, capsys):
    pytest.importorskip("distributed")
    assert main(["run", str(hearing_dir), "--out", str(tmp_path), "--quiet", "--cluster", "tcp://127.0.0.1:9"]) == 2
    error = capsys.readouterr().err
    assert "tcp://127.0.0.1:9" in error and "no Dask scheduler answers there" in error


def test_without_dask_cluster_is_exit_2_naming_the_extra(hearing_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    assert main(["run", str(hearing_dir), "--out", str(tmp_path), "--quiet", "--cluster", "tcp://127.0.0.1:8786"]) == 2
    assert "horingsanalyse[dask]" in capsys.readouterr().err
    assert not (tmp_path / hearing_dir.name / "analyse.sqlite").exists()


@pytest.mark.parametrize("args", [["--workers", "0"], ["--workers", "to"], ["--workers", "2", "--cluster", "tcp://h:1"]])
def test_workers_must_be_a_count_and_not_beside_a_cluster(hearing_dir, tmp_path, args):
    with pytest.raises(SystemExit) as stop:
        main(["run", str(hearing_dir), "--out", str(tmp_path), *args])
    assert stop.value.code == 2


def test_a_killed_run_leaves_no_worker_behind(tmp_path):
    import psutil

    from test_runs import _cli, _stored, _wait_until
    from test_runs import build_hearing as build_letters

    hearing = build_letters(tmp_path / "opplæring", 40)
    store = tmp_path / "ut" / hearing.name / "analyse.sqlite"
    process = _cli("run", str(hearing), "--out", str(tmp_path / "ut"), "--quiet", "--workers", "2")
    _wait_until(lambda: _stored(store) >= 2 or process.poll() is not None)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2, "the run should have been working in worker processes"
    process.kill()
    process.wait()
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers outlived the run: {alive}"
    assert main(["run", str(hearing), "--out", str(tmp_path / "ut"), "--quiet"]) == 0


def test_a_pipeline_with_a_sentencizer_has_the_same_key_in_every_process():
    """Workers refuse to store results under another analysis key than the parent's, so the
    key of a pipeline (here a blank one with a sentencizer, as `--model` may give) must not
    depend on the process's hash seed."""
    import os
    import subprocess

    code = ("import spacy\nfrom horingsanalyse.batch import pipeline_fingerprint\n"
            "nlp = spacy.blank('nb'); nlp.add_pipe('sentencizer'); print(pipeline_fingerprint(nlp))")
    keys = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True, timeout=120).stdout
            for seed in ("1", "2", "3")}
    assert len(keys) == 1
