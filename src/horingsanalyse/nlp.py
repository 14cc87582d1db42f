"""The spaCy pipeline: which Norwegian model to use, and how our components join it.

The published ``nb_core_news_*`` models cannot be downloaded on locked-down machines, so the
loader falls back to the pipeline bundled with this package, and only then to a blank
Norwegian pipeline with a warning. This module builds the pipeline and nothing else: the
extension attributes live in :mod:`.extensions`, the known bodies in :mod:`.gazetteer`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from .errors import ModelLoadError
from .extensions import register_extensions
from .gazetteer import load_gazetteer, matchable_names
from .types import ActorCategory

PUBLISHED_MODELS = ("nb_core_news_lg", "nb_core_news_md", "nb_core_news_sm")
BUNDLED_MODEL = "nb_horingsanalyse"
KNOWN_BODIES_PIPE = "horingsanalyse_known_bodies"
PARAGRAPHS_PIPE = "horingsanalyse_paragraphs"
ORGANISATION, GEOPOLITICAL_ORG = "ORG", "GPE_ORG"  # NorNE's labels
GEOPOLITICAL_CATEGORIES = frozenset({ActorCategory.KOMMUNE, ActorCategory.FYLKESKOMMUNE})

_NYNORSK = frozenset("ikkje eg kva korleis vere berre frå òg eit ho dei desse nokon".split())
_BOKMAAL = frozenset("ikke jeg hva hvordan være bare fra et hun de disse noen".split())
_ENGLISH = frozenset("the and of is are to in that this with for we".split())
_WORD = re.compile(r"[a-zæøåàèéêòóôü]+")


def bundled_model_path() -> Path:
    """Where the Norwegian pipeline trained for this package lies (package data)."""
    return Path(str(resources.files("horingsanalyse") / "models" / BUNDLED_MODEL))


def load_pipeline(name_or_path: str | Path | None = None) -> Language:
    """Load the best Norwegian pipeline available, with sentence boundaries guaranteed and the
    gazetteer's bodies as entities (see :func:`add_known_bodies`).

    Args:
        name_or_path: an installed package name or a path to a saved pipeline. When ``None``,
            use an installed ``nb_core_news_lg``/``_md``/``_sm``, else the bundled pipeline,
            else ``spacy.blank("nb")`` (with a warning saying what was missing).
    """
    register_extensions()
    if name_or_path is not None:
        nlp = _load_named_pipeline(name_or_path)
    else:
        nlp = _load_default_pipeline()
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer")
    if not nlp.has_pipe(PARAGRAPHS_PIPE):
        nlp.add_pipe(PARAGRAPHS_PIPE, first=True)
    add_known_bodies(nlp)
    return nlp


@Language.component(PARAGRAPHS_PIPE)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the statistical segmenter runs.

    Letters set headings, address lines and paragraphs apart by blank lines, often with no full
    stop, and a segmenter trained on news text (NorNE has no blank lines) can run a paragraph
    into the one before it, and so a stance into another topic. spaCy's senter, parser and
    sentencizer keep boundaries that are already set.
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and before.text.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc


def add_known_bodies(nlp: Language) -> None:
    """Mark the bodies of the actor gazetteer as entities, before the statistical NER runs.

    A model trained on news (NorNE) misses what høringssvar name most: "Arbeids- og
    inkluderingsdepartementet" opening a sentence, agencies, unions. An entity ruler with the
    gazetteer's names (ORG; a kommune or fylkeskommune GPE_ORG, as NorNE labels "Bergen
    kommune") sets them first, with the canonical name as ``ent_id_``; the NER fills in the rest.
    Abbreviations and word-like names ("LO", "Høyre") match only as written.
    """
    if nlp.has_pipe(KNOWN_BODIES_PIPE):  # a pipeline saved from this loader has it already
        return
    patterns = []
    for entry in load_gazetteer():
        label = GEOPOLITICAL_ORG if entry.category in GEOPOLITICAL_CATEGORIES else ORGANISATION
        for name, exact in matchable_names(entry):
            pattern = [{"ORTH": token.text} for token in nlp.make_doc(name)] if exact else name
            patterns.append({"label": label, "pattern": pattern, "id": entry.name})
    ruler = nlp.add_pipe(KNOWN_BODIES_PIPE, before="ner" if nlp.has_pipe("ner") else None)
    ruler.add_patterns(patterns)


class KnownBodiesRuler(EntityRuler):
    """spaCy's ``entity_ruler``, with the names that count only as written matched as phrases.

    Names in any case are phrase patterns on ``LOWER``, which a ``PhraseMatcher`` finds by
    looking each token up once. The exact-case names (275 of 1,528) are token patterns of
    ``ORTH`` only, which the ruler's ``Matcher`` tries at every token, one pattern after the
    other: nearly all of the ruler's time. Here they go to a second ``PhraseMatcher`` on
    ``ORTH``, which finds the same spans; they stay token patterns in ``patterns`` and on disk,
    and the matches are resolved as the ``entity_ruler`` resolves them (longest, then first).
    """

    def __init__(self, nlp: Language, name: str = KNOWN_BODIES_PIPE, **config):
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        super().__init__(nlp, name, **config)

    def clear(self) -> None:
        super().clear()
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")

    def add_patterns(self, patterns) -> None:
        """The ``entity_ruler``'s own, then each label whose token patterns are all exact text
        moved from the ``Matcher`` to the ``ORTH`` phrase matcher (a label added to again is
        moved again whole; :meth:`match` keeps each span once)."""
        super().add_patterns(patterns)
        for label, token_patterns in self.token_patterns.items():
            if label in self.matcher and all(_only_exact_tokens(pattern) for pattern in token_patterns):
                self.exact_matcher.add(label, [Doc(self.nlp.vocab, words=[token["ORTH"] for token in pattern])
                                               for pattern in token_patterns])
                self.matcher.remove(label)

    def match(self, doc: Doc):
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")  # a matcher with no patterns
            matches = [*self.matcher(doc), *self.phrase_matcher(doc), *self.exact_matcher(doc)]
        found = {(match_id, start, end) for match_id, start, end in matches if start != end}
        return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _only_exact_tokens(pattern) -> bool:
    """Whether a token pattern asks for nothing but each token's exact text."""
    return bool(pattern) and all(token.keys() == {"ORTH"} for token in pattern)


@Language.factory(KNOWN_BODIES_PIPE, default_config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False})
def make_known_bodies_ruler(nlp: Language, name: str, phrase_matcher_attr: str, overwrite_ents: bool) -> KnownBodiesRuler:
    return KnownBodiesRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents)


def _load_named_pipeline(name_or_path: str | Path) -> Language:
    """``spacy.load`` with its failures turned into one error that names the model and why."""
    try:
        return spacy.load(name_or_path)
    except (OSError, ValueError, ImportError, KeyError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelLoadError(name_or_path, f"the spaCy pipeline cannot be loaded ({reason}); give an installed "
                                           "package name or the folder of a saved pipeline") from exc


def _load_default_pipeline() -> Language:
    for package in PUBLISHED_MODELS:
        if spacy.util.is_package(package):
            return spacy.load(package)
    bundled = bundled_model_path()
    if (bundled / "meta.json").is_file():
        return spacy.load(bundled)
    warnings.warn(
        f"No Norwegian spaCy pipeline found (none of {', '.join(PUBLISHED_MODELS)} installed, and the "
        f"bundled pipeline is missing at {bundled}); using spacy.blank('nb'): no tagging or entities.",
        stacklevel=3,
    )
    return spacy.blank("nb")


def pipeline_label(nlp: Language) -> str:
    """A short name for the run's record: which pipeline and version analysed the text."""
    meta = nlp.meta
    name = meta.get("name", "pipeline")
    lang = meta.get("lang", nlp.lang)
    full = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
    return f"{full} {meta.get('version', '0.0.0')}"


def build_pipeline(hearing=None, name_or_path: str | Path | None = None) -> Language:
    """The full analysis pipeline: a Norwegian base plus our actor and position components.

    Args:
        hearing: the :class:`~horingsanalyse.config.Hearing` whose høringsinstanser, ministry
            and topics the components use; ``None`` for generic use.
        name_or_path: passed to :func:`load_pipeline`.
    """
    from . import actors, positions  # noqa: F401  (importing registers the factories)

    nlp = load_pipeline(name_or_path)
    addressee = hearing.ministry if hearing is not None else None
    nlp.add_pipe("horingsanalyse_actors", config={"addressee": addressee}).initialize(
        instanser=hearing.instanser if hearing is not None else ())
    nlp.add_pipe("horingsanalyse_positions").initialize(topics=hearing.topics if hearing is not None else ())
    return nlp


def make_letter_doc(nlp: Language, pages: Sequence[str], *, sender_hint: str | None = None,
                    file_name: str | None = None, disable: Sequence[str] = ()) -> Doc:
    """Run the pipeline on a letter's pages, keeping where each page starts; the components
    named in ``disable`` are skipped."""
    register_extensions()
    starts, offset = [], 0
    for text in pages:
        starts.append(offset)
        offset += len(text) + 2
    doc = nlp.make_doc("\n\n".join(pages))
    doc._.page_starts = starts
    doc._.sender_hint = sender_hint
    doc._.file_name = file_name
    return nlp(doc, disable=list(disable))


def detect_language(text: str) -> str:
    """Bokmål (``nb``), nynorsk (``nn``) or English (``en``), from common function words.

    Høringssvar are written in all three; the report and the repair stage need to know which.
    """
    words = _WORD.findall(text[:20000].lower())
    counts = {
        "nb": sum(w in _BOKMAAL for w in words),
        "nn": sum(w in _NYNORSK for w in words),
        "en": sum(w in _ENGLISH for w in words),
    }
    if not any(counts.values()):
        return "nb"
    return max(counts, key=counts.get)
