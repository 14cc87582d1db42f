"""Shared test fixtures: a hearing with topics, and a light pipeline built on it."""

import datetime as dt
from pathlib import Path

import pytest

from horingsanalyse.config import Hearing, Topic
from horingsanalyse.nlp import build_pipeline

HAVBRUK_TOPICS = (
    Topic("grunnrenteskatt", "Grunnrenteskatt på havbruk", cues=("grunnrenteskatt", "grunnrente")),
    Topic("produksjonsavgift", "Produksjonsavgift", cues=("produksjonsavgift",)),
)


@pytest.fixture
def hearing(tmp_path) -> Hearing:
    folder = tmp_path / "nou-2019-18"
    (folder / "svar").mkdir(parents=True)
    return Hearing(
        path=folder,
        title="Høring - NOU 2019: 18 Skattlegging av havbruk",
        ministry="Finansdepartementet",
        reference="19/4419",
        deadline=dt.date(2020, 2, 4),
        instanser=("Averøy kommune", "Sjømat Norge", "Landsorganisasjonen i Norge"),
        topics=HAVBRUK_TOPICS,
    )


@pytest.fixture(scope="session")
def blank_nlp_model(tmp_path_factory) -> Path:
    """A saved blank Norwegian pipeline, so component tests do not depend on the trained model."""
    import spacy

    path = tmp_path_factory.mktemp("blank") / "nb_blank"
    spacy.blank("nb").to_disk(path)
    return path


@pytest.fixture
def nlp(hearing, blank_nlp_model):
    return build_pipeline(hearing, name_or_path=blank_nlp_model)
