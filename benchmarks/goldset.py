"""The gold set as the benchmarks read it: responses as published, in two modes, in folds.

Every accuracy figure of this project is measured on the real responses as they were
published (`benchmarks/gold/texts/<hearing>/responses/*.txt`), never on text the project laid
out itself, and the labels come from `benchmarks/gold/<hearing>.letters.jsonl` (guidelines in
`gold/GUIDELINES.md`). Shared by the benchmarks so that each reads the set the same way:

- **as given**: the text file as published (a portal response starts «Høringssvar fra X»);
- **body-only** (the headline mode): that portal line removed, so the letter must say for
  itself who wrote it, as a PDF attachment, a forwarded letter or a web-form text without the
  portal's heading does;
- file names carry no label: each response is written as ``svar-NNN.txt``, since the
  published names are the sender's name;
- **folds by response**: whatever is tuned or trained on the labels is scored on responses it
  never saw; members of one campaign (and byte-identical files) share a fold, so a near-copy
  of a test letter is never in the training folds.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DEFAULT_HEARING = "nou-2019-18-havbruk"
MODES = ("body-only", "as-given")
N_FOLDS = 5
_PORTAL_HEADING = re.compile(r"\A\s*Høringssvar fra [^\n]*\n", re.IGNORECASE)


@dataclass(frozen=True)
class GoldResponse:
    """One labelled response: its published text and its labels (a gold record)."""

    number: str  # "004"
    text: str
    labels: dict
    fold: int
    group: str  # its campaign, else the first file with the same text, else its own file

    @property
    def neutral_name(self) -> str:
        return f"svar-{self.number}.txt"


def load_gold_responses(hearing: str = DEFAULT_HEARING, n_folds: int = N_FOLDS) -> list[GoldResponse]:
    """The labelled responses of a hearing in file order, each with its fold (0 … n_folds-1)."""
    labels = [json.loads(line) for line in (GOLD / f"{hearing}.letters.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    texts = GOLD / "texts" / hearing / "responses"
    groups = _fold_groups(labels, texts)
    order = sorted(set(groups.values()))
    fold_of_group = {group: index % n_folds for index, group in enumerate(order)}
    return [
        GoldResponse(number=row["file"][:3], text=(texts / row["file"]).read_text(encoding="utf-8"),
                     labels=row, fold=fold_of_group[groups[row["file"]]], group=groups[row["file"]])
        for row in labels
    ]


def _fold_groups(labels: list[dict], texts: Path) -> dict[str, str]:
    """A group per response: its campaign, else the first file with the same text, else itself."""
    first_with_text: dict[str, str] = {}
    groups = {}
    for row in labels:
        text = (texts / row["file"]).read_bytes()
        same = first_with_text.setdefault(text, row["file"])
        groups[row["file"]] = row.get("campaign") or same
    return groups


def body_only(text: str) -> str:
    """The response without the portal's «Høringssvar fra X» line."""
    return _PORTAL_HEADING.sub("", text, count=1)


def write_hearing(responses: list[GoldResponse], folder: Path, mode: str, hearing: str = DEFAULT_HEARING) -> Path:
    """A hearing folder of these responses (``horing.toml`` from the corpus), in ``mode``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if folder.exists():
        shutil.rmtree(folder)
    svar = folder / "svar"
    svar.mkdir(parents=True)
    shutil.copy(CORPUS / hearing / "horing.toml", folder / "horing.toml")
    for response in responses:
        text = body_only(response.text) if mode == "body-only" else response.text
        (svar / response.neutral_name).write_text(text, encoding="utf-8")
    return folder


def majority(values: list) -> object:
    """The commonest value: the majority-class baseline printed beside every figure."""
    return max(sorted(set(map(str, values))), key=[str(v) for v in values].count)
