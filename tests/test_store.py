"""The SQLite store: results keyed by content hash survive reopening, runs are recorded."""

import datetime as dt
import sqlite3

from horingsanalyse.store import Store
from horingsanalyse.types import (
    ActorCategory,
    Failure,
    Repair,
    ResponseAnalysis,
    RunSummary,
    Stance,
    TopicPosition,
    TopicStance,
)


def sample_response(file="001-averøy kommune.pdf"):
    return ResponseAnalysis(
        file=file, sha256="ab" * 32, sender="Averøy kommune", category=ActorCategory.KOMMUNE,
        date=dt.date(2020, 2, 3), no_comment=False, stance=Stance.OPPOSES,
        topics={"grunnrenteskatt": TopicPosition("grunnrenteskatt", TopicStance.AGAINST,
                                                 "Kommunen går imot grunnrenteskatt.", 2, -3.0)},
        repairs=(Repair(1, "Hgringssvar", "Høringssvar", 0.97, "ocr"),),
        language="nb", pages=3, instans="Averøy kommune",
    )


def test_result_survives_reopening_with_norwegian_text(tmp_path):
    path = tmp_path / "analyse.sqlite"
    with Store(path) as store:
        store.put("key1", sample_response(), "Kommunen går imot grunnrenteskatt på havbruk.")
    with Store(path) as store:
        found = store.get("ab" * 32, "key1")
        assert found is not None
        response, text = found
        assert response == sample_response()
        assert text.endswith("på havbruk.")
        assert store.get("ab" * 32, "another-key") is None
        assert store.count() == 1


def test_same_content_is_stored_once(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.put("k", sample_response(), "tekst")
        store.put("k", sample_response("renamed.pdf"), "tekst")
        assert store.count() == 1
        assert store.get("ab" * 32, "k")[0].file == "renamed.pdf"


def test_runs_and_failures_are_recorded_in_a_real_sqlite_file(tmp_path):
    path = tmp_path / "s.sqlite"
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
    with Store(path) as store:
        store.record_run(RunSummary(now, now, "0.1.0", "nb_horingsanalyse 0.1.0", 2, 3),
                         [Failure("tom.pdf", "the file is empty (0 bytes)")])
    db = sqlite3.connect(path)
    assert db.execute("SELECT n_new, n_cached, n_failed FROM runs").fetchall() == [(2, 3, 1)]
    assert db.execute("SELECT file, reason FROM failures").fetchall() == [("tom.pdf", "the file is empty (0 bytes)")]
