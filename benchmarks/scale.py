"""The batch at scale: one worker, two, a Dask cluster, re-runs, and what each stage costs.

Builds a hearing of N responses from the demo letters in ``corpus/nou-2019-18-havbruk/svar/``:
the 78 demo files as they are (PDF, .txt, .html; their campaigns included), then letters
typeset as the demo corpus is (``corpus/build_corpus.py``, its three letterhead layouts) from
the demo letters' own paragraphs: each mostly one letter's paragraphs, a third of them swapped
for paragraphs of other letters, under another sender, and one in ten a member of a planted
campaign (a demo letter resent, its first paragraph the sender's own). Ten more letters are
kept aside for the re-run with new responses. Then it prints, in one run:

- pages per second for plain pdfplumber ``extract_text`` on the hearing's PDFs, and for whole
  ``horingsanalyse run`` CLI runs (fresh processes, fresh output folders): ``--workers 1``,
  ``--workers 2`` and ``--cluster`` on a two-worker Dask ``LocalCluster`` (worker processes,
  one thread each; started before the run and not timed, as an existing cluster would be);
  the ratios between them, beside the targets;
- the peak memory of each run: the sum of the proportional set size (PSS: shared pages split
  between the processes that share them) of the run's process and all its children (the
  worker processes; for the cluster, the cluster's processes too), sampled every 0.2 s;
- a re-run with nothing new, and one with 10 new responses, relative to the full run;
- the CPU cost of each stage per page (extract, repair, tag on every 10th response, one
  process; campaigns and report on all of them);
- campaign detection time and memory at 1,000, 4,000 and 20,000 responses
  (``--campaign-sizes``), by running ``benchmarks/campaigns.py --skip-demo``, which prints its
  own targets.

Targets (issue 12, a 2-core machine): one worker <= 1.6x plain pdfplumber's time; two workers
>= 1.8x as fast as one; 1,000 letters in < 5 min on two cores with peak memory < 2 GB; a re-run
with 10 new of 1,000 < 5 % of the full run; campaigns for 20,000 responses < 60 s and < 1 GB.

Every figure is printed with the load average beside it (the mean 1-minute load while it ran)
and, for the runs, the CPU time of the run's processes beside the wall time: on a shared machine
the wall time says as much about the other jobs as about this one.

Usage: PYTHONPATH=src python benchmarks/scale.py                # 1,000 responses: every target
       PYTHONPATH=src python benchmarks/scale.py --n 100 --campaign-sizes 1000,4000   # ~10 min
       [--build-dir DIR] (build the hearing once, reuse it) [--skip plain,w1,w2,dask,rerun,stages,campaigns]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus" / "nou-2019-18-havbruk"
PARTS = ("plain", "w1", "w2", "dask", "rerun", "stages", "campaigns")
N_NEW = 10
STAGE_EVERY = 10  # the stage costs are measured on every 10th response
SAMPLE_S = 0.2
SEED = 12


def demo_letters() -> list[dict]:
    """The demo PDFs' sender, date and body paragraphs, read once with our own extraction."""
    from horingsanalyse.extract import extract_letter

    letters = []
    for path in sorted((DEMO / "svar").glob("*.pdf")):
        letter = extract_letter(path)
        paragraphs = [p.strip() for page in letter.pages for p in page.text.split("\n\n") if len(p.strip()) > 40]
        if len(paragraphs) >= 2:
            letters.append({"sender": letter.metadata.sender or path.stem, "paragraphs": paragraphs})
    return letters


def build_hearing(folder: Path, n: int) -> Path:
    """A hearing folder of ``n`` responses (see the module docstring), plus ``N_NEW`` letters
    in ``folder/new/`` for the re-run; reused when it is already there."""
    if (folder / "done.json").is_file() and json.loads((folder / "done.json").read_text())["n"] == n:
        return folder
    sys.path.insert(0, str(ROOT / "corpus"))
    import build_corpus  # the demo corpus's own typesetting

    from horingsanalyse.gazetteer import load_gazetteer

    shutil.rmtree(folder, ignore_errors=True)
    svar, new = folder / "svar", folder / "new"
    svar.mkdir(parents=True)
    new.mkdir()
    shutil.copy(DEMO / "horing.toml", folder / "horing.toml")
    demo_files = sorted((DEMO / "svar").iterdir())
    for path in demo_files[:n]:
        shutil.copy(path, svar / path.name)
    letters = demo_letters()
    senders = [entry.name for entry in load_gazetteer()]
    rng = random.Random(SEED)
    campaigns = rng.sample(letters, 4)
    for i in range(min(len(demo_files), n), n + N_NEW):
        sender = f"{rng.choice(senders)}" if rng.random() < 0.7 else f"Innbygger {i}"
        if rng.random() < 0.1:
            source = rng.choice(campaigns)
            paragraphs = [f"{sender} viser til høringen og slutter seg til det som står nedenfor."]
            paragraphs += source["paragraphs"][1:]
        else:
            source = letters[i % len(letters)]
            paragraphs = [p if rng.random() > 0.33 else rng.choice(rng.choice(letters)["paragraphs"])
                          for p in source["paragraphs"]]
        target = (new if i >= n else svar) / f"{i:04d}-svar.pdf"
        build_corpus.build_pdf(target, sender, "", f"20/{i}", "03.02.2020",
                               [build_corpus.to_winansi(p) for p in paragraphs], style=i % 3)
    (folder / "done.json").write_text(json.dumps({"n": n}))
    return folder


class ProcessTree:
    """Peak memory, CPU time and load of some processes and all their children, sampled in a thread.

    Memory is the peak of the summed PSS; CPU time is each process's user + system time at its
    last sample, less what it had used when sampling started (so a cluster started before the
    run counts only the run's work; up to one sampling interval per process is missed at its
    end); load is the mean 1-minute load average over the samples (the machine may be shared).
    """

    def __init__(self, *pids: int):
        self.pids = pids
        self.peak = 0
        self._cpu_before: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._loads: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def cpu_seconds(self) -> float:
        return sum(last - self._cpu_before.get(pid, 0.0) for pid, last in self._cpu_last.items())

    @property
    def load(self) -> float:
        return sum(self._loads) / len(self._loads) if self._loads else os.getloadavg()[0]

    def __enter__(self) -> ProcessTree:
        self._cpu_before = {process.pid: _cpu(process) for process in self._family()}
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _family(self) -> list[psutil.Process]:
        family = []
        for pid in self.pids:
            try:
                root = psutil.Process(pid)
                family += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        return family

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for process in self._family():
                try:
                    total += process.memory_full_info().pss
                    self._cpu_last[process.pid] = _cpu(process)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak = max(self.peak, total)
            self._loads.append(os.getloadavg()[0])
            self._stop.wait(SAMPLE_S)


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0
    return times.user + times.system


@dataclass(frozen=True)
class Measured:
    """One timed part: wall and CPU seconds, peak memory, the mean load while it ran."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    load: float
    run: dict = field(default_factory=dict)

    def line(self, label: str, pages: int) -> str:
        return (f"{label:<34} {self.seconds:7.1f} s wall {self.cpu_seconds:7.1f} s CPU  {pages / self.seconds:6.2f} pages/s"
                f"{f'  peak {self.peak_mb:5.0f} MB' if self.peak_mb else ''}  (load {self.load:.1f})")


def cli_run(hearing: Path, out: Path, *options: str, watch: tuple[int, ...] = ()) -> Measured:
    """One ``horingsanalyse run`` in a fresh process, with its ``run`` record."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "horingsanalyse.cli", "run", str(hearing), "--out", str(out),
                                "--quiet", *options], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with ProcessTree(process.pid, *watch) as tree:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"run {' '.join(options)} failed ({process.returncode}): {stderr[-2000:]}")
    run = json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))["run"]
    return Measured(seconds, tree.cpu_seconds, tree.peak / 2**20, tree.load, run)


def plain_pdfplumber(paths: list[Path]) -> tuple[Measured, int]:
    """pdfplumber's own ``extract_text`` of every page, in this process; and the pages read."""
    import pdfplumber

    pages = 0
    with ProcessTree(os.getpid()) as tree:
        start, cpu_start = time.perf_counter(), time.process_time()
        for path in paths:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    pages += 1
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return Measured(seconds, cpu_seconds, 0.0, tree.load), pages


def count_pages(hearing: Path) -> int:
    import pdfplumber

    total = 0
    for path in sorted((hearing / "svar").iterdir()):
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                total += len(pdf.pages)
        else:
            total += 1  # .txt and .html responses are one page
    return total


def stage_costs(hearing_dir: Path, store: Path, out: Path) -> dict[str, tuple[float, int]]:
    """CPU seconds and pages per stage: extract, repair and tag on every ``STAGE_EVERY``th
    response (in this process, as ``--workers 1`` does); campaigns and report on every response
    (from the store). CPU time, not wall time: the machine may be shared."""
    from horingsanalyse.batch import UNREAD_PIPES, analyse_hearing, response_from_doc
    from horingsanalyse.cluster import find_campaigns
    from horingsanalyse.config import load_hearing
    from horingsanalyse.extract import extract_letter
    from horingsanalyse.nlp import build_pipeline, make_letter_doc
    from horingsanalyse.repair import repair_letter
    from horingsanalyse.report import write_outputs

    hearing = load_hearing(hearing_dir)
    nlp = build_pipeline(hearing)
    skip = [name for name in nlp.pipe_names if name in UNREAD_PIPES]
    costs = {stage: [0.0, 0] for stage in ("extract", "repair", "tag", "campaigns", "report")}
    for path in sorted(hearing.responses_dir.iterdir())[::STAGE_EVERY]:
        start = time.process_time()
        letter = extract_letter(path, relative_to=hearing.responses_dir)
        middle = time.process_time()
        letter = repair_letter(letter)
        end = time.process_time()
        doc = make_letter_doc(nlp, [page.text for page in letter.pages], sender_hint=letter.metadata.sender,
                              file_name=letter.file, disable=skip)
        response_from_doc(doc, letter, hearing)
        for stage, seconds in (("extract", middle - start), ("repair", end - middle), ("tag", time.process_time() - end)):
            costs[stage][0] += seconds
            costs[stage][1] += len(letter.pages)
    shutil.copy(store, out / "analyse.sqlite")
    analysis = analyse_hearing(hearing, store_path=out / "analyse.sqlite", workers=1)
    pages = sum(response.pages for response in analysis.responses)
    from horingsanalyse.store import Store

    with Store(out / "analyse.sqlite") as kept:
        texts = [kept.get(r.sha256, analysis.run.analysis_key)[1] for r in analysis.responses]
    start = time.process_time()
    find_campaigns(texts, [r.file for r in analysis.responses])
    costs["campaigns"] = [time.process_time() - start, pages]
    start = time.process_time()
    write_outputs(analysis, out / "report")
    costs["report"] = [time.process_time() - start, pages]
    return {stage: (seconds, n) for stage, (seconds, n) in costs.items()}


def serve_cluster() -> None:
    """Run a two-worker LocalCluster (processes, one thread each) until stdin closes."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()


def start_cluster() -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, __file__, "--serve-cluster"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = process.stdout.readline().strip()
    if not address.startswith("tcp://"):
        raise SystemExit("the Dask LocalCluster did not start (is the dask extra installed?)")
    return process, address


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_ratios(results: dict[str, Measured], n: int, pages: int) -> None:
    """The ratios between the runs, each beside its target; CPU-time ratios beside the wall-time
    ones, since on a shared machine the wall time says as much about the others' load."""
    plain, w1, w2, dask = (results.get(name) for name in ("plain", "w1", "w2", "dask"))
    if plain and w1:
        print(f"--workers 1 / plain pdfplumber, time     {w1.seconds / plain.seconds:5.2f} wall, "
              f"{w1.cpu_seconds / plain.cpu_seconds:5.2f} CPU   target <= 1.6   "
              f"{verdict(w1.seconds / plain.seconds <= 1.6)} (wall), {verdict(w1.cpu_seconds / plain.cpu_seconds <= 1.6)} (CPU)")
    if w1 and w2:
        speedup = w1.seconds / w2.seconds
        print(f"--workers 2 speed-up over --workers 1     {speedup:5.2f}x wall  target >= 1.8x  {verdict(speedup >= 1.8)}; "
              f"CPU of 2 / CPU of 1: {w2.cpu_seconds / w1.cpu_seconds:4.2f} (on 2 idle cores at most "
              f"{2 * w1.cpu_seconds / w2.cpu_seconds:4.2f}x)")
    if w1 and dask:
        print(f"Dask LocalCluster speed-up over --workers 1 {w1.seconds / dask.seconds:5.2f}x wall; "
              f"CPU of the cluster run / CPU of 1: {dask.cpu_seconds / w1.cpu_seconds:4.2f}")
    if w2:
        per_1000 = w2.seconds * 1000 / n
        note = "" if n == 1000 else f" (scaled from {n} responses, {pages} pages)"
        print(f"1,000 letters on two cores                {per_1000 / 60:5.1f} min  target < 5 min  "
              f"{verdict(per_1000 < 300)}{note}")
        print(f"peak memory, --workers 2                 {w2.peak_mb:6.0f} MB   target < 2,000 MB  {verdict(w2.peak_mb < 2000)}")


def print_reruns(hearing: Path, out: Path, full: Measured, n: int) -> None:
    """Re-run the two-worker run's output folder: nothing new, then with ``N_NEW`` new responses."""
    same = cli_run(hearing, out, "--workers", "2")
    print(f"re-run, nothing new        {same.seconds:6.1f} s wall {same.cpu_seconds:6.1f} s CPU = "
          f"{100 * same.seconds / full.seconds:5.1f} % of the full run ({same.run['n_new']} new, "
          f"{same.run['n_cached']} from the store; load {same.load:.1f})")
    for path in sorted((hearing / "new").iterdir()):
        shutil.copy(path, hearing / "svar" / path.name)
    try:
        ten = cli_run(hearing, out, "--workers", "2")
    finally:
        for path in sorted((hearing / "new").iterdir()):
            (hearing / "svar" / path.name).unlink()
    share = 100 * ten.seconds / full.seconds
    note = "" if n == 1000 else " (the target is for 1,000: run --n 1000)"
    print(f"re-run, {N_NEW} new of {n:<6}    {ten.seconds:6.1f} s wall {ten.cpu_seconds:6.1f} s CPU = {share:5.1f} % "
          f"of the full run ({ten.run['n_new']} new; load {ten.load:.1f})   target < 5 %  {verdict(share < 5)}{note}")


def print_stage_costs(hearing: Path, store: Path, work: Path, plain: Measured | None, plain_pages: int) -> None:
    stage_out = work / "stages"
    stage_out.mkdir()
    load = os.getloadavg()[0]
    costs = stage_costs(hearing, store, stage_out)
    print(f"stage costs, CPU ms per page (extract, repair, tag: every {STAGE_EVERY}th response in one process; "
          f"campaigns, report: all; load {load:.1f} at the start)")
    for stage, (seconds, n) in costs.items():
        print(f"  {stage:<10} {1000 * seconds / max(n, 1):7.1f} ms/page   ({seconds:.1f} s, {n} pages)")
    if plain:
        print(f"  (plain pdfplumber extract_text: {1000 * plain.cpu_seconds / plain_pages:.1f} ms/page CPU, on every PDF)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="responses in the hearing (default 1,000, the target's; "
                                                             "100 finishes in about 10 minutes on 2 idle cores)")
    parser.add_argument("--build-dir", type=Path, default=None, help="build (or reuse) the hearing here")
    parser.add_argument("--skip", default="", help=f"parts to leave out, of: {', '.join(PARTS)}")
    parser.add_argument("--campaign-sizes", default="1000,4000,20000",
                        help="hearing sizes for campaign detection (default 1000,4000,20000)")
    parser.add_argument("--serve-cluster", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_cluster:
        serve_cluster()
        return 0
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    work = Path(tempfile.mkdtemp(prefix="scale-"))
    hearing = build_hearing((args.build_dir or work) / f"hearing-{args.n}", args.n)
    pdfs = sorted((hearing / "svar").glob("*.pdf"))
    pages = count_pages(hearing)
    print(f"horingsanalyse scale benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"{psutil.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"hearing: {args.n} responses ({len(pdfs)} PDF), {pages} pages; built in {hearing}\n")
    results: dict[str, Measured] = {}
    plain_pages = 0
    if "plain" not in skip:
        results["plain"], plain_pages = plain_pdfplumber(pdfs)
        print(results["plain"].line(f"plain pdfplumber ({plain_pages} PDF pages)", plain_pages), flush=True)
    for name, options in (("w1", ("--workers", "1")), ("w2", ("--workers", "2"))):
        if name not in skip:
            results[name] = cli_run(hearing, work / f"out-{name}", *options)
            print(results[name].line(f"run {' '.join(options)}", pages), flush=True)
    if "dask" not in skip:
        cluster, address = start_cluster()
        try:
            results["dask"] = cli_run(hearing, work / "out-dask", "--cluster", address, watch=(cluster.pid,))
        finally:
            cluster.stdin.close()
            cluster.wait(timeout=60)
        print(results["dask"].line("run --cluster (LocalCluster 2x1)", pages), flush=True)
    print()
    print_ratios(results, args.n, pages)
    if "rerun" not in skip and "w2" in results:
        print()
        print_reruns(hearing, work / "out-w2", results["w2"], args.n)
    if "stages" not in skip and ("w2" in results or "w1" in results):
        print()
        store = work / ("out-w2" if "w2" in results else "out-w1") / hearing.name / "analyse.sqlite"
        print_stage_costs(hearing, store, work, results.get("plain"), plain_pages)
    if "campaigns" not in skip:
        print(f"\ncampaign detection (benchmarks/campaigns.py --skip-demo --sizes {args.campaign_sizes}; "
              f"load {os.getloadavg()[0]:.1f} at the start):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "campaigns.py"), "--skip-demo",
                        "--sizes", args.campaign_sizes], check=False, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
