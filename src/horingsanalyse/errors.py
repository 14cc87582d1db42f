"""Named exceptions whose message says which file failed and why.

A batch at the høringsfrist must go on past a bad file, and the user must be able to act on
the message, so every error carries the path and a reason in plain words. Each error class
also says which exit code the CLI ends with (README, «Exit codes»): one path from error to
exit code.
"""

from __future__ import annotations

from pathlib import Path

EXIT_FAILURES = 1  # some responses could not be analysed (the rest were)
EXIT_USAGE = 2  # usage, configuration or environment error: nothing was analysed


class HoringsanalyseError(Exception):
    """Base class for every error this package raises on purpose: ``path: reason``."""

    exit_code = EXIT_USAGE

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ConfigError(HoringsanalyseError):
    """A hearing folder or its ``horing.toml`` is missing or invalid."""

    def __init__(self, path: Path | str, reason: str, key: str | None = None):
        super().__init__(path, f"{key}: {reason}" if key else reason)
        self.key = key
        self.reason = reason


class CorrectionError(ConfigError):
    """A row of ``korreksjoner.csv`` that cannot be applied: ``korreksjoner.csv: line 4: reason``.

    The run says so and applies the file's other rows; a file that cannot be read as a table
    at all is a plain :class:`ConfigError` and stops the run, as a broken ``horing.toml`` does.
    """

    def __init__(self, path: Path | str, line: int, reason: str):
        super().__init__(path, reason, key=f"line {line}")
        self.line = line


class ModelLoadError(HoringsanalyseError):
    """The spaCy pipeline named by ``--model`` cannot be loaded."""


class OutputError(HoringsanalyseError):
    """The output folder cannot be created or written."""


class RunInProgressError(HoringsanalyseError):
    """Another run is writing to the same output folder."""


class StoreError(HoringsanalyseError):
    """The store file cannot be read (not SQLite, or written by a newer version)."""


class ExtractionError(HoringsanalyseError):
    """A response file could not be read: empty, corrupt, encrypted, wrong format."""

    exit_code = EXIT_FAILURES

    def __str__(self) -> str:  # a batch lists failures by file name, not by full path
        return f"{self.path.name}: {self.reason}"


class ClusterError(HoringsanalyseError):
    """The workers cannot do the run's work: Dask is not installed, no scheduler or no worker
    answers at ``--cluster``, or a worker analyses under another analysis key (another version
    of the package or the pipeline)."""
