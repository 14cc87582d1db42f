"""The hearing's list of høringsinstanser: which entry a sender is."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from ..gazetteer import normalise_name

INSTANS_SIMILARITY = 0.88


def match_instans(name: str, aliases: Iterable[str], instanser: Sequence[str]) -> str | None:
    """The entry in the hearing's list of høringsinstanser that names this sender, if any."""
    wanted = {normalise_name(n) for n in (name, *aliases)}
    by_norm = {normalise_name(i): i for i in instanser}
    for norm in wanted:
        if norm in by_norm:
            return by_norm[norm]
    best, best_ratio = None, 0.0
    for norm, original in by_norm.items():
        ratio = difflib.SequenceMatcher(None, normalise_name(name), norm).ratio()
        if ratio > best_ratio:
            best, best_ratio = original, ratio
    return best if best_ratio >= INSTANS_SIMILARITY else None
