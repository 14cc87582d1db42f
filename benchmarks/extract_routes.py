"""The two ways a PDF page's glyphs are read, compared page by page: the same text, and the cost.

`pdfium_pages` (on by default) reads the glyphs of plain text pages with PDFium and hands them
to pdfplumber's line reading; pdfplumber (pdfminer) reads the rest. This script reads every
PDF given (default: the demo corpus and the real PDF of the tests) both ways and prints, per
route, CPU time per page, and how many pages come out with exactly the same body, header and
footer text; the pages that differ are printed with their first difference.

    PYTHONPATH=src python benchmarks/extract_routes.py [PDF or folder ...]
"""

from __future__ import annotations

import argparse
import difflib
import time
from dataclasses import replace
from pathlib import Path

from horingsanalyse.extract import DEFAULT_EXTRACT_SETTINGS
from horingsanalyse.extract.pdf import pdf_pages
from horingsanalyse.extract.pdfium_chars import PdfiumDocument

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "corpus", ROOT / "tests" / "data")


def pdf_files(sources: list[Path]) -> list[Path]:
    """Every PDF under the sources, in a stable order."""
    files = []
    for source in sources:
        files += sorted(source.rglob("*.pdf")) if source.is_dir() else [source]
    return files


def read(path: Path, pdfium: bool) -> tuple[tuple, float]:
    """The pages of one PDF read one way, with the CPU seconds it took."""
    settings = replace(DEFAULT_EXTRACT_SETTINGS, pdfium_pages=pdfium, ocr=False)
    start = time.process_time()
    pages = pdf_pages(path, path.read_bytes()[-1024:], settings, [])
    return pages, time.process_time() - start


def pdfium_share(path: Path) -> tuple[int, int]:
    """How many of the PDF's pages the PDFium route reads itself (the rest go to pdfplumber)."""
    document = PdfiumDocument(path)
    try:
        taken = sum(document.page_chars(index, DEFAULT_EXTRACT_SETTINGS) is not None for index in range(len(document)))
        return taken, len(document)
    finally:
        document.close()


def first_difference(a: str, b: str) -> str:
    """The first differing stretch of two texts, for the report."""
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            return f"{a[max(0, i1 - 30):i2 + 30]!r} / {b[max(0, j1 - 30):j2 + 30]!r}"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", type=Path, default=list(DEFAULT_SOURCES))
    args = parser.parse_args()
    files = pdf_files(args.sources)
    n_pages = same = taken = 0
    cpu = {False: 0.0, True: 0.0}
    for path in files:
        plumber, cpu_plumber = read(path, False)
        fast, cpu_fast = read(path, True)
        cpu[False] += cpu_plumber
        cpu[True] += cpu_fast
        taken += pdfium_share(path)[0]
        for a, b in zip(plumber, fast):
            n_pages += 1
            fields = [(name, getattr(a, name), getattr(b, name)) for name in ("text", "header", "footer")]
            differing = [(name, x, y) for name, x, y in fields if x != y]
            if not differing:
                same += 1
                continue
            name, x, y = differing[0]
            print(f"{path.name} p{a.number} {name}: {first_difference(x, y)}")
    print(f"{len(files)} PDFs, {n_pages} pages; read by PDFium: {taken} ({taken / max(n_pages, 1):.1%})")
    print(f"same body, header and footer text both ways: {same} of {n_pages} pages ({same / max(n_pages, 1):.1%})")
    for route, label in ((False, "pdfplumber only"), (True, "PDFium where plain")):
        print(f"CPU per page, {label}: {1000 * cpu[route] / max(n_pages, 1):.1f} ms")


if __name__ == "__main__":
    main()
