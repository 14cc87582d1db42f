"""The known bodies: Norwegian public bodies and organisations, their categories and aliases.

Loaded from ``resources/actors.csv`` (package data) and used by the pipeline (an entity ruler
marks them in text), the actor component (canonical names and categories) and the batch
(endorsements between respondents). One place decides how names are compared and which names
are matched only as written.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .norwegian import zipf_frequencies
from .types import ActorCategory

GAZETTEER_RESOURCE = "actors.csv"
COMMON_WORD_ZIPF = 3.0  # a one-word name this frequent in Norwegian is also an ordinary word


@dataclass(frozen=True)
class GazetteerEntry:
    """A known body: canonical name, category and the other names it goes by."""

    name: str
    category: ActorCategory
    aliases: tuple[str, ...] = ()


def load_gazetteer(path: Path | None = None) -> list[GazetteerEntry]:
    """Read the actor gazetteer (``resources/actors.csv`` unless a path is given)."""
    if path is None:
        text = (resources.files("horingsanalyse") / "resources" / GAZETTEER_RESOURCE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return [
        GazetteerEntry(
            name=row["name"].strip(),
            category=ActorCategory(row["category"].strip()),
            aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
        )
        for row in rows
        if row.get("name", "").strip()
    ]


def normalise_name(name: str) -> str:
    """Compare names the way a person would: case, spacing and punctuation do not matter."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"\(.*?\)", " ", text)  # portal suffixes such as "(PDF, 783KB)", "(uten merknader)"
    text = re.sub(r"[^\wæøå]+", " ", text)
    return " ".join(text.split())


def names_index(entries: Iterable[GazetteerEntry]) -> dict[str, GazetteerEntry]:
    """Every name and alias, normalised, to its entry: "NHO" and "Næringslivets
    Hovedorganisasjon" are one body. The first entry that lists a name keeps it."""
    index: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            index.setdefault(normalise_name(name), entry)
    return index


def matchable_names(entry: GazetteerEntry) -> Iterator[tuple[str, bool]]:
    """The names of an entry to look for in text, each with whether only its exact case counts
    (see :func:`needs_exact_case`); single letters are never looked for."""
    for name in (entry.name, *entry.aliases):
        if len(name) >= 2:
            yield name, needs_exact_case(name)


def needs_exact_case(name: str) -> bool:
    """Whether a name is an abbreviation or a common word, to be matched only as written."""
    if len(name) <= 4 or name.isupper():
        return True
    return " " not in name and zipf_frequencies("nb").get(name.lower(), 0.0) >= COMMON_WORD_ZIPF
