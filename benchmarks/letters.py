"""The constructed test letters: the cases the gold set lacks, with their labels kept apart.

`tests/data/letters/*.txt` are realistic høringssvar written for this project (no-remarks
letters in bokmål and nynorsk, empty bodies, private persons, English letters, local branches,
a council's vedtak, PDF text whose letterhead and first paragraph run together). Their labels
are in `tests/data/letters/labels.jsonl`, never in the texts or file names. A web-form response
starts with the portal's «Høringssvar fra X» heading, as published; body-only mode removes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from goldset import body_only

from horingsanalyse.nlp import make_letter_doc

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "data" / "letters"
OUR_COMPONENTS = ("horingsanalyse_actors", "horingsanalyse_positions")


@dataclass(frozen=True)
class ConstructedLetter:
    name: str
    text: str
    labels: dict

    def doc(self, nlp, mode: str):
        """The letter through the base pipeline (our components are run by the caller)."""
        text = body_only(self.text) if mode == "body-only" else self.text
        with nlp.select_pipes(disable=[p for p in OUR_COMPONENTS if p in nlp.pipe_names]):
            return make_letter_doc(nlp, text.split("\f"))


@cache
def constructed_letters() -> tuple[ConstructedLetter, ...]:
    """Every constructed letter with its labels, in file order."""
    labels = [json.loads(line) for line in (LETTERS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    return tuple(ConstructedLetter(row["file"].removesuffix(".txt"), (LETTERS / row["file"]).read_text(encoding="utf-8"),
                                   row) for row in labels)
