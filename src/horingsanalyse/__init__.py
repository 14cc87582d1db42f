"""horingsanalyse: analyse the responses (høringssvar) to a Norwegian public consultation.

Public API: :func:`analyse_hearing` for notebooks, :func:`run_hearing` for the batch,
:func:`load_hearing` for a hearing folder and :func:`render_report` for the summary.
"""

from .batch import analyse_hearing, package_version, run_hearing
from .config import Hearing, Topic, load_hearing
from .report import render_report
from .types import HearingAnalysis

__version__ = package_version()

__all__ = ["Hearing", "HearingAnalysis", "Topic", "analyse_hearing", "load_hearing", "render_report",
           "run_hearing", "__version__"]
