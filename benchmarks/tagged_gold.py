"""The gold responses read once by the pipeline (extract → repair → base spaCy pipeline), cached.

The sender and no-remarks benchmark reruns only our rule components (and trains the sender
ranker fold by fold) on what the statistical pipeline made of each response, so the slow part
(tagging 1.3 million characters) runs once per change of the pipeline, the extraction or the
repair code, not once per experiment. The cache lives in ``benchmarks/.cache/`` (not
committed) and is keyed by the texts, the mode and a hash of everything before our
components: the ``extract`` and ``repair`` packages, ``nlp.py``, the gazetteer and the weights.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from goldset import GoldResponse, body_only, write_hearing
from horingsanalyse.config import load_hearing
from horingsanalyse.extract import extract_letter
from horingsanalyse.gazetteer import load_gazetteer
from horingsanalyse.extensions import register_extensions
from horingsanalyse.nlp import build_pipeline, make_letter_doc
from horingsanalyse.repair import repair_letter
from horingsanalyse.serialize import from_jsonable, to_jsonable
from horingsanalyse.types import Letter

CACHE = Path(__file__).resolve().parent / ".cache"
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "horingsanalyse"
OUR_COMPONENTS = ("horingsanalyse_actors", "horingsanalyse_positions")


@dataclass(frozen=True)
class TaggedResponse:
    """A gold response in one mode: the letter as extracted and repaired, and its tagged ``Doc``
    (the base pipeline's annotations, without our components' results)."""

    gold: GoldResponse
    letter: Letter
    doc: Doc


def upstream_fingerprint() -> str:
    """A hash of the code and data that decide what reaches our components."""
    digest = hashlib.sha256()
    parts = [PACKAGE / "extract", PACKAGE / "repair", PACKAGE / "models", PACKAGE / "nlp.py",
             PACKAGE / "gazetteer.py", PACKAGE / "resources" / "repair_bigrams.tsv"]
    for part in parts:
        files = sorted(part.rglob("*")) if part.is_dir() else [part]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    # the entity ruler reads the gazetteer's names and whether a body is a kommune or
    # fylkeskommune (GPE_ORG), not the other categories
    for entry in load_gazetteer():
        geo = entry.category.value in ("kommune", "fylkeskommune")
        digest.update(f"{entry.name}|{'|'.join(entry.aliases)}|{geo}\n".encode())
    return digest.hexdigest()[:12]


def tagged_responses(responses: list[GoldResponse], mode: str, *, progress: bool = True) -> list[TaggedResponse]:
    """Every response in ``mode`` read through the pipeline up to (not including) our components."""
    register_extensions()
    texts = [body_only(r.text) if mode == "body-only" else r.text for r in responses]
    key = hashlib.sha256((upstream_fingerprint() + mode + "\0".join(texts)).encode()).hexdigest()[:16]
    docs_path, letters_path = CACHE / f"{mode}-{key}.spacy", CACHE / f"{mode}-{key}.letters.json"
    if docs_path.exists() and letters_path.exists():
        letters = [from_jsonable(Letter, data) for data in json.loads(letters_path.read_text(encoding="utf-8"))]
        nlp = _base_pipeline(responses, mode)
        docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
        return [TaggedResponse(r, letter, doc) for r, letter, doc in zip(responses, letters, docs)]
    folder = write_hearing(responses, CACHE / f"hearing-{mode}", mode)
    hearing = load_hearing(folder)
    nlp = build_pipeline(hearing)
    letters, docs = [], []
    with nlp.select_pipes(disable=list(OUR_COMPONENTS)):
        for index, response in enumerate(responses):
            path = hearing.responses_dir / response.neutral_name
            letter = repair_letter(extract_letter(path, relative_to=hearing.responses_dir))
            doc = make_letter_doc(nlp, [page.text for page in letter.pages], sender_hint=letter.metadata.sender,
                                  file_name=letter.file)
            letters.append(letter)
            docs.append(doc)
            if progress:
                print(f"  tagged {index + 1}/{len(responses)} ({mode})", flush=True)
    CACHE.mkdir(exist_ok=True)
    bin_ = DocBin(store_user_data=True)
    for doc in docs:
        bin_.add(doc)
    bin_.to_disk(docs_path)
    letters_path.write_text(json.dumps([to_jsonable(letter) for letter in letters], ensure_ascii=False), encoding="utf-8")
    return [TaggedResponse(r, letter, doc) for r, letter, doc in zip(responses, letters, docs)]


_PIPELINES: dict = {}


def _base_pipeline(responses: list[GoldResponse], mode: str):
    """The pipeline the benchmark runs our components with (built once per process)."""
    if mode not in _PIPELINES:
        folder = write_hearing(responses, CACHE / f"hearing-{mode}", mode)
        _PIPELINES[mode] = build_pipeline(load_hearing(folder))
    return _PIPELINES[mode]


def pipeline_for(responses: list[GoldResponse], mode: str):
    """The full pipeline (with our components) for this hearing and mode."""
    return _base_pipeline(responses, mode)
