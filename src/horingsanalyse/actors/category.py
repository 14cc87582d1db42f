"""The category of a sender: from the gazetteer, else from its name's form and the letter.

The meanings (see the README's «Categories») are those ministries group høringsinstanser by.
A known body takes the gazetteer's category; a local branch takes its national body's
(«Aure Høyre» is a party, «KS Agder» an employer body); any other name is read by its form
(«… kommune», «… AS», «… Næringsforening», «… Idrettslag»), then by what the letter says the
sender is («Lofotrådet er et interkommunalt politisk råd …»), and a person is a private
person, or a researcher where the letter says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ..types import ActorCategory
from .names import LEGAL_FORMS, looks_like_person

C = ActorCategory

# Name forms, the specific before the general: the first that matches decides.
_BY_FORM: tuple[tuple[ActorCategory, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        (C.FYLKESKOMMUNE, r"fylkeskommune|fylkeskommunen\b|fylkesting|fylkesutval|fylkesråd\b|fylkesrådet\b"),
        (C.ANNET, r"regionråd|interkommunal|politisk\s+råd|\w+rådet\b(?<!næringsrådet)(?<!forbrukerrådet)|"
                  r"\bråd\s+for\s+\w+kommuner|nettverk\s+(?:for\s+)?[\w\s-]*kommune|\bidrettslag\b|\bIL\b|"
                  r"\bidrettsklubb\b|\bskilag\b|\bfotballklubb\b|\bsportsklubb\b|"
                  r"\w{2,}klubb(?:en)?\b(?<!bedriftsklubb)(?<!bedriftsklubben)"),
        (C.KOMMUNE, r"\bkommune\b|\bkommunen\b|\bherad\b|\bsuohkan\b|\bkommunestyre|\bformannskap|\bbystyre|"
                    r"\bheradsstyre"),
        (C.DEPARTEMENT, r"departementet\b|departement\b"),
        (C.STATLIG_ETAT, r"direktorat|tilsynet\b|\betaten\b|ombudet\b|ombodet\b|statsforvalter|statsforvaltar|"
                         r"fylkesmann|\bstatens\b|\bnav\b|\bsentralbyrå\b|\bnemnda?\b|\bverket\b"),
        (C.POLITISK_PARTI, r"\b(?:høyre|høgre|arbeiderparti\w*|arbeidarparti\w*|senterparti\w*|venstre|"
                           r"sosialistisk|fremskrittsparti\w*|framstegsparti\w*|kristelig|kristeleg|miljøpartiet|"
                           r"rødt|raudt|sv|frp|krf|mdg|ap|auf|unge\s+høyre|\w+partiet)\b"),
        (C.FAGMILJO, r"universitet|høgskole|høgskule|høyskole|handelshøyskole|forskning\w*|forsking\w*|"
                     r"\binstitutt\b|\binstituttet\b|\binstituttene\b|\binst\.|\bsenter\s+for\s+\w+forskning|"
                     r"\bforskningssenter|\bforskar|\bforsker"),
        (C.ARBEIDSTAKERORGANISASJON, r"fagforbund|fagforening|fagforeining|tjenestemannslag|arbeiderforbund|"
                                     r"arbeidarforbund|arbeidstaker\w*|arbeidstakar\w*|\w+arbeiderforbund|"
                                     r"\bforbundet\s+for\s+\w+\s+ansatte|sykepleierforbund|lærerlag|lektorlag|"
                                     r"\bklubb\b|\bklubben\b|\bavdeling\s+\d+"),
        (C.ARBEIDSGIVERORGANISASJON, r"arbeidsgiver\w*|arbeidsgjevar\w*"),
        (C.NAERINGSLIV, r"\b(?:" + "|".join(sorted(LEGAL_FORMS - {"IL"})) + r")\b\.?$|\b(?:AS|ASA)\b|"
                        r"advokatfirma|revisjon\b|\bgruppen\b|\bgruppa\b|\bgroup\b|\bkonsern\b|holding|invest\b|"
                        r"rederi\w*|næringsforening\w*|næringsråd\w*|næringsforum\w*|næringsallianse\w*|"
                        r"næringsalliansen|næringslag\w*|næringsarena|næringsselskap|utviklingsselskap|"
                        r"næringshage|\bklynge\w*|\bcluster\b|\w+klyngen\b|bransjeforening|bransjeorganisasjon|"
                        r"\bbank\b|sparebank|\bforsikring|grossist\w*|\bbedriftene\b|\bbedrifter\b|\bhandel\b|"
                        r"produsent\w*\s+(?:forening|forbund|lag)"),
        (C.INTERESSEORGANISASJON, r"forening|foreininga|forbund|lag\b(?<!forlag)|laget\b|organisasjon|stiftelse|stiftinga|"
                                  r"sammenslutning|samanslutning|allianse|aksjon\w*|\bunion\b|komit[eé]|"
                                  r"\bvenner\b|\bvern\b|\w+vern\b|\bforum\b"),
    )
)
# What a letter says its sender is: «X er et interkommunalt politisk råd», «X er ein privat
# medlemsorganisasjon som arbeider for næringslivet», «Vi er et familieeid selskap».
_SELF = re.compile(r"\b(?:er|var)\s+(?:ein|eit|ei|en|et|Norges|landets|den|det)\s+([^.;]{3,160})", re.IGNORECASE)
_BY_DESCRIPTION: tuple[tuple[ActorCategory, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        (C.ANNET, r"interkommunalt|politisk\s+råd|regionråd|samarbeid\w*\s+(?:mellom|av)\s+[\w\s]{0,30}kommun|"
                  r"allianse\s+mellom\s+[\w\s]{0,30}kommun|nettverk\s+(?:av|for)\s+[\w\s]{0,30}kommun|"
                  r"idrettslag|idrettsklubb"),
        (C.ARBEIDSTAKERORGANISASJON, r"fagforening|fagforbund|arbeidstakerorganisasjon|fagorganisasjon|"
                                     r"organiserer\s+[\w\s]{0,30}(?:ansatte|arbeidstakere|tilsatte)|"
                                     r"(?<!giver)(?<!gjevar)organisasjon\s+for\s+[^.]{0,60}(?:yrker|yrkesgrupper|"
                                     r"ansatte|arbeidstakere|tilsette|tilsatte)\b"),
        (C.ARBEIDSGIVERORGANISASJON, r"arbeidsgiverorganisasjon|arbeidsgiverforening|arbeidsgjevarorganisasjon"),
        (C.NAERINGSLIV, r"selskap|konsern|bedrift|klynge|næringsforening|næringsråd|næringsforum|"
                        r"medlemsorganisasjon\s+[^.]{0,60}næringsliv|bransje|næringsorganisasjon|"
                        r"samarbeidsprosjekt\s+[^.]{0,60}(?:næring|verdikjed)|rederi|produsent|leverandør|"
                        r"aksjeselskap|firma|oppdrett\w*\s+(?:selskap|bedrift)|eier\w*\s+[\w\s]{0,20}(?:båter|fartøy)"),
        (C.FAGMILJO, r"forskning|forsking|forskar|forsker|professor|universitet|høgskole|institutt"),
        (C.INTERESSEORGANISASJON, r"interesseorganisasjon|frivillig|ideell|miljøorganisasjon|brukerorganisasjon|"
                                  r"stiftelse|medlemsorganisasjon|organisasjon\s+for"),
    )
)
_MEMBERS = re.compile(r"\b(?:medlemmer|medlemane|medlemsbedrifter|medlemsbedriftene)\s+(?:er|våre\s+er)\s+"
                      r"(?:[\w\s]{0,20})?(?:rederier|bedrifter|selskap|selskaper|verksemder|virksomheter|"
                      r"produsenter|oppdrettere|grossister)", re.IGNORECASE)
_RESEARCHER = re.compile(r"\b(?:professor|førsteamanuensis|forsker|forskar|stipendiat|postdoktor|dosent|"
                         r"som\s+fagpersone?r?|ved\s+(?:universitetet|høgskolen|høgskulen|instituttet|\w+institutt)|"
                         r"institutt\s+for|inst\.\s+for|research|university)\b", re.IGNORECASE)


def category_from_name(name: str) -> ActorCategory:
    """The category a name's form implies («Frøya Idrettslag» is a sports club), for senders no
    gazetteer lists; a person's name is a private person; anything else is ``annet``."""
    by_form = category_by_form(name)
    if by_form is not None:
        return by_form
    if looks_like_person(name.strip()):
        return C.PRIVATPERSON
    return C.ANNET


def category_by_form(name: str) -> ActorCategory | None:
    """The category of the first rule of form the name matches, or None where none does."""
    return next((category for category, pattern in _BY_FORM if pattern.search(name)), None)


def category_from_letter(name: str, text: str) -> ActorCategory | None:
    """What the letter says its sender is, where the name's form says nothing: the sentence
    «<name> er en/et …» or «Vi er en/et …» near the start, or who its members are."""
    window = text[:4000]
    first_words = re.escape(name.split()[0]) if name.split() else None
    for match in _SELF.finditer(window):
        subject = window[max(0, match.start() - 120):match.start()]
        if first_words and not re.search(first_words, subject, re.IGNORECASE) and \
                not re.search(r"\b(?:vi|me)\s*$", subject, re.IGNORECASE):
            continue
        description = match.group(1)
        for category, pattern in _BY_DESCRIPTION:
            if pattern.search(description):
                return category
    if _MEMBERS.search(window):
        return C.NAERINGSLIV
    return None


class NameFormClassifier(ClassifierMixin, BaseEstimator):
    """A body's category from the letters of its name, learned from the gazetteer's names
    («Finans Norge» reads like «Sjømat Norge», «Sjømatbedriftene» like «Bryggeri- og
    drikkevareforeningen»): for the names that no rule of form places, so that a hearing from a
    field the gazetteer does not know is not all «annet». Character n-grams within words carry
    compound heads («-forbund», «-bedriftene») and the «Norges …», «Norsk …» of national bodies.
    """

    def __init__(self, C: float = 5.0, min_probability: float = 0.5):
        self.C = C
        self.min_probability = min_probability

    def fit(self, names: Sequence[str], categories: Sequence[str]) -> NameFormClassifier:
        self.vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        X = self.vectorizer_.fit_transform(names)
        self.model_ = LogisticRegression(C=self.C, max_iter=3000).fit(X, list(categories))
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, names: Sequence[str]) -> np.ndarray:
        return self.model_.predict_proba(self.vectorizer_.transform(names))

    def predict(self, names: Sequence[str]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(names), axis=1)]

    def confident_category(self, name: str) -> ActorCategory | None:
        """The category the name's form points to, or None below :attr:`min_probability`."""
        probabilities = self.predict_proba([name])[0]
        best = int(np.argmax(probabilities))
        return ActorCategory(self.classes_[best]) if probabilities[best] >= self.min_probability else None


def name_form_classifier(entries: Sequence) -> NameFormClassifier:
    """The classifier trained on a gazetteer's bodies (names and aliases; kommuner and
    fylkeskommuner, which their form already names, and persons left out)."""
    skip = {C.KOMMUNE, C.FYLKESKOMMUNE, C.PRIVATPERSON}
    pairs = [(name, entry.category.value) for entry in entries if entry.category not in skip
             for name in (entry.name, *entry.aliases)]
    return NameFormClassifier().fit([n for n, _ in pairs], [c for _, c in pairs])


# Scholarly writing: author–year citations («(Flaaten og Pham, 2019)», «Hansen, O. (2010).»).
_CITATION = re.compile(r"\([A-ZÆØÅ][\w\-]+(?:\s+(?:and|og|&)\s+[A-ZÆØÅ][\w\-]+|\s+et\s+al\.?)?,?\s+(?:19|20)\d\d[a-z]?\)|"
                       r"\b[A-ZÆØÅ][\w\-]+,\s+(?:[A-ZÆØÅ]\.\s*){1,3}(?:,[^()]{0,80})?\((?:19|20)\d\d[a-z]?\)")
MIN_CITATIONS = 3


def category_of_person(text: str) -> ActorCategory:
    """A person writing in their own name: a researcher writing as one (a title, an institute,
    or citations in the way of research papers), else a private person."""
    if _RESEARCHER.search(text[:3000] + text[-1500:]) or len(_CITATION.findall(text)) >= MIN_CITATIONS:
        return C.FAGMILJO
    return C.PRIVATPERSON
