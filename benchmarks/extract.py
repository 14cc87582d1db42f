"""Speed and memory of extract_letter against plain pdfplumber, and Tesseract threading.

Generates born-digital letters (10 x 5 pages and one 500-page PDF) and three scanned pages
with reportlab into a temporary folder, then prints one table. Targets: ours <= 1.3x plain
pdfplumber's time; peak memory on the 500-page PDF < 300 MB. Runs in a few minutes:

    python benchmarks/extract.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pdfs import make_letter_pdf, make_scanned_pdf  # noqa: E402

from horingsanalyse.extract import ExtractSettings, extract_letter  # noqa: E402

PARAGRAPH = (
    "Vi viser til høringsbrevet om endringer i arbeidsmiljøloven. Forslaget om å utvide "
    "arbeidsgivers lønnsplikt ved permittering vil ramme små og mellomstore bedrifter hardt, "
    "særlig i reiselivet og i fiskeindustrien langs kysten. Vi ber departementet vurdere "
    "en overgangsordning og en nærmere utredning av de økonomiske konsekvensene."
)
PAGE = "\n\n".join([PARAGRAPH] * 5)
SCAN = ["Høringssvar fra Bønder i Sør", "Vi støtter forslaget om økt tilskudd til små gårder.", "Med vennlig hilsen", "Kåre Østby"]


def plain_pdfplumber(path: Path) -> int:
    """The baseline: pdfplumber's own text per page, pages left open (its default behaviour)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def ours(path: Path) -> int:
    return len(extract_letter(path).text)


def timed(function, paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        function(path)
    return time.perf_counter() - start


def peak_memory_and_seconds(which: str, path: Path) -> tuple[float, float, float]:
    """Peak RSS (MB), RSS before reading (MB: Python, imports, lexicon) and seconds, in a fresh interpreter."""
    result = subprocess.run([sys.executable, __file__, "--peak", which, str(path)], capture_output=True, text=True, check=True)
    peak, before, seconds = result.stdout.split()
    return float(peak), float(before), float(seconds)


def ocr_seconds_per_page(paths: list[Path], threads: int | None) -> float:
    settings = ExtractSettings(ocr_threads=threads)
    start = time.perf_counter()
    for path in paths:
        assert extract_letter(path, settings=settings).pages[0].ocr
    return (time.perf_counter() - start) / len(paths)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        letters = [make_letter_pdf(folder / f"svar-{n}.pdf", [PAGE] * 5, header="Testforeningen", footer="Side {page} av {pages}") for n in range(10)]
        long_pdf = make_letter_pdf(folder / "lang.pdf", [PAGE] * 500, footer="Side {page} av {pages}")
        scans = [make_scanned_pdf(folder / f"skann-{n}.pdf", SCAN) for n in range(3)]
        ours(letters[0]), plain_pdfplumber(letters[0])  # load the lexicon and warm caches once

        plain_s, ours_s = timed(plain_pdfplumber, letters), timed(ours, letters)
        rows = [("10 letters x 5 pages", 50 / plain_s, 50 / ours_s, ours_s / plain_s)]
        # the 500-page PDF runs in fresh interpreters, so its peak memory is its own
        memory = {which: peak_memory_and_seconds(which, long_pdf) for which in ("plain", "ours")}
        rows.append(("one 500-page PDF", 500 / memory["plain"][2], 500 / memory["ours"][2], memory["ours"][2] / memory["plain"][2]))
        ocr = {threads: ocr_seconds_per_page(scans, threads) for threads in (1, None)}

    print(f"{'speed':<22}{'plain pages/s':>15}{'ours pages/s':>15}{'ours/plain time':>17}  (target <= 1.30)")
    for label, plain_rate, our_rate, ratio in rows:
        print(f"{label:<22}{plain_rate:>15.1f}{our_rate:>15.1f}{ratio:>17.2f}")
    print(f"\n{'RSS, 500 pages':<22}{'plain (open pages)':>20}{'ours':>10}  (target ours < 300 MB)")
    print(f"{'peak':<22}{memory['plain'][0]:>17.0f} MB{memory['ours'][0]:>7.0f} MB")
    print(f"{'before reading':<22}{memory['plain'][1]:>17.0f} MB{memory['ours'][1]:>7.0f} MB  (imports; ours also the lexicon)")
    print(f"{'growth while reading':<22}{memory['plain'][0] - memory['plain'][1]:>17.0f} MB{memory['ours'][0] - memory['ours'][1]:>7.0f} MB")
    print(f"\n{'OCR, s/page (3 pages)':<22}{'OMP_THREAD_LIMIT=1':>20}{'default threads':>17}")
    print(f"{'':<22}{ocr[1]:>20.2f}{ocr[None]:>17.2f}")


def peak_rss_mb() -> float:
    """VmHWM: this process's peak RSS (ru_maxrss would include the parent's, kept across exec)."""
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def measure_peak(which: str, path: Path) -> None:
    if which == "ours":
        extract_letter(path.with_name("svar-0.pdf"))  # load the lexicon outside the timing, as in main()
    before = peak_rss_mb()
    start = time.perf_counter()
    (ours if which == "ours" else plain_pdfplumber)(path)
    print(peak_rss_mb(), before, time.perf_counter() - start)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--peak":
        measure_peak(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
