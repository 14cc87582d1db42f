"""Copies of one letter filed by several respondents: the text does not say who filed which.

Kommuner often file another body's letter as their own answer (a network's or KS' statement,
word for word, without a line of their own). Each copy then names the body that wrote it, and
only the portal knows who filed it. When near-identical responses all name the same sender,
at most one of them is that sender's own, and nothing in the texts says which: every copy
gets no sender (and is listed for review) rather than the same name several times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..gazetteer import normalise_name
from ..kept import Kept
from ..types import Campaign, ResponseAnalysis

# The same letter, also shortened (its letterhead, opening or signature left out): a kommune that
# files a network's statement without its heading is still filing that statement. A campaign's
# adapted versions name their own senders, and only copies naming one sender lose it.
COPY_SIMILARITY = 0.8


def copies_naming_one_sender(senders: Mapping[str, str | None], copies: Sequence[Campaign]) -> set[str]:
    """The responses (keys of ``senders``) that are copies of one letter naming one sender.

    Args:
        senders: response key → the sender found in its text (or ``None``).
        copies: groups of near-identical responses (campaigns found at :data:`COPY_SIMILARITY`).
    """
    unknown = set()
    for group in copies:
        by_sender: dict[str, list[str]] = {}
        for key in group.files:
            name = senders.get(key)
            if name:
                by_sender.setdefault(normalise_name(name), []).append(key)
        for keys in by_sender.values():
            if len(keys) >= 2:
                unknown.update(keys)
    return unknown


def senders_of_copies(decisions: Mapping[str, object], campaigns: Sequence[Campaign] | None = None,
                      texts: Mapping[str, str] | None = None) -> dict[str, object]:
    """``decisions`` (key → an object with ``name`` and ``source``, such as a
    :class:`~horingsanalyse.actors.SenderDecision`) with the copies' senders removed.

    The copy groups are ``campaigns`` at :data:`COPY_SIMILARITY` when ``texts`` are given, else
    the ``campaigns`` given (found at that similarity by the caller).
    """
    if texts is not None:
        from ..cluster import find_campaigns  # only the batch and benchmarks need the vectoriser

        keys = list(texts)
        campaigns = find_campaigns([texts[k] for k in keys], keys, threshold=COPY_SIMILARITY)
    unknown = copies_naming_one_sender({k: getattr(d, "name", None) for k, d in decisions.items()}, campaigns or ())
    return {k: replace(d, name=None, source="copy") if k in unknown else d for k, d in decisions.items()}


def without_copied_senders(responses: Sequence[ResponseAnalysis], texts: Sequence[str],
                           kept: Kept | None = None) -> list[ResponseAnalysis]:
    """The responses, with no sender for copies of one letter that all name the same sender
    (see the module's docstring); ``texts`` are their body texts, in the same order. ``kept``:
    the copy groups found by earlier runs (see :mod:`horingsanalyse.kept`)."""
    from ..cluster import find_campaigns  # the vectoriser is needed only here

    files = [r.file for r in responses]
    copies = find_campaigns(list(texts), files, threshold=COPY_SIMILARITY, kept=kept, additions=False)
    unknown = copies_naming_one_sender({r.file: r.sender for r in responses}, copies)
    group_of = {file: group for group in copies for file in group.files}
    result = []
    for response in responses:
        if response.file not in unknown:
            result.append(response)
            continue
        others = sorted(f for f in group_of[response.file].files if f != response.file and f in unknown)
        note = (f"Samme brev som {', '.join(others)}, og alle er undertegnet {response.sender}: "
                "teksten sier ikke hvem som sendte hvilket.")
        result.append(replace(response, sender=None, sender_note=note))
    return result
