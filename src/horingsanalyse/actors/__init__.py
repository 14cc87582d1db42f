"""Who is speaking: the sender of a response, its canonical name and its category.

A ministry summary groups respondents by kind (kommuner, statlige etater, organisasjoner …),
lists who had no remarks and checks them against the hearing's list of høringsinstanser. The
sender is found as a reader finds it: every name the letter gives is a candidate
(:mod:`.candidates`), described by where it stands and what it does there (:mod:`.features`),
and ranked by a learned model (:mod:`.ranker`); a letter that does not say who wrote it gets
no sender rather than a wrong one. Known bodies take the gazetteer's canonical name and
category, the others are categorised by their name's form and the letter (:mod:`.category`).
"""

from .category import category_from_name
from .component import ActorRecognizer, SenderDecision, make_actor_recognizer
from .instans import match_instans
from .ranker import SenderRanker

__all__ = ["ActorRecognizer", "SenderDecision", "SenderRanker", "category_from_name", "make_actor_recognizer",
           "match_instans"]
