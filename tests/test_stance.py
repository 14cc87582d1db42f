"""The stance model: features, topics by words and by reference, and what a reader notices in
the calls: negation, reported speech, conditions, nynorsk, English, a topic whose «for» means
removing something, and the usikker marking. The letters are written for these tests, on a
hearing about school and child care, far from the hearing the model was trained on."""

import datetime as dt
import json

import pytest

from horingsanalyse.config import Hearing, Topic
from horingsanalyse.nlp import build_pipeline, make_letter_doc
from horingsanalyse.positions import lexicon_cue_reader, load_cue_lexicon
from horingsanalyse.stance.features import TOPIC, actions_in, negation_scoped, normalise, sentence_features
from horingsanalyse.stance.letters import read_letter
from horingsanalyse.stance.models import (NEVER_SURE, TOPIC_ROW_MIRROR, LetterClassifier, StanceModel, adapt,
                                          calibrated_threshold, load_stance_model, mirrored)
from horingsanalyse.stance.topics import TopicIndex

MODEL_GAP = ("the stance model, trained on one hearing where 89 of 106 letters oppose, does not yet read this "
              "(README: Measurements)")

TOPICS = (
    Topic("leksehjelp", "Gratis leksehjelp i skolen", description="Forslaget om en lovfestet, gratis leksehjelp "
          "for elever på barnetrinnet.", cues=("leksehjelp", "leksehjelpen", "leksehjelpsordning")),
    Topic("kontantstotte", "Avvikling av kontantstøtten", description="Forslaget om å avvikle kontantstøtten "
          "for foreldre som ikke bruker barnehage.", cues=("kontantstøtte", "kontantstøtta"),
          for_side="avvikle kontantstøtten", against_side="beholde kontantstøtten"),
    Topic("skolestruktur", "Ny skolestruktur", cues=("skolestruktur", "skolenedleggelse", "nedlegging av skoler"),),
)


@pytest.fixture
def school_nlp(tmp_path, blank_nlp_model):
    folder = tmp_path / "skole"
    (folder / "svar").mkdir(parents=True)
    hearing = Hearing(path=folder, title="Høring om leksehjelp og kontantstøtte", ministry="Kunnskapsdepartementet",
                      reference="25/1234", deadline=dt.date(2025, 9, 1), topics=TOPICS)
    return build_pipeline(hearing, name_or_path=blank_nlp_model)


def _read(nlp, text):
    return make_letter_doc(nlp, [text])


def test_negation_reaches_to_the_end_of_its_clause():
    words = [normalise(w) for w in "støtter ikke forslaget og er bekymret".split()]
    assert negation_scoped(words) == ["NEG_støtter", "ikke", "NEG_forslag", "og", "er", "bekymr"]
    # the verb a main clause's negation follows, not the subject of a subordinate clause
    assert negation_scoped("vi støtter heller ikke en avgift".split())[:2] == ["vi", "NEG_støtter"]
    assert negation_scoped([normalise(w) for w in "vi støtter dessverre ikke".split()])[1] == "NEG_støtter"
    assert negation_scoped("at vi ikke støtter den".split())[:4] == ["at", "vi", "ikke", "NEG_støtter"]


def test_what_a_sentence_wants_done_is_read_from_its_verbs_not_from_lookalike_words():
    assert actions_in("Skatten bør reduseres, og avgiften må bli mindre.") == {"REDUCE"}
    assert actions_in("Havbruksfondet bør økes.") == {"INCREASE"}
    assert actions_in("Utvalget hevder at mindretallets forslag får økonomiske konsekvenser.") == frozenset()


def test_topic_words_are_masked_and_reported_speech_is_marked():
    text = "Utvalgets flertall foreslår at leksehjelpen utvides."
    hit = TopicIndex(TOPICS).match(text)
    features = sentence_features(text, topic_spans=hit.spans)
    assert f"w={TOPIC}" in features and not any("leksehjelp" in name for name in features)
    assert "SPEAKER_REPORTED" in features


def test_topics_are_found_inside_compounds_and_by_reference_not_by_neighbourhood():
    index = TopicIndex(TOPICS)
    hits = index.assign(["Departementet foreslår en leksehjelpsordning for 1.–4. trinn.",
                         "Dette forslaget vil gi elevene bedre læring.",
                         "Kommunen har 14 skoler."])
    assert hits[0].topics == ("leksehjelp",)
    assert hits[1].topics == ("leksehjelp",) and hits[1].by_reference
    assert hits[2].topics == ()


def test_support_denied_and_worry_is_against(school_nlp):
    doc = _read(school_nlp, "Kommunen støtter ikke forslaget om gratis leksehjelp og er bekymret for at "
                            "ordningen vil ta ressurser fra den ordinære undervisningen.")
    assert doc._.topics["leksehjelp"]["stance"] == "against"


def test_a_plain_yes_is_for(school_nlp):
    doc = _read(school_nlp, "Kommunen støtter forslaget om gratis leksehjelp.")
    assert doc._.topics["leksehjelp"]["stance"] == "for"


def test_backing_another_bodys_view_is_kept_apart_from_backing_the_proposal():
    """In the training hearing most who backed someone else backed its opponents: «støtter» in
    «støtter mindretallet» or «slutter seg til uttalelsen fra KS» must not teach that «støtter»
    leans against, so there it is read as backing that view, and the support cue is not counted."""
    read = lexicon_cue_reader(load_cue_lexicon())

    def features(text):
        cue = read(text)
        return sentence_features(text, cue_score=cue.score, cue_reserved=cue.reserved, cue_minority=cue.minority,
                                 cue_endorses=cue.endorses)

    minority = features("Vi støtter mindretallets forslag.")
    assert "BACKS_MINORITY" in minority and "w=støtter" not in minority and "CUE_POS" not in minority
    other = features("Kommunen slutter seg til uttalelsen fra KS.")
    assert "BACKS_OTHER" in other and not any(name.startswith("w=slutt") for name in other)
    assert "NEG_BACKS_OTHER" in features("Kommunen støtter ikke høringssvaret fra KS.")
    committee = features("Vi støtter utvalgets vurdering.")  # the committee's view is the proposal
    assert not any(name.startswith("BACKS_") for name in committee)
    assert "w=støtter" in committee and "CUE_POS" in committee


@pytest.mark.xfail(strict=True, reason=MODEL_GAP)
def test_the_committees_proposal_reported_is_not_the_writers_view(school_nlp):
    doc = _read(school_nlp, "Utvalgets flertall foreslår at leksehjelpen gjøres gratis for alle elever på "
                            "barnetrinnet. Departementet legger til grunn at dette kan gjøres innenfor dagens rammer.")
    assert doc._.topics["leksehjelp"]["stance"] not in ("for", "against")


@pytest.mark.xfail(strict=True, reason=MODEL_GAP)
def test_a_conditional_yes_is_not_against(school_nlp):
    doc = _read(school_nlp, "Vi kan støtte en gratis leksehjelp, forutsatt at kommunene får full kompensasjon "
                            "for kostnadene.")
    assert doc._.topics["leksehjelp"]["stance"] in ("for", "mixed")


def test_nynorsk(school_nlp):
    doc = _read(school_nlp, "Kommunen går imot framlegget om leksehjelp. Leksehjelpa vil svekkje den ordinære "
                            "undervisninga og gje kommunane store kostnader.")
    assert doc._.topics["leksehjelp"]["stance"] == "against"


def test_english(school_nlp):
    doc = _read(school_nlp, "We strongly oppose the proposed leksehjelp scheme. It would weaken ordinary "
                            "teaching and is harmful to small schools.")
    assert doc._.topics["leksehjelp"]["stance"] == "against"


def test_wanting_removed_what_the_topics_for_side_removes_is_for(school_nlp):
    keep = _read(school_nlp, "Kontantstøtten må videreføres. Vi ber departementet beholde kontantstøtten.")
    assert keep._.topics["kontantstotte"]["stance"] == "against"
    remove = _read(school_nlp, "Kommunen mener kontantstøtten bør avvikles. Vi er positive til at "
                               "kontantstøtten fjernes.")
    assert remove._.topics["kontantstotte"]["stance"] == "for"


def test_every_side_cites_a_sentence_of_the_letter_and_doubt_is_marked(school_nlp):
    text = ("Kommunen går imot forslaget om gratis leksehjelp. Leksehjelpen vil ta ressurser fra "
            "undervisningen og svekke skolene. Vi har ellers lest høringsnotatet med interesse.")
    doc = _read(school_nlp, text)
    call = doc._.topics["leksehjelp"]
    assert call["stance"] == "against" and call["quote"] in text and call["page"] == 1
    # usikker exactly below the threshold that held on topics left out of training (README: Stance)
    threshold = load_stance_model().topic.threshold_
    assert 0 < call["confidence"] <= 1 and call["uncertain"] == (call["confidence"] < threshold)
    unaddressed = doc._.topics["skolestruktur"]
    assert unaddressed["stance"] == "not_addressed" and unaddressed["quote"] is None
    vague = _read(school_nlp, "Leksehjelp er et tema mange har meninger om. Noen mener det er bra, andre ikke.")
    doubtful = vague._.topics["leksehjelp"]
    assert doubtful["uncertain"] and doubtful["confidence"] < call["confidence"]
    assert vague._.stance_uncertain and vague._.stance_weighed


def test_a_side_no_sentence_on_the_topic_shows_is_not_stated():
    shipped = load_stance_model()
    # A letter model that leans «against» whatever the letter says about the topic.
    labels = ["against"] * len(shipped.topic.y_)
    labels[:5] = ["not_addressed"] * 5
    leaning = StanceModel(shipped.target, shipped.polarity, LetterClassifier().fit(shipped.topic.X_, labels),
                          shipped.overall, shipped.metadata)
    sentences = ["Kommunen går imot forslaget om gratis leksehjelp.", "Leksehjelpen vil svekke skolene."]
    reading = read_letter(leaning, sentences, TopicIndex(TOPICS))
    assert reading.topics["leksehjelp"].label == "against" and reading.topics["leksehjelp"].quote is not None
    unshown = reading.topics["kontantstotte"]  # the letter says nothing about it
    assert unshown.label == "not_addressed" and unshown.uncertain and unshown.quote is None


def test_the_topic_model_weighs_both_sides_alike():
    """89 of the training hearing's 106 letters were against: a letter that reads the same the
    other way round (its support and opposition swapped) gets the other side, equally sure."""
    model = load_stance_model().topic
    rows = model.X_[:60]
    other_way, _ = mirrored(rows, ["for"] * len(rows), TOPIC_ROW_MIRROR)
    sides = list(model.classes_)
    before, after = model.predict_proba(rows), model.predict_proba(other_way)
    for label, mirror_label in (("for", "against"), ("against", "for"), ("mixed", "mixed"),
                                ("not_addressed", "not_addressed")):
        assert after[:, sides.index(mirror_label)] == pytest.approx(before[:, sides.index(label)], abs=1e-3)
    assert (before.argmax(axis=1) != after.argmax(axis=1)).any()  # the rows were not symmetric already


def test_no_call_is_sure_where_no_threshold_held():
    right_at_most_three_in_five = ([0.99, 0.99, 0.985, 0.99, 0.995, 0.6], [True, False, True, False, True, True])
    assert calibrated_threshold(*right_at_most_three_in_five, 0.9) == NEVER_SURE
    five_of_five = ([0.9] * 5 + [0.5] * 5, [True] * 5 + [False] * 5)  # too few to show nine in ten
    assert calibrated_threshold(*five_of_five, 0.9) == NEVER_SURE
    twelve_of_twelve = ([0.9] * 12 + [0.5] * 5, [True] * 12 + [False] * 5)
    assert calibrated_threshold(*twelve_of_twelve, 0.9) <= 0.9


def test_the_shipped_model_is_plain_json_with_held_out_figures():
    model = load_stance_model()
    data = json.loads(model.to_json())
    assert set(data) == {"metadata", "target", "polarity", "topic", "overall"}
    assert "held_out" in data["metadata"] and data["metadata"]["data"]["letters"] == 106
    assert 0 < model.topic.threshold_ <= NEVER_SURE and 0 < model.overall.threshold_ <= NEVER_SURE


def test_corrections_move_the_letter_model_towards_them():
    model = load_stance_model()
    row = list(model.overall.X_[0])
    before = model.overall.predict_proba([row])[0][list(model.overall.classes_).index("supports")]
    adapted = adapt(model, overall_rows=[(row, "supports")] * 5)
    after = adapted.overall.predict_proba([row])[0][list(adapted.overall.classes_).index("supports")]
    assert after > before
