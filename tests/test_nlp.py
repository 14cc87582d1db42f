"""The Norwegian pipeline: the bundled model loads with no network and tags real Norwegian."""

import warnings
from pathlib import Path

import pytest
import spacy

from horingsanalyse import nlp as nlp_module
from horingsanalyse.nlp import bundled_model_path, detect_language, load_pipeline, pipeline_label

BUNDLED = (bundled_model_path() / "meta.json").is_file()
GOLD_TEXTS = Path(__file__).parents[1] / "benchmarks/gold/texts/nou-2019-18-havbruk/responses"


@pytest.fixture(scope="module")
def bundled():
    if not BUNDLED:
        pytest.skip(f"the bundled pipeline is not built at {bundled_model_path()} (see training/README.md)")
    return load_pipeline()


def test_bundled_pipeline_is_the_default_and_named_in_runs(bundled):
    assert bundled.lang == "nb"
    assert {"morphologizer", "trainable_lemmatizer", "ner"} <= set(bundled.pipe_names)
    assert pipeline_label(bundled).startswith("nb_horingsanalyse ")
    assert "CC0" in bundled.meta["license"]


NLOD_ATTRIBUTION = "Contains data under the Norwegian licence for Open Government data (NLOD) distributed by Lovdata."


def test_vectors_derived_from_lovdata_carry_the_nlod_attribution(bundled):
    """NLOD 2.0 asks that whatever is derived from Lovdata's texts say so: meta, README and LICENSE."""
    if not bundled.vocab.vectors.shape[0]:
        pytest.skip("the bundled pipeline has no vectors table")
    meta = bundled.meta
    assert any(NLOD_ATTRIBUTION in str(source.get("author", "")) for source in meta["sources"])
    assert NLOD_ATTRIBUTION in meta["notes"]
    for name in ("README.md", "LICENSE"):
        assert "Norwegian licence for Open Government data (NLOD)" in " ".join(
            (bundled_model_path() / name).read_text(encoding="utf8").split())


def test_lemmas_and_entities_of_hearing_sentences(bundled):
    doc = bundled("KS støtter forslaget om lønnsplikt.")
    assert [t.lemma_ for t in doc][:3] == ["KS", "støtte", "forslag"]
    assert [(e.text, e.label_) for e in doc.ents] == [("KS", "ORG")]
    doc = bundled("Arbeids- og inkluderingsdepartementet sendte forslaget på høring.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Arbeids- og inkluderingsdepartementet", "ORG")]
    assert doc[3].lemma_ == "sende" and doc[3].pos_ == "VERB"


def test_a_blank_line_always_ends_a_sentence(bundled):
    """A paragraph that ends without a full stop, or one the model would run on, still ends there."""
    text = ("HØRINGSSVAR\n\nKommunen går imot forslaget. Skatten vil flytte verdiskapingen ut av distriktene.\n\n"
            "Kommunen er positiv til at produksjonsavgiften videreføres.\n\nKonklusjon\n\nVi ber om en ny vurdering.")
    sentences = [sentence.text.strip() for sentence in bundled(text).sents]
    assert "Kommunen er positiv til at produksjonsavgiften videreføres." in sentences
    assert "Konklusjon" in sentences and "HØRINGSSVAR" in sentences


def test_known_bodies_are_entities_with_their_canonical_name(bundled):
    doc = bundled("Nærings- og fiskeridepartementet og LO har fått svar fra Averøy kommune.")
    entities = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert ("Nærings- og fiskeridepartementet", "ORG", "Nærings- og fiskeridepartementet") in entities
    assert ("LO", "ORG", "Landsorganisasjonen i Norge") in entities
    assert ("Averøy kommune", "GPE_ORG", "Averøy kommune") in entities
    assert not bundled("Han lo av forslaget.").ents  # an abbreviation matches only as written


def test_the_known_bodies_phrase_patterns_match_what_token_patterns_matched(bundled):
    """The gazetteer as phrase patterns (issue 12; the exact-case names too, on ``ORTH``) finds
    the same bodies, labels and canonical names as the token pattern per name it replaced, on
    the gold set's 78 real responses."""
    from horingsanalyse.gazetteer import load_gazetteer, matchable_names

    texts = sorted(GOLD_TEXTS.glob("*.txt"))
    assert len(texts) >= 70
    token_patterns = [
        {"label": nlp_module.GEOPOLITICAL_ORG if entry.category in nlp_module.GEOPOLITICAL_CATEGORIES
         else nlp_module.ORGANISATION,
         "pattern": [{"ORTH": t.text} if exact else {"LOWER": t.lower_} for t in bundled.make_doc(name)],
         "id": entry.name}
        for entry in load_gazetteer() for name, exact in matchable_names(entry)
    ]
    before = spacy.blank("nb").add_pipe("entity_ruler")
    before.add_patterns(token_patterns)
    now = bundled.get_pipe(nlp_module.KNOWN_BODIES_PIPE)
    assert now.phrase_patterns, "the case-insensitive names are phrase patterns"
    assert len(now.matcher) == 0 and len(now.exact_matcher) > 200, "the exact-case names are phrases on ORTH"
    n_found = 0
    for path in texts:
        text = path.read_text(encoding="utf-8")
        expected = [(e.start, e.end, e.label_, e.ent_id_) for e in before(bundled.make_doc(text)).ents]
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in now(bundled.make_doc(text)).ents] == expected, path.name
        n_found += len(expected)
    assert n_found > 300


def test_a_pipeline_saved_from_the_loader_loads_again_with_one_ruler(bundled, tmp_path):
    bundled.to_disk(tmp_path / "pipeline")
    reloaded = load_pipeline(tmp_path / "pipeline")
    assert reloaded.pipe_names.count("horingsanalyse_known_bodies") == 1
    assert [(e.text, e.label_) for e in reloaded("Svar fra LO.").ents] == [("LO", "ORG")]


def test_bundled_pipeline_splits_sentences(bundled):
    doc = bundled("Averøy kommune går imot grunnrenteskatten. Ola Nordmann bor i Bergen.")
    assert [s.text for s in doc.sents] == ["Averøy kommune går imot grunnrenteskatten.", "Ola Nordmann bor i Bergen."]
    assert ("Ola Nordmann", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_without_any_norwegian_model_a_blank_pipeline_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(nlp_module, "bundled_model_path", lambda: tmp_path / "missing")
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        blank = load_pipeline()
    assert blank.lang == "nb" and "sentencizer" in blank.pipe_names
    assert any("No Norwegian spaCy pipeline found" in str(w.message) for w in caught)
    assert [s.text for s in blank("Første setning. Andre setning.").sents] == ["Første setning.", "Andre setning."]


def test_a_pipeline_can_be_named_by_path(tmp_path):
    spacy.blank("nb").to_disk(tmp_path / "egen")
    assert load_pipeline(tmp_path / "egen").lang == "nb"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kommunen har ikke merknader til forslaget, og vi mener det er bra.", "nb"),
        ("Kommunen har ikkje merknader, og eg meiner det er bra å vere med frå starten.", "nn"),
        ("We support the proposal and the analysis of the committee.", "en"),
    ],
)
def test_language_of_a_response(text, language):
    assert detect_language(text) == language
