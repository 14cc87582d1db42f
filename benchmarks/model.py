"""Benchmark the bundled nb_horingsanalyse spaCy pipeline on the NorNE UD Bokmål test split.

Reports POS (UPOS), morph (FEATS), lemma, NER P/R/F (overall and per entity
type), sentence-boundary F, tokenization accuracy and speed (words/s on one
CPU thread), next to the published nb_core_news_sm 3.8.0 figures. The dev split is
scored beside the test split, unless the model's meta lists it in its "training_data";
only the test figures are unseen, but spaCy's published figures come from its training
run's own evaluation corpus, so neither column is a like-for-like comparison with them.

Accuracy is measured as spaCy does for its published figures: the pipeline
runs on the raw sentence text (its own tokenizer) and predictions are aligned
to the gold tokens. Use --gold-tokens to score on gold tokenization instead.

Usage:
    python benchmarks/model.py [--model PATH] [--data TEST.conllu.gz] [--dev DEV.conllu.gz] [--json OUT]
                               [--update-meta]
"""
import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS",
           "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = REPO / "src" / "horingsanalyse" / "models" / "nb_horingsanalyse"
# ../shared beside the repository (a git worktree may sit one level deeper)
_SHARED = next((d / "shared" for d in REPO.parents if (d / "shared" / "data" / "norne").is_dir()),
               REPO.parent / "shared")
NORNE_UD = _SHARED / "data" / "norne" / "ud" / "nob"
DEFAULT_DATA = NORNE_UD / "no_bokmaal-ud-test.conllu.gz"
DEFAULT_DEV = NORNE_UD / "no_bokmaal-ud-dev.conllu.gz"

# Published nb_core_news_sm 3.8.0 accuracy/speed (spaCy model card).
PUBLISHED_SM = {"pos_acc": 96.7, "morph_acc": 95.3, "lemma_acc": 96.8, "ents_f": 74.8, "wps": 10800}
SCORE_KEYS = ("token_acc", "pos_acc", "morph_acc", "lemma_acc", "ents_p", "ents_r", "ents_f",
              "sents_p", "sents_r", "sents_f")
ENT_TYPES = ["PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC"]


def read_conllu(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    sent = []
    with opener(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                sent = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) == 10 and "-" not in cols[0] and "." not in cols[0]:
                    sent.append(cols)
    if sent:
        yield sent


def gold_docs(vocab, path, n_sents=10):
    sents = list(read_conllu(path))
    for i in range(0, len(sents), n_sents):
        words, spaces, lemmas, pos, morphs, ents, starts = [], [], [], [], [], [], []
        for sent in sents[i:i + n_sents]:
            prev = "O"
            for j, c in enumerate(sent):
                misc = dict(kv.partition("=")[::2] for kv in c[9].split("|")) if c[9] != "_" else {}
                words.append(c[1])
                lemmas.append(c[2])
                pos.append(c[3])
                morphs.append(c[5] if c[5] != "_" else "")
                spaces.append(misc.get("SpaceAfter") != "No")
                starts.append(j == 0)
                tag = misc.get("name", "O")
                if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
                    tag = "B-" + tag[2:]
                ents.append(tag)
                prev = tag
        yield Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs,
                  sent_starts=starts, ents=ents)


def measure_speed(nlp, texts, repeats=5):
    """Words per second over ``repeats`` passes: (median, slowest, fastest) of wall time and the
    median per CPU-second. A shared machine makes single passes vary by a fifth or more."""
    for _ in nlp.pipe(texts[: max(20, len(texts) // 5)], batch_size=64):  # warm-up
        pass
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        n_words = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
        wall.append(n_words / (time.perf_counter() - t0))
        cpu.append(n_words / (time.process_time() - c0))
    return statistics.median(wall), min(wall), max(wall), statistics.median(cpu)


def dir_size_mb(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6


def pct(x):
    return None if x is None else round(100 * x, 2)


def evaluate_split(nlp, path, gold_tokens=False):
    """Score ``nlp`` on one CoNLL-U split; returns (scores in percent, gold docs)."""
    golds = list(gold_docs(nlp.vocab, path))
    if gold_tokens:
        examples = [Example(Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]), g)
                    for g in golds]
    else:
        examples = [Example(nlp.make_doc(g.text), g) for g in golds]
    scores = nlp.evaluate(examples, batch_size=64)
    res = {key: pct(scores.get(key)) for key in SCORE_KEYS}
    res["ents_per_type"] = {k: {m: pct(v[m]) for m in ("p", "r", "f")}
                            for k, v in sorted((scores.get("ents_per_type") or {}).items())}
    return res, golds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="test split")
    ap.add_argument("--dev", default=str(DEFAULT_DEV), help="dev split, scored beside the test split")
    ap.add_argument("--gold-tokens", action="store_true", help="score on gold tokenization")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", help="write scores to this JSON file")
    ap.add_argument("--update-meta", action="store_true", help="write test scores into MODEL/meta.json 'performance'")
    a = ap.parse_args()

    t_start = time.perf_counter()
    nlp = spacy.load(a.model)
    res, golds = evaluate_split(nlp, a.data, a.gold_tokens)
    # a model trained on the dev split too (meta "training_data") would only show how well it learnt it
    dev_trained = "dev" in nlp.meta.get("training_data", [])
    dev = dict.fromkeys(SCORE_KEYS) if dev_trained else evaluate_split(nlp, a.dev, a.gold_tokens)[0]
    texts = [g.text for g in golds]
    n_words = sum(len(g) for g in golds)
    wps, slowest, fastest, cpu_wps = (None,) * 4 if a.no_speed else measure_speed(nlp, texts)
    res["speed_wps"] = None if wps is None else round(wps)
    res["speed_wps_range"] = None if wps is None else [round(slowest), round(fastest)]
    res["speed_wps_cpu_time"] = None if cpu_wps is None else round(cpu_wps)
    res["dev"] = dev
    size = dir_size_mb(a.model)

    print(f"Model: {a.model}  ({nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}, "
          f"{size:.1f} MB on disk)")
    print(f"Test:  {a.data}  ({len(golds)} docs, {n_words} gold tokens; "
          f"{'gold' if a.gold_tokens else 'spaCy'} tokenization)")
    print(f"Dev:   {a.dev}" + ("  (not scored: in the model's training data)" if dev_trained else ""))
    print()
    rows = [("Tokenization acc", "token_acc", None), ("POS (UPOS) acc", "pos_acc", "pos_acc"),
            ("Morph (FEATS) acc", "morph_acc", "morph_acc"), ("Lemma acc", "lemma_acc", "lemma_acc"),
            ("NER P", "ents_p", None), ("NER R", "ents_r", None), ("NER F", "ents_f", "ents_f"),
            ("Sentence P", "sents_p", None), ("Sentence R", "sents_r", None), ("Sentence F", "sents_f", None)]
    fmt = "{:<22}{:>12}{:>12}{:>24}"
    print(fmt.format("metric", "ours: test", "ours: dev", "nb_core_news_sm 3.8.0*"))
    print("-" * 70)
    for label, key, pub in rows:
        cells = ["-" if split[key] is None else f"{split[key]:.2f}" for split in (res, dev)]
        print(fmt.format(label, *cells, f"{PUBLISHED_SM[pub]:.1f}" if pub else "-"))
    print(fmt.format("Speed (words/s, 1 thr)", "-" if wps is None else f"{wps:,.0f}", "", f"{PUBLISHED_SM['wps']:,}"))
    print(fmt.format("  slowest-fastest pass", "-" if wps is None else f"{slowest:,.0f}-{fastest:,.0f}", "", "-"))
    print(fmt.format("  per CPU-second", "-" if cpu_wps is None else f"{cpu_wps:,.0f}", "", "-"))
    print(fmt.format("Size on disk (MB)", f"{size:.1f}", "", "-"))
    print("* spaCy's published figures are the 'performance' block that spacy train writes from the\n"
          "  evaluation corpus of its training run (not stated to be the UD test split); its speed\n"
          "  was measured on spaCy's hardware, not on this machine.")
    print()
    print("NER per type (test):")
    fmt2 = "  {:<10}{:>8}{:>8}{:>8}{:>8}"
    print(fmt2.format("type", "P", "R", "F", "gold"))
    gold_counts = {}
    for g in golds:
        for e in g.ents:
            gold_counts[e.label_] = gold_counts.get(e.label_, 0) + 1
    for t in ENT_TYPES:
        v = res["ents_per_type"].get(t)
        if v is None:
            print(fmt2.format(t, "-", "-", "-", gold_counts.get(t, 0)))
        else:
            print(fmt2.format(t, f"{v['p']:.2f}", f"{v['r']:.2f}", f"{v['f']:.2f}", gold_counts.get(t, 0)))
    print(f"\n(total benchmark time {time.perf_counter() - t_start:.0f} s)")

    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf8")
    if a.update_meta:
        meta_path = Path(a.model) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf8"))
        perf = {k: (None if res[k] is None else round(res[k] / 100, 4)) for k in SCORE_KEYS}
        perf["ents_per_type"] = {k: {m: round(v[m] / 100, 4) for m in v} for k, v in res["ents_per_type"].items()}
        perf["speed_wps_1thread"] = res["speed_wps"]  # median of the passes
        perf["speed_wps_1thread_cpu_time"] = res["speed_wps_cpu_time"]
        tokenization = "gold tokenization" if a.gold_tokens else "raw-text tokenization"
        perf["evaluated_on"] = f"NorNE UD Bokmål test split (no_bokmaal-ud-test.conllu.gz), {tokenization}"
        if not dev_trained:
            perf["dev"] = {k: (None if dev[k] is None else round(dev[k] / 100, 4)) for k in SCORE_KEYS}
            perf["evaluated_on"] += "; 'dev': the dev split, used for model selection"
        meta["performance"] = perf
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
        print(f"updated {meta_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
