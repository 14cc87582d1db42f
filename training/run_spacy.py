"""`python -m spacy ...`, but tolerant of broken third-party spacy_factories entry points.

spaCy imports every installed ``spacy_factories`` entry point whenever it creates
a pipeline. If one fails to import (e.g. the horingsanalyse package itself while
it is being edited), training would abort although this pipeline uses only
built-in components. This wrapper skips such entry points with a warning.
"""
import sys

import spacy
from spacy.cli import setup_cli

_reg = spacy.util.registry._entry_point_factories


def _safe_entry_points():
    result = {}
    for ep in _reg._get_entry_points():
        try:
            result[ep.name] = ep.load()
        except Exception as err:
            print(f"warning: skipping spacy_factories entry point {ep.name!r}: {err!r}", file=sys.stderr)
    return result


_reg.get_entry_points = _safe_entry_points

if __name__ == "__main__":
    setup_cli()
