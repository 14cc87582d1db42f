"""Named exceptions whose message says which file failed and why.

A batch at the høringsfrist must go on past a bad file, and the user must be able to act on
the message, so every error carries the path and a reason in plain words.
"""

from __future__ import annotations

from pathlib import Path


class HoringsanalyseError(Exception):
    """Base class for every error this package raises on purpose."""


class ConfigError(HoringsanalyseError):
    """A hearing folder or its ``horing.toml`` is missing or invalid."""

    def __init__(self, path: Path | str, reason: str, key: str | None = None):
        self.path = Path(path)
        self.key = key
        self.reason = reason
        where = f"{self.path}: {key}" if key else str(self.path)
        super().__init__(f"{where}: {reason}")


class ExtractionError(HoringsanalyseError):
    """A response file could not be read: empty, corrupt, encrypted, wrong format."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")
