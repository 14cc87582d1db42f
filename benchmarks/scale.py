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
- the cost of each stage per page (extract, repair, tag on a sample of the responses, one
  process; campaigns and report on all of them);
- campaign detection time and memory at 1,000, 4,000 and 20,000 responses, by running
  ``benchmarks/campaigns.py`` (another engineer's) where it exists.

Targets (issue 12, a 2-core machine): one worker <= 1.6x plain pdfplumber's time; two workers
>= 1.8x as fast as one; 1,000 letters in < 5 min on two cores with peak memory < 2 GB; a re-run
with 10 new of 1,000 < 5 % of the full run.

Usage: PYTHONPATH=src python benchmarks/scale.py [--n 200] [--build-dir DIR] [--skip dask,campaigns]
       PYTHONPATH=src python benchmarks/scale.py --n 1000 --skip w1,dask,stages   # the 1,000-letter target
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
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus" / "nou-2019-18-havbruk"
PARTS = ("plain", "w1", "w2", "dask", "rerun", "stages", "campaigns")
N_NEW = 10
STAGE_SAMPLE = 40
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
    for i in range(len(demo_files), n + N_NEW):
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


class PeakMemory:
    """The peak of the summed PSS of some processes and all their children, sampled in a thread."""

    def __init__(self, *pids: int):
        self.pids = pids
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self.pids:
                try:
                    root = psutil.Process(pid)
                    family = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for process in family:
                    try:
                        total += process.memory_full_info().pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            self.peak = max(self.peak, total)
            self._stop.wait(SAMPLE_S)


def cli_run(hearing: Path, out: Path, *options: str, watch: tuple[int, ...] = ()) -> tuple[float, float, dict]:
    """Seconds, peak memory (MB) and the ``run`` record of one ``horingsanalyse run``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "horingsanalyse.cli", "run", str(hearing), "--out", str(out),
                                "--quiet", *options], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid, *watch) as memory:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"run {' '.join(options)} failed ({process.returncode}): {stderr[-2000:]}")
    run = json.loads((out / hearing.name / "analyse.json").read_text(encoding="utf-8"))["run"]
    return seconds, memory.peak / 2**20, run


def plain_pdfplumber(paths: list[Path]) -> tuple[float, int]:
    """Seconds and pages for pdfplumber's own ``extract_text`` of every page, in this process."""
    import pdfplumber

    pages = 0
    start = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return time.perf_counter() - start, pages


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
    """Seconds and pages per stage: extract, repair and tag on a sample (in this process, as
    ``--workers 1`` does); campaigns and report on every response (from the store)."""
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
    for path in sorted(hearing.responses_dir.iterdir())[:: max(1, len(os.listdir(hearing.responses_dir)) // STAGE_SAMPLE)]:
        start = time.perf_counter()
        letter = extract_letter(path, relative_to=hearing.responses_dir)
        middle = time.perf_counter()
        letter = repair_letter(letter)
        end = time.perf_counter()
        doc = make_letter_doc(nlp, [page.text for page in letter.pages], sender_hint=letter.metadata.sender,
                              file_name=letter.file, disable=skip)
        response_from_doc(doc, letter, hearing)
        for stage, seconds in (("extract", middle - start), ("repair", end - middle), ("tag", time.perf_counter() - end)):
            costs[stage][0] += seconds
            costs[stage][1] += len(letter.pages)
    shutil.copy(store, out / "analyse.sqlite")
    analysis = analyse_hearing(hearing, store_path=out / "analyse.sqlite", workers=1)
    pages = sum(response.pages for response in analysis.responses)
    from horingsanalyse.store import Store

    with Store(out / "analyse.sqlite") as kept:
        texts = [kept.get(r.sha256, analysis.run.analysis_key)[1] for r in analysis.responses]
    start = time.perf_counter()
    find_campaigns(texts, [r.file for r in analysis.responses])
    costs["campaigns"] = [time.perf_counter() - start, pages]
    start = time.perf_counter()
    write_outputs(analysis, out / "report")
    costs["report"] = [time.perf_counter() - start, pages]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="responses in the hearing (default 200)")
    parser.add_argument("--build-dir", type=Path, default=None, help="build (or reuse) the hearing here")
    parser.add_argument("--skip", default="", help=f"parts to leave out, of: {', '.join(PARTS)}")
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
    print(f"horingsanalyse scale benchmark, {dt.date.today().isoformat()}, {psutil.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print(f"hearing: {args.n} responses ({len(pdfs)} PDF), {pages} pages; built in {hearing}\n")
    results: dict[str, tuple[float, float, dict]] = {}

    if "plain" not in skip:
        seconds, pdf_pages = plain_pdfplumber(pdfs)
        results["plain"] = (seconds, 0.0, {"pages": pdf_pages})
        print(f"plain pdfplumber extract_text  {seconds:7.1f} s  {pdf_pages / seconds:6.2f} pages/s  (PDFs only: {pdf_pages} pages)")
    for name, options in (("w1", ("--workers", "1")), ("w2", ("--workers", "2"))):
        if name in skip:
            continue
        results[name] = cli_run(hearing, work / f"out-{name}", *options)
        seconds, peak, run = results[name]
        print(f"run {' '.join(options):<26} {seconds:7.1f} s  {pages / seconds:6.2f} pages/s  peak {peak:6.0f} MB  "
              f"({run['n_new']} new)")
    if "dask" not in skip:
        cluster, address = start_cluster()
        try:
            results["dask"] = cli_run(hearing, work / "out-dask", "--cluster", address, watch=(cluster.pid,))
        finally:
            cluster.stdin.close()
            cluster.wait(timeout=60)
        seconds, peak, run = results["dask"]
        print(f"run --cluster (LocalCluster 2x1)  {seconds:7.1f} s  {pages / seconds:6.2f} pages/s  peak {peak:6.0f} MB  "
              f"({run['n_new']} new)")

    print()
    if "plain" in results and "w1" in results:
        ratio = results["w1"][0] / results["plain"][0]
        print(f"--workers 1 / plain pdfplumber time         {ratio:5.2f}   target <= 1.6   {verdict(ratio <= 1.6)}")
    if "w1" in results and "w2" in results:
        speedup = results["w1"][0] / results["w2"][0]
        print(f"--workers 2 speed-up over --workers 1       {speedup:5.2f}x  target >= 1.8x  {verdict(speedup >= 1.8)}")
    if "w1" in results and "dask" in results:
        print(f"Dask LocalCluster speed-up over --workers 1 {results['w1'][0] / results['dask'][0]:5.2f}x")
    if "w2" in results:
        seconds, peak, _ = results["w2"]
        per_1000 = seconds * 1000 / args.n
        note = "" if args.n == 1000 else f" (scaled from {args.n}: run --n 1000 for the target)"
        print(f"1,000 letters on two cores                   {per_1000 / 60:5.1f} min  target < 5 min  "
              f"{verdict(per_1000 < 300)}{note}")
        print(f"peak memory, --workers 2                    {peak:6.0f} MB   target < 2,000 MB  {verdict(peak < 2000)}")

    if "rerun" not in skip and "w2" in results:
        full = results["w2"][0]
        out = work / "out-w2"
        same, _, run = cli_run(hearing, out, "--workers", "2")
        print(f"\nre-run, nothing new: {same:6.1f} s = {100 * same / full:5.1f} % of the full run "
              f"({run['n_new']} new, {run['n_cached']} from the store)")
        for path in sorted((hearing / "new").iterdir()):
            shutil.copy(path, hearing / "svar" / path.name)
        try:
            ten, _, run = cli_run(hearing, out, "--workers", "2")
        finally:
            for path in sorted((hearing / "new").iterdir()):
                (hearing / "svar" / path.name).unlink()
        print(f"re-run, {N_NEW} new of {args.n}: {ten:6.1f} s = {100 * ten / full:5.1f} % of the full run "
              f"({run['n_new']} new)   target < 5 % (of 1,000)  {verdict(100 * ten / full < 5)}")

    if "stages" not in skip and ("w2" in results or "w1" in results):
        store = work / ("out-w2" if "w2" in results else "out-w1") / hearing.name / "analyse.sqlite"
        stage_out = work / "stages"
        stage_out.mkdir()
        costs = stage_costs(hearing, store, stage_out)
        print("\nstage costs, ms per page (extract, repair, tag: a sample in one process; campaigns, report: all)")
        for stage, (seconds, n) in costs.items():
            print(f"  {stage:<10} {1000 * seconds / max(n, 1):7.1f} ms/page   ({seconds:.1f} s, {n} pages)")
        if "plain" in results:
            print(f"  (plain pdfplumber extract_text: {1000 * results['plain'][0] / results['plain'][2]['pages']:.1f} "
                  "ms/page, on every PDF)")

    campaigns_script = ROOT / "benchmarks" / "campaigns.py"
    if "campaigns" not in skip:
        if campaigns_script.is_file():
            print(f"\ncampaign detection ({campaigns_script.relative_to(ROOT)} --skip-demo):", flush=True)
            subprocess.run([sys.executable, str(campaigns_script), "--skip-demo"], check=False,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        else:
            print(f"\ncampaign detection: {campaigns_script.relative_to(ROOT)} is not in this checkout "
                  "(another engineer writes it); not measured here")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
