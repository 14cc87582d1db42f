"""The ``Doc`` and ``Span`` extension attributes and span keys our components read and write.

Declared here, in one bottom-layer module that imports none of the components, so that every
component and every reader of a ``Doc`` agrees on them and no module has to import the
pipeline builder to learn their names. Values live in ``doc.user_data``, so they survive
``DocBin(store_user_data=True)``.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

POSITIONS_SPAN_KEY = "horingsanalyse_positions"  # doc.spans group: one span per evidence sentence


def register_extensions() -> None:
    """Declare the ``Doc``/``Span`` extension attributes our components read and write.

    Values live in ``doc.user_data``, so they survive ``DocBin(store_user_data=True)``.
    """
    doc_attributes = {
        "page_starts": None,  # character offset where each page starts, page 1 first
        "sender_hint": None,  # the sender named in the letter's metadata, if extraction found one
        "file_name": None,
        "actor": None,  # {"name", "category", "instans", "source", "confidence", "evidence", …}
        "no_comment": False,
        "no_comment_quote": None,
        "topics": None,  # topic id -> {"stance", "quote", "page", "score", "confidence", "uncertain", "weighed"}
        "stance": None,
        "stance_confidence": None,  # the stance model's probability for the overall stance
        "stance_uncertain": False,  # below the calibrated threshold («usikker»)
        "stance_weighed": None,  # [{"quote", "page"}]: the sentences that weighed most on it
        "stance_rows": None,  # {"topics": {topic id: [float]}, "overall": [float]}: the letter models' input
        "endorsement": None,  # {"quote", "page"}: the sentence adopting another body's statement
    }
    for name, default in doc_attributes.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("stance"):
        Span.set_extension("stance", default=None)
    if not Span.has_extension("score"):
        Span.set_extension("score", default=0.0)
    if not Span.has_extension("page"):
        Span.set_extension("page", getter=span_page)


def span_page(span: Span) -> int | None:
    """The page a span starts on, from the page offsets the batch puts on the ``Doc``."""
    starts = span.doc._.page_starts
    if not starts:
        return None
    # a sentence may begin with the blank lines between pages: its page is where its words are
    first_word = next((token.idx for token in span if not token.is_space), span.start_char)
    return bisect.bisect_right(starts, first_word)
