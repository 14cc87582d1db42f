"""The hearing folder's ``horing.toml``, validated into plain dataclasses.

A ministry officer writes this file by hand, so every mistake gets a message that names the
file, the key and what is wrong, instead of a traceback later in the run.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

from .errors import ConfigError

HEARING_FILE = "horing.toml"
DEFAULT_OUT_DIR = Path("reports")  # where ``run`` writes <hearing folder name>/
RESPONSES_DIR = "svar"
SUPPORTED_SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".docx")
_TOPIC_ID = re.compile(r"^[a-z0-9_æøå-]+$")


@dataclass(frozen=True)
class Topic:
    """One topic (tema) or proposal the hearing debates, with the cue words that signal it."""

    id: str
    name: str
    description: str = ""
    cues: tuple[str, ...] = ()
    for_side: str = ""  # ``for = "…"``: what supporting the hearing's proposal on the topic means
    against_side: str = ""  # ``mot = "…"``: what being against it means


@dataclass(frozen=True)
class Hearing:
    """A hearing (høring): its facts, the bodies consulted and its topics."""

    path: Path
    title: str
    ministry: str
    reference: str
    deadline: dt.date
    url: str = ""
    instanser: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()

    @property
    def responses_dir(self) -> Path:
        return self.path / RESPONSES_DIR

    @property
    def slug(self) -> str:
        """The folder name, used to name the output folder."""
        return self.path.name

    def facts(self) -> dict[str, Any]:
        """The ``horing.toml`` facts as JSON-ready values (the ``hearing`` object of analyse.json)."""
        return {
            "tittel": self.title,
            "departement": self.ministry,
            "referanse": self.reference,
            "horingsfrist": self.deadline.isoformat(),
            "url": self.url,
            "instanser": list(self.instanser),
            "tema": [
                {"id": t.id, "navn": t.name, "beskrivelse": t.description, "stikkord": list(t.cues),
                 **({"for": t.for_side} if t.for_side else {}), **({"mot": t.against_side} if t.against_side else {})}
                for t in self.topics
            ],
        }


def load_hearing(path: Path | str) -> Hearing:
    """Read and validate a hearing folder (``horing.toml`` beside a ``svar/`` folder)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ConfigError(folder, "is not a folder (expected a hearing folder with horing.toml and svar/)")
    config_path = folder / HEARING_FILE
    if not config_path.is_file():
        raise ConfigError(config_path, "missing: every hearing folder needs a horing.toml")
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(config_path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(config_path, f"is not valid TOML: {exc}") from exc
    if not (folder / RESPONSES_DIR).is_dir():
        raise ConfigError(folder / RESPONSES_DIR, "missing: put the responses in a svar/ folder")
    return _hearing_from_toml(folder, config_path, data)


def _hearing_from_toml(folder: Path, config_path: Path, data: dict[str, Any]) -> Hearing:
    facts = data.get("horing")
    if not isinstance(facts, dict):
        raise ConfigError(config_path, "missing the [horing] table", key="horing")
    deadline = _require(config_path, facts, "horingsfrist", dt.date)
    if isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    instanser = facts.get("instanser", [])
    if not isinstance(instanser, list) or not all(isinstance(i, str) for i in instanser):
        raise ConfigError(config_path, "must be a list of names (strings)", key="horing.instanser")
    return Hearing(
        path=folder,
        title=_require(config_path, facts, "tittel", str),
        ministry=_require(config_path, facts, "departement", str),
        reference=_require(config_path, facts, "referanse", str),
        deadline=deadline,
        url=_optional(config_path, facts, "url", str, ""),
        instanser=tuple(i.strip() for i in instanser if i.strip()),
        topics=_topics_from_toml(config_path, data.get("tema", [])),
    )


def _topics_from_toml(config_path: Path, entries: Any) -> tuple[Topic, ...]:
    if not isinstance(entries, list):
        raise ConfigError(config_path, "must be written as [[tema]] tables", key="tema")
    topics: list[Topic] = []
    for index, entry in enumerate(entries, start=1):
        where = f"tema nr. {index}"
        if not isinstance(entry, dict):
            raise ConfigError(config_path, "must be a table", key=where)
        topic_id = _require(config_path, entry, "id", str, where)
        if not _TOPIC_ID.match(topic_id):
            raise ConfigError(config_path, f"{topic_id!r} may hold only lower-case letters, digits, _ and -",
                              key=f"{where}.id")
        if any(t.id == topic_id for t in topics):
            raise ConfigError(config_path, f"{topic_id!r} is used twice", key=f"{where}.id")
        cues = entry.get("stikkord", [])
        if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip() for c in cues):
            raise ConfigError(config_path, "must be a non-empty list of cue words (strings)",
                              key=f"{where}.stikkord")
        topics.append(Topic(
            id=topic_id,
            name=_require(config_path, entry, "navn", str, where),
            description=_optional(config_path, entry, "beskrivelse", str, "", where),
            cues=tuple(c.strip() for c in cues),
            for_side=_optional(config_path, entry, "for", str, "", where).strip(),
            against_side=_optional(config_path, entry, "mot", str, "", where).strip(),
        ))
    return tuple(topics)


def _require(config_path: Path, table: dict, key: str, kind: type, where: str = "horing") -> Any:
    if key not in table:
        raise ConfigError(config_path, "is missing", key=f"{where}.{key}")
    return _check_type(config_path, table[key], key, kind, where)


def _optional(config_path: Path, table: dict, key: str, kind: type, default: Any, where: str = "horing") -> Any:
    if key not in table:
        return default
    return _check_type(config_path, table[key], key, kind, where)


def _check_type(config_path: Path, value: Any, key: str, kind: type, where: str) -> Any:
    names = {str: "a string", dt.date: "a TOML date such as 2020-02-04"}
    if not isinstance(value, kind):
        raise ConfigError(config_path, f"must be {names[kind]}, got {value!r}", key=f"{where}.{key}")
    if kind is str and not value.strip() and key not in ("url", "beskrivelse", "referanse", "for", "mot"):
        raise ConfigError(config_path, "must not be empty", key=f"{where}.{key}")
    return value
