"""Check a letter-level gold file (benchmarks/gold/GUIDELINES.md) against the published texts.

Usage: python benchmarks/gold/check_letters.py FILE.jsonl [--hearing nou-2019-18-havbruk]

The hearing defaults to the part of the file name before «.letters». Checks: every key present
and in the guidelines' order; vocabularies valid; every topic id of corpus/<hearing>/horing.toml
present; every non-null quote and sender_evidence occurs verbatim in the text file (after
collapsing runs of whitespace to one space on both sides; sender_evidence outside an html
response's portal heading «Høringssvar fra X»); no_comment implies no_position and
every topic not_addressed; names_writer_in_body false implies sender_evidence null.
Exits 1 and lists every problem when something fails.
"""

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = [
    "file", "source_type", "sender", "name_forms", "category", "names_writer_in_body",
    "sender_evidence", "private_person", "date", "no_comment", "language", "stance",
    "topics", "endorses", "campaign", "notes",
]
CATEGORIES = {
    "kommune", "fylkeskommune", "departement", "statlig_etat", "arbeidstakerorganisasjon",
    "arbeidsgiverorganisasjon", "naeringsliv", "interesseorganisasjon", "fagmiljo",
    "politisk_parti", "privatperson", "annet",
}
STANCES = {"supports", "supports_with_reservations", "opposes", "mixed", "no_position"}
TOPIC_STANCES = {"for", "against", "mixed", "not_addressed"}
LANGUAGES = {"nb", "nn", "en"}
SOURCE_TYPES = {"html", "pdf"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def check(path: Path, hearing: str) -> list[str]:
    topics = [t["id"] for t in tomllib.loads(
        (ROOT / "corpus" / hearing / "horing.toml").read_text(encoding="utf-8"))["tema"]]
    texts = ROOT / "benchmarks" / "gold" / "texts" / hearing / "responses"
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {n}: empty line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: not JSON ({e})")
            continue
        where = f"line {n} ({r.get('file', '?')})"

        def bad(msg: str) -> None:
            problems.append(f"{where}: {msg}")

        if list(r) != KEYS:
            missing = [k for k in KEYS if k not in r]
            extra = [k for k in r if k not in KEYS]
            if missing or extra:
                bad(f"keys missing {missing}, unknown {extra}")
            else:
                bad("keys not in the guidelines' order")
            if missing:
                continue
        fname = r["file"]
        if fname in seen:
            bad("file listed twice")
        seen.add(fname)
        tpath = texts / fname
        if not isinstance(fname, str) or not tpath.is_file():
            bad(f"no text file {tpath}")
            continue
        raw = tpath.read_text(encoding="utf-8")
        text = norm(raw)

        if r["source_type"] not in SOURCE_TYPES:
            bad(f"source_type {r['source_type']!r}")
        elif (r["source_type"] == "html") != raw.lstrip().startswith("Høringssvar fra"):
            bad(f"source_type {r['source_type']} disagrees with the text's start")
        if not isinstance(r["sender"], str) or not r["sender"].strip():
            bad("sender empty")
        if not isinstance(r["name_forms"], list) or not all(
                isinstance(x, str) and x for x in r["name_forms"]):
            bad("name_forms must be a list of non-empty strings")
        else:
            for form in r["name_forms"]:
                if norm(form) not in text:
                    bad(f"name form not in text: {form!r}")
        if r["category"] not in CATEGORIES:
            bad(f"category {r['category']!r}")
        for k in ("names_writer_in_body", "private_person", "no_comment"):
            if not isinstance(r[k], bool):
                bad(f"{k} must be true or false")
        ev = r["sender_evidence"]
        if r["names_writer_in_body"] is False and ev is not None:
            bad("names_writer_in_body false but sender_evidence not null")
        if r["names_writer_in_body"] is True and not ev:
            bad("names_writer_in_body true but sender_evidence empty")
        if ev is not None:
            # the evidence must come from the body: for html, the portal heading
            # («Høringssvar fra X») is not part of it
            body = raw
            if r["source_type"] == "html" and raw.lstrip().startswith("Høringssvar fra"):
                body = raw.lstrip().split("\n", 1)[1] if "\n" in raw.lstrip() else ""
            if not isinstance(ev, str) or norm(ev) not in norm(body):
                bad(f"sender_evidence not in the body text: {ev!r}")
        if r["private_person"] is True and r["category"] not in ("privatperson", "fagmiljo"):
            bad("private_person true but category is neither privatperson nor fagmiljo (a researcher in own name)")
        if r["category"] == "privatperson" and r["private_person"] is not True:
            bad("category privatperson but private_person false")
        d = r["date"]
        if d is not None and not (isinstance(d, str) and DATE_RE.match(d)):
            bad(f"date {d!r} is not ISO 8601 (YYYY-MM-DD) or null")
        if r["language"] not in LANGUAGES:
            bad(f"language {r['language']!r}")
        if r["stance"] not in STANCES:
            bad(f"stance {r['stance']!r}")
        t = r["topics"]
        if not isinstance(t, dict):
            bad("topics must be an object")
            continue
        if set(t) != set(topics):
            bad(f"topics missing {sorted(set(topics) - set(t))}, unknown {sorted(set(t) - set(topics))}")
        for tid, v in t.items():
            if not isinstance(v, dict) or set(v) != {"stance", "quote"}:
                bad(f"topic {tid}: must have exactly stance and quote")
                continue
            if v["stance"] not in TOPIC_STANCES:
                bad(f"topic {tid}: stance {v['stance']!r}")
            q = v["quote"]
            if v["stance"] == "not_addressed" and q is not None:
                bad(f"topic {tid}: not_addressed with a quote")
            if q is not None and (not isinstance(q, str) or norm(q) not in text):
                bad(f"topic {tid}: quote not in text: {q!r}")
        if r["no_comment"] is True:
            if r["stance"] != "no_position":
                bad("no_comment but stance is not no_position")
            if any(isinstance(v, dict) and v.get("stance") != "not_addressed" for v in t.values()):
                bad("no_comment but a topic is addressed")
        for k in ("endorses", "campaign", "notes"):
            if r[k] is not None and not isinstance(r[k], str):
                bad(f"{k} must be a string or null")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--hearing")
    a = ap.parse_args()
    hearing = a.hearing or a.file.name.split(".letters")[0]
    problems = check(a.file, hearing)
    n = sum(1 for line in a.file.read_text(encoding="utf-8").splitlines() if line.strip())
    for p in problems:
        print(p)
    print(f"{a.file}: {n} records, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
