"""The embedded SQLite store: analysed responses keyed by the hash of their content.

At each høringsfrist the batch re-runs over a folder that mostly holds responses it has seen.
Keying results by the file's SHA-256 and by what the analysis depended on (package version,
pipeline, the hearing's topics) means an unchanged response is never analysed twice, a renamed
one is recognised, and a changed ``horing.toml`` re-analyses everything it affects. Each result
is committed on its own, so a crash or a bad file never loses what was already analysed.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

from .types import (
    ActorCategory,
    Failure,
    Repair,
    ResponseAnalysis,
    RunSummary,
    Stance,
    TopicPosition,
    TopicStance,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    sha256 TEXT NOT NULL,
    analysis_key TEXT NOT NULL,
    file TEXT NOT NULL,
    result TEXT NOT NULL,
    text TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    PRIMARY KEY (sha256, analysis_key)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    version TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    n_new INTEGER NOT NULL,
    n_cached INTEGER NOT NULL,
    n_failed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    file TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


class Store:
    """A SQLite file holding every analysed response; use as a context manager."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

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

    def put(self, analysis_key: str, response: ResponseAnalysis, text: str) -> None:
        """Store one analysed response, committed at once."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (sha256, analysis_key, file, result, text, analysed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (response.sha256, analysis_key, response.file, response_to_json(response), text,
                 dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            )

    def record_run(self, run: RunSummary, failures: list[Failure]) -> None:
        """Keep the record of a run and the files it could not analyse."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (started, finished, version, pipeline, n_new, n_cached, n_failed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run.started.isoformat(), run.finished.isoformat(), run.version, run.pipeline,
                 run.n_new, run.n_cached, len(failures)),
            )
            self._db.executemany(
                "INSERT INTO failures (run_id, file, reason) VALUES (?, ?, ?)",
                [(cursor.lastrowid, f.file, f.reason) for f in failures],
            )

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]


def response_to_json(response: ResponseAnalysis) -> str:
    data = asdict(response)
    data["date"] = response.date.isoformat() if response.date else None
    data["category"] = response.category.value
    data["stance"] = response.stance.value
    data["topics"] = {key: {**asdict(pos), "stance": pos.stance.value} for key, pos in response.topics.items()}
    return json.dumps(data, ensure_ascii=False)


def response_from_json(text: str) -> ResponseAnalysis:
    data = json.loads(text)
    return ResponseAnalysis(
        file=data["file"],
        sha256=data["sha256"],
        sender=data["sender"],
        category=ActorCategory(data["category"]),
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        no_comment=data["no_comment"],
        stance=Stance(data["stance"]),
        topics={key: TopicPosition(**{**pos, "stance": TopicStance(pos["stance"])})
                for key, pos in data["topics"].items()},
        repairs=tuple(Repair(**r) for r in data["repairs"]),
        language=data["language"],
        pages=data["pages"],
        instans=data.get("instans"),
        campaign_id=data.get("campaign_id"),
        no_comment_quote=data.get("no_comment_quote"),
    )
