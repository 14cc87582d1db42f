"""The CLI: documented, helpful, and honest in its exit codes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from horingsanalyse.cli import build_parser, main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_is_documented_in_the_readme(name):
    assert f"horingsanalyse {name}" in README
    for action in subcommands()[name]._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in README, f"{name} {option} is not in README.md"


def test_help_works_for_every_command():
    for args in (["--help"], ["run", "--help"], ["extract", "--help"]):
        result = subprocess.run([sys.executable, "-m", "horingsanalyse.cli", *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0
        assert "usage: horingsanalyse" in result.stdout


def test_missing_hearing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "finnes-ikke"), "--out", str(tmp_path / "out")]) == 2
    assert "finnes-ikke: is not a folder" in capsys.readouterr().err


def test_invalid_horing_toml_names_file_and_key(tmp_path, capsys):
    (tmp_path / "svar").mkdir()
    (tmp_path / "horing.toml").write_text('[horing]\ntittel = "T"\n', encoding="utf-8")
    assert main(["run", str(tmp_path), "--out", str(tmp_path.parent / "out")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"horing\.toml: horing\.(departement|referanse|horingsfrist): is missing", err)


def test_output_inside_the_hearing_folder_is_refused(tmp_path, capsys):
    (tmp_path / "svar").mkdir()
    (tmp_path / "horing.toml").write_text(
        '[horing]\ntittel = "T"\ndepartement = "D"\nreferanse = "1"\nhoringsfrist = 2020-01-01\n', encoding="utf-8")
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "rapporter")]) == 2
    assert "inside the hearing folder" in capsys.readouterr().err
    assert not (tmp_path / "rapporter").exists()


def test_extract_shows_repaired_seed_004_with_metadata_and_repairs(tmp_path, capsys):
    """KS's real English-OCR letter, as a PDF: the reader gets Norwegian back, and the list of changes."""
    import json

    from pdfs import make_letter_pdf

    text = (Path(__file__).parent / "data" / "seed_004_ks_vta_o.txt").read_text(encoding="utf-8")
    pdf = make_letter_pdf(tmp_path / "KS høringssvar.pdf", [text[:2400], text[2400:]])
    assert main(["extract", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    body = " ".join(page["text"] for page in data["pages"])
    for word in ("Høringssvar", "lønnsplikt", "ordinær", "oppfølging"):
        assert word in body
    assert "Hgringssvar" not in body and "Ignnsplikt" not in body
    assert "departementet til å gjennomgå problematikken" in body
    assert "Å åpne for at" in body
    assert data["metadata"]["our_reference"] == "25/01892-2"
    assert data["metadata"]["date"] == "2025-10-20"
    repairs = {(r["before"], r["after"]) for r in data["repairs"]}
    assert ("Ignnsplikt", "lønnsplikt") in repairs
    assert all(r["page"] in (1, 2) and 0 < r["confidence"] <= 1 for r in data["repairs"])


def _minimal_hearing(folder: Path) -> Path:
    (folder / "svar").mkdir(parents=True)
    (folder / "horing.toml").write_text(
        '[horing]\ntittel = "T"\ndepartement = "D"\nreferanse = "1"\nhoringsfrist = 2020-01-01\n', encoding="utf-8")
    (folder / "svar" / "a.txt").write_text("Bergen kommune har ingen merknader.", encoding="utf-8")
    return folder


def test_a_model_that_cannot_be_loaded_is_exit_2_naming_it(tmp_path, capsys):
    hearing = _minimal_hearing(tmp_path / "h")
    assert main(["run", str(hearing), "--out", str(tmp_path / "out"), "--model", "nb_finnes_ikke", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "nb_finnes_ikke" in err and "cannot be loaded" in err and "Traceback" not in err


def test_an_unwritable_output_folder_is_exit_2_naming_it(tmp_path, capsys):
    hearing = _minimal_hearing(tmp_path / "h")
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("en fil, ikke en mappe", encoding="utf-8")
    assert main(["run", str(hearing), "--out", str(blocker), "--quiet"]) == 2
    assert "ikke-en-mappe" in capsys.readouterr().err


def test_a_store_that_is_not_sqlite_is_exit_2_naming_it(tmp_path, capsys):
    hearing = _minimal_hearing(tmp_path / "h")
    (tmp_path / "out" / "h").mkdir(parents=True)
    (tmp_path / "out" / "h" / "analyse.sqlite").write_bytes(b"ikke en database " * 64)
    assert main(["run", str(hearing), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "analyse.sqlite" in capsys.readouterr().err
