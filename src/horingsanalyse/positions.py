"""What a response says: no remarks, or for / against per topic, with the sentence that shows it.

The stance comes from the trained stance model (:mod:`horingsanalyse.stance`, shipped as
``resources/stance_model.json``): each sentence is given its topics (by the topics' words, or
by reference to the sentence before) and read for what it evaluates and which way; a small
letter model weighs the sentences into each topic's stance and the overall stance, each with
a confidence, and marks the calls below its calibrated threshold ``usikker``. The Norwegian cue
lexicon (``resources/stance_cues.toml``) gives the model evidence, not decisions, and finds
letters with no remarks. Every conclusion keeps its evidence: the sentence and its page, so the
ministry can quote it and a reader can check it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import POSITIONS_SPAN_KEY, register_extensions
from .letterparts import body_sentences
from .stance.features import mentions_the_proposal
from .stance.letters import Call, CueReading, LetterReading, read_letter
from .stance.models import StanceModel, load_stance_model, topic_weight
from .stance.topics import TopicIndex
from .types import TopicStance

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CUES_RESOURCE = "stance_cues.toml"
POSITIONS_PIPE = "horingsanalyse_positions"  # the component's factory and pipe name
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTE_CHARS = 400
_EVIDENCE_LEANING = 0.5  # a sentence this much more for than against (or the other way) is evidence
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
    any_cue: re.Pattern[str]  # all cues as one pattern: most sentences hold none, and one search says so


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
        any_cue=_phrase_pattern(p for p, _ in cues),
    )


def sentence_stance(text: str, lexicon: CueLexicon, nouns: frozenset[int] = frozenset()) -> int:
    """The signed stance of one sentence: support cues count +1, opposition cues -1.

    Cues are taken longest first and never overlap; a negation in the few words before a cue
    (or right after a verb cue: "støtter ikke") flips its sign. Agreement cues ("er enig i",
    "støtter") take the sign of the rest of the sentence, and count as support only alone.
    ``nouns`` are the offsets of words the tagger read as nouns: "næringens støtte" is no
    agreement, "vi kan ikke støtte forslaget" is.
    """
    if not lexicon.any_cue.search(text):
        return 0
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
    whether it states a reservation, whether it is about a committee minority, and whether it
    adopts another body's statement."""
    def read(text: str) -> CueReading:
        endorsement = endorsement_of_another(text, lexicon)
        stance_text = text if endorsement is None else \
            text[:endorsement.start()] + " " * len(endorsement.group()) + text[endorsement.end():]
        return CueReading(sentence_stance(stance_text, lexicon), bool(lexicon.reservations.search(text)),
                          mentions_minority(text, lexicon), endorsement is not None)
    return read


def endorsement_of_another(text: str, lexicon: CueLexicon) -> re.Match[str] | None:
    """Where a sentence adopts another body's statement («slutter seg til uttalelsen fra KS»);
    None where it adopts none, or the committee's or the ministry's («støtter utvalgets
    vurdering», which is backing the proposal)."""
    match = lexicon.endorsement.search(text)
    return match if match is not None and not mentions_the_proposal(match.group()) else None


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


class PositionTagger:
    """spaCy component: no-remarks detection, and stance per topic with evidence spans.

    Sets ``doc._.no_comment``, ``doc._.topics`` (topic id -> stance, quote, page, score,
    confidence, uncertain, weighed), ``doc._.stance`` with ``doc._.stance_confidence``,
    ``doc._.stance_uncertain``, ``doc._.stance_weighed`` and ``doc._.stance_rows`` (the letter
    models' input, kept so that a run can call the letter again), and the span group
    ``doc.spans["horingsanalyse_positions"]`` (one span per sentence that leans one way on a
    topic, labelled with the topic id, ``span._.stance`` and ``span._.score``).
    """

    def __init__(self, nlp: Language, name: str = "horingsanalyse_positions"):
        self.name = name
        self.topics: tuple = ()
        self.lexicon: CueLexicon | None = None
        self.model: StanceModel | None = None
        self.index: TopicIndex | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, topics: Sequence = (),
                   lexicon: CueLexicon | None = None, model: StanceModel | None = None) -> None:
        """Take the hearing's topics, the stance lexicon and the stance model (the shipped one
        unless given: :func:`horingsanalyse.stance.models.adapt` makes one for a hearing)."""
        self.topics = tuple(topics)
        self.lexicon = lexicon or load_cue_lexicon()
        self.model = model or load_stance_model()
        self.index = TopicIndex(self.topics)

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None or self.model is None:  # added without initialize(): no topics,
            self.initialize()                             # no remarks and overall stance still read
        sentences = [sent for sent in doc.sents if sent.text.strip()]
        doc._.no_comment, no_comment_sentence = self._no_comment(doc)
        doc._.no_comment_quote = _quote(no_comment_sentence) if no_comment_sentence is not None else None
        endorsing = next((s for s in sentences if self.lexicon.endorsement.search(s.text)), None)
        doc._.endorsement = {"quote": _quote(endorsing), "page": endorsing._.page} if endorsing is not None else None
        reading = read_letter(self.model, [s.text.strip() for s in sentences], self.index,
                              lexicon_cue_reader(self.lexicon), no_comment=doc._.no_comment)
        doc._.topics = {topic_id: {**_call_view(call, sentences), "score": _signed(reading, topic_id)}
                        for topic_id, call in reading.topics.items()}
        overall = _call_view(reading.overall, sentences)
        doc._.stance = reading.overall.label
        doc._.stance_confidence, doc._.stance_uncertain = overall["confidence"], overall["uncertain"]
        doc._.stance_weighed = overall["weighed"]
        doc._.stance_rows = {"topics": {t: [float(v) for v in row] for t, row in reading.topic_rows.items()},
                             "overall": [float(v) for v in reading.overall_row]}
        doc.spans[POSITIONS_SPAN_KEY] = _evidence_spans(doc, sentences, reading)
        return doc

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
        return bool(self.lexicon.any_cue.search(text))


_CONTRAST_AFTER = re.compile(r"\b(?:men|but)\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_KEEP_INFORMED = re.compile(r"\b(?:holdt|haldne?|halden)\s+orientert|\binformert\b|\borientert\b", re.IGNORECASE)


def _goes_on(after: str) -> bool:
    """Whether a no-remarks sentence goes on to a remark: «…, men vil peke på at …» does,
    «…, men ber om å bli holdt orientert» does not."""
    match = _CONTRAST_AFTER.search(after)
    if not match or _KEEP_INFORMED.search(match.group("rest")):
        return False
    return len(_WORD.findall(match.group("rest"))) >= 4


def _call_view(call: Call, sentences: Sequence[Span]) -> dict:
    """A stance call as the ``Doc`` carries it: the label, how sure, the quote and its page, and
    the sentences that weighed most (each with its page)."""
    quoted = sentences[call.quote] if call.quote is not None else None
    return {"stance": str(call.label), "confidence": float(call.confidence), "uncertain": bool(call.uncertain),
            "quote": _quote(quoted) if quoted is not None else None,
            "page": quoted._.page if quoted is not None else None,
            "weighed": tuple({"quote": _quote(sentences[i]), "page": sentences[i]._.page} for i in call.weighed)}


def _signed(reading: LetterReading, topic_id: str) -> float:
    """The topic's evidence as one signed number: support minus opposition, weighed."""
    return round(float(sum(topic_weight(r, topic_id) * (r.leaning("support") - r.leaning("oppose"))
                           for r in reading.readings)), 3)


def _evidence_spans(doc: Doc, sentences: Sequence[Span], reading: LetterReading) -> list[Span]:
    """One span per sentence that leans one way on one of its topics (the arguments read them)."""
    spans = []
    for sentence, sentence_reading in zip(sentences, reading.readings):
        lean = sentence_reading.leaning("support") - sentence_reading.leaning("oppose")
        if abs(lean) < _EVIDENCE_LEANING:
            continue
        for topic_id in sentence_reading.topics:
            span = Span(doc, sentence.start, sentence.end, label=topic_id)
            span._.stance = TopicStance.FOR.value if lean > 0 else TopicStance.AGAINST.value
            span._.score = round(float(lean), 3)
            spans.append(span)
    return spans


def _quote(sentence: Span) -> str:
    return quote_text(sentence.text)


def quote_text(text: str) -> str:
    """A sentence as a reader should see it quoted: one line, not overly long."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"


@Language.factory(POSITIONS_PIPE)
def make_position_tagger(nlp: Language, name: str) -> PositionTagger:
    """Factory for :class:`PositionTagger`; topics and lexicon arrive through ``initialize``."""
    register_extensions()
    return PositionTagger(nlp, name)
