#!/usr/bin/env bash
# Reproduce the nb_horingsanalyse pipeline from the NorNE data in ../shared/data/norne
# (relative to the repository root). Run from anywhere: bash training/train.sh
# Env: PYTHON (default: <repo>/.venv/bin/python)
#      STAGE1_TIMEOUT / STAGE2_TIMEOUT: wall-clock caps (default 85m / 56m). model-best
#      is written at every dev improvement, so a cap only ends training early.
set -euo pipefail
cd "$(dirname "$0")"
REPO="$(cd .. && pwd)"
PY="${PYTHON:-$REPO/.venv/bin/python}"
DATA="$REPO/../shared/data/norne"
# one CPU thread
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
       VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1

train() {  # train <timeout> <spacy train args...>; accept the exit code of a timeout
  local cap=$1; shift
  local rc=0
  timeout --signal=INT "$cap" "$PY" run_spacy.py train "$@" --gpu-id -1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then echo "training failed (rc=$rc)" >&2; exit "$rc"; fi
}

# 1. convert CoNLL-U -> DocBin (docs of 10 sentences)
"$PY" convert.py "$DATA/derived/no_bokmaal-ndt2ud-train.conllu.gz" corpus/train.spacy --no-spaces
"$PY" convert.py "$DATA/derived/no_bokmaal-ndt2ud-train.conllu.gz" corpus/train_deps.spacy --no-spaces --deps
"$PY" convert.py "$DATA/ud/nob/no_bokmaal-ud-dev.conllu.gz" corpus/dev.spacy
"$PY" convert.py "$DATA/ud/nob/no_bokmaal-ud-test.conllu.gz" corpus/test.spacy

# 2. stage 1: all components from scratch, constant LR 1e-3, 4,500 steps
train "${STAGE1_TIMEOUT:-85m}" nb_horingsanalyse.cfg --output output/stage1 --training.max_steps 4500

# 3. stage 2: continue from stage-1 model-best with linearly decaying LR, dropout 0.15 and an
#    auxiliary NDT-label parser on the shared tok2vec (dropped again when packaging)
train "${STAGE2_TIMEOUT:-56m}" nb_horingsanalyse_stage2.cfg --code stage2_callbacks.py \
  --output output/stage2 --paths.stage1 output/stage1/model-best

# 4. package into the source tree (drops the parser, sets meta.json), then benchmark on UD test
"$PY" package_model.py output/stage2/model-best "$REPO/src/horingsanalyse/models/nb_horingsanalyse"
"$PY" "$REPO/benchmarks/model.py" --model "$REPO/src/horingsanalyse/models/nb_horingsanalyse" --update-meta
