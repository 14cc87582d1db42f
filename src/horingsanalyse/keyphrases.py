"""Key phrases for argument labels: the noun phrases of sentences, keyed by their lemmas.

A label a civil servant can read names the things an argument is about («forutsigbare
inntekter», «konkurranseevne», «arbeidsplasser i distriktene»), not loose stems or verbs
(«innføre, baserer siste»). The bundled pipeline's part-of-speech tags and lemmas find them: a
noun with the adjective right before it, or two nouns joined by a preposition. A phrase is
keyed by its words' lemmas (folded by the Snowball stemmer, so a lemmatiser's slips between
inflections do not split a phrase), so «forutsigbare inntekter» and «forutsigbar inntekt»
count as one, and it is shown as it was written. Function words, the words every letter uses
to state a view (:data:`~horingsanalyse.terms.STOP_WORDS`), the words every høring letter
uses for the process itself («forslaget», «utvalget», «høringen») and the nouns of set
phrases («i tråd med», «ta høyde for») make no phrase. Nothing here
knows a hearing's subject.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from .terms import STOP_WORDS, stem

# Prepositions that join two nouns into one thing named («arbeidsplasser i distriktene»,
# «verdier fra kysten»); «om», «med» and the like more often start a new clause's object.
LINKING_PREPOSITIONS = frozenset("av for til på i fra frå".split())
# The process every høring letter talks about, in bokmål and nynorsk: it names no argument.
PROCESS_WORDS = frozenset(stem(word) for word in """
forslag framlegg utvalg utval flertall fleirtal mindretall mindretal høring høyring høringsnotat
høyringsnotat høringsuttalelse høyringsuttale høringssvar høyringssvar høringsinnspill innspill
uttalelse uttale departement regjering sak del punkt kapittel avsnitt innføring argumentasjon
""".split())
# Nouns that Norwegian uses in set phrases more than for what they name: «i dag», «i tråd med»,
# «ta høyde for», «i forhold til», «i stor grad», «i tillegg», «på bakgrunn av», «til dømes»,
# «stille til disposisjon», «til gavn for», «bære preg av».
SET_PHRASE_NOUNS = frozenset(stem(word) for word in """
dag tråd høyde forhold grad tillegg utgangspunkt sammenheng bakgrunn hensyn lys favør syn stand
måte tilfelle grunn form henhold forbindelse følge retning side vei ledd rekke eksempel døme
disposisjon gavn preg
""".split())
# Adjectives that point or count rather than describe: «flere kommuner» names «kommuner».
POINTING_ADJECTIVES = frozenset(stem(word) for word in """
flere fleire egen eige eget egne hele heile ulike ulik enkelte enkelt øvrige første andre siste
nevnte aktuelle aktuell samlet samla samlede mulig mulige nødvendig naudsynt rett riktig
""".split())
TAGGER_EXCLUDE = ("senter", "ner", "parser")


@dataclass(frozen=True)
class KeyPhrase:
    """A noun phrase of one sentence: ``key`` its folded lemmas, ``text`` as written."""

    key: tuple[str, ...]
    text: str


@functools.lru_cache(maxsize=1)
def load_tagger() -> Language:
    """The bundled pipeline's tagger and lemmatiser only (no sentence splitting, no entities).

    Loaded once per process: argument labels need tags for a few thousand sentences at most.
    """
    import spacy

    from .nlp import bundled_model_path

    return spacy.load(bundled_model_path(), exclude=list(TAGGER_EXCLUDE))


def sentence_phrases(texts: Sequence[str], nlp: Language | None = None,
                     known: MutableMapping[str, tuple[KeyPhrase, ...]] | None = None) -> list[tuple[KeyPhrase, ...]]:
    """The key phrases of each text, in order (see :func:`noun_phrases`); each distinct text
    is tagged once, since a campaign's members repeat the same sentences. ``known`` holds the
    phrases of texts tagged before (a re-run's store keeps them): only the others are tagged,
    and added to it."""
    found = known if known is not None else {}
    new = [text for text in dict.fromkeys(texts) if text not in found]
    if new:
        tagger = nlp if nlp is not None else load_tagger()
        found.update((text, tuple(noun_phrases(doc))) for text, doc in zip(new, tagger.pipe(new, batch_size=256)))
    return [found[text] for text in texts]


def noun_phrases(doc: Doc) -> list[KeyPhrase]:
    """Each naming noun alone, with the describing adjective right before it, and joined to
    the next naming noun by a linking preposition. Proper nouns make no phrase: the names of
    bodies and places say who speaks or where, and a label says what is argued."""
    phrases = []
    for token in doc:
        if not _names_a_thing(token):
            continue
        head = _phrase([token])
        phrases.append(head)
        before = doc[token.i - 1] if token.i > 0 else None
        if before is not None and _describes(before):
            phrases.append(_phrase([before, token]))
        if token.i + 2 < len(doc):
            preposition, after = doc[token.i + 1], doc[token.i + 2]
            if preposition.lower_ in LINKING_PREPOSITIONS and _names_a_thing(after):
                phrases.append(_phrase([token, preposition, after]))
    return phrases


def _names_a_thing(token: Token) -> bool:
    """A common noun; an acronym («KS», «NHO») is mostly a body's name, tagged as a noun."""
    return (token.pos_ == "NOUN" and token.is_alpha and len(token.text) > 1 and not token.text.isupper()
            and token.lower_ not in STOP_WORDS and _fold(token) not in PROCESS_WORDS | SET_PHRASE_NOUNS)


def _describes(token: Token) -> bool:
    return (token.pos_ == "ADJ" and token.is_alpha and token.lower_ not in STOP_WORDS
            and _fold(token) not in POINTING_ADJECTIVES)


def _fold(token: Token) -> str:
    return stem((token.lemma_ or token.text).lower())


def _phrase(tokens: Iterable[Token]) -> KeyPhrase:
    tokens = list(tokens)
    key = tuple(t.lower_ if t.pos_ == "ADP" else _fold(t) for t in tokens)
    text = " ".join(t.lower_ for t in tokens)
    return KeyPhrase(key, text)
