"""The spaCy component: who sent a response, how sure we are, and the line that shows it.

``doc._.actor`` becomes ``{"name", "category", "instans", "source", "confidence", "evidence",
"evidence_start", "private"}``. ``name`` is ``None`` when the letter does not say who wrote it
(better than a sentence, a heading or a file name); the report then shows «Ukjent avsender»
and lists the response for review.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..gazetteer import GazetteerEntry, load_gazetteer, matchable_names, names_index, normalise_name
from ..types import ActorCategory
from .candidates import TITLE_CHARS, Candidate, Mention, NameFinder, name_key, spells, tokens
from .category import (NameFormClassifier, category_by_form, category_from_letter, category_from_name, category_of_person,
                       name_form_classifier)
from .features import LetterContext, feature_matrix, is_common_noun, is_report_committee, signs_with_title
from .instans import match_instans
from .names import LEGAL_FORMS, fold, is_org_head, looks_like_person, readable_case, strip_possessive
from .ranker import SenderRanker

RANKER_RESOURCE = "sender_ranker.json"
EVIDENCE_CHARS = 160
# Where a mention shows best who wrote the letter, for the evidence line.
_EVIDENCE_ORDER = ("portal", "title", "from_label", "signature_for", "signature_title", "letterhead", "possessive",
                   "subject", "describes", "organ", "signature", "domain", "form", "entity", "gazetteer",
                   "person_entity")
_STRONG_KINDS = frozenset(_EVIDENCE_ORDER[:12])
# The client a report was written for, who files it: «Prepared for X», «utarbeidet for X».
_CLIENT = re.compile(r"(?:prepared\s+for|commissioned\s+by|written\s+for|utarbeid(?:et|a)\s+for|skrevet\s+for|"
                     r"på\s+oppdrag\s+(?:fra|frå|for|av)|bestilt\s+av|oppdragsgiver\s*:?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SenderDecision:
    """Who sent a letter, as the component concluded, with its evidence."""

    name: str | None
    category: ActorCategory
    confidence: float
    evidence: str | None = None  # the line of the letter that names the sender
    evidence_start: int | None = None  # its character offset in the text
    source: str = "none"  # the kind of mention that named it (portal, letterhead, signature …)
    instans: str | None = None
    private: bool = False  # a person writing for themselves: masked in reports on request


@cache
def packaged_ranker() -> SenderRanker | None:
    """The ranker shipped with the package (trained on the gold set; see its ``about``)."""
    resource = resources.files("horingsanalyse") / "resources" / RANKER_RESOURCE
    if not resource.is_file():
        return None
    return SenderRanker.from_dict(json.loads(resource.read_text(encoding="utf-8")))


class ActorRecognizer:
    """spaCy component: sets ``doc._.actor`` (sender, category, confidence, evidence)."""

    def __init__(self, nlp: Language, name: str = "horingsanalyse_actors", addressee: str | None = None):
        self.nlp = nlp
        self.name = name
        self.addressee = addressee
        self.entries: list[GazetteerEntry] = []
        self.instanser: tuple[str, ...] = ()
        self.ranker: SenderRanker | None = None
        self.finder: NameFinder | None = None
        self.matcher: PhraseMatcher | None = None
        self.exact_matcher: PhraseMatcher | None = None
        self._name_forms: NameFormClassifier | None = None  # trained on the gazetteer when first needed

    def initialize(self, get_examples=None, *, nlp: Language | None = None,
                   gazetteer: Sequence[GazetteerEntry] | None = None, instanser: Sequence[str] = (),
                   ranker: SenderRanker | None = None) -> None:
        """Load the gazetteer, the hearing's høringsinstanser (which join it) and the ranker."""
        entries = list(gazetteer) if gazetteer is not None else load_gazetteer()
        known = {normalise_name(e.name) for e in entries}
        for instans in instanser:
            if normalise_name(instans) not in known:
                entries.append(GazetteerEntry(instans, category_from_name(instans)))
        self.entries = entries
        self.instanser = tuple(instanser)
        self.ranker = ranker or packaged_ranker()
        self._build()

    def _build(self) -> None:
        """The name finder and two phrase matchers: names in any case, and abbreviations and
        word-like names («LO», «Høyre», «Delta») only as written."""
        lookup = names_index(self.entries)
        self._name_forms = None
        places, counties = place_tables(self.entries)
        self.finder = NameFinder(lookup, places, counties, self.addressee)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for index, entry in enumerate(self.entries):
            for name, exact in matchable_names(entry):
                (self.exact_matcher if exact else self.matcher).add(str(index), [self.nlp.make_doc(name)])

    def __call__(self, doc: Doc) -> Doc:
        if self.finder is None:
            self.initialize()
        if self.ranker is None:
            raise RuntimeError(f"{self.name}: no sender ranker (the package data {RANKER_RESOURCE} is missing); "
                               "train one with benchmarks/accuracy.py --save-ranker")
        self.set_annotations(doc, self.predict(doc))
        return doc

    def candidates(self, doc: Doc) -> tuple[list[Candidate], LetterContext, np.ndarray]:
        """The letter's candidate senders, the letter's context and their feature rows."""
        text = doc.text
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("ORG", "GPE_ORG", "PER")]
        hits = []
        for match_id, start, end in [*self.matcher(doc), *self.exact_matcher(doc)]:
            span = doc[start:end]
            hits.append((span.start_char, span.end_char, self.entries[int(self.nlp.vocab.strings[match_id])]))
        mentions = self.finder.mentions(text, entities=entities, gazetteer_hits=hits)
        mentions.extend(self._hint_mentions(doc, text))
        candidates = self.finder.candidates(text, mentions)
        context = LetterContext.of(text, mentions, nouns=(t.idx for t in doc if t.pos_ == "NOUN" and not t.ent_type_))
        return candidates, context, feature_matrix(candidates, context)

    def _hint_mentions(self, doc: Doc, text: str) -> list[Mention]:
        """The letterhead name extraction found, if it is not in the text (a header removed as
        repeated on every page)."""
        hint = doc._.sender_hint
        if not hint or normalise_name(hint) in normalise_name(text[:2000]):
            return []
        toks = tokens(hint)
        found = []
        for first, last in self.finder.name_spans(hint, toks):
            surface = hint[toks[first].start:toks[last - 1].end]
            found.extend(self.finder.mention_at_start(hint, surface))
        return found

    def predict(self, doc: Doc, ranker: SenderRanker | None = None) -> SenderDecision:
        """Rank the candidates and decide (``ranker`` overrides the component's own)."""
        candidates, context, X = self.candidates(doc)
        return self.decide(doc, candidates, context, (ranker or self.ranker).probabilities(X),
                           (ranker or self.ranker).threshold_)

    def decide(self, doc: Doc, candidates: Sequence[Candidate], context: LetterContext,
               probabilities: np.ndarray, threshold: float) -> SenderDecision:
        """The sender from the candidates' probabilities: the best one that can be the sender
        (:func:`can_be_sender`) if it reaches the threshold. In a report, a name its title gives
        is the sender whatever its probability: nothing else in a report names who filed it."""
        text = doc.text  # spaCy joins the tokens' text anew each time it is asked
        allowed = can_be_sender(candidates, context)
        probabilities = np.where(allowed, probabilities, 0.0)
        if context.report and allowed.any():
            threshold = 0.0
        if not len(candidates) or not allowed.any() or float(np.max(probabilities)) < threshold:
            best = int(np.argmax(probabilities)) if len(candidates) else None
            confidence = 1.0 - float(probabilities[best]) if best is not None else 1.0
            category = unnamed_category(context)
            evidence, start = None, None
            if best is not None:  # the nearest candidate's line, for whoever reviews the response
                mention = min(candidates[best].mentions, key=lambda m: (_EVIDENCE_ORDER.index(m.kind), m.start))
                evidence, start = _evidence_line(text, mention)
            return SenderDecision(None, category, round(confidence, 3), evidence, start, "none",
                                  private=category is ActorCategory.PRIVATPERSON)
        best = int(np.argmax(probabilities))
        candidate = candidates[best]
        name = self.display_name(candidate, text)
        category, private = self.category(candidate, name, context)
        mention = min(candidate.mentions, key=lambda m: (_EVIDENCE_ORDER.index(m.kind), m.start))
        evidence, start = _evidence_line(text, mention)
        aliases = candidate.entry.aliases if candidate.entry else ()
        instans = match_instans(name, (candidate.entry.name, *aliases) if candidate.entry else (),
                                self.instanser) if self.instanser else None
        return SenderDecision(name, category, round(float(probabilities[best]), 3), evidence, start, mention.kind,
                              instans, private)

    def display_name(self, candidate: Candidate, text: str) -> str:
        """The canonical name of a known body, unless the letter calls it by another name than
        the gazetteer's (an earlier name: «Energi Norge», now Fornybar Norge); an unknown
        body's name as the letter writes it most often where it names its sender."""
        strong = [m for m in candidate.mentions if m.kind in _STRONG_KINDS] or candidate.mentions
        if candidate.entry is not None:
            entry = candidate.entry
            if normalise_name(entry.name) in normalise_name(text):
                return entry.name
            forms = [strip_possessive(" ".join(m.text.split())) for m in strong if m.entry is entry]
            other = [f for f in forms if not _short_form_of(f, entry.name)]
            if other and len(other) * 2 >= len(forms):
                return readable_case(max(other, key=lambda f: (other.count(f), len(f))))
            return entry.name
        names = [m.name for m in strong]
        by_key: dict[str, list[str]] = {}
        for name in names:
            by_key.setdefault(normalise_name(name), []).append(name)
        best = max(by_key.values(), key=lambda forms: (len(forms), not _broken(forms[0]), max(len(f) for f in forms)))
        longer = [n for n in names if n != best[0] and normalise_name(n).startswith(normalise_name(best[0]) + " ")
                  and n.split()[-1] in LEGAL_FORMS]
        if longer:  # «Nordvik Elektro» and «Nordvik Elektro AS»: the full name
            best = longer
        elif normalise_name(best[0]).endswith(" " + candidate.key) and not re.search(r"\s[-–—]\s", best[0]):
            # a stray word before the name («Kommunenei Fosen Regionråd»: OCR of «Kommunene i»)
            # that the grouping took off: the name as the letter writes it elsewhere (a part
            # after a dash is the name's own: «ORKidé – Nordmøre Regionråd»)
            bare = [m.name for m in candidate.mentions if name_key(m.name) == candidate.key]
            best = bare or best
        return readable_case(max(best, key=lambda f: (best.count(f), not f.isupper(), len(f))))

    def category(self, candidate: Candidate, name: str, context: LetterContext) -> tuple[ActorCategory, bool]:
        """The sender's category, and whether it is a person writing for themselves."""
        if candidate.entry is not None:
            return candidate.entry.category, candidate.entry.category is ActorCategory.PRIVATPERSON
        if candidate.branch_of is not None:
            return candidate.branch_of.category, False
        name = full_form(candidate, name)
        by_form = category_from_name(name)
        if by_form is ActorCategory.INTERESSEORGANISASJON:
            # «forening», «forbund», «lag» name unions, trade associations and interest groups
            # alike: what the letter says it is decides («Medlemmer er rederier …»)
            return category_from_letter(name, context.text) or by_form, False
        if by_form is not ActorCategory.ANNET and by_form is not ActorCategory.PRIVATPERSON:
            return by_form, False
        if looks_like_person(name) or _tagged_person(candidate, name) or \
                all(looks_like_person(part.strip()) for part in re.split(r",| og ", name) if part.strip()):
            return category_of_person(context.text), True
        described = category_from_letter(name, context.text)
        if described is not None:
            return described, False
        if category_by_form(name) is None:  # no rule of form speaks
            if self._name_forms is None:
                self._name_forms = name_form_classifier(self.entries)
            return self._name_forms.confident_category(name) or by_form, False
        return by_form, by_form is ActorCategory.PRIVATPERSON

    def set_annotations(self, doc: Doc, decision: SenderDecision) -> None:
        doc._.actor = {
            "name": decision.name,
            "category": decision.category.value,
            "instans": decision.instans,
            "source": decision.source,
            "confidence": decision.confidence,
            "evidence": decision.evidence,
            "evidence_start": decision.evidence_start,
            "private": decision.private,
        }

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = {
            "entries": [{"name": e.name, "category": e.category.value, "aliases": list(e.aliases)}
                        for e in self.entries],
            "instanser": list(self.instanser),
        }
        (path / "gazetteer.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        if self.ranker is not None:
            self.ranker.save(path / RANKER_RESOURCE)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> ActorRecognizer:
        path = Path(path)
        data = json.loads((path / "gazetteer.json").read_text(encoding="utf-8"))
        self.entries = [GazetteerEntry(e["name"], ActorCategory(e["category"]), tuple(e["aliases"]))
                        for e in data["entries"]]
        self.instanser = tuple(data["instanser"])
        ranker_path = path / RANKER_RESOURCE
        self.ranker = SenderRanker.load(ranker_path) if ranker_path.exists() else packaged_ranker()
        self._build()
        return self


def can_be_sender(candidates: Sequence[Candidate], context: LetterContext) -> np.ndarray:
    """Which candidates can be the sender at all, by what the response is (one flag each).

    - A cover letter with an attachment (another body's letter, minutes): the sender is a
      body the cover letter names and does not cite; a body only the attachment names wrote
      the attachment («Regionrådet støtter vedlagte høringssvar fra X»).
    - A report or study (ISBN, «Rapport nr.», «Preliminary report»): its authors, publisher
      and the bodies it discusses did not file it. Only the portal's heading or a name its
      title gives can be the sender: a possessive title («Ola Nordmanns kommentar til …»), else the client it was
      written for («Prepared for X», «utarbeidet på oppdrag fra X»); with neither the response
      does not say who filed it.
    - A person who signs with a title («Rune Heradstveit | Dagleg leiar | …») signs for a body:
      where the letter names a body and does not say it is written privately, the person is
      not the sender.
    - One ordinary word («Området er viktig for fuglelivet») is a sentence's subject, and an
      unknown name the letter gives only as its addressee («Finansdepariementet», «Postboks
      8008 Dep») is whom it is written to; a committee named in one word
      («Havbruksskatteutvalget») wrote the report the hearing is on.
    """
    allowed = ~np.array([is_common_noun(c, context) or is_report_committee(c) or
                         c.entry is None and all(m.addressee for m in c.mentions) for c in candidates], dtype=bool)
    if context.report:
        titled = [_titled_in_head(c, ("portal", "possessive")) for c in candidates]
        if not any(titled):
            titled = [any(m.start < TITLE_CHARS and _CLIENT.search(context.text[max(0, m.start - 40):m.start])
                          for m in c.mentions) for c in candidates]
        allowed &= np.array(titled, dtype=bool)
    elif context.cover_end:
        in_cover = np.array([any(m.start < context.cover_end and not m.cited and not m.addressee
                                 and not _bracketed(context.text, m) for m in c.mentions)
                             for c in candidates], dtype=bool)
        if in_cover.any():
            allowed &= in_cover
    if not context.private:
        titled = np.array([looks_like_person(c.names[0]) and signs_with_title(context.text, c.mentions)
                           for c in candidates], dtype=bool)
        bodies = allowed & ~np.array([looks_like_person(c.names[0]) for c in candidates], dtype=bool)
        if titled.any() and bodies.any():
            allowed &= ~titled
    return allowed


def _tagged_person(candidate: Candidate, name: str) -> bool:
    """A name the tagger reads as a person's, shaped like one but with a first name the list of
    given names lacks («Guttorm Schjelderup»): two to four capitalised words, no organisation head."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not is_org_head(w) for w in words) and \
        any(m.kind == "person_entity" and normalise_name(m.text) == normalise_name(name) for m in candidate.mentions)


def _bracketed(text: str, mention: Mention) -> bool:
    """An abbreviation defined in brackets («… kystkommuner (NFKK) sitt høringssvar») stands for
    the name before it, cited or not as that name is."""
    return text[max(0, mention.start - 1):mention.start] == "(" and text[mention.end:mention.end + 1] == ")"


def _titled_in_head(candidate: Candidate, kinds: tuple[str, ...]) -> bool:
    return any(m.kind in kinds and m.start < TITLE_CHARS for m in candidate.mentions)


def unnamed_category(context: LetterContext) -> ActorCategory:
    """The category of a response that does not name its sender, from how it is written: in
    the first person singular or «som privatperson», a private person (or a researcher, see
    :func:`category_of_person`); signed by researchers or institutes («Inst. for
    samfunnsøkonomi», «professor»), a research group; else ``annet``."""
    if context.private or context.singular:
        return category_of_person(context.text)
    if category_of_person(context.text) is ActorCategory.FAGMILJO:
        return ActorCategory.FAGMILJO
    return ActorCategory.ANNET


def full_form(candidate: Candidate, name: str) -> str:
    """The name written out where the name shown is the letter's abbreviation of it («NSF» for
    «Norges Skogeierforbund (NSF)»): the form that tells what kind of body it is."""
    letters = [c for c in name if c.isalpha()]
    if " " in name.strip() or not 2 <= len(letters) <= 6 or sum(c.isupper() for c in letters) < 2:
        return name
    spelled = [n for n in candidate.names if " " in n.strip() and spells(name, n)]
    return max(spelled, key=len, default=name)


def place_tables(entries: Iterable[GazetteerEntry]) -> tuple[dict[str, GazetteerEntry], dict[str, GazetteerEntry]]:
    """Place name → its kommune («bodø» → Bodø kommune), county name → its fylkeskommune."""
    places: dict[str, GazetteerEntry] = {}
    counties: dict[str, GazetteerEntry] = {}
    for entry in entries:
        if entry.category is ActorCategory.KOMMUNE:
            for name in (entry.name, *entry.aliases):
                match = re.match(r"(.+?)\s+(?:kommune|herad|suohkan)(?:\s+i\s+.+)?$", name)
                if match:
                    places.setdefault(normalise_name(match.group(1)), entry)
        elif entry.category is ActorCategory.FYLKESKOMMUNE:
            for name in (entry.name, *entry.aliases):
                match = re.match(r"(.+?)\s+fylkeskommune$", name)
                if match:
                    counties.setdefault(normalise_name(match.group(1)), entry)
    return places, counties


def _broken(name: str) -> bool:
    """A name with a word split by extraction («R egionrådet»)."""
    return bool(re.search(r"(?:^|\s)[A-ZÆØÅ]\s+[a-zæøå]", name))


def _short_form_of(form: str, canonical: str) -> bool:
    """Whether a name the letter uses is an abbreviation or short form of the canonical name
    («Advokatforeningen» of «Den Norske Advokatforening», «Nordlaks» of «Nordlaks Oppdrett
    AS»), rather than another name of the body (an earlier or later one)."""
    letters = [c for c in form if c.isalpha()]
    if form.isupper() and len(letters) <= 6 or len(letters) <= 4:
        return True
    a, b = fold(re.sub(r"(?:en|et|a)$", "", form.split()[-1]) if " " not in form else form), fold(canonical)
    if a and a in b:
        return True
    words, canonical_words = set(normalise_name(form).split()), set(normalise_name(canonical).split())
    return words <= canonical_words or canonical_words <= words


def _evidence_line(text: str, mention: Mention) -> tuple[str | None, int | None]:
    """The line a mention stands on (at most :data:`EVIDENCE_CHARS` around it on a long line)."""
    if mention.end <= mention.start:
        return None, None
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end == -1 else line_end
    if line_end - line_start > EVIDENCE_CHARS:
        line_start = max(line_start, mention.start - EVIDENCE_CHARS // 3)
        line_end = min(line_end, mention.end + EVIDENCE_CHARS // 2)
    line = " ".join(text[line_start:line_end].split())
    return line, line_start


@Language.factory("horingsanalyse_actors", default_config={"addressee": None})
def make_actor_recognizer(nlp: Language, name: str, addressee: str | None) -> ActorRecognizer:
    """Factory for :class:`ActorRecognizer`; the gazetteer and ranker arrive through ``initialize``."""
    register_extensions()
    return ActorRecognizer(nlp, name, addressee=addressee)
