"""Copy a trained spaCy pipeline into the source tree as nb_horingsanalyse.

Loads MODEL_DIR (e.g. training/output/final/model-last), sets the package metadata
(meta.json: lang "nb" + name "horingsanalyse" -> package "nb_horingsanalyse",
version, licence, sources), drops the training-only dev scores from
"performance" (benchmarks/model.py --update-meta writes the test scores),
and writes it with nlp.to_disk() to TARGET_DIR together with README.md and
LICENSE. The pipeline has no vectors table (the floret vectors of VECTORS=1 in train.sh
lost on dev; a model that ships them must carry the NLOD attribution for Lovdata's texts in
meta.json sources/notes, README.md and LICENSE, as tests/test_nlp.py checks).

Usage: python package_model.py MODEL_DIR TARGET_DIR
"""
import shutil
import sys
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
# ../shared/data/norne beside the repository (a git worktree may sit one level deeper)
DATA = next((d / "shared" / "data" / "norne" for d in HERE.parents if (d / "shared" / "data" / "norne").is_dir()),
            HERE.parent.parent / "shared" / "data" / "norne")

META = {
    "lang": "nb",
    "name": "horingsanalyse",  # spaCy package name = f"{lang}_{name}" = "nb_horingsanalyse"
    "version": "0.3.0",
    "description": (
        "Norwegian Bokmål pipeline for horingsanalyse: tok2vec (CNN, no static vectors), "
        "morphologizer (UPOS+FEATS), trainable_lemmatizer, senter and NorNE NER "
        "(PER, ORG, LOC, GPE_LOC, GPE_ORG, PROD, EVT, DRV, MISC). Trained on the NorNE "
        "Bokmål train split (NDT sentences, UPOS/FEATS mapped to UD) and the gold UD dev split, "
        "for the number of steps at which a train-only run peaked on dev; scored on the UD test split."
    ),
    "author": "horingsanalyse developers",
    "email": "",
    "url": "",
    "license": "CC0-1.0 (annotations); see NorNE",
    "sources": [
        {
            "name": "NorNE: Norwegian Named Entities (Bokmål), commit bd311de5",
            "url": "https://github.com/ltgoslo/norne/tree/bd311de55b5a7fc1255aee7b088364f8271c2330",
            "license": "CC0-1.0 (annotations); original texts third-party, see NorNE/NDT documentation",
            "author": "Fredrik Jørgensen, Tobias Aasmoe, Anne-Stine Ruud Husevåg, Lilja Øvrelid and Erik Velldal. "
                      "2020. NorNE: Annotating Named Entities for Norwegian. In Proceedings of LREC 2020.",
        },
        {
            "name": "Norwegian Dependency Treebank (NDT) 1.0",
            "url": "https://www.nb.no/sprakbanken/",
            "license": "CC0-1.0 (annotations)",
            "author": "Per Erik Solberg, Arne Skjærholt, Lilja Øvrelid, Kristin Hagen and Janne Bondi Johannessen. "
                      "2014. The Norwegian Dependency Treebank. In Proceedings of LREC 2014.",
        },
        {
            "name": "UD Norwegian Bokmål (dev/test splits as distributed with NorNE)",
            "url": "https://github.com/UniversalDependencies/UD_Norwegian-Bokmaal",
            "license": "CC0-1.0 (NorNE copy, same terms as NDT)",
            "author": "Lilja Øvrelid and Petter Hohle. 2016. Universal Dependencies for Norwegian. "
                      "In Proceedings of LREC 2016.",
        },
    ],
    "training_data": ["train", "dev"],
    "notes": (
        "Training data: derived/no_bokmaal-ndt2ud-train.conllu.gz (NDT train sentences, UPOS/FEATS mapped "
        "automatically, ~99.1% UPOS / 99.7% FEATS agreement with gold UD on test; 'bli' re-tagged AUX only "
        "as the passive auxiliary, as gold UD has it) and ud/nob/no_bokmaal-ud-dev.conllu.gz (gold UD). "
        "No dependency parser; sentence boundaries come from the senter. Test scores in 'performance' are "
        "produced by benchmarks/model.py; the dev split is in the training data, so it has no scores here."
    ),
}


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    nlp = spacy.load(src)
    meta = dict(nlp.meta)
    meta.update(META)
    meta["spacy_version"] = f">={spacy.about.__version__.rsplit('.', 1)[0]}.0,<3.9.0"
    meta.pop("performance", None)
    nlp.meta.clear()
    nlp.meta.update(meta)
    if dst.exists():
        shutil.rmtree(dst)
    nlp.to_disk(dst)
    for name in ("README.md", "LICENSE"):
        shutil.copy(HERE / "model_files" / name, dst / name)
    if (DATA / "LICENSE_NDT.txt").exists():
        shutil.copyfile(DATA / "LICENSE_NDT.txt", dst / "LICENSE_NDT.txt")
    size = sum(p.stat().st_size for p in dst.rglob("*") if p.is_file()) / 1e6
    print(f"wrote {dst} ({size:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
