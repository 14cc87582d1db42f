"""horing.toml: a valid hearing loads; each mistake names the file and the key."""

import datetime as dt

import pytest

from horingsanalyse.config import load_hearing
from horingsanalyse.errors import ConfigError

VALID = """
[horing]
tittel = "Høring – forslag om lønnsplikt"
departement = "Arbeids- og inkluderingsdepartementet"
referanse = "25/1234"
horingsfrist = 2025-10-20
instanser = ["KS", "Bærum kommune"]

[[tema]]
id = "lønnsplikt"
navn = "Lønnsplikt"
stikkord = ["lønnsplikt", "lønn"]
"""


def write_hearing(folder, text):
    (folder / "svar").mkdir(parents=True, exist_ok=True)
    (folder / "horing.toml").write_text(text, encoding="utf-8")
    return folder


def test_valid_hearing_loads_with_norwegian_letters(tmp_path):
    hearing = load_hearing(write_hearing(tmp_path / "vta-ø", VALID))
    assert hearing.title == "Høring – forslag om lønnsplikt"
    assert hearing.deadline == dt.date(2025, 10, 20)
    assert hearing.instanser == ("KS", "Bærum kommune")
    assert [t.id for t in hearing.topics] == ["lønnsplikt"]
    assert hearing.topics[0].cues == ("lønnsplikt", "lønn")
    assert hearing.facts()["horingsfrist"] == "2025-10-20"


@pytest.mark.parametrize(
    ("broken", "key", "words"),
    [
        (VALID.replace('referanse = "25/1234"\n', ""), "horing.referanse", "is missing"),
        (VALID.replace("2025-10-20", '"20.10.2025"'), "horing.horingsfrist", "TOML date"),
        (VALID.replace('stikkord = ["lønnsplikt", "lønn"]', "stikkord = []"), "tema nr. 1.stikkord", "non-empty"),
        (VALID.replace('id = "lønnsplikt"', 'id = "Lønns plikt"'), "tema nr. 1.id", "lower-case"),
        (VALID + '\n[[tema]]\nid = "lønnsplikt"\nnavn = "x"\nstikkord = ["x"]\n', "tema nr. 2.id", "used twice"),
    ],
)
def test_invalid_key_is_named_in_the_message(tmp_path, broken, key, words):
    with pytest.raises(ConfigError) as info:
        load_hearing(write_hearing(tmp_path, broken))
    message = str(info.value)
    assert "horing.toml" in message and key in message and words in message


def test_missing_files_are_explained(tmp_path):
    with pytest.raises(ConfigError, match="missing: every hearing folder needs a horing.toml"):
        load_hearing(tmp_path)
    (tmp_path / "horing.toml").write_text(VALID, encoding="utf-8")
    with pytest.raises(ConfigError, match="svar"):
        load_hearing(tmp_path)


def test_toml_syntax_error_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match=r"horing\.toml: is not valid TOML"):
        load_hearing(write_hearing(tmp_path, "[horing\n"))
