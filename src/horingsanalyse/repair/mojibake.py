"""Undo mojibake: UTF-8 text that was decoded with the wrong encoding ("hÃ¸ring" for "høring").

It is fixed before anything else, as the OCR repair reads the Norwegian letters that mojibake
hides. ftfy does the re-decoding; this module only finds the chunks and records each change.
"""

from __future__ import annotations

import re

import ftfy

from horingsanalyse.types import Repair

MOJIBAKE_CHUNK = re.compile(r"\S*[ÃÂâ][\x80-\xff\u0152-\u2122]\S*")


def fix_mojibake(text: str, *, page: int = 1) -> tuple[str, list[Repair]]:
    """Re-decode text that was decoded with the wrong encoding ("hÃ¸ring" -> "høring").

    Works chunk by chunk so that each fix is recorded with what it replaced.

    Args:
        text: the text of one page (or any text).
        page: the page number recorded in each repair.

    Returns:
        The fixed text and one ``Repair`` of kind ``"mojibake"`` per chunk changed.
    """
    repairs = []

    def fix(match: re.Match) -> str:
        before = match.group()
        after = ftfy.fix_encoding(before)
        if after != before:
            repairs.append(Repair(page, before, after, 0.99, kind="mojibake"))
        return after

    return MOJIBAKE_CHUNK.sub(fix, text), repairs
