"""Who a letter could be from: every name it gives, where it stands and what it does there.

A Norwegian letter names its sender in several places, and other bodies in others. This
module finds the *mentions* of names (the portal heading, a title «Høringsuttalelse fra X»,
the letterhead, «X viser til …», an organ «Formannskapet i X», the signature block, e-mail
domains, the pipeline's ORG entities, the gazetteer), notes for each what speaks for or against
it being the sender (it is the addressee; it is cited or endorsed; it is a national body where a
local branch writes), and groups mentions of one body into a :class:`Candidate`. Ranking the
candidates is :mod:`.ranker`'s job; nothing here decides.

It works on the plain text, so it behaves the same on a blank pipeline, on PDF text whose
letterhead, address and first paragraph run together on one line, and on web-form text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from ..gazetteer import GazetteerEntry, normalise_name
from ..letterparts import CLOSING
from .names import (
    BODY_ORGANS,
    CONNECTORS,
    COUNTY_ORGANS,
    LEGAL_FORMS,
    MUNICIPAL_ORGANS,
    TITLE,
    fold,
    fold_variants,
    is_capitalised,
    is_common_word,
    is_field_word,
    is_org_head,
    looks_like_person,
    readable_case,
    strip_possessive,
)

HEAD_CHARS = 300  # the letterhead and opening of a letter
TAIL_CHARS = 600  # where a letter without a closing formula is signed
SIGNATURE_CHARS = 260  # how far after a closing formula the signature block reaches
TITLE_CHARS = 700  # where a title «Høringssvar fra X» stands
MAX_NAME_WORDS = 12
MIN_FUZZY_CHARS = 12  # shorter names are too alike to compare letter by letter
# «Finansdepariementet» is 0.95 like «finansdepartementet»; the one other body near a ministry is DSS, at 0.39
MINISTRY_LIKENESS = 0.9
GLUED_SPACE_SHARE = 12  # fewer spaces than one per this many characters: a text that lost its spaces

# Mention kinds, in the order the features list them.
KINDS = ("portal", "title", "possessive", "subject", "describes", "letterhead", "signature", "signature_for",
         "signature_title", "organ", "entity", "gazetteer", "domain", "form", "from_label", "person_entity")

_WORD = re.compile(r"[^\W_][\w'’\-]*(?:\.(?=\s*[A-ZÆØÅ]\w)(?<=\b[A-ZÆØÅ]\.))?|&|–", re.UNICODE)
# Capitalised words that start a sentence without starting a name.
_NOT_A_START = frozenset(w.casefold() for w in (
    "Vi", "Me", "Eg", "Jeg", "Du", "De", "Dei", "Det", "Dette", "Den", "Denne", "Disse", "Desse", "Der", "Her",
    "Som", "Og", "I", "For", "Med", "Til", "Fra", "Frå", "Etter", "Ved", "Om", "På", "Av", "En", "Ein", "Et", "Eit",
    "Vår", "Våre", "Vårt", "Vår", "Dersom", "Når", "Hvis", "Viss", "Men", "Også", "Samtidig", "Slik", "Så",
    "Derfor", "Difor", "Dessuten", "Dermed", "Under", "Over", "Mot", "Uten", "Utan", "Hvor", "Kor", "Hva", "Kva",
    "Hvordan", "Korleis", "Alle", "Mange", "Flere", "Fleire", "Noen", "Nokre", "Ingen", "Inga", "Selv", "Sjølv",
    "Kommunen", "Kommunene", "Kommunane", "Selskapet", "Foreningen", "Forbundet", "Organisasjonen", "Styret",
    "Utvalget", "Utvalet", "Regjeringen", "Regjeringa", "Departementet", "Stortinget", "Staten", "Flertallet",
    "Fleirtalet", "Mindretallet", "Mindretalet", "Forslaget", "Framlegget", "Næringen", "Næringa", "Norge", "Noreg",
    "Ja", "Nei", "Side", "Sak", "Saka", "Saken", "Punkt", "Kapittel", "Kap", "Tabell", "Figur", "Kilde", "Kjelde",
    "NOU", "Prop", "Meld", "St", "Innst", "Lov", "Forskrift", "Følgende", "Følgjande", "Innledende",
    "Innleiande", "Generelle", "Generelt", "Oppsummerende", "Oppsummert", "Avsluttende", "Avsluttande",
    "Avslutningsvis", "Innledningsvis", "Konkret", "Konkrete", "Spesielt", "Særlig", "Særleg", "Viktige", "Andre",
    "Nye", "Ny", "Samlet", "Samla", "Hele", "Heile", "Kort", "Videre", "Vidare", "Likevel", "Derimot", "Altså",
    "Kilde", "Vedlagt", "Vedlagte", "Januar", "Februar", "Mars", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Desember", "The", "This", "We", "It", "In", "On", "Of",
    "Our", "As", "A", "An", "And", "To", "Dear", "Mr", "Mrs", "Ms", "Dr",
))
# Verbs by which a body states something in a letter, bokmål and nynorsk, present and past.
STATEMENT_VERBS = frozenset((
    "viser", "vise", "avgir", "avgjev", "avgav", "gir", "gjev", "gav", "ga", "mener", "meiner", "mente", "meinte",
    "støtter", "støttar", "støttet", "støtta", "ønsker", "ønskjer", "ønsket", "ønskte", "sender", "send", "sendte",
    "oversender", "oversend", "har", "hadde", "er", "var", "vil", "kan", "skal", "må", "bør", "krever", "krev",
    "ber", "bad", "slutter", "sluttar", "stiller", "konstaterer", "registrerer", "merker", "advarer", "åtvarar",
    "går", "gjeng", "tilrår", "anbefaler", "foreslår", "fremmer", "forventer", "forventar", "finner", "finn",
    "vedtok", "vedtar", "vedtek", "behandlet", "behandla", "handsama", "handsamar", "fattet", "fatta", "gjorde",
    "gjer", "uttaler", "uttalar", "uttalte", "organiserer", "representerer", "ivaretar", "peker", "peikar",
    "understreker", "understrekar", "legger", "legg", "deler", "tiltrer", "ser", "takker", "takkar", "oppfordrer",
    "markerer", "bekrefter", "imøteser", "aksepterer", "etterlyser", "savner", "frykter", "fryktar", "vurderer",
    "kommenterer", "svarer", "svarar", "sier", "seier", "noterer", "påpeker", "påpeikar", "beklager", "forutsetter",
    "føreset", "tar", "tek", "mottok", "jobber", "arbeider", "består", "omfatter", "hevder", "minner", "anser",
    "ynskjer", "sluttet", "slutta", "stilte", "tilslutter", "ivaretek", "opplever", "erfarer", "sitter", "samler",
    "submits", "supports", "welcomes", "notes", "is", "has", "opposes", "agrees", "believes", "considers",
))
_VERB_GAP = re.compile(r"^\s*(?:\([^()]{1,60}\)\s*)?(?:,?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4},?\s*)?"
                       r"(?:(?:i\s+(?:dag|sitt\s+møte|møte)[^,.]{0,40}?)\s+)?$", re.IGNORECASE)
_TITLE_NOUNS = (r"(?:hørings|høyrings)?(?:svar|uttalelse|uttale|uttale|innspill|fråsegn|merknader|kommentarer|"
                r"kommentar|notat|brev|innlegg|tilbakemelding)|høringssvar|høyringssvar|høringsuttale|"
                r"høringsfråsegn|høyringsfråsegn|comments|response|submission|consultation\s+response")
_TITLE_FROM = re.compile(
    r"(?<![\w])(?:" + _TITLE_NOUNS + r")\b(?:\s+(?:til|om|på|vedrørende|vedr\.?|angående)\b[^.\n]{0,90}?)?"
    r"\s+(?:fra|frå|from)\s+", re.IGNORECASE)
_FROM_PHRASES = re.compile(
    r"(?:innsendt|sendt|levert|utarbeidet|utarbeida|skrevet|skrive)\s+(?:inn\s+)?av\s+|(?:på|på)\s+vegne\s+av\s+|"
    r"\bon\s+behalf\s+of\s+|\bsubmitted\s+by\s+|\bprepared\s+for\s+", re.IGNORECASE)
_FROM_LABEL = re.compile(r"(?im)(?:^|\s)(?:fra|frå|avsender|avsendar|from|innsender|navn|namn|name)\s*:\s*")
_POSSESSIVE_TITLE = re.compile(r"^[ \t]+(?:" + _TITLE_NOUNS + r")\b", re.IGNORECASE)  # after «Finans Norges»
_POSSESSIVE_WORD = re.compile(r"^[ \t]+(?:sitt|sin|si|sine)[ \t]+(?:" + _TITLE_NOUNS + r")\b", re.IGNORECASE)
_DASH_TITLE = re.compile(r"^[ \t]*[-–—:][ \t]*(?:" + _TITLE_NOUNS + r")\b", re.IGNORECASE)
_TITLE_DASH = re.compile(r"(?:" + _TITLE_NOUNS + r")\b[^.\n]{0,80}?\s[-–—]\s*$", re.IGNORECASE)
_SIGNED_FOR = re.compile(r"(?:^|\s)(?:for|på\s+vegne\s+av|pva\.?|on\s+behalf\s+of)\s*$",
                         re.IGNORECASE)
_TITLE_LINK = re.compile(r"(?:\s*(?:i|for|ved|,|–|-|hos|of|at)\s*|\s+)$", re.IGNORECASE)
# What makes a mention one of another body's statement, not the sender's own.
_CITING_BEFORE = re.compile(
    r"(?:viser\s+(?:også\s+|for\s+øvrig\s+|elles\s+|dessuten\s+|videre\s+)?til|støtter|støttar|støtte\s+til|"
    r"slutter\s+(?:seg|oss)\s+til|sluttar\s+(?:seg|oss)\s+til|stiller\s+(?:seg|oss)\s+bak|tilslutning\s+til|"
    r"i\s+tråd\s+med|enig\s+med|einig\s+med|samd\s+med|omforent\s+med|sammen\s+med|saman\s+med|"
    r"representanter?\s+(?:for|fra|frå)|medlem(?:mer)?\s+(?:av|i)|oppdrag\s+(?:fra|frå|for)|"
    r"(?:uttalelse|uttale|høringssvar|høyringssvar|høringsuttalelse|høyringsuttale|innspill|fråsegn|brev|"
    r"vedtak|innstilling|rapport|notat|forslag|høringsbrev|høyringsbrev|utredning|modell|prinsipperklæring)"
    r"(?:en|et|ene|a|ar|ane|ane|ene)\s+(?:fra|frå|av|til)|"
    r"(?:til|bak|vedlagt|vedlagte|avgitte|avgitt|støtter|støttar)\s+(?:\w+\s+){0,2}(?:hørings|høyrings)?"
    r"(?:svar|uttalelse|uttale|innspill|fråsegn|vedtak)\w*\s+(?:fra|frå)|"
    r"vedlagte|vedlagt|kopi\s*(?:til)?\s*:?|cc\s*:?|jf\.?|jfr\.?|ifølge|i\s+følge|etter\s+(?:initiativ|forslag)\s+(?:fra|frå)|"
    r"sammen\s+med|samt)\s*$", re.IGNORECASE)
_CITING_AFTER = re.compile(
    r"^(?:s|'s|’s|'|’)?\s*\)?\s*(?:sitt|sin|si|sine|sitt\s+felles)?\s*(?:hørings|høyrings)?(?:svar|uttalelse|uttale|innspill|"
    r"fråsegn|vedtak|innstilling|forslag|rapport|modell|prinsipp)(?:en|et|ene|a|ar|ane)?\b", re.IGNORECASE)
_ADDRESSEE_AFTER = re.compile(r"^[\s,]*(?:v/[^,\n]{0,40},?\s*)?(?:ved\s+[^,\n]{0,40}\s+)?(?:postboks|pb\.?|p\.?o\.?\s*box)"
                              r"\s*\d+\s*(?:dep\b|[^\n]{0,30}\bdep\b)|^[\s,]*(?:postboks\s*\d+\s*)?dep\b|"
                              r"^[^\n]{0,30}\b0030\s+oslo", re.IGNORECASE)
_ADDRESSEE_BEFORE = re.compile(r"(?:^|\s)(?:til|att\.?|attn\.?|mottaker|mottakar|to)\s*:?\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)", re.UNICODE)
_WEB = re.compile(r"\b(?:https?://)?(?:www\.)([\w\-]+(?:\.[\w\-]+)+)|\b([\w\-]+(?:\.[\w\-]+)*\.(?:no|com|org|net|eu))\b",
                  re.IGNORECASE)
_ORGNR = re.compile(r"(?i)\b(?:org(?:anisasjons)?\.?\s*(?:nr|nummer)\.?|foretaksnr\.?|enterprise(?:\s+no)?)\s*[.:]?\s*"
                    r"(?:NO\s*)?\d{3}\s?\d{3}\s?\d{3}")
_PAREN_ABBREVIATION = re.compile(r"^\s*\(\s*([A-ZÆØÅ][A-Za-zÆØÅæøå\-]{1,9})\s*\)")
_SELF_DESCRIPTION = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?:er|var)\s+(?:ein|eit|ei|en|et|Norges|landets|"
                               r"den|det|an|a)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_STOP_INSIDE = re.compile(r"[.!?;:\n\t|•·()\[\]«»\"“”<>@/]|\s[-–—]\s|,")
_JOINT = frozenset({"og", "and", "&"})
# A word run together with a number in PDF text that lost its spaces («Postboks8008Dep»,
# «0030Oslo»): an address, never part of the name before it.
_GLUED_NUMBER = re.compile(r"[^\W\d_]{3,}\d{3,}|\d{3,}[^\W\d_]{3,}")
# Statement verbs as they start the rest of a run of glued words (folded: «støtter» → «stotter»).
_GLUED_VERBS = ("er", "mener", "meiner", "viser", "stotter", "har", "vil", "onsker")
_OWN_KOMMUNE = re.compile(r"\b([A-ZÆØÅ][\w\-]+(?:[ \-][A-ZÆØÅ][\w\-]+)?)[ \t]+(?i:kommune|herad|fylkeskommune)\b")
_ORGANS = frozenset(MUNICIPAL_ORGANS + COUNTY_ORGANS)
# What a portal lists for a response whose writer gave no name.
# Abbreviations of ordinary words that start a line or a name («Inst. for …», «Avd. Nord»).
_WORD_ABBREVIATIONS = frozenset({"inst", "avd", "dep", "dept", "adm", "ref", "tlf", "vedr", "ang", "att", "sekr"})
_NOT_NAMES = frozenset({"anonym", "anonymous", "privatperson", "ukjent", "ikke oppgitt", "ikkje oppgitt", "anonymt"})
# Heads that lower-case words inside a name lead to («Det norske maskinistforbund»).
_STRONG_HEAD = re.compile(r"(?:kommune|kommuner|kommunar|herad|fylkeskommune|råd|lag|forbund|forening|foreininga|"
                          r"selskap|institutt|universitet|høgskole|høgskule|nettverk|forum|allianse|organisasjon|"
                          r"direktorat|tilsyn|sentralbyrå|samvirke|stiftelse|stiftinga)$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    "ikke ikkje at som det den de dei er var har en et ei ein eit med til av på om fra frå i og for men også òg seg "
    "sin sitt si sine vil kan skal må bør alle ved etter under mot over hos samt eller enn så da når kun bare berre "
    "ny nye dette denne disse desse være vere bli blir vert vi me oss våre vår vårt deres dykkar hans hennar hennes "
    "inn ut opp ned her der hvor kor hva kva".split())


@dataclass(frozen=True)
class Mention:
    """One place a letter names a body or person: the words, where, and how it stands there."""

    text: str  # as written
    start: int
    end: int
    kind: str  # one of KINDS
    name: str  # the name it stands for (an organ's body; possessive and case marks removed)
    entry: GazetteerEntry | None = None
    cited: bool = False
    addressee: bool = False


@dataclass
class Candidate:
    """One body (or person) the letter names, with every mention of it."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    entry: GazetteerEntry | None = None
    branch_of: GazetteerEntry | None = None  # «Aure Høyre» is a branch of Høyre
    acronyms: set[str] = field(default_factory=set)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.mentions]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


class NameFinder:
    """Finds the names of bodies and persons in a letter, given what the gazetteer knows.

    Args:
        lookup: normalised name → gazetteer entry (every name and alias).
        places: normalised place name → the kommune or fylkeskommune named after it
            («bodø» → Bodø kommune), for organs and for bare place names used as subjects.
        counties: normalised county name → its fylkeskommune («nordland» → Nordland fylkeskommune).
        addressee: the hearing's ministry, which letters name as their addressee.
    """

    def __init__(self, lookup: dict[str, GazetteerEntry], places: dict[str, GazetteerEntry],
                 counties: dict[str, GazetteerEntry], addressee: str | None = None):
        self.lookup = lookup
        self.places = places
        self.counties = counties
        self.addressee = normalise_name(addressee) if addressee else None
        self._ministries = sorted({norm for norm, entry in lookup.items() if entry.category.value == "departement"}
                                  | ({self.addressee} if self.addressee else set()))
        self._domains = _kommune_domains(places)
        self._glued_names: dict[str, GazetteerEntry] | None = None

    # -- name spans ---------------------------------------------------------------------------
    def name_spans(self, text: str, toks: Sequence[Token] | None = None) -> list[tuple[int, int]]:
        """Maximal name-like stretches of the text, as (start token, end token) pairs."""
        toks = list(toks if toks is not None else tokens(text))
        spans, index = [], 0
        while index < len(toks):
            end = self._extend(text, toks, index)
            if end > index:
                spans.append((index, end))
                index = end
            else:
                index += 1
        return spans

    def _can_start(self, text: str, toks: Sequence[Token], index: int) -> bool:
        word = toks[index].text
        if not is_capitalised(word) or is_field_word(word) or word.isdigit() or _GLUED_NUMBER.search(word):
            return False
        if word.casefold() in _NOT_A_START:
            # «Det norske maskinistforbund», «Den norske kirke»
            nxt = toks[index + 1].text if index + 1 < len(toks) else ""
            return word.casefold() in ("det", "den") and nxt.casefold() in ("norske", "norsk")
        return True

    def _extend(self, text: str, toks: Sequence[Token], index: int) -> int:
        """The end (exclusive) of the name starting at ``index``, or ``index`` if none starts there."""
        if not self._can_start(text, toks, index):
            return index
        end = index + 1
        while end < len(toks) and end - index < MAX_NAME_WORDS:
            gap = text[toks[end - 1].end:toks[end].start]
            if _STOP_INSIDE.search(gap) or gap.count(" ") > 3 and "\n" not in gap:
                break
            word = toks[end].text
            if word.lower() in CONNECTORS or word.endswith("-") and not is_capitalised(word) or \
                    word in ("of", "the", "and") and is_capitalised(toks[end - 1].text):
                # a connector belongs to the name only if the name goes on after it
                look = self._continues_after(text, toks, end)
                if look is None:
                    break
                end = look
                continue
            if re.fullmatch(r"(?:19|20)\d\d", word) and is_capitalised(toks[end - 1].text) and \
                    not re.match(r"\s*[:./-]", text[toks[end].end:toks[end].end + 2]) and \
                    text[toks[end - 1].end:toks[end].start] == " ":
                end += 1  # «Blå Horisont 2030», «Agenda 2030»
                break
            if word.endswith("-") and is_capitalised(word):  # «Fiskeri- og havbruksnæringens …»
                end += 1
                continue
            if is_field_word(word) or _GLUED_NUMBER.search(word):
                break
            if toks[end - 1].text in LEGAL_FORMS and end - 1 > index:
                break  # «Emilsen Fisk AS Roy Emilsen»: a legal form ends the name
            if word in LEGAL_FORMS:
                end += 1
                continue
            if is_capitalised(word) and not word.isdigit():
                if word.casefold() in _NOT_A_START and word.casefold() not in ("norge", "noreg"):
                    break
                if _case_changes(toks[end - 1].text, word):
                    break  # «0030 Oslo SJØMATBEDRIFTENE»: a letterhead's lines run together
                end += 1
                continue
            if is_org_head(word):
                end += 1
                continue
            lower_run = self._lower_run_to_head(text, toks, end)
            if lower_run is None:
                break
            end = lower_run
        while end > index + 1 and (toks[end - 1].text.lower() in CONNECTORS or toks[end - 1].text in "&–"):
            end -= 1
        return end

    def _continues_after(self, text: str, toks: Sequence[Token], index: int) -> int | None:
        """After a connector at ``index``: the index past the next name word, if the name goes on."""
        nxt = index + 1
        if nxt >= len(toks) or _STOP_INSIDE.search(text[toks[index].end:toks[nxt].start]):
            return None
        word = toks[nxt].text
        if toks[index].text == "of" and word == "the" and nxt + 1 < len(toks) and is_capitalised(toks[nxt + 1].text):
            return nxt + 2  # «Friends of the Earth»
        if toks[index].text.lower() == "og" and word.lower() in ("omegn", "omland", "omeign"):
            return nxt + 1  # «LO i Bergen og omland»
        if is_field_word(word) or word.isdigit():
            return None
        if is_capitalised(word) and word.casefold() not in _NOT_A_START:
            return nxt + 1
        if word.casefold() in ("norge", "noreg"):
            return nxt + 1
        if is_org_head(word):
            return nxt + 1
        return self._lower_run_to_head(text, toks, nxt)

    def _lower_run_to_head(self, text: str, toks: Sequence[Token], index: int) -> int | None:
        """Lower-case words inside a name reach an organisation head within three words:
        «Det norske maskinistforbund», «Interkommunalt politisk råd», «fjord- og kystkommuner»."""
        for offset in range(3):
            position = index + offset
            if position >= len(toks) or (offset and _STOP_INSIDE.search(text[toks[position - 1].end:toks[position].start])):
                return None
            word = toks[position].text
            if word in LEGAL_FORMS or _STRONG_HEAD.search(word):
                return position + 1
            lowered = word.casefold()
            if is_capitalised(word) or word.isdigit() or is_field_word(word) or lowered in _FUNCTION_WORDS or \
                    lowered in STATEMENT_VERBS:
                return None
        return None

    # -- mentions -----------------------------------------------------------------------------
    def mentions(self, text: str, *, entities: Iterable[tuple[int, int, str]] = (),
                 gazetteer_hits: Iterable[tuple[int, int, GazetteerEntry]] = ()) -> list[Mention]:
        """Every mention of a name in the letter that could be its sender, with its kind."""
        toks = tokens(text)
        spans = self.name_spans(text, toks)
        found: list[Mention] = []
        closings = [m.end() for m in CLOSING.finditer(text)]
        head_end = min(len(text), HEAD_CHARS)
        tail_start = max(0, len(text) - TAIL_CHARS)
        signature_zones = [(c, min(len(text), c + SIGNATURE_CHARS)) for c in closings]
        if not closings or closings[-1] < len(text) - 3 * TAIL_CHARS:
            # signed without a closing formula: the last lines («… presisert. Gisle J. Natvik Inst. for …»)
            signature_zones.append((max(0, len(text) - SIGNATURE_CHARS), len(text)))
        for first, last in spans:
            for start, end in self._split_person(text, toks[first].start, toks[last - 1].end):
                start, end = self._known_span(text, start, end)
                surface = text[start:end]
                kinds = self._kinds_of(text, start, end, surface, len(surface.split()), head_end, signature_zones)
                for kind in kinds:
                    found.extend(self._make(text, surface, start, end, kind))
        found.extend(self._titled(text))
        found.extend(self._organs(text))
        found.extend(self._domains_of(text))
        for start, end, label in entities:
            surface = text[start:end].strip()
            if len(surface) >= 2:
                kind = "person_entity" if label in ("PER", "PERSON") else "entity"
                found.extend(self._make(text, surface, start, start + len(surface), kind))
        found.extend(self._glued(text, toks, head_end))
        for start, end, entry in gazetteer_hits:
            found.append(self._mention(text, text[start:end], start, end, "gazetteer", entry.name, entry))
            if _is_subject(text, end):  # «Statens vegvesen har ingen merknader»: lower case inside
                found.append(self._mention(text, text[start:end], start, end, "subject", entry.name, entry))
        # a name on its own line near the end of a letter without a closing formula (a web form)
        if not closings:
            for first, last in spans:
                start, end = toks[first].start, toks[last - 1].end
                if tail_start <= start < len(text) - SIGNATURE_CHARS and _own_line(text, start, end):
                    found.extend(self._make(text, text[start:end], start, end, "signature"))
        return found

    def _glued(self, text: str, toks: Sequence[Token], head_end: int) -> list[Mention]:
        """Bodies glued to the next words in PDF text that lost its spaces
        («Skattebetalerforeningenertilhengerav…»): a known name at the start of a long run of
        letters is a mention, the subject of a statement when a statement verb follows; an
        unknown one is the subject when its form ends in an organisation head («-foreningen»)
        right before a statement verb."""
        if len(text) < 200 or text.count(" ") > len(text) / GLUED_SPACE_SHARE:
            return []
        if self._glued_names is None:
            self._glued_names = {fold(k).replace(" ", ""): e for k, e in self.lookup.items()
                                 if len(fold(k).replace(" ", "")) >= 6}
        found = []
        for token in toks:
            if len(token.text) < 20 or not is_capitalised(token.text):
                continue
            folded = fold(token.text)
            for size in range(min(len(folded), 60), 5, -1):
                entry = self._glued_names.get(folded[:size])
                if entry is None:
                    continue
                length = next(i for i in range(1, len(token.text) + 1) if len(fold(token.text[:i])) >= size)
                start, end = token.start, token.start + length
                rest = folded[size:]
                kind = ("subject" if rest.startswith(_GLUED_VERBS) else "letterhead" if start < head_end else "gazetteer")
                found.append(self._mention(text, text[start:end], start, end, kind, entry.name, entry))
                break
            else:
                name = _glued_subject(token.text)
                if name is not None:
                    found.append(self._mention(text, name, token.start, token.start + len(name), "subject", name))
        return found

    def _split_person(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A person's name run together with a body's name in a signature: «Gisle J. Natvik Inst.
        for …», «Næringsalliansen for Trøndelag Berit Rian» are two names each."""
        surface = text[start:end]
        words = list(re.finditer(r"\S+", surface))
        if len(words) >= 3 and words[-1].group().rstrip(".").casefold() in _WORD_ABBREVIATIONS:
            # «Gisle J. Natvik Inst»: the abbreviation starts the body's name, not the surname
            return [(start, start + words[-2].end()), (start + words[-1].start(), end)]
        if len(words) < 3 or looks_like_person(surface):
            return [(start, end)]
        for size in (4, 3, 2):
            if size >= len(words):
                continue
            head = surface[:words[size - 1].end()]
            rest = surface[words[size].start():]
            if looks_like_person(head) and is_capitalised(rest) and not looks_like_person(rest):
                return [(start, start + words[size - 1].end()), (start + words[size].start(), end)]
            tail = surface[words[-size].start():]
            body = surface[:words[-size - 1].end()]
            if looks_like_person(tail) and any(is_org_head(w.group()) for w in words[:-size]):
                return [(start, start + words[-size - 1].end()), (start + words[-size].start(), end)]
        return [(start, end)]

    def _is_body_name(self, name: str) -> bool:
        """A whole body's name on its own: a known body, or words with an organisation head
        («Regionrådet i Nordhordland», «Nordhordland Næringslag», «Fiskebåt AS»)."""
        words = name.split()
        if not words or words[-1].endswith("-"):
            return False
        norm = normalise_name(name)
        return norm in self.lookup and norm not in self.places or any(is_org_head(w) for w in words)

    def _kinds_of(self, text: str, start: int, end: int, surface: str, n_words: int, head_end: int,
                  signature_zones: Sequence[tuple[int, int]]) -> list[str]:
        kinds = []
        after = text[end:end + 80]
        before = text[max(0, start - 60):start]
        if _is_subject(text, end):
            kinds.append("subject")
            if _SELF_DESCRIPTION.match(after):
                kinds.append("describes")
        genitive = surface.endswith(("s", "'", "’")) and not surface.endswith(("ss", "SS"))
        if genitive and _POSSESSIVE_TITLE.match(after) or _POSSESSIVE_WORD.match(after) or _DASH_TITLE.match(after):
            kinds.append("possessive")
        if start < head_end:
            kinds.append("letterhead")
        for zone_start, zone_end in signature_zones:
            if zone_start <= start < zone_end:
                kinds.append("signature")
                if _SIGNED_FOR.search(text[max(zone_start - 2, start - 30):start]):
                    kinds.append("signature_for")
                elif TITLE.search(text[max(zone_start, start - 40):start]) and \
                        _TITLE_LINK.match(text[start - 4:start] if start >= 4 else "") is not None and \
                        re.search(TITLE.pattern + r"\W{0,3}(?:i|for|ved|hos)?\W{0,3}$", before, re.IGNORECASE):
                    kinds.append("signature_title")
                break
        if not kinds and (n_words >= 2 and is_org_head(surface.split()[-1]) or surface.split()[-1] in LEGAL_FORMS):
            kinds.append("form")
        return kinds

    def _titled(self, text: str) -> list[Mention]:
        """«Høringssvar fra X», «Høyringsuttale til NOU … frå X», «på vegne av X», «Fra: X»."""
        found = []
        portal = re.match(r"\s*Høringssvar\s+fra\s+([^\n]{2,150})", text, re.IGNORECASE)
        if portal:
            name = re.sub(r"\((?:PDF|uten merknader|DOCX?)[^)]*\)", "", portal.group(1), flags=re.IGNORECASE).strip()
            if normalise_name(name) not in _NOT_NAMES:
                found.extend(self._make(text, name, portal.start(1), portal.start(1) + len(name), "portal"))
        signature_start = len(text) - 2 * SIGNATURE_CHARS
        for pattern, kind in ((_TITLE_FROM, "title"), (_FROM_PHRASES, "title"), (_FROM_LABEL, "from_label")):
            for match in pattern.finditer(text):
                if portal and match.start() < portal.end():
                    continue
                if TITLE_CHARS < match.start() < signature_start:
                    continue  # «utarbeidet av HVL» in the body cites a report's author
                end = self._name_after(text, match.end())
                if end is None:
                    continue
                surface = text[match.end():end]
                before = text[max(0, match.start() - 40):match.start()]
                if (_CITING_BEFORE.search(before.rstrip()) or re.search(r"\b(?:til|bak)\s+(?:\w+\s+){0,2}$", before)) \
                        and not re.search(r"(?:^|\n)\s*$", before[-3:]):
                    continue  # «vi viser til høringssvar innsendt av Sjømat Norge» cites another body
                found.extend(self._make(text, surface, match.end(), end, kind))
        return found

    def _name_after(self, text: str, position: int) -> int | None:
        """The end of the name that starts at ``position`` (a title's «fra X»)."""
        toks = tokens(text[position:position + 200])
        if not toks or toks[0].start > 2:
            return None
        offset = self._extend(text[position:position + 200], toks, 0)
        if offset == 0:
            # a name that starts in lower case («fra styret i …») or a person's name after «Fra:»
            return None
        # a title «fra A og B» names joint senders: «Marine Constructions AS og Risnes Marine Craft AS»
        chunk = text[position:position + 200]
        while offset < len(toks) and toks[offset].text.lower() in _JOINT and \
                not _STOP_INSIDE.search(chunk[toks[offset - 1].end:toks[offset].start]):
            nxt = self._extend(chunk, toks, offset + 1)
            if nxt == offset + 1:
                break
            offset = nxt
        return position + toks[offset - 1].end

    def _organs(self, text: str) -> list[Mention]:
        """«Formannskapet i Hammerfest kommune», «Giske formannskap», «Fylkestinget i Nordland»,
        «Fylkesstyret i KS Troms og Finnmark»: the organ speaks for its body."""
        found = []
        organs = "|".join(sorted(MUNICIPAL_ORGANS + COUNTY_ORGANS + BODY_ORGANS, key=len, reverse=True))
        for match in re.finditer(r"\b(" + organs + r")\s+(?:i|for|til)\s+", text, re.IGNORECASE):
            end = self._name_after(text, match.end())
            if end is None:
                continue
            organ = match.group(1).casefold()
            place = text[match.end():end]
            mention = self._organ_mention(text, organ, place, match.start(), end)
            if mention is not None:
                found.append(mention)
            elif organ in BODY_ORGANS:
                found.extend(self._make(text, place, match.end(), end, "organ"))
        suffixes = r"formannskap(?:et)?|kommunestyre(?:t)?|bystyre(?:t)?|heradsstyre(?:t)?|fylkesting(?:et)?|fylkesutval(?:g|et|get)?"
        for match in re.finditer(r"\b([A-ZÆØÅ][\w\-]+(?:\s+(?:og\s+)?[A-ZÆØÅ][\w\-]+){0,2})\s+(" + suffixes + r")\b", text):
            # «Vedtak Tysnes formannskap»: the place is the last words before the organ
            words = list(re.finditer(r"\S+", match.group(1)))
            for word in words:
                start = match.start() + word.start()
                mention = self._organ_mention(text, match.group(2).casefold(), text[start:match.start(2)].strip(),
                                              start, match.end())
                if mention is not None:
                    found.append(mention)
                    break
        return found

    def _organ_mention(self, text: str, organ: str, place: str, start: int, end: int) -> Mention | None:
        """The mention of the body an organ speaks for: a known kommune or county, else the
        kommune the letter itself names («Nærøysund kommune … Nærøysund formannskap viser til»,
        a kommune newer than the gazetteer)."""
        body = self._body_of_organ(organ, place)
        if body is not None:
            return self._mention(text, text[start:end], start, end, "organ", body.name, body)
        own = places_named_in(text).get(normalise_name(strip_possessive(place)))
        if own is not None and own.casefold().endswith("fylkeskommune") == organ.startswith("fylkes"):
            return self._mention(text, text[start:end], start, end, "organ", own)
        return None

    def _organ_in_name(self, name: str) -> GazetteerEntry | None:
        """«Fylkestinget i Nordland», «Formannskapet i Hammerfest kommune», «Giske formannskap»."""
        words = name.split()
        if len(words) >= 3 and words[0].casefold() in _ORGANS and words[1].lower() in ("i", "for"):
            return self._body_of_organ(words[0].casefold(), " ".join(words[2:]))
        if len(words) >= 2 and words[-1].casefold() in _ORGANS:
            return self._body_of_organ(words[-1].casefold(), " ".join(words[:-1]))
        return None

    def _body_of_organ(self, organ: str, place: str) -> GazetteerEntry | None:
        norm = normalise_name(strip_possessive(place))
        if norm in self.lookup and self.lookup[norm].category.value in ("kommune", "fylkeskommune"):
            return self.lookup[norm]
        county = organ.startswith("fylkes")
        table = self.counties if county else self.places
        return table.get(norm)

    def _domains_of(self, text: str) -> list[Mention]:
        """A kommune's own domain in an e-mail or web address: «postmottak@bodo.kommune.no»."""
        found = []
        for match in _EMAIL.finditer(text):
            domain = match.group(1).lower()
            entry = self._domains.get(domain.removesuffix(".no").removesuffix(".kommune"))
            if entry is not None and domain.endswith("kommune.no"):
                found.append(self._mention(text, match.group(), match.start(), match.end(), "domain", entry.name, entry))
        return found

    def _make(self, text: str, surface: str, start: int, end: int, kind: str) -> list[Mention]:
        """The mention of a name span.

        A bare kommune name as a subject stands for its kommune («Steigen gir følgende
        uttalelse»); a known body run together with other words stands for that body
        («Havbruksfondet Bremanger kommune», «NFKK Anna Ljunggren»), unless the other words are
        a place, which makes it a local branch («Aure Høyre», «KS Troms og Finnmark»).
        """
        name = strip_possessive(" ".join(surface.split()))
        name = re.sub(r"^(?:Kommunen(?:e|ei)?\s+i|Kommunane\s+i)\s+", "", name)
        if not name or len(name) < 2:
            return []
        norm = normalise_name(name)
        entry = self.lookup.get(norm)
        if entry is None and kind in ("subject", "organ", "signature_for", "title") and norm in self.places:
            entry = self.places[norm]
        if entry is None:
            entry = self._organ_in_name(name)
        if entry is None:
            part = self._known_part(name, text)
            if part is not None:
                part_start, part_end, entry = part
                offset = surface.find(part_start) if part_start else -1
                if offset >= 0:
                    start, end, surface = start + offset, start + offset + len(part_end), part_end
                name = entry.name
        return [self._mention(text, surface, start, end, kind, entry.name if entry else name, entry)]

    def mention_at_start(self, text: str, surface: str) -> list[Mention]:
        """A letterhead mention of a name that stands outside the body text (extraction's hint)."""
        return [replace(m, start=0, end=0) for m in self._make(text, surface, 0, len(surface), "letterhead")]

    def _known_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span of a known body inside a longer run of name words (see :meth:`_make`)."""
        surface = text[start:end]
        if normalise_name(strip_possessive(surface)) in self.lookup:
            return start, end
        part = self._known_part(" ".join(surface.split()), text)
        if part is None:
            return start, end
        offset = surface.find(part[0])
        return (start + offset, start + offset + len(part[0])) if offset >= 0 else (start, end)

    def _known_part(self, name: str, letter: str) -> tuple[str, str, GazetteerEntry] | None:
        """A known body at the start or end of a longer name, when the rest is not a place."""
        words = name.split()
        for size in range(len(words) - 1, 0, -1):
            for first in (0, len(words) - size):
                part = " ".join(words[first:first + size])
                entry = self.lookup.get(normalise_name(part))
                if entry is None or len(part) < 2 or size == 1 and not part.isupper() and is_common_word(part):
                    continue  # «Cluster» in «Stiim Aqua Cluster» is a word, not a body
                rest = " ".join(words[size:] if first == 0 else words[:first])
                if entry.category.value not in ("kommune", "fylkeskommune") and self.is_place(rest, letter):
                    return None  # a local branch
                return part, part, entry
        return None

    def is_place(self, text: str, letter: str = "") -> bool:
        """A kommune, county or region: what makes «Bergen Høyre» a branch of Høyre. A place
        the letter itself names as a kommune («Kvam herad») is one even if the gazetteer does
        not know it."""
        text = re.sub(r"^(?:i|for|på)\s+", "", text.strip(" ,–-"), flags=re.IGNORECASE)
        text = re.sub(r"\s+og\s+omegn$|\s+og\s+omland$", "", text, flags=re.IGNORECASE)
        norm = normalise_name(text)
        if not norm:
            return False
        if norm in self.places or norm in self.counties or norm in places_named_in(letter):
            return True
        return bool(re.fullmatch(r"(?:nord|sør|vest|øst|midt|indre|ytre)[\s-]?[\wæøå]+|[\wæøå]+(?:regionen|landet|"
                                 r"norge|fylke|distriktet)|[\wæøå]+\s+(?:region|fylke|distrikt)", norm))

    def _mention(self, text: str, surface: str, start: int, end: int, kind: str, name: str,
                 entry: GazetteerEntry | None = None) -> Mention:
        before = text[max(0, start - 70):start]
        after = text[end:end + 60]
        cited = kind not in ("portal", "title", "from_label", "organ") and (
            bool(_CITING_BEFORE.search(before.rstrip(" «»\"'(")) and not re.search(r"(?:^|\n)\s*$", before[-3:]))
            or bool(_CITING_AFTER.match(after)) and start > HEAD_CHARS or _affiliation(before, after)
            or _member_party(before, surface, entry))
        addressee = bool(_ADDRESSEE_AFTER.match(after) or _ADDRESSEE_BEFORE.search(before)) or \
            (self.addressee is not None and normalise_name(name) == self.addressee) or \
            (entry is not None and entry.category.value == "departement") or \
            (entry is None and self._misread_ministry(name))
        return Mention(surface, start, end, kind, name, entry, cited, addressee)

    def _misread_ministry(self, name: str) -> bool:
        """A name that is a departement's as OCR misread it («Finansdepariementet»): the addressee,
        as the departement itself is."""
        norm = normalise_name(name)
        if len(norm) < MIN_FUZZY_CHARS or not ("dep" in norm or "ement" in norm[-9:]):
            return False
        return any(SequenceMatcher(None, norm, ministry).ratio() >= MINISTRY_LIKENESS for ministry in self._ministries)

    # -- grouping ------------------------------------------------------------------------------
    def candidates(self, text: str, mentions: Sequence[Mention]) -> list[Candidate]:
        """Mentions grouped by the body they stand for (known body, else the name without
        legal form and possessive; an abbreviation defined in the letter joins its name)."""
        acronyms = _defined_acronyms(text, mentions)
        same_as = parenthetical_names(text, mentions, self.lookup)
        groups: dict[str, Candidate] = {}
        for mention in mentions:
            if mention.entry is None and name_key(mention.name) in same_as:
                mention = replace(mention, entry=same_as[name_key(mention.name)])
            key = self._key(mention, acronyms)
            if not key or key in _NOT_NAMES or key in _WORD_ABBREVIATIONS:
                continue  # «Høringssvar fra Anonym», «Inst. for samfunnsøkonomi» name no one
            candidate = groups.setdefault(key, Candidate(key))
            candidate.mentions.append(mention)
            if mention.entry is not None and candidate.entry is None:
                candidate.entry = mention.entry
        for abbreviation, key in acronyms.items():
            if key in groups:
                groups[key].acronyms.add(abbreviation)
        self._merge_variants(groups, text)
        self._split_joint_names(groups, text, acronyms)
        _merge_abbreviations(groups)
        for candidate in groups.values():
            if candidate.entry is None:
                candidate.branch_of = self._branch_of(candidate, text)
        return list(groups.values())

    def _split_joint_names(self, groups: dict[str, Candidate], letter: str, acronyms: dict[str, str]) -> None:
        """Two bodies named together that the letter also names one by one are two candidates:
        «Regionrådet i Nordhordland og Nordhordland Næringslag viser til …», signed by the leader
        of each, is a joint letter, and each body gets what the pair does (the subject of the
        statement). A pair never named apart is one sender as the letter names it («Blue Planet
        AS og Stiim Aqua Cluster»), and a name with «og» inside («Troms og Finnmark
        fylkeskommune», «Nettverk fjord- og kystkommuner») is no pair."""
        for key in [k for k in groups if not k.startswith("entry:") and " " in k]:
            kept, parts = [], []
            for mention in groups[key].mentions:
                pair = self._joint_parts(letter, mention)
                if pair is None:
                    kept.append(mention)
                    continue
                for start, end in pair:
                    parts.extend(self._make(letter, letter[start:end], start, end, mention.kind))
            keys = [self._key(part, acronyms) for part in parts]
            if not parts or not all(k in groups and k != key for k in keys):
                continue
            for part, part_key in zip(parts, keys):
                groups[part_key].mentions.append(part)
            if kept:
                groups[key].mentions[:] = kept
            else:
                del groups[key]

    def _joint_parts(self, letter: str, mention: Mention) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The spans of the two bodies a mention names together («A og B», «A & B»), or None."""
        surface = letter[mention.start:mention.end]
        if normalise_name(surface) in self.lookup:  # «NHO Mat og Drikke»
            return None
        for match in re.finditer(r"\s(?:og|&|and)\s", surface):
            left, right = surface[:match.start()], surface[match.end():]
            if self._is_body_name(left) and is_capitalised(right) and self._is_body_name(right):
                return (mention.start, mention.start + match.start()), (mention.start + match.end(), mention.end)
        return None

    def _key(self, mention: Mention, acronyms: dict[str, str]) -> str:
        """An abbreviation the letter defines wins over the gazetteer's reading of it: «NSF»
        is Norges Skogeierforbund in a letter that says «Norges Skogeierforbund (NSF)»."""
        surface = strip_possessive(mention.text.strip())
        if surface in acronyms:
            return acronyms[surface]
        if mention.entry is not None:
            return "entry:" + mention.entry.name
        return name_key(mention.name)

    def _merge_variants(self, groups: dict[str, Candidate], letter: str) -> None:
        """Short and long forms of one unknown name: «Måsøval» in a letter from «Måsøval
        Fiskeoppdrett AS» (the only longer name it starts), and a name with a stray word
        before it («Kommunenei Fosen Regionråd», OCR of «Kommunene i»). A place or a known
        body is never merged: «Høyre» is not «Aure Høyre»."""
        unknown = [k for k in groups if not k.startswith("entry:")]
        for short in sorted(unknown, key=len):
            if short not in groups or self.is_place(short, letter):
                continue
            words = short.split()
            if len(words) == 1:
                longer = [k for k in unknown if k in groups and k != short and k.split()[0] == short]
            else:
                longer = [k for k in unknown if k in groups and k != short and k.endswith(" " + short)
                          and len(k.split()) == len(words) + 1 and not self.is_place(k.split()[0], letter)]
                if len(longer) == 1:  # the stray word goes: the long form joins the short one
                    groups[short].mentions.extend(groups.pop(longer[0]).mentions)
                continue
            if len(longer) == 1:
                groups[longer[0]].mentions.extend(groups.pop(short).mentions)

    def _branch_of(self, candidate: Candidate, letter: str) -> GazetteerEntry | None:
        """The national body a local branch belongs to: «Aure Høyre» → Høyre, «KS Agder» → KS,
        «LO i Bergen og omland» → LO (the rest of the name is a place)."""
        for name in candidate.names:
            words = name.split()
            for size in range(len(words) - 1, 0, -1):
                for first in (0, len(words) - size):
                    part = " ".join(words[first:first + size])
                    entry = self.lookup.get(normalise_name(part))
                    if entry is None or len(part) < 2 or entry.category.value in ("kommune", "fylkeskommune"):
                        continue
                    rest = " ".join(words[size:] if first == 0 else words[:first])
                    if self.is_place(rest, letter):
                        return entry
        return None


@lru_cache(maxsize=4)
def places_named_in(letter: str) -> dict[str, str]:
    """The kommuner and fylkeskommuner a letter names by their form («Kvam herad», «Nærøysund
    kommune», «Vestland fylkeskommune»): the place and the full name, both normalised, → the
    name as the letter writes it. What makes «Kvam Høgre» a local branch and «Nærøysund
    formannskap» an organ of its kommune where the gazetteer does not know the place."""
    found: dict[str, str] = {}
    for match in _OWN_KOMMUNE.finditer(letter):
        words = match.group(1).split()
        while words and (words[0].casefold() in _NOT_A_START or words[0].casefold() in _FUNCTION_WORDS
                         or is_field_word(words[0])):
            words = words[1:]  # «Til Bodø kommune», «Denne kommune»
        if not words:
            continue
        place = " ".join(words)
        name = readable_case(f"{place} {match.group().split()[-1]}")
        found.setdefault(normalise_name(place), name)
        found.setdefault(normalise_name(name), name)
    return found


def _glued_subject(word: str) -> str | None:
    """The name at the start of a run of words that lost their spaces, by its form: a
    capitalised compound ending in an organisation head right before a statement verb
    («Skattebetalerforeningen|er|tilhenger…», «Kystlaget|meiner|at…»); not a common noun
    («Kommunen|er…»)."""
    for end in range(6, len(word) - 2):
        name = word[:end]
        if fold(word[end:]).startswith(_GLUED_VERBS) and is_org_head(name) and not is_common_word(name):
            return name
    return None


def name_key(name: str) -> str:
    """The key under which mentions of one unknown body are grouped: «Alsaker Fjordbruk AS» and
    «Alsaker Fjordbruk» are one body, as are «FINANS NORGES» and «Finans Norge», and
    «Regionrådet i Nordhordland» and «Regionrådet Nordhordland»."""
    norm = normalise_name(strip_possessive(name))
    words = [w for w in norm.split() if w.upper() not in LEGAL_FORMS]
    if len(words) >= 3 and is_org_head(words[0]):  # «Regionrådet i Nordhordland», «Regionrådet Nordhordland»
        words = [words[0], *(w for w in words[1:-1] if w != "i"), words[-1]]
    return " ".join(words) or norm


def parenthetical_names(text: str, mentions: Sequence[Mention], lookup: dict) -> dict[str, GazetteerEntry]:
    """«Friends of the Earth Norway (Naturvernforbundet)»: a name followed by a known body's
    name in brackets is that body (a translation, a former or a formal name). After a person's
    name the bracket is the person's party or employer («Kari Nesheim (Ap)»), not another name."""
    found = {}
    for mention in mentions:
        if mention.entry is not None or looks_like_person(mention.name):
            continue
        match = re.match(r"\s*\(([^()]{2,80})\)", text[mention.end:mention.end + 90])
        if match:
            entry = lookup.get(normalise_name(match.group(1)))
            if entry is not None and entry.category.value not in ("kommune", "fylkeskommune", "departement"):
                found[name_key(mention.name)] = entry
    return found


def _defined_acronyms(text: str, mentions: Sequence[Mention]) -> dict[str, str]:
    """«Nettverk fjord- og kystkommuner (NFKK)», «Det norske maskinistforbund (Dnmf)»: the
    abbreviation in brackets after a name, if its letters spell the name's in order."""
    defined = {}
    for mention in mentions:
        match = _PAREN_ABBREVIATION.match(text[mention.end:mention.end + 16])
        if not match or match.group(1) == mention.name:
            continue
        abbreviation = match.group(1)
        if spells(abbreviation, mention.name):
            key = "entry:" + mention.entry.name if mention.entry else name_key(mention.name)
            defined.setdefault(abbreviation, key)
    return defined


def spells(abbreviation: str, name: str) -> bool:
    """Whether an abbreviation's letters occur in the name in order, the first at its start,
    and at least half of them are initials of its words: «NFKK» spells «Nettverk fjord- og
    kystkommuner», «NOU» (a word every hearing uses) does not."""
    letters, folded = fold(abbreviation), fold(name)
    if len(letters) < 2 or not folded.startswith(letters[0]):
        return False
    initials = "".join(fold(w)[:1] for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in CONNECTORS)
    if 2 * _common_subsequence(letters, initials) < len(letters):
        return False
    position = 0
    for letter in letters:
        position = folded.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence of two short strings."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _merge_abbreviations(groups: dict[str, Candidate]) -> None:
    """An unknown abbreviation («BREF», «Dnmf») that spells the name of one longer candidate
    named in the letterhead, title, signature or as a subject is that body."""
    strong = {"letterhead", "title", "signature", "signature_for", "subject", "portal", "possessive"}
    for key in [k for k in groups if not k.startswith("entry:") and " " not in k and len(k) <= 8]:
        abbreviation = groups[key].mentions[0].text.strip()
        if not (abbreviation[:1].isupper() and sum(c.isupper() for c in abbreviation) >= 2 or abbreviation.isupper()):
            continue
        targets = [k for k, c in groups.items() if k != key and " " in c.mentions[0].name
                   and any(m.kind in strong for m in c.mentions)
                   and any(spells(abbreviation, n) and len(fold(n)) > len(fold(abbreviation)) + 2 for n in c.names)]
        if len(targets) == 1:
            groups[targets[0]].acronyms.add(abbreviation)
            groups[targets[0]].mentions.extend(groups.pop(key).mentions)


def _case_changes(before: str, word: str) -> bool:
    """A word in capitals after one in title case, or the other way round (abbreviations and
    legal forms aside): two names run together, not one («Oslo SJØMATBEDRIFTENE»)."""
    def shouting(w: str) -> bool:
        letters = [c for c in w if c.isalpha()]
        return len(letters) >= 5 and all(c.isupper() for c in letters)

    def title(w: str) -> bool:
        return w[:1].isupper() and any(c.islower() for c in w)

    return shouting(word) and title(before) or shouting(before) and title(word)


_ABBREVIATION_SURFACE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅa-zæøå]{0,3}")
_MEMBER_ROLE = re.compile(r"\b(?:medlem|varamedlem|vara|leiar|leder|nestleiar|nestleder|ordfører|ordførar|"
                          r"varaordfører|varaordførar|representant|møtande|møtende)\s*[,:]?\s*$", re.IGNORECASE)


def _affiliation(before: str, after: str) -> bool:
    """A body in brackets after a person's name is that person's («Kari Nesheim (Ap) fremja
    …», minutes naming each member's party), not a body the letter speaks for."""
    if not (before.endswith("(") and after.startswith(")")):
        return False
    words = before[:-1].split()[-2:]
    return len(words) == 2 and looks_like_person(" ".join(words))


def _member_party(before: str, surface: str, entry: GazetteerEntry | None) -> bool:
    """A party's abbreviation after a person's role in a list of those present («Kari Nesheim
    Leiar AP Ola Tveit Medlem SP»): the member's party, not the body the minutes speak for."""
    if entry is None or entry.category.value != "politisk_parti" or not _ABBREVIATION_SURFACE.fullmatch(surface):
        return False
    return bool(_MEMBER_ROLE.search(before))


def _is_subject(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the subject of a statement («X viser til …»,
    «X (NFKK) mener …», «X har i møte 12.03.2024 behandlet …»)."""
    after = text[end:end + 80]
    verb = _next_word(after)
    return verb is not None and verb.casefold() in STATEMENT_VERBS and bool(_VERB_GAP.match(after[:after.find(verb)]))


def _next_word(text: str) -> str | None:
    """The first word after a name, past an abbreviation in brackets or a date."""
    stripped = re.sub(r"^\s*(?:\([^()]{1,60}\)\s*)?(?:,?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4},?\s*)?", "", text)
    match = re.match(r"[^\W\d_]+", stripped)
    return match.group() if match else None


def _own_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end != -1 else len(text)]
    return len(line.strip()) <= (end - start) + 30


def _kommune_domains(places: dict[str, GazetteerEntry]) -> dict[str, GazetteerEntry]:
    """The spellings of each kommune's name in its domain (``bodo`` in bodo.kommune.no)."""
    domains: dict[str, GazetteerEntry] = {}
    for place, entry in places.items():
        if entry.category.value != "kommune":
            continue
        for variant in fold_variants(place):
            domains.setdefault(variant, entry)
            domains.setdefault(variant.replace(" ", "-"), entry)
    return domains


def web_domains(text: str) -> set[str]:
    """The second-level labels of the e-mail and web addresses a letter gives, ministries' left
    out: ``{"advokatforeningen", "dnmf", "bremanger"}``."""
    labels = set()
    for match in [*_EMAIL.finditer(text), *_WEB.finditer(text)]:
        domain = next(g for g in match.groups() if g).lower()
        parts = domain.split(".")
        if "dep" in parts or len(parts) < 2:
            continue
        label = parts[-2] if parts[-2] not in ("kommune", "co", "com") or len(parts) < 3 else parts[-3]
        labels.add(label.replace("-", ""))
    return labels


def domain_matches(candidate_names: Iterable[str], acronyms: Iterable[str], labels: set[str]) -> bool:
    """Whether a web or e-mail domain of the letter spells one of the candidate's names."""
    if not labels:
        return False
    for name in [*candidate_names, *acronyms]:
        folded = fold(name)
        initials = fold("".join(w[0] for w in name.split() if w and w.lower() not in CONNECTORS))
        for label in labels:
            if len(label) < 2:
                continue
            if label == folded or label == initials and len(label) >= 2 or \
                    len(label) >= 5 and (folded.startswith(label) or label.startswith(folded) and len(folded) >= 5):
                return True
    return False


def has_orgnr_near(text: str, mention: Mention) -> bool:
    """An organisation number within a line or two of the name (a letterhead's «Org.nr.»)."""
    window = text[max(0, mention.start - 120):mention.end + 200]
    return bool(_ORGNR.search(window))


def sentence_words(name: str) -> int:
    """How many words of a name are ordinary lower-case words (a sentence, not a name)."""
    return sum(1 for w in name.split() if w.islower() and w.lower() not in CONNECTORS and not is_org_head(w))
