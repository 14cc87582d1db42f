"""Cut the published responses of a hearing into the sentences the stance labellers label.

The sentence set (issue 11) is labelled sentence by sentence, so both labellers must see the
same cuts: this script makes them once, with the bundled pipeline's segmenter (the one the
product uses), and writes ``benchmarks/gold/sentences/<hearing>.sentences.jsonl``: one record
per sentence with ``file``, ``sid`` (``NNN-SSSS``), character offsets into the text file and the
``text``. Attached reports (the manifest's longest files) are left out: they are not letters.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from horingsanalyse.nlp import load_pipeline

GOLD = Path(__file__).resolve().parent
MAX_CHARS = 120_000  # longer files are attached reports, not letters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hearing", default="nou-2019-18-havbruk")
    args = parser.parse_args()
    responses = GOLD / "texts" / args.hearing / "responses"
    nlp = load_pipeline()
    out = GOLD / "sentences" / f"{args.hearing}.sentences.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as sink:
        for path in sorted(responses.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if len(text) > MAX_CHARS:
                continue
            doc = nlp(text)
            number = 0
            for sentence in doc.sents:
                stripped = sentence.text.strip()
                if not any(ch.isalpha() for ch in stripped):
                    continue
                number += 1
                start = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
                record = {"file": path.name, "sid": f"{path.name[:3]}-{number:04d}", "start": start,
                          "end": start + len(stripped), "text": stripped}
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} sentences written to {out}")


if __name__ == "__main__":
    main()
