"""Train the word vectors that ``benchmarks/arguments.py --vectors`` compares with TF-IDF.

    pip install gensim
    python benchmarks/build_word_vectors.py OUT.kv [--shared ../shared]

fastText (gensim, skip-gram, 100 dimensions, character 3–6-grams so compounds and inflections
share vectors) on the hearing's own response texts (``gold/texts``), and with ``--shared`` also
on the 779 current laws of ``../shared/data/norsk-tekst/lover`` (read at build time only;
NLOD 2.0: «Contains data under the Norwegian licence for Open Government data (NLOD)
distributed by Lovdata»). The product does not use the vectors: on the argument benchmark they
scored below TF-IDF (see README, «Measurements»), so nothing is shipped.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from horingsanalyse.terms import words

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "benchmarks" / "gold" / "texts" / "nou-2019-18-havbruk" / "responses"


def hearing_lines() -> list[list[str]]:
    return [tokens for path in sorted(RESPONSES.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if len(tokens := words(line)) > 2]


def law_lines(shared: Path) -> list[list[str]]:
    """Running text of the laws: headings, front matter and the glued list copies left out."""
    lines = []
    for path in sorted((shared / "data" / "norsk-tekst" / "lover").glob("LOV-*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("#", "---")) or ":" in line[:20] and len(line) < 80:
                continue
            if len(tokens := words(line)) > 3:
                lines.append(tokens)
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, help="the shared/ folder, to add the laws")
    args = parser.parse_args(argv)
    from gensim.models import FastText

    lines = hearing_lines() + (law_lines(args.shared) if args.shared else [])
    print(f"{sum(map(len, lines)):,} words in {len(lines):,} lines")
    started = time.perf_counter()
    model = FastText(sentences=lines, vector_size=100, window=5, min_count=2, sg=1, min_n=3, max_n=6,
                     epochs=5 if args.shared else 10, workers=2, seed=1)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    model.wv.save(str(args.out))


if __name__ == "__main__":
    main()
