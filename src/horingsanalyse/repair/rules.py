"""Hand rules for one token in its sentence, and the order in which a token is decided.

Some garbles are settled by a word beside them more surely than any count could: "Var
referanse" is "Vår referanse", "bor vurderes" is "bør vurderes" (a modal verb before an
infinitive or a passive), "til 4 utvikle" has the infinitive marker "å", "| tillegg" opens with
"I", and "Freya kommune" names Frøya. In a nynorsk document a bokmål-only word hides its nynorsk
twin ("fra" for "frå"). :func:`decide_token` tries these rules first, then the context model
(:mod:`~horingsanalyse.repair.context`) for a valid word with twins, then the word alone
(:func:`~horingsanalyse.repair.words.best_repair`).
"""

from __future__ import annotations

import dataclasses

from horingsanalyse.repair.confusions import (
    PIPE_AS_I,
    STANDALONE_A,
    before_infinitive,
    before_seen_infinitive,
)
from horingsanalyse.repair.context import context_choice, has_twins
from horingsanalyse.repair.lexicon import (
    as_written,
    bokmal_only,
    kommune_names,
    names_a_kommune,
    nynorsk_accepts,
    nynorsk_only,
)
from horingsanalyse.repair.profile import ConfusionProfile
from horingsanalyse.repair.words import Choice, best_repair, cheapest_candidate

# Context: a valid word that the next word shows to be garbled ("Var referanse", "bor vurderes").
MODAL_NEXT = frozenset(
    "være ikke det også derfor man vi de dette den disse dermed kunne få bli ha gis gjøres legges "
    "tas ses heller etter videre snarest sikres vurdere ligge inngå gjelde se gi ta gå kreve sikre "
    "legge innføre endre vera".split()
)
REPAIR_BEFORE: dict[str, tuple[str, str, frozenset[str]]] = {
    # garbled form: (repair, letter the document must lose, next words that show it)
    "var": ("vår", "å", frozenset({"referanse", "ref"})),
    "bor": ("bør", "ø", MODAL_NEXT),
    "ber": ("bør", "ø", MODAL_NEXT),
    "bar": ("bør", "ø", MODAL_NEXT),
}
# "bor vurderes", "ber svarast": a modal verb takes the passive infinitive, bokmål or nynorsk
PASSIVE_ENDINGS = ("es", "ast")
# ...but "ber" is the verb as written where the preposition it takes follows at once or after
# one word: "Vi ber derfor om". ("bor i" is no such sign: "bør i større grad" is common.)
VERB_AS_WRITTEN = {"ber": frozenset({"om"})}
# A word before one of these is read as a kommune's name ("Freya kommune").
KOMMUNE_WORDS = frozenset({"kommune", "kommunes", "kommunestyre", "kommunestyres", "herad"})
# "a)", "a." and "a -" open a list item: no infinitive marker.
LIST_MARKER_AFTER = (")", ".", "-")


def decide_token(
    word: str, previous: str, following: str, next_words: tuple[str, ...], profile: ConfusionProfile
) -> Choice | None:
    """Decide one token, using its neighbours for the short words that are also garbled forms.

    Args:
        word: the token as written.
        previous: the word before it as already repaired, "" at a sentence start.
        following: the character just after the token ("" at the text's end).
        next_words: the (at most two) tokens after it, as written.
        profile: the document's confusions.

    Returns:
        The repair, or ``None`` when the token stays.
    """
    lower = word.lower()
    next_word = next_words[0] if next_words else ""
    if {word_after.lower() for word_after in next_words} & VERB_AS_WRITTEN.get(lower, frozenset()):
        return None
    if word == PIPE_AS_I:
        return Choice("I", 0.8) if not previous and next_word[:1].islower() and profile.loses("å") else None
    if lower in ("a", "å") or word in STANDALONE_A:
        return _standalone_a(word, previous, following, next_word, profile)
    if place := _kommune_before(word, next_word, profile):
        return place
    rule = REPAIR_BEFORE.get(lower)
    if rule and profile.shows_lost(rule[1]) and _shows_garble(_repaired(next_word, profile), rule[2]):
        # with the grammar of the next word as the other witness ("ber svarast"), one repaired
        # word is evidence enough that the document loses the letter
        return Choice(word[0] + rule[0][1:], 0.9)
    if profile.nynorsk and not profile.bokmal and bokmal_only(lower):
        return _nynorsk_twin(word, profile)
    if has_twins(lower) and as_written(word)[1]:
        long_word = len(word) > profile.settings.max_ambiguous_length
        if profile.nynorsk and nynorsk_only(lower) and long_word:
            return None  # "nyttar" is a nynorsk verb; a short one ("nar") may still hide "når"
        choice = context_choice(word, previous, _repaired(next_word, profile), profile)
        if choice is None and long_word:
            # a long twin ("berekraftig", nynorsk) may hide an edit not yet active: score it alone
            return best_repair(word, profile)
        return None if choice and profile.nynorsk and not nynorsk_accepts(choice.after) else choice
    return best_repair(word, profile)


def _repaired(next_word: str, profile: ConfusionProfile) -> str:
    """The next word as its own repair will read, for the context of the word before it
    ("ber vaere" is "bør være")."""
    choice = best_repair(next_word, profile) if next_word else None
    return choice.after if choice else next_word


def _shows_garble(next_word: str, next_words: frozenset[str]) -> bool:
    """True when the next word is one that shows the rule's garble (a passive after a modal)."""
    lower = next_word.lower()
    return lower in next_words or (next_words is MODAL_NEXT and lower.endswith(PASSIVE_ENDINGS) and len(lower) > 4)


def _standalone_a(
    word: str, previous: str, following: str, next_word: str, profile: ConfusionProfile
) -> Choice | None:
    """"a", "A", "&" and "4" standing alone for "å", the infinitive marker, or "Å" opening a sentence.

    "a" and "A" need the document to lose å as "a"; "&" and "4" need it to lose å (or æ or ø,
    see :meth:`ConfusionProfile.loses`) and to stand between a lower-case word and an infinitive,
    so that numbers and company names stay; once the document has shown that stand-in so, or
    when it is nynorsk (infinitives in -a), the looser test
    (:func:`~horingsanalyse.repair.confusions.before_seen_infinitive`) suffices.
    """
    if following.startswith(LIST_MARKER_AFTER) or not next_word[:1].islower():
        return None
    if word in STANDALONE_A:
        if not profile.loses("å"):
            return None
        # nynorsk infinitives end in -a as often as in -e ("til 4 møta"), so the looser test
        seen = STANDALONE_A[word] in dict(profile.evidence) or profile.nynorsk
        test = before_seen_infinitive if seen else before_infinitive
        return Choice("å", 0.9) if test(previous, next_word) else None
    if word.lower() == "å" or "å>a" not in profile.active:
        return None
    opens_sentence = word == "A" and not previous
    if word == "A" and not opens_sentence and not previous[:1].islower():
        return None
    choice = best_repair("a", profile)
    if choice is None:
        return None
    return dataclasses.replace(choice, after="Å" if opens_sentence else "å")


def _nynorsk_twin(word: str, profile: ConfusionProfile) -> Choice | None:
    """In a nynorsk document, the nynorsk word that a bokmål-only word hides ("fra" for "frå"):
    one edit of an active family away, accepted by nynorsk hunspell, and of those the one whose
    edit this document makes most often ("frå" by å>a, not "frø" by ø>a). A document that writes
    no bokmål has such a word only as a garble or a quotation; without a twin it stays."""
    twin = cheapest_candidate(word, profile, 1, profile.active, nynorsk_accepts)
    return Choice(twin, 0.8) if twin else None


def _kommune_before(word: str, next_word: str, profile: ConfusionProfile) -> Choice | None:
    """"Freya kommune" is "Frøya kommune": before "kommune", a capitalised word that names no
    kommune but whose twin, two plausible edits away, does. The sender's own name is often
    written so, and the actor gazetteer matches only the name restored."""
    if not word[:1].isupper() or next_word.lower() not in KOMMUNE_WORDS or word.lower() in kommune_names():
        return None
    twin = cheapest_candidate(word, profile, 2, profile.plausible, names_a_kommune)
    return Choice(twin, 0.95) if twin else None
