"""CPU seconds per page of each stage and each spaCy component, and what a worker's start costs.

The scale benchmark (``benchmarks/scale.py``) times whole runs; on a shared machine their wall
times say as much about the other jobs as about ours. This one measures CPU time
(``time.process_time``) in one process on the first N responses of the demo hearing, so a
change can be compared before and after on the same machine state:

- per page: extract, repair, tag, and within tag each pipeline component (run one after the
  other as ``Language.__call__`` runs them, components the analysis skips left out);
- once: importing the package, building the pipeline (model, gazetteer patterns, actors and
  positions initialised), and the repair's word lists (wordfreq, the lexicon, hunspell) on the
  first letter: what a worker that builds its own pipeline pays before its first response;
- what workers cost to start, as a run sees it: the CPU time of the whole process tree (run,
  workers and any helper process) of ``run --workers 1`` and ``--workers 2`` on a hearing of the
  first ``--start-n`` responses (fresh processes, sampled as ``benchmarks/scale.py`` does); the
  difference is what the second process arrangement costs on top of the same work.

Usage: PYTHONPATH=src python benchmarks/stage_cpu.py [--n 20] [--start-n 4] [--hearing corpus/nou-2019-18-havbruk]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="responses to measure (the first N files; default 20; 0: only the worker start)")
    parser.add_argument("--hearing", type=Path, default=ROOT / "corpus" / "nou-2019-18-havbruk")
    parser.add_argument("--start-n", type=int, default=4, help="responses in the worker-start runs (0: leave them out)")
    args = parser.parse_args(argv)
    if args.n:
        print_stage_costs(args.hearing, args.n)
    if args.start_n:
        print_worker_start(args.hearing, args.start_n)
    return 0


def print_stage_costs(hearing_dir: Path, n: int) -> None:
    """CPU per page of each stage and component on the first ``n`` responses, in this process."""

    start = time.process_time()
    from horingsanalyse.batch import UNREAD_PIPES, response_from_doc
    from horingsanalyse.config import load_hearing
    from horingsanalyse.extensions import register_extensions
    from horingsanalyse.extract import extract_letter
    from horingsanalyse.nlp import build_pipeline
    from horingsanalyse.repair import repair_letter
    imported = time.process_time() - start

    hearing = load_hearing(hearing_dir)
    start = time.process_time()
    nlp = build_pipeline(hearing)
    built = time.process_time() - start
    register_extensions()
    skip = set(UNREAD_PIPES)

    stages: dict[str, float] = defaultdict(float)
    components: dict[str, float] = defaultdict(float)
    pages = 0
    first_repair, first_pages = None, 0
    for path in sorted(hearing.responses_dir.iterdir())[:n]:
        start = time.process_time()
        letter = extract_letter(path, relative_to=hearing.responses_dir)
        middle = time.process_time()
        letter = repair_letter(letter)
        end = time.process_time()
        if first_repair is None:
            first_repair, first_pages = end - middle, len(letter.pages)
        else:
            stages["repair"] += end - middle
        stages["extract"] += middle - start
        doc = _tagged(nlp, letter, skip, components)
        response_from_doc(doc, letter, hearing)
        stages["tag"] += time.process_time() - end
        pages += len(letter.pages)

    print(f"{n} responses, {pages} pages of {hearing_dir.name}; CPU time (time.process_time), one process")
    print(f"  once: import {imported:.2f} s, build_pipeline {built:.2f} s, the first letter's repair "
          f"(word lists loaded) {first_repair:.2f} s")
    for stage in ("extract", "repair", "tag"):
        counted = pages - first_pages if stage == "repair" else pages
        note = " (the first letter left out: its word-list load is above)" if stage == "repair" else ""
        print(f"  {stage:8s} {1000 * stages[stage] / max(counted, 1):7.1f} ms/page{note}")
    for name, seconds in components.items():
        print(f"    {name:28s} {1000 * seconds / pages:7.1f} ms/page")


def print_worker_start(hearing_dir: Path, n: int) -> None:
    """The whole run's CPU time with one and with two workers on the same ``n`` responses."""
    from scale import cli_run

    with tempfile.TemporaryDirectory(prefix="stage-cpu-") as folder:
        small = Path(folder) / hearing_dir.name
        (small / "svar").mkdir(parents=True)
        shutil.copy(hearing_dir / "horing.toml", small / "horing.toml")
        for path in sorted((hearing_dir / "svar").iterdir())[:n]:
            shutil.copy(path, small / "svar" / path.name)
        runs = {workers: cli_run(small, Path(folder) / f"ut-{workers}", "--workers", str(workers))
                for workers in (1, 2)}
    print(f"worker start, {n} responses, whole process tree (CPU sampled every 0.2 s):")
    for workers, measured in runs.items():
        print(f"  --workers {workers}: {measured.cpu_seconds:6.1f} s CPU, {measured.seconds:6.1f} s wall, "
              f"peak {measured.peak_mb:5.0f} MB PSS (load {measured.load:.1f})")
    print(f"  two workers cost {runs[2].cpu_seconds - runs[1].cpu_seconds:+.1f} s CPU over one")


def _tagged(nlp, letter, skip: set[str], components: dict[str, float]):
    """The letter's Doc as :func:`horingsanalyse.nlp.make_letter_doc` makes it (the same text
    and extension values), each component timed on its own."""
    start = time.process_time()
    texts = [page.text for page in letter.pages]
    doc = nlp.make_doc("\n\n".join(texts))
    doc._.page_starts = [sum(len(text) + 2 for text in texts[:i]) for i in range(len(texts))]
    doc._.sender_hint = letter.metadata.sender
    doc._.file_name = letter.file
    components["tokenizer"] += time.process_time() - start
    for name, proc in nlp.pipeline:
        if name in skip:
            continue
        start = time.process_time()
        doc = proc(doc)
        components[name] += time.process_time() - start
    return doc


if __name__ == "__main__":
    raise SystemExit(main())
