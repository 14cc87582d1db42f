"""The forms of Norwegian body and person names, as letters write them.

Pure functions on strings, shared by the candidate finder, the ranker's features and the
category rules: which words can stand in an organisation's name, which words end one (a
letterhead's field labels, a title), which name is a person's, which is a place, how an
organ («Formannskapet i Bodø») names its body, and how an e-mail domain spells a name.
Nothing here names a particular sender: the vocabularies are those of Norwegian letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from wordfreq import zipf_frequency

FIRST_NAMES_RESOURCE = "first_names.txt"
# Legal forms after a company's or body's name (Enhetsregisteret's abbreviations).
LEGAL_FORMS = frozenset({"AS", "ASA", "SA", "DA", "ANS", "BA", "IKS", "KF", "SF", "HF", "NUF", "RHF", "FKF", "IL",
                         "BL", "SE"})
# Small words that join the parts of one name: «Bjugn og Ørland Næringsforum», «Universitetet i
# Stavanger», «Næringsalliansen for Trøndelag», «Interkommunalt politisk råd Namdal».
CONNECTORS = frozenset({"og", "i", "for", "av", "på", "ved", "&", "-", "–", "under", "til", "frå", "fra"})
# Word endings that make a word the head of an organisation's name, in bokmål and nynorsk, as
# the last part of a compound («maskinistforbund», «Lofotrådet», «Skattebetalerforeningen»).
ORG_HEADS = (
    "kommune", "kommunen", "kommunar", "kommuner", "herad", "heradet", "fylkeskommune", "fylkeskommunen", "fylke",
    "regionråd", "regionrådet", "råd", "rådet", "forening", "foreningen", "foreininga", "foreningene", "forbund",
    "forbundet", "lag", "laget", "organisasjon", "organisasjonen", "organisasjonene", "selskap", "selskapet",
    "direktorat", "direktoratet", "tilsyn", "tilsynet", "etat", "etaten", "verk", "verket", "institutt",
    "instituttet", "instituttene", "universitet", "universitetet", "høgskole", "høgskolen", "høgskule",
    "høgskulen", "høyskole", "høyskolen", "handelshøyskole", "klynge", "klyngen", "klynga", "cluster",
    "nettverk", "nettverket", "allianse", "alliansen", "forum", "næringsforum", "stiftelse", "stiftelsen",
    "stiftinga", "sentralbyrå", "departement", "departementet", "parti", "partiet", "rederi", "rederiene",
    "rederiet", "konsern", "konsernet", "gruppen", "gruppa", "group", "bank", "banken", "sparebank",
    "ombud", "ombudet", "ombod", "sekretariat", "sekretariatet", "senter", "senteret", "center", "akademi",
    "samvirke", "bedriftene", "utvalg", "utvalget", "utval", "nemnd", "nemnda", "styre", "styret",
    "fellesskap", "samarbeid", "samarbeidet", "union", "unionen", "komité", "komite", "sameie", "invest",
    "holding", "prosjekt", "prosjektet", "idrettslag", "ungdom",
)
_ORG_HEAD = re.compile(r"(?:" + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True)) + r")$",
                       re.IGNORECASE)
# Common nouns that end like a head but name no body: «Området» (not «-rådet»), «Forslaget»,
# «Grunnlaget» (not «-laget»), «Regelverket» (not «-verket»), «Utstyret» (not «-styret»).
_NOT_A_HEAD = re.compile(
    r"(?:(?:^|for|ut|av|inn|opp|an|be|gjennom|tilbake|under|om|hjerne)slag(?:et|ene)?|"
    r"område|området|områdene|tråd|tråden|forråd|forrådet|utstyr|utstyret|selvstyre|overstyre|oppstyret|"
    r"prosenter|presenter|"
    r"(?:grunn|under|veder|bi|opp|om|neder|hånd|an|be)lag(?:et)?|"
    r"(?:regel|lov|hånd|kunst|års|hær|ramme|bygg|rekk|mester|tre|skade|ånds|oppslags)verk(?:et)?)$",
    re.IGNORECASE)
# Words of a letterhead, an address block or a signature that end a name standing before them:
# «Bremanger kommune Rådmann Adresse Telefon …», «Osen kommune Sentraladministrasjonen».
FIELD_WORDS = frozenset(w.casefold() for w in (
    "Adresse", "Postadresse", "Besøksadresse", "Besøk", "Post", "Postboks", "Pb", "Pb.", "PB", "Boks", "Telefon",
    "Tlf", "Tlf.", "Telefaks", "Faks", "Fax", "Mobil", "Mob", "E-post", "Epost", "E-mail", "Email", "Internett",
    "Internet", "Nettside", "Heimeside", "Web", "Org.nr", "Org.nr.", "Orgnr", "Organisasjonsnr", "Organisasjonsnr.",
    "Organisasjonsnummer", "Foretaksregisteret", "Bankgiro", "Bankkonto", "Bankkontonr", "Kontonr", "Konto", "IBAN",
    "SWIFT", "Dato", "Vår", "Var", "Deres", "Dykkar", "Din", "Your", "Our", "Ref", "Ref.", "Referanse", "Saksbehandler",
    "Saksbehandlar", "Sakshandsamar", "Arkivkode", "Arkiv", "Saksnr", "Saksmappenr", "Rådmann", "Rådmannen",
    "Kommunedirektør", "Kommunedirektøren", "Ordfører", "Ordføreren", "Ordførar", "Servicekontoret",
    "Sentraladministrasjonen", "Administrasjonen", "Møteprotokoll", "Saksdokument", "Sakspapir", "Saksframlegg",
    "Saksframstilling", "Særutskrift", "Utskrift", "Melding", "Høring", "Høyring", "Høringssvar", "Høyringssvar",
    "Høringsuttalelse", "Høyringsuttale", "Høringsinnspill", "Uttalelse", "Uttale", "Fråsegn", "Innspill", "Svar",
    "Vedrørende", "Vedr", "Vedr.", "Ang", "Ang.", "Til", "Att", "Att.", "Kopi", "Fra", "Frå", "Emne", "Sendt",
    "Mottaker", "Avsender", "Side", "Vedlegg", "Dokumentet", "Brevet", "NOU", "Postmottak", "Innledning", "Bakgrunn",
    "Sammendrag", "Oppsummering", "Konklusjon", "Vedtak", "Innstilling", "Kontaktperson", "Leder", "Leiar",
    "Daglig", "Dagleg", "Styreleder", "Styreleiar", "Direktør", "Generalsekretær", "Konsernsjef", "Rådgiver",
    "Rådgjevar", "Seniorrådgiver", "Seksjonssjef", "Avdelingsdirektør", "Regiondirektør", "Fagsjef",
    "Administrerende", "Adm", "Adm.", "Prosjektleder", "Prosjektleiar", "Sekretariatsleder", "Professor",
    "Advokat", "Partner", "Vennlig", "Hilsen", "Helsing", "Mvh", "Med",
    "Senior", "Manager", "Director", "CEO", "Chairman", "Chair",  # an English letter's signature
))
# Titles in a signature block: the name after them is the body the signer speaks for
# («Daglig leder Nettverk fjord- og kystkommuner», «Leiar i HAFS Regionråd»).
TITLE = re.compile(
    r"\b(?:(?:daglig|dagleg|administrerende|adm\.?)\s+(?:leder|leiar|direktør|dir\.?)|styreleder|styreleiar|"
    r"styrets\s+(?:leder|formann)|nestleder|nestleiar|rådsleder|rådsleiar|rådsordfører|rådsordførar|"
    r"leder|leiar|ordfører|ordførar|varaordfører|fylkesordfører|fylkesordførar|rådmann|kommunedirektør|"
    r"fylkesrådmann|fylkesdirektør|generalsekretær|konsernsjef|direktør|regiondirektør|avdelingsdirektør|"
    r"seksjonssjef|fagsjef|sjeføkonom|sekretariatsleder|sekretariatsleiar|prosjektleder|prosjektleiar|"
    r"(?:senior)?rådgiver|(?:senior)?rådgjevar|kommunalsjef|underdirektør|formann|president)\b",
    re.IGNORECASE)
# A municipal or county organ that speaks for its body: «Formannskapet i Hammerfest kommune»,
# «Giske formannskap», «Harstad kommunestyre», «Fylkestinget i Nordland».
MUNICIPAL_ORGANS = ("formannskapet", "formannskap", "kommunestyret", "kommunestyre", "bystyret", "bystyre",
                    "heradsstyret", "heradsstyre", "kommunerådet", "byrådet", "rådmannen", "kommunedirektøren",
                    "administrasjonen", "ordføreren", "ordføraren", "eldrerådet", "ungdomsrådet")
COUNTY_ORGANS = ("fylkestinget", "fylkesting", "fylkesutvalget", "fylkesutvalet", "fylkesutvalg", "fylkesrådet",
                 "fylkesrådmannen", "fylkesdirektøren", "fylkeskommunedirektøren", "fylkestingets")
BODY_ORGANS = ("styret", "hovedstyret", "hovudstyret", "fylkesstyret", "sentralstyret", "landsstyret", "årsmøtet",
               "landsmøtet", "representantskapet", "arbeidsutvalget", "arbeidsutvalet", "rådsmøtet", "sekretariatet")
_PERSON_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøåäöüéèáóíñ'’]+(?:-[A-ZÆØÅ][a-zæøåäöüéèáóíñ'’]+)?$")
_INITIAL = re.compile(r"^[A-ZÆØÅ]\.(?:[A-ZÆØÅ]\.)?$")
_PARTICLES = frozenset({"van", "von", "de", "der", "af", "la", "le", "da", "di", "du"})
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e"})


def fold(text: str) -> str:
    """Lower case, æ/ø/å spelled as in a domain name («Bodø» → «bodo»), only letters and digits."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "", text)


def fold_variants(text: str) -> set[str]:
    """The spellings a domain may use for a name: «Bodø» as «bodo» or «bodoe», «Hå» as «ha» or «haa»."""
    lowered = unicodedata.normalize("NFC", text).casefold()
    variants = {fold(lowered)}
    for table in ({"ø": "oe", "å": "aa", "æ": "ae"}, {"ø": "o", "å": "aa", "æ": "a"}):
        variants.add(fold(lowered.translate(str.maketrans(table))))
    return variants


def is_org_head(word: str) -> bool:
    """Whether a word can end an organisation's name: «kommune», «Næringsforum», «maskinistforbund»."""
    word = word.strip(".,;:()«»\"'")
    return bool(word) and (word.upper() in LEGAL_FORMS and word.isupper()
                           or bool(_ORG_HEAD.search(word)) and not _NOT_A_HEAD.search(word))


def is_field_word(word: str) -> bool:
    """A letterhead label, a heading word or a title, which never belongs to the name before it."""
    return word.strip(".,;:()«»\"'").casefold() in FIELD_WORDS or word.casefold().rstrip(":.") in FIELD_WORDS


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


@cache
def is_common_word(word: str) -> bool:
    """An ordinary Norwegian word («Vedtak», «Bakgrunn», «Havbruksnæringen»): frequent in lower case.
    (wordfreq has no nynorsk list: asked for "nn" it warns and reads "nb", so only "nb" is asked.)"""
    lowered = word.strip(".,;:()«»\"'").lower()
    return len(lowered) > 1 and zipf_frequency(lowered, "nb") >= 3.3


@cache
def first_names() -> frozenset[str]:
    """Common Norwegian given names (package data ``resources/first_names.txt``), case-folded."""
    text = (resources.files("horingsanalyse") / "resources" / FIRST_NAMES_RESOURCE).read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def looks_like_person(name: str) -> bool:
    """A given name and a surname, maybe with middle names or initials: «Kari Nordmann», «Per
    Olav Lie», «Hege-Merethe Hauan Bengtsson». A capitalised word pair is not yet a person:
    «Frøya Idrettslag» and «Vest Næringsråd» are not, nor is any name with an organisation head.
    """
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    given = words[0].split("-")[0].casefold()
    if given not in first_names():
        return False
    name_words = [w for w in words[1:] if w.lower() not in _PARTICLES]
    if not name_words or not all(_PERSON_WORD.match(w) or _INITIAL.match(w) for w in name_words):
        return False
    if not _PERSON_WORD.match(name_words[-1]):
        return False
    return not any(is_org_head(w) or is_field_word(w) for w in words)


def strip_possessive(name: str) -> str:
    """«Finans Norges» → «Finans Norge», «Flatanger kommune's» → «Flatanger kommune», «KS'» → «KS»."""
    name = name.rstrip()
    if name.endswith(("'s", "’s")):
        return name[:-2]
    if name.endswith(("'", "’")):
        return name[:-1]
    return name


def readable_case(name: str) -> str:
    """A name in capitals as a person writes it: «VESTERÅLEN REGIONRÅD» → «Vesterålen Regionråd».

    Abbreviations and legal forms («KS», «NHO», «AS») stay in capitals; small connectors go
    lower case («SVEIO KOMMUNE» → «Sveio Kommune» → kept as written otherwise).
    """
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) <= 5:
        return name
    result = []
    for index, word in enumerate(words):
        if word in LEGAL_FORMS or len(word) <= 3 and index > 0 and word.lower() not in CONNECTORS:
            result.append(word)
        elif word.lower() in CONNECTORS and index > 0:
            result.append(word.lower())
        elif word.lower() in ("kommune", "herad", "fylkeskommune", "kommunestyre", "formannskap"):
            result.append(word.lower())
        else:
            result.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(result)


def acronym(name: str) -> str:
    """The initials of a name's capitalised or heavy words: «Nettverk fjord- og kystkommuner» → «NFK»."""
    return "".join(w[0] for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in CONNECTORS).upper()
