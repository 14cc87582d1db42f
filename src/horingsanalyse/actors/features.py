"""What the ranker knows of a candidate: numbers for where its mentions stand and what they do.

Each candidate sender of a letter becomes one row of :data:`FEATURES`; the ranker weighs them.
The features describe how Norwegian letters state their sender (letterhead, title, subject of
the opening sentence, signature, own domain), and what speaks against a name (the addressee, a
body cited or endorsed, a national body beside its local branch, a sentence or a heading).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..letterparts import CLOSING
from .candidates import KINDS, HEAD_CHARS, Candidate, domain_matches, has_orgnr_near, sentence_words, web_domains
from .names import BODY_ORGANS, CONNECTORS, COUNTY_ORGANS, LEGAL_FORMS, TITLE, is_common_word, is_org_head, looks_like_person

FEATURES = (
    *(f"n_{kind}" for kind in KINDS),
    "n_mentions", "n_uncited", "cited_share", "addressee_share", "first_position", "in_head", "in_tail",
    "known", "known_local_body", "branch", "has_branch_in_letter", "org_form", "legal_form", "person",
    "person_in_singular_letter", "single_common_word", "sentence_words", "n_words", "all_caps", "domain_match",
    "orgnr_near", "acronym_defined", "self_named_private", "first_subject", "early_share", "first_rank",
    "single_word_no_head", "abbreviation_only", "in_cover_letter", "report_document", "person_with_title",
)
MAX_COUNTED = 5  # mentions of one kind; more say no more about who wrote the letter
_SINGULAR = re.compile(r"\b(?:jeg|Jeg|eg|Eg|meg|mitt|mine|my)\b|\bI\s+(?:am|have|think|believe|would)\b")
_PLURAL = re.compile(r"\b(?:vi|me|oss|vår|vårt|våre|we|our)\b", re.IGNORECASE)
_REPORT = re.compile(r"\bISBN\b|\bISSN\b|\brapport\s+nr\.?\s*\d|\b(?:preliminary|final|technical)\s+report\b|"
                     r"\b(?:faglig\s+)?sluttrapport\b|\bworking\s+paper\b|\barbeidsnotat\s+nr", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"[\s,|–-]{0,6}(?:" + TITLE.pattern + r")", re.IGNORECASE)
_ATTACHED = re.compile(r"\bvedlagt(?:e)?\b|\bvedlegg\b|\battached\b", re.IGNORECASE)
_PRIVATE = re.compile(r"\b(?:privatperson|privat\s+person|som\s+privatperson|anonym|innbygger|innbyggar|"
                      r"som\s+(?:fag)?person|på\s+egne\s+vegne|på\s+eigne\s+vegner?|i\s+eget\s+navn|private\s+citizen)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class LetterContext:
    """Facts about the whole letter that the features of every candidate use."""

    text: str
    domains: frozenset[str]
    singular: bool  # written in the first person singular («jeg mener»)
    private: bool  # says the writer writes for themselves («som privatperson», «anonym»)
    first_subject: int = -1  # where the first name that is the subject of a statement stands
    cover_end: int = 0  # where a cover letter ends that has another letter or minutes attached (else 0)
    report: bool = False  # a report or study (ISBN, «Rapport nr.»), not a letter
    nouns: frozenset[int] = frozenset()  # where the words start that the tagger reads as common nouns

    @classmethod
    def of(cls, text: str, mentions: Sequence = (), nouns: Iterable[int] = ()) -> LetterContext:
        singular_words = len(_SINGULAR.findall(text))
        singular = singular_words >= 1 and singular_words > len(_PLURAL.findall(text))
        subjects = [m.start for m in mentions if m.kind == "subject"]
        return cls(text, frozenset(web_domains(text)), singular, bool(_PRIVATE.search(text)),
                   min(subjects) if subjects else -1, cover_letter_end(text), bool(_REPORT.search(text[:3000])),
                   frozenset(nouns))


def cover_letter_end(text: str) -> int:
    """Where a cover letter ends whose attachment follows (another body's letter, minutes): the
    end of its signature, or of its first paragraph when it says «vedlagt»; 0 for a letter
    without one. The sender of such a response is the cover letter's."""
    if len(text) < 2000:
        return 0
    closings = [m.end() for m in CLOSING.finditer(text)]
    if closings and closings[0] < 0.4 * len(text):
        return min(len(text), closings[0] + 250)
    attached = _ATTACHED.search(text, 0, 1500)
    if attached:
        paragraph = text.find("\n\n", attached.end(), 1500)
        if paragraph > 0:
            return paragraph
    return 0



def display_form(candidate: Candidate) -> str:
    """The form of its name the candidate is named by most often (the longest of those)."""
    names = candidate.names
    return max(names, key=lambda n: (names.count(n), len(n)))


def is_common_noun(candidate: Candidate, context: LetterContext) -> bool:
    """One ordinary word that is no known body, no abbreviation and no organisation's name
    («Området», «Man»), one the letter itself also writes in lower case («Fraflytting er
    … ; … hindre fraflytting»), or one the tagger reads as a common noun wherever it stands
    («Fraflytting er et problem i distriktene»): the subject of a sentence, never who sent the
    letter."""
    display = display_form(candidate)
    if candidate.entry is not None or candidate.acronyms or " " in display or display.isupper() or \
            is_org_head(display):
        return False
    if is_common_word(display) or all(m.start in context.nouns for m in candidate.mentions):
        return True
    lowered = display.lower()  # in running text, not in an address («post@dnmf.no»)
    return lowered != display and \
        re.search(rf"(?<![\w@./-]){re.escape(lowered)}(?![\w@/-]|\.\w)", context.text) is not None


def is_report_committee(candidate: Candidate) -> bool:
    """A committee named in one word («Havbruksskatteutvalget», «Skatteutvalet»): the one whose
    report (an NOU) the hearing is on, which letters discuss and which does not answer its own
    hearing. An organ («Fylkesutvalget», «Arbeidsutvalget») speaks for its body and is none."""
    display = display_form(candidate)
    lowered = display.casefold()
    return candidate.entry is None and " " not in display and lowered not in (*COUNTY_ORGANS, *BODY_ORGANS) and \
        lowered.endswith(("utvalget", "utvalet", "utvalgets", "utvalets")) and len(lowered) > len("utvalget")


def candidate_features(candidate: Candidate, context: LetterContext, others: Sequence[Candidate]) -> np.ndarray:
    """The feature row of one candidate (in the order of :data:`FEATURES`).

    In a response that is a cover letter with an attachment, only the cover letter's
    mentions count (and the share of them in the attachment is a feature of its own).
    """
    mentions = candidate.mentions
    attachment = [m for m in mentions if context.cover_end and m.start >= context.cover_end]
    if attachment and len(attachment) < len(mentions):
        mentions = [m for m in mentions if m not in attachment]
    elif attachment:
        mentions = attachment[:1]
    length = max(len(context.text), 1)
    counts = {kind: 0 for kind in KINDS}
    for mention in mentions:
        counts[mention.kind] += 1
    names = candidate.names
    display = display_form(candidate)
    words = display.split()
    first = min(m.start for m in mentions)
    cited = sum(m.cited for m in mentions)
    uncited = len(mentions) - cited
    person = looks_like_person(display)
    branch = candidate.branch_of is not None
    known = candidate.entry is not None
    has_branch = known and any(o is not candidate and o.branch_of is not None and o.branch_of == candidate.entry
                               for o in others)
    values = {
        **{f"n_{kind}": _counted(count) for kind, count in counts.items()},
        "n_mentions": _counted(len(mentions)),
        "n_uncited": _counted(uncited),
        "cited_share": cited / len(mentions),
        "addressee_share": sum(m.addressee for m in mentions) / len(mentions),
        "first_position": first / length,
        "in_head": float(first < HEAD_CHARS),
        "in_tail": float(max(m.start for m in mentions) > length - 600),
        "known": float(known),
        "known_local_body": float(known and candidate.entry.category.value in ("kommune", "fylkeskommune")),
        "branch": float(branch),
        "has_branch_in_letter": float(has_branch),
        "org_form": float(any(is_org_head(w) for w in words) or known),
        "legal_form": float(any(w in LEGAL_FORMS for w in words)),
        "person": float(person),
        "person_in_singular_letter": float(person and (context.singular or context.private)),
        "single_common_word": float(len(words) == 1 and not known and is_common_word(words[0])),
        "sentence_words": 0.0 if known else min(sentence_words(display), 5) / 5,
        "n_words": min(len(words), 10) / 10,
        "all_caps": float(display.isupper() and len(display) > 3),
        "domain_match": float(domain_matches(names, candidate.acronyms, set(context.domains))),
        "orgnr_near": float(any(has_orgnr_near(context.text, m) for m in mentions[:5])),
        "acronym_defined": float(bool(candidate.acronyms)),
        "self_named_private": float(person and context.private),
        "first_subject": float(any(m.kind == "subject" and m.start == context.first_subject for m in mentions)),
        "early_share": sum(m.start < 1500 for m in mentions) / len(mentions),
        "first_rank": min(_rank(first, others), 5) / 5,
        "single_word_no_head": float(len(words) == 1 and not known and not display.isupper()
                                     and not is_org_head(display)),
        "abbreviation_only": float(all(_abbreviations_only(m.text) for m in mentions)),
        "in_cover_letter": float(bool(context.cover_end) and not attachment) - float(len(attachment) == len(candidate.mentions)),
        "report_document": float(context.report),
        "person_with_title": float(person and not context.private and signs_with_title(context.text, mentions)),
    }
    return np.array([values[name] for name in FEATURES], dtype=float)


def _counted(count: int) -> float:
    """A count of mentions as the ranker sees it: logarithmic, and no higher past
    :data:`MAX_COUNTED`, so that a forty-page letter naming its writer on every page is not
    read as unlike every letter the ranker was trained on."""
    return math.log1p(min(count, MAX_COUNTED))


def signs_with_title(text: str, mentions: Sequence) -> bool:
    """A name with a title after it («Rune Heradstveit | Dagleg leiar | Nordhordland
    Utviklingsselskap IKS»): a person signing for a body, not a private person."""
    return any(_TITLE_AFTER.match(text, m.end) for m in mentions)


def _abbreviations_only(name: str) -> bool:
    """A name of abbreviations alone («KS», «ØNF og BNF»): a body the letter has named in full
    elsewhere, or two bodies' short names run together, not the name to show."""
    words = name.split()
    return bool(words) and all(w.lower() in CONNECTORS or len(w) <= 5 and w.isupper() for w in words) and \
        any(w.lower() not in CONNECTORS for w in words)


def _rank(first: int, others: Sequence[Candidate]) -> int:
    """How many other candidates the letter names before this one."""
    return sum(1 for o in others if o.mentions and min(m.start for m in o.mentions) < first)


def feature_matrix(candidates: Sequence[Candidate], context: LetterContext) -> np.ndarray:
    """One row per candidate of a letter."""
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    return np.vstack([candidate_features(c, context, candidates) for c in candidates])
