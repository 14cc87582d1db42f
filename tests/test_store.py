"""The SQLite store: results keyed by content hash survive reopening, runs are recorded, and a
store of another schema is rebuilt or refused, never misread."""

import dataclasses
import datetime as dt
import sqlite3

import pytest

from horingsanalyse.errors import StoreError
from horingsanalyse.store import (
    SCHEMA_VERSION,
    Store,
    response_from_json,
    response_to_json,
)
from horingsanalyse.types import (
    ActorCategory,
    CorrectedField,
    Evidence,
    Failure,
    Quote,
    Repair,
    ResponseAnalysis,
    Stance,
    StanceRows,
    TopicPosition,
    TopicStance,
)


def sample_response(file="001-averøy kommune.pdf"):
    """A response with every field set to something other than its default."""
    return ResponseAnalysis(
        file=file, sha256="ab" * 32, sender="Averøy kommune", category=ActorCategory.KOMMUNE,
        date=dt.date(2020, 2, 3), no_comment=False, stance=Stance.OPPOSES,
        topics={"grunnrenteskatt": TopicPosition("grunnrenteskatt", TopicStance.AGAINST,
                                                 "Kommunen går imot grunnrenteskatt.", 2, -3.0, 0.62, True,
                                                 (Quote("Kommunen går imot grunnrenteskatt.", 2),))},
        repairs=(Repair(1, "Hgringssvar", "Høringssvar", 0.97, "ocr"),),
        language="nb", pages=3, instans="Averøy kommune", campaign_id="kampanje-1",
        no_comment_quote="Vi har ingen merknader til punkt 3.",
        endorsement_quote="Kommunen slutter seg til uttalelsen fra Nettverk fjord- og kystkommuner.",
        endorsement_page=2, endorses="Nettverk fjord- og kystkommuner",
        evidence=(Evidence("grunnrenteskatt", TopicStance.AGAINST, "Kommunen går imot grunnrenteskatt.",
                           2, 120, 154, -3.0),),
        warnings=("page 2: 3 glyphs without a Unicode mapping (cid:N), text may be incomplete",),
        sender_confidence=0.97, sender_evidence="Averøy kommune Rådhuset 6530 Averøy", sender_evidence_page=1,
        sender_note="Samme brev som 002.pdf", private_person=True,
        corrections=(CorrectedField("stance", "mixed", "opposes", "Tar forbehold på s. 2", 4),),
        stance_confidence=0.71, stance_uncertain=True, stance_weighed=(Quote("Vi går imot forslaget.", 1),),
        stance_rows=StanceRows(topics={"grunnrenteskatt": (0.693147, -0.25, 1.0)}, overall=(0.1, 2.302585)),
    )


def test_every_field_survives_the_round_trip_through_json():
    response = sample_response()
    unset = [f.name for f in dataclasses.fields(ResponseAnalysis)
             if f.default is not dataclasses.MISSING and getattr(response, f.name) == f.default]
    assert unset == [], "the sample must set every field, or the round trip proves nothing for it"
    again = response_from_json(response_to_json(response))
    assert again == response
    assert isinstance(again.evidence[0].stance, TopicStance) and isinstance(again.date, dt.date)


def test_a_response_without_a_sender_survives_the_round_trip():
    response = dataclasses.replace(sample_response(), sender=None, sender_note="Teksten sier ikke hvem.")
    assert response_from_json(response_to_json(response)) == response


def test_result_survives_reopening_with_norwegian_text(tmp_path):
    path = tmp_path / "analyse.sqlite"
    with Store(path) as store:
        store.put("key1", sample_response(), "Kommunen går imot grunnrenteskatt på havbruk.")
    with Store(path) as store:
        found = store.get("ab" * 32, "key1")
        assert found is not None
        response, text = found
        assert response == sample_response()
        assert response.endorses == "Nettverk fjord- og kystkommuner"
        assert text.endswith("på havbruk.")
        assert store.get("ab" * 32, "another-key") is None
        assert store.count() == 1


def test_same_content_is_stored_once(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.put("k", sample_response(), "tekst")
        store.put("k", sample_response("renamed.pdf"), "tekst")
        assert store.count() == 1
        assert store.get("ab" * 32, "k")[0].file == "renamed.pdf"


def test_runs_are_recorded_when_they_start_and_when_they_end(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        killed = store.start_run("0.1.0", "nb_horingsanalyse 0.3.0", "key")
    with Store(path) as store:
        assert [run["status"] for run in store.runs()] == ["running"]
        run_id = store.start_run("0.1.0", "nb_horingsanalyse 0.3.0", "key")
        store.finish_run(run_id, 2, 3, [Failure("tom.pdf", "the file is empty (0 bytes)")])
        runs = store.runs()
    assert [(run["id"], run["status"]) for run in runs] == [(killed, "interrupted"), (run_id, "finished")]
    assert runs[1]["finished"] is not None and runs[0]["finished"] is None
    db = sqlite3.connect(path)
    assert db.execute("SELECT n_new, n_cached, n_failed FROM runs WHERE id = ?", (run_id,)).fetchall() == [(2, 3, 1)]
    assert db.execute("SELECT file, reason FROM failures").fetchall() == [("tom.pdf", "the file is empty (0 bytes)")]


def test_an_older_store_is_rebuilt_and_says_so(tmp_path):
    path = tmp_path / "analyse.sqlite"
    old = sqlite3.connect(path)  # the unversioned store of 0.1.0: no endorsement, no evidence
    old.execute("CREATE TABLE responses (sha256 TEXT, analysis_key TEXT, file TEXT, result TEXT, text TEXT, "
                "analysed_at TEXT, PRIMARY KEY (sha256, analysis_key))")
    old.execute("INSERT INTO responses VALUES ('ab', 'k', 'a.pdf', '{\"file\": \"a.pdf\"}', 'tekst', 'x')")
    old.commit()
    old.close()
    with Store(path) as store:
        assert store.rebuilt_from == 0
        assert store.count() == 0
        assert store.get("ab", "k") is None
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store(path) as store:
        assert store.rebuilt_from is None


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "analyse.sqlite"
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.execute("CREATE TABLE responses (x)")
    newer.commit()
    newer.close()
    with pytest.raises(StoreError, match="newer horingsanalyse"):
        Store(path)


def test_a_file_that_is_not_sqlite_is_refused_by_name(tmp_path):
    path = tmp_path / "analyse.sqlite"
    path.write_bytes(b"this is not a database, " * 100)
    with pytest.raises(StoreError, match="analyse.sqlite"):
        Store(path)
