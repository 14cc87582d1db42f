"""What a response says: no remarks, or for / against per topic, with the sentence that shows it.

Sentences are matched to the hearing's topics by the cue words (stikkord) in ``horing.toml``;
their stance comes from a Norwegian cue lexicon (``resources/stance_cues.toml``) in which a
negation shortly before a cue flips it ("kan ikke støtte"). Every conclusion keeps its
evidence: the sentence and its page, so the ministry can quote it and a reader can check it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from .nlp import POSITIONS_SPAN_KEY, register_extensions
from .types import Stance, TopicStance

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CUES_RESOURCE = "stance_cues.toml"
# Words by which a letter refers to the hearing's proposal as a whole.
_GENERAL_PROPOSAL = re.compile(
    r"\b(forslag(et|ene)?|høringsforslag\w*|høringsnotat\w*|utvalget\w*|utvalets|nou\b|lovforslag\w*|"
    r"endringsforslag\w*|framlegg\w*|ordning(en)?)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTE_CHARS = 400


@dataclass(frozen=True)
class CueLexicon:
    """Compiled stance cues: each pattern with its polarity (+1 support, -1 oppose)."""

    cues: tuple[tuple[re.Pattern[str], int], ...]
    reservations: re.Pattern[str]
    negations: frozenset[str]
    negation_window: int
    no_comment: re.Pattern[str]
    partial: re.Pattern[str]
    no_comment_max_words: int


@dataclass
class _Evidence:
    sentence: Span
    score: int
    reserved: bool
    topics: list[str] = field(default_factory=list)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    parts = [re.escape(p).replace(r"\*", r"\w*") for p in alternatives]
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def load_cue_lexicon(text: str | None = None) -> CueLexicon:
    """Read the stance cue lexicon (the packaged one unless TOML text is given)."""
    if text is None:
        text = (resources.files("horingsanalyse") / "resources" / CUES_RESOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    cues = [(p, +1) for p in data["support"]["phrases"]] + [(p, -1) for p in data["oppose"]["phrases"]]
    cues.sort(key=lambda item: len(item[0]), reverse=True)  # longest first: "bør ikke innføres" before "ikke"
    return CueLexicon(
        cues=tuple((_phrase_pattern([p]), polarity) for p, polarity in cues),
        reservations=_phrase_pattern(data["reservation"]["phrases"]),
        negations=frozenset(data["negation"]["words"]),
        negation_window=int(data["negation"]["window"]),
        no_comment=_phrase_pattern(data["no_comment"]["phrases"]),
        partial=_phrase_pattern(data["no_comment"]["partial"]),
        no_comment_max_words=int(data["no_comment"]["max_words"]),
    )


def sentence_stance(text: str, lexicon: CueLexicon) -> int:
    """The signed stance of one sentence: support cues count +1, opposition cues -1.

    Cues are taken longest first and never overlap; a negation in the few words before a cue
    (or right after a verb cue: "støtter ikke") flips its sign.
    """
    taken: list[tuple[int, int]] = []
    score = 0
    for pattern, polarity in lexicon.cues:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            taken.append((start, end))
            score += -polarity if _is_negated(text, start, end, lexicon) else polarity
    return score


def _is_negated(text: str, start: int, end: int, lexicon: CueLexicon) -> bool:
    before = [w.lower() for w in _WORD.findall(text[:start])][-lexicon.negation_window:]
    after = [w.lower() for w in _WORD.findall(text[end:end + 30])][:2]  # "støtter (heller) ikke"
    single = {w for w in lexicon.negations if " " not in w}
    cue_has_negation = bool(set(_WORD.findall(text[start:end].lower())) & single)
    if cue_has_negation:
        return False
    return bool(set(before) & single) or bool(set(after) & {"ikke", "ikkje"})


def topic_matcher(cues: Sequence[str]) -> re.Pattern[str]:
    """A pattern for a topic's cue words that also finds them inside Norwegian compounds.

    "grunnrenteskatt" must find "grunnrenteskatten" and "grunnrenteskatteforslaget", so a cue
    of six letters or more may start, end or sit inside a word; shorter cues match whole words
    with any ending.
    """
    parts = []
    for cue in sorted({c.strip().lower() for c in cues if c.strip()}, key=len, reverse=True):
        escaped = re.escape(cue)
        parts.append(rf"\w*{escaped}\w*" if len(cue) >= 6 else rf"(?<!\w){escaped}\w*")
    return re.compile("|".join(parts), re.IGNORECASE)


def aggregate_topic(evidence: Sequence[_Evidence]) -> tuple[TopicStance, _Evidence | None, float]:
    """Weigh a topic's evidence sentences into one stance, and pick the sentence to quote."""
    positive = sum(e.score for e in evidence if e.score > 0)
    negative = -sum(e.score for e in evidence if e.score < 0)
    if positive == 0 and negative == 0:
        return TopicStance.NOT_ADDRESSED, None, 0.0
    if negative == 0 or positive >= 3 * negative:
        stance = TopicStance.FOR
    elif positive == 0 or negative >= 3 * positive:
        stance = TopicStance.AGAINST
    else:
        stance = TopicStance.MIXED
    sign = {TopicStance.FOR: 1, TopicStance.AGAINST: -1}.get(stance, 0)
    ranked = sorted(evidence, key=lambda e: (e.score * sign if sign else abs(e.score)), reverse=True)
    return stance, ranked[0], float(positive - negative)


def overall_stance(evidence: Sequence[_Evidence], no_comment: bool) -> Stance:
    """The response's stance on the proposal as a whole, from all its stance sentences."""
    if no_comment:
        return Stance.NO_POSITION
    positive = sum(e.score for e in evidence if e.score > 0)
    negative = -sum(e.score for e in evidence if e.score < 0)
    reserved = any(e.reserved and e.score != 0 for e in evidence)
    if positive == 0 and negative == 0:
        return Stance.NO_POSITION
    if negative == 0:
        return Stance.SUPPORTS_WITH_RESERVATIONS if reserved else Stance.SUPPORTS
    if positive == 0:
        return Stance.OPPOSES
    if positive >= 2 * negative:
        return Stance.SUPPORTS_WITH_RESERVATIONS
    if negative >= 2 * positive:
        return Stance.OPPOSES
    return Stance.MIXED


class PositionTagger:
    """spaCy component: no-remarks detection, and stance per topic with evidence spans.

    Sets ``doc._.no_comment``, ``doc._.topics`` (topic id -> stance, quote, page, score),
    ``doc._.stance`` and the span group ``doc.spans["horingsanalyse_positions"]`` (one span per
    evidence sentence, labelled with the topic id, ``span._.stance`` and ``span._.score``).
    """

    def __init__(self, nlp: Language, name: str = "horingsanalyse_positions"):
        self.name = name
        self.topics: tuple = ()
        self.lexicon: CueLexicon | None = None
        self._topic_patterns: dict[str, re.Pattern[str]] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None, topics: Sequence = (),
                   lexicon: CueLexicon | None = None) -> None:
        """Take the hearing's topics and the stance lexicon."""
        self.topics = tuple(topics)
        self.lexicon = lexicon or load_cue_lexicon()
        self._topic_patterns = {t.id: topic_matcher(t.cues) for t in self.topics}

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.initialize(topics=self.topics)
        evidence = [self._sentence_evidence(sent) for sent in doc.sents if sent.text.strip()]
        no_comment_sentence = self._no_comment_sentence(doc)
        doc._.no_comment = no_comment_sentence is not None
        doc._.no_comment_quote = _quote(no_comment_sentence) if no_comment_sentence is not None else None
        doc._.topics = self._topic_results(evidence)
        stance_evidence = [e for e in evidence if e.topics or _GENERAL_PROPOSAL.search(e.sentence.text)]
        doc._.stance = overall_stance(stance_evidence, doc._.no_comment).value
        doc.spans[POSITIONS_SPAN_KEY] = self._evidence_spans(doc, evidence)
        return doc

    def _sentence_evidence(self, sent: Span) -> _Evidence:
        text = sent.text
        return _Evidence(
            sentence=sent,
            score=sentence_stance(text, self.lexicon),
            reserved=bool(self.lexicon.reservations.search(text)),
            topics=[topic_id for topic_id, pattern in self._topic_patterns.items() if pattern.search(text)],
        )

    def _no_comment_sentence(self, doc: Doc) -> Span | None:
        """The sentence by which a short letter says it has no remarks, unless only partly."""
        words = sum(1 for token in doc if token.is_alpha)
        if words > self.lexicon.no_comment_max_words:
            return None
        for sent in doc.sents:
            match = self.lexicon.no_comment.search(sent.text)
            if match and not self.lexicon.partial.search(sent.text[match.end():]):
                return sent
        return None

    def _topic_results(self, evidence: Sequence[_Evidence]) -> dict[str, dict]:
        results = {}
        for topic in self.topics:
            stance, best, score = aggregate_topic([e for e in evidence if topic.id in e.topics])
            results[topic.id] = {
                "stance": stance.value,
                "quote": _quote(best.sentence) if best else None,
                "page": best.sentence._.page if best else None,
                "score": score,
            }
        return results

    def _evidence_spans(self, doc: Doc, evidence: Sequence[_Evidence]) -> list[Span]:
        spans = []
        for item in evidence:
            if item.score == 0:
                continue
            for topic_id in item.topics:
                span = Span(doc, item.sentence.start, item.sentence.end, label=topic_id)
                span._.stance = TopicStance.FOR.value if item.score > 0 else TopicStance.AGAINST.value
                span._.score = float(item.score)
                spans.append(span)
        return spans


def _quote(sentence: Span) -> str:
    """The sentence as a reader should see it quoted: one line, not overly long."""
    text = " ".join(sentence.text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"


@Language.factory("horingsanalyse_positions")
def make_position_tagger(nlp: Language, name: str) -> PositionTagger:
    """Factory for :class:`PositionTagger`; topics and lexicon arrive through ``initialize``."""
    register_extensions()
    return PositionTagger(nlp, name)
