"""An analyst's corrections (``korreksjoner.csv`` beside ``horing.toml``), applied on every run.

The machine's reading of a response is stored under the analysis key, which changes with every
new version of the package, the pipeline or ``horing.toml``. An analyst who checked a letter by
hand must not lose that work to a re-analysis, so corrections are never written into the
stored result: they are read from the hearing folder on every run and applied afterwards,
before the counts, the summary, the camps and the arguments are made. A re-run, a cache hit
and a version change therefore all show the corrected values, and the machine's own reading
stays in the store to be compared with them (:func:`agreement`: the live measure of how well
the machine reads this hearing).

The file has the columns ``file``, ``field``, ``value`` and ``comment`` (``fil``, ``felt``,
``verdi``, ``kommentar`` are read too), comma- or semicolon-separated, UTF-8 with or without a
byte-order mark (Windows-1252, which Excel's plain «CSV» writes in Norway, is read as well). A
row that cannot be applied (unknown field or topic, a value outside the vocabulary, a file
that is not a response of the hearing) becomes a :class:`~horingsanalyse.errors.CorrectionError`
naming the line and the reason; the other rows still apply.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .actors.instans import match_instans
from .config import RESPONSES_DIR, Hearing, load_hearing
from .errors import ConfigError, CorrectionError
from .gazetteer import GazetteerEntry, load_gazetteer, names_index, normalise_name
from .types import (
    ActorCategory,
    CorrectedField,
    Correction,
    Evidence,
    FieldAgreement,
    ResponseAnalysis,
    Stance,
    TopicPosition,
    TopicStance,
)

CORRECTIONS_FILE = "korreksjoner.csv"
RESPONSE_FIELDS = ("sender", "category", "no_comment", "stance")  # besides the hearing's topic ids
FIELD_NAMES = {"sender": "avsender", "category": "kategori", "no_comment": "ingen merknader",
               "stance": "samlet standpunkt"}  # as the run's agreement line names them
_COLUMNS = {"file": "file", "fil": "file", "field": "field", "felt": "field", "value": "value", "verdi": "value",
            "comment": "comment", "kommentar": "comment"}
_REQUIRED_COLUMNS = ("file", "field", "value")
_BOOLEANS = {"ja": "true", "true": "true", "nei": "false", "false": "false"}
_VOCABULARIES = {
    "category": tuple(c.value for c in ActorCategory),
    "stance": tuple(s.value for s in Stance),
    "topic": tuple(s.value for s in TopicStance),
}


@dataclass(frozen=True)
class CorrectionSheet:
    """What ``korreksjoner.csv`` says: the rows that apply, and why the others do not."""

    path: Path  # the hearing's korreksjoner.csv, whether or not it exists
    corrections: tuple[Correction, ...] = ()
    problems: tuple[CorrectionError, ...] = ()


def load_corrections(hearing_folder: Path | str) -> tuple[Correction, ...]:
    """The valid corrections of a hearing folder (none when it has no ``korreksjoner.csv``).

    Rows that cannot be applied are left out; :func:`read_corrections` also says why.

    Raises:
        ConfigError: the hearing folder is invalid, or the file cannot be read as a table.
    """
    hearing = load_hearing(hearing_folder)
    return read_corrections(hearing, response_files(hearing)).corrections


def response_files(hearing: Hearing) -> list[str]:
    """Every file under ``svar/`` by its name relative to it, as the corrections name them."""
    return [path.relative_to(hearing.responses_dir).as_posix()
            for path in hearing.responses_dir.rglob("*") if path.is_file() and not path.name.startswith(".")]


def read_corrections(hearing: Hearing, files: Collection[str]) -> CorrectionSheet:
    """Read and check ``korreksjoner.csv`` against the hearing's topics and response ``files``.

    Where a file and field are corrected twice, the later row applies (as the last edit of a
    spreadsheet would) and the earlier one is named as a problem if their values differ.

    Raises:
        ConfigError: the file is not text, or its first row is not a header with at least
            ``file``, ``field`` and ``value``.
    """
    path = hearing.path / CORRECTIONS_FILE
    if not path.is_file():
        return CorrectionSheet(path)
    rows = _table_rows(path)
    topic_ids = {topic.id for topic in hearing.topics}
    known_files = set(files)
    kept: dict[tuple[str, str], Correction] = {}
    problems: list[CorrectionError] = []
    for line, cells in rows:
        try:
            correction = _checked(path, line, cells, topic_ids, known_files)
        except CorrectionError as problem:
            problems.append(problem)
            continue
        earlier = kept.pop((correction.file, correction.field), None)
        if earlier is not None and earlier.value != correction.value:
            problems.append(CorrectionError(path, earlier.line, f"{correction.file} {correction.field} is corrected "
                                            f"again on line {correction.line}; that line's value is used"))
        kept[(correction.file, correction.field)] = correction
    return CorrectionSheet(path, tuple(sorted(kept.values(), key=lambda c: c.line)),
                           tuple(sorted(problems, key=lambda p: p.line)))


def _table_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (line, cells by column), blank rows skipped; the header is checked."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's plain «CSV» in a Norwegian locale
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next((row for row in reader if any(cell.strip() for cell in row)), [])
    columns = [_COLUMNS.get(name.strip().casefold()) for name in header]
    missing = [name for name in _REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ConfigError(path, "the first row must name the columns file, field, value and comment "
                                f"(separated by commas or semicolons); missing {', '.join(missing)}")
    rows = []
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        row = {column: cell.strip() for column, cell in zip(columns, cells) if column}
        if columns[-1] == "comment" and len(cells) > len(columns):  # an unquoted comment holding the delimiter
            row["comment"] = delimiter.join(cells[len(columns) - 1:]).strip(delimiter + " ")
        rows.append((start, row))
    return rows


def _checked(path: Path, line: int, cells: dict[str, str], topic_ids: set[str],
             known_files: set[str]) -> Correction:
    """One row as a :class:`Correction` in the contract's vocabulary, or the reason it is not one."""
    file = _relative_name(cells.get("file", ""))
    field = cells.get("field", "").casefold()
    value = cells.get("value", "")
    if not file:
        raise CorrectionError(path, line, "names no file")
    if file not in known_files:
        close = difflib.get_close_matches(file, sorted(known_files), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CorrectionError(path, line, f"{file!r} is not a response of the hearing (in {RESPONSES_DIR}/){hint}")
    if field not in RESPONSE_FIELDS and field not in topic_ids:
        raise CorrectionError(path, line, f"unknown field {field!r}: use one of {', '.join(RESPONSE_FIELDS)} "
                                          f"or a topic id of horing.toml ({', '.join(sorted(topic_ids)) or 'none'})")
    if not value:
        raise CorrectionError(path, line, f"gives no value for {field}")
    return Correction(file=file, field=field, value=_vocabulary_value(path, line, field, value),
                      comment=cells.get("comment", ""), line=line)


def _relative_name(name: str) -> str:
    """A file as ``analyse.json`` names it: relative to ``svar/``, forward slashes."""
    name = name.replace("\\", "/").strip()
    for prefix in ("./", f"{RESPONSES_DIR}/"):
        name = name.removeprefix(prefix)
    return name


def _vocabulary_value(path: Path, line: int, field: str, value: str) -> str:
    if field == "sender":
        return " ".join(value.split())
    if field == "no_comment":
        if value.casefold() not in _BOOLEANS:
            raise CorrectionError(path, line, f"no_comment must be ja, nei, true or false, not {value!r}")
        return _BOOLEANS[value.casefold()]
    allowed = _VOCABULARIES.get(field, _VOCABULARIES["topic"])
    if value.casefold() not in allowed:
        kind = field if field in _VOCABULARIES else f"the topic {field}"
        raise CorrectionError(path, line, f"{value!r} is not a value for {kind}: use one of {', '.join(allowed)}")
    return value.casefold()


def machine_value(response: ResponseAnalysis, field: str) -> str | None:
    """The response's value of a correctable field, in the vocabulary the corrections use."""
    if field == "sender":
        return response.sender
    if field == "category":
        return response.category.value
    if field == "no_comment":
        return "true" if response.no_comment else "false"
    if field == "stance":
        return response.stance.value
    position = response.topics.get(field)
    return position.stance.value if position else TopicStance.NOT_ADDRESSED.value


def apply_corrections(responses: Iterable[ResponseAnalysis], corrections: Sequence[Correction],
                      instanser: Sequence[str] = (),
                      machine: Iterable[ResponseAnalysis] = ()) -> tuple[ResponseAnalysis, ...]:
    """New responses with the corrected values, each recording what was corrected (``corrections``).

    The machine's value recorded beside each correction is the response's own, or that of its
    file in ``machine`` where given: the shipped stance model's reading, when the responses
    are those of a model adapted with these very corrections (see :mod:`.adaptation`).

    A corrected sender is matched again against the hearing's ``instanser``; a corrected
    category says whether the writer is a private person (whose name ``--mask-private`` hides).
    A corrected topic keeps only the evidence sentences that agree with it (all of them for
    ``mixed``, none for ``not_addressed``), so the arguments count the letter on the side the
    analyst put it, and quotes the strongest of them (none when the machine found none).
    """
    by_file: dict[str, list[Correction]] = {}
    for correction in corrections:
        by_file.setdefault(correction.file, []).append(correction)
    machine_of = {response.file: response for response in machine}
    corrected = []
    for response in responses:
        for correction in by_file.get(response.file, ()):
            response = _corrected(response, correction, instanser, machine_of.get(response.file, response))
        corrected.append(response)
    return tuple(corrected)


def _corrected(response: ResponseAnalysis, correction: Correction, instanser: Sequence[str],
               machine: ResponseAnalysis) -> ResponseAnalysis:
    record = CorrectedField(field=correction.field, value=correction.value,
                            machine=machine_value(machine, correction.field), comment=correction.comment,
                            line=correction.line)
    response = replace(response, corrections=(*response.corrections, record))
    value = correction.value
    if correction.field == "sender":
        return replace(response, sender=value, sender_note=None,
                       instans=match_instans(value, (), instanser) if instanser else response.instans)
    if correction.field == "category":
        return replace(response, category=ActorCategory(value),
                       private_person=value == ActorCategory.PRIVATPERSON.value)
    if correction.field == "no_comment":
        return replace(response, no_comment=value == "true")
    if correction.field == "stance":
        return replace(response, stance=Stance(value))
    return _with_topic_stance(response, correction.field, TopicStance(value))


def _with_topic_stance(response: ResponseAnalysis, topic_id: str, stance: TopicStance) -> ResponseAnalysis:
    evidence = tuple(item for item in response.evidence
                     if item.topic_id != topic_id or _agrees(item, stance))
    on_topic = [item for item in evidence if item.topic_id == topic_id]
    machine = response.topics.get(topic_id)
    if stance is TopicStance.MIXED and machine is not None and machine.quote:
        position = replace(machine, stance=stance)
    else:
        best = max(on_topic, key=lambda item: abs(item.score), default=None)
        position = TopicPosition(topic_id=topic_id, stance=stance, quote=best.sentence if best else None,
                                 page=best.page if best else None, score=machine.score if machine else 0.0)
    return replace(response, topics={**response.topics, topic_id: position}, evidence=evidence)


def _agrees(item: Evidence, stance: TopicStance) -> bool:
    if stance is TopicStance.MIXED:
        return True
    return stance is not TopicStance.NOT_ADDRESSED and item.stance is stance


def agreement(analyses_before: Iterable[ResponseAnalysis], corrections: Sequence[Correction],
              topic_ids: Sequence[str] = ()) -> tuple[FieldAgreement, ...]:
    """Per corrected field, how many of its corrections the machine's value already agreed with.

    ``analyses_before`` are the machine's results (before :func:`apply_corrections`). Senders
    agree when they are the same name but for case, spacing and punctuation, or two names of
    one body of the gazetteer («NHO», «Næringslivets Hovedorganisasjon»), as the accuracy
    benchmark counts them. Fields come in the order sender, category, no_comment, stance, then
    ``topic_ids`` (then any other topic).
    """
    machine = {response.file: response for response in analyses_before}
    bodies = names_index(load_gazetteer()) if any(c.field == "sender" for c in corrections) else {}
    counts: dict[str, list[int]] = {}
    for correction in corrections:
        response = machine.get(correction.file)
        if response is None:
            continue
        agreed, total = counts.setdefault(correction.field, [0, 0])
        same = _same(correction.field, machine_value(response, correction.field), correction.value, bodies)
        counts[correction.field] = [agreed + same, total + 1]
    order = [*RESPONSE_FIELDS, *topic_ids, *sorted(set(counts) - set(RESPONSE_FIELDS) - set(topic_ids))]
    return tuple(FieldAgreement(field, *counts[field]) for field in order if field in counts)


def _same(field: str, machine: str | None, value: str, bodies: Mapping[str, GazetteerEntry]) -> bool:
    if field != "sender":
        return machine == value
    if machine is None:
        return False
    machine_name, value_name = normalise_name(machine), normalise_name(value)
    body = bodies.get(machine_name)
    return machine_name == value_name or (body is not None and bodies.get(value_name) is body)


def agreement_line(agreements: Sequence[FieldAgreement]) -> str:
    """«Korreksjoner: maskinen stemte med analytikeren for avsender 12 av 14, samlet standpunkt
    7 av 10, grunnrenteskatt 5 av 9.» Topics go by their id, as korreksjoner.csv names them."""
    if not agreements:
        return ""
    parts = [f"{FIELD_NAMES.get(a.field, a.field)} {a.agreed} av {a.total}" for a in agreements]
    return "Korreksjoner: maskinen stemte med analytikeren for " + ", ".join(parts) + "."


def adapted_agreement_line(agreements: Sequence[FieldAgreement]) -> str:
    """«Tilpasset modell, hvert rettet svar holdt utenfor: stemte med analytikeren for samlet
    standpunkt 6 av 9, grunnrenteskatt 7 av 9.» (see :meth:`horingsanalyse.adaptation.Adaptation.held_out_agreement`)"""
    if not agreements:
        return ""
    parts = [f"{FIELD_NAMES.get(a.field, a.field)} {a.agreed} av {a.total}" for a in agreements]
    return "Tilpasset modell, hvert rettet svar holdt utenfor: stemte med analytikeren for " + ", ".join(parts) + "."


def corrected_labels(corrections: Iterable[Correction]) -> dict[str, dict[str, str]]:
    """File → field → the analyst's value: the hand labels of this hearing, for a model to learn from."""
    labels: dict[str, dict[str, str]] = {}
    for correction in corrections:
        labels.setdefault(correction.file, {})[correction.field] = correction.value
    return labels
