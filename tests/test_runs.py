"""Runs a ministry can trust: a killed run loses and duplicates nothing, one run at a time per
output folder, a changed resource re-analyses, and the same letters give the same results."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import horingsanalyse
from horingsanalyse import run_hearing
from horingsanalyse.cli import main
from horingsanalyse.runlock import OutputLock

TOML = """
[horing]
tittel = "Høring om endringer i opplæringsloven"
departement = "Kunnskapsdepartementet"
referanse = "24/1234"
horingsfrist = 2024-06-01

[[tema]]
id = "skolerute"
navn = "Felles skolerute"
stikkord = ["skolerute"]
"""
PLACES = ["Alta", "Bodø", "Fauske", "Hitra", "Leka", "Molde", "Os", "Røros", "Tana", "Vågå", "Ørsta", "Åfjord"]
ARGUMENTS = [
    "Kommunen støtter forslaget om felles skolerute for hele fylket.",
    "Kommunen går imot forslaget om felles skolerute, fordi lokale behov varierer.",
    "Elevene i {place} har lange skoleveier, og skyssen må planlegges for hele året.",
    "Vi ber departementet vurdere hvordan endringen påvirker små skoler i distriktene.",
    "Kommunestyret i {place} behandlet saken i møte den {day}. mars.",
    "Det er viktig at foreldre og ansatte blir hørt før skoleruten fastsettes.",
]


def build_hearing(folder: Path, n: int) -> Path:
    """``n`` distinct letters of a few hundred words each: slow enough to kill a run midway."""
    svar = folder / "svar"
    svar.mkdir(parents=True)
    (folder / "horing.toml").write_text(TOML, encoding="utf-8")
    for i in range(n):
        place = PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else f" {i}")
        sentences = [ARGUMENTS[(i + k) % len(ARGUMENTS)].format(place=place, day=1 + (i + k) % 28) for k in range(40)]
        body = "\n\n".join(" ".join(sentences[k:k + 4]) for k in range(0, 40, 4))
        (svar / f"{i:03d}-{place.lower()}-kommune.txt").write_text(
            f"{place} kommune\n\nDato: {1 + i % 28:02d}.05.2024\n\n{body}\n\nMed vennlig hilsen\n{place} kommune\n",
            encoding="utf-8")
    return folder


def _cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "horingsanalyse.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        return sqlite3.connect(store, timeout=1).execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    except sqlite3.OperationalError:  # the run has not made its tables yet
        return 0


def _wait_until(condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _responses(out: Path, slug: str) -> list[dict]:
    return json.loads((out / slug / "analyse.json").read_text(encoding="utf-8"))["responses"]


def test_a_run_killed_midway_loses_nothing_and_duplicates_nothing(tmp_path):
    hearing = build_hearing(tmp_path / "opplæring", 40)
    out = tmp_path / "ut"
    store = out / hearing.name / "analyse.sqlite"
    process = _cli("run", str(hearing), "--out", str(out), "--quiet")
    _wait_until(lambda: _stored(store) >= 3 or process.poll() is not None)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = _stored(store)
    assert 3 <= done < 40, "the run should have been killed while it worked"

    resumed, _ = run_hearing(hearing, out)
    assert (resumed.run.n_new, resumed.run.n_cached) == (40 - done, done)
    db = sqlite3.connect(store)
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM responses").fetchone() == (40, 40)
    assert [row[0] for row in db.execute("SELECT status FROM runs ORDER BY id")] == ["interrupted", "finished"]

    run_hearing(hearing, tmp_path / "rent")
    assert _responses(out, hearing.name) == _responses(tmp_path / "rent", hearing.name)


def test_a_second_run_on_the_same_output_folder_stops_and_says_why(tmp_path, capsys):
    hearing = build_hearing(tmp_path / "opplæring", 2)
    out = tmp_path / "ut"
    with OutputLock(out / hearing.name):  # as a run in another process holds it
        assert main(["run", str(hearing), "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert "another run" in error and str(out / hearing.name) in error
    assert not (out / hearing.name / "analyse.json").exists()


def test_wait_lets_the_second_run_go_on_once_the_first_is_done(tmp_path):
    hearing = build_hearing(tmp_path / "opplæring", 2)
    out = tmp_path / "ut"
    released = threading.Event()

    def hold_for_a_second():
        with OutputLock(out / hearing.name):
            time.sleep(1.0)
            released.set()

    holder = threading.Thread(target=hold_for_a_second)
    holder.start()
    time.sleep(0.2)
    assert main(["run", str(hearing), "--out", str(out), "--quiet", "--wait"]) == 0
    assert released.is_set(), "the second run must not start before the first has let go"
    holder.join()


def test_a_changed_resource_re_analyses_every_response(tmp_path):
    """A copy of the installed package, run as a real CLI, with one resource file edited."""
    package = tmp_path / "site" / "horingsanalyse"
    shutil.copytree(Path(horingsanalyse.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    hearing = build_hearing(tmp_path / "opplæring", 3)
    out = tmp_path / "ut"

    def run() -> dict:
        process = _cli("run", str(hearing), "--out", str(out), "--quiet", env=env)
        assert process.wait(timeout=300) == 0, process.stderr.read()
        return json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))["run"]

    assert (run()["n_new"], run()["n_new"]) == (3, 0)
    cues = package / "resources" / "stance_cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\n# tilføyd av en analytiker\n", encoding="utf-8")
    again = run()
    assert (again["n_new"], again["n_cached"]) == (3, 0)


def test_a_missing_tool_is_said_once_per_run(tmp_path):
    hearing = build_hearing(tmp_path / "opplæring", 2)
    env = {**os.environ, "PATH": str(tmp_path / "empty-path")}  # no tesseract on it
    process = _cli("run", str(hearing), "--out", str(tmp_path / "ut"), "--quiet", env=env)
    assert process.wait(timeout=300) == 0
    run = json.loads((tmp_path / "ut" / hearing.name / "analyse.json").read_text(encoding="utf-8"))["run"]
    ocr = [warning for warning in run["warnings"] if warning.startswith("OCR is not available")]
    assert len(ocr) == 1
    assert process.stderr.read().count("OCR is not available") == 1


def test_a_store_from_an_older_version_is_rebuilt_and_the_run_says_so(tmp_path):
    hearing = build_hearing(tmp_path / "opplæring", 2)
    store = tmp_path / "ut" / hearing.name / "analyse.sqlite"
    store.parent.mkdir(parents=True)
    old = sqlite3.connect(store)  # the unversioned store of 0.1.0
    old.execute("CREATE TABLE responses (sha256 TEXT, analysis_key TEXT, file TEXT, result TEXT, text TEXT, "
                "analysed_at TEXT, PRIMARY KEY (sha256, analysis_key))")
    old.commit()
    old.close()
    analysis, _ = run_hearing(hearing, tmp_path / "ut")
    assert analysis.run.n_new == 2
    assert any("rebuilt" in warning for warning in analysis.run.warnings)
    again, _ = run_hearing(hearing, tmp_path / "ut")
    assert again.run.n_cached == 2 and not any("rebuilt" in warning for warning in again.run.warnings)


def test_a_process_forked_by_a_killed_run_does_not_keep_its_folder_locked(tmp_path):
    """Workers are forked from the run: were the lock file still open in one, a run killed
    with ``kill -9`` would leave its output folder locked for as long as that worker lived."""
    out = tmp_path / "ut"
    code = ("import multiprocessing, sys, time\n"
            "from horingsanalyse.runlock import OutputLock\n"
            "with OutputLock(sys.argv[1]):\n"
            "    child = multiprocessing.get_context('fork').Process(target=time.sleep, args=(60,))\n"
            "    child.start()\n"
            "    print(child.pid, flush=True)\n"
            "    time.sleep(60)\n")
    run = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    child = int(run.stdout.readline())
    try:
        run.kill()
        run.wait()
        os.kill(child, 0)  # the forked process is still alive
        with OutputLock(out):
            pass
    finally:
        os.kill(child, signal.SIGKILL)
