"""The stance gold set as the stance benchmark and the training recipe read it.

Each labelled response (``gold/<hearing>.letters.jsonl``) becomes a
:class:`~horingsanalyse.stance.training.LabelledLetter`: its sentences as the product cuts them
(``gold/sentences/<hearing>.sentences.jsonl``, made with the bundled pipeline's segmenter), in
**body-only** mode (the portal's «Høringssvar fra X» line removed, so the sentence that held it
loses it), the labelled sentences' target and polarity, and the letter-level labels. The two
attached reports that the sentence cuts leave out are cut here by the same segmenter.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldset import GOLD, body_only, load_gold_responses  # noqa: E402

from horingsanalyse.config import load_hearing  # noqa: E402
from horingsanalyse.positions import lexicon_cue_reader, load_cue_lexicon  # noqa: E402
from horingsanalyse.stance.topics import TopicIndex  # noqa: E402
from horingsanalyse.stance.training import LabelledLetter, prepare  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_stance_letters(hearing: str = "nou-2019-18-havbruk"):
    """The hearing, its topic index and the prepared labelled letters (body-only), with folds."""
    config = load_hearing(CORPUS / hearing)
    index = TopicIndex(config.topics)
    cuts: dict[str, list[dict]] = {}
    for record in _read_jsonl(GOLD / "sentences" / f"{hearing}.sentences.jsonl"):
        cuts.setdefault(record["file"], []).append(record)
    labels = {r["sid"]: r for path in sorted((GOLD / "sentences").glob(f"{hearing}.stance.[0-9]*.jsonl"))
              for r in _read_jsonl(path)}
    segmenter = None
    letters, folds, bodies = [], [], []
    for response in load_gold_responses(hearing):
        body = body_only(response.text)
        cut = len(response.text) - len(body)  # the portal heading's length
        file = response.labels["file"]
        if file in cuts:
            sentences, sentence_labels = [], {}
            for record in cuts[file]:
                if record["end"] <= cut:
                    continue
                text = response.text[max(record["start"], cut):record["end"]].strip()
                if not text:
                    continue
                if record["sid"] in labels:
                    label = labels[record["sid"]]
                    sentence_labels[len(sentences)] = (label["target"], label["polarity"], tuple(label["also"]))
                sentences.append(text)
        else:
            segmenter = segmenter or _segmenter()
            sentences = [s.text.strip() for s in segmenter(body).sents if any(c.isalpha() for c in s.text)]
            sentence_labels = {}
        letters.append(LabelledLetter(
            key=file, group=response.labels.get("campaign") or hashlib.sha256(response.text.encode()).hexdigest(),
            sentences=tuple(sentences), sentence_labels=sentence_labels,
            topic_stances={t: v["stance"] for t, v in response.labels["topics"].items()},
            stance=response.labels["stance"]))
        folds.append(response.fold)
        bodies.append(body)
    lexicon = load_cue_lexicon()
    return config, index, prepare(letters, index, lexicon_cue_reader(lexicon)), folds, bodies


def _segmenter():
    from horingsanalyse.nlp import load_pipeline

    nlp = load_pipeline()
    keep = {"senter", "tok2vec", "horingsanalyse_paragraphs"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.remove_pipe(name)
    nlp.max_length = 2_000_000
    return nlp
