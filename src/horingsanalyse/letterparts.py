"""The parts of a Norwegian letter that say nothing, and the sentences that are left.

A høringssvar wraps what it says in parts that say nothing about the hearing: the portal's
heading and date, the letterhead and address block, references («Vår ref.»), the subject line,
the courtesies («Vi viser til høringsbrev av …», «… behandlet saken og fattet følgende
vedtak:»), the closing formula and the signature, the note that it was approved
electronically. Whether a response has «no remarks» depends on what is left once these are
gone, so this module splits a letter into sentences and tells which kind each is. It knows
only the text (plain functions, no pipeline), so PDF text whose letterhead and first
paragraph run together on one line is read the same way as a web form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The formula that closes a letter: the signature follows it.
CLOSING = re.compile(
    r"(?i)\b(?:med\s+(?:vennlig|venleg|beste)\s+(?:hilsen|helsing)|vennlig\s+hilsen|venleg\s+helsing|"
    r"med\s+(?:hilsen|helsing)|beste\s+(?:hilsen|helsing)|hilsen|helsing|mvh|kind\s+regards|best\s+regards|"
    r"yours\s+(?:sincerely|faithfully)|sincerely)\b[\s,.!]*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[«\"(]?[A-ZÆØÅ0-9])|\n+")
# What a letterhead, an address block or a reference line holds.
_BOILERPLATE = re.compile(
    r"(?i)\b(?:postboks|pb\.?|boks)\s*\d+|\b\d{4}\s+[A-ZÆØÅ][\wæøå\-]+|\+?\d[\d ]{6,}\d|[\w.+\-]+@[\w\-.]+|"
    r"\bwww\.\S+|\bhttps?://\S+|\borg\.?\s*(?:nr|nummer)\.?\s*:?\s*(?:NO\s*)?[\d ]{9,11}|"
    r"\b(?:vår|var|deres|dykkar|din|your|our)\s+(?:ref(?:eranse)?|dato)\.?\s*:?\s*[\w/.\-]*|"
    r"\b(?:dato|date|saksbehandler|saksbehandlar|sakshandsamar|arkivkode|arkiv|saksnr|sak|utvalg|utval|"
    r"møtedato|møtested|tidspunkt|telefon|tlf|e-post|epost|kontonr|bankkonto|bankgiro|iban|swift|"
    r"besøksadresse|postadresse|adresse|internett|heimeside|fakturaadresse)\.?\s*:?\s*[\w/.\-]*|"
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}\.\s*(?:januar|februar|mars|april|mai|juni|juli|august|"
    r"september|oktober|november|desember)\s+\d{4}\b")
# Sentences that are courtesy or procedure, not a view on the hearing.
_COURTESY = re.compile(
    r"(?i)\b(?:(?:vi|me|det)\s+)?(?:viser|vises|syner)\s+til\s+(?:\w+\s+){0,3}?(?:høringsbrev\w*|høyringsbrev\w*|"
    r"brev\b|brevet\b|høringen\b|høringa\b|høring\b|høyringa\b|høyring\b|høringsnotat\w*|høyringsnotat\w*|"
    r"e-post\w*|henvendels\w*|oversendels\w*|invitasjon\w*)|"
    r"\btakk(?:er|ar)?\s+for\s+(?:muligheten|moglegheita|høvet|invitasjonen|anledningen)|"
    r"\bhar\s+(?:gått\s+gjennom|gjennomgått|vurdert|behandlet|behandla|handsama|sett\s+på|lest)\s+"
    r"(?:\w+\s+){0,2}?(?:høring\w*|høyring\w*|saken|saka|forslag\w*|framlegg\w*|notat\w*|dokument\w*)|"
    r"\b(?:behandlet|behandla|handsama|handsamar|drøftet|drøfta)\s+(?:\w+\s+){0,3}?(?:saken|saka|høring\w*|"
    r"høyring\w*)|\bfatt(?:et|a)\s+(?:følgende|følgjande|slikt)\s+(?:enstemmige\s+)?vedtak|"
    r"\b(?:enstemmig|samrøystes)\s+(?:vedtatt|vedteke|vedtak)|\bvedtaket\s+(?:var|ble|vart)\s+enstemmig|"
    r"\b(?:følgende|følgjande)\s+vedtak|\brett\s+utskrift|\bber\s+om\s+å\s+(?:bli\s+holdt|verte\s+haldne?|bli\s+haldne?)"
    r"\s+orientert|\belektronisk\s+(?:godkjent|signert|ekspedert)|\bgodkjent\s+elektronisk|"
    r"\b(?:ingen|uten|utan)\s+(?:signatur|underskrift|handskriven\s+underskrift)|\bkrever\s+ikke\s+signatur|"
    r"\bhas\s+reviewed\b")
_WORD = re.compile(r"[^\W\d_][\w\-]*")
_FUNCTION_WORDS = frozenset(
    "og i for av på med til fra frå at som det den de dei er var har en et ei ein eit om ikke ikkje vi me oss vår "
    "våre vårt seg sin sitt si sine vil kan skal må bør ved etter under mot over hos samt eller enn så da når kun "
    "bare berre også òg men dette denne disse desse være vere bli blir vert the and of to a in is for on with this "
    "that we our has have".split())
# Words of a subject line or a signature that carry no view: «Høring – endringer i …».
_EMPTY_WORDS = frozenset(
    "høring høyring høringssvar høyringssvar høringsuttalelse høyringsuttale uttalelse uttale fråsegn innspill "
    "svar vedrørende vedr angående ang forslag framlegg endring endringer endringar ny nye nytt "
    "kommunedirektør rådmann ordfører ordførar rådgiver rådgjevar seniorrådgiver seniorrådgjevar seksjonssjef "
    "avdelingsdirektør fagsjef leder leiar daglig dagleg styreleder direktør fylkesdirektør kommunalsjef styret "
    "saksprotokoll sakspapir møteprotokoll vedtak innstilling".split())
MIN_CONTENT_WORDS = 5  # a sentence with this many words that say something is content


@dataclass(frozen=True)
class Sentence:
    """A sentence of the letter's body: its text, offsets and kind («content», «courtesy»)."""

    text: str
    start: int
    end: int
    kind: str
    content_words: int


def body_end(text: str) -> int:
    """Where the body ends: at the last closing formula in the letter's last part, if any."""
    closings = [m for m in CLOSING.finditer(text) if m.start() >= len(text) * 0.4 or len(text) < 1500]
    return closings[-1].start() if closings else len(text)


def body_sentences(text: str) -> list[Sentence]:
    """The sentences of a letter before its closing formula, each with its kind.

    A sentence is «courtesy» (a reference to the hearing letter, a council's procedure, an
    electronic-approval note), «content» (it has at least :data:`MIN_CONTENT_WORDS` words
    that say something, or ends like a sentence and has three), or «empty» (a heading, a
    letterhead, an address, a reference line, a signature).
    """
    end = body_end(text)
    sentences, position = [], 0
    body = text[:end]
    for match in [*_SENTENCE_END.finditer(body), None]:
        stop = match.start() if match else len(body)
        piece = body[position:stop]
        if piece.strip():
            offset = position + len(piece) - len(piece.lstrip())
            sentences.append(_sentence(piece.strip(), offset))
        position = match.end() if match else len(body)
    return sentences


def _sentence(text: str, start: int) -> Sentence:
    stripped = _BOILERPLATE.sub(" ", text)
    words = [w for w in _WORD.findall(stripped) if w.islower() and len(w) >= 3
             and w not in _FUNCTION_WORDS and w.strip("-") not in _EMPTY_WORDS]
    if _COURTESY.search(text) and len(words) < 3 * MIN_CONTENT_WORDS:
        kind = "courtesy"
    elif len(words) >= MIN_CONTENT_WORDS or text.rstrip().endswith((".", "!", "?")) and len(words) >= 3:
        kind = "content"
    else:
        kind = "empty"
    return Sentence(text, start, start + len(text), kind, len(words))
