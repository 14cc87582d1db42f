"""Results of the report-time stages kept between runs, keyed by a hash of exactly their inputs.

At each høringsfrist the batch finds campaigns and arguments across every response, old and
new, and on a large hearing that costs more than analysing the few new letters. Most of it is
the same work as last time: the same campaign's members, the same sentences on one side of a
topic. A stage asks :meth:`Kept.made_once` for such a result under its inputs; it is computed
only when no earlier run kept one for exactly those inputs. Every result is handed back as its
JSON round trip, the form the store keeps, so a result made now and one read back are the same
value and a re-run gives what a fresh run gives, whatever the history of runs.

The store scopes what is kept by the analysis key (the package's code fingerprint among it),
so a new version of the code computes everything again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any


def inputs_key(kind: str, inputs: Any) -> str:
    """The hash of a stage's name and its inputs (JSON-ready data: texts, numbers, settings)."""
    text = json.dumps([kind, inputs], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Kept:
    """Stage results read back from earlier runs, and those made in this one.

    ``stored`` maps :func:`inputs_key` hashes to the JSON text of a result. After the run,
    :attr:`made` holds the results computed anew (to be stored) and :attr:`used` the hashes this
    run asked for: what a later run can still need, the rest being stale.
    """

    def __init__(self, stored: Mapping[str, str] | None = None):
        self._stored = dict(stored or {})
        self.made: dict[str, str] = {}
        self.used: set[str] = set()

    def made_once(self, kind: str, inputs: Any, make: Callable[[], Any]) -> Any:
        """The result of ``make()`` for these inputs, as JSON data: kept, or made now and kept."""
        key = inputs_key(kind, inputs)
        self.used.add(key)
        text = self._stored.get(key) or self.made.get(key)
        if text is None:
            text = self.made[key] = json.dumps(make(), ensure_ascii=False)
        return json.loads(text)

    @property
    def stale(self) -> set[str]:
        """The stored results this run did not ask for."""
        return set(self._stored) - self.used
