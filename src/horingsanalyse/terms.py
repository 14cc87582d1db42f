"""The content words of Norwegian sentences, as the argument clusterer and its labels count them.

Two sentences make the same argument in different inflections («forutsigbare inntekter»,
«inntektene er uforutsigbare»), in bokmål and nynorsk, and inside compounds
(«vertskommunene», «kommunane»). So a word is reduced to its Snowball stem, function words
are dropped, and a long compound also counts as its parts, split where both parts are common
Norwegian words (wordfreq's bokmål list). Nothing here knows a hearing's subject.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .norwegian import zipf_frequencies

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_VOWELS = frozenset("aeiouyæøå")
_S_ENDING = frozenset("bcdfghjlmnoprtvyz")
# The Snowball Norwegian stemmer's suffix lists, longest first (snowballstem.org/algorithms/norwegian).
_STEP1 = sorted(("a e ede ande ende ane ene hetene en heten ar er heter as es edes endes enes hetenes "
                 "ens hetens ers ets et het ast").split(), key=len, reverse=True)
_STEP3 = sorted("leg eleg ig eig lig elig els lov elov slov hetslov".split(), key=len, reverse=True)
# Function words of bokmål and nynorsk, and the verbs and adverbs every letter uses to state a
# view («mener», «bør», «viktig»): they say that an argument is made, not which.
STOP_WORDS = frozenset("""
a alle allerede andre annen anna anne at av bare begge ble bli blir blitt bør både båe da de dei
deim deira deires dem den denne der dere deres det dette di din disse dit ditt du dykk dykkar då
eg ein eit eitt eller elles en ene eneste enn er et ett etter for fordi fra frå før ha hadde han
hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken
hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso
kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mens
må mer mest mi min mine mitt mot mykje ned nei no noe noen noka noko nokon nokor nokre nå når og
også om opp oss over på samme seg selv si sia sidan siden sin sine sitt sjøl skal skulle slik
slike so som somme somt så sånn til um under upp ut uten utan var vart varte ved vere verte vi
vil ville vore vors vort vår være vært å
bl.a dvs f.eks mv osv pga
sier seier mener meiner menar ser synes syns tror trur viser vise vises
støtter støttar støtte går gå imot ønsker ønskjer ønske ber bed vurdere vurderer
enig enige einig samd uenig ueinig usamd helt heilt gjennom ny nye nytt
mye mykje svært veldig særlig særleg spesielt derfor difor dermed også òg samt både heller
blant annet anna fortsatt framleis fremdeles således altså dog likevel imidlertid
viktig viktige vesentlig vesentleg stor store større største god gode bedre best
kommer kjem får få fått fekk fikk gjøre gjer gjør gjort gjere ta tar tatt gi gir gjev gitt
ett to tre fire fem seks sju syv åtte ni ti hundre tusen million millioner milliard milliarder
prosent kr kroner nok
""".split())
_MIN_COMPOUND = 8  # shorter words are seldom compounds of two common words
_MIN_PART = 3
_PART_ZIPF = 3.0  # both parts at least as common as a word seen once per million


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (letters and inner hyphens; numbers dropped)."""
    return [match.group().lower() for match in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that can carry an argument: no function words, no one-letter words."""
    return [word for word in words(text) if len(word) > 1 and word not in STOP_WORDS]


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of a lower-case word («inntektene» → «inntekt»)."""
    region = _region_start(word)
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= region:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith(("erte", "ert")) and len(word) - (4 if word.endswith("erte") else 3) >= region:
            word = word[:-2] if word.endswith("erte") else word[:-1]
        elif (word.endswith("s") and len(word) - 1 >= region and len(word) >= 3
              and (word[-2] in _S_ENDING or (word[-2] == "k" and word[-3] not in _VOWELS))):
            word = word[:-1]
    if word.endswith(("dt", "vt")) and len(word) - 2 >= region:
        word = word[:-1]
    for suffix in _STEP3:
        if word.endswith(suffix) and len(word) - len(suffix) >= region:
            return word[: -len(suffix)]
    return word


def _region_start(word: str) -> int:
    """Snowball's R1: after the first non-vowel that follows a vowel, but at least 3 letters in."""
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


@functools.lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """A compound's parts («vertskommunene» → («vert», «kommunene»)), or ``(word,)``.

    The split is the one whose rarer part is most common, with an optional linking «s» or
    «e»; a part may itself be split once more («grunnrenteskatt» → grunn, rente, skatt).
    """
    return tuple(_split(word, depth=2))


def _split(word: str, depth: int) -> list[str]:
    if depth == 0 or len(word) < _MIN_COMPOUND or "-" in word:
        return [word]
    frequencies = zipf_frequencies("nb")
    best: tuple[float, str, str] | None = None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        for first in (head, head[:-1] if head[-1] in "se" else ""):
            if len(first) < _MIN_PART:
                continue
            score = min(frequencies.get(first, 0.0), frequencies.get(tail, 0.0))
            if score >= _PART_ZIPF and (best is None or score > best[0]):
                best = (score, first, tail)
    if best is None:
        return [word]
    return [*_split(best[1], depth - 1), best[2]]


def stems(text: str, *, with_parts: bool = True) -> list[str]:
    """The stems of the content words of ``text``; a compound adds its parts' stems after its own."""
    return list(_stems(text, with_parts))


def _stems(text: str, with_parts: bool) -> Iterator[str]:
    for word in content_words(text):
        yield stem(word)
        if with_parts:
            parts = compound_parts(word)
            if len(parts) > 1:
                yield from (stem(part) for part in parts if part not in STOP_WORDS)
