"""The embedded SQLite store: analysed responses keyed by the hash of their content.

At each høringsfrist the batch re-runs over a folder that mostly holds responses it has seen.
Keying results by the file's SHA-256 and by the hash of everything the analysis depended on
(see :func:`horingsanalyse.batch.analysis_key`) means an unchanged response is never analysed
twice, a renamed one is recognised, and a change of code, resources, pipeline or
``horing.toml`` re-analyses what it affects. Each result is committed on its own, so a crash
or a bad file never loses what was already analysed; every run is recorded when it starts and
marked when it ends, so a run killed half-way shows as ``interrupted``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from .errors import StoreError
from .serialize import from_jsonable, to_jsonable
from .types import Failure, ResponseAnalysis

SCHEMA_VERSION = 2  # PRAGMA user_version; 0 is the unversioned store of horingsanalyse ≤ 0.1.0 (2026-12-01)
SCHEMA = """
CREATE TABLE responses (
    sha256 TEXT NOT NULL,
    analysis_key TEXT NOT NULL,
    file TEXT NOT NULL,
    result TEXT NOT NULL,
    text TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    PRIMARY KEY (sha256, analysis_key)
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
    pid INTEGER NOT NULL,
    version TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    analysis_key TEXT NOT NULL,
    n_new INTEGER,
    n_cached INTEGER,
    n_failed INTEGER
);
CREATE TABLE failures (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    file TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""
# Derived from stored sentences, so a store without it is complete: it is added, not versioned.
PHRASES_TABLE = """
CREATE TABLE IF NOT EXISTS phrases (
    analysis_key TEXT NOT NULL,
    text TEXT NOT NULL,
    phrases TEXT NOT NULL,
    PRIMARY KEY (analysis_key, text)
);
"""
# The report-time stages' results (campaigns, argument clusters; see kept.py), derived too.
KEPT_TABLE = """
CREATE TABLE IF NOT EXISTS kept (
    analysis_key TEXT NOT NULL,
    inputs TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (analysis_key, inputs)
);
"""


class Store:
    """A SQLite file holding every analysed response; use as a context manager.

    An older store (an earlier schema) is rebuilt, never misread: :attr:`rebuilt_from` then
    holds its schema version, so the run can say why everything was analysed again. A store
    written by a newer horingsanalyse is refused with :class:`StoreError`.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.rebuilt_from: int | None = None
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"is not a readable horingsanalyse store ({exc}); "
                                        "move it away or choose another --out") from exc

    def _open_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == SCHEMA_VERSION:
            self._db.executescript(PHRASES_TABLE + KEPT_TABLE)
            return
        if version > SCHEMA_VERSION:
            raise StoreError(self.path, f"was written by a newer horingsanalyse (store schema {version}, "
                                        f"this version reads {SCHEMA_VERSION}); use that version or another --out")
        with self._db:
            if tables:
                self.rebuilt_from = version
                for table in ("failures", "responses", "runs"):
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.execute("DROP TABLE IF EXISTS phrases")
            self._db.execute("DROP TABLE IF EXISTS kept")
            self._db.executescript(SCHEMA + PHRASES_TABLE + KEPT_TABLE)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, sha256: str, analysis_key: str) -> tuple[ResponseAnalysis, str] | None:
        """The stored analysis and text of a response with this content, if any."""
        row = self._db.execute(
            "SELECT result, text FROM responses WHERE sha256 = ? AND analysis_key = ?",
            (sha256, analysis_key),
        ).fetchone()
        if row is None:
            return None
        return response_from_json(row[0]), row[1]

    def put(self, analysis_key: str, response: ResponseAnalysis, text: str, run_id: int | None = None) -> None:
        """Store one analysed response, committed at once."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (sha256, analysis_key, file, result, text, analysed_at, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (response.sha256, analysis_key, response.file, response_to_json(response), text, _now(), run_id),
            )

    def start_run(self, version: str, pipeline: str, analysis_key: str) -> int:
        """Record a run as ``running`` before it analyses anything; earlier runs still marked
        ``running`` were killed (the caller holds the output folder's lock) and become
        ``interrupted``. Returns the run's id."""
        with self._db:
            self._db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cursor = self._db.execute(
                "INSERT INTO runs (started, status, pid, version, pipeline, analysis_key) "
                "VALUES (?, 'running', ?, ?, ?, ?)",
                (_now(), os.getpid(), version, pipeline, analysis_key),
            )
        return int(cursor.lastrowid)

    def finish_run(self, run_id: int, n_new: int, n_cached: int, failures: list[Failure]) -> None:
        """Mark a run finished, with its counts and the files it could not analyse."""
        with self._db:
            self._db.execute(
                "UPDATE runs SET finished = ?, status = 'finished', n_new = ?, n_cached = ?, n_failed = ? WHERE id = ?",
                (_now(), n_new, n_cached, len(failures), run_id),
            )
            self._db.executemany(
                "INSERT INTO failures (run_id, file, reason) VALUES (?, ?, ?)",
                [(run_id, f.file, f.reason) for f in failures],
            )

    def runs(self) -> list[dict]:
        """Every run recorded, oldest first: id, started, finished, status, counts."""
        cursor = self._db.execute(
            "SELECT id, started, finished, status, pid, version, pipeline, n_new, n_cached, n_failed FROM runs ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def phrases(self, analysis_key: str) -> dict[str, str]:
        """The stored key phrases (as JSON) of every sentence text labelled under this key."""
        return dict(self._db.execute("SELECT text, phrases FROM phrases WHERE analysis_key = ?", (analysis_key,)))

    def put_phrases(self, analysis_key: str, phrases: dict[str, str]) -> None:
        """Keep sentences' key phrases (as JSON), so that a re-run tags only new sentences."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO phrases (analysis_key, text, phrases) VALUES (?, ?, ?)",
                                 [(analysis_key, text, value) for text, value in phrases.items()])

    def kept(self, analysis_key: str) -> dict[str, str]:
        """The report-time results (as JSON) kept under this key, by the hash of their inputs."""
        return dict(self._db.execute("SELECT inputs, result FROM kept WHERE analysis_key = ?", (analysis_key,)))

    def keep(self, analysis_key: str, made: dict[str, str], stale: set[str]) -> None:
        """Keep the report-time results made in this run, and let go of those it no longer
        needed and of any kept under another key (other code: never read again)."""
        with self._db:
            self._db.execute("DELETE FROM kept WHERE analysis_key != ?", (analysis_key,))
            self._db.executemany("DELETE FROM kept WHERE analysis_key = ? AND inputs = ?",
                                 [(analysis_key, inputs) for inputs in stale])
            self._db.executemany("INSERT OR REPLACE INTO kept (analysis_key, inputs, result) VALUES (?, ?, ?)",
                                 [(analysis_key, inputs, result) for inputs, result in made.items()])

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]


def response_to_json(response: ResponseAnalysis) -> str:
    return json.dumps(to_jsonable(response), ensure_ascii=False)


def response_from_json(text: str) -> ResponseAnalysis:
    return from_jsonable(ResponseAnalysis, json.loads(text))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
