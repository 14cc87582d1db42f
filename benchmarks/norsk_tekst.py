"""Running bokmål text from ``data/norsk-tekst`` (Lovdata's laws and Norsk Lovtidend 2025), for counts.

The data set (see its README) holds all current Norwegian laws as Markdown and the 2025
announcements of Norsk Lovtidend, avdeling I, as Lovdata's XML/HTML. Neither is running text as
it stands, so this module reads them paragraph by paragraph and leaves out:

- the laws' YAML front matter, headings (``##### § 1. Virkeområde``), tables and emphasis marks;
- the copy of a list glued onto the end of the paragraph that introduces it ("Denne loven
  gjelder:på landterritoriet ...,i jurisdiksjonsområder ..."), as the items follow again as
  their own paragraphs: the paragraph is cut where the next paragraph's text starts inside it,
  or else at a colon glued to a letter;
- Lovtidend's document header, headings (also those of a section, «§ 1 a. Lovens formål»), tables,
  footnote marks and foreign-language passages;
- documents and paragraphs in nynorsk (told by the same marker words as the repair tells a
  nynorsk letter: the counts are for the bokmål readings) and paragraphs in the spelling of
  before 1938 ("paa", "naar", "sig"), which some old laws keep.

Only the build scripts in ``benchmarks/`` read this; the package never does. The texts are under
the NLOD 2.0 (:data:`ATTRIBUTION`), so what is derived from them carries that line.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

from lxml import html

from horingsanalyse.repair.profile import BOKMAL_MARKERS, NYNORSK_MARKERS
from horingsanalyse.repair.text import TOKEN

LAWS = Path("data/norsk-tekst/lover")
LOVTIDEND = Path("data/norsk-tekst/lovtidend-avd1-2025.tar.bz2")
ATTRIBUTION = "Contains data under the Norwegian licence for Open Government data (NLOD) distributed by Lovdata."
BLANK_LINE = re.compile(r"\n\s*\n")
WHITESPACE = re.compile(r"\s+")
EMPHASIS = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)")
GLUED_COLON = re.compile(r":(?=[^\W\d_])")
# A glued copy is found by the next paragraph's text, when that is long enough to be telling.
MIN_GLUED_CHARS = 10
# The spelling of before 1938, which some old laws keep: a paragraph with one of these is left out.
OLD_SPELLING_MARKERS = frozenset("paa naar maa faa aar af hvad sig mig dig nogen noget ogsaa".split())
# Lovtidend: blocks that are no running text, and the languages kept.
SKIPPED_TAGS = ("header", "footer", "table", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "sub", "caption", "dl")
BLOCK_TAGS = frozenset({"article", "section", "li", "ul", "ol", "p", "div", "main", "body"})
KEPT_LANGUAGES = frozenset({"nb", "no"})


def law_paragraphs(shared: Path) -> Iterator[tuple[str, list[str]]]:
    """(file name, paragraphs) of each law, markup and glued list copies removed."""
    for path in sorted((shared / LAWS).glob("LOV-*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5 :]
        blocks = [block.strip() for block in BLANK_LINE.split(text)]
        blocks = [block for block in blocks if block and not block.startswith(("#", "|"))]
        paragraphs = []
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else ""
            paragraphs.append(EMPHASIS.sub("", _without_glued_list(block, following)))
        yield path.name, paragraphs


def _without_glued_list(paragraph: str, following: str) -> str:
    """``paragraph`` without the copy of the list that follows it, glued onto its end."""
    compact, next_compact = WHITESPACE.sub("", paragraph), WHITESPACE.sub("", following)
    at = compact.find(next_compact, 1) if len(next_compact) >= MIN_GLUED_CHARS else -1
    if at > 0:
        seen = 0
        for position, char in enumerate(paragraph):
            if seen == at:
                paragraph = paragraph[:position]
                break
            seen += not char.isspace()
    glued = GLUED_COLON.search(paragraph)
    return paragraph[: glued.end()] if glued else paragraph


def lovtidend_paragraphs(shared: Path) -> Iterator[tuple[str, list[str]]]:
    """(member name, paragraphs) of each Lovtidend announcement in bokmål."""
    with tarfile.open(shared / LOVTIDEND, "r:bz2") as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            root = html.fromstring(archive.extractfile(member).read().decode("utf-8"))
            if root.get("lang") not in KEPT_LANGUAGES:
                continue
            headers = root.xpath("//span[contains(@class, 'ArticleHeader')]")
            foreign = [element for element in root.xpath("//*[@lang]") if element.get("lang") not in KEPT_LANGUAGES]
            for element in [*root.iter(*SKIPPED_TAGS), *headers, *foreign]:
                if element.getparent() is not None:  # drop_tree keeps the text after the element
                    element.drop_tree()
            for element in root.iter("br"):
                element.tail = "\n\n" + (element.tail or "")
            paragraphs = []
            for block in root.iter(*BLOCK_TAGS):
                paragraphs += [part.strip() for part in BLANK_LINE.split(_own_text(block)) if part.strip()]
            yield member.name, paragraphs


def _own_text(block) -> str:
    """The text of ``block`` and its inline elements, not that of the blocks nested in it."""
    parts = [block.text or ""]
    for child in block:
        if not isinstance(child.tag, str):  # a comment
            parts.append(child.tail or "")
            continue
        if child.tag not in BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append("\n\n" if child.tag in BLOCK_TAGS else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _marker_counts(words: list[str]) -> tuple[int, int]:
    return sum(word in NYNORSK_MARKERS for word in words), sum(word in BOKMAL_MARKERS for word in words)


def bokmal_paragraphs(shared: Path) -> Iterator[tuple[str, str]]:
    """(source, paragraph) of the running bokmål text of both sources, in a fixed order.

    A document whose nynorsk markers are at least as many as its bokmål ones is left out, and
    so is any paragraph with more nynorsk markers than bokmål ones, or in the old spelling, and
    any paragraph met before: Lovtidend's amendments quote text the laws hold too, and the laws
    repeat their formulae ("Loven trer i kraft fra den tid Kongen bestemmer.").
    """
    seen: set[str] = set()
    for source, documents in (("lover", law_paragraphs(shared)), ("lovtidend", lovtidend_paragraphs(shared))):
        for _, paragraphs in documents:
            tokens = [[word.lower() for word in TOKEN.findall(paragraph)] for paragraph in paragraphs]
            nynorsk, bokmal = _marker_counts([word for words in tokens for word in words])
            if nynorsk >= bokmal:
                continue
            for paragraph, words in zip(paragraphs, tokens):
                nynorsk, bokmal = _marker_counts(words)
                if words and nynorsk <= bokmal and OLD_SPELLING_MARKERS.isdisjoint(words) and paragraph not in seen:
                    seen.add(paragraph)
                    yield source, paragraph
