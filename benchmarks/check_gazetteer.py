"""Check the actor gazetteer ``src/horingsanalyse/resources/actors.csv`` (standard library only).

Errors (exit status 1):
  * the file is not UTF-8, starts with a byte-order mark, or is not in NFC;
  * the header is not exactly ``name,category,aliases,orgnr,note``, or a row has the wrong
    number of fields, an empty name, or stray whitespace;
  * a category outside the vocabulary of ``horingsanalyse.types.ActorCategory``;
  * a note outside the note vocabulary;
  * an orgnr that is not nine digits with a valid modulus-11 check digit;
  * two rows sharing a name or alias, compared exactly as ``gazetteer.normalise_name`` compares
    them (case, punctuation, spacing and parenthesised text ignored) -- all collisions listed;
  * not exactly 357 current kommuner (note empty; the kommuner of 1 January 2024), or not
    exactly 14 current fylkeskommuner. Norway has 15 fylker in 2024; Oslo is one of them but
    has no fylkeskommune (Oslo kommune carries both roles and is listed as a kommune), so the
    15 fylkeskommunale enheter are 14 fylkeskommune rows plus "Oslo kommune".

Warnings (printed, do not fail): an alias repeated verbatim in its own row or equal to the name,
aliases shorter than two characters (the PhraseMatcher in ``actors.py`` skips them), and names
or aliases containing parentheses (``normalise_name`` strips parenthesised text). Variants
within one row that differ only in case or punctuation ("Nav|NAV", "WWF Norge|WWF-Norge") are
deliberate: the PhraseMatcher tokenises them differently, and a case-sensitive matcher for
short forms would need them.

Usage: python benchmarks/check_gazetteer.py [path/to/actors.csv]
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "src" / "horingsanalyse" / "resources" / "actors.csv"
HEADER = ["name", "category", "aliases", "orgnr", "note"]
CATEGORIES = (
    "kommune", "fylkeskommune", "departement", "statlig_etat", "arbeidstakerorganisasjon",
    "arbeidsgiverorganisasjon", "naeringsliv", "interesseorganisasjon", "fagmiljo", "politisk_parti",
    "privatperson", "annet",
)
NOTES = (
    "", "tidligere kommune", "tidligere fylkeskommune", "tidligere departement", "tidligere etat",
    "tidligere organisasjon", "tidligere selskap",
)
EXPECTED_KOMMUNER = 357
EXPECTED_FYLKESKOMMUNER = 14  # + Oslo kommune = the 15 fylker of 2024


def normalise_name(name: str) -> str:
    """Same comparison as ``horingsanalyse.gazetteer.normalise_name`` (kept in step by hand)."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^\wæøå]+", " ", text)
    return " ".join(text.split())


def valid_orgnr(orgnr: str) -> bool:
    if not re.fullmatch(r"\d{9}", orgnr):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(orgnr[:8], weights)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(orgnr[8])


def check(path: Path) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a UTF-8 byte-order mark")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"ERROR: not UTF-8: {exc}")
        return 1
    if unicodedata.normalize("NFC", text) != text:
        errors.append("file is not in Unicode NFC")

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != HEADER:
        print(f"ERROR: header is {header!r}, expected {HEADER!r}")
        return 1

    rows: list[dict[str, str]] = []
    for line_no, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(HEADER):
            errors.append(f"line {line_no}: {len(fields)} fields, expected {len(HEADER)}: {fields!r}")
            continue
        row = dict(zip(HEADER, fields))
        row["line"] = str(line_no)
        for key in HEADER:
            if row[key] != row[key].strip():
                errors.append(f"line {line_no}: stray whitespace in {key} {row[key]!r}")
        if not row["name"].strip():
            errors.append(f"line {line_no}: empty name")
            continue
        if row["category"] not in CATEGORIES:
            errors.append(f"line {line_no}: unknown category {row['category']!r} ({row['name']})")
        if row["note"] not in NOTES:
            errors.append(f"line {line_no}: unknown note {row['note']!r} ({row['name']})")
        if row["orgnr"] and not valid_orgnr(row["orgnr"]):
            errors.append(f"line {line_no}: invalid orgnr {row['orgnr']!r} ({row['name']})")
        rows.append(row)

    # Names and aliases: one owner per normalised form.
    owners: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # norm -> [(line, name, form)]
    for row in rows:
        aliases = [a.strip() for a in row["aliases"].split("|")] if row["aliases"] else []
        if any(not a for a in aliases):
            errors.append(f"line {row['line']}: empty alias in {row['aliases']!r}")
        seen_here: set[str] = set()
        seen_forms: set[str] = set()
        for form in [row["name"], *[a for a in aliases if a]]:
            norm = normalise_name(form)
            if not norm:
                errors.append(f"line {row['line']}: {form!r} normalises to nothing")
                continue
            if "(" in form or ")" in form:
                warnings.append(f"line {row['line']}: parentheses in {form!r} are ignored by normalise_name")
            if form is not row["name"] and len(form) < 2:
                warnings.append(f"line {row['line']}: alias {form!r} of {row['name']} is too short for the matcher")
            if form in seen_forms:
                warnings.append(f"line {row['line']}: {form!r} repeats another name/alias of {row['name']}")
            seen_forms.add(form)
            if norm in seen_here:
                continue  # a case/punctuation variant within the row: deliberate, not a collision
            seen_here.add(norm)
            owners[norm].append((row["line"], row["name"], form))
    collisions = {norm: found for norm, found in owners.items() if len({line for line, _, _ in found}) > 1}
    for norm, found in sorted(collisions.items()):
        listed = "; ".join(f"line {line} {name!r} via {form!r}" for line, name, form in found)
        errors.append(f"collision on {norm!r}: {listed}")

    # Counts.
    by_category = Counter(row["category"] for row in rows)
    current = Counter(row["category"] for row in rows if not row["note"])
    former = Counter(row["category"] for row in rows if row["note"])
    print(f"{path}: {len(rows)} rows")
    print(f"{'category':28} {'all':>5} {'current':>8} {'former':>7}")
    for category in CATEGORIES:
        print(f"{category:28} {by_category[category]:5d} {current[category]:8d} {former[category]:7d}")
    print(f"{'total':28} {len(rows):5d} {sum(current.values()):8d} {sum(former.values()):7d}")

    if current["kommune"] != EXPECTED_KOMMUNER:
        errors.append(f"{current['kommune']} current kommuner, expected {EXPECTED_KOMMUNER}")
    if current["fylkeskommune"] != EXPECTED_FYLKESKOMMUNER:
        errors.append(f"{current['fylkeskommune']} current fylkeskommuner, expected {EXPECTED_FYLKESKOMMUNER}")
    oslo = any(row["name"] == "Oslo kommune" and row["category"] == "kommune" and not row["note"] for row in rows)
    if not oslo:
        errors.append('"Oslo kommune" missing as a current kommune')
    print(f"current kommuner: {current['kommune']} (expected {EXPECTED_KOMMUNER}); current fylkeskommuner: "
          f"{current['fylkeskommune']} + Oslo kommune = {current['fylkeskommune'] + int(oslo)} fylker "
          f"(expected {EXPECTED_FYLKESKOMMUNER} + 1 = 15)")

    for message in warnings:
        print(f"WARNING: {message}")
    for message in errors:
        print(f"ERROR: {message}")
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    return check(path)


if __name__ == "__main__":
    sys.exit(main())
