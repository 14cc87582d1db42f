"""Train floret static vectors on the cleaned text and convert them to a spaCy vectors model.

floret (explosion's fastText fork, ``pip install floret==0.10.5``; a build-time dependency only)
stores words and their character n-grams in one hashed table of BUCKET rows, so the table's size is
fixed (BUCKET x DIM float32) and every word, seen or not, gets a vector. The input is
``tokens.txt`` from prepare_text.py (spaCy's nb tokenizer, original case: spaCy's StaticVectors
look up ORTH).

Usage: python training/train_vectors.py [--text training/corpus/text/tokens.txt]
                                        [--out training/output/vectors] [--dim 64] [--bucket 50000]
Writes OUT/vectors.floret (floret's table) and OUT/nlp/ (``spacy init vectors --mode floret``),
which the training config reads as ``paths.vectors``.

The vectors are derived from Lovdata's public data (NLOD 2.0): "Contains data under the Norwegian
licence for Open Government data (NLOD) distributed by Lovdata."
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", type=Path, default=HERE / "corpus" / "text" / "tokens.txt")
    ap.add_argument("--out", type=Path, default=HERE / "output" / "vectors")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--bucket", type=int, default=50000)
    ap.add_argument("--minn", type=int, default=4)
    ap.add_argument("--maxn", type=int, default=5)
    ap.add_argument("--hash-count", type=int, default=2)
    ap.add_argument("--epoch", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    import floret

    t0 = time.time()
    model = floret.train_unsupervised(
        str(args.text), model="cbow", mode="floret", hashCount=args.hash_count, bucket=args.bucket,
        minn=args.minn, maxn=args.maxn, dim=args.dim, epoch=args.epoch, minCount=args.min_count,
        thread=args.threads,
    )
    table = args.out / "vectors.floret"
    model.save_floret_vectors(str(table))
    print(f"floret: {len(model.words)} words, table {args.bucket} x {args.dim}, {time.time() - t0:.0f} s")
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "nb", str(table), str(args.out / "nlp"),
                    "--mode", "floret", "--name", "nb_horingsanalyse_lovdata_floret"], check=True)


if __name__ == "__main__":
    main()
