#!/usr/bin/env bash
# Reproduce the nb_horingsanalyse pipeline from the NorNE data in ../shared/data/norne
# (relative to the repository root). Run from anywhere: bash training/train.sh
# Env: PYTHON (default: <repo>/.venv/bin/python)
#      SHARED: the shared data folder (default: <repo>/../shared/data)
#      STEPS: training steps of the final run (default 4000, where the dev curve peaked)
#      SELECT=1: first redo the train-only run whose dev scores chose STEPS (adds ~25 min)
#      VECTORS=1: instead, redo the floret-vectors variant (train only, dev scores; lost on dev,
#                 not shipped): needs floret (pip install floret==0.10.5, explosion's fastText
#                 fork) and ../shared/data/norsk-tekst, and packages nothing
set -euo pipefail
cd "$(dirname "$0")"
REPO="$(cd .. && pwd)"
PY="${PYTHON:-$REPO/.venv/bin/python}"
SHARED="${SHARED:-$REPO/../shared/data}"
DATA="$SHARED/norne"
STEPS="${STEPS:-4000}"
# one CPU thread
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
       VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1

train() {  # train <spacy train args...>
  "$PY" run_spacy.py train nb_horingsanalyse.cfg --gpu-id -1 "$@"
}

# 1. convert CoNLL-U -> DocBin (docs of 10 sentences); "bli" tagged as gold UD tags it
"$PY" convert.py "$DATA/derived/no_bokmaal-ndt2ud-train.conllu.gz" corpus/train.spacy --no-spaces --ndt-bli
"$PY" convert.py "$DATA/ud/nob/no_bokmaal-ud-dev.conllu.gz" corpus/dev.spacy

# 1b. (VECTORS=1) static vectors: clean norsk-tekst (laws, Lovtidend 2025) + the NorNE train text
#     (3.4 M words), a floret table of 50,000 x 64 hashed rows in both tok2vecs; train only, dev
#     scored every 500 steps, then stop (it lost to the plain recipe on dev: training/README.md)
if [ "${VECTORS:-0}" = 1 ]; then
  "$PY" prepare_text.py --src "$SHARED/norsk-tekst" --norne "$DATA/derived/no_bokmaal-ndt2ud-train.conllu.gz" \
    --out corpus/text
  "$PY" train_vectors.py --text corpus/text/tokens.txt --out output/vectors
  train --output output/vectors-select --paths.train corpus/train.spacy --training.max_steps "$STEPS" \
    --training.patience 0 --paths.vectors output/vectors/nlp \
    --components.tok2vec.model.embed.include_static_vectors true \
    --components.ner.model.tok2vec.embed.include_static_vectors true
  exit 0
fi

# 2. (SELECT=1) train on train only and score dev every 500 steps: the weighted dev score peaks
#    at step 4000 (then NER overfits), which is where STEPS comes from
if [ "${SELECT:-0}" = 1 ]; then
  train --output output/select --paths.train corpus/train.spacy --training.max_steps 8000 --training.patience 0
fi

# 3. the shipped model: train + dev (gold UD) for STEPS steps; the dev scores printed while
#    training are not held out, and model-last is the model
mkdir -p output/final-corpus
cp corpus/train.spacy corpus/dev.spacy output/final-corpus/
train --output output/final --paths.train output/final-corpus --training.max_steps "$STEPS"

# 4. package into the source tree (sets meta.json), then benchmark on the UD test split
"$PY" package_model.py output/final/model-last "$REPO/src/horingsanalyse/models/nb_horingsanalyse"
"$PY" "$REPO/benchmarks/model.py" --model "$REPO/src/horingsanalyse/models/nb_horingsanalyse" --update-meta
