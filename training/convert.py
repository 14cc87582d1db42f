"""Convert NorNE / UD Norwegian Bokmål CoNLL-U (.conllu or .conllu.gz) to spaCy DocBin.

Reads FORM, LEMMA, UPOS, FEATS and MISC (``SpaceAfter=No`` and the NorNE
``name=B-PER`` IOB tag); HEAD/DEPREL only to tell a passive "bli" (``--ndt-bli``).
Consecutive sentences are grouped into docs of ``--n-sents`` sentences (never
across NDT source files) so the senter sees sentence boundaries inside docs.

If the input has no ``SpaceAfter`` information (``--no-spaces``, used for the
derived NDT train split), docs are created with unknown whitespace so spaCy's
Corpus uses the gold tokens directly.

``--ndt-bli`` (for the derived NDT train split only) tags "bli" as gold UD does:
AUX only as the passive auxiliary, else VERB (see :func:`ndt_bli_upos`).

Usage: python convert.py INPUT.conllu.gz OUTPUT.spacy [--n-sents 10] [--no-spaces] [--ndt-bli]
"""
import argparse
import gzip
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin


def read_conllu(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    sent, meta = [], {}
    with opener(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield meta, sent
                sent, meta = [], {}
                continue
            if line.startswith("#"):
                if "=" in line:
                    k, v = line[1:].split("=", 1)
                    meta[k.strip()] = v.strip()
                else:
                    meta[line[1:].strip()] = True
                continue
            cols = line.split("\t")
            if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
                continue  # multiword ranges / empty nodes (none in this data)
            sent.append(cols)
    if sent:
        yield meta, sent


def doc_group_key(meta):
    sid = meta.get("sent_id", "")
    if sid.startswith("ndt-"):
        return sid.rsplit("-", 1)[0]  # NDT source file
    return None


def fix_iob(tags):
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def ndt_bli_upos(token, sent):
    """The UPOS of a "bli" token in an NDT-analysed sentence, as gold UD tags it: AUX only as the
    passive auxiliary (in NDT, a participle hangs under it as INFV), else VERB ("ble enige",
    "blir lærer"). The derived split's automatic mapping tags 237 copular "bli" AUX and 17
    passive ones VERB; in the gold UD dev and test splits all 243 AUX "bli" are aux:pass."""
    passive = any(other[6] == token[0] and other[7] == "INFV" for other in sent)
    return "AUX" if passive else "VERB"


def sents_to_doc(vocab, sents, use_spaces, ndt_bli=False):
    words, spaces, lemmas, pos, morphs, ents, starts = [], [], [], [], [], [], []
    for _, sent in sents:
        tags = []
        for i, c in enumerate(sent):
            words.append(c[1])
            lemmas.append(c[2])
            pos.append(ndt_bli_upos(c, sent) if ndt_bli and c[2] == "bli" else c[3] if c[3] != "_" else "X")
            morphs.append(c[5] if c[5] != "_" else "")
            misc = {}
            if c[9] != "_":
                for kv in c[9].split("|"):
                    k, _, v = kv.partition("=")
                    misc[k] = v
            spaces.append(misc.get("SpaceAfter") != "No")
            tags.append(misc.get("name", "O"))
            starts.append(i == 0)
        ents.extend(fix_iob(tags))
    return Doc(
        vocab,
        words=words,
        spaces=spaces if use_spaces else None,
        lemmas=lemmas,
        pos=pos,
        morphs=morphs,
        sent_starts=starts,
        ents=ents,
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--n-sents", type=int, default=10)
    p.add_argument("--no-spaces", action="store_true")
    p.add_argument("--ndt-bli", action="store_true",
                   help="tag 'bli' AUX only as the passive auxiliary (NDT relations; the derived train split)")
    a = p.parse_args()
    nlp = spacy.blank("nb")
    db = DocBin(store_user_data=False)
    group, key, n_docs, n_sents, n_toks = [], None, 0, 0, 0

    def flush():
        nonlocal group, n_docs
        if group:
            doc = sents_to_doc(nlp.vocab, group, not a.no_spaces, a.ndt_bli)
            db.add(doc)
            n_docs += 1
        group = []

    for meta, sent in read_conllu(a.input):
        k = doc_group_key(meta)
        if group and (k != key or len(group) >= a.n_sents or meta.get("newdoc id") or "newdoc" in meta):
            flush()
        key = k
        group.append((meta, sent))
        n_sents += 1
        n_toks += len(sent)
    flush()
    Path(a.output).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(a.output)
    print(f"{a.input} -> {a.output}: {n_docs} docs, {n_sents} sents, {n_toks} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
