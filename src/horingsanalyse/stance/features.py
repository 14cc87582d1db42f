"""What a sentence says about stance, in features that name no hearing's subject.

The stance model must carry over to hearings it never saw, so a sentence is described by how it
takes a position, not by what it is about: the hearing's topic words become ``TOPIC``, words
are lower-cased and stripped of their common Norwegian endings (the pipeline's lemmatizer is
switched off in runs for speed, so the features never depend on it), words after a negation
carry a ``NEG_`` prefix up to the end of the clause (and so does the verb a main clause's
negation follows: «støtter ikke»), and the sentence's grammar of stance is
spelled out: modals and requests («bør», «må», «ber om»), who is speaking («vi» or the sender
against «utvalget», «departementet», «flertallet»: reported speech), conditions («forutsatt»,
«dersom», «men»), the cue lexicon's cues (as evidence, not as the decision), and whether the
sentence wants what the topic's ``for`` or ``mot`` side means (``[[tema]]`` in horing.toml).
Bokmål, nynorsk and a small set of English forms map onto the same features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TOPIC = "TOPIC"
_WORD = re.compile(r"\w+(?:-\w+)*|[.,;:!?()«»\"–-]", re.UNICODE)
_NEGATIONS = frozenset("ikke ikkje ingen inga intet aldri verken not no never neither nor".split())
# A negation reaches to the end of its clause: a punctuation mark or a word that starts a new one.
_CLAUSE_BOUNDARY = frozenset(".,;:!?-–") | frozenset(
    "men og eller som fordi dersom hvis viss når da der but and or because which".split())
# Kept whole: short function words whose endings are not inflection.
_UNSTEMMED = frozenset("ikke ikkje ingen inga mener meiner under over etter eller heller ellers dette denne "
                       "dersom derfor enige einige ønsker ønskjer støtter støttar".split())
_SUFFIXES = ("ingene", "ingane", "ingen", "inga", "ende", "ene", "ane", "ets", "ens", "en", "et", "er",
             "ar", "te", "a", "e", "s")
_MIN_STEM = 4

# Stance grammar, bokmål / nynorsk / English, on the normalised words.
_MODALS = {"bør": "MODAL_SHOULD", "burde": "MODAL_SHOULD", "skal": "MODAL_SHALL", "må": "MODAL_MUST",
           "måtte": "MODAL_MUST", "kan": "MODAL_CAN", "vil": "MODAL_WILL", "should": "MODAL_SHOULD",
           "must": "MODAL_MUST", "shall": "MODAL_SHALL", "can": "MODAL_CAN", "will": "MODAL_WILL"}
_REQUESTS = re.compile(r"\b(ber (?:om|departementet|regjeringa|regjeringen|staten|stortinget)|be om|"
                       r"oppfordr\w*|foreslår at|foreslår å|gjer framlegg|anbefaler at|tilrår at|"
                       r"krev\w*|ønsker at|ønskjer at|vil at|ask\w* (?:the|that)|urge\w*|call on|"
                       r"recommend\w* that)\b", re.IGNORECASE)
_WRITER = re.compile(r"^\W*(vi|eg|jeg|vår|vårt|våre|we|our|i)\b|\b(vi|oss|vårt syn|vår vurdering|vår mening|"
                     r"vårt standpunkt|eg meiner|jeg mener|we|in our view|our view)\b", re.IGNORECASE)
# Who makes the proposal on høring, and who else a letter may report.
_PROPOSERS = (r"utvalg\w*|utval\w*|departement\w*|flertall\w*|fleirtal\w*|regjering\w*|the committee|"
              r"the ministry")
_REPORTERS = (rf"{_PROPOSERS}|mindretall\w*|mindretal\w*|komit\w*|ekspertutval\w*|the majority|the minority|"
              r"the government")
_REPORTING = (r"foreslår|foreslo|framlegg|gjer framlegg|anbefaler|tilrår|mener|meiner|skriver|viser til|"
              r"legger til grunn|legg til grunn|peker på|konkluderer|går inn for|vurderer|har vurdert|"
              r"argumenterer|hevder|beskriver|propos\w*|recommend\w*|argu\w*|conclud\w*|writes|says|holds")
_REPORTED = re.compile(rf"\b({_REPORTERS})\b[^.;:]{{0,60}}?\b({_REPORTING})\b", re.IGNORECASE)
_REPORTED_START = re.compile(rf"^\W*(\w+\s+){{0,3}}({_REPORTERS})\b", re.IGNORECASE)
_CONDITIONS = {"forutsatt": "COND_IF", "forutsetter": "COND_IF", "forutsetning": "COND_IF", "føreset": "COND_IF",
               "føresetnad": "COND_IF", "dersom": "COND_IF", "hvis": "COND_IF", "viss": "COND_IF",
               "provided": "COND_IF", "if": "COND_IF", "unless": "COND_IF", "men": "COND_BUT",
               "but": "COND_BUT", "likevel": "COND_BUT", "however": "COND_BUT", "imidlertid": "COND_BUT",
               "derimot": "COND_BUT", "forbehold": "COND_RESERVE", "atterhald": "COND_RESERVE",
               "reservation": "COND_RESERVE", "reservations": "COND_RESERVE"}
# What a sentence wants done, by its verbs (any inflection: matched on the word's start).
ACTIONS = {
    "REMOVE": ("fjern", "avvikl", "opphev", "avskaff", "skrot", "fas ut", "fase ut", "bortfall", "falle bort",
               "falle vekk", "nedlegg", "legge ned", "abolish", "remov", "scrap", "phase out"),
    "KEEP": ("behold", "videreføre", "vidareføre", "videreført", "vidareført", "opprettholde", "oppretthalde",
             "bevar", "sikr", "styrk", "fortsatt", "framleis", "keep", "retain", "maintain", "continu"),
    "INTRODUCE": ("innfør", "etabler", "oppretta", "opprett", "innført", "introduc", "implement", "establish"),
    "REDUCE": ("reduser", "senk", "lavere", "lågare", "mindre", "reduc", "lower"),
    "INCREASE": ("øk", "auk", "hev", "høyere", "høgare", "større", "increas", "rais", "higher"),
}
# English stance words, mapped to the same features as the Norwegian cue lexicon gives.
_ENGLISH_CUES = {"support": +1, "supports": +1, "welcome": +1, "welcomes": +1, "agree": +1, "agrees": +1,
                 "endorse": +1, "endorses": +1, "favour": +1, "favor": +1, "oppose": -1, "opposes": -1,
                 "against": -1, "reject": -1, "rejects": -1, "concerned": -1, "concern": -1, "concerns": -1,
                 "disagree": -1, "harmful": -1, "damaging": -1, "undermine": -1, "undermines": -1,
                 "weaken": -1, "weakens": -1, "unfortunate": -1, "negative": -1, "positive": +1}
_PROPOSAL = re.compile(rf"\b({_PROPOSERS}|høringsnotat\w*|høyringsnotat\w*|forslag\w*|framlegg\w*|the proposal)\b",
                       re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(dette|denne|disse|slik|slike|sliktt|dei|det foreslåtte|den foreslåtte|forslaget|"
                       r"framlegget|ordningen|ordninga|skatten|avgiften|avgifta|modellen|this|such|the proposal)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Sides:
    """What wanting each side of a topic looks like: the action classes of its ``for``/``mot``."""

    for_actions: frozenset[str] = frozenset()
    against_actions: frozenset[str] = frozenset()


# Words that begin as an action's verb does but are none: «økonomi» (øk-), «mindretall»
# (mindre-), «hevder» (hev-), all common in høringssvar.
_NOT_ACTIONS = ("økonom", "mindretal", "hevd")


def _action_pattern(starts: tuple[str, ...]) -> re.Pattern:
    """A word that begins with one of the stems (and not as :data:`_NOT_ACTIONS` do), or a phrase
    («fase ut») anywhere, in the text's words joined by single spaces: one search instead of a
    loop over every word and stem."""
    word_start = "(?:^| )(?!" + "|".join(map(re.escape, _NOT_ACTIONS)) + ")"
    return re.compile("|".join(re.escape(s) if " " in s else word_start + re.escape(s) for s in starts))


_ACTION_PATTERNS = {action: _action_pattern(starts) for action, starts in ACTIONS.items()}


def actions_in(text: str) -> frozenset[str]:
    """The action classes («REMOVE», «KEEP», …) whose verbs a text uses."""
    joined = " ".join(w.lower() for w in _WORD.findall(text))
    return frozenset(action for action, pattern in _ACTION_PATTERNS.items() if pattern.search(joined))


def sides_of(for_phrase: str, against_phrase: str) -> Sides:
    """The action classes a topic's ``for`` and ``mot`` phrases name (empty when not given)."""
    return Sides(actions_in(for_phrase), actions_in(against_phrase))


def normalise(word: str) -> str:
    """A word lower-cased without its commonest Norwegian ending: «skatten», «skatter» → «skatt»."""
    word = word.lower()
    if word in _UNSTEMMED or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


# Words that back a view («støtter», «slutter seg til», «er enig»): when the view is another's
# (a committee minority's, another body's statement) they say nothing of the proposal itself.
_BACKING_WORDS = frozenset(normalise(w) for w in "støtter støttar støtte slutter sluttar seg oss til stiller bak "
                           "tiltrer enig enige einig einige samd deler support supports endorse endorses agree "
                           "agrees".split())


# Between a verb and its negation («støtter heller ikke»), and what before a negation is no verb.
_NEGATION_ADVERBS = frozenset(normalise(w) for w in "heller derfor dessverre likevel altså fortsatt framleis "
                              "jo også enda still also".split())
_NOT_VERBS = frozenset(normalise(w) for w in "vi jeg eg du de dei den det dette disse han hun ho man en ein at "
                       "som om we i you they it this that".split())


def mentions_the_proposal(text: str) -> bool:
    """Whether a text names the proposal or those who made it (the committee, its majority, the
    ministry): backing their view is backing the proposal, not endorsing another body."""
    return bool(_PROPOSAL.search(text))


def mask_topics(text: str, topic_spans: Iterable[tuple[int, int]]) -> str:
    """The text with every topic word (a whole word that holds a topic cue) replaced by TOPIC."""
    spans = sorted(topic_spans)
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        start = _word_start(text, start)
        end = _word_end(text, end)
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(f" {TOPIC} ")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _word_start(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isalnum():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while index < len(text) and text[index].isalnum():
        index += 1
    return index


def negation_scoped(words: Sequence[str]) -> list[str]:
    """The words with ``NEG_`` before each word that follows a negation in the same clause, and
    before the verb a main clause's negation follows («Vi støtter ikke», «støtter heller ikke»).

    «støtter ikke forslaget og er bekymret» → NEG_støtter, ikke, NEG_forslag, og, er, bekymret:
    the negation ends at «og», so the worry is not turned into its opposite.
    """
    out, negated = [], False
    for word in words:
        if word in _CLAUSE_BOUNDARY:
            negated = False
            out.append(word)
        elif word in _NEGATIONS:
            negated = True
            _negate_the_verb_before(out)
            out.append(word)
        else:
            out.append(f"NEG_{word}" if negated else word)
    return out


def _negate_the_verb_before(out: list[str]) -> None:
    """In a Norwegian main clause the negation follows the finite verb, so the word before it
    (past «heller», «dessverre», …) is negated too; not a subject or a word that opens a
    subordinate clause («at vi ikke støtter»: the verb comes after, and is negated already)."""
    i = len(out) - 1
    while i >= 0 and out[i] in _NEGATION_ADVERBS:
        i -= 1
    if i >= 0 and out[i] not in _CLAUSE_BOUNDARY and out[i] not in _NEGATIONS and out[i] not in _NOT_VERBS \
            and not out[i].startswith("NEG_"):
        out[i] = f"NEG_{out[i]}"


def sentence_features(text: str, *, topic_spans: Sequence[tuple[int, int]] = (), cue_score: int = 0,
                      cue_reserved: bool = False, cue_minority: bool = False, cue_endorses: bool = False,
                      sides: Sides | None = None, by_reference: bool = False) -> dict[str, float]:
    """The features of one sentence (a dict for ``DictVectorizer``).

    ``topic_spans`` are where the hearing's topic words stand (they become TOPIC);
    ``cue_score``/``cue_reserved``/``cue_minority``/``cue_endorses`` what the cue lexicon read
    in it; ``sides`` the action classes of the topic's ``for``/``mot``; ``by_reference`` whether
    the topic came from «dette forslaget» after a sentence on it.

    A sentence that backs another's view (a committee minority's, or another body's statement)
    gets ``BACKS_MINORITY`` / ``BACKS_OTHER`` in place of its backing words and support cue:
    which way that goes depends on whose view it is, and it must not teach the model that
    «støtter» leans against the proposal because, in the training hearing, those who backed
    someone else mostly backed its opponents.
    """
    masked = mask_topics(text, topic_spans)
    raw = [w.lower() for w in _WORD.findall(masked)]
    words = [TOPIC if w == TOPIC.lower() else normalise(w) for w in raw]
    scoped = negation_scoped(words)
    features: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        features[name] = features.get(name, 0.0) + value

    content = [w for w in scoped if w not in _CLAUSE_BOUNDARY]
    backs = _whose_view_backed(content, cue_score, cue_minority, cue_endorses)
    for word in content:
        if backs is None or word.removeprefix("NEG_") not in _BACKING_WORDS:
            add(f"w={word}")
    for first, second in zip(content, content[1:]):
        if first.startswith("NEG_") or first in _MODALS or first in _NEGATIONS:  # «ikke støtte», «bør fjernes»
            add(f"b={first}_{second}")
    negated = any(w in _NEGATIONS for w in raw)
    if negated:
        add("NEGATION")
    for word in raw:
        if word in _MODALS:
            add(_MODALS[word] + ("_NEG" if negated else ""))
        if word in _CONDITIONS:
            add(_CONDITIONS[word])
        if word in _ENGLISH_CUES:
            add("CUE_POS" if _ENGLISH_CUES[word] > 0 else "CUE_NEG")
    if _REQUESTS.search(masked):
        add("REQUEST" + ("_NEG" if negated else ""))
    writer = bool(_WRITER.search(masked))
    reported = bool(_REPORTED.search(masked) or _REPORTED_START.search(masked))
    if writer:
        add("SPEAKER_WRITER")
    if reported:
        add("SPEAKER_REPORTED" if not writer else "SPEAKER_REPORTED_AND_WRITER")
    if backs is not None:
        add(f"{'NEG_' if negated else ''}BACKS_{backs}")
    if cue_score < 0 or cue_score > 0 and backs is None:
        add("CUE_POS" if cue_score > 0 else "CUE_NEG", min(abs(cue_score), 3))
        if reported and not writer:
            add("CUE_IN_REPORTED")
    if cue_reserved:
        add("CUE_RESERVED")
    if cue_minority:
        add("MINORITY")
    if topic_spans:
        add("HAS_TOPIC")
    if by_reference:
        add("TOPIC_BY_REFERENCE")
    wanted = actions_in(masked)
    if sides is not None:
        sign = "NEG_" if negated else ""
        if wanted & sides.for_actions:
            add(f"{sign}WANTS_FOR_SIDE")
        if wanted & sides.against_actions:
            add(f"{sign}WANTS_AGAINST_SIDE")
    for action in wanted:
        add(f"ACTION_{action}")
    add("LENGTH", min(len(content), 60) / 60)
    return features


def _whose_view_backed(words: Sequence[str], cue_score: int, minority: bool, endorses: bool) -> str | None:
    """«MINORITY» when the sentence backs a committee minority's view, «OTHER» when it adopts
    another body's statement, else None."""
    if minority and (cue_score > 0 or any(w.removeprefix("NEG_") in _BACKING_WORDS for w in words)):
        return "MINORITY"
    return "OTHER" if endorses else None


def has_anaphora(text: str) -> bool:
    """Whether a sentence refers back («dette forslaget», «en slik skatt», «this proposal»)."""
    return bool(_ANAPHORA.search(text))
