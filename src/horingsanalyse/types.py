"""Plain data passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses, so a stage can be run, tested and
cached on its own. The string enums carry the vocabularies of the output contract
(``analyse.json``): their values are what users see, so they never change meaning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Stance(str, Enum):
    """A response's overall stance on the hearing's proposal."""

    SUPPORTS = "supports"
    SUPPORTS_WITH_RESERVATIONS = "supports_with_reservations"
    OPPOSES = "opposes"
    MIXED = "mixed"
    NO_POSITION = "no_position"


class TopicStance(str, Enum):
    """A response's stance on one topic (tema) of the hearing."""

    FOR = "for"
    AGAINST = "against"
    MIXED = "mixed"
    NOT_ADDRESSED = "not_addressed"


class ActorCategory(str, Enum):
    """The kind of body that sent a response, as ministries group høringsinstanser."""

    KOMMUNE = "kommune"
    FYLKESKOMMUNE = "fylkeskommune"
    DEPARTEMENT = "departement"
    STATLIG_ETAT = "statlig_etat"
    ARBEIDSTAKERORGANISASJON = "arbeidstakerorganisasjon"
    ARBEIDSGIVERORGANISASJON = "arbeidsgiverorganisasjon"
    NAERINGSLIV = "naeringsliv"
    INTERESSEORGANISASJON = "interesseorganisasjon"
    FAGMILJO = "fagmiljo"
    POLITISK_PARTI = "politisk_parti"
    PRIVATPERSON = "privatperson"
    ANNET = "annet"


@dataclass(frozen=True)
class Repair:
    """One change made to garbled text, kept so a reader can check it."""

    page: int
    before: str
    after: str
    confidence: float
    kind: str = "ocr"  # "ocr" (æ/ø/å confusions), "mojibake", "hyphenation", ...


@dataclass(frozen=True)
class Page:
    """The body text of one page, with what was taken out of it."""

    number: int
    text: str
    header: str = ""
    footer: str = ""
    ocr: bool = False


@dataclass(frozen=True)
class LetterMetadata:
    """What a Norwegian letter states about itself in its letterhead and signature."""

    sender: str | None = None
    date: dt.date | None = None
    our_reference: str | None = None  # "Vår referanse" / "Vår ref."
    your_reference: str | None = None  # "Deres referanse" / "Deres ref."
    case_officer: str | None = None  # "Saksbehandler"
    signatory: str | None = None


@dataclass(frozen=True)
class Letter:
    """One response as extracted from its file: pages in order, metadata, repairs made."""

    file: str  # path relative to the hearing's svar/ folder
    sha256: str
    source_format: str  # "pdf", "txt", "html", "docx"
    pages: tuple[Page, ...]
    metadata: LetterMetadata = field(default_factory=LetterMetadata)
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The body text of all pages, pages separated by a blank line."""
        return "\n\n".join(page.text for page in self.pages)


@dataclass(frozen=True)
class Actor:
    """Who sent a response: the canonical name and category, and how we know."""

    name: str
    category: ActorCategory
    instans: str | None = None  # the matching entry in the hearing's list of høringsinstanser
    source: str = "text"  # "gazetteer", "metadata", "text", "filename"


@dataclass(frozen=True)
class Quote:
    """A sentence of a response and the page it stands on."""

    sentence: str
    page: int | None = None


@dataclass(frozen=True)
class TopicPosition:
    """A response's stance on one topic, with the sentence and page that show it.

    ``confidence`` is the stance model's probability for the call (None where no model made
    it); ``uncertain`` marks a call below the model's calibrated threshold («usikker»), which
    the report lists under «Til kontroll» with the sentences that weighed most (``weighed``).
    """

    topic_id: str
    stance: TopicStance
    quote: str | None = None
    page: int | None = None
    score: float = 0.0  # signed evidence: > 0 for, < 0 against
    confidence: float | None = None
    uncertain: bool = False
    weighed: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One sentence that weighed on a topic's stance, kept so later stages (arguments, review)
    read the same sentences from a cached response as from a new one.

    ``start``/``end`` are character offsets into the response's body text (its pages joined by
    a blank line, as :attr:`Letter.text`).
    """

    topic_id: str
    stance: TopicStance
    sentence: str
    page: int | None
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class StanceRows:
    """What the stance model's letter models read of one response: per topic and for the
    overall stance, the letter's weighed sentence predictions as plain numbers (see
    :func:`horingsanalyse.stance.models.topic_row`). Kept with the stored analysis so that a
    run can adapt the model to an analyst's corrections and call every stored letter again
    without reading it again; no words of the letter are in them."""

    topics: dict[str, tuple[float, ...]] = field(default_factory=dict)
    overall: tuple[float, ...] = ()


@dataclass(frozen=True)
class Correction:
    """One row of the hearing's ``korreksjoner.csv``: an analyst's value for one field of one
    response, which overrides the machine's on every run (see :mod:`horingsanalyse.corrections`).

    ``field`` is ``sender``, ``category``, ``no_comment``, ``stance`` or a topic id; ``value``
    is in the contract's vocabulary (``no_comment`` as ``true``/``false``); ``line`` is the
    row's line in the file, for messages.
    """

    file: str
    field: str
    value: str
    comment: str = ""
    line: int = 0


@dataclass(frozen=True)
class CorrectedField:
    """A correction as applied to a response: the analyst's value beside the machine's, so the
    report can mark it and the run can count how often the machine agreed."""

    field: str
    value: str
    machine: str | None  # the machine's value in the same vocabulary (None: no sender read)
    comment: str = ""
    line: int = 0

    @property
    def changed(self) -> bool:
        """False where the analyst confirmed the machine's value rather than changing it."""
        return self.value != self.machine


@dataclass(frozen=True)
class FieldAgreement:
    """How often the machine's value of one field agreed with the analyst's corrections."""

    field: str
    agreed: int
    total: int


@dataclass(frozen=True)
class ResponseAnalysis:
    """Everything the pipeline concluded about one response."""

    file: str
    sha256: str
    sender: str | None  # None when the letter does not say who wrote it («Ukjent avsender»)
    category: ActorCategory
    date: dt.date | None
    no_comment: bool
    stance: Stance
    topics: dict[str, TopicPosition]
    repairs: tuple[Repair, ...]
    language: str
    pages: int
    instans: str | None = None
    campaign_id: str | None = None
    no_comment_quote: str | None = None
    endorsement_quote: str | None = None  # "Kommunen slutter seg til KS' høringsuttalelse."
    endorsement_page: int | None = None
    endorses: str | None = None  # the other respondent whose statement this one adopts
    evidence: tuple[Evidence, ...] = ()
    warnings: tuple[str, ...] = ()  # what extraction noticed: empty pages, unmapped glyphs, …
    sender_confidence: float | None = None  # 0–1: how sure the sender (or that none is named) is
    sender_evidence: str | None = None  # the line of the letter that names the sender
    sender_evidence_page: int | None = None
    sender_note: str | None = None  # why no sender is given, for the review list
    private_person: bool = False  # a person writing for themselves: ``run --mask-private`` hides the name
    stance_confidence: float | None = None  # the stance model's probability for ``stance``
    stance_uncertain: bool = False  # below the calibrated threshold: «usikker», listed under «Til kontroll»
    stance_weighed: tuple[Quote, ...] = ()  # the sentences that weighed most on ``stance``
    stance_rows: StanceRows | None = None  # None in a store written before they were kept
    # The analyst's corrections applied at report time (korreksjoner.csv); never stored, so the
    # store keeps the machine's reading and every run applies the corrections afresh.
    corrections: tuple[CorrectedField, ...] = ()

    @property
    def corrected(self) -> tuple[str, ...]:
        """The fields whose value an analyst's correction changed."""
        return tuple(c.field for c in self.corrections if c.changed)


@dataclass(frozen=True)
class Campaign:
    """Responses whose text is identical or nearly so; all are kept and counted."""

    campaign_id: str
    files: tuple[str, ...]
    similarity: float
    # Per member file (in ``files`` order): the passages it added to the shared letter (its
    # intro, its own paragraph, its signature), verbatim; empty for a member that added nothing.
    additions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Failure:
    """A response the pipeline could not analyse, and why, in words a user can act on."""

    file: str
    reason: str


@dataclass(frozen=True)
class RunSummary:
    """When and how a run was made; written with every output."""

    started: dt.datetime
    finished: dt.datetime
    version: str
    pipeline: str
    n_new: int
    n_cached: int
    analysis_key: str = ""  # the hash of everything the results depended on (see batch.analysis_key)
    stance_adapted_with: int = 0  # corrected letters the stance model was adapted with (0: as shipped)
    warnings: tuple[str, ...] = ()  # said once per run: a missing tool, a rebuilt store


@dataclass(frozen=True)
class ArgumentSentence:
    """One sentence of an argument, with who wrote it and where, so a reader can check it."""

    file: str
    sender: str | None
    category: str  # an ActorCategory value
    page: int | None
    text: str
    start: int = 0  # character offsets into the response's body text, as in Evidence
    end: int = 0
    campaign_id: str | None = None


@dataclass(frozen=True)
class Argument:
    """A reason that recurs among the responses on one side of one topic.

    ``n_respondents`` counts voices: a campaign (near-identical letters) is one voice, its size
    in ``campaigns``; ``n_responses`` counts every letter. ``other`` marks the rest of a side:
    sentences that no recurring argument took.
    """

    argument_id: str
    topic_id: str
    side: TopicStance
    label: str
    terms: tuple[str, ...] = ()
    n_respondents: int = 0
    n_responses: int = 0
    categories: tuple[tuple[str, int], ...] = ()  # (ActorCategory value, voices), most first
    campaigns: tuple[tuple[str, int], ...] = ()  # (campaign id, its letters in all)
    quotes: tuple[ArgumentSentence, ...] = ()
    sentences: tuple[ArgumentSentence, ...] = ()
    other: bool = False


@dataclass(frozen=True)
class CampPosition:
    """What a camp's members hold on one topic: the most common stance and how many hold it."""

    topic_id: str
    stance: str  # a TopicStance value
    count: int
    addressed: int  # members who took any stance on the topic


@dataclass(frozen=True)
class Camp:
    """Respondents whose stances across the topics agree: a group that stands together."""

    camp_id: str
    label: str
    files: tuple[str, ...]
    categories: tuple[tuple[str, int], ...] = ()  # (ActorCategory value, members), most first
    positions: tuple[CampPosition, ...] = ()
