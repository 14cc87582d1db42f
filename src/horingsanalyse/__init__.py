"""horingsanalyse: analyse the responses (høringssvar) to a Norwegian public consultation.

Public API: :func:`analyse_hearing` for notebooks, :func:`run_hearing` for the batch,
:func:`load_hearing` for a hearing folder and :func:`render_report` for the summary.
The stages load spaCy and scikit-learn, so they are imported on first use, not on
``import horingsanalyse``: a script that only extracts text stays light.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("horingsanalyse")
except PackageNotFoundError:  # pragma: no cover - source tree never installed
    __version__ = "0+unknown"

_PUBLIC = {
    "analyse_hearing": "batch",
    "run_hearing": "batch",
    "Hearing": "config",
    "Topic": "config",
    "load_hearing": "config",
    "render_report": "report",
    "HearingAnalysis": "analysis",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'horingsanalyse' has no attribute {name!r}")
