"""Who is speaking: the sender of a response, its canonical name and its category.

A ministry summary groups respondents by kind (kommuner, statlige etater, organisasjoner …)
and checks them against the hearing's list of høringsinstanser. The sender is found where a
Norwegian letter states it (the portal's "Høringssvar fra X", the letterhead, the signature
block, the extracted metadata) and resolved against a gazetteer of Norwegian public bodies
and organisations; names outside the gazetteer are categorised by their form.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .extensions import register_extensions
from .gazetteer import (
    GazetteerEntry,
    load_gazetteer,
    matchable_names,
    names_index,
    normalise_name,
)
from .types import ActorCategory

LETTERHEAD_CHARS = 400
SIGNATURE_CHARS = 900
INSTANS_SIMILARITY = 0.88

_PORTAL_SENDER = re.compile(r"^\s*Høringssvar\s+fra\s+(?P<name>[^\n]{2,120})", re.IGNORECASE | re.MULTILINE)
# The ministry's own address ("Postboks 8008 Dep, 0030 Oslo") marks the addressee block.
_ADDRESSEE_LINE = re.compile(r"(\bdep\b|\b0030 oslo|^\s*til:|mottaker)", re.IGNORECASE)
_STANDALONE_SLACK = 25
_LETTERHEAD_LABEL = re.compile(r"\s+(?:vår|deres)\s+ref|\s+dato\s*:|\s+saksbehandler|\s+org\.?\s*nr", re.IGNORECASE)
_SUBJECT_OR_ORGAN = re.compile(
    r"\s+(?:vedrørende|vedr\.|angående|ang\.|om høring|i forbindelse med|knyttet til)\s|"
    r",?\s+(?:formannskapet|kommunestyret|fylkesutvalget|fylkestinget|bystyret|rådmannen|"
    r"kommunedirektøren|administrasjonen|ordføreren)\b", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^(høring|vedr|svar på|side \d|dato|til\b|postboks|\d)", re.IGNORECASE)
_CLOSING = re.compile(r"(med\s+vennlig\s+hilsen|vennlig\s+hilsen|med\s+hilsen|mvh\.?)\s*\n", re.IGNORECASE)

# Name forms that tell the category of a body no gazetteer lists. Order matters: the first
# pattern that matches wins, so the specific forms come before the general ones.
_CATEGORY_BY_FORM: tuple[tuple[ActorCategory, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        (ActorCategory.FYLKESKOMMUNE, r"fylkeskommune\b|fylkeskommunen\b|fylkesting"),
        (ActorCategory.KOMMUNE, r"\bkommune\b|\bkommunen\b|\bherad\b|\bsuohkan\b|kommunestyre|formannskap|ordfører|"
                                r"regionråd|interkommunal|politisk råd"),
        (ActorCategory.DEPARTEMENT, r"departementet\b"),
        (ActorCategory.STATLIG_ETAT, r"direktorat|tilsynet\b|\betaten\b|ombudet\b|statsforvalter|fylkesmann|"
                                     r"verket\b|\bnav\b|\bstatens\b"),
        (ActorCategory.POLITISK_PARTI, r"\b(høyre|arbeiderparti\w*|senterparti\w*|venstre|sosialistisk|"
                                       r"fremskrittsparti\w*|kristelig|miljøpartiet|rødt|raudt|\bsv\b|\bfrp\b|"
                                       r"\bkrf\b|\bmdg\b|\bap\b|\bauf\b)\b"),
        (ActorCategory.FAGMILJO, r"universitet|høgskole|høgskule|høyskole|forskning|institutt|\bnofima\b|\bsintef\b"),
        (ActorCategory.ARBEIDSTAKERORGANISASJON, r"fagforbund|fagforening|tjenestemannslag|arbeiderforbund"),
        (ActorCategory.ARBEIDSGIVERORGANISASJON, r"arbeidsgiver|\bnho\b|\bvirke\b|\bspekter\b"),
        (ActorCategory.NAERINGSLIV, r"\b(as|asa|sa|ans|da|ba|ks|hf|sf|kf)\b\.?$|\b(as|asa)\b|advokatfirma|"
                                    r"\bgruppen\b|\bkonsern\b|holding|invest|rederi|fiskeoppdrett|laks\b|"
                                    r"sjømat\b|\bsparebank|\bbank\b"),
        (ActorCategory.INTERESSEORGANISASJON, r"forening|forbund|\blag\b|laget\b|organisasjon|\bråd\b|rådet\b|"
                                              r"forum\b|nettverk|sammenslutning|samanslutning|allianse|\w+råd\b|"
                                              r"klynge|\bcluster\b|"
                                              r"\bunion\b|komit[eé]"),
    )
)
_PERSON_NAME = re.compile(r"^[A-ZÆØÅ][a-zæøåéèü'-]+(?:\s+[A-ZÆØÅ]\.?)?(?:\s+(?:van|von|de)?\s*[A-ZÆØÅ][a-zæøåéèü'-]+){1,3}$")


def category_from_name(name: str) -> ActorCategory:
    """The category a name's form implies, for senders no gazetteer lists."""
    for category, pattern in _CATEGORY_BY_FORM:
        if pattern.search(name):
            return category
    if _PERSON_NAME.match(name.strip()):
        return ActorCategory.PRIVATPERSON
    return ActorCategory.ANNET


def match_instans(name: str, aliases: Iterable[str], instanser: Sequence[str]) -> str | None:
    """The entry in the hearing's list of høringsinstanser that names this sender, if any."""
    wanted = {normalise_name(n) for n in (name, *aliases)}
    by_norm = {normalise_name(i): i for i in instanser}
    for norm in wanted:
        if norm in by_norm:
            return by_norm[norm]
    best, best_ratio = None, 0.0
    for norm, original in by_norm.items():
        ratio = difflib.SequenceMatcher(None, normalise_name(name), norm).ratio()
        if ratio > best_ratio:
            best, best_ratio = original, ratio
    return best if best_ratio >= INSTANS_SIMILARITY else None


class ActorRecognizer:
    """spaCy component: sets ``doc._.actor`` to the sender's name, category and instans."""

    def __init__(self, nlp: Language, name: str = "horingsanalyse_actors", addressee: str | None = None):
        self.nlp = nlp
        self.name = name
        self.addressee = addressee
        self.entries: list[GazetteerEntry] = []
        self.instanser: tuple[str, ...] = ()
        self.matcher: PhraseMatcher | None = None
        self.exact_matcher: PhraseMatcher | None = None
        self._by_name: dict[str, GazetteerEntry] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None,
                   gazetteer: Sequence[GazetteerEntry] | None = None, instanser: Sequence[str] = ()) -> None:
        """Load the gazetteer and the hearing's høringsinstanser (which join the gazetteer)."""
        entries = list(gazetteer) if gazetteer is not None else load_gazetteer()
        known = {normalise_name(e.name) for e in entries}
        for instans in instanser:
            if normalise_name(instans) not in known:
                entries.append(GazetteerEntry(instans, category_from_name(instans)))
        self.entries = entries
        self.instanser = tuple(instanser)
        self._build_matcher()

    def _build_matcher(self) -> None:
        """Two matchers: names in any case, and abbreviations and word-like names in exact case.

        "LO", "SV", "Høyre", "Delta" or "Spekter" are also ordinary words in lower case.
        """
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._by_name = names_index(self.entries)
        for index, entry in enumerate(self.entries):
            for name, exact in matchable_names(entry):
                matcher = self.exact_matcher if exact else self.matcher
                matcher.add(str(index), [self.nlp.make_doc(name)])

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        name, category, aliases, source = self._find_sender(doc)
        doc._.actor = {
            "name": name,
            "category": category.value,
            "instans": match_instans(name, aliases, self.instanser) if self.instanser else None,
            "source": source,
        }
        return doc

    def _find_sender(self, doc: Doc) -> tuple[str, ActorCategory, tuple[str, ...], str]:
        """Name, category, other names and how we know, most reliable evidence first.

        A name the letter states as its sender (the portal's "Høringssvar fra X", the
        letterhead found by extraction) beats bodies merely named in the text: a kommune's
        letter often quotes KS or a network whose statement it endorses.
        """
        portal = _PORTAL_SENDER.search(doc.text[:600])
        stated = _clean_stated_name(portal.group("name") if portal else doc._.sender_hint or "")
        if stated and self._plausible_sender(stated):
            entry = self._lookup(stated)
            if entry is not None:
                return entry.name, entry.category, entry.aliases, "gazetteer"
            return _readable_case(stated), self._category_of_unknown(stated), (), "text" if portal else "metadata"
        best = self._best_gazetteer_match(doc)
        if best is not None:
            return best.name, best.category, best.aliases, "gazetteer"
        for line in _signature_lines(doc.text):
            if self._plausible_sender(line):
                return line, self._category_of_unknown(line), (), "signature"
        if doc._.file_name:
            name = _name_from_file(doc._.file_name)
            return name, category_from_name(name), (), "filename"
        return "Ukjent avsender", ActorCategory.ANNET, (), "none"

    def _plausible_sender(self, name: str) -> bool:
        """Whether a stated name can be a sender: not the addressee, not a sentence or a date."""
        words = name.split()
        if not 1 <= len(words) <= 12 or len(name) > 120 or sum(c.isdigit() for c in name) > 3:
            return False
        if self.addressee and normalise_name(name) == normalise_name(self.addressee):
            return False
        return not _NOT_A_NAME.match(name)

    def _category_of_unknown(self, name: str) -> ActorCategory:
        """A name outside the gazetteer: its form, else the known body it names ("KS Agder")."""
        category = category_from_name(name)
        if category is not ActorCategory.ANNET:
            return category
        doc = self.nlp.make_doc(name)
        for match_id, _, _ in [*self.matcher(doc), *self.exact_matcher(doc)]:
            return self.entries[int(self.nlp.vocab.strings[match_id])].category
        return category

    def _lookup(self, name: str) -> GazetteerEntry | None:
        return self._by_name.get(normalise_name(name))

    def _best_gazetteer_match(self, doc: Doc) -> GazetteerEntry | None:
        """The gazetteer body the letter most likely comes from, by where it is named."""
        text = doc.text
        closing = _CLOSING.search(text, max(0, len(text) - 3 * SIGNATURE_CHARS))
        signature_start = closing.start() if closing else len(text) - SIGNATURE_CHARS
        scores: dict[int, float] = {}
        for match_id, start, end in [*self.matcher(doc), *self.exact_matcher(doc)]:
            index = int(self.nlp.vocab.strings[match_id])
            span = doc[start:end]
            if self._is_addressee(span):
                continue
            alone = _stands_alone(span)
            if span.start_char < LETTERHEAD_CHARS:
                weight = 5.0 if alone else 1.0
            elif span.start_char >= signature_start:
                weight = 4.0 if alone else 1.0
            else:
                weight = 0.3
            scores[index] = scores.get(index, 0.0) + weight
        if not scores:
            return None
        index, score = max(scores.items(), key=lambda item: (item[1], -item[0]))
        return self.entries[index] if score >= 1.0 else None

    def _is_addressee(self, span) -> bool:
        """Letters name the ministry they answer in the address block; that is not the sender."""
        line = _line_of(span)
        following = span.doc.text[span.end_char:span.end_char + 60]
        if self.addressee and normalise_name(span.text) == normalise_name(self.addressee):
            return True
        return bool(_ADDRESSEE_LINE.search(line) or _ADDRESSEE_LINE.search(following.split("\n\n")[0]))

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = {
            "entries": [{"name": e.name, "category": e.category.value, "aliases": list(e.aliases)}
                        for e in self.entries],
            "instanser": list(self.instanser),
        }
        (path / "gazetteer.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> ActorRecognizer:
        data = json.loads((Path(path) / "gazetteer.json").read_text(encoding="utf-8"))
        self.entries = [GazetteerEntry(e["name"], ActorCategory(e["category"]), tuple(e["aliases"]))
                        for e in data["entries"]]
        self.instanser = tuple(data["instanser"])
        self._build_matcher()
        return self


def _line_of(span) -> str:
    text = span.doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return text[start:end if end != -1 else None]


def _stands_alone(span) -> bool:
    """A name on a line of its own (letterhead, signature), not inside a running sentence."""
    return len(_line_of(span).strip()) <= len(span.text) + _STANDALONE_SLACK


def _clean_stated_name(name: str) -> str:
    """A stated sender without portal suffixes, letterhead labels, subject or organ.

    "Salangen kommune vedrørende havbruksbeskatning" and "Lurøy kommune, formannskapet" are
    Salangen and Lurøy kommune: the body answers, whichever organ adopted the text.
    """
    name = re.sub(r"\((?:PDF|uten merknader)[^)]*\)", "", name, flags=re.IGNORECASE)
    name = _LETTERHEAD_LABEL.split(name)[0]
    name = _SUBJECT_OR_ORGAN.split(name)[0]
    return " ".join(name.split()).strip(" ,.:;-–")


def _readable_case(name: str) -> str:
    """"VESTERÅLEN REGIONRÅD" as "Vesterålen Regionråd"; abbreviations ("KS", "NHO") kept."""
    if not name.isupper() or len(name) <= 5:
        return name
    return " ".join(word if len(word) <= 3 else word.capitalize() for word in name.split())


def _signature_lines(text: str) -> list[str]:
    """The non-empty lines after the closing formula ("Med vennlig hilsen")."""
    closings = list(_CLOSING.finditer(text))
    if not closings:
        return []
    tail = text[closings[-1].end():closings[-1].end() + 300]
    return [line.strip() for line in tail.splitlines() if line.strip()][:4]


def _name_from_file(file_name: str) -> str:
    stem = Path(file_name).stem
    stem = re.sub(r"^\d+[-_ ]*", "", stem)
    return " ".join(part.capitalize() for part in re.split(r"[-_ ]+", stem) if part) or file_name


@Language.factory("horingsanalyse_actors", default_config={"addressee": None})
def make_actor_recognizer(nlp: Language, name: str, addressee: str | None) -> ActorRecognizer:
    """Factory for :class:`ActorRecognizer`; the gazetteer arrives through ``initialize``."""
    register_extensions()
    return ActorRecognizer(nlp, name, addressee=addressee)
