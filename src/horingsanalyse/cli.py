"""The ``horingsanalyse`` command: thin argument parsing over the Python API.

Exit codes: 0 when every response was analysed, 1 when some failed (they are listed), 2 for a
usage, configuration or environment error (each error class in :mod:`.errors` names its code),
so a scheduled batch at the høringsfrist can tell them apart. The pipeline's modules (spaCy,
pdfplumber, pandas) are imported only by the command that needs them, so ``--help`` is quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .config import DEFAULT_OUT_DIR
from .errors import EXIT_FAILURES, EXIT_USAGE, HoringsanalyseError

EXIT_OK = 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="horingsanalyse",
        description="Analyse the responses (høringssvar) to a Norwegian public consultation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="analyse a hearing folder and write its report",
        description="Analyse every response in HEARING_DIR/svar/ (new or changed ones only: earlier "
                    "results come from the store) and write rapport.html, rapport.md, rapport.docx, "
                    "analyse.json, svar.csv and analyse.sqlite to OUT/<hearing folder name>/.")
    run.add_argument("hearing_dir", metavar="HEARING_DIR", type=Path,
                     help="folder with horing.toml and svar/")
    run.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, metavar="DIR",
                     help=f"where to write the output folder (default: {DEFAULT_OUT_DIR}/)")
    run.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                     help="spaCy pipeline to use (default: nb_core_news_* if installed, else the bundled one)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--wait", action="store_true",
                     help="if another run is writing to the same output folder, wait for it instead of stopping")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help="analyse new responses in N processes, one pipeline each (default: one per core)")
    where.add_argument("--cluster", default=None, metavar="ADDRESS",
                       help="send new responses to the Dask scheduler at ADDRESS (tcp://host:8786); "
                            "needs horingsanalyse[dask]")
    run.add_argument("--mask-private", action="store_true",
                     help="name private persons «Privatperson 1», «Privatperson 2» … in the reports and data "
                          "files (the store keeps their names)")
    run.set_defaults(handler=_run)

    extract = commands.add_parser(
        "extract", help="show the text, metadata and repairs of one response file",
        description="Extract one response file (PDF, .txt, .html or .docx): the text per page, the letter's "
                    "metadata and the repairs made to garbled Norwegian.")
    extract.add_argument("file", metavar="FILE", type=Path, help="the response file")
    extract.add_argument("--json", action="store_true", help="print JSON instead of text")
    extract.set_defaults(handler=_extract)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except HoringsanalyseError as exc:
        print(f"horingsanalyse: error: {exc}", file=sys.stderr)
        return exc.exit_code


def _run(args: argparse.Namespace) -> int:
    from .batch import run_hearing
    from .corrections import adapted_agreement_line, agreement_line

    analysis, written = run_hearing(args.hearing_dir, args.out, model=args.model, progress=not args.quiet,
                                    wait=args.wait, workers=args.workers, cluster=args.cluster,
                                    mask_private=args.mask_private)
    run = analysis.run
    print(f"{analysis.hearing.title}: {len(analysis.responses)} svar analysert "
          f"({run.n_new} nye, {run.n_cached} fra lageret), {len(analysis.failures)} feilet.")
    if analysis.agreement:
        print(agreement_line(analysis.agreement))
    if run.stance_adapted_with:
        print(f"Standpunktmodellen er tilpasset høringen med {run.stance_adapted_with} rettede svar "
              "fra korreksjoner.csv.")
    if analysis.adapted_agreement:
        print(adapted_agreement_line(analysis.adapted_agreement))
    for warning in (*run.warnings, *analysis.correction_problems):
        print(f"  ADVARSEL: {warning}", file=sys.stderr)
    for failure in analysis.failures:
        print(f"  FEIL {failure.file}: {failure.reason}", file=sys.stderr)
    print(f"Rapport: {written['html']}")
    return EXIT_FAILURES if analysis.failures else EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from .extract import extract_letter
    from .repair import repair_letter

    if not args.file.is_file():
        print(f"horingsanalyse: error: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    letter = repair_letter(extract_letter(args.file))
    print(json.dumps(letter_to_dict(letter), ensure_ascii=False, indent=2) if args.json else letter_to_text(letter))
    return EXIT_OK


def letter_to_dict(letter) -> dict:
    """The extracted letter as JSON values, from its dataclass fields (see :mod:`.serialize`)."""
    from .serialize import to_jsonable

    data = to_jsonable(letter)
    data["format"] = data.pop("source_format")
    return data


def letter_to_text(letter) -> str:
    data = letter_to_dict(letter)
    lines = [f"# {letter.file} ({letter.source_format}, {len(letter.pages)} sider)"]
    lines += [f"{key}: {value}" for key, value in data["metadata"].items() if value]
    for page in letter.pages:
        lines += ["", f"--- side {page.number}{' (OCR)' if page.ocr else ''} ---", page.text]
    if letter.repairs:
        lines += ["", f"--- {len(letter.repairs)} reparasjoner ---"]
        lines += [f"s. {r.page}: {r.before} → {r.after} ({r.confidence:.2f})" for r in letter.repairs]
    lines += [f"advarsel: {w}" for w in letter.warnings]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
