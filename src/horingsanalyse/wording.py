"""Norwegian bokmål words for counted things: «1 kommune støtter», «11 kommuner går imot».

The summary, the camps' labels and the report all count respondents in words; keeping the
nouns and their plurals in one table stops «1 kommuner» from creeping in anywhere.
"""

from __future__ import annotations

from .types import ActorCategory, TopicStance

UNKNOWN_SENDER = "Ukjent avsender"
# (singular, plural, definite plural) per category, as a ministry's summary counts them.
CATEGORY_NOUNS = {
    ActorCategory.KOMMUNE.value: ("kommune", "kommuner", "kommunene"),
    ActorCategory.FYLKESKOMMUNE.value: ("fylkeskommune", "fylkeskommuner", "fylkeskommunene"),
    ActorCategory.DEPARTEMENT.value: ("departement", "departementer", "departementene"),
    ActorCategory.STATLIG_ETAT.value: ("statlig etat", "statlige etater", "de statlige etatene"),
    ActorCategory.ARBEIDSTAKERORGANISASJON.value: (
        "arbeidstakerorganisasjon", "arbeidstakerorganisasjoner", "arbeidstakerorganisasjonene"),
    ActorCategory.ARBEIDSGIVERORGANISASJON.value: (
        "arbeidsgiverorganisasjon", "arbeidsgiverorganisasjoner", "arbeidsgiverorganisasjonene"),
    ActorCategory.NAERINGSLIV.value: ("næringslivsaktør", "næringslivsaktører", "næringslivsaktørene"),
    ActorCategory.INTERESSEORGANISASJON.value: (
        "interesseorganisasjon", "interesseorganisasjoner", "interesseorganisasjonene"),
    ActorCategory.FAGMILJO.value: ("fagmiljø", "fagmiljøer", "fagmiljøene"),
    ActorCategory.POLITISK_PARTI.value: ("politisk parti", "politiske partier", "de politiske partiene"),
    ActorCategory.PRIVATPERSON.value: ("privatperson", "privatpersoner", "privatpersonene"),
    ActorCategory.ANNET.value: ("annen høringsinstans", "andre høringsinstanser", "de andre høringsinstansene"),
}
RESPONDENT_NOUN = ("høringsinstans", "høringsinstanser", "høringsinstansene")
# What n respondents do, for a topic stance: the verb does not inflect for number in Norwegian.
STANCE_VERBS = {
    TopicStance.FOR.value: "støtter",
    TopicStance.AGAINST.value: "går imot",
    TopicStance.MIXED.value: "har et blandet syn",
    TopicStance.NOT_ADDRESSED.value: "tar ikke stilling",
}
STANCE_SHORT = {  # the camp labels' «mot grunnrenteskatt», «for …»
    TopicStance.FOR.value: "for",
    TopicStance.AGAINST.value: "mot",
    TopicStance.MIXED.value: "delt om",
}


def noun(count: int, forms: tuple[str, str, str]) -> str:
    """The singular for one, the plural for any other count (zero too: «0 kommuner»)."""
    return forms[0] if count == 1 else forms[1]


def category_nouns(category: str | None) -> tuple[str, str, str]:
    return CATEGORY_NOUNS.get(category or "", CATEGORY_NOUNS[ActorCategory.ANNET.value])


def counted(count: int, category: str | None = None) -> str:
    """«1 kommune», «11 kommuner», «2 høringsinstanser» (``category`` ``None``: any respondent)."""
    forms = RESPONDENT_NOUN if category is None else category_nouns(category)
    return f"{count} {noun(count, forms)}"


def stance_verb(stance: str) -> str:
    """The verb phrase for a topic stance; a stance this version does not know is named as is."""
    return STANCE_VERBS.get(stance, f"er «{stance}»")


def join_words(items: list[str], conjunction: str = "og") -> str:
    """«A», «A og B», «A, B og C»: Norwegian lists take no comma before the conjunction."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sender_name(sender: str | None) -> str:
    """The sender as shown: a response whose sender could not be read is «Ukjent avsender»."""
    return sender or UNKNOWN_SENDER

