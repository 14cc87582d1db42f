"""Clean ../shared/data/norsk-tekst into running text for pretraining and static vectors.

Reads (at build time only; nothing here is needed at run time):
  * lover/LOV-*.md: YAML front matter, headings, tables and Markdown markup dropped; the copy of
    a list that is glued onto the end of the paragraph introducing it (``er:å sikre ...,å sikre``)
    is cut off, the list items themselves are kept as their own lines; exact duplicate
    paragraphs (amendment boilerplate) are written once. Laws dated before 1900
    (Danish orthography, ~14,000 words) are skipped.
  * lovtidend-avd1-2025.tar.bz2: the document header (key info, table of contents) dropped, the
    body's block elements (articles, list items, paragraphs) as lines; headings and tables dropped.
  * the NorNE train split's sentences (FORM column), so the pretraining also sees the text the
    pipeline is trained on. Dev and test text is never used.

Writes, under OUT (default training/corpus/text/):
  * raw.jsonl: {"text": ...} one paragraph a line (for ``spacy pretrain``)
  * tokens.txt: the same, tokenized by spaCy's ``nb`` tokenizer, tokens space-separated (for floret)
  * stats.json: line and word counts per source

Usage: python training/prepare_text.py [--src ../shared/data/norsk-tekst] [--norne TRAIN.conllu.gz]
                                       [--out training/corpus/text]
The texts are Lovdata's public data under NLOD 2.0: anything derived from them must carry
"Contains data under the Norwegian licence for Open Government data (NLOD) distributed by Lovdata."
"""
import argparse
import gzip
import html.parser
import json
import random
import re
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared/data beside the repository (a git worktree may sit one level deeper)
SHARED = next((d / "shared" / "data" for d in REPO.parents if (d / "shared" / "data").is_dir()),
              REPO.parent / "shared" / "data")

MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_EMPH = re.compile(r"\*{1,3}([^*]+)\*{1,3}")
WS = re.compile(r"\s+")
MIN_WORDS = 3


def clean_inline(text):
    text = MD_LINK.sub(r"\1", text)
    text = MD_EMPH.sub(r"\1", text)
    text = text.replace("*", " ")
    return WS.sub(" ", text).strip()


GLUE = re.compile(r"(?<=[^\s\d]):(?=[^\s\d/])")  # «er:å», «følgende:a)», «ved:sykehus»


def unglue(paras):
    """Cut the glued copy of the list that follows a paragraph off that paragraph.

    A paragraph P followed by list items L1..Lk reads ``<intro>:L1L2...Lk`` (the items joined
    without spaces). P is cut after the first colon glued to the next character when the text
    after it starts like one of the next three paragraphs (or is their start); the items stay as
    their own lines. A glued colon left after that gets a space, so no «er:å» tokens remain."""
    out = []
    for i, p in enumerate(paras):
        nxt = paras[i + 1:i + 4]
        for m in GLUE.finditer(p):
            rest = p[m.end():]
            if any(q[:12] and (rest.startswith(q[:12]) or q.startswith(rest[:12])) for q in nxt):
                p = p[:m.end()]
                break
        out.append(GLUE.sub(": ", p))  # a glued list with no copy of its own: keep, with a space
    return out


def law_paragraphs(path):
    text = path.read_text(encoding="utf8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end > 0 else text
    paras = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith(("#", "|", "---")):
            continue
        line = line.lstrip("> ").strip()
        if line.startswith(("- ", "* ")):
            line = line[2:]
        paras.append(clean_inline(line))
    return [p for p in unglue(paras) if p]


class _LtiText(html.parser.HTMLParser):
    BLOCK = {"article", "li", "p", "div", "section", "ul", "ol", "dd", "dt", "br", "main", "td", "tr"}
    SKIP = {"header", "h1", "h2", "h3", "h4", "h5", "h6", "table", "head", "script", "style", "footer"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.buf, self.skip = [], [], 0

    def flush(self):
        line = WS.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append(line)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            self.buf = [] if self.skip else self.buf
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def lti_paragraphs(data):
    parser = _LtiText()
    parser.feed(data.decode("utf8"))
    parser.close()
    parser.flush()
    return parser.lines


def norne_sentences(path):
    words = []
    with gzip.open(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield " ".join(words)
                words = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) == 10 and cols[0].isdigit():
                    words.append(cols[1])
    if words:
        yield " ".join(words)


def write_shuffled(raw, tok, out):
    """Write both files in one fixed random order (seed 0): ``spacy pretrain`` reads its corpus
    in file order, and a run capped at N paragraphs should see all three sources."""
    order = list(range(len(raw)))
    random.Random(0).shuffle(order)
    with open(out / "raw.jsonl", "w", encoding="utf8") as fh:
        fh.writelines(raw[i] for i in order)
    with open(out / "tokens.txt", "w", encoding="utf8") as fh:
        fh.writelines(tok[i] for i in order)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=SHARED / "norsk-tekst")
    ap.add_argument("--norne", type=Path,
                    default=SHARED / "norne" / "derived" / "no_bokmaal-ndt2ud-train.conllu.gz")
    ap.add_argument("--out", type=Path, default=REPO / "training" / "corpus" / "text")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    import spacy
    tokenizer = spacy.blank("nb").tokenizer
    stats = {}
    seen = set()  # exact duplicate paragraphs (amendment boilerplate) are written once
    raw, tok = [], []

    def emit(source, paras):
        st = stats.setdefault(source, {"docs": 0, "lines": 0, "words": 0, "duplicates": 0})
        st["docs"] += 1
        for p in paras:
            if len(p.split()) < MIN_WORDS:
                continue
            if p in seen:
                st["duplicates"] += 1
                continue
            seen.add(p)
            tokens = [t.text for t in tokenizer(p) if not t.is_space]
            raw.append(json.dumps({"text": p}, ensure_ascii=False) + "\n")
            tok.append(" ".join(tokens) + "\n")
            st["lines"] += 1
            st["words"] += len(tokens)

    for path in sorted((args.src / "lover").glob("LOV-*.md")):
        if int(path.name[4:8]) < 1900:
            continue
        emit("lover", law_paragraphs(path))
    with tarfile.open(args.src / "lovtidend-avd1-2025.tar.bz2", "r:bz2") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.isfile() and member.name.endswith(".xml"):
                emit("lovtidend", lti_paragraphs(tar.extractfile(member).read()))
    emit("norne-train", norne_sentences(args.norne))
    write_shuffled(raw, tok, args.out)
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
