"""How well ``horingsanalyse.repair`` undoes the Norwegian-letter garbling of OCR without Norwegian.

Two sets, both built from clean Norwegian text (the html-source responses of the NOU 2019: 18
hearing and the sentences of the NorNE bokmål test split):

(a) Tesseract-English: each page is typeset with reportlab, rasterised with ``pdftoppm`` and read
    back by real ``tesseract -l eng``, which is what happens to a scanned høringssvar whose OCR
    had no Norwegian. Tesseract output is cached under the temp dir, keyed by a hash of the page.
    Pages are cut from one response at a time, each response in one font, and each response's
    pages are repaired with the confusion profile of all of them, as ``repair_letter`` does.
(b) Confusion model: the same text garbled word by word with the letter confusions observed in (a)
    (or, when (a) is empty, with the ones seen in KS's real response, seed 004).

For each set it prints the share of garbled words repaired exactly (all garbled words, and those
whose only difference from the source is in æ/ø/å/l), the share of correct words that the repair
changed, and the character error rate before and after repair.

Usage: python benchmarks/repair.py --shared ../shared [--limit PAGES] [--skip PAGES] [--fonts F1,F2]
       [--setting NAME=VALUE ...]

Pages are rendered in Liberation Sans and Liberation Serif (Debian's fonts-liberation), embedded.
``--fonts DejaVuSans`` renders with a font (Debian's fonts-dejavu-core) that the repair was not
developed on: a check that its stand-ins are not those of two fonts only.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from xml.sax.saxutils import escape

from horingsanalyse.repair import DEFAULT_REPAIR_SETTINGS, RepairSettings, estimate_profile, repair_text

HEARING = Path("data/hearings/nou-2019-18-havbruk")
NORNE_TEST = Path("data/norne/ud/nob/no_bokmaal-ud-test.conllu.gz")
WORDS_PER_PAGE = 300
# Every font is embedded from a Debian package that scripts/setup.sh installs: a PDF in a base-14
# font ("Helvetica") names its font without embedding it, so pdftoppm draws whatever the machine
# substitutes (DejaVu on a bare machine, Liberation or Nimbus where installed), and the figures
# then change from machine to machine. Liberation Sans and Serif have Helvetica's and Times'
# metrics; DejaVu Sans is the held-out check.
FONTS = ("LiberationSans", "LiberationSerif")
TRUETYPE_FONTS = {
    "LiberationSans": Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    "LiberationSerif": Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
    "DejaVuSans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}
DPI = 200
CACHE_DIR = Path(tempfile.gettempdir()) / "horingsanalyse-repair-bench"
# Tokens as the repair sees them: letters, digits and the OCR stand-ins & and |.
TOKEN = re.compile(r"[\w&|]+")
NORWEGIAN_LETTERS = set("æøåÆØÅlL")
# Seed 004 (KS, 2025): how often each letter came out as each stand-in, counted by hand.
SEED_004_CONFUSIONS = {
    "ø": {"g": 0.70, "e": 0.10, "a": 0.10, "p": 0.05, "ø": 0.05},
    "æ": {"z": 0.30, "ae": 0.30, "ee": 0.30, "æ": 0.10},
    "å": {"a": 0.85, "&": 0.10, "å": 0.05},
    "l": {"I": 0.08, "l": 0.92},
}


@dataclass
class Figures:
    """Counts for one benchmark set."""

    words: int = 0
    correct: int = 0
    correct_changed: int = 0
    garbled: int = 0
    garbled_fixed: int = 0
    confusion_garbled: int = 0
    confusion_fixed: int = 0
    chars: int = 0
    errors_before: int = 0
    errors_after: int = 0
    seconds: float = 0.0


def clean_documents(shared: Path) -> list[list[str]]:
    """The lines of at least eight words of each html-source response, then NorNE sentences in
    paragraphs of eight, as one more document."""
    documents = []
    with open(shared / HEARING / "manifest.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["source_type"] != "html":
                continue
            text = (shared / HEARING / row["file"]).read_text(encoding="utf-8")
            documents.append([line.strip() for line in text.splitlines() if len(line.split()) >= 8])
    with gzip.open(shared / NORNE_TEST, "rt", encoding="utf-8") as handle:
        sentences = [line[len("# text = ") :].strip() for line in handle if line.startswith("# text = ")]
    documents.append([" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)])
    return [document for document in documents if document]


def pages_of(documents: list[list[str]], limit: int) -> list[tuple[int, str]]:
    """(document index, page text) for pages of about WORDS_PER_PAGE words, at most ``limit``.

    A page never spans two documents, and the repair later estimates its confusions over all of
    a document's pages, as ``repair_letter`` does for a letter.
    """
    pages = []
    for index, document in enumerate(documents):
        current, words = [], 0
        for paragraph in document:
            current.append(paragraph)
            words += len(paragraph.split())
            if words >= WORDS_PER_PAGE:
                pages.append((index, "\n\n".join(current)))
                current, words = [], 0
        if current:
            pages.append((index, "\n\n".join(current)))
        if len(pages) >= limit:
            return pages[:limit]
    return pages


def render_pdf(text: str, font: str, path: Path) -> None:
    """Typeset ``text`` as a plain A4 letter body in ``font``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(TRUETYPE_FONTS[font])))
    style = ParagraphStyle("body", fontName=font, fontSize=11, leading=14, spaceAfter=8)
    story = [Paragraph(escape(part), style) for part in text.split("\n\n")]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def tesseract_english(text: str, font: str) -> str:
    """OCR the rendered page with English-only tesseract, cached by a hash of page and settings."""
    key = hashlib.sha256(f"{font}|{DPI}|eng|{text}".encode()).hexdigest()[:24]
    cached = CACHE_DIR / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "page.pdf"
        render_pdf(text, font, pdf)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(Path(tmp) / "img")], check=True)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        parts = []
        for image in sorted(Path(tmp).glob("img*.png")):
            result = subprocess.run(
                ["tesseract", str(image), "-", "-l", "eng"], capture_output=True, text=True, env=env, check=True
            )
            parts.append(result.stdout)
    output = "\n".join(parts)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_text(output, encoding="utf-8")
    return output


def levenshtein(a: str, b: str) -> int:
    """Edit distance; only ever called on short aligned blocks."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def is_letter_confusion(source: str, garbled: str) -> bool:
    """True when every difference between the words replaces one of æ/ø/å/l in the source."""
    opcodes = SequenceMatcher(None, source, garbled, autojunk=False).get_opcodes()
    changed = [source[i1:i2] for tag, i1, i2, _, _ in opcodes if tag != "equal"]
    return bool(changed) and all(part and set(part) <= NORWEGIAN_LETTERS for part in changed)


def matched_source_words(source: list[str], other: list[str]) -> set[int]:
    """Indexes of the source tokens that ``other`` has unchanged, in an alignment of the two."""
    matcher = SequenceMatcher(None, source, other, autojunk=False)
    return {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}


def score_page(source: str, garbled: str, repaired: str, figures: Figures) -> list[tuple[str, str]]:
    """Add one page's counts to ``figures``; return the (source, garbled) word pairs aligned 1:1.

    A source word is garbled when the OCR output lacks it, and repaired when the repaired text has
    it, each in its own alignment with the source, so that words OCR split ("sj matproduksjon")
    count as repaired once the repair joins them again.
    """
    src, ocr, rep = TOKEN.findall(source), TOKEN.findall(garbled), TOKEN.findall(repaired)
    fixed = matched_source_words(src, rep)
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, src, ocr, autojunk=False).get_opcodes():
        source_block, ocr_block = " ".join(src[i1:i2]), " ".join(ocr[j1:j2])
        figures.chars += len(source_block)
        if tag != "equal":
            figures.errors_before += levenshtein(source_block, ocr_block)
        figures.words += i2 - i1
        if tag == "equal":
            figures.correct += i2 - i1
            figures.correct_changed += sum(i not in fixed for i in range(i1, i2))
            continue
        one_to_one = tag == "replace" and i2 - i1 == j2 - j1
        for offset, i in enumerate(range(i1, i2)):
            word = src[i]
            figures.garbled += 1
            figures.garbled_fixed += i in fixed
            if one_to_one:
                pairs.append((word, ocr[j1 + offset]))
                confusion = is_letter_confusion(word, ocr[j1 + offset])
            else:  # split, joined or lost words: counted when the source word has æ/ø/å
                confusion = bool(set(word) & NORWEGIAN_LETTERS - {"l", "L"})
            figures.confusion_garbled += confusion
            figures.confusion_fixed += confusion and i in fixed
    figures.errors_after += sum(
        levenshtein(" ".join(src[i1:i2]), " ".join(rep[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, src, rep, autojunk=False).get_opcodes()
        if tag != "equal"
    )
    return pairs


def observed_confusions(pairs: list[tuple[str, str]], sources: list[str]) -> dict[str, dict[str, float]]:
    """What each of æ/ø/å/l became in the OCR output, as probabilities per source letter."""
    outputs: dict[str, Counter] = defaultdict(Counter)
    for source, garbled in pairs:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, source, garbled, autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == 1 and source[i1].lower() in "æøål":
                outputs[source[i1].lower()][garbled[j1:j2].lower() if source[i1] != "l" else garbled[j1:j2]] += 1
    totals = Counter(char.lower() for text in sources for char in text if char.lower() in "æøål")
    model = {}
    for letter, counts in outputs.items():
        kept = max(totals[letter] - sum(counts.values()), 0)
        total = kept + sum(counts.values())
        model[letter] = {out: n / total for out, n in counts.most_common(6)}
        model[letter][letter] = 1 - sum(model[letter].values())
    return model if {"ø", "æ", "å"} <= set(model) else SEED_004_CONFUSIONS


def garble(text: str, model: dict[str, dict[str, float]], rng: random.Random) -> str:
    """Replace each æ/ø/å/l by a stand-in drawn from ``model``, keeping case."""
    out = []
    for char in text:
        choices = model.get(char.lower())
        if not choices:
            out.append(char)
            continue
        stand_in = rng.choices(list(choices), weights=list(choices.values()))[0]
        if char.isupper() and stand_in != "I":
            stand_in = stand_in.upper()
        out.append(char if stand_in == char.lower() else stand_in)
    return "".join(out)


def run_set(
    sources: list[str], garbled: list[str], documents: list[int], figures: Figures,
    settings: RepairSettings = DEFAULT_REPAIR_SETTINGS,
) -> list[tuple[str, str]]:
    """Repair every garbled page, with the confusion profile of its whole document, and score it."""
    pairs = []
    start = time.perf_counter()
    profiles = {
        document: estimate_profile("\n\n".join(text for text, d in zip(garbled, documents) if d == document), settings)
        for document in set(documents)
    }
    repaired = [
        repair_text(text, page=i + 1, profile=profiles[document])[0]
        for i, (text, document) in enumerate(zip(garbled, documents))
    ]
    figures.seconds = time.perf_counter() - start
    for source, ocr, rep in zip(sources, garbled, repaired):
        pairs += score_page(source, ocr, rep, figures)
    return pairs


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f} %" if whole else "     - "


def print_table(results: dict[str, Figures]) -> None:
    """One column per set."""
    names = list(results)
    rows = [
        ("words (source)", lambda f: f"{f.words:8d}"),
        ("garbled words", lambda f: f"{f.garbled:8d}"),
        ("  repaired exactly", lambda f: percent(f.garbled_fixed, f.garbled)),
        ("æøå/l-confusion garbled", lambda f: f"{f.confusion_garbled:8d}"),
        ("  repaired exactly", lambda f: percent(f.confusion_fixed, f.confusion_garbled)),
        ("correct words", lambda f: f"{f.correct:8d}"),
        ("  changed by repair", lambda f: percent(f.correct_changed, f.correct)),
        ("CER before", lambda f: percent(f.errors_before, f.chars)),
        ("CER after", lambda f: percent(f.errors_after, f.chars)),
        ("repair speed (words/s)", lambda f: f"{f.words / f.seconds:8.0f}" if f.seconds else "-"),
    ]
    print(f"{'':28s}" + "".join(f"{name:>22s}" for name in names))
    for label, cell in rows:
        print(f"{label:28s}" + "".join(f"{cell(results[name]):>22s}" for name in names))


def speed_on_clean(paragraphs: list[str], settings: RepairSettings = DEFAULT_REPAIR_SETTINGS) -> None:
    """Words per second on correct text, where the repair should only look words up."""
    text = "\n".join(paragraphs)
    start = time.perf_counter()
    _, repairs = repair_text(text, settings=settings)
    seconds = time.perf_counter() - start
    words = len(TOKEN.findall(text))
    print(f"\nclean text: {words} words, {len(text) / 1e6:.2f} MB in {seconds:.1f} s "
          f"({words / seconds:.0f} words/s), {len(repairs)} repairs")


def repair_settings(parser: argparse.ArgumentParser, assignments: list[str]) -> RepairSettings:
    """The default settings with the ``NAME=VALUE`` assignments of ``--setting`` applied."""
    kinds = {field.name: field.type for field in dataclasses.fields(RepairSettings)}
    changes = {}
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        if name not in kinds:
            parser.error(f"--setting: RepairSettings has no field {name!r}")
        changes[name] = int(value) if kinds[name] == "int" else float(value)
    try:
        return dataclasses.replace(DEFAULT_REPAIR_SETTINGS, **changes)
    except ValueError as error:
        parser.error(str(error))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int, default=40, help="pages per set (default 40)")
    parser.add_argument(
        "--skip", type=int, default=0,
        help="leave out the first pages: --skip 40 --limit 55 scores the responses the repair was not developed on",
    )
    parser.add_argument("--jobs", type=int, default=2, help="tesseract processes in parallel")
    parser.add_argument("--fonts", default=",".join(FONTS), help="fonts, one per response in turn")
    parser.add_argument(
        "--setting", action="append", default=[], metavar="NAME=VALUE",
        help="try another value of a RepairSettings field, e.g. --setting context_margin=0.75 (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = repair_settings(parser, args.setting)
    unknown = set(args.fonts.split(",")) - set(TRUETYPE_FONTS)
    if unknown:
        parser.error(f"unknown font {', '.join(sorted(unknown))}; choose from {', '.join(TRUETYPE_FONTS)}")

    documents = clean_documents(args.shared)
    pages = pages_of(documents, args.skip + args.limit)[args.skip :]
    sources, document_of = [text for _, text in pages], [document for document, _ in pages]
    start = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        fonts = args.fonts.split(",")
        ocr = list(pool.map(tesseract_english, sources, [fonts[d % len(fonts)] for d in document_of]))
    if settings != DEFAULT_REPAIR_SETTINGS:
        print("settings changed:", ", ".join(args.setting))
    print(f"{len(sources)} pages, tesseract -l eng (cached in {CACHE_DIR}) {time.perf_counter() - start:.0f} s\n")

    results = {"tesseract -l eng": Figures()}
    pairs = run_set(sources, ocr, document_of, results["tesseract -l eng"], settings)
    model = observed_confusions(pairs, sources)
    rng = random.Random(4)
    results["confusion model"] = Figures()
    run_set(sources, [garble(text, model, rng) for text in sources], document_of, results["confusion model"], settings)
    results["clean (no garbling)"] = Figures()
    run_set(sources, sources, document_of, results["clean (no garbling)"], settings)
    print_table(results)
    print("\nconfusion model used:", {k: {o: round(p, 3) for o, p in v.items()} for k, v in model.items()})
    speed_on_clean([paragraph for document in documents for paragraph in document], settings)


if __name__ == "__main__":
    sys.exit(main())
