"""What a response says: no remarks, or for / against per topic, with the sentence that shows it.

Sentences are matched to the hearing's topics by the cue words (stikkord) in ``horing.toml``;
their stance comes from a Norwegian cue lexicon (``resources/stance_cues.toml``) in which a
negation shortly before a cue flips it ("kan ikke støtte"). Every conclusion keeps its
evidence: the sentence and its page, so the ministry can quote it and a reader can check it.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import POSITIONS_SPAN_KEY, register_extensions
from .letterparts import body_sentences
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
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A heading: a paragraph of a few words that does not end like a sentence ("Lønnsplikt",
# "2.3 Tilskudd til arbeidsgiver"). It names the topic of the paragraphs under it.
_HEADING_MAX_WORDS = 10
_SENTENCE_END = (".", "!", "?", ":", ";", ",")
_NEGATION_AFTER = re.compile(r"\b(ikke|ikkje)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CueLexicon:
    """Compiled stance cues: each pattern with its polarity (+1 support, -1 oppose, 0 agreement)."""

    cues: tuple[tuple[re.Pattern[str], int], ...]
    minority: re.Pattern[str]
    reservations: re.Pattern[str]
    negation: re.Pattern[str]
    negation_window: int
    no_comment: re.Pattern[str]
    partial: re.Pattern[str]
    no_comment_max_words: int
    endorsement: re.Pattern[str]


@dataclass
class _Evidence:
    sentence: Span
    score: int
    reserved: bool
    paragraph: int
    section: int = 0  # how many headings stand before the sentence
    heading: bool = False
    topics: list[str] = field(default_factory=list)
    minority: bool = False

    def on_main_proposal(self) -> _Evidence:
        """This evidence as stance on the main proposal: supporting the minority opposes it."""
        return replace(self, score=-self.score, minority=False) if self.minority else self


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    parts = [re.escape(p).replace(r"\*", r"\w*") for p in alternatives]
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def load_cue_lexicon(text: str | None = None) -> CueLexicon:
    """Read the stance cue lexicon (the packaged one unless TOML text is given)."""
    if text is None:
        text = (resources.files("horingsanalyse") / "resources" / CUES_RESOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    cues = ([(p, +1) for p in data["support"]["phrases"]] + [(p, -1) for p in data["oppose"]["phrases"]]
            + [(p, 0) for p in data["agreement"]["phrases"]])
    cues.sort(key=lambda item: len(item[0]), reverse=True)  # longest first: "bør ikke innføres" before "ikke"
    return CueLexicon(
        cues=tuple((_phrase_pattern([p]), polarity) for p, polarity in cues),
        minority=_phrase_pattern(data["minority"]["words"]),
        reservations=_phrase_pattern(data["reservation"]["phrases"]),
        negation=_phrase_pattern(data["negation"]["words"]),
        negation_window=int(data["negation"]["window"]),
        no_comment=_phrase_pattern(data["no_comment"]["phrases"]),
        partial=_phrase_pattern(data["no_comment"]["partial"]),
        no_comment_max_words=int(data["no_comment"]["max_words"]),
        endorsement=re.compile(_phrase_pattern(data["endorsement"]["verbs"]).pattern + r"[^.;]{0,160}?"
                               + _phrase_pattern(data["endorsement"]["objects"]).pattern, re.IGNORECASE),
    )


def sentence_stance(text: str, lexicon: CueLexicon, nouns: frozenset[int] = frozenset()) -> int:
    """The signed stance of one sentence: support cues count +1, opposition cues -1.

    Cues are taken longest first and never overlap; a negation in the few words before a cue
    (or right after a verb cue: "støtter ikke") flips its sign. Agreement cues ("er enig i",
    "støtter") take the sign of the rest of the sentence, and count as support only alone.
    ``nouns`` are the offsets of words the tagger read as nouns: "næringens støtte" is no
    agreement, "vi kan ikke støtte forslaget" is.
    """
    taken: list[tuple[int, int]] = []
    score = agreement = 0
    for pattern, polarity in lexicon.cues:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            taken.append((start, end))
            sign = -1 if _is_negated(text, start, end, lexicon) else 1
            if polarity == 0:
                if start in nouns and " " not in match.group():
                    continue
                agreement += sign
            else:
                score += sign * polarity
    if score == 0:
        return agreement
    return -score if agreement < 0 else score


def lexicon_cue_reader(lexicon: CueLexicon):
    """What the stance model takes from the cue lexicon for a sentence: its signed cue score,
    whether it states a reservation, and whether it is about a committee minority."""
    def read(text: str) -> tuple[int, bool, bool]:
        stance_text = lexicon.endorsement.sub(lambda m: " " * len(m.group()), text)
        return (sentence_stance(stance_text, lexicon), bool(lexicon.reservations.search(text)),
                mentions_minority(text, lexicon))
    return read


def mentions_minority(text: str, lexicon: CueLexicon) -> bool:
    """Whether a sentence takes a stance on a committee minority's proposal, not the proposal."""
    return bool(lexicon.minority.search(text)) and "flertall" not in text.lower()


def _is_negated(text: str, start: int, end: int, lexicon: CueLexicon) -> bool:
    """A negation in the words before a cue, or "ikke" right after it ("støtter (heller) ikke").

    A cue that holds its own negation ("bør ikke innføres") is not negated again.
    """
    if lexicon.negation.search(text[start:end]):
        return False
    before = " ".join(_WORD.findall(text[:start])[-lexicon.negation_window:])
    after = " ".join(_WORD.findall(text[end:end + 30])[:2])
    return bool(lexicon.negation.search(before) or _NEGATION_AFTER.search(after))


def topic_matcher(cues: Sequence[str]) -> re.Pattern[str]:
    """A pattern for a topic's cue words that also finds them inside Norwegian compounds.

    "grunnrenteskatt" must find "grunnrenteskatten" and "grunnrenteskatteforslaget", so a cue
    of six letters or more may start, end or sit inside a word; shorter cues match whole words
    with any ending. The pattern is for ``search``: it marks where a cue starts, without the
    rest of the word, because a leading ``\\w*`` is retried at every letter (10x slower).
    """
    parts = []
    for cue in sorted({c.strip().lower() for c in cues if c.strip()}, key=len, reverse=True):
        escaped = re.escape(cue)
        parts.append(escaped if len(cue) >= 6 else rf"(?<!\w){escaped}")
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
        breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(doc.text)]
        headings = _heading_starts(doc.text)
        evidence = [self._sentence_evidence(sent, breaks, headings) for sent in doc.sents if sent.text.strip()]
        doc._.no_comment, no_comment_sentence = self._no_comment(doc)
        doc._.no_comment_quote = _quote(no_comment_sentence) if no_comment_sentence is not None else None
        doc._.topics = self._topic_results(evidence)
        endorsing = next((e.sentence for e in evidence if self.lexicon.endorsement.search(e.sentence.text)), None)
        doc._.endorsement = {"quote": _quote(endorsing), "page": endorsing._.page} if endorsing is not None else None
        doc._.stance = overall_stance(self._proposal_evidence(evidence), doc._.no_comment).value
        doc.spans[POSITIONS_SPAN_KEY] = self._evidence_spans(doc, evidence)
        return doc

    def _sentence_evidence(self, sent: Span, paragraph_breaks: Sequence[int], headings: Sequence[int]) -> _Evidence:
        text = sent.text
        # "vi slutter oss til KS' uttalelse" agrees with a statement, not with the proposal
        stance_text = self.lexicon.endorsement.sub(lambda m: " " * len(m.group()), text)
        start = sent.start_char + len(text) - len(text.lstrip())
        return _Evidence(
            sentence=sent,
            score=sentence_stance(stance_text, self.lexicon, _noun_offsets(sent)),
            reserved=bool(self.lexicon.reservations.search(text)),
            paragraph=bisect.bisect_right(paragraph_breaks, start),
            section=bisect.bisect_right(headings, start),
            heading=start in headings,
            topics=[topic_id for topic_id, pattern in self._topic_patterns.items() if pattern.search(text)],
            minority=mentions_minority(text, self.lexicon),
        )

    def _proposal_evidence(self, evidence: Sequence[_Evidence]) -> list[_Evidence]:
        """Sentences about the main proposal: the first topic, or the proposal in general.

        A letter against the main proposal often supports other things ("vi støtter
        mindretallets forslag om produksjonsavgift"); those must not make it a supporter.
        """
        main = self.topics[0].id if self.topics else None
        about_main = [e.on_main_proposal() for e in evidence
                      if main in e.topics or (not e.topics and _GENERAL_PROPOSAL.search(e.sentence.text))]
        if any(e.score for e in about_main):
            return about_main
        return [e for e in evidence if e.topics or _GENERAL_PROPOSAL.search(e.sentence.text)]

    def _no_comment(self, doc: Doc) -> tuple[bool, Span | None]:
        """Whether the letter has no remarks, and the sentence that says so (if one does).

        A letter has no remarks when, once its heading, letterhead, references, courtesies,
        greeting and signature are set aside (:func:`~horingsanalyse.letterparts.body_sentences`),
        nothing is left, or only sentences saying it has no remarks («har ingen merknader»,
        «har ikkje merknader til høyringa», «…, men ber om å bli holdt orientert»). No remarks
        on one point and comments on another («ingen merknader til kapittel 3. Til kapittel 4
        …», «ingen merknader til X, men vil peke på …») is not.
        """
        sentences = body_sentences(doc.text)
        if sum(s.content_words for s in sentences) > self.lexicon.no_comment_max_words:
            return False, None
        said = None
        for sentence in sentences:
            match = self.lexicon.no_comment.search(sentence.text)
            if match and not self.lexicon.partial.search(sentence.text[match.end():]) and \
                    not _goes_on(sentence.text[match.end():]):
                said = said or sentence
                continue
            if sentence.kind == "content" or self.lexicon.endorsement.search(sentence.text) or \
                    sentence.kind == "empty" and self._takes_stance(sentence.text):
                return False, None
        span = doc.char_span(said.start, said.end, alignment_mode="expand") if said is not None else None
        return True, span

    def _takes_stance(self, text: str) -> bool:
        """A short sentence that still says something: «Vi støtter forslaget.»"""
        return any(pattern.search(text) for pattern, _ in self.lexicon.cues)

    def _topic_results(self, evidence: Sequence[_Evidence]) -> dict[str, dict]:
        results = {}
        for index, topic in enumerate(self.topics):
            found = _topic_evidence(topic.id, evidence)
            if index == 0:  # the main proposal
                found = [e.on_main_proposal() for e in found]
            stance, best, score = aggregate_topic(found)
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


_CONTRAST_AFTER = re.compile(r"\b(?:men|but)\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_KEEP_INFORMED = re.compile(r"\b(?:holdt|haldne?|halden)\s+orientert|\binformert\b|\borientert\b", re.IGNORECASE)


def _goes_on(after: str) -> bool:
    """Whether a no-remarks sentence goes on to a remark: «…, men vil peke på at …» does,
    «…, men ber om å bli holdt orientert» does not."""
    match = _CONTRAST_AFTER.search(after)
    if not match or _KEEP_INFORMED.search(match.group("rest")):
        return False
    return len(_WORD.findall(match.group("rest"))) >= 4


def _noun_offsets(sent: Span) -> frozenset[int]:
    """Where the tagger (if the pipeline has one) found nouns, relative to the sentence."""
    return frozenset(t.idx - sent.start_char for t in sent if t.pos_ in ("NOUN", "PROPN"))


def _topic_evidence(topic_id: str, evidence: Sequence[_Evidence]) -> list[_Evidence]:
    """The sentences naming a topic; if none of them takes a stance, also their paragraph, and
    where a heading names it, the section under that heading.

    Letters often name the topic in one sentence and say what they think in the next:
    "Produksjonsavgiften gir kommunene forutsigbare inntekter. Vi støtter mindretallet.", or in
    a heading ("Lønnsplikt") over the paragraphs that discuss it. Sentences that name another
    topic are not borrowed.
    """
    direct = [e for e in evidence if topic_id in e.topics]
    if any(e.score for e in direct):
        return direct
    paragraphs = {e.paragraph for e in direct}
    sections = {e.section for e in direct if e.heading}
    return direct + [e for e in evidence
                     if not e.topics and (e.paragraph in paragraphs or e.section in sections)]


def _heading_starts(text: str) -> list[int]:
    """Where the letter's headings start: paragraphs of at most :data:`_HEADING_MAX_WORDS` words
    that do not end like a sentence."""
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    spans = zip([0] + [b.end() for b in breaks], [b.start() for b in breaks] + [len(text)])
    starts = []
    for start, end in spans:
        paragraph = text[start:end].strip()
        if paragraph and len(paragraph.split()) <= _HEADING_MAX_WORDS and not paragraph.endswith(_SENTENCE_END):
            starts.append(text.index(paragraph, start))
    return starts


def _quote(sentence: Span) -> str:
    """The sentence as a reader should see it quoted: one line, not overly long."""
    text = " ".join(sentence.text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"


@Language.factory("horingsanalyse_positions")
def make_position_tagger(nlp: Language, name: str) -> PositionTagger:
    """Factory for :class:`PositionTagger`; topics and lexicon arrive through ``initialize``."""
    register_extensions()
    return PositionTagger(nlp, name)
